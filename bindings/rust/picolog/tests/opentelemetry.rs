//! The tracing Layer next to tracing-opentelemetry's (feature
//! `opentelemetry`): records logged inside a span carry its trace and span
//! ids as hex, the ids the OpenTelemetry SDK's in-process tracer gave it.

mod support;

use opentelemetry::trace::{TraceContextExt, TracerProvider as _};
use opentelemetry_sdk::trace::SdkTracerProvider;
use picolog::Level;
use support::{capture_logger, global_state};
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::layer::SubscriberExt;

fn field(fields: &[(String, String)], key: &str) -> Option<String> {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
}

/// The hex ids OpenTelemetry holds for the current tracing span.
fn current_ids() -> (String, String) {
    let cx = tracing::Span::current().context();
    let span = cx.span();
    let ids = span.span_context();
    assert!(ids.is_valid());
    (
        format!("{:032x}", ids.trace_id()),
        format!("{:016x}", ids.span_id()),
    )
}

#[test]
fn records_in_a_span_carry_its_trace_and_span_ids() {
    let _global = global_state();
    let (log, capture) = capture_logger("otel_rs", Level::INFO);
    // No exporter: the SDK's tracer makes real ids, in the process only.
    let provider = SdkTracerProvider::builder().build();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("picolog-test")))
        .with(picolog::tracing::layer());
    let (outer_ids, inner_ids) = tracing::subscriber::with_default(subscriber, || {
        tracing::info!(target: "otel_rs", "outside any span");
        let outer = tracing::info_span!("request", request_id = "r-1");
        let _outer = outer.enter();
        tracing::info!(target: "otel_rs", "in the request");
        let outer_ids = current_ids();
        let inner = tracing::info_span!("query");
        let _inner = inner.enter();
        tracing::info!(target: "otel_rs", trace_id = "mine", "own field wins");
        (outer_ids, current_ids())
    });
    let seen = capture.seen();
    assert_eq!(seen.len(), 3);

    assert_eq!(field(&seen[0].fields, "trace_id"), None);
    assert_eq!(field(&seen[0].fields, "span_id"), None);

    let (trace_id, span_id) = &outer_ids;
    assert_eq!(trace_id.len(), 32);
    assert_eq!(field(&seen[1].fields, "trace_id").as_ref(), Some(trace_id));
    assert_eq!(field(&seen[1].fields, "span_id").as_ref(), Some(span_id));
    assert_eq!(field(&seen[1].fields, "request_id").as_deref(), Some("r-1"));

    // The inner span: same trace, its own span id; the event's own
    // trace_id field is kept, as any event field wins over context.
    assert_eq!(&inner_ids.0, trace_id);
    assert_ne!(&inner_ids.1, span_id);
    assert_eq!(field(&seen[2].fields, "trace_id").as_deref(), Some("mine"));
    assert_eq!(field(&seen[2].fields, "span_id"), Some(inner_ids.1));
    log.set_level(Level::NOTSET).unwrap();
}

#[test]
fn without_an_opentelemetry_layer_records_carry_no_ids() {
    let _global = global_state();
    let (log, capture) = capture_logger("otel_rs_none", Level::INFO);
    let subscriber = tracing_subscriber::registry().with(picolog::tracing::layer());
    tracing::subscriber::with_default(subscriber, || {
        let span = tracing::info_span!("request");
        let _entered = span.enter();
        tracing::info!(target: "otel_rs_none", "no tracer");
    });
    let seen = capture.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(field(&seen[0].fields, "trace_id"), None);
    assert_eq!(field(&seen[0].fields, "span_id"), None);
    log.set_level(Level::NOTSET).unwrap();
}

//! The tracing Layer as the process's global subscriber: events to records
//! (target, message, fields, location), span fields, the thread's context,
//! and level changes made through the C API, as another language makes them,
//! turning callsites on and off.
#![cfg(feature = "tracing")]

mod support;

use std::sync::Once;

use picolog::{sys, Level};
use support::{capture_logger, global_state};
use tracing_subscriber::layer::SubscriberExt;

fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let subscriber = tracing_subscriber::registry().with(picolog::tracing::layer());
        tracing::subscriber::set_global_default(subscriber).expect("the first global subscriber");
    });
}

fn fields(seen: &support::Seen) -> Vec<(&str, &str)> {
    seen.fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[test]
fn events_become_records() {
    let _global = global_state();
    init();
    let (_log, capture) = capture_logger("tl.events", Level::INFO);
    let line = line!() + 1;
    tracing::info!(target: "tl::events::db", rows = 3, table = "users", "query {} done", 7);
    tracing::warn!(target: "tl::events", flag = true);
    let seen = capture.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].logger, "tl.events.db");
    assert_eq!(seen[0].message, b"query 7 done");
    assert_eq!(seen[0].level, Level::INFO);
    assert_eq!(fields(&seen[0]), [("rows", "3"), ("table", "users")]);
    assert_eq!(seen[0].lineno, line);
    assert!(seen[0]
        .file
        .as_deref()
        .unwrap()
        .ends_with("tracing_layer.rs"));
    assert_eq!(seen[0].func.as_deref(), Some("tracing_layer"));
    assert_eq!(seen[1].level, Level::WARNING);
    assert_eq!(seen[1].message, b"");
    assert_eq!(fields(&seen[1]), [("flag", "true")]);
}

#[test]
fn span_fields_follow_the_event_fields() {
    let _global = global_state();
    init();
    let (_log, capture) = capture_logger("tl.spans", Level::INFO);
    let outer = tracing::info_span!(
        "request",
        request_id = "r-1",
        user = "ada",
        stage = tracing::field::Empty
    );
    let _outer = outer.enter();
    outer.record("stage", "parse");
    {
        let inner = tracing::info_span!("step", user = "bob", step = 2);
        let _inner = inner.enter();
        tracing::info!(target: "tl.spans", step = 9, "inner");
    }
    tracing::info!(target: "tl.spans", "outer");
    drop(_outer);
    tracing::info!(target: "tl.spans", "none");
    let seen = capture.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(
        fields(&seen[0]),
        [
            ("step", "9"),
            ("user", "bob"),
            ("request_id", "r-1"),
            ("stage", "parse")
        ]
    );
    assert_eq!(
        fields(&seen[1]),
        [("request_id", "r-1"), ("user", "ada"), ("stage", "parse")]
    );
    assert!(seen[2].fields.is_empty());
}

#[test]
fn the_threads_context_comes_after_the_spans() {
    let _global = global_state();
    init();
    let (_log, capture) = capture_logger("tl.context", Level::INFO);
    picolog::context::scope(&[("request_id", "ctx"), ("tenant", "acme")], || {
        let span = tracing::info_span!("s", request_id = "span");
        let _entered = span.enter();
        tracing::info!(target: "tl.context", "m");
    });
    let seen = capture.seen();
    assert_eq!(
        fields(&seen[0]),
        [("request_id", "span"), ("tenant", "acme")]
    );
}

#[test]
fn level_changes_from_any_language_switch_callsites() {
    let _global = global_state();
    init();
    let (log, capture) = capture_logger("tl.levels", Level::INFO);
    let debug = |n: i32| tracing::debug!(target: "tl.levels", n, "debug");
    debug(1);
    // As Python or C would: the raw C call, not the Rust wrapper.
    // SAFETY: a live logger handle and a valid level.
    assert_eq!(
        unsafe { sys::picolog_logger_set_level(log.as_ptr(), sys::PICOLOG_DEBUG) },
        0
    );
    debug(2);
    assert_eq!(
        unsafe { sys::picolog_logger_set_level(log.as_ptr(), sys::PICOLOG_INFO) },
        0
    );
    debug(3);
    let seen = capture.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(fields(&seen[0]), [("n", "2")]);
}

/// A disabled event must cost what it costs under tracing's own level
/// filter: rejected by the global max level (one load and a compare, before
/// its callsite is even looked at), which follows picolog's lowest threshold.
#[test]
fn the_global_max_level_follows_the_lowest_threshold() {
    use tracing::level_filters::LevelFilter;
    let _global = global_state();
    init();
    let (log, _capture) = capture_logger("tl.max", Level::INFO);
    assert_eq!(LevelFilter::current(), LevelFilter::INFO);
    log.set_level(Level::TRACE).unwrap();
    assert_eq!(LevelFilter::current(), LevelFilter::TRACE);
    log.set_level(Level::INFO).unwrap();
    assert_eq!(LevelFilter::current(), LevelFilter::INFO);
}

/// A callsite's first event may create its logger, below a disabled one
/// whose level is lower than every other threshold: the new logger lowers
/// the process's lowest threshold while `tracing` registers the callsite,
/// and the global max level follows it, so the logger's more verbose events
/// are not rejected before they reach it.
#[test]
fn a_logger_made_by_a_callsite_lowers_the_global_max_level() {
    use tracing::level_filters::LevelFilter;
    let _global = global_state();
    init();
    let (parent, capture) = capture_logger("tl.made", Level::TRACE);
    parent.set_disabled(true).unwrap();
    assert!(LevelFilter::current() < LevelFilter::TRACE);
    tracing::warn!(target: "tl::made::child", "first");
    assert_eq!(LevelFilter::current(), LevelFilter::TRACE);
    tracing::trace!(target: "tl::made::child", "verbose");
    let seen = capture.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].message, b"verbose");
    assert_eq!(seen[1].logger, "tl.made.child");
    parent.set_level(Level::INFO).unwrap();
    assert_eq!(LevelFilter::current(), LevelFilter::INFO);
}

#[test]
fn an_events_own_fields_named_log_dot_are_kept() {
    let _global = global_state();
    init();
    let (_log, capture) = capture_logger("tl.logdot", Level::INFO);
    tracing::event!(target: "tl.logdot", tracing::Level::INFO, log.source = "journal", "imported");
    let seen = capture.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].message, b"imported");
    assert_eq!(fields(&seen[0]), [("log.source", "journal")]);
}

#[test]
fn two_layers_in_one_subscriber_share_a_spans_fields() {
    let _global = global_state();
    let (_log, capture) = capture_logger("tl.twice", Level::INFO);
    let subscriber = tracing_subscriber::registry()
        .with(picolog::tracing::layer())
        .with(picolog::tracing::layer());
    tracing::subscriber::with_default(subscriber, || {
        let span =
            tracing::info_span!("request", request_id = "r-2", stage = tracing::field::Empty);
        let _entered = span.enter();
        span.record("stage", "parse");
        tracing::info!(target: "tl.twice", "handled");
    });
    // Each Layer logs the event once, with the span's fields.
    let seen = capture.seen();
    assert_eq!(seen.len(), 2);
    for record in &seen {
        assert_eq!(fields(record), [("request_id", "r-2"), ("stage", "parse")]);
    }
}

//! OpenTelemetry ids on the tracing Layer's records (feature
//! `opentelemetry`): when a tracing-opentelemetry layer in the same
//! subscriber tracks the event's span, the record gets `trace_id` (32 hex
//! digits) and `span_id` (16), named and written as the Python binding
//! writes them.

use std::fmt;
use std::sync::OnceLock;

use ::opentelemetry::trace::{SpanId, TraceContextExt, TraceId};
use ::tracing::dispatcher::WeakDispatch;
use ::tracing::span::Id;
use ::tracing::Dispatch;

/// The subscriber the Layer is part of, which tracing-opentelemetry asks
/// for a span's context. Kept weak: the subscriber owns the Layer.
#[derive(Debug, Default)]
pub(crate) struct OtelIds {
    dispatch: OnceLock<WeakDispatch>,
}

impl OtelIds {
    /// Remembers the subscriber when it is built into a `Dispatch`.
    pub(crate) fn register(&self, dispatch: &Dispatch) {
        let _ = self.dispatch.set(dispatch.downgrade());
    }

    /// The trace and span id of span `id`, when an OpenTelemetry layer gave
    /// it a valid context. Must not run while the span's extensions are
    /// borrowed: tracing-opentelemetry locks them.
    pub(crate) fn of(&self, id: &Id) -> Option<(TraceId, SpanId)> {
        let dispatch = self.dispatch.get()?.upgrade()?;
        let cx = tracing_opentelemetry::get_otel_context(id, &dispatch)?;
        let span = cx.span();
        let ids = span.span_context();
        ids.is_valid().then(|| (ids.trace_id(), ids.span_id()))
    }
}

/// An id written as lower-case hex of its full width.
pub(crate) struct Hex<T>(pub(crate) T);

impl fmt::Display for Hex<TraceId> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

impl fmt::Display for Hex<SpanId> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

//! A `tracing` Layer (feature `tracing`): events become picolog records, and
//! picolog's levels decide which events `tracing` even looks at.
//!
//! ```
//! use tracing_subscriber::layer::SubscriberExt;
//! let subscriber = tracing_subscriber::registry().with(picolog::tracing::layer());
//! tracing::subscriber::with_default(subscriber, || {
//!     let span = tracing::info_span!("request", request_id = "r-7");
//!     let _entered = span.enter();
//!     tracing::info!(target: "app::db", rows = 3, "query done");
//!     // logger "app.db", message "query done", fields rows=3 request_id=r-7
//! });
//! ```
//!
//! - The target names the logger as for the `log` backend (`a::b` -> `a.b`).
//!   A `log` record passed on by tracing-log's `LogTracer` (which
//!   tracing-subscriber's `init()` installs) logs under its own target and
//!   location, not under the `log` target of tracing-log's callsites. As
//!   `init()` sets `log::max_level` only once, a lowered picolog level
//!   raises it.
//! - The event's fields become structured fields (`message` is the
//!   message), then the fields of the spans it is in, innermost first, then
//!   the thread's context: the first value of a key wins.
//! - File, line and module path (as `funcName`) come from the callsite.
//! - The Layer filters like `EnvFilter` does, by picolog's thresholds: an
//!   event below its logger's level is disabled at its callsite, and a level
//!   change made from any language rebuilds `tracing`'s interest cache, so a
//!   disabled event costs what `tracing`'s own filters make it cost. Next to
//!   other layers (an `EnvFilter`, a formatter) an event must pass them all.

use std::cell::{Cell, RefCell};
use std::fmt::{self, Write as _};
use std::os::raw::c_void;
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Once;

use ::tracing::field::{Field, Visit};
use ::tracing::level_filters::LevelFilter;
use ::tracing::span::{Attributes, Id, Record};
use ::tracing::subscriber::Interest;
use ::tracing::{Event, Metadata, Subscriber};
use ::tracing_subscriber::layer::{Context, Layer};
use ::tracing_subscriber::registry::LookupSpan;
use picolog_sys as sys;
use tracing_log::NormalizeEvent;

use crate::callsite::logger_for;
use crate::ffi::guard;
use crate::level::Level;
use crate::record_info::RecordInfo;

/// The Layer; see the module documentation.
#[derive(Debug)]
pub struct PicologLayer {
    #[cfg(feature = "opentelemetry")]
    otel: crate::otel::OtelIds,
    _private: (),
}

/// The Layer that sends `tracing` events to picolog. The first call hooks
/// `tracing`'s interest cache to picolog's level changes.
pub fn layer() -> PicologLayer {
    static LISTENER: Once = Once::new();
    LISTENER.call_once(|| {
        // SAFETY: the listener is a plain function taking no userdata. If it
        // cannot be added (out of memory), levels still apply to callsites
        // registered from then on.
        let _ = unsafe { sys::picolog_add_level_listener(Some(levels_changed), ptr::null_mut()) };
    });
    PicologLayer {
        #[cfg(feature = "opentelemetry")]
        otel: crate::otel::OtelIds::default(),
        _private: (),
    }
}

thread_local! {
    /// Set while this thread asks picolog about a callsite: looking its
    /// logger up may create it, which notifies the level listeners while
    /// `tracing` holds the lock that a rebuild takes. A new logger changes
    /// no existing threshold; it can only lower the lowest one (see
    /// REBUILD_PENDING).
    static REGISTERING: Cell<bool> = const { Cell::new(false) };
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Set when a registration made a logger whose threshold is below every
/// other one (under a disabled logger): the global max level `tracing`
/// keeps is then too strict, and the next event rebuilds it, outside the
/// registration.
static REBUILD_PENDING: AtomicBool = AtomicBool::new(false);

unsafe extern "C" fn levels_changed(_userdata: *mut c_void) {
    guard((), || {
        if REGISTERING.try_with(Cell::get).unwrap_or(true) {
            // SAFETY: no arguments.
            if unsafe { sys::picolog_min_threshold() } < MAX_LEVEL_THRESHOLD.load(Ordering::Relaxed)
            {
                REBUILD_PENDING.store(true, Ordering::Relaxed);
            }
        } else {
            follow_levels();
        }
    });
}

/// After a level change: `tracing`'s interest cache, and the `log` macros'
/// global gate.
fn follow_levels() {
    ::tracing::callsite::rebuild_interest_cache();
    raise_log_max_level();
}

/// tracing-subscriber's `init()` installs tracing-log's `LogTracer` with
/// `log::max_level` set once, from the levels of that moment: once a
/// picolog level is lowered, the `log` macros would drop the records the
/// Layer now wants before LogTracer could pass them on. Only raised, never
/// lowered: any other `log` logger (env_logger, picolog's own backend) set
/// the gate for itself and filters its records anyway.
fn raise_log_max_level() {
    // SAFETY: no arguments.
    let wanted = crate::log_backend::max_level_for(unsafe { sys::picolog_min_threshold() });
    if log::max_level() < wanted {
        log::set_max_level(wanted);
    }
}

fn level_of(level: &::tracing::Level) -> Level {
    match *level {
        ::tracing::Level::TRACE => Level::TRACE,
        ::tracing::Level::DEBUG => Level::DEBUG,
        ::tracing::Level::INFO => Level::INFO,
        ::tracing::Level::WARN => Level::WARNING,
        _ => Level::ERROR,
    }
}

/// The lowest threshold the last max_level() saw.
static MAX_LEVEL_THRESHOLD: AtomicI32 = AtomicI32::new(i32::MIN);

/// The most verbose `tracing` level some picolog logger still processes.
fn max_level() -> LevelFilter {
    // SAFETY: no arguments.
    let threshold = unsafe { sys::picolog_min_threshold() };
    MAX_LEVEL_THRESHOLD.store(threshold, Ordering::Relaxed);
    [
        ::tracing::Level::TRACE,
        ::tracing::Level::DEBUG,
        ::tracing::Level::INFO,
        ::tracing::Level::WARN,
        ::tracing::Level::ERROR,
    ]
    .into_iter()
    .find(|l| level_of(l).value() >= threshold)
    .map_or(LevelFilter::OFF, LevelFilter::from_level)
}

fn event_enabled(meta: &Metadata<'_>) -> bool {
    logger_for(meta.target()).is_some_and(|l| l.is_enabled_for(level_of(meta.level())))
}

/// A span's fields as text, kept in the span's extensions.
#[derive(Default)]
struct SpanFields(Vec<(&'static str, String)>);

impl Visit for SpanFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.set(field.name(), format_args!("{value}"));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.set(field.name(), format_args!("{value:?}"));
    }
}

impl SpanFields {
    fn set(&mut self, key: &'static str, value: fmt::Arguments<'_>) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => {
                v.clear();
                let _ = v.write_fmt(value);
            }
            None => self.0.push((key, value.to_string())),
        }
    }
}

/// Reused buffers for one thread's events.
#[derive(Default)]
struct Scratch {
    message: String,
    info: RecordInfo,
    keys: Vec<&'static str>,
}

/// Writes an event's fields into the scratch buffers.
struct EventFields<'a> {
    scratch: &'a mut Scratch,
    /// Whether the event is a `log` record tracing-log passed on: its log.*
    /// fields are then tracing-log's copy of the record's metadata. An
    /// event of `tracing`'s own keeps fields of those names.
    from_log: bool,
}

impl EventFields<'_> {
    fn field(&mut self, field: &Field, value: &dyn fmt::Display) {
        let name = field.name();
        if name == "message" {
            let _ = write!(self.scratch.message, "{value}");
        } else if !(self.from_log && name.starts_with("log.")) {
            self.scratch.info.push_field(name, value);
            self.scratch.keys.push(name);
        }
    }
}

struct DebugAsDisplay<'a>(&'a dyn fmt::Debug);

impl fmt::Display for DebugAsDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Visit for EventFields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.field(field, &value);
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.field(field, &DebugAsDisplay(value));
    }
}

fn emit<S>(layer: &PicologLayer, event: &Event<'_>, ctx: &Context<'_, S>, scratch: &mut Scratch)
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    // tracing-log's events carry its callsites' metadata (target "log", no
    // location); the record's own is in their log.* fields.
    let normalized = event.normalized_metadata();
    let meta = normalized.as_ref().unwrap_or_else(|| event.metadata());
    let level = level_of(meta.level());
    let Some(logger) = logger_for(meta.target()) else {
        return;
    };
    if !logger.is_enabled_for(level) {
        return;
    }
    scratch.message.clear();
    scratch.keys.clear();
    scratch.info.clear();
    scratch
        .info
        .set_location(meta.file(), meta.line(), meta.module_path());
    event.record(&mut EventFields {
        scratch,
        from_log: normalized.is_some(),
    });
    if let Some(spans) = ctx.event_scope(event) {
        for span in spans {
            let extensions = span.extensions();
            let Some(fields) = extensions.get::<SpanFields>() else {
                continue;
            };
            for (key, value) in &fields.0 {
                if !scratch.keys.contains(key) {
                    scratch.info.push_field(key, value);
                    scratch.keys.push(key);
                }
            }
        }
    }
    #[cfg(feature = "opentelemetry")]
    push_otel_ids(layer, event, ctx, scratch);
    #[cfg(not(feature = "opentelemetry"))]
    let _ = layer;
    // A queue's drop is counted in its stats; a Layer has no way to say so.
    let _ = logger.log_with(level, scratch.message.as_bytes(), &scratch.info);
}

/// `trace_id` and `span_id` of the event's span, after the event's and the
/// spans' own fields (a field of that name set there wins).
#[cfg(feature = "opentelemetry")]
fn push_otel_ids<S>(
    layer: &PicologLayer,
    event: &Event<'_>,
    ctx: &Context<'_, S>,
    scratch: &mut Scratch,
) where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    use crate::otel::Hex;
    let Some(id) = ctx.event_span(event).map(|span| span.id()) else {
        return;
    };
    let Some((trace_id, span_id)) = layer.otel.of(&id) else {
        return;
    };
    if !scratch.keys.contains(&"trace_id") {
        scratch.info.push_field("trace_id", &Hex(trace_id));
    }
    if !scratch.keys.contains(&"span_id") {
        scratch.info.push_field("span_id", &Hex(span_id));
    }
}

impl<S> Layer<S> for PicologLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    #[cfg(feature = "opentelemetry")]
    fn on_register_dispatch(&self, subscriber: &::tracing::Dispatch) {
        self.otel.register(subscriber);
    }

    fn register_callsite(&self, meta: &'static Metadata<'static>) -> Interest {
        if meta.is_span() {
            return Interest::always();
        }
        let was = REGISTERING.with(|r| r.replace(true));
        let on = event_enabled(meta);
        REGISTERING.with(|r| r.set(was));
        if on {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, meta: &Metadata<'_>, _ctx: Context<'_, S>) -> bool {
        meta.is_span() || event_enabled(meta)
    }

    fn max_level_hint(&self) -> Option<LevelFilter> {
        Some(max_level())
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else {
            return;
        };
        let mut extensions = span.extensions_mut();
        // Another picolog Layer of the same subscriber (one per filter, say)
        // has recorded the same fields already; inserting twice panics.
        if extensions.get_mut::<SpanFields>().is_some() {
            return;
        }
        let mut fields = SpanFields::default();
        attrs.record(&mut fields);
        extensions.insert(fields);
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else {
            return;
        };
        let mut extensions = span.extensions_mut();
        if let Some(fields) = extensions.get_mut::<SpanFields>() {
            values.record(fields);
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if REBUILD_PENDING.load(Ordering::Relaxed) && REBUILD_PENDING.swap(false, Ordering::Relaxed)
        {
            follow_levels();
        }
        // An event logged from inside a handler (re-entrant) gets fresh
        // buffers instead of the ones in use.
        let reused = SCRATCH.try_with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                emit(self, event, &ctx, &mut scratch);
                true
            }
            Err(_) => false,
        });
        if reused != Ok(true) {
            emit(self, event, &ctx, &mut Scratch::default());
        }
    }
}

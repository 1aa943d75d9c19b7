//! Handler: an owned, reference-counted handle on a runtime handler, and
//! handlers written as Rust closures.

use std::os::raw::{c_char, c_int, c_void};
use std::ptr::{self, NonNull};
use std::slice;

use picolog_sys as sys;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi::{drop_boxed, guard, guard_or_skip};
use crate::filter::Filter;
use crate::formatter::Formatter;
use crate::level::Level;
use crate::record::RecordView;

/// One reference to a handler. Clones share the handler; the last reference
/// (loggers and queues hold their own) flushes, closes and frees it.
///
/// Handlers come from [`FileHandler`](crate::FileHandler),
/// [`StreamHandler`](crate::StreamHandler), [`NullHandler`](crate::NullHandler),
/// [`QueueHandler`](crate::QueueHandler) or [`Handler::from_fn`].
#[derive(PartialEq, Eq)]
pub struct Handler {
    raw: NonNull<sys::picolog_handler>,
}

// SAFETY: every handler has its own lock; all its functions may be called
// from any thread.
unsafe impl Send for Handler {}
unsafe impl Sync for Handler {}

/// What a handler closure returns: `()` for "written", or a `Result` whose
/// `Err` counts as a failure (reported through the error hook).
pub trait EmitOutcome {
    /// Whether the closure reported a failure.
    fn failed(self) -> bool;
}

impl EmitOutcome for () {
    fn failed(self) -> bool {
        false
    }
}

impl<E> EmitOutcome for std::result::Result<(), E> {
    fn failed(self) -> bool {
        self.is_err()
    }
}

struct Callbacks<E, F> {
    emit: E,
    flush: F,
}

impl Handler {
    /// Takes over one reference returned by the C API; None for NULL.
    ///
    /// # Safety
    /// `raw` is NULL or a handler reference the caller owns and gives up.
    pub unsafe fn from_owned(raw: *mut sys::picolog_handler) -> Option<Handler> {
        NonNull::new(raw).map(|raw| Handler { raw })
    }

    /// A new reference to a handler another language holds; None for NULL.
    ///
    /// # Safety
    /// `raw` is NULL or a live handler.
    pub unsafe fn from_borrowed(raw: *mut sys::picolog_handler) -> Option<Handler> {
        let handler = NonNull::new(raw)?;
        sys::picolog_handler_retain(handler.as_ptr());
        Some(Handler { raw: handler })
    }

    pub(crate) fn owned(raw: *mut sys::picolog_handler) -> Result<Handler> {
        // SAFETY: called right after a constructor gave us the reference.
        unsafe { Handler::from_owned(raw) }
            .ok_or_else(|| Error::new(ErrorKind::Internal, "the runtime gave no handler"))
    }

    /// A handler whose output is a closure. `emit` gets the record and the
    /// line formatted by the handler's formatter (no trailing newline; invalid
    /// UTF-8 replaced). It runs under the handler's lock, on the logging
    /// thread or a queue's listener thread. Returning `Err` or panicking counts
    /// a failure, reported through the error hook; a panic never reaches C.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// let lines = Arc::new(Mutex::new(Vec::new()));
    /// let sink = lines.clone();
    /// let handler = picolog::Handler::from_fn(move |_record, line| {
    ///     sink.lock().unwrap().push(line.to_owned());
    /// }).unwrap();
    /// let log = picolog::get_logger("doc.from_fn").unwrap();
    /// log.add_handler(&handler).unwrap();
    /// log.warning("disk almost full");
    /// assert_eq!(*lines.lock().unwrap(), ["disk almost full"]);
    /// ```
    pub fn from_fn<E, R>(emit: E) -> Result<Handler>
    where
        E: Fn(&RecordView<'_>, &str) -> R + Send + Sync + 'static,
        R: EmitOutcome,
    {
        Handler::from_fns(emit, || ())
    }

    /// Same as [`Handler::from_fn`], with `flush` called by
    /// [`Handler::flush`], [`flush_all`](crate::flush_all) and at exit.
    pub fn from_fns<E, R, F, S>(emit: E, flush: F) -> Result<Handler>
    where
        E: Fn(&RecordView<'_>, &str) -> R + Send + Sync + 'static,
        R: EmitOutcome,
        F: Fn() -> S + Send + Sync + 'static,
        S: EmitOutcome,
    {
        type Both<E, F> = Callbacks<E, F>;
        let userdata = Box::into_raw(Box::new(Callbacks { emit, flush })).cast::<c_void>();
        let options = sys::picolog_callback_handler_options {
            version: sys::PICOLOG_CALLBACK_HANDLER_OPTIONS_VERSION as u32,
            emit: Some(emit_record::<E, R, F>),
            flush: Some(flush_output::<E, F, S>),
            destroy: Some(drop_boxed::<Both<E, F>>),
            userdata,
        };
        let mut out = ptr::null_mut();
        // SAFETY: the callbacks match the boxed type; the runtime frees the
        // box through drop_boxed once the handler's last reference goes.
        let status = unsafe { sys::picolog_callback_handler_new(&mut out, &options) };
        if status < 0 {
            // SAFETY: the runtime did not take the userdata.
            drop(unsafe { Box::from_raw(userdata.cast::<Both<E, F>>()) });
        }
        check(status)?;
        Handler::owned(out)
    }

    /// The C handle, borrowed.
    pub fn as_ptr(&self) -> *mut sys::picolog_handler {
        self.raw.as_ptr()
    }

    /// Records below this level are ignored (default NOTSET: everything).
    pub fn set_level(&self, level: Level) -> Result<()> {
        // SAFETY (every method): self holds a reference to a live handler.
        check(unsafe { sys::picolog_handler_set_level(self.as_ptr(), level.value()) }).map(drop)
    }

    /// The handler's level.
    pub fn level(&self) -> Level {
        Level::from_raw(unsafe { sys::picolog_handler_level(self.as_ptr()) })
    }

    /// Formats with `formatter` (the handler takes its own reference).
    pub fn set_formatter(&self, formatter: &Formatter) -> Result<()> {
        check(unsafe { sys::picolog_handler_set_formatter(self.as_ptr(), formatter.as_ptr()) })
            .map(drop)
    }

    /// Back to the default formatter, `%(message)s`.
    pub fn reset_formatter(&self) -> Result<()> {
        check(unsafe { sys::picolog_handler_set_formatter(self.as_ptr(), ptr::null_mut()) })
            .map(drop)
    }

    /// Adds a filter run on the logging thread before the handler's lock
    /// (the handler takes its own reference).
    pub fn add_filter(&self, filter: &Filter) -> Result<()> {
        check(unsafe { sys::picolog_handler_add_filter(self.as_ptr(), filter.as_ptr()) }).map(drop)
    }

    /// Removes a filter; [`ErrorKind::NotFound`] if it was not added.
    pub fn remove_filter(&self, filter: &Filter) -> Result<()> {
        check(unsafe { sys::picolog_handler_remove_filter(self.as_ptr(), filter.as_ptr()) })
            .map(drop)
    }

    /// Writes out anything buffered; for a queue, waits until every record
    /// enqueued before the call is written and flushed.
    pub fn flush(&self) -> Result<()> {
        check(unsafe { sys::picolog_handler_flush(self.as_ptr()) }).map(drop)
    }

    /// Flushes and closes; records reaching a closed handler are ignored.
    /// For a queue, drains it and joins the listener. Idempotent.
    pub fn close(&self) -> Result<()> {
        check(unsafe { sys::picolog_handler_close(self.as_ptr()) }).map(drop)
    }

    /// Passes a record received in a callback to this handler, as Python's
    /// `Handler.handle(record)`.
    pub fn handle(&self, record: &RecordView<'_>) -> Result<()> {
        check(unsafe { sys::picolog_handler_handle(self.as_ptr(), record.as_ptr()) }).map(drop)
    }

    /// How many writes or callbacks of this handler failed.
    pub fn failures(&self) -> Result<u64> {
        let mut out = 0;
        check(unsafe { sys::picolog_handler_failures(self.as_ptr(), &mut out) })?;
        Ok(out)
    }

    /// Whether this is a queue handler.
    pub fn is_queue(&self) -> bool {
        unsafe { sys::picolog_handler_is_queue(self.as_ptr()) > 0 }
    }
}

unsafe extern "C" fn emit_record<E, R, F>(
    record: *const sys::picolog_record,
    line: *const c_char,
    line_len: usize,
    userdata: *mut c_void,
) -> c_int
where
    E: Fn(&RecordView<'_>, &str) -> R,
    R: EmitOutcome,
{
    guard(-1, || {
        // SAFETY: userdata is the boxed Callbacks, alive until destroy; the
        // record and line_len bytes at line are live during this call.
        let callbacks = unsafe { &*userdata.cast::<Callbacks<E, F>>() };
        let Some(view) = (unsafe { RecordView::from_raw(record) }) else {
            return -1;
        };
        let bytes: &[u8] = if line.is_null() {
            &[]
        } else {
            unsafe { slice::from_raw_parts(line.cast(), line_len) }
        };
        let line = String::from_utf8_lossy(bytes);
        -c_int::from((callbacks.emit)(&view, &line).failed())
    })
}

unsafe extern "C" fn flush_output<E, F, S>(userdata: *mut c_void) -> c_int
where
    F: Fn() -> S,
    S: EmitOutcome,
{
    // Skipped under the panic hook: the handler has not failed, and the
    // records it was given were all emitted.
    guard_or_skip(0, -1, || {
        // SAFETY: userdata is the boxed Callbacks, alive until destroy.
        let callbacks = unsafe { &*userdata.cast::<Callbacks<E, F>>() };
        -c_int::from((callbacks.flush)().failed())
    })
}

impl Clone for Handler {
    fn clone(&self) -> Handler {
        // SAFETY: self holds a reference, so the handler is live.
        unsafe { sys::picolog_handler_retain(self.as_ptr()) };
        Handler { raw: self.raw }
    }
}

impl Drop for Handler {
    fn drop(&mut self) {
        // SAFETY: self holds one reference.
        unsafe { sys::picolog_handler_release(self.as_ptr()) }
    }
}

impl std::fmt::Debug for Handler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handler")
            .field("level", &self.level())
            .field("is_queue", &self.is_queue())
            .finish()
    }
}

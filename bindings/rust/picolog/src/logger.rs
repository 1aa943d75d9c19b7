//! Logger: a handle on one of the runtime's named loggers. Loggers are never
//! freed, so the handle is a plain `Copy` value valid in every thread.

use std::borrow::Cow;
use std::fmt;
use std::os::raw::c_char;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicI32, Ordering};

use picolog_sys as sys;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi::text;
use crate::filter::Filter;
use crate::handler::Handler;
use crate::level::Level;
use crate::record_info::RecordInfo;

/// A named logger of the process-wide runtime, shared with C and Python.
///
/// ```
/// use picolog::Level;
/// let app = picolog::get_logger("doc_app").unwrap();
/// let db = picolog::get_logger("doc_app.db").unwrap();
/// app.set_level(Level::DEBUG).unwrap();
/// assert!(db.is_enabled_for(Level::DEBUG));
/// assert_eq!(db.name(), "doc_app.db");
/// assert_eq!(db.parent(), Some(app));
/// ```
#[derive(Clone, Copy)]
pub struct Logger {
    raw: NonNull<sys::picolog_logger>,
    /// The runtime's enabled threshold for this logger: a record at level L
    /// is processed iff L >= threshold.
    threshold: &'static AtomicI32,
}

// SAFETY: the runtime's loggers are thread-safe (every C function may be
// called from any thread) and never freed.
unsafe impl Send for Logger {}
unsafe impl Sync for Logger {}

/// The logger with this dotted name, created on first use with its parents
/// linked as in Python's logging. "" is the root logger.
pub fn get_logger(name: &str) -> Result<Logger> {
    if name.as_bytes().contains(&0) {
        return Err(Error::new(
            ErrorKind::InvalidArgument,
            "logger name contains a NUL byte",
        ));
    }
    let mut out = ptr::null_mut();
    // SAFETY: name points to name.len() readable bytes; out is a valid out
    // pointer.
    check(unsafe {
        sys::picolog_get_logger_len(&mut out, name.as_ptr().cast::<c_char>(), name.len())
    })?;
    // SAFETY: the C API returned out.
    unsafe { Logger::from_raw(out) }
        .ok_or_else(|| Error::new(ErrorKind::Internal, "picolog_get_logger_len gave no logger"))
}

/// The root logger (level WARNING until changed).
pub fn root() -> Logger {
    // SAFETY: the C API returns the root logger, never NULL.
    unsafe { Logger::from_raw(sys::picolog_root_logger()) }.expect("the root logger exists")
}

fn flag(value: bool) -> i32 {
    i32::from(value)
}

impl Logger {
    /// Wraps a logger pointer from the C API (as another language would pass
    /// it); None for NULL.
    ///
    /// # Safety
    /// `raw` is NULL or a logger the C API returned.
    pub unsafe fn from_raw(raw: *mut sys::picolog_logger) -> Option<Logger> {
        let raw = NonNull::new(raw)?;
        // SAFETY: raw is a live logger; its threshold pointer is non-NULL,
        // naturally aligned, updated atomically by the runtime and valid for
        // the rest of the process, which is what a &'static AtomicI32 needs.
        let threshold = unsafe {
            let p = sys::picolog_logger_threshold_ptr(raw.as_ptr());
            AtomicI32::from_ptr(p.cast_mut())
        };
        Some(Logger { raw, threshold })
    }

    /// The C handle, for passing to `picolog_sys` or another language.
    pub fn as_ptr(self) -> *mut sys::picolog_logger {
        self.raw.as_ptr()
    }

    /// The full dotted name ("root" for the root).
    pub fn name(self) -> Cow<'static, str> {
        // SAFETY: logger names are valid until the process exits.
        unsafe { text(sys::picolog_logger_name(self.as_ptr())) }
    }

    /// The parent logger; None for the root.
    pub fn parent(self) -> Option<Logger> {
        // SAFETY: self is a live logger; the C API returns its parent or NULL.
        unsafe { Logger::from_raw(sys::picolog_logger_parent(self.as_ptr())) }
    }

    /// Sets the own level; [`Level::NOTSET`] inherits the parent's.
    pub fn set_level(self, level: Level) -> Result<()> {
        // SAFETY: self is a live logger.
        check(unsafe { sys::picolog_logger_set_level(self.as_ptr(), level.value()) }).map(drop)
    }

    /// The own level (NOTSET when inherited).
    pub fn level(self) -> Level {
        // SAFETY: self is a live logger.
        Level::from_raw(unsafe { sys::picolog_logger_level(self.as_ptr()) })
    }

    /// The first own level that is not NOTSET on the way to the root.
    pub fn effective_level(self) -> Level {
        // SAFETY: self is a live logger.
        Level::from_raw(unsafe { sys::picolog_logger_effective_level(self.as_ptr()) })
    }

    /// Whether a record at `level` would be processed: one atomic load, no
    /// call into the runtime.
    #[inline]
    pub fn is_enabled_for(self, level: Level) -> bool {
        level.value() >= self.threshold.load(Ordering::Relaxed)
    }

    /// Whether records also go to the parent's handlers (default true).
    pub fn set_propagate(self, propagate: bool) -> Result<()> {
        // SAFETY: self is a live logger.
        check(unsafe { sys::picolog_logger_set_propagate(self.as_ptr(), flag(propagate)) })
            .map(drop)
    }

    /// Whether records also go to the parent's handlers.
    pub fn propagate(self) -> bool {
        // SAFETY: self is a live logger.
        unsafe { sys::picolog_logger_propagate(self.as_ptr()) > 0 }
    }

    /// A disabled logger drops every record (default false).
    pub fn set_disabled(self, disabled: bool) -> Result<()> {
        // SAFETY: self is a live logger.
        check(unsafe { sys::picolog_logger_set_disabled(self.as_ptr(), flag(disabled)) }).map(drop)
    }

    /// Whether the logger drops every record.
    pub fn disabled(self) -> bool {
        // SAFETY: self is a live logger.
        unsafe { sys::picolog_logger_disabled(self.as_ptr()) > 0 }
    }

    /// Attaches a handler (the logger takes its own reference); attaching
    /// one twice does nothing.
    pub fn add_handler(self, handler: &Handler) -> Result<()> {
        // SAFETY: both handles are live.
        check(unsafe { sys::picolog_logger_add_handler(self.as_ptr(), handler.as_ptr()) }).map(drop)
    }

    /// Detaches a handler; [`ErrorKind::NotFound`] if it was not attached.
    pub fn remove_handler(self, handler: &Handler) -> Result<()> {
        // SAFETY: both handles are live.
        check(unsafe { sys::picolog_logger_remove_handler(self.as_ptr(), handler.as_ptr()) })
            .map(drop)
    }

    /// Detaches every handler.
    pub fn clear_handlers(self) -> Result<()> {
        // SAFETY: self is a live logger.
        check(unsafe { sys::picolog_logger_clear_handlers(self.as_ptr()) }).map(drop)
    }

    /// The attached handlers, whichever language attached them.
    pub fn handlers(self) -> Result<Vec<Handler>> {
        loop {
            // SAFETY: a zero capacity with a NULL array only counts.
            let count =
                check(unsafe { sys::picolog_logger_handlers(self.as_ptr(), ptr::null_mut(), 0) })?;
            let mut out = vec![ptr::null_mut(); count as usize];
            // SAFETY: out has room for out.len() handles.
            let total = check(unsafe {
                sys::picolog_logger_handlers(self.as_ptr(), out.as_mut_ptr(), out.len())
            })?;
            let copied = (total as usize).min(out.len());
            // SAFETY: the first `copied` entries are owned references.
            let handlers: Vec<Handler> = out[..copied]
                .iter()
                .filter_map(|&h| unsafe { Handler::from_owned(h) })
                .collect();
            if total as usize == copied {
                return Ok(handlers);
            }
            // Another thread attached a handler between the two calls.
        }
    }

    /// Whether this logger or an ancestor reached through propagate has a
    /// handler.
    pub fn has_handlers(self) -> bool {
        // SAFETY: self is a live logger.
        unsafe { sys::picolog_logger_has_handlers(self.as_ptr()) > 0 }
    }

    /// Adds a filter run before the logger's handlers (the logger takes its
    /// own reference).
    pub fn add_filter(self, filter: &Filter) -> Result<()> {
        // SAFETY: both handles are live.
        check(unsafe { sys::picolog_logger_add_filter(self.as_ptr(), filter.as_ptr()) }).map(drop)
    }

    /// Removes a filter; [`ErrorKind::NotFound`] if it was not added.
    pub fn remove_filter(self, filter: &Filter) -> Result<()> {
        // SAFETY: both handles are live.
        check(unsafe { sys::picolog_logger_remove_filter(self.as_ptr(), filter.as_ptr()) })
            .map(drop)
    }

    /// Logs a message (`&str`, `String`, `&[u8]`...) at `level`. The message
    /// is not interpreted and may hold any bytes. Fails only when a queue
    /// handler had to drop the record ([`ErrorKind::TimedOut`],
    /// [`ErrorKind::Dropped`]; also counted in its stats).
    #[inline]
    pub fn log(self, level: Level, message: impl AsRef<[u8]>) -> Result<()> {
        if !self.is_enabled_for(level) {
            return Ok(());
        }
        let message = message.as_ref();
        // SAFETY: message points to message.len() readable bytes.
        check(unsafe {
            sys::picolog_log_len(
                self.as_ptr(),
                level.value(),
                message.as_ptr().cast(),
                message.len(),
            )
        })
        .map(drop)
    }

    /// Logs with source location, exception text, fields or overrides.
    pub fn log_with(
        self,
        level: Level,
        message: impl AsRef<[u8]>,
        info: &RecordInfo,
    ) -> Result<()> {
        if !self.is_enabled_for(level) {
            return Ok(());
        }
        let message = message.as_ref();
        // SAFETY: message and every pointer in the info stay valid during the
        // call.
        let status = info.with_raw(|raw| unsafe {
            sys::picolog_log_ex(
                self.as_ptr(),
                level.value(),
                message.as_ptr().cast(),
                message.len(),
                raw,
            )
        })?;
        check(status).map(drop)
    }

    /// Logs at TRACE; a queue's drop is counted in its stats, not returned.
    pub fn trace(self, message: impl AsRef<[u8]>) {
        let _ = self.log(Level::TRACE, message);
    }

    /// Logs at DEBUG; a queue's drop is counted in its stats, not returned.
    pub fn debug(self, message: impl AsRef<[u8]>) {
        let _ = self.log(Level::DEBUG, message);
    }

    /// Logs at INFO; a queue's drop is counted in its stats, not returned.
    pub fn info(self, message: impl AsRef<[u8]>) {
        let _ = self.log(Level::INFO, message);
    }

    /// Logs at WARNING; a queue's drop is counted in its stats, not returned.
    pub fn warning(self, message: impl AsRef<[u8]>) {
        let _ = self.log(Level::WARNING, message);
    }

    /// Logs at ERROR; a queue's drop is counted in its stats, not returned.
    pub fn error(self, message: impl AsRef<[u8]>) {
        let _ = self.log(Level::ERROR, message);
    }

    /// Logs at CRITICAL; a queue's drop is counted in its stats, not returned.
    pub fn critical(self, message: impl AsRef<[u8]>) {
        let _ = self.log(Level::CRITICAL, message);
    }
}

impl PartialEq for Logger {
    fn eq(&self, other: &Logger) -> bool {
        self.raw == other.raw
    }
}

impl Eq for Logger {}

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Logger").field(&self.name()).finish()
    }
}

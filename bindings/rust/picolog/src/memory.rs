//! Builders of the handlers that hold records back: [`MemoryHandler`]
//! (Python's `logging.handlers.MemoryHandler`) and [`BacktraceHandler`], a
//! ring of recent low-level records written only before a severe one.

use std::ffi::CString;
use std::ptr;

use picolog_sys as sys;

use crate::defaults;
use crate::error::{check, Error, ErrorKind, Result};
use crate::handler::Handler;
use crate::level::Level;

fn target_ptr(target: Option<&Handler>) -> *mut sys::picolog_handler {
    target.map_or(ptr::null_mut(), Handler::as_ptr)
}

/// Buffers copies of records and passes them all, in order, to a target
/// handler when it holds `capacity` of them or when one at or above
/// `flush_level` arrives (and on [`Handler::flush`], and on close unless
/// `flush_on_close(false)`). The target's level and filters apply.
///
/// ```
/// let target = picolog::NullHandler::new().unwrap();
/// let memory = picolog::MemoryHandler::builder(100)
///     .flush_level(picolog::Level::WARNING)
///     .target(&target)
///     .build()
///     .unwrap();
/// picolog::get_logger("doc.memory").unwrap().add_handler(&memory).unwrap();
/// ```
pub struct MemoryHandler;

impl MemoryHandler {
    /// Options for a buffer of `capacity` records, flushed at ERROR, with no
    /// target yet.
    pub fn builder(capacity: usize) -> MemoryHandlerBuilder<'static> {
        MemoryHandlerBuilder {
            capacity,
            flush_level: None,
            flush_on_close: None,
            target: None,
        }
    }

    /// Replaces the target of a memory or backtrace handler (`None`: none;
    /// records then wait). [`ErrorKind::InvalidArgument`] for another kind
    /// of handler, a target that belongs to a queue listener, or one whose
    /// records come back to `handler` through the targets of memory and
    /// backtrace handlers (a cycle).
    pub fn set_target(handler: &Handler, target: Option<&Handler>) -> Result<()> {
        // SAFETY: both handles are alive for the call; the handler takes its
        // own reference to the target.
        check(unsafe {
            sys::picolog_memory_handler_set_target(handler.as_ptr(), target_ptr(target))
        })?;
        Ok(())
    }

    /// How many records a memory or backtrace handler holds now.
    pub fn buffered(handler: &Handler) -> Result<usize> {
        let mut n = 0usize;
        // SAFETY: the handle is alive and `n` is a valid out-pointer.
        check(unsafe { sys::picolog_memory_handler_buffered(handler.as_ptr(), &mut n) })?;
        Ok(n)
    }
}

/// Options of a [`MemoryHandler`].
#[must_use = "a builder does nothing until build() is called"]
pub struct MemoryHandlerBuilder<'a> {
    capacity: usize,
    // None: the library's default (`picolog_memory_options_init`).
    flush_level: Option<Level>,
    flush_on_close: Option<bool>,
    target: Option<&'a Handler>,
}

impl<'a> MemoryHandlerBuilder<'a> {
    /// A record at or above this level flushes the buffer (default ERROR).
    pub fn flush_level(mut self, level: Level) -> Self {
        self.flush_level = Some(level);
        self
    }

    /// Whether closing the handler passes the buffer on first (default true).
    pub fn flush_on_close(mut self, flush: bool) -> Self {
        self.flush_on_close = Some(flush);
        self
    }

    /// The handler the records go to (the memory handler holds its own
    /// reference to it).
    pub fn target<'b>(self, target: &'b Handler) -> MemoryHandlerBuilder<'b> {
        MemoryHandlerBuilder {
            capacity: self.capacity,
            flush_level: self.flush_level,
            flush_on_close: self.flush_on_close,
            target: Some(target),
        }
    }

    /// Makes the handler: [`ErrorKind::InvalidArgument`] for a target that
    /// belongs to a queue listener.
    pub fn build(self) -> Result<Handler> {
        let options = self.c_options()?;
        let mut out = ptr::null_mut();
        // SAFETY: the options and the target are valid for the call.
        check(unsafe {
            sys::picolog_memory_handler_new(&mut out, &options, target_ptr(self.target))
        })?;
        Handler::owned(out)
    }

    /// The options as the C API takes them: the library's defaults with
    /// what the builder set.
    fn c_options(&self) -> Result<sys::picolog_memory_options> {
        let mut options = defaults::options(
            sys::picolog_memory_options_init,
            sys::PICOLOG_MEMORY_OPTIONS_VERSION,
        )?;
        options.capacity = self.capacity;
        if let Some(level) = self.flush_level {
            options.flush_level = level.value();
        }
        if let Some(flush) = self.flush_on_close {
            options.flush_on_close = i32::from(flush);
        }
        Ok(options)
    }
}

/// Keeps the last `capacity` records below `store_below` (INFO) without
/// writing them, and passes every other record to the target. Before a
/// record at or above `trigger` (ERROR) it writes the kept records, oldest
/// first, each marked with the message prefix (`"[backtrace] "`) and the
/// field `backtrace=1`. The records come from every language: a Python
/// ERROR writes the last Rust DEBUG records. Loggers must let the low
/// records through (their level at most `store_below`'s records).
pub struct BacktraceHandler;

impl BacktraceHandler {
    /// Options for a ring of `capacity` records (at least 1).
    pub fn builder(capacity: usize) -> BacktraceHandlerBuilder<'static> {
        BacktraceHandlerBuilder {
            capacity,
            store_below: None,
            trigger: None,
            prefix: None,
            target: None,
        }
    }
}

/// Options of a [`BacktraceHandler`].
#[must_use = "a builder does nothing until build() is called"]
pub struct BacktraceHandlerBuilder<'a> {
    capacity: usize,
    // None: the library's default (`picolog_backtrace_options_init`).
    store_below: Option<Level>,
    trigger: Option<Level>,
    prefix: Option<String>,
    target: Option<&'a Handler>,
}

impl<'a> BacktraceHandlerBuilder<'a> {
    /// Records below this level go to the ring (default INFO).
    pub fn store_below(mut self, level: Level) -> Self {
        self.store_below = Some(level);
        self
    }

    /// A record at or above this level writes the ring first (default ERROR).
    pub fn trigger(mut self, level: Level) -> Self {
        self.trigger = Some(level);
        self
    }

    /// Put before each ring record's message (default `"[backtrace] "`; `""`
    /// for none).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = Some(prefix.into());
        self
    }

    /// The handler the records go to.
    pub fn target<'b>(self, target: &'b Handler) -> BacktraceHandlerBuilder<'b> {
        BacktraceHandlerBuilder {
            capacity: self.capacity,
            store_below: self.store_below,
            trigger: self.trigger,
            prefix: self.prefix,
            target: Some(target),
        }
    }

    /// Makes the handler: [`ErrorKind::InvalidArgument`] for capacity 0, a
    /// prefix with a NUL byte or a listener's target.
    pub fn build(self) -> Result<Handler> {
        let prefix = match &self.prefix {
            Some(p) => Some(CString::new(p.as_str()).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    "the backtrace prefix contains a NUL byte",
                )
            })?),
            None => None,
        };
        let options = self.c_options(prefix.as_ref())?;
        let mut out = ptr::null_mut();
        // SAFETY: the options, the prefix and the target are valid for the call.
        check(unsafe {
            sys::picolog_backtrace_handler_new(&mut out, &options, target_ptr(self.target))
        })?;
        Handler::owned(out)
    }

    /// The options as the C API takes them: the library's defaults with
    /// what the builder set; the prefix points into `prefix`.
    fn c_options(&self, prefix: Option<&CString>) -> Result<sys::picolog_backtrace_options> {
        let mut options = defaults::options(
            sys::picolog_backtrace_options_init,
            sys::PICOLOG_BACKTRACE_OPTIONS_VERSION,
        )?;
        options.capacity = self.capacity;
        if let Some(level) = self.store_below {
            options.store_below = level.value();
        }
        if let Some(level) = self.trigger {
            options.trigger = level.value();
        }
        if let Some(prefix) = prefix {
            options.prefix = prefix.as_ptr();
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Builders that set nothing but the capacity pass the structs the
    // library's _init functions write.
    #[test]
    fn unset_options_are_the_librarys_defaults() {
        let memory = MemoryHandler::builder(7).c_options().unwrap();
        let d = defaults::options(
            sys::picolog_memory_options_init,
            sys::PICOLOG_MEMORY_OPTIONS_VERSION,
        )
        .unwrap();
        assert_eq!(memory.version, d.version);
        assert_eq!(memory.capacity, 7);
        assert_eq!(
            (memory.flush_level, memory.flush_on_close),
            (d.flush_level, d.flush_on_close)
        );

        let ring = BacktraceHandler::builder(5).c_options(None).unwrap();
        let d = defaults::options(
            sys::picolog_backtrace_options_init,
            sys::PICOLOG_BACKTRACE_OPTIONS_VERSION,
        )
        .unwrap();
        assert_eq!(ring.version, d.version);
        assert_eq!(ring.capacity, 5);
        assert_eq!((ring.store_below, ring.trigger), (d.store_below, d.trigger));
        assert_eq!(ring.prefix, d.prefix);
    }

    #[test]
    fn set_options_override_the_defaults() {
        let memory = MemoryHandler::builder(1)
            .flush_level(Level::WARNING)
            .flush_on_close(false)
            .c_options()
            .unwrap();
        assert_eq!((memory.flush_level, memory.flush_on_close), (30, 0));
        let prefix = CString::new(">> ").unwrap();
        let ring = BacktraceHandler::builder(2)
            .store_below(Level::WARNING)
            .trigger(Level::CRITICAL)
            .c_options(Some(&prefix))
            .unwrap();
        assert_eq!((ring.store_below, ring.trigger), (30, 50));
        assert_eq!(ring.prefix, prefix.as_ptr());
    }
}

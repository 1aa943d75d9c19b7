//! Builders of the handlers that hold records back: [`MemoryHandler`]
//! (Python's `logging.handlers.MemoryHandler`) and [`BacktraceHandler`], a
//! ring of recent low-level records written only before a severe one.

use std::ffi::CString;
use std::ptr;

use picolog_sys as sys;

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
            flush_level: Level::ERROR,
            flush_on_close: true,
            target: None,
        }
    }

    /// Replaces the target of a memory or backtrace handler (`None`: none;
    /// records then wait). [`ErrorKind::InvalidArgument`] for another kind
    /// of handler, or a target that belongs to a queue listener.
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
    flush_level: Level,
    flush_on_close: bool,
    target: Option<&'a Handler>,
}

impl<'a> MemoryHandlerBuilder<'a> {
    /// A record at or above this level flushes the buffer (default ERROR).
    pub fn flush_level(mut self, level: Level) -> Self {
        self.flush_level = level;
        self
    }

    /// Whether closing the handler passes the buffer on first (default true).
    pub fn flush_on_close(mut self, flush: bool) -> Self {
        self.flush_on_close = flush;
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
        let options = sys::picolog_memory_options {
            version: sys::PICOLOG_MEMORY_OPTIONS_VERSION as u32,
            capacity: self.capacity,
            flush_level: self.flush_level.value(),
            flush_on_close: i32::from(self.flush_on_close),
        };
        let mut out = ptr::null_mut();
        // SAFETY: the options and the target are valid for the call.
        check(unsafe {
            sys::picolog_memory_handler_new(&mut out, &options, target_ptr(self.target))
        })?;
        Handler::owned(out)
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
            store_below: Level::INFO,
            trigger: Level::ERROR,
            prefix: None,
            target: None,
        }
    }
}

/// Options of a [`BacktraceHandler`].
#[must_use = "a builder does nothing until build() is called"]
pub struct BacktraceHandlerBuilder<'a> {
    capacity: usize,
    store_below: Level,
    trigger: Level,
    prefix: Option<String>,
    target: Option<&'a Handler>,
}

impl<'a> BacktraceHandlerBuilder<'a> {
    /// Records below this level go to the ring (default INFO).
    pub fn store_below(mut self, level: Level) -> Self {
        self.store_below = level;
        self
    }

    /// A record at or above this level writes the ring first (default ERROR).
    pub fn trigger(mut self, level: Level) -> Self {
        self.trigger = level;
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
        let prefix = match self.prefix {
            Some(p) => Some(CString::new(p).map_err(|_| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    "the backtrace prefix contains a NUL byte",
                )
            })?),
            None => None,
        };
        let options = sys::picolog_backtrace_options {
            version: sys::PICOLOG_BACKTRACE_OPTIONS_VERSION as u32,
            capacity: self.capacity,
            store_below: self.store_below.value(),
            trigger: self.trigger.value(),
            prefix: prefix.as_ref().map_or(ptr::null(), |p| p.as_ptr()),
        };
        let mut out = ptr::null_mut();
        // SAFETY: the options, the prefix and the target are valid for the call.
        check(unsafe {
            sys::picolog_backtrace_handler_new(&mut out, &options, target_ptr(self.target))
        })?;
        Handler::owned(out)
    }
}

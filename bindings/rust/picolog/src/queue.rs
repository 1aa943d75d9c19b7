//! QueueHandler: asynchronous logging. The caller's thread copies the record
//! into a bounded channel; one listener thread writes it to the queue's own
//! handlers.

use std::ops::Deref;
use std::ptr;
use std::time::Duration;

use picolog_sys as sys;

use crate::defaults;
use crate::error::{check, Result};
use crate::handler::Handler;
use crate::handlers::millis;

/// What a full queue does with a new record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Overflow {
    /// Wait for room (default).
    #[default]
    Block,
    /// Wait up to this long, then drop the record ([`ErrorKind::TimedOut`]).
    /// Rounded up to whole milliseconds; zero is invalid.
    ///
    /// [`ErrorKind::TimedOut`]: crate::ErrorKind::TimedOut
    BlockTimeout(Duration),
    /// Drop the record being logged ([`ErrorKind::Dropped`]).
    ///
    /// [`ErrorKind::Dropped`]: crate::ErrorKind::Dropped
    DropNewest,
    /// Drop the oldest queued record to make room.
    DropOldest,
}

impl Overflow {
    /// The C policy and its timeout in milliseconds.
    pub(crate) fn raw(self) -> Result<(i32, u32)> {
        Ok(match self {
            Overflow::Block => (sys::PICOLOG_OVERFLOW_BLOCK, 0),
            Overflow::BlockTimeout(timeout) => (
                sys::PICOLOG_OVERFLOW_BLOCK_TIMEOUT,
                millis("queue timeout", timeout)?,
            ),
            Overflow::DropNewest => (sys::PICOLOG_OVERFLOW_DROP_NEWEST, 0),
            Overflow::DropOldest => (sys::PICOLOG_OVERFLOW_DROP_OLDEST, 0),
        })
    }
}

/// Counters of a queue handler; nothing is dropped without being counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueStats {
    /// Records accepted into the channel.
    pub enqueued: u64,
    /// Refused under the drop-newest policy.
    pub dropped_newest: u64,
    /// Evicted under the drop-oldest policy.
    pub dropped_oldest: u64,
    /// Refused after a block timeout.
    pub dropped_timeout: u64,
    /// Refused because the queue was closed.
    pub dropped_closed: u64,
    /// Records the listener passed to its handlers.
    pub emitted: u64,
    /// Handler failures seen by the listener.
    pub failed: u64,
    /// Most records seen queued at once in one thread's lane.
    pub high_water: u64,
    /// Records queued now, all lanes together.
    pub queued: u64,
    /// The capacity in records, per logging thread.
    pub capacity: u64,
}

/// A queue handler: attach it to loggers like any handler (it derefs to
/// [`Handler`]); its listener thread owns the handlers given to the builder.
///
/// ```
/// use picolog::{NullHandler, Overflow, QueueHandler};
/// let queue = QueueHandler::builder()
///     .capacity(1024)
///     .overflow(Overflow::DropNewest)
///     .handler(NullHandler::new().unwrap())
///     .build()
///     .unwrap();
/// let log = picolog::get_logger("doc.queue").unwrap();
/// log.add_handler(&queue).unwrap();
/// log.warning("queued");
/// queue.flush().unwrap();
/// assert_eq!(queue.stats().unwrap().emitted, 1);
///
/// let err = QueueHandler::builder().capacity(0).build().unwrap_err();
/// assert_eq!(err.kind(), picolog::ErrorKind::InvalidArgument);
/// ```
#[derive(Clone, Debug)]
pub struct QueueHandler {
    handler: Handler,
}

impl QueueHandler {
    /// Options; what is not set takes the library's defaults
    /// (`picolog_queue_options_init`).
    pub fn builder() -> QueueHandlerBuilder {
        QueueHandlerBuilder {
            capacity: None,
            max_bytes: None,
            overflow: None,
            respect_handler_level: None,
            handlers: Vec::new(),
        }
    }

    /// The counters as of now.
    pub fn stats(&self) -> Result<QueueStats> {
        // SAFETY: zero is a valid value for a struct of integers.
        let mut raw: sys::picolog_queue_stats = unsafe { std::mem::zeroed() };
        // SAFETY: raw is a valid out struct of the given size.
        check(unsafe {
            sys::picolog_queue_handler_stats(
                self.as_ptr(),
                &mut raw,
                std::mem::size_of::<sys::picolog_queue_stats>(),
            )
        })?;
        Ok(QueueStats {
            enqueued: raw.enqueued,
            dropped_newest: raw.dropped_newest,
            dropped_oldest: raw.dropped_oldest,
            dropped_timeout: raw.dropped_timeout,
            dropped_closed: raw.dropped_closed,
            emitted: raw.emitted,
            failed: raw.failed,
            high_water: raw.high_water,
            queued: raw.queued,
            capacity: raw.capacity,
        })
    }

    /// The plain handler, for code that takes any [`Handler`].
    pub fn into_handler(self) -> Handler {
        self.handler
    }
}

impl Deref for QueueHandler {
    type Target = Handler;

    fn deref(&self) -> &Handler {
        &self.handler
    }
}

impl TryFrom<Handler> for QueueHandler {
    type Error = Handler;

    /// The queue handler behind a plain handle (as one attached by another
    /// language); gives the handle back if it is not a queue.
    fn try_from(handler: Handler) -> std::result::Result<QueueHandler, Handler> {
        if handler.is_queue() {
            Ok(QueueHandler { handler })
        } else {
            Err(handler)
        }
    }
}

/// Options of a [`QueueHandler`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until build() is called"]
pub struct QueueHandlerBuilder {
    capacity: Option<usize>,
    max_bytes: Option<usize>,
    overflow: Option<Overflow>,
    respect_handler_level: Option<bool>,
    handlers: Vec<Handler>,
}

impl QueueHandlerBuilder {
    /// Most records queued at once by one logging thread (each thread has
    /// its own lane), at least 1 (default 8192).
    pub fn capacity(mut self, records: usize) -> Self {
        self.capacity = Some(records);
        self
    }

    /// Byte budget, shared by all lanes, of queued records too large for a
    /// slot (default 64 MiB); ordinary records are bounded by the capacity.
    /// A single larger record is still accepted into an empty lane, never
    /// truncated.
    pub fn max_bytes(mut self, bytes: usize) -> Self {
        self.max_bytes = Some(bytes);
        self
    }

    /// What a full queue does (default [`Overflow::Block`]).
    pub fn overflow(mut self, overflow: Overflow) -> Self {
        self.overflow = Some(overflow);
        self
    }

    /// Whether the listener skips records below a handler's level (default
    /// true) or gives every handler every record.
    pub fn respect_handler_level(mut self, respect: bool) -> Self {
        self.respect_handler_level = Some(respect);
        self
    }

    /// Adds a handler to the listener; it must not be attached to a logger.
    pub fn handler(mut self, handler: Handler) -> Self {
        self.handlers.push(handler);
        self
    }

    /// Adds several handlers to the listener.
    pub fn handlers(mut self, handlers: impl IntoIterator<Item = Handler>) -> Self {
        self.handlers.extend(handlers);
        self
    }

    /// Starts the listener thread. Invalid options (capacity 0, a zero
    /// timeout) or a handler already attached elsewhere are
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    /// with a message naming the problem.
    pub fn build(self) -> Result<QueueHandler> {
        let mut options = defaults::options(
            sys::picolog_queue_options_init,
            sys::PICOLOG_QUEUE_OPTIONS_VERSION,
        )?;
        if let Some(records) = self.capacity {
            options.capacity = records;
        }
        if let Some(bytes) = self.max_bytes {
            options.max_bytes = bytes;
        }
        if let Some(overflow) = self.overflow {
            (options.overflow, options.timeout_ms) = overflow.raw()?;
        }
        if let Some(respect) = self.respect_handler_level {
            options.respect_handler_level = i32::from(respect);
        }
        let raw: Vec<*mut sys::picolog_handler> =
            self.handlers.iter().map(Handler::as_ptr).collect();
        let mut out = ptr::null_mut();
        // SAFETY: options and the handler array are valid for the call; the
        // queue takes its own references, ours drop with self.
        check(unsafe {
            sys::picolog_queue_handler_new(
                &mut out,
                &options,
                if raw.is_empty() {
                    ptr::null()
                } else {
                    raw.as_ptr()
                },
                raw.len(),
            )
        })?;
        Ok(QueueHandler {
            handler: Handler::owned(out)?,
        })
    }
}

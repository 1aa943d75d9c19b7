//! JournaldHandler: records to systemd-journald over its native protocol.
//! The log call only queues the record; the handler's own thread writes one
//! journal entry per record (MESSAGE, PRIORITY, SYSLOG_IDENTIFIER, CODE_*,
//! LOGGER, THREAD_NAME and each structured field under its upper-cased key)
//! and counts every record it has to drop ([`JournaldHandler::stats`]).

use std::ffi::CString;
use std::ops::Deref;
use std::ptr;

use picolog_sys as sys;

use crate::defaults;
use crate::error::{check, Result};
use crate::ffi::c_string;
use crate::handler::Handler;
use crate::sender_options::{sender_common_setters, SenderCommon, SenderFields};

/// Counters of a journald handler, by cause: every record logged is sent,
/// dropped under one cause or still queued.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JournaldStats {
    /// Records accepted by the queue.
    pub enqueued: u64,
    /// Entries journald's socket took.
    pub sent: u64,
    /// Of those, entries too large for a datagram, passed in a sealed memfd.
    pub sent_memfd: u64,
    /// Refused or evicted by the queue's overflow policy.
    pub dropped_queue_full: u64,
    /// journald's socket absent or refusing.
    pub dropped_unreachable: u64,
    /// Any other send failure.
    pub dropped_failed: u64,
    /// Refused after the handler closed.
    pub dropped_closed: u64,
    /// Records in the queue now.
    pub queued: u64,
}

/// A journald handler: attach it to loggers like any handler (it derefs to
/// [`Handler`]); clones share the one handler and its counters.
///
/// ```
/// use picolog::JournaldHandler;
/// let dir = tempfile::tempdir().unwrap();
/// let handler = JournaldHandler::builder()
///     .socket_path(dir.path().join("no-journald").to_str().unwrap())
///     .identifier("doc")
///     .build()
///     .unwrap();
/// let log = picolog::get_logger("doc.journald").unwrap();
/// log.add_handler(&handler).unwrap();
/// log.warning("no journald listens there: counted, not lost silently");
/// handler.flush().unwrap();
/// assert_eq!(handler.stats().unwrap().dropped_unreachable, 1);
///
/// let err = JournaldHandler::builder().facility(24).build().unwrap_err();
/// assert_eq!(err.kind(), picolog::ErrorKind::InvalidArgument);
/// ```
#[derive(Clone, Debug)]
pub struct JournaldHandler {
    handler: Handler,
}

impl JournaldHandler {
    /// Options for a journald handler; see [`JournaldHandlerBuilder`].
    pub fn builder() -> JournaldHandlerBuilder {
        JournaldHandlerBuilder::default()
    }

    /// The counters as of now.
    pub fn stats(&self) -> Result<JournaldStats> {
        // SAFETY: zero is a valid value for a struct of integers.
        let mut raw: sys::picolog_journald_stats = unsafe { std::mem::zeroed() };
        // SAFETY: raw is a valid out struct of the given size.
        check(unsafe {
            sys::picolog_journald_handler_stats(
                self.as_ptr(),
                &mut raw,
                std::mem::size_of::<sys::picolog_journald_stats>(),
            )
        })?;
        Ok(JournaldStats {
            enqueued: raw.enqueued,
            sent: raw.sent,
            sent_memfd: raw.sent_memfd,
            dropped_queue_full: raw.dropped_queue_full,
            dropped_unreachable: raw.dropped_unreachable,
            dropped_failed: raw.dropped_failed,
            dropped_closed: raw.dropped_closed,
            queued: raw.queued,
        })
    }

    /// The plain handler, for code that takes any [`Handler`].
    pub fn into_handler(self) -> Handler {
        self.handler
    }
}

impl Deref for JournaldHandler {
    type Target = Handler;

    fn deref(&self) -> &Handler {
        &self.handler
    }
}

/// The library's defaults of the C options (`picolog_journald_options_init`).
fn default_options() -> Result<sys::picolog_journald_options> {
    defaults::options(
        sys::picolog_journald_options_init,
        sys::PICOLOG_JOURNALD_OPTIONS_VERSION,
    )
}

/// Options of a [`JournaldHandler`]; what is not set keeps the C library's
/// default (journald's own socket, the program's name as identifier, no
/// facility, Python's level map, a blocking queue of 8192 records).
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until build() is called"]
pub struct JournaldHandlerBuilder {
    socket_path: Option<String>,
    identifier: Option<String>,
    facility: Option<i32>,
    common: SenderCommon,
}

impl JournaldHandlerBuilder {
    /// journald's socket (default `/run/systemd/journal/socket`; a journald
    /// started with a namespace listens on
    /// `/run/systemd/journal.<namespace>/socket`).
    pub fn socket_path(mut self, path: &str) -> Self {
        self.socket_path = Some(path.to_owned());
        self
    }
    /// SYSLOG_IDENTIFIER (default: the program's name).
    pub fn identifier(mut self, identifier: &str) -> Self {
        self.identifier = Some(identifier.to_owned());
        self
    }
    /// SYSLOG_FACILITY 0..=23 (default: left out of the entry).
    pub fn facility(mut self, facility: i32) -> Self {
        self.facility = Some(facility);
        self
    }
    sender_common_setters!();

    /// Starts the sender thread. Invalid options are
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    /// with a message naming the problem; a journald that is not running is
    /// not an error (its records are counted as `dropped_unreachable`).
    pub fn build(self) -> Result<JournaldHandler> {
        let mut options = default_options()?;
        let text = |what: &str, s: &Option<String>| -> Result<Option<CString>> {
            s.as_deref().map(|s| c_string(what, s)).transpose()
        };
        let socket_path = text("journald socket_path", &self.socket_path)?;
        let identifier = text("journald identifier", &self.identifier)?;
        if let Some(path) = &socket_path {
            options.socket_path = path.as_ptr();
        }
        if let Some(identifier) = &identifier {
            options.identifier = identifier.as_ptr();
        }
        if let Some(facility) = self.facility {
            options.facility = facility;
        }
        let severities = self.common.c_severities();
        self.common.apply(
            &severities,
            SenderFields {
                severities: &mut options.severities,
                severity_count: &mut options.severity_count,
                default_severity: &mut options.default_severity,
                queue: &mut options.queue,
            },
        )?;
        let mut out = ptr::null_mut();
        // SAFETY: options and every string and array it points to outlive
        // the call; the handler copies them.
        check(unsafe { sys::picolog_journald_handler_new(&mut out, &options) })?;
        Ok(JournaldHandler {
            handler: Handler::owned(out)?,
        })
    }
}

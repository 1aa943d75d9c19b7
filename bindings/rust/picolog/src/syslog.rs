//! SyslogHandler: records to a syslog daemon over a unix datagram socket,
//! UDP or TCP. The log call only queues the record; the handler's own thread
//! formats (RFC 5424, RFC 3164 or Python's bare form), sends, holds records
//! while the daemon is unreachable, reconnects with backoff and counts every
//! record it has to drop ([`SyslogHandler::stats`]).

use std::ops::Deref;

use picolog_sys as sys;

use crate::error::{check, Result};
use crate::handler::Handler;
use crate::syslog_builder::SyslogHandlerBuilder;

/// The message format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SyslogFormat {
    /// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG` (default);
    /// a record's fields become one SD-ELEMENT.
    #[default]
    Rfc5424,
    /// `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG`, for old receivers.
    Rfc3164,
    /// `<PRI>ident MSG`, what Python's `SysLogHandler` sends.
    Bare,
}

/// How TCP delimits messages (RFC 6587).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Framing {
    /// `LEN SP MSG` (default): safe for any message.
    #[default]
    OctetCounting,
    /// `MSG LF`: a newline inside a message splits it.
    Lf,
    /// No delimiter.
    None,
}

/// Counters of a syslog handler, by cause: every record logged is sent,
/// dropped under one cause, held or queued.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyslogStats {
    /// Records accepted by the queue.
    pub enqueued: u64,
    /// Records written to the socket.
    pub sent: u64,
    /// Refused or evicted by the queue's overflow policy.
    pub dropped_queue_full: u64,
    /// Held while the daemon was unreachable, then pushed out.
    pub dropped_unreachable: u64,
    /// Still queued or held when the handler closed.
    pub dropped_closed: u64,
    /// Refused by the socket for good.
    pub dropped_failed: u64,
    /// Datagrams cut at a UTF-8 boundary to the size limit (also sent).
    pub truncated: u64,
    /// Connections made after the first.
    pub reconnects: u64,
    /// Connection attempts that failed.
    pub connect_failures: u64,
    /// Drop notes sent in-band once the daemon was back.
    pub reports: u64,
    /// Messages held now.
    pub held: u64,
    /// Records in the queue now.
    pub queued: u64,
}

/// A syslog handler: attach it to loggers like any handler (it derefs to
/// [`Handler`]); clones share the one handler and its counters.
///
/// ```
/// use picolog::{Framing, SyslogHandler};
/// let handler = SyslogHandler::tcp("127.0.0.1", 1)
///     .app_name("doc")
///     .framing(Framing::OctetCounting)
///     .hold(10)
///     .build()
///     .unwrap();
/// let log = picolog::get_logger("doc.syslog").unwrap();
/// log.add_handler(&handler).unwrap();
/// log.warning("nobody listens on port 1: held");
/// handler.flush().unwrap();
/// assert_eq!(handler.stats().unwrap().held, 1);
///
/// let err = SyslogHandler::unix("/dev/log").facility(24).build().unwrap_err();
/// assert_eq!(err.kind(), picolog::ErrorKind::InvalidArgument);
/// ```
#[derive(Clone, Debug)]
pub struct SyslogHandler {
    pub(crate) handler: Handler,
}

impl SyslogHandler {
    /// To a unix datagram socket (`/dev/log`, or
    /// `/run/systemd/journal/syslog` for journald's syslog socket).
    pub fn unix(path: &str) -> SyslogHandlerBuilder {
        SyslogHandlerBuilder::new(sys::PICOLOG_SYSLOG_UNIX, path, 0)
    }

    /// To UDP `host:port`; longer messages than the datagram limit are cut
    /// at a UTF-8 boundary and counted.
    pub fn udp(host: &str, port: u16) -> SyslogHandlerBuilder {
        SyslogHandlerBuilder::new(sys::PICOLOG_SYSLOG_UDP, host, port)
    }

    /// To TCP `host:port`, framed by octet counting unless told otherwise.
    pub fn tcp(host: &str, port: u16) -> SyslogHandlerBuilder {
        SyslogHandlerBuilder::new(sys::PICOLOG_SYSLOG_TCP, host, port)
    }

    /// To `host:port` over TLS (RFC 5425, GnuTLS), octet-counted; the
    /// server's certificate must be valid for `host` (see
    /// [`SyslogHandlerBuilder::tls_ca_file`]).
    pub fn tls(host: &str, port: u16) -> SyslogHandlerBuilder {
        SyslogHandlerBuilder::new(sys::PICOLOG_SYSLOG_TLS, host, port)
    }

    /// The counters as of now.
    pub fn stats(&self) -> Result<SyslogStats> {
        // SAFETY: zero is a valid value for a struct of integers.
        let mut raw: sys::picolog_syslog_stats = unsafe { std::mem::zeroed() };
        // SAFETY: raw is a valid out struct of the given size.
        check(unsafe {
            sys::picolog_syslog_handler_stats(
                self.as_ptr(),
                &mut raw,
                std::mem::size_of::<sys::picolog_syslog_stats>(),
            )
        })?;
        Ok(SyslogStats {
            enqueued: raw.enqueued,
            sent: raw.sent,
            dropped_queue_full: raw.dropped_queue_full,
            dropped_unreachable: raw.dropped_unreachable,
            dropped_closed: raw.dropped_closed,
            dropped_failed: raw.dropped_failed,
            truncated: raw.truncated,
            reconnects: raw.reconnects,
            connect_failures: raw.connect_failures,
            reports: raw.reports,
            held: raw.held,
            queued: raw.queued,
        })
    }

    /// The plain handler, for code that takes any [`Handler`].
    pub fn into_handler(self) -> Handler {
        self.handler
    }
}

impl Deref for SyslogHandler {
    type Target = Handler;

    fn deref(&self) -> &Handler {
        &self.handler
    }
}

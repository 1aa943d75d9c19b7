//! SyslogHandler: records to a syslog daemon over a unix datagram socket,
//! UDP or TCP. The log call only queues the record; the handler's own thread
//! formats (RFC 5424, RFC 3164 or Python's bare form), sends, holds records
//! while the daemon is unreachable, reconnects with backoff and counts every
//! record it has to drop ([`SyslogHandler::stats`]).

use std::ffi::CString;
use std::ops::Deref;
use std::ptr;
use std::time::Duration;

use picolog_sys as sys;

use crate::error::{check, Result};
use crate::ffi::c_string;
use crate::handler::Handler;
use crate::handlers::millis;
use crate::level::Level;
use crate::queue::Overflow;

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
    handler: Handler,
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

/// Options of a [`SyslogHandler`]; the defaults are
/// `PICOLOG_SYSLOG_OPTIONS_INIT`'s.
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until build() is called"]
pub struct SyslogHandlerBuilder {
    transport: i32,
    address: String,
    port: u16,
    format: SyslogFormat,
    framing: Framing,
    facility: i32,
    hostname: String,
    app_name: String,
    msgid: String,
    ident: String,
    sd_id: String,
    append_nul: bool,
    severities: Vec<(i32, i32)>,
    default_severity: i32,
    max_datagram: usize,
    hold: usize,
    backoff: (Duration, Duration),
    connect_timeout: Duration,
    send_timeout: Duration,
    capacity: usize,
    overflow: Overflow,
    tls_ca_file: String,
    tls_cert_file: String,
    tls_key_file: String,
    tls_verify: bool,
}

impl SyslogHandlerBuilder {
    fn new(transport: i32, address: &str, port: u16) -> Self {
        SyslogHandlerBuilder {
            transport,
            address: address.to_owned(),
            port,
            format: SyslogFormat::Rfc5424,
            framing: Framing::OctetCounting,
            facility: 1,
            hostname: String::new(),
            app_name: String::new(),
            msgid: String::new(),
            ident: String::new(),
            sd_id: "fields".to_owned(),
            append_nul: false,
            severities: Vec::new(),
            default_severity: 4,
            max_datagram: 65507,
            hold: 8192,
            backoff: (Duration::from_millis(100), Duration::from_secs(30)),
            connect_timeout: Duration::from_secs(5),
            send_timeout: Duration::from_secs(10),
            capacity: 8192,
            overflow: Overflow::Block,
            tls_ca_file: String::new(),
            tls_cert_file: String::new(),
            tls_key_file: String::new(),
            tls_verify: true,
        }
    }

    /// TLS: the PEM file of the trust anchors (default: the system's).
    pub fn tls_ca_file(mut self, path: &str) -> Self {
        self.tls_ca_file = path.to_owned();
        self
    }
    /// TLS: a client certificate and its key (PEM files).
    pub fn tls_client_cert(mut self, cert: &str, key: &str) -> Self {
        self.tls_cert_file = cert.to_owned();
        self.tls_key_file = key.to_owned();
        self
    }
    /// TLS: whether the server's certificate must be valid (default true).
    pub fn tls_verify(mut self, verify: bool) -> Self {
        self.tls_verify = verify;
        self
    }

    /// The message format (default [`SyslogFormat::Rfc5424`]).
    pub fn format(mut self, format: SyslogFormat) -> Self {
        self.format = format;
        self
    }
    /// TCP framing (default [`Framing::OctetCounting`]).
    pub fn framing(mut self, framing: Framing) -> Self {
        self.framing = framing;
        self
    }
    /// Facility 0..=23 (default 1, user; 16..=23 are local0..local7).
    pub fn facility(mut self, facility: i32) -> Self {
        self.facility = facility;
        self
    }
    /// HOSTNAME (default: this machine's name).
    pub fn hostname(mut self, hostname: &str) -> Self {
        self.hostname = hostname.to_owned();
        self
    }
    /// APP-NAME / TAG (default: the program's name).
    pub fn app_name(mut self, app_name: &str) -> Self {
        self.app_name = app_name.to_owned();
        self
    }
    /// RFC 5424 MSGID (default "-").
    pub fn msgid(mut self, msgid: &str) -> Self {
        self.msgid = msgid.to_owned();
        self
    }
    /// Bare format: text put before every message.
    pub fn ident(mut self, ident: &str) -> Self {
        self.ident = ident.to_owned();
        self
    }
    /// The SD-ID of the record's fields (default "fields").
    pub fn sd_id(mut self, sd_id: &str) -> Self {
        self.sd_id = sd_id.to_owned();
        self
    }
    /// A NUL after each message, as Python's `append_nul`.
    pub fn append_nul(mut self, on: bool) -> Self {
        self.append_nul = on;
        self
    }
    /// The syslog severity (0..=7) of `level`, overriding Python's map.
    pub fn severity(mut self, level: Level, severity: i32) -> Self {
        self.severities.push((level.value(), severity));
        self
    }
    /// The severity of levels not in the map (default 4, warning).
    pub fn default_severity(mut self, severity: i32) -> Self {
        self.default_severity = severity;
        self
    }
    /// Datagram size limit in bytes (default 65507, at least 64).
    pub fn max_datagram(mut self, bytes: usize) -> Self {
        self.max_datagram = bytes;
        self
    }
    /// Messages held while the daemon is unreachable (default 8192).
    pub fn hold(mut self, messages: usize) -> Self {
        self.hold = messages;
        self
    }
    /// Retry delays: `initial`, doubling up to `max` (default 100 ms, 30 s).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = (initial, max);
        self
    }
    /// TCP connect timeout (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }
    /// A write not taken within this is a lost link (default 10 s).
    pub fn send_timeout(mut self, timeout: Duration) -> Self {
        self.send_timeout = timeout;
        self
    }
    /// The queue's capacity in records per logging thread (default 8192).
    pub fn capacity(mut self, records: usize) -> Self {
        self.capacity = records;
        self
    }
    /// What a full queue does (default [`Overflow::Block`]).
    pub fn overflow(mut self, overflow: Overflow) -> Self {
        self.overflow = overflow;
        self
    }

    /// Starts the sender thread. Invalid options are
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    /// with a message naming the problem; an absent daemon is not an error.
    pub fn build(self) -> Result<SyslogHandler> {
        let (overflow, timeout_ms) = match self.overflow {
            Overflow::Block => (sys::PICOLOG_OVERFLOW_BLOCK, 0),
            Overflow::BlockTimeout(timeout) => (
                sys::PICOLOG_OVERFLOW_BLOCK_TIMEOUT,
                millis("queue timeout", timeout)?,
            ),
            Overflow::DropNewest => (sys::PICOLOG_OVERFLOW_DROP_NEWEST, 0),
            Overflow::DropOldest => (sys::PICOLOG_OVERFLOW_DROP_OLDEST, 0),
        };
        let text = |what: &str, s: &str| -> Result<CString> { c_string(what, s) };
        let address = text("syslog address", &self.address)?;
        let hostname = text("syslog hostname", &self.hostname)?;
        let app_name = text("syslog app_name", &self.app_name)?;
        let msgid = text("syslog msgid", &self.msgid)?;
        let ident = text("syslog ident", &self.ident)?;
        let sd_id = text("syslog sd_id", &self.sd_id)?;
        let ca = text("syslog tls_ca_file", &self.tls_ca_file)?;
        let cert = text("syslog tls cert", &self.tls_cert_file)?;
        let key = text("syslog tls key", &self.tls_key_file)?;
        let severities: Vec<sys::picolog_syslog_severity> = self
            .severities
            .iter()
            .map(|&(level, severity)| sys::picolog_syslog_severity { level, severity })
            .collect();
        let options = sys::picolog_syslog_options {
            version: sys::PICOLOG_SYSLOG_OPTIONS_VERSION as u32,
            transport: self.transport,
            address: address.as_ptr(),
            port: self.port,
            format: match self.format {
                SyslogFormat::Rfc5424 => sys::PICOLOG_SYSLOG_RFC5424,
                SyslogFormat::Rfc3164 => sys::PICOLOG_SYSLOG_RFC3164,
                SyslogFormat::Bare => sys::PICOLOG_SYSLOG_BARE,
            },
            framing: match self.framing {
                Framing::OctetCounting => sys::PICOLOG_SYSLOG_FRAMING_OCTET,
                Framing::Lf => sys::PICOLOG_SYSLOG_FRAMING_LF,
                Framing::None => sys::PICOLOG_SYSLOG_FRAMING_NONE,
            },
            facility: self.facility,
            hostname: hostname.as_ptr(),
            app_name: app_name.as_ptr(),
            msgid: msgid.as_ptr(),
            ident: ident.as_ptr(),
            sd_id: sd_id.as_ptr(),
            append_nul: i32::from(self.append_nul),
            severities: if severities.is_empty() {
                ptr::null()
            } else {
                severities.as_ptr()
            },
            severity_count: severities.len(),
            default_severity: self.default_severity,
            max_datagram: self.max_datagram,
            hold: self.hold,
            backoff_initial_ms: millis("syslog backoff", self.backoff.0)?,
            backoff_max_ms: millis("syslog backoff", self.backoff.1)?,
            connect_timeout_ms: millis("syslog connect timeout", self.connect_timeout)?,
            send_timeout_ms: millis("syslog send timeout", self.send_timeout)?,
            tls_ca_file: ca.as_ptr(),
            tls_cert_file: cert.as_ptr(),
            tls_key_file: key.as_ptr(),
            tls_verify: i32::from(self.tls_verify),
            queue: sys::picolog_queue_options {
                version: sys::PICOLOG_QUEUE_OPTIONS_VERSION as u32,
                capacity: self.capacity,
                max_bytes: 64 << 20,
                overflow,
                timeout_ms,
                respect_handler_level: 1,
            },
        };
        let mut out = ptr::null_mut();
        // SAFETY: options and every string and array it points to outlive
        // the call; the handler copies them.
        check(unsafe { sys::picolog_syslog_handler_new(&mut out, &options) })?;
        Ok(SyslogHandler {
            handler: Handler::owned(out)?,
        })
    }
}

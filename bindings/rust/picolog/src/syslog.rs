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

use crate::defaults;
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

/// The C strings and the severity array a syslog options struct points to.
struct SyslogTexts {
    address: CString,
    hostname: CString,
    app_name: CString,
    msgid: CString,
    ident: CString,
    sd_id: Option<CString>,
    ca: CString,
    cert: CString,
    key: CString,
    severities: Vec<sys::picolog_syslog_severity>,
}

/// Options of a [`SyslogHandler`]; what is not set takes the library's
/// default (`picolog_syslog_options_init`, `PICOLOG_SYSLOG_OPTIONS_INIT`).
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until build() is called"]
pub struct SyslogHandlerBuilder {
    transport: i32,
    address: String,
    port: u16,
    format: Option<SyslogFormat>,
    framing: Option<Framing>,
    facility: Option<i32>,
    hostname: String,
    app_name: String,
    msgid: String,
    ident: String,
    sd_id: Option<String>,
    append_nul: Option<bool>,
    severities: Vec<(i32, i32)>,
    default_severity: Option<i32>,
    max_datagram: Option<usize>,
    hold: Option<usize>,
    backoff: Option<(Duration, Duration)>,
    connect_timeout: Option<Duration>,
    send_timeout: Option<Duration>,
    capacity: Option<usize>,
    overflow: Option<Overflow>,
    tls_ca_file: String,
    tls_cert_file: String,
    tls_key_file: String,
    tls_verify: Option<bool>,
}

impl SyslogHandlerBuilder {
    fn new(transport: i32, address: &str, port: u16) -> Self {
        SyslogHandlerBuilder {
            transport,
            address: address.to_owned(),
            port,
            format: None,
            framing: None,
            facility: None,
            hostname: String::new(),
            app_name: String::new(),
            msgid: String::new(),
            ident: String::new(),
            sd_id: None,
            append_nul: None,
            severities: Vec::new(),
            default_severity: None,
            max_datagram: None,
            hold: None,
            backoff: None,
            connect_timeout: None,
            send_timeout: None,
            capacity: None,
            overflow: None,
            tls_ca_file: String::new(),
            tls_cert_file: String::new(),
            tls_key_file: String::new(),
            tls_verify: None,
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
        self.tls_verify = Some(verify);
        self
    }

    /// The message format (default [`SyslogFormat::Rfc5424`]).
    pub fn format(mut self, format: SyslogFormat) -> Self {
        self.format = Some(format);
        self
    }
    /// TCP framing (default [`Framing::OctetCounting`]).
    pub fn framing(mut self, framing: Framing) -> Self {
        self.framing = Some(framing);
        self
    }
    /// Facility 0..=23 (default 1, user; 16..=23 are local0..local7).
    pub fn facility(mut self, facility: i32) -> Self {
        self.facility = Some(facility);
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
        self.sd_id = Some(sd_id.to_owned());
        self
    }
    /// A NUL after each message, as Python's `append_nul`.
    pub fn append_nul(mut self, on: bool) -> Self {
        self.append_nul = Some(on);
        self
    }
    /// The syslog severity (0..=7) of `level`, overriding Python's map.
    pub fn severity(mut self, level: Level, severity: i32) -> Self {
        self.severities.push((level.value(), severity));
        self
    }
    /// The severity of levels not in the map (default 4, warning).
    pub fn default_severity(mut self, severity: i32) -> Self {
        self.default_severity = Some(severity);
        self
    }
    /// Datagram size limit in bytes (default 65507, at least 64).
    pub fn max_datagram(mut self, bytes: usize) -> Self {
        self.max_datagram = Some(bytes);
        self
    }
    /// Messages held while the daemon is unreachable (default 8192).
    pub fn hold(mut self, messages: usize) -> Self {
        self.hold = Some(messages);
        self
    }
    /// Retry delays: `initial`, doubling up to `max` (default 100 ms, 30 s).
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Some((initial, max));
        self
    }
    /// TCP connect timeout (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }
    /// A write not taken within this is a lost link (default 10 s).
    pub fn send_timeout(mut self, timeout: Duration) -> Self {
        self.send_timeout = Some(timeout);
        self
    }
    /// The queue's capacity in records per logging thread (default 8192).
    pub fn capacity(mut self, records: usize) -> Self {
        self.capacity = Some(records);
        self
    }
    /// What a full queue does (default [`Overflow::Block`]).
    pub fn overflow(mut self, overflow: Overflow) -> Self {
        self.overflow = Some(overflow);
        self
    }

    /// Starts the sender thread. Invalid options are
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument)
    /// with a message naming the problem; an absent daemon is not an error.
    pub fn build(self) -> Result<SyslogHandler> {
        let text = |what: &str, s: &str| -> Result<CString> { c_string(what, s) };
        let texts = SyslogTexts {
            address: text("syslog address", &self.address)?,
            hostname: text("syslog hostname", &self.hostname)?,
            app_name: text("syslog app_name", &self.app_name)?,
            msgid: text("syslog msgid", &self.msgid)?,
            ident: text("syslog ident", &self.ident)?,
            sd_id: match &self.sd_id {
                Some(sd_id) => Some(text("syslog sd_id", sd_id)?),
                None => None,
            },
            ca: text("syslog tls_ca_file", &self.tls_ca_file)?,
            cert: text("syslog tls cert", &self.tls_cert_file)?,
            key: text("syslog tls key", &self.tls_key_file)?,
            severities: self
                .severities
                .iter()
                .map(|&(level, severity)| sys::picolog_syslog_severity { level, severity })
                .collect(),
        };
        let o = self.c_options(&texts)?;
        let mut out = ptr::null_mut();
        // SAFETY: o and every string and array it points to (texts) outlive
        // the call; the handler copies them.
        check(unsafe { sys::picolog_syslog_handler_new(&mut out, &o) })?;
        Ok(SyslogHandler {
            handler: Handler::owned(out)?,
        })
    }

    /// The options as the C API takes them: the library's defaults with
    /// what the builder set; the pointers point into `texts`.
    fn c_options(&self, texts: &SyslogTexts) -> Result<sys::picolog_syslog_options> {
        let mut o = defaults::options(
            sys::picolog_syslog_options_init,
            sys::PICOLOG_SYSLOG_OPTIONS_VERSION,
        )?;
        o.transport = self.transport;
        o.address = texts.address.as_ptr();
        o.port = self.port;
        if let Some(format) = self.format {
            o.format = match format {
                SyslogFormat::Rfc5424 => sys::PICOLOG_SYSLOG_RFC5424,
                SyslogFormat::Rfc3164 => sys::PICOLOG_SYSLOG_RFC3164,
                SyslogFormat::Bare => sys::PICOLOG_SYSLOG_BARE,
            };
        }
        if let Some(framing) = self.framing {
            o.framing = match framing {
                Framing::OctetCounting => sys::PICOLOG_SYSLOG_FRAMING_OCTET,
                Framing::Lf => sys::PICOLOG_SYSLOG_FRAMING_LF,
                Framing::None => sys::PICOLOG_SYSLOG_FRAMING_NONE,
            };
        }
        if let Some(facility) = self.facility {
            o.facility = facility;
        }
        o.hostname = texts.hostname.as_ptr();
        o.app_name = texts.app_name.as_ptr();
        o.msgid = texts.msgid.as_ptr();
        o.ident = texts.ident.as_ptr();
        if let Some(sd_id) = &texts.sd_id {
            o.sd_id = sd_id.as_ptr();
        }
        if let Some(on) = self.append_nul {
            o.append_nul = i32::from(on);
        }
        if !texts.severities.is_empty() {
            o.severities = texts.severities.as_ptr();
            o.severity_count = texts.severities.len();
        }
        if let Some(severity) = self.default_severity {
            o.default_severity = severity;
        }
        if let Some(bytes) = self.max_datagram {
            o.max_datagram = bytes;
        }
        if let Some(messages) = self.hold {
            o.hold = messages;
        }
        if let Some((initial, max)) = self.backoff {
            o.backoff_initial_ms = millis("syslog backoff", initial)?;
            o.backoff_max_ms = millis("syslog backoff", max)?;
        }
        if let Some(timeout) = self.connect_timeout {
            o.connect_timeout_ms = millis("syslog connect timeout", timeout)?;
        }
        if let Some(timeout) = self.send_timeout {
            o.send_timeout_ms = millis("syslog send timeout", timeout)?;
        }
        o.tls_ca_file = texts.ca.as_ptr();
        o.tls_cert_file = texts.cert.as_ptr();
        o.tls_key_file = texts.key.as_ptr();
        if let Some(verify) = self.tls_verify {
            o.tls_verify = i32::from(verify);
        }
        if let Some(records) = self.capacity {
            o.queue.capacity = records;
        }
        if let Some(overflow) = self.overflow {
            (o.queue.overflow, o.queue.timeout_ms) = match overflow {
                Overflow::Block => (sys::PICOLOG_OVERFLOW_BLOCK, 0),
                Overflow::BlockTimeout(timeout) => (
                    sys::PICOLOG_OVERFLOW_BLOCK_TIMEOUT,
                    millis("queue timeout", timeout)?,
                ),
                Overflow::DropNewest => (sys::PICOLOG_OVERFLOW_DROP_NEWEST, 0),
                Overflow::DropOldest => (sys::PICOLOG_OVERFLOW_DROP_OLDEST, 0),
            };
        }
        Ok(o)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A builder that sets nothing passes the struct picolog_syslog_options_init
    // writes (but for the address and the strings it always passes).
    #[test]
    fn unset_options_are_the_librarys_defaults() {
        let builder = SyslogHandler::udp("127.0.0.1", 514);
        let texts = SyslogTexts {
            address: CString::new("127.0.0.1").unwrap(),
            hostname: CString::default(),
            app_name: CString::default(),
            msgid: CString::default(),
            ident: CString::default(),
            sd_id: None,
            ca: CString::default(),
            cert: CString::default(),
            key: CString::default(),
            severities: Vec::new(),
        };
        let o = builder.c_options(&texts).unwrap();
        let d = defaults::options(
            sys::picolog_syslog_options_init,
            sys::PICOLOG_SYSLOG_OPTIONS_VERSION,
        )
        .unwrap();
        assert_eq!(o.version, d.version);
        assert_eq!(
            (o.format, o.framing, o.facility, o.append_nul),
            (d.format, d.framing, d.facility, d.append_nul)
        );
        assert_eq!(o.sd_id, d.sd_id);
        assert_eq!(
            (o.severities, o.severity_count),
            (d.severities, d.severity_count)
        );
        assert_eq!(o.default_severity, d.default_severity);
        assert_eq!((o.max_datagram, o.hold), (d.max_datagram, d.hold));
        assert_eq!(
            (o.backoff_initial_ms, o.backoff_max_ms),
            (d.backoff_initial_ms, d.backoff_max_ms)
        );
        assert_eq!(
            (o.connect_timeout_ms, o.send_timeout_ms),
            (d.connect_timeout_ms, d.send_timeout_ms)
        );
        assert_eq!(o.tls_verify, d.tls_verify);
        let (q, dq) = (o.queue, d.queue);
        assert_eq!(
            (q.version, q.capacity, q.max_bytes, q.overflow, q.timeout_ms),
            (
                dq.version,
                dq.capacity,
                dq.max_bytes,
                dq.overflow,
                dq.timeout_ms
            )
        );
        assert_eq!(q.respect_handler_level, dq.respect_handler_level);
    }
}

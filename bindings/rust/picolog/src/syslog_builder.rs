//! The builder of a [`SyslogHandler`]: its options, and their translation
//! into the C API's `picolog_syslog_options`.

use std::ffi::CString;
use std::ptr;
use std::time::Duration;

use picolog_sys as sys;

use crate::defaults;
use crate::error::{check, Result};
use crate::ffi::c_string;
use crate::handler::Handler;
use crate::handlers::millis;
use crate::sender_options::{sender_common_setters, SenderCommon, SenderFields};
use crate::syslog::{Framing, SyslogFormat, SyslogHandler};

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
    max_datagram: Option<usize>,
    max_message: Option<usize>,
    hold: Option<usize>,
    backoff: Option<(Duration, Duration)>,
    connect_timeout: Option<Duration>,
    send_timeout: Option<Duration>,
    common: SenderCommon,
    tls_ca_file: String,
    tls_cert_file: String,
    tls_key_file: String,
    tls_verify: Option<bool>,
}

impl SyslogHandlerBuilder {
    pub(crate) fn new(transport: i32, address: &str, port: u16) -> Self {
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
            max_datagram: None,
            max_message: None,
            hold: None,
            backoff: None,
            connect_timeout: None,
            send_timeout: None,
            common: SenderCommon::default(),
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
    /// TCP framing (default [`Framing::OctetCounting`]); TLS always counts
    /// octets (RFC 5425).
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
    /// Datagram size limit in bytes (default 65507, at least 64).
    pub fn max_datagram(mut self, bytes: usize) -> Self {
        self.max_datagram = Some(bytes);
        self
    }
    /// TCP and TLS: a longer message is cut at a UTF-8 boundary to this
    /// many bytes and counted as truncated, so that it stays within the
    /// receiver's limit (rsyslog's `maxMessageSize`, 8 KiB by default).
    /// 0 (the default) sends every message whole; else at least 64.
    pub fn max_message(mut self, bytes: usize) -> Self {
        self.max_message = Some(bytes);
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

    sender_common_setters!();

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
            severities: self.common.c_severities(),
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
        if let Some(bytes) = self.max_datagram {
            o.max_datagram = bytes;
        }
        if let Some(bytes) = self.max_message {
            o.max_message = bytes;
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
        self.common.apply(
            &texts.severities,
            SenderFields {
                severities: &mut o.severities,
                severity_count: &mut o.severity_count,
                default_severity: &mut o.default_severity,
                queue: &mut o.queue,
            },
        )?;
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
        assert_eq!(o.max_message, d.max_message);
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

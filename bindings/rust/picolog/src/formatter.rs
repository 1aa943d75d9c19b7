//! Formatter: a pattern in Python's syntax compiled once by the runtime, or
//! the JSON formatter.

use std::ptr::{self, NonNull};

use picolog_sys as sys;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi::c_string;
use crate::record::RecordView;

/// How fields are written in a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Style {
    /// `%(name)s`, `%(levelname)-8s`, `%(lineno)d`, `%%`.
    #[default]
    Percent,
    /// `{name}`, `{levelname:<8}`, `{lineno:d}`, `{{ }}`.
    Brace,
}

/// An immutable, compiled formatter; attach it with
/// [`Handler::set_formatter`](crate::Handler::set_formatter).
///
/// ```
/// use picolog::{Formatter, Style};
/// let f = Formatter::new("%(asctime)s %(levelname)-8s %(name)s: %(message)s", None, Style::Percent);
/// assert!(f.is_ok());
/// let bad = Formatter::new("%(message", None, Style::Percent).unwrap_err();
/// assert_eq!(bad.kind(), picolog::ErrorKind::Format);
/// ```
pub struct Formatter {
    raw: NonNull<sys::picolog_formatter>,
}

// SAFETY: formatters are immutable once built and may be used from any
// thread.
unsafe impl Send for Formatter {}
unsafe impl Sync for Formatter {}

impl Formatter {
    /// Compiles `fmt` (`%(message)s` style or `{message}` style); `datefmt`
    /// is strftime syntax for `asctime` (None: `%Y-%m-%d %H:%M:%S,mmm`).
    /// A bad pattern is [`ErrorKind::Format`] here, never at log time.
    pub fn new(fmt: &str, datefmt: Option<&str>, style: Style) -> Result<Formatter> {
        let fmt = c_string("format pattern", fmt)?;
        let datefmt = datefmt.map(|d| c_string("date format", d)).transpose()?;
        let style = match style {
            Style::Percent => sys::PICOLOG_STYLE_PERCENT,
            Style::Brace => sys::PICOLOG_STYLE_BRACE,
        };
        let mut out = ptr::null_mut();
        // SAFETY: the strings are valid C strings (or NULL); out is a valid
        // out pointer.
        check(unsafe {
            sys::picolog_formatter_new(
                &mut out,
                fmt.as_ptr(),
                datefmt.as_ref().map_or(ptr::null(), |d| d.as_ptr()),
                style,
            )
        })?;
        Formatter::owned(out)
    }

    /// One JSON object per record: time, level, logger, message, thread,
    /// process, file, line, func, exc_text and stack_info when set, then the
    /// structured fields. A field named like a member written before it is
    /// written as `field.<key>` (again prefixed while that name is taken).
    pub fn json() -> Result<Formatter> {
        let mut out = ptr::null_mut();
        // SAFETY: out is a valid out pointer.
        check(unsafe { sys::picolog_json_formatter_new(&mut out) })?;
        Formatter::owned(out)
    }

    fn owned(raw: *mut sys::picolog_formatter) -> Result<Formatter> {
        NonNull::new(raw)
            .map(|raw| Formatter { raw })
            .ok_or_else(|| Error::new(ErrorKind::Internal, "the runtime gave no formatter"))
    }

    /// Formats a record received in a callback.
    pub fn format(&self, record: &RecordView<'_>) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; 256];
        loop {
            let mut written = 0;
            // SAFETY: buf has buf.len() writable bytes; the record is live
            // during the callback that produced the view.
            let status = unsafe {
                sys::picolog_formatter_format(
                    self.as_ptr(),
                    record.as_ptr(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    &mut written,
                )
            };
            if status == sys::PICOLOG_ERANGE && written >= buf.len() {
                buf.resize(written + 1, 0);
                continue;
            }
            check(status)?;
            buf.truncate(written);
            return Ok(buf);
        }
    }

    /// The C handle, borrowed.
    pub fn as_ptr(&self) -> *mut sys::picolog_formatter {
        self.raw.as_ptr()
    }
}

impl Drop for Formatter {
    fn drop(&mut self) {
        // SAFETY: self holds one reference.
        unsafe { sys::picolog_formatter_release(self.as_ptr()) }
    }
}

impl std::fmt::Debug for Formatter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Formatter").finish_non_exhaustive()
    }
}

//! Errors of the safe API: a typed kind from the C status code plus the
//! message picolog_last_error() gave for the calling thread.

use std::fmt;

use picolog_sys as sys;

use crate::ffi::text;

/// What went wrong, one variant per `PICOLOG_E*` code of the C API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An argument is invalid (bad level, bad option, NUL inside a string).
    InvalidArgument,
    /// Out of memory.
    OutOfMemory,
    /// A format pattern or date format is invalid.
    Format,
    /// An open, write or flush failed.
    Io,
    /// A queue stayed full for the whole timeout; the record was dropped.
    TimedOut,
    /// A full queue dropped the record (drop-newest policy).
    Dropped,
    /// An output buffer was too small.
    Range,
    /// The object is closed or stopped, or the `log` backend is already set.
    State,
    /// No such level name, handler or filter.
    NotFound,
    /// An unexpected internal failure.
    Internal,
    /// A code this version of the crate does not know.
    Other(i32),
}

impl ErrorKind {
    /// The kind of a negative C status code.
    pub fn from_code(code: i32) -> ErrorKind {
        match code {
            sys::PICOLOG_EINVAL => ErrorKind::InvalidArgument,
            sys::PICOLOG_ENOMEM => ErrorKind::OutOfMemory,
            sys::PICOLOG_EFORMAT => ErrorKind::Format,
            sys::PICOLOG_EIO => ErrorKind::Io,
            sys::PICOLOG_ETIMEDOUT => ErrorKind::TimedOut,
            sys::PICOLOG_EDROPPED => ErrorKind::Dropped,
            sys::PICOLOG_ERANGE => ErrorKind::Range,
            sys::PICOLOG_ESTATE => ErrorKind::State,
            sys::PICOLOG_ENOTFOUND => ErrorKind::NotFound,
            sys::PICOLOG_EINTERNAL => ErrorKind::Internal,
            other => ErrorKind::Other(other),
        }
    }

    /// The C status code of this kind.
    pub fn code(self) -> i32 {
        match self {
            ErrorKind::InvalidArgument => sys::PICOLOG_EINVAL,
            ErrorKind::OutOfMemory => sys::PICOLOG_ENOMEM,
            ErrorKind::Format => sys::PICOLOG_EFORMAT,
            ErrorKind::Io => sys::PICOLOG_EIO,
            ErrorKind::TimedOut => sys::PICOLOG_ETIMEDOUT,
            ErrorKind::Dropped => sys::PICOLOG_EDROPPED,
            ErrorKind::Range => sys::PICOLOG_ERANGE,
            ErrorKind::State => sys::PICOLOG_ESTATE,
            ErrorKind::NotFound => sys::PICOLOG_ENOTFOUND,
            ErrorKind::Internal => sys::PICOLOG_EINTERNAL,
            ErrorKind::Other(code) => code,
        }
    }
}

/// A failed picolog call: its kind and a message saying what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

/// The result of a picolog call.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error raised on the Rust side, before reaching the C API.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// The error of a C call that returned `code`, with the calling thread's
    /// last error message (or the code's static description when there is
    /// none).
    pub(crate) fn from_last(code: i32) -> Error {
        // SAFETY: both functions return static or thread-local NUL-terminated
        // strings that stay valid until the next picolog call in this thread;
        // they are copied at once.
        let last = unsafe { text(sys::picolog_last_error()) };
        let message = if last.is_empty() {
            unsafe { text(sys::picolog_strerror(code)) }
        } else {
            last
        };
        Error::new(ErrorKind::from_code(code), message.into_owned())
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message describing the failure.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:?})", self.message, self.kind)
    }
}

impl std::error::Error for Error {}

/// Ok for a non-negative status, else the error with the last message.
pub(crate) fn check(status: i32) -> Result<i32> {
    if status < 0 {
        Err(Error::from_last(status))
    } else {
        Ok(status)
    }
}

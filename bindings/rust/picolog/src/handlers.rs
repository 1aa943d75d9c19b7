//! Builders of the runtime's writing handlers: files, file descriptors and
//! the null handler.

use std::os::fd::RawFd;
use std::path::{Path, PathBuf};
use std::ptr;
use std::time::Duration;

use picolog_sys as sys;

use crate::defaults;
use crate::error::{check, Error, ErrorKind, Result};
use crate::handler::Handler;
use crate::level::Level;

/// When a file handler writes to the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FlushPolicy {
    /// Write and flush each record (Python's behaviour).
    #[default]
    EveryRecord,
    /// Buffer; flush when the buffer is full, at the flush level, or after
    /// the flush interval.
    Buffered,
}

/// A handler writing to a file.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let handler = picolog::FileHandler::builder(dir.path().join("app.log"))
///     .truncate(true)
///     .flush_policy(picolog::FlushPolicy::Buffered)
///     .buffer_size(1 << 20)
///     .build()
///     .unwrap();
/// let log = picolog::get_logger("doc.file").unwrap();
/// log.add_handler(&handler).unwrap();
/// log.error("written at once: ERROR is the default flush level");
/// ```
pub struct FileHandler;

impl FileHandler {
    /// Options for a handler appending to `path`.
    pub fn builder(path: impl Into<PathBuf>) -> FileHandlerBuilder {
        FileHandlerBuilder {
            path: path.into(),
            truncate: None,
            mode: None,
            delay: None,
            flush_policy: None,
            flush_level: None,
            flush_interval: None,
            buffer_size: None,
        }
    }
}

/// Options of a [`FileHandler`]; what is not set takes the library's
/// defaults (`picolog_file_options_init`).
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until build() is called"]
pub struct FileHandlerBuilder {
    path: PathBuf,
    truncate: Option<bool>,
    mode: Option<u32>,
    delay: Option<bool>,
    flush_policy: Option<FlushPolicy>,
    flush_level: Option<Level>,
    flush_interval: Option<Duration>,
    buffer_size: Option<usize>,
}

impl FileHandlerBuilder {
    /// Truncate the file on open instead of appending (default false).
    pub fn truncate(mut self, truncate: bool) -> Self {
        self.truncate = Some(truncate);
        self
    }

    /// Permission bits of a new file (default 0o644).
    pub fn mode(mut self, mode: u32) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Open the file on the first record instead of now (default false).
    pub fn delay(mut self, delay: bool) -> Self {
        self.delay = Some(delay);
        self
    }

    /// When records reach the file (default [`FlushPolicy::EveryRecord`]).
    pub fn flush_policy(mut self, policy: FlushPolicy) -> Self {
        self.flush_policy = Some(policy);
        self
    }

    /// Buffered: records at or above this level flush at once (default
    /// ERROR).
    pub fn flush_level(mut self, level: Level) -> Self {
        self.flush_level = Some(level);
        self
    }

    /// Buffered: flush when this much time passed since the last flush
    /// (default 1 s; zero: never). Rounded up to whole milliseconds.
    pub fn flush_interval(mut self, interval: Duration) -> Self {
        self.flush_interval = Some(interval);
        self
    }

    /// Buffered: the buffer's size in bytes (default 64 KiB).
    pub fn buffer_size(mut self, bytes: usize) -> Self {
        self.buffer_size = Some(bytes);
        self
    }

    /// Opens the file (unless delayed): [`ErrorKind::Io`] if it cannot be
    /// opened, [`ErrorKind::InvalidArgument`] for a bad option.
    pub fn build(self) -> Result<Handler> {
        let path = path_c_string(&self.path)?;
        let options = self.c_options()?;
        let mut out = ptr::null_mut();
        // SAFETY: path and options are valid for the call; out is a valid out
        // pointer.
        check(unsafe { sys::picolog_file_handler_new(&mut out, path.as_ptr(), &options) })?;
        Handler::owned(out)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The options as the C API takes them: the library's defaults with what
    /// the builder set.
    pub(crate) fn c_options(&self) -> Result<sys::picolog_file_options> {
        let mut options = defaults::options(
            sys::picolog_file_options_init,
            sys::PICOLOG_FILE_OPTIONS_VERSION,
        )?;
        if let Some(truncate) = self.truncate {
            options.truncate = i32::from(truncate);
        }
        if let Some(mode) = self.mode {
            options.mode = mode;
        }
        if let Some(delay) = self.delay {
            options.delay = i32::from(delay);
        }
        if let Some(policy) = self.flush_policy {
            options.flush_policy = match policy {
                FlushPolicy::EveryRecord => sys::PICOLOG_FLUSH_EVERY_RECORD,
                FlushPolicy::Buffered => sys::PICOLOG_FLUSH_BUFFERED,
            };
        }
        if let Some(level) = self.flush_level {
            options.flush_level = level.value();
        }
        if let Some(interval) = self.flush_interval {
            options.flush_interval_ms = millis("flush interval", interval)?;
        }
        if let Some(bytes) = self.buffer_size {
            options.buffer_size = bytes;
        }
        Ok(options)
    }
}

pub(crate) fn path_c_string(path: &Path) -> Result<std::ffi::CString> {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(|_| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("file path {} contains a NUL byte", path.display()),
        )
    })
}

/// `duration` in whole milliseconds for a 32-bit C option, rounded up: to
/// the C options zero often means "never" or is invalid, which a duration
/// shorter than a millisecond is not.
pub(crate) fn millis(what: &str, duration: Duration) -> Result<u32> {
    u32::try_from(duration.as_nanos().div_ceil(1_000_000)).map_err(|_| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("{what} of {duration:?} exceeds {} ms", u32::MAX),
        )
    })
}

/// A handler writing each record with one `write(2)` to a file descriptor.
pub struct StreamHandler;

impl StreamHandler {
    /// Writes to standard error.
    pub fn stderr() -> Result<Handler> {
        StreamHandler::fd(sys::PICOLOG_STDERR)
    }

    /// Writes to standard output.
    pub fn stdout() -> Result<Handler> {
        StreamHandler::fd(sys::PICOLOG_STDOUT)
    }

    /// Writes to an open descriptor, which the handler does not close; the
    /// caller keeps it open while the handler lives.
    pub fn fd(fd: RawFd) -> Result<Handler> {
        let mut out = ptr::null_mut();
        // SAFETY: out is a valid out pointer.
        check(unsafe { sys::picolog_stream_handler_new(&mut out, fd) })?;
        Handler::owned(out)
    }
}

/// A handler that discards everything.
pub struct NullHandler;

impl NullHandler {
    #[allow(clippy::new_ret_no_self)]
    /// A new null handler.
    pub fn new() -> Result<Handler> {
        let mut out = ptr::null_mut();
        // SAFETY: out is a valid out pointer.
        check(unsafe { sys::picolog_null_handler_new(&mut out) })?;
        Handler::owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flush_interval_ms(interval: Duration) -> u32 {
        FileHandler::builder("unused.log")
            .flush_interval(interval)
            .c_options()
            .unwrap()
            .flush_interval_ms
    }

    // Zero means "never" to the C library: an interval shorter than a
    // millisecond must not become it.
    #[test]
    fn flush_intervals_round_up_to_whole_milliseconds() {
        assert_eq!(flush_interval_ms(Duration::from_micros(500)), 1);
        assert_eq!(flush_interval_ms(Duration::from_nanos(1)), 1);
        assert_eq!(flush_interval_ms(Duration::from_micros(1500)), 2);
        assert_eq!(flush_interval_ms(Duration::from_millis(250)), 250);
        assert_eq!(flush_interval_ms(Duration::ZERO), 0);
    }
}

//! Builders of the rotating file handlers: by size (Python's
//! `RotatingFileHandler`) and by time (`TimedRotatingFileHandler`).

use std::path::PathBuf;
use std::ptr;

use picolog_sys as sys;

use crate::defaults;
use crate::error::{check, Error, ErrorKind, Result};
use crate::handler::Handler;
use crate::handlers::{path_c_string, FileHandlerBuilder};
use crate::rotation_options::{rotation_common_setters, RotationCommon};

/// A file handler rotating by size: before a line would make the file reach
/// `max_bytes`, `app.log` becomes `app.log.1`, `app.log.1` becomes
/// `app.log.2` ... up to `backup_count` files.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let handler = picolog::RotatingFileHandler::builder(dir.path().join("app.log"))
///     .max_bytes(10 << 20)
///     .backup_count(5)
///     .file(|f| f.flush_policy(picolog::FlushPolicy::Buffered))
///     .build()
///     .unwrap();
/// picolog::get_logger("doc.rotating").unwrap().add_handler(&handler).unwrap();
/// ```
pub struct RotatingFileHandler;

impl RotatingFileHandler {
    /// Options for a handler writing `path` (no rotation until both
    /// `max_bytes` and `backup_count` are set above zero).
    pub fn builder(path: impl Into<PathBuf>) -> RotatingFileHandlerBuilder {
        RotatingFileHandlerBuilder {
            common: RotationCommon::new(path),
            max_bytes: 0,
            backup_count: 0,
        }
    }
}

/// Options of a [`RotatingFileHandler`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until build() is called"]
pub struct RotatingFileHandlerBuilder {
    common: RotationCommon,
    max_bytes: u64,
    backup_count: u32,
}

impl RotatingFileHandlerBuilder {
    /// Rotate before a line would make the file reach this size (0: never).
    pub fn max_bytes(mut self, bytes: u64) -> Self {
        self.max_bytes = bytes;
        self
    }

    /// Keep this many rotated files (0: never rotate); with
    /// [`compress`](Self::compress) the `.gz` files count.
    pub fn backup_count(mut self, count: u32) -> Self {
        self.backup_count = count;
        self
    }

    rotation_common_setters!();

    /// Opens the file (unless delayed): [`ErrorKind::Io`] if it cannot be
    /// opened, [`ErrorKind::InvalidArgument`] for a bad option.
    pub fn build(self) -> Result<Handler> {
        let path = path_c_string(self.common.file.path())?;
        let file = self.common.file.c_options()?;
        let mut rotation = defaults::options(
            sys::picolog_rotating_file_options_init,
            sys::PICOLOG_ROTATING_FILE_OPTIONS_VERSION,
        )?;
        rotation.max_bytes = self.max_bytes;
        rotation.backup_count = self.backup_count;
        rotation.max_age_days = self.common.max_age_days;
        rotation.multiprocess = i32::from(self.common.multiprocess);
        rotation.compress = i32::from(self.common.compress);
        let mut out = ptr::null_mut();
        // SAFETY: every pointer is valid for the call; no hooks.
        check(unsafe {
            sys::picolog_rotating_file_handler_new(
                &mut out,
                path.as_ptr(),
                &rotation,
                &file,
                ptr::null(),
            )
        })?;
        Handler::owned(out)
    }
}

/// When a [`TimedRotatingFileHandler`] rotates (Python's `when`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// Every `interval` seconds (`'S'`).
    Seconds,
    /// Every `interval` minutes (`'M'`).
    Minutes,
    /// Every `interval` hours (`'H'`).
    Hours,
    /// Every `interval` days (`'D'`).
    Days,
    /// At midnight, or at the `at_time` of the day (`'midnight'`).
    Midnight,
    /// On a weekday, 0 Monday to 6 Sunday (`'W0'`-`'W6'`).
    Weekday(u8),
}

/// A file handler rotating by time: `app.log` becomes
/// `app.log.2024-03-08_12` (the start of the interval, in Python's format),
/// and the oldest rotated files beyond `backup_count` are deleted.
pub struct TimedRotatingFileHandler;

impl TimedRotatingFileHandler {
    /// Options for a handler writing `path`, rotating every hour.
    pub fn builder(path: impl Into<PathBuf>) -> TimedRotatingFileHandlerBuilder {
        TimedRotatingFileHandlerBuilder {
            common: RotationCommon::new(path),
            when: When::Hours,
            interval: 1,
            backup_count: 0,
            utc: false,
            at_time: None,
        }
    }
}

/// Options of a [`TimedRotatingFileHandler`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until build() is called"]
pub struct TimedRotatingFileHandlerBuilder {
    common: RotationCommon,
    when: When,
    interval: u32,
    backup_count: u32,
    utc: bool,
    at_time: Option<(u32, u32, u32)>,
}

impl TimedRotatingFileHandlerBuilder {
    /// The unit of the interval (default [`When::Hours`]).
    pub fn when(mut self, when: When) -> Self {
        self.when = when;
        self
    }

    /// Units of `when` between rotations (default 1).
    pub fn interval(mut self, interval: u32) -> Self {
        self.interval = interval;
        self
    }

    /// Keep this many rotated files (0, the default: keep all).
    pub fn backup_count(mut self, count: u32) -> Self {
        self.backup_count = count;
        self
    }

    /// Name and time rotations in UTC instead of local time.
    pub fn utc(mut self, utc: bool) -> Self {
        self.utc = utc;
        self
    }

    /// Midnight and weekly: rotate at this time of day instead (hour below
    /// 24, minute and second below 60).
    pub fn at_time(mut self, hour: u32, minute: u32, second: u32) -> Self {
        self.at_time = Some((hour, minute, second));
        self
    }

    rotation_common_setters!();

    /// Opens the file (unless delayed); [`ErrorKind::InvalidArgument`] for a
    /// bad option (interval 0, weekday above 6, an `at_time` that is no
    /// time of day).
    pub fn build(self) -> Result<Handler> {
        let path = path_c_string(self.common.file.path())?;
        let file = self.common.file.c_options()?;
        let (when, weekday) = match self.when {
            When::Seconds => (sys::PICOLOG_ROTATE_SECONDS, 0),
            When::Minutes => (sys::PICOLOG_ROTATE_MINUTES, 0),
            When::Hours => (sys::PICOLOG_ROTATE_HOURS, 0),
            When::Days => (sys::PICOLOG_ROTATE_DAYS, 0),
            When::Midnight => (sys::PICOLOG_ROTATE_MIDNIGHT, 0),
            When::Weekday(day) => (sys::PICOLOG_ROTATE_WEEKDAY, i32::from(day)),
        };
        let at_time_seconds = match self.at_time {
            None => -1,
            Some((hour, minute, second)) if hour < 24 && minute < 60 && second < 60 => {
                // At most 86 399: fits.
                ((hour * 60 + minute) * 60 + second) as i32
            }
            Some((hour, minute, second)) => {
                return Err(Error::new(
                    ErrorKind::InvalidArgument,
                    format!("at_time {hour}:{minute:02}:{second:02} is not a time of day"),
                ))
            }
        };
        let mut rotation = defaults::options(
            sys::picolog_timed_rotating_file_options_init,
            sys::PICOLOG_TIMED_ROTATING_FILE_OPTIONS_VERSION,
        )?;
        rotation.when = when;
        rotation.weekday = weekday;
        rotation.interval = self.interval;
        rotation.backup_count = self.backup_count;
        rotation.utc = i32::from(self.utc);
        rotation.at_time_seconds = at_time_seconds;
        rotation.compress = i32::from(self.common.compress);
        rotation.max_age_days = self.common.max_age_days;
        rotation.multiprocess = i32::from(self.common.multiprocess);
        let mut out = ptr::null_mut();
        // SAFETY: every pointer is valid for the call; no hooks.
        check(unsafe {
            sys::picolog_timed_rotating_file_handler_new(
                &mut out,
                path.as_ptr(),
                &rotation,
                &file,
                ptr::null(),
            )
        })?;
        Handler::owned(out)
    }
}

/// What a rotating handler has done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RotationStats {
    /// Rotations completed.
    pub rotations: u64,
    /// Renames that failed; writing went on to the current file.
    pub rotation_failures: u64,
    /// Time rotation: the next rollover in seconds since the epoch (0 for
    /// size rotation).
    pub rollover_at: i64,
}

impl Handler {
    /// The counters of a rotating handler; [`ErrorKind::InvalidArgument`]
    /// for a handler that does not rotate.
    pub fn rotation_stats(&self) -> Result<RotationStats> {
        let mut out = sys::picolog_rotation_stats {
            rotations: 0,
            rotation_failures: 0,
            rollover_at: 0,
        };
        // SAFETY: the handle is live; out is valid and sized.
        check(unsafe {
            sys::picolog_rotation_stats_get(
                self.as_ptr(),
                &mut out,
                std::mem::size_of::<sys::picolog_rotation_stats>(),
            )
        })?;
        Ok(RotationStats {
            rotations: out.rotations,
            rotation_failures: out.rotation_failures,
            rollover_at: out.rollover_at,
        })
    }

    /// The rollover time a time-rotating handler's schedule gives a file
    /// last written at `current_time` (seconds since the epoch), by the rules
    /// the handler follows itself (Python's `computeRollover`);
    /// [`ErrorKind::InvalidArgument`] for a handler that does not rotate by
    /// time, or a time beyond 2^53 seconds either way.
    pub fn compute_rollover(&self, current_time: i64) -> Result<i64> {
        let mut out = 0i64;
        // SAFETY: the handle is live; out is valid.
        check(unsafe {
            sys::picolog_rotation_compute_rollover(self.as_ptr(), current_time, &mut out)
        })?;
        Ok(out)
    }

    /// Rotates a rotating handler now (Python's `doRollover()`).
    pub fn rollover_now(&self) -> Result<()> {
        // SAFETY: the handle is live.
        check(unsafe { sys::picolog_rotation_rollover_now(self.as_ptr()) })?;
        Ok(())
    }
}

/// A file handler for files another program rotates (Python's
/// `WatchedFileHandler`): before each record it stats the path and reopens
/// it when the file was renamed or removed.
pub struct WatchedFileHandler;

impl WatchedFileHandler {
    /// A watched handler on `path` with the options of `file` (see
    /// [`FileHandler::builder`]).
    pub fn build(file: FileHandlerBuilder) -> Result<Handler> {
        let path = path_c_string(file.path())?;
        let options = file.c_options()?;
        let mut out = ptr::null_mut();
        // SAFETY: every pointer is valid for the call.
        check(unsafe { sys::picolog_watched_file_handler_new(&mut out, path.as_ptr(), &options) })?;
        Handler::owned(out)
    }
}

/// Makes every file handler reopen its file before its next record (after
/// logrotate's `create`). Async-signal-safe: it may be called from a
/// `SIGHUP` handler.
pub fn reopen_files() {
    // SAFETY: no arguments; only an atomic increment.
    unsafe { sys::picolog_reopen_files() }
}

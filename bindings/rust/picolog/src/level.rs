//! Log levels: Python's level numbers, standard or custom.

use std::borrow::Cow;
use std::fmt;

use picolog_sys as sys;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi::{c_string, text};

/// A log level: one of the standard constants or any other number >= 0.
///
/// A newtype rather than an enum, so every level number, standard or custom,
/// has exactly one representation: `Level::new(20)` *is* `Level::INFO`.
/// Levels compare by number.
///
/// ```
/// use picolog::Level;
/// assert_eq!(Level::new(20).unwrap(), Level::INFO);
/// assert!(Level::ERROR > Level::WARNING);
/// assert!(Level::new(-1).is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Level(i32);

impl Level {
    /// For a logger: inherit the parent's level. For a handler: everything.
    pub const NOTSET: Level = Level(sys::PICOLOG_NOTSET);
    /// 5: Finer than DEBUG.
    pub const TRACE: Level = Level(sys::PICOLOG_TRACE);
    /// 10: Detail for diagnosis.
    pub const DEBUG: Level = Level(sys::PICOLOG_DEBUG);
    /// 20: Things working as expected.
    pub const INFO: Level = Level(sys::PICOLOG_INFO);
    /// 30: Something unexpected, still working; the root logger's initial level.
    pub const WARNING: Level = Level(sys::PICOLOG_WARNING);
    /// 40: A failure of one operation.
    pub const ERROR: Level = Level(sys::PICOLOG_ERROR);
    /// 50: A failure of the program.
    pub const CRITICAL: Level = Level(sys::PICOLOG_CRITICAL);

    /// The level with this number; negative numbers are invalid.
    pub fn new(value: i32) -> Result<Level> {
        if value < 0 {
            Err(Error::new(
                ErrorKind::InvalidArgument,
                format!("level {value} is negative"),
            ))
        } else {
            Ok(Level(value))
        }
    }

    /// A level from a number the C API returned, which is never negative.
    pub(crate) fn from_raw(value: i32) -> Level {
        Level(value.max(0))
    }

    /// Names `value` (a custom level, or a new name for a standard one) and
    /// returns its level, as Python's `logging.addLevelName`.
    ///
    /// ```
    /// let notice = picolog::Level::custom(25, "NOTICE").unwrap();
    /// assert_eq!(notice.name(), "NOTICE");
    /// ```
    pub fn custom(value: i32, name: &str) -> Result<Level> {
        let level = Level::new(value)?;
        let name = c_string("level name", name)?;
        // SAFETY: name is a valid C string; the runtime copies it.
        check(unsafe { sys::picolog_add_level_name(value, name.as_ptr()) })?;
        Ok(level)
    }

    /// The level with this name ("INFO", a custom name), exact match.
    pub fn from_name(name: &str) -> Result<Level> {
        let name = c_string("level name", name)?;
        let mut value = 0;
        // SAFETY: name is a valid C string and value a valid out pointer.
        check(unsafe { sys::picolog_level_from_name(name.as_ptr(), &mut value) })?;
        Ok(Level::from_raw(value))
    }

    /// The level's number.
    pub fn value(self) -> i32 {
        self.0
    }

    /// "INFO", a custom name, or "Level N" for an unnamed level.
    pub fn name(self) -> Cow<'static, str> {
        // SAFETY: level names are valid until the process exits.
        unsafe { text(sys::picolog_level_name(self.0)) }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl fmt::Debug for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Level({})", self.0)
    }
}

impl From<log::Level> for Level {
    fn from(level: log::Level) -> Level {
        match level {
            log::Level::Error => Level::ERROR,
            log::Level::Warn => Level::WARNING,
            log::Level::Info => Level::INFO,
            log::Level::Debug => Level::DEBUG,
            log::Level::Trace => Level::TRACE,
        }
    }
}

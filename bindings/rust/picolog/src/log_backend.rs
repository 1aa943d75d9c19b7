//! The backend of the `log` facade: `log::info!` and friends land in the
//! shared runtime, and `log::max_level` follows picolog's levels, whichever
//! language changes them.
//!
//! ```no_run
//! picolog::log_backend::init().unwrap();
//! picolog::root().add_handler(&picolog::StreamHandler::stderr().unwrap()).unwrap();
//! log::warn!(target: "app::db", user = "ada"; "slow query");
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::os::raw::c_void;
use std::ptr;

use log::kv::{Key, Value, VisitSource};
use log::LevelFilter;
use picolog_sys as sys;

use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi::guard;
use crate::level::Level;
use crate::logger::{get_logger, Logger};
use crate::record_info::RecordInfo;
use crate::runtime::flush_all;

/// Installs picolog as the `log` facade's logger (once per process) and
/// keeps `log::max_level` at the lowest level any picolog logger processes.
///
/// Targets name loggers with `::` read as `.`: target "app::db" logs through
/// logger "app.db". Records carry the file, line, module path (as
/// `funcName`) and key-values (as structured fields, written with Display).
/// When `PICOLOG_LEVEL` is unset, `RUST_LOG` is applied as level directives
/// (the same grammar: `warn,my_crate::db=debug`).
/// Fails with [`ErrorKind::State`] when a `log` logger is already set.
pub fn init() -> Result<()> {
    log::set_logger(&PICOLOG).map_err(|_| {
        Error::new(
            ErrorKind::State,
            "a logger for the log facade is already installed",
        )
    })?;
    // SAFETY: the listener is a plain function that takes no userdata.
    check(unsafe { sys::picolog_add_level_listener(Some(follow_levels), ptr::null_mut()) })?;
    crate::config::apply_rust_log();
    sync_max_level();
    Ok(())
}

/// The most verbose `log` level that some picolog logger still processes.
pub(crate) fn max_level_for(threshold: i32) -> LevelFilter {
    let most_verbose_first = [
        log::Level::Trace,
        log::Level::Debug,
        log::Level::Info,
        log::Level::Warn,
        log::Level::Error,
    ];
    most_verbose_first
        .into_iter()
        .find(|&l| Level::from(l).value() >= threshold)
        .map_or(LevelFilter::Off, |l| l.to_level_filter())
}

fn sync_max_level() {
    // SAFETY: no arguments.
    log::set_max_level(max_level_for(unsafe { sys::picolog_min_threshold() }));
}

unsafe extern "C" fn follow_levels(_userdata: *mut c_void) {
    guard((), sync_max_level);
}

struct Picolog;

static PICOLOG: Picolog = Picolog;

/// FNV-1a: target names are short, and SipHash would cost more than the
/// rest of the lookup.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = self.0;
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type TargetCache = HashMap<Box<str>, Logger, BuildHasherDefault<Fnv>>;

/// Reused buffers for one thread's log calls, so that a call allocates
/// nothing once they have grown.
#[derive(Default)]
struct Scratch {
    message: String,
    info: RecordInfo,
}

thread_local! {
    /// Loggers never die, so each thread keeps its target -> logger map
    /// without locks or invalidation.
    static LOGGERS: RefCell<TargetCache> = RefCell::new(TargetCache::default());
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

fn lookup(target: &str) -> Option<Logger> {
    if target.contains("::") {
        get_logger(&target.replace("::", ".")).ok()
    } else {
        get_logger(target).ok()
    }
}

pub(crate) fn logger_for(target: &str) -> Option<Logger> {
    LOGGERS
        .try_with(|cache| {
            if let Some(&logger) = cache.try_borrow().ok()?.get(target) {
                return Some(logger);
            }
            let logger = lookup(target)?;
            if let Ok(mut cache) = cache.try_borrow_mut() {
                cache.insert(target.into(), logger);
            }
            Some(logger)
        })
        .unwrap_or_else(|_| lookup(target))
}

struct Fields<'a>(&'a mut RecordInfo);

impl<'kvs> VisitSource<'kvs> for Fields<'_> {
    fn visit_pair(
        &mut self,
        key: Key<'kvs>,
        value: Value<'kvs>,
    ) -> std::result::Result<(), log::kv::Error> {
        self.0.push_field(key.as_str(), &value);
        Ok(())
    }
}

fn emit(logger: Logger, level: Level, record: &log::Record<'_>, scratch: &mut Scratch) {
    let Scratch { message, info } = scratch;
    let text = match record.args().as_str() {
        Some(text) => text,
        None => {
            message.clear();
            // Writing into a String fails only if a Display impl does; the
            // partial message is still worth logging.
            let _ = write!(message, "{}", record.args());
            message.as_str()
        }
    };
    info.clear();
    info.set_location(record.file(), record.line(), record.module_path());
    let _ = record.key_values().visit(&mut Fields(info));
    // A queue's drop is counted in its stats; log::Log has no way to say so.
    let _ = logger.log_with(level, text, info);
}

impl log::Log for Picolog {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        logger_for(metadata.target()).is_some_and(|l| l.is_enabled_for(metadata.level().into()))
    }

    fn log(&self, record: &log::Record<'_>) {
        let level = Level::from(record.level());
        let Some(logger) = logger_for(record.target()) else {
            return;
        };
        if !logger.is_enabled_for(level) {
            return;
        }
        // A handler closure that logs again lands here re-entrantly; it gets
        // fresh buffers instead of the ones in use.
        let reused = SCRATCH.try_with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                emit(logger, level, record, &mut scratch);
                true
            }
            Err(_) => false,
        });
        if reused != Ok(true) {
            emit(logger, level, record, &mut Scratch::default());
        }
    }

    fn flush(&self) {
        let _ = flush_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_level_follows_the_lowest_threshold() {
        assert_eq!(max_level_for(0), LevelFilter::Trace);
        assert_eq!(max_level_for(5), LevelFilter::Trace);
        assert_eq!(max_level_for(6), LevelFilter::Debug);
        assert_eq!(max_level_for(20), LevelFilter::Info);
        assert_eq!(max_level_for(21), LevelFilter::Warn);
        assert_eq!(max_level_for(40), LevelFilter::Error);
        assert_eq!(max_level_for(41), LevelFilter::Off);
    }

    #[test]
    fn fnv_hashes_differ_for_different_targets() {
        let hash = |s: &str| {
            let mut h = Fnv::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("app.db"), hash("app.dc"));
        assert_eq!(hash("app"), hash("app"));
    }
}

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
use std::fmt::Write as _;
use std::os::raw::c_void;
use std::ptr;

use log::kv::{Key, Value, VisitSource};
use log::LevelFilter;
use picolog_sys as sys;

use crate::callsite::{logger_for, with_site, Site};
use crate::error::{check, Error, ErrorKind, Result};
use crate::ffi::guard;
use crate::level::Level;
use crate::logger::Logger;
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
    sync_max_level_from(|| unsafe { sys::picolog_min_threshold() });
}

/// Stores the max level for the lowest threshold, then reads the threshold
/// again and stores once more if it moved meanwhile. Two threads changing
/// levels at once each call this after their change; without the second
/// read, the one that read the older threshold could store last and leave
/// `log::max_level` stricter than picolog's levels until the next change.
/// With it, the last store is of a threshold still current after it, and a
/// change after that read has its own call to come. No lock: a listener
/// must not wait for another thread's.
fn sync_max_level_from(mut threshold: impl FnMut() -> i32) {
    let mut seen = threshold();
    loop {
        log::set_max_level(max_level_for(seen));
        let now = threshold();
        if now == seen {
            return;
        }
        seen = now;
    }
}

unsafe extern "C" fn follow_levels(_userdata: *mut c_void) {
    guard((), sync_max_level);
}

struct Picolog;

static PICOLOG: Picolog = Picolog;

/// Reused buffers for one thread's log calls, so that a call allocates
/// nothing once they have grown.
#[derive(Default)]
struct Scratch {
    message: String,
    info: RecordInfo,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
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

/// The record's message: its literal text, or its arguments formatted into
/// the reused buffer (straight from the `Arguments`, not through a `{}`
/// around them, which would walk the formatting machinery twice).
fn message_of<'a>(record: &'a log::Record<'_>, message: &'a mut String) -> &'a str {
    match record.args().as_str() {
        Some(text) => text,
        None => {
            message.clear();
            // Writing into a String fails only if a Display impl does; the
            // partial message is still worth logging.
            let _ = message.write_fmt(*record.args());
            message.as_str()
        }
    }
}

/// The general path: any record, its location and key-values copied into
/// the reused RecordInfo.
fn emit(logger: Logger, level: Level, record: &log::Record<'_>, scratch: &mut Scratch) {
    let Scratch { message, info } = scratch;
    let text = message_of(record, message);
    info.clear();
    info.set_location(record.file(), record.line(), record.module_path());
    let _ = record.key_values().visit(&mut Fields(info));
    // A queue's drop is counted in its stats; log::Log has no way to say so.
    let _ = logger.log_with(level, text, info);
}

/// The common record, from a macro with no key-values: its callsite's
/// logger and location come resolved from this thread's cache, and only
/// the message is formatted, into the cache's buffer. False when it cannot
/// take this path.
fn emit_at_site(level: Level, record: &log::Record<'_>) -> bool {
    let (file, module) = (record.file_static(), record.module_path_static());
    if record.key_values().count() != 0
        || file.is_none() != record.file().is_none()
        || module.is_none() != record.module_path().is_none()
    {
        return false;
    }
    let site = Site {
        target: record.target(),
        file,
        module,
        line: record.line().unwrap_or(0),
    };
    with_site(site, |logger, info, message| {
        if !logger.is_enabled_for(level) {
            return;
        }
        let text = message_of(record, message);
        // SAFETY: the message and the info's strings stay valid during the
        // call. A queue's drop is counted in its stats; log::Log has no way
        // to say so.
        let _ = unsafe {
            sys::picolog_log_ex(
                logger.as_ptr(),
                level.value(),
                text.as_ptr().cast(),
                text.len(),
                info,
            )
        };
    })
    .is_some()
}

/// Any other record: key-values, a location that is not static, or a call
/// re-entered from a handler while this thread's callsite cache is in use.
fn emit_general(level: Level, record: &log::Record<'_>, scratch: &mut Scratch) {
    let Some(logger) = logger_for(record.target()) else {
        return;
    };
    if logger.is_enabled_for(level) {
        emit(logger, level, record, scratch);
    }
}

impl log::Log for Picolog {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        logger_for(metadata.target()).is_some_and(|l| l.is_enabled_for(metadata.level().into()))
    }

    fn log(&self, record: &log::Record<'_>) {
        let level = Level::from(record.level());
        if emit_at_site(level, record) {
            return;
        }
        // A handler closure that logs again lands here re-entrantly; it gets
        // fresh buffers instead of the ones in use.
        let reused = SCRATCH.try_with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                emit_general(level, record, &mut scratch);
                true
            }
            Err(_) => false,
        });
        if reused != Ok(true) {
            emit_general(level, record, &mut Scratch::default());
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
    fn a_threshold_lowered_during_a_sync_is_the_one_stored() {
        // This thread reads INFO's threshold; before it stores, another
        // thread lowers the threshold to DEBUG and runs its whole sync.
        let mut reads = 0;
        sync_max_level_from(|| {
            reads += 1;
            if reads == 1 {
                sync_max_level_from(|| 10);
                20
            } else {
                10
            }
        });
        assert_eq!(log::max_level(), LevelFilter::Debug);
    }
}

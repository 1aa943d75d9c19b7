//! The process's last resort: where a record goes that found no handler on
//! its logger or on any ancestor reached through propagate (Python's
//! `logging.lastResort`; see `picolog/last_resort.h`).

use picolog_sys as sys;

use crate::error::{check, Result};
use crate::handler::Handler;

/// Makes `handler` the last resort: it gets each record no handler took, as
/// if attached to the record's logger, so its own level and filters decide
/// (the runtime keeps its own reference until the next call). `None` makes
/// it none: such records are dropped, and the first one after this call
/// writes `No handlers could be found for logger "<name>"` to stderr.
/// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) for a
/// handler that belongs to a queue listener.
pub fn set_last_resort(handler: Option<&Handler>) -> Result<()> {
    let ptr = handler.map_or(std::ptr::null_mut(), Handler::as_ptr);
    // SAFETY: a live handle or NULL; the runtime takes its own reference.
    check(unsafe { sys::picolog_set_last_resort(ptr) }).map(drop)
}

/// Goes back to the built-in last resort (the default): records at WARNING
/// and above that no handler took are written to stderr as `%(message)s`.
pub fn reset_last_resort() {
    // SAFETY: no arguments; it cannot fail.
    unsafe { sys::picolog_reset_last_resort() };
}

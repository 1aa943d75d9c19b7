//! The opt-in drain on a fatal signal, and a panic hook that flushes.

use std::sync::Once;

use picolog_sys as sys;

use crate::error::{check, Result};
use crate::ffi::from_panic_hook;

/// On SIGSEGV, SIGBUS, SIGILL, SIGFPE or SIGABRT, writes what the queues and
/// buffered file handlers hold (native handlers only), then one CRITICAL
/// record naming the signal, then runs the handler installed before and
/// dies of the signal (see `picolog_install_crash_handler`).
///
/// Also installs, once, a panic hook that flushes every handler before
/// running the hook that was set before it, so a panicking thread's
/// records (and those queued before) are written even if the panic ends
/// the process. The hook runs for every panic, caught ones included.
/// Closures given to the runtime (handlers, filters, the error hook) are
/// not called by that flush on the panicking thread, since a panic inside
/// the panic hook would abort the process: a handler's skipped flush is not
/// counted as its failure, while a record that flush would have passed to a
/// closure (from a memory handler) is lost and counted. Queue listeners
/// call theirs as usual.
pub fn install_crash_handler() -> Result<()> {
    // SAFETY: no arguments.
    check(unsafe { sys::picolog_install_crash_handler() })?;
    static PANIC_HOOK: Once = Once::new();
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // SAFETY: no arguments. The runtime's callbacks into Rust do
            // not run here, so nothing can panic.
            from_panic_hook(|| unsafe { sys::picolog_flush_all() });
            previous(info);
        }));
    });
    Ok(())
}

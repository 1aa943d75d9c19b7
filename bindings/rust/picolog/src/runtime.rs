//! Process-wide operations of the runtime: flushing, shutdown, the error
//! hook, the global disable level and version information.

use std::borrow::Cow;
use std::os::raw::{c_char, c_void};
use std::ptr;
use std::sync::{Arc, Mutex, PoisonError};

use picolog_sys as sys;

use crate::error::{check, Result};
use crate::ffi::{c_string, guard, text};
use crate::level::Level;

/// Flushes every live handler, queues first (each waits for its listener).
/// Returns the first failure, after trying all.
pub fn flush_all() -> Result<()> {
    // SAFETY: no arguments.
    check(unsafe { sys::picolog_flush_all() }).map(drop)
}

/// Python's `logging.shutdown()`: drains and stops every queue listener,
/// then flushes and closes every handler. The runtime also does this at
/// process exit.
pub fn shutdown() -> Result<()> {
    // SAFETY: no arguments.
    check(unsafe { sys::picolog_shutdown() }).map(drop)
}

/// Python's `logging.disable(level)`: every record at or below `level` is
/// dropped by every logger; [`Level::NOTSET`] undoes it.
pub fn disable(level: Level) -> Result<()> {
    // SAFETY: no pointers.
    check(unsafe { sys::picolog_disable(level.value()) }).map(drop)
}

/// Names the calling thread for its records (`%(threadName)s`); None goes
/// back to the OS thread name.
pub fn set_thread_name(name: Option<&str>) -> Result<()> {
    let name = name.map(|n| c_string("thread name", n)).transpose()?;
    // SAFETY: name is a valid C string or NULL; the runtime copies it.
    check(unsafe {
        sys::picolog_set_thread_name(name.as_ref().map_or(ptr::null(), |n| n.as_ptr()))
    })
    .map(drop)
}

/// The address identifying the process's one runtime: every language that
/// reaches the same libpicolog sees the same value.
pub fn runtime_id() -> usize {
    // SAFETY: no arguments.
    unsafe { sys::picolog_runtime_id() as usize }
}

/// The version of the library actually loaded, e.g. "0.1.0".
pub fn version() -> Cow<'static, str> {
    // SAFETY: the version string is static.
    unsafe { text(sys::picolog_version()) }
}

/// The loaded library's version as MAJOR * 10000 + MINOR * 100 + PATCH;
/// compare with [`VERSION_NUMBER`] to check it is the one built against.
pub fn version_number() -> u32 {
    // SAFETY: no arguments.
    unsafe { sys::picolog_version_number() }
}

/// The version of picolog.h this crate was built against.
pub const VERSION_NUMBER: u32 = sys::PICOLOG_VERSION_NUMBER as u32;

type Hook = Arc<dyn Fn(&str) + Send + Sync>;

/// The installed hook. The C side gets one fixed trampoline, so replacing
/// the hook never frees a closure another thread may be running.
static ERROR_HOOK: Mutex<Option<Hook>> = Mutex::new(None);

unsafe extern "C" fn call_error_hook(message: *const c_char, _userdata: *mut c_void) {
    guard((), || {
        let hook = ERROR_HOOK
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        // SAFETY: the message is a NUL-terminated string valid for the call.
        let message = unsafe { text(message) };
        match hook {
            Some(hook) => hook(&message),
            None => eprintln!("picolog: {message}"),
        }
    });
}

/// Where handler failures are reported (the first of each kind): `hook` gets
/// the message, on whichever thread saw the failure. A panic inside it is
/// caught. Replaces any earlier hook, from any language, and returns once no
/// other thread is still in it; a hook may replace the hook from inside
/// itself. The replaced closure is dropped with no lock held, so what it
/// captured may log, or report an error, as it goes.
///
/// ```
/// picolog::set_error_hook(|message| eprintln!("logging trouble: {message}")).unwrap();
/// picolog::reset_error_hook().unwrap();
/// ```
pub fn set_error_hook(hook: impl Fn(&str) + Send + Sync + 'static) -> Result<()> {
    drop(replace_hook(Some(Arc::new(hook))));
    // SAFETY: the trampoline lives as long as the program and takes no
    // userdata.
    check(unsafe { sys::picolog_set_error_hook(Some(call_error_hook), ptr::null_mut()) }).map(drop)
}

/// Restores the default error hook, which writes one line to stderr.
pub fn reset_error_hook() -> Result<()> {
    // SAFETY: NULL restores the runtime's default.
    let status = check(unsafe { sys::picolog_set_error_hook(None, ptr::null_mut()) });
    drop(replace_hook(None));
    status.map(drop)
}

/// Installs `hook` and hands back the one it replaces, for the caller to
/// drop once the lock is released: the old closure's captures may report an
/// error as they go (a handler closing on its last reference, say), which
/// calls the hook and takes the lock again on this thread.
fn replace_hook(hook: Option<Hook>) -> Option<Hook> {
    std::mem::replace(
        &mut *ERROR_HOOK.lock().unwrap_or_else(PoisonError::into_inner),
        hook,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// How many drops of `NeedsTheLock` found the hook's lock free.
    static FREE_AT_DROP: AtomicUsize = AtomicUsize::new(0);

    /// Captured by a hook; its drop takes the hook's lock, as a drop that
    /// reports an error through the hook does.
    struct NeedsTheLock;

    impl Drop for NeedsTheLock {
        fn drop(&mut self) {
            if ERROR_HOOK.try_lock().is_ok() {
                FREE_AT_DROP.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    #[test]
    fn a_replaced_hook_is_dropped_outside_the_lock() {
        let state = NeedsTheLock;
        set_error_hook(move |_| {
            let _kept = &state;
        })
        .unwrap();
        set_error_hook(|_| ()).unwrap();
        assert_eq!(FREE_AT_DROP.load(Ordering::SeqCst), 1);

        let state = NeedsTheLock;
        set_error_hook(move |_| {
            let _kept = &state;
        })
        .unwrap();
        reset_error_hook().unwrap();
        assert_eq!(FREE_AT_DROP.load(Ordering::SeqCst), 2);
    }
}

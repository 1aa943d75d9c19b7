//! Small conversions at the C boundary: Rust strings to C strings, C strings
//! to Rust text, and the panic guard every callback runs inside.

use std::any::Any;
use std::borrow::Cow;
use std::cell::Cell;
use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{Error, ErrorKind, Result};

/// `text` as a C string; `what` names the argument in the error when it
/// holds a NUL byte, which C would read as the end of the string.
pub(crate) fn c_string(what: &str, text: &str) -> Result<CString> {
    CString::new(text).map_err(|_| {
        Error::new(
            ErrorKind::InvalidArgument,
            format!("{what} contains a NUL byte"),
        )
    })
}

/// Borrowed text of a C string; "" for NULL, invalid UTF-8 replaced.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn text<'a>(ptr: *const c_char) -> Cow<'a, str> {
    if ptr.is_null() {
        Cow::Borrowed("")
    } else {
        CStr::from_ptr(ptr).to_string_lossy()
    }
}

thread_local! {
    /// Set while this thread calls the runtime from the panic hook: a panic
    /// raised there aborts the process, whatever catches it.
    static IN_PANIC_HOOK: Cell<bool> = const { Cell::new(false) };
}

/// Runs a callback body so that a panic never unwinds into C: the panic is
/// reported by the panic hook as usual and `on_panic` is returned instead.
/// From inside the panic hook the body is not run at all (a second panic
/// there could not be caught), and `on_panic` is returned.
pub(crate) fn guard<R: Copy>(on_panic: R, body: impl FnOnce() -> R) -> R {
    guard_or_skip(on_panic, on_panic, body)
}

/// As [`guard`], but from inside the panic hook returns `skipped`: for a
/// callback whose not running loses nothing the runtime holds, such as a
/// flush, which then does not count as the handler's failure.
pub(crate) fn guard_or_skip<R>(skipped: R, on_panic: R, body: impl FnOnce() -> R) -> R {
    if IN_PANIC_HOOK.with(Cell::get) {
        return skipped;
    }
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            drop_payload(payload);
            on_panic
        }
    }
}

/// Drops a caught panic's payload. `panic_any` can raise a value whose own
/// drop panics, and that panic, outside the first `catch_unwind`, would
/// unwind into C and abort the process; it is caught too, and its payload
/// leaked rather than dropped, since dropping it could panic once more.
fn drop_payload(payload: Box<dyn Any + Send>) {
    if let Err(again) = catch_unwind(AssertUnwindSafe(move || drop(payload))) {
        std::mem::forget(again);
    }
}

/// Runs `body`, a call into the runtime made by the panic hook, with this
/// thread's callbacks turned off (see [`guard`]).
pub(crate) fn from_panic_hook<R>(body: impl FnOnce() -> R) -> R {
    IN_PANIC_HOOK.with(|flag| flag.set(true));
    let result = body();
    IN_PANIC_HOOK.with(|flag| flag.set(false));
    result
}

/// The destroy callback of a closure passed to C as userdata: frees the
/// `Box<T>` once the runtime drops its last reference.
///
/// # Safety
/// `userdata` came from `Box::<T>::into_raw` and is not used afterwards.
pub(crate) unsafe extern "C" fn drop_boxed<T>(userdata: *mut std::os::raw::c_void) {
    guard((), || drop(Box::from_raw(userdata.cast::<T>())));
}

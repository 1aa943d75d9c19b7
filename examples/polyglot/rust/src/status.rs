//! The error convention of the exported functions: a failure becomes -1 (or
//! a NULL/zero result) plus a message that `polyglot_rust_error` returns on
//! the same thread, and a panic becomes a failure too.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Any failure, described for a person.
pub type Failure = Box<dyn std::error::Error + Send + Sync>;

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

fn remember(message: &str) {
    let message = CString::new(message.replace('\0', " ")).unwrap_or_default();
    LAST_ERROR.with(|slot| *slot.borrow_mut() = message);
}

/// The message of the calling thread's last failure, valid until its next
/// failure.
pub fn last_error_ptr() -> *const c_char {
    LAST_ERROR.with(|slot| slot.borrow().as_ptr())
}

/// Runs `body`, turning an error or a panic into `on_failure`.
pub fn call<R>(on_failure: R, body: impl FnOnce() -> Result<R, Failure>) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(value)) => value,
        Ok(Err(error)) => {
            remember(&error.to_string());
            on_failure
        }
        Err(_) => {
            remember("panic in the Rust library");
            on_failure
        }
    }
}

/// `call` for functions that return a status: 0 or -1.
pub fn status(body: impl FnOnce() -> Result<(), Failure>) -> c_int {
    call(-1, || body().map(|()| 0))
}

/// The text of a C string argument; "" for NULL.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string live for the call.
pub unsafe fn text<'a>(ptr: *const c_char) -> Result<Cow<'a, str>, Failure> {
    if ptr.is_null() {
        return Ok(Cow::Borrowed(""));
    }
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    Ok(Cow::Borrowed(bytes.to_str()?))
}

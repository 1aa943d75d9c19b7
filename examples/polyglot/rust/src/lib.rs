//! The Rust library of the polyglot demo, loaded by Python through cffi
//! (declared in `polyglot_rust.h`). Its worker threads log through the safe
//! `picolog` crate into the same runtime as Python and C; a counting
//! handler written as a Rust closure shows records of every language
//! reaching Rust.
//!
//! Every exported function catches panics and reports failures through
//! `polyglot_rust_error`, so nothing unwinds into Python.

mod counter;
mod status;
mod tracing_calls;
mod workers;

use std::os::raw::{c_char, c_int, c_uint, c_void};
use std::ptr;
use std::sync::atomic::AtomicU32;

pub use counter::Counter;
use status::{call, last_error_ptr, status};
pub use workers::Stats;

/// Starts the workers and returns at once (see `polyglot_c_start`).
#[no_mangle]
pub extern "C" fn polyglot_rust_start(threads: c_uint, records: c_uint, flags: c_int) -> c_int {
    status(|| workers::start(threads, records, flags))
}

/// Waits until every worker reached the gate (or finished, ungated).
#[no_mangle]
pub extern "C" fn polyglot_rust_wait_gate() -> c_int {
    status(workers::wait_gate)
}

/// Opens the gate between the two phases.
#[no_mangle]
pub extern "C" fn polyglot_rust_release_gate() -> c_int {
    status(workers::release_gate)
}

/// Joins the workers and writes their summed counts to `out` (may be NULL).
///
/// # Safety
/// `out` is NULL or points to a writable `polyglot_stats`.
#[no_mangle]
pub unsafe extern "C" fn polyglot_rust_join(out: *mut Stats) -> c_int {
    status(|| {
        let stats = workers::join()?;
        // SAFETY: the caller passes NULL or a writable polyglot_stats.
        if let Some(out) = unsafe { out.as_mut() } {
            *out = stats;
        }
        Ok(())
    })
}

/// The flag a POLYGLOT_WAIT_GO run waits for.
#[no_mangle]
pub extern "C" fn polyglot_rust_go_flag() -> *const AtomicU32 {
    &workers::GO
}

/// 1 once every worker of the current run has logged its last record.
#[no_mangle]
pub extern "C" fn polyglot_rust_done_flag() -> *const AtomicU32 {
    &workers::DONE
}

/// The runtime id as the Rust crate sees it.
#[no_mangle]
pub extern "C" fn polyglot_rust_runtime_id() -> *const c_void {
    picolog::runtime_id() as *const c_void
}

/// The "app" logger as the Rust crate sees it; NULL on failure.
#[no_mangle]
pub extern "C" fn polyglot_rust_app_logger() -> *const c_void {
    call(ptr::null(), || {
        Ok(picolog::get_logger("app")?.as_ptr() as *const c_void)
    })
}

/// Why the last failed call of this library on this thread failed, or "".
#[no_mangle]
pub extern "C" fn polyglot_rust_error() -> *const c_char {
    last_error_ptr()
}

/// Attaches a new counting handler to the logger `logger_name`; NULL on
/// failure.
///
/// # Safety
/// `logger_name` is NULL (the root logger) or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn polyglot_rust_counter_attach(logger_name: *const c_char) -> *mut Counter {
    call(ptr::null_mut(), || {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let name = unsafe { status::text(logger_name) }?;
        Ok(Box::into_raw(Box::new(Counter::attach(&name)?)))
    })
}

/// Records the counter received from loggers named `prefix` or below it.
///
/// # Safety
/// `counter` came from `polyglot_rust_counter_attach` and is not detached;
/// `prefix` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn polyglot_rust_counter_count(
    counter: *const Counter,
    prefix: *const c_char,
) -> u64 {
    call(0, || {
        // SAFETY: the caller passes a live counter and a valid prefix.
        let counter = unsafe { counter.as_ref() }.ok_or("counter is NULL")?;
        let prefix = unsafe { status::text(prefix) }?;
        Ok(counter.count(&prefix))
    })
}

/// Detaches the counter from its logger and frees it.
///
/// # Safety
/// `counter` came from `polyglot_rust_counter_attach` and is not used
/// afterwards.
#[no_mangle]
pub unsafe extern "C" fn polyglot_rust_counter_detach(counter: *mut Counter) -> c_int {
    status(|| {
        if counter.is_null() {
            return Err("counter is NULL".into());
        }
        // SAFETY: the caller gives up a pointer from Box::into_raw.
        unsafe { Box::from_raw(counter) }.detach()
    })
}

/// A tracing INFO event to app.rust.request (see polyglot_rust.h).
///
/// # Safety
/// `message` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn polyglot_rust_log_request(message: *const c_char) -> c_int {
    status(|| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let message = unsafe { status::text(message) }?;
        tracing_calls::log_request(&message)
    })
}

/// A tracing DEBUG event to app.rust.tracing (see polyglot_rust.h).
///
/// # Safety
/// `message` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn polyglot_rust_tracing_debug(message: *const c_char) -> c_int {
    status(|| {
        // SAFETY: the caller passes NULL or a NUL-terminated string.
        let message = unsafe { status::text(message) }?;
        tracing_calls::debug(&message)
    })
}

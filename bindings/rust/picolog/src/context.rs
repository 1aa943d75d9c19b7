//! Context: fields the calling thread pushes once and every record it logs
//! carries, whichever language logs it (C code called inside a scope sees
//! them too). The record's own fields win a clash; an inner scope wins over
//! an outer one.
//!
//! ```
//! let log = picolog::get_logger("doc.context").unwrap();
//! picolog::context::scope(&[("request_id", "r-42")], || {
//!     log.info("handled"); // carries request_id=r-42
//! });
//! ```

use std::fmt::Display;
use std::marker::PhantomData;

use picolog_sys as sys;

use crate::error::{check, Result};
use crate::record_info::RecordInfo;

/// Pops its frame of the calling thread's context when dropped. Not `Send`:
/// a frame belongs to the thread that pushed it.
#[must_use = "the context is popped as soon as the guard is dropped"]
#[derive(Debug)]
pub struct ContextGuard {
    token: sys::picolog_context_token,
    not_send: PhantomData<*const ()>,
}

impl ContextGuard {
    /// The frame's C token (for `picolog_context_pop` by hand, rarely needed).
    pub fn token(&self) -> u64 {
        self.token
    }
}

impl Drop for ContextGuard {
    fn drop(&mut self) {
        // SAFETY: plain value; a token already popped (by popping an outer
        // frame first) is reported, not undefined.
        let _ = unsafe { sys::picolog_context_pop(self.token) };
    }
}

/// Pushes `fields` (values written with Display) onto the calling thread's
/// context until the guard is dropped. Fails with
/// [`ErrorKind::InvalidArgument`](crate::ErrorKind) for an empty key.
pub fn push<V: Display>(fields: &[(&str, V)]) -> Result<ContextGuard> {
    let mut info = RecordInfo::new();
    for (key, value) in fields {
        info.push_field(key, value);
    }
    let mut token: sys::picolog_context_token = 0;
    // SAFETY: the field array and its strings live during the call, which
    // copies them.
    let status = info.with_raw(|raw| unsafe {
        sys::picolog_context_push(raw.fields, raw.field_count, &mut token)
    })?;
    check(status)?;
    Ok(ContextGuard {
        token,
        not_send: PhantomData,
    })
}

/// Runs `body` with `fields` pushed onto the calling thread's context. If the
/// fields cannot be pushed (an empty key), `body` still runs, without them:
/// logging never stops the work.
pub fn scope<V: Display, R>(fields: &[(&str, V)], body: impl FnOnce() -> R) -> R {
    let _guard = push(fields).ok();
    body()
}

/// The number of frames on the calling thread's context stack.
pub fn depth() -> usize {
    // SAFETY: no arguments.
    unsafe { sys::picolog_context_depth() }
}

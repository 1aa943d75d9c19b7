//! The defaults of the C option structs, asked of the loaded library
//! (`picolog_*_options_init`) rather than copied here, so the two never
//! drift apart.

use std::mem::MaybeUninit;

use crate::error::{check, Result};

/// The defaults of `version` of an option struct, written by its C `_init`
/// function.
pub(crate) fn options<T>(
    init: unsafe extern "C" fn(*mut T, u32) -> i32,
    version: i32,
) -> Result<T> {
    let mut raw = MaybeUninit::<T>::zeroed();
    // SAFETY: raw is valid for writes of a T; init writes that version's
    // defaults and nothing past the struct. Every option struct is plain
    // integers and nullable pointers, for which zero bytes are valid too.
    check(unsafe { init(raw.as_mut_ptr(), version as u32) })?;
    // SAFETY: zero-initialised, then filled by init.
    Ok(unsafe { raw.assume_init() })
}

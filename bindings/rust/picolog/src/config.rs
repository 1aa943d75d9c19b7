//! Configuration read by the runtime: level directives (as `PICOLOG_LEVEL`),
//! configuration files in `logging.config.dictConfig`'s schema (JSON or
//! TOML) and reload. The same file configures C, Python and Rust code.
//!
//! ```no_run
//! picolog::config::load("/etc/myapp/logging.toml").unwrap();
//! picolog::apply_directives("warn,myapp::db=debug").unwrap();
//! // later, on SIGHUP or an admin request:
//! picolog::config::reload().unwrap();
//! ```

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use picolog_sys as sys;

use crate::error::{check, Result};
use crate::ffi::c_string;

/// The syntax of configuration text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON when the first non-blank byte is `{`, else TOML.
    Auto,
    /// JSON.
    Json,
    /// TOML.
    Toml,
}

/// Applies a configuration file; its format comes from its extension
/// (`.json`, `.toml`) or its content. The path is kept for [`reload`]. A bad
/// file changes nothing: the error's message starts with the path of the bad
/// value (`handlers.file.buffer_size: expected an integer, got a string`).
pub fn load(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref().as_os_str().as_bytes();
    let path = std::ffi::CString::new(path).map_err(|_| {
        crate::Error::new(
            crate::ErrorKind::InvalidArgument,
            "the path contains a NUL byte",
        )
    })?;
    // SAFETY: a valid NUL-terminated string for the duration of the call.
    check(unsafe { sys::picolog_configure_file(path.as_ptr()) }).map(drop)
}

/// Applies configuration text, as [`load`] applies a file.
pub fn configure(text: &str, format: Format) -> Result<()> {
    let format = match format {
        Format::Auto => sys::PICOLOG_CONFIG_AUTO,
        Format::Json => sys::PICOLOG_CONFIG_JSON,
        Format::Toml => sys::PICOLOG_CONFIG_TOML,
    };
    // SAFETY: the bytes are valid for `len`; the call copies what it keeps.
    check(unsafe { sys::picolog_configure(text.as_ptr().cast(), text.len(), format) }).map(drop)
}

/// Re-reads the file of the last [`load`] (or `PICOLOG_CONFIG`) and applies
/// it while other threads log: unchanged handlers are kept, changed ones
/// swapped without losing or doubling a record.
pub fn reload() -> Result<()> {
    // SAFETY: no arguments.
    check(unsafe { sys::picolog_reload() }).map(drop)
}

/// Opt-in: `true` makes SIGHUP reload the configuration on a runtime thread
/// (failures go to the error hook); `false` restores the previous SIGHUP
/// disposition.
pub fn reload_on_sighup(enable: bool) -> Result<()> {
    // SAFETY: plain integer argument.
    check(unsafe { sys::picolog_reload_on_sighup(i32::from(enable)) }).map(drop)
}

/// Applies level directives: `level`, `name=level` and `name` entries
/// separated by commas, with `::` accepted for `.` (env_logger's grammar
/// over the dotted hierarchy). Bad entries are skipped, each reported through
/// the error hook, and the rest applied; the error then names the first.
pub fn apply_directives(text: &str) -> Result<()> {
    let text = c_string("the directives", text)?;
    // SAFETY: a valid NUL-terminated string for the duration of the call.
    check(unsafe { sys::picolog_apply_directives(text.as_ptr()) }).map(drop)
}

/// `RUST_LOG`, when `PICOLOG_LEVEL` is unset (the runtime applied that one
/// when it loaded): called by [`crate::log_backend::init`].
pub(crate) fn apply_rust_log() {
    if std::env::var_os("PICOLOG_LEVEL").is_some() {
        return;
    }
    if let Ok(directives) = std::env::var("RUST_LOG") {
        // Bad entries were reported through the error hook; the rest applies.
        let _ = apply_directives(&directives);
    }
}

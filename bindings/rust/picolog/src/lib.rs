//! picolog for Rust: the safe API of the one logging runtime a process
//! shares between C, Python and Rust, plus a backend for the `log` facade.
//!
//! Semantics follow Python's `logging`: dotted logger names form a
//! hierarchy, records propagate to the parents' handlers, levels are
//! Python's numbers, formats use `%(field)s`.
//!
//! ```
//! use picolog::{Formatter, Level, Style};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let file = picolog::FileHandler::builder(dir.path().join("app.log")).build().unwrap();
//! file.set_formatter(&Formatter::new("%(levelname)s %(name)s: %(message)s", None, Style::Percent).unwrap()).unwrap();
//!
//! let log = picolog::get_logger("doc.app").unwrap();
//! log.set_level(Level::INFO).unwrap();
//! log.add_handler(&file).unwrap();
//! log.info("started");
//! picolog::flush_all().unwrap();
//! let text = std::fs::read_to_string(dir.path().join("app.log")).unwrap();
//! assert_eq!(text, "INFO doc.app: started\n");
//! ```
//!
//! For `log::info!` and friends, call [`log_backend::init`] once.
//!
//! Every object is a handle on the shared library's objects: loggers are
//! never freed ([`Logger`] is `Copy`), handlers are reference-counted
//! ([`Handler`] is `Clone`, its `Drop` releases one reference), and closures
//! given as handlers, filters or the error hook never let a panic reach C.

#![warn(missing_docs)]

mod callsite;
pub mod config;
pub mod context;
mod crash;
mod defaults;
mod error;
mod ffi;
mod filter;
mod formatter;
mod handler;
mod handlers;
mod journald;
mod last_resort;
mod level;
pub mod log_backend;
mod logger;
mod memory;
#[cfg(feature = "opentelemetry")]
mod otel;
mod queue;
mod record;
mod record_info;
mod rotating;
mod rotation_options;
mod runtime;
mod sender_options;
mod syslog;
mod syslog_builder;
#[cfg(feature = "tracing")]
pub mod tracing;

pub use config::apply_directives;
pub use crash::install_crash_handler;
pub use error::{Error, ErrorKind, Result};
pub use filter::Filter;
pub use formatter::{Formatter, Style};
pub use handler::{EmitOutcome, Handler};
pub use handlers::{FileHandler, FileHandlerBuilder, FlushPolicy, NullHandler, StreamHandler};
pub use journald::{JournaldHandler, JournaldHandlerBuilder, JournaldStats};
pub use last_resort::{reset_last_resort, set_last_resort};
pub use level::Level;
pub use logger::{get_logger, root, Logger};
pub use memory::{BacktraceHandler, BacktraceHandlerBuilder, MemoryHandler, MemoryHandlerBuilder};
pub use queue::{Overflow, QueueHandler, QueueHandlerBuilder, QueueStats};
pub use record::RecordView;
pub use record_info::RecordInfo;
pub use rotating::{
    reopen_files, RotatingFileHandler, RotatingFileHandlerBuilder, RotationStats,
    TimedRotatingFileHandler, TimedRotatingFileHandlerBuilder, WatchedFileHandler, When,
};
pub use runtime::{
    disable, flush_all, reset_error_hook, runtime_id, set_error_hook, set_thread_name, shutdown,
    version, version_number, VERSION_NUMBER,
};
pub use syslog::{Framing, SyslogFormat, SyslogHandler, SyslogStats};
pub use syslog_builder::SyslogHandlerBuilder;

/// The raw bindings, for what the safe API does not cover.
pub use picolog_sys as sys;

//! `log` records that reach the tracing Layer through tracing-log's
//! `LogTracer` (which tracing-subscriber's `init()` installs): each logs
//! through the logger its own target names, with its own location, as the
//! `log` backend would log it.
#![cfg(feature = "tracing")]

mod support;

use picolog::Level;
use support::capture_logger;
use tracing_subscriber::layer::SubscriberExt;

#[test]
fn log_records_keep_their_target_and_location() {
    let subscriber = tracing_subscriber::registry().with(picolog::tracing::layer());
    tracing::subscriber::set_global_default(subscriber).expect("the first global subscriber");
    tracing_log::LogTracer::init().expect("the first log logger");
    // The root logger, and so a logger named "log", stays at WARNING.
    let (_db, capture) = capture_logger("tlog.db", Level::INFO);

    let line = line!() + 1;
    log::info!(target: "tlog::db", "connected to {}", "primary");
    log::debug!(target: "tlog::db", "below the logger's level");
    tracing::info!(target: "tlog::db", "a tracing event");

    let seen = capture.seen();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].logger, "tlog.db");
    assert_eq!(seen[0].level, Level::INFO);
    assert_eq!(seen[0].message, b"connected to primary");
    assert_eq!(seen[0].lineno, line);
    assert!(seen[0]
        .file
        .as_deref()
        .is_some_and(|f| f.ends_with("tracing_log_records.rs")));
    assert_eq!(seen[0].func.as_deref(), Some(module_path!()));
    // tracing-log's copies of the metadata are not fields of the record.
    assert!(seen[0].fields.is_empty(), "{:?}", seen[0].fields);
    assert_eq!(seen[1].message, b"a tracing event");
}

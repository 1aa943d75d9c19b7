//! tracing-subscriber's `init()` installs tracing-log's `LogTracer` with
//! `log::max_level` set once, from `tracing`'s max level at that moment. A
//! picolog level lowered afterwards, from any language, must still let the
//! `log` macros pass their records on to the Layer. Alone in its binary:
//! it sets the global subscriber and the `log` logger.
#![cfg(feature = "tracing")]

mod support;

use picolog::Level;
use support::capture_logger;
use tracing::level_filters::LevelFilter;
use tracing_log::AsLog;
use tracing_subscriber::layer::SubscriberExt;

#[test]
fn a_level_lowered_after_init_lets_log_records_through() {
    let subscriber = tracing_subscriber::registry().with(picolog::tracing::layer());
    tracing::subscriber::set_global_default(subscriber).expect("the first global subscriber");
    // What tracing-subscriber's init() does after setting the subscriber.
    tracing_log::LogTracer::builder()
        .with_max_level(LevelFilter::current().as_log())
        .init()
        .expect("the first log logger");
    assert_eq!(log::max_level(), log::LevelFilter::Warn);

    let (_db, capture) = capture_logger("tlmax.db", Level::DEBUG);
    log::debug!(target: "tlmax::db", "after the change");
    log::trace!(target: "tlmax::db", "below the logger's level");

    let seen = capture.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].message, b"after the change");
}

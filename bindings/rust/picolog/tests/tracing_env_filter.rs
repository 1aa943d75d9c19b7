//! The tracing Layer next to an EnvFilter in one registry: an event reaches
//! picolog only when both the EnvFilter and picolog's level let it through.
#![cfg(feature = "tracing")]

mod support;

use picolog::Level;
use support::capture_logger;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::EnvFilter;

#[test]
fn both_filters_must_pass() {
    let subscriber = tracing_subscriber::registry()
        .with(EnvFilter::new("tl_env=debug,tl_env::quiet=warn"))
        .with(picolog::tracing::layer());
    tracing::subscriber::set_global_default(subscriber).expect("the first global subscriber");
    let (parent, capture) = capture_logger("tl_env", Level::INFO);
    let (_strict, _strict_capture) = capture_logger("tl_env.strict", Level::ERROR);

    tracing::info!(target: "tl_env", "both pass");
    tracing::debug!(target: "tl_env", "picolog says no");
    tracing::info!(target: "tl_env::quiet", "the EnvFilter says no");
    tracing::warn!(target: "tl_env::quiet", "quiet but a warning");
    tracing::warn!(target: "tl_env::strict", "below strict's ERROR");
    parent.set_level(Level::DEBUG).unwrap();
    tracing::debug!(target: "tl_env", "now picolog says yes");
    tracing::trace!(target: "tl_env", "the EnvFilter stops trace");
    parent.set_level(Level::TRACE).unwrap();
    tracing::trace!(target: "tl_env", "still stopped by the EnvFilter");

    let messages: Vec<String> = capture
        .seen()
        .iter()
        .map(|s| String::from_utf8_lossy(&s.message).into_owned())
        .collect();
    assert_eq!(
        messages,
        ["both pass", "quiet but a warning", "now picolog says yes"]
    );
}

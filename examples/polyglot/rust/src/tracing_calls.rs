//! The demo's `tracing` calls: events through picolog's tracing Layer,
//! installed as the process's global subscriber at the first call.

use std::sync::Once;

use tracing_subscriber::layer::SubscriberExt;

use crate::status::Failure;

fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let subscriber = tracing_subscriber::registry().with(picolog::tracing::layer());
        // Another global subscriber (an embedding program's) keeps its place.
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
}

/// An INFO event to app.rust.request inside a span of this library.
pub fn log_request(message: &str) -> Result<(), Failure> {
    install();
    let span = tracing::info_span!("rust_handler", handler = "rust");
    let _entered = span.enter();
    tracing::info!(target: "app::rust::request", "{message}");
    Ok(())
}

/// A DEBUG event to app.rust.tracing.
pub fn debug(message: &str) -> Result<(), Failure> {
    install();
    tracing::debug!(target: "app::rust::tracing", "{message}");
    Ok(())
}

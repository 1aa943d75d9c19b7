//! The last resort through the safe API: a handler of the caller's gets the
//! records no other handler took, its level decides, none drops them, and a
//! queue's handler is refused.

mod support;

use picolog::{get_logger, ErrorKind, Level, QueueHandler};
use support::{global_state, Capture};

/// A logger of this test whose records reach no handler.
fn lonely(name: &str) -> picolog::Logger {
    let log = get_logger(&format!("last_resort.{name}")).unwrap();
    log.set_level(Level::DEBUG).unwrap();
    log.set_propagate(false).unwrap();
    log
}

#[test]
fn a_handler_gets_what_no_other_took_as_its_level_allows() {
    let _state = global_state();
    let capture = Capture::new();
    capture.handler.set_level(Level::INFO).unwrap();
    picolog::set_last_resort(Some(&capture.handler)).unwrap();
    let log = lonely("handler");
    log.debug("below its level");
    log.info("taken");
    picolog::reset_last_resort();
    log.info("after the reset");
    let seen = capture.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].logger, "last_resort.handler");
    assert_eq!(seen[0].message, b"taken");
}

#[test]
fn none_drops_the_records() {
    let _state = global_state();
    let capture = Capture::new();
    picolog::set_last_resort(Some(&capture.handler)).unwrap();
    picolog::set_last_resort(None).unwrap();
    lonely("none").info("dropped");
    picolog::reset_last_resort();
    assert!(capture.seen().is_empty());
}

#[test]
fn a_queues_handler_is_refused() {
    let _state = global_state();
    let capture = Capture::new();
    let queue = QueueHandler::builder()
        .handler(capture.handler.clone())
        .build()
        .unwrap();
    let err = picolog::set_last_resort(Some(&capture.handler)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.message().contains("queue listener"), "{err}");
    queue.close().unwrap();
}

//! Queue handlers through the safe API: builder validation, stats, overflow
//! policies, flush and close.

mod support;

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use picolog::{get_logger, ErrorKind, Handler, Level, NullHandler, Overflow, QueueHandler};
use support::Capture;

#[test]
fn invalid_options_are_invalid_argument_errors() {
    let err = QueueHandler::builder().capacity(0).build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.message().contains("capacity"), "{err}");

    let err = QueueHandler::builder()
        .overflow(Overflow::BlockTimeout(Duration::ZERO))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);

    let err = QueueHandler::builder()
        .overflow(Overflow::BlockTimeout(Duration::from_secs(u64::MAX / 2)))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn a_handler_attached_to_a_logger_cannot_join_a_queue() {
    let attached = NullHandler::new().unwrap();
    get_logger("qu.attached")
        .unwrap()
        .add_handler(&attached)
        .unwrap();
    let err = QueueHandler::builder()
        .handler(attached)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn stats_count_what_went_through() {
    let capture = Capture::new();
    let queue = QueueHandler::builder()
        .capacity(64)
        .handler(capture.handler.clone())
        .build()
        .unwrap();
    assert!(queue.is_queue());
    let log = get_logger("qu.stats").unwrap();
    log.set_level(Level::INFO).unwrap();
    log.add_handler(&queue).unwrap();
    for i in 0..500 {
        log.info(format!("record {i}"));
    }
    queue.flush().unwrap();
    let stats = queue.stats().unwrap();
    assert_eq!(stats.enqueued, 500);
    assert_eq!(stats.emitted, 500);
    assert_eq!(stats.queued, 0);
    assert_eq!(stats.capacity, 64);
    assert!(stats.high_water >= 1 && stats.high_water <= 64);
    assert_eq!(
        stats.dropped_newest + stats.dropped_oldest + stats.dropped_timeout,
        0
    );
    let lines = capture.lines();
    assert_eq!(lines.len(), 500);
    assert_eq!(lines[499], "record 499");
}

/// A queue whose only handler blocks inside its first record until released,
/// so that the queue behind it fills up deterministically.
struct Stalled {
    queue: QueueHandler,
    release: mpsc::Sender<()>,
    lines: Arc<Mutex<Vec<String>>>,
}

fn stalled_queue(capacity: usize, overflow: Overflow) -> Stalled {
    let (entered_tx, entered_rx) = mpsc::channel();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    let entered_tx = Mutex::new(entered_tx);
    let release_rx = Mutex::new(release_rx);
    let handler = Handler::from_fn(move |_, line| {
        if line == "stall" {
            entered_tx.lock().unwrap().send(()).unwrap();
            release_rx.lock().unwrap().recv().unwrap();
        }
        sink.lock().unwrap().push(line.to_owned());
    })
    .unwrap();
    let queue = QueueHandler::builder()
        .capacity(capacity)
        .overflow(overflow)
        .handler(handler)
        .build()
        .unwrap();
    queue.log_through("stall").unwrap();
    entered_rx.recv().unwrap();
    Stalled {
        queue,
        release: release_tx,
        lines,
    }
}

trait LogThrough {
    fn log_through(&self, message: &str) -> picolog::Result<()>;
}

impl LogThrough for QueueHandler {
    /// Logs through a logger of its own whose only handler is this queue.
    fn log_through(&self, message: &str) -> picolog::Result<()> {
        let name = format!("qu.through.{:p}", self.as_ptr());
        let log = get_logger(&name).unwrap();
        log.set_propagate(false).unwrap();
        log.add_handler(self).unwrap();
        log.log(Level::ERROR, message)
    }
}

#[test]
fn drop_newest_refuses_records_when_full() {
    let stalled = stalled_queue(2, Overflow::DropNewest);
    stalled.queue.log_through("a").unwrap();
    stalled.queue.log_through("b").unwrap();
    let err = stalled.queue.log_through("c").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Dropped);
    stalled.release.send(()).unwrap();
    stalled.queue.flush().unwrap();
    assert_eq!(*stalled.lines.lock().unwrap(), ["stall", "a", "b"]);
    let stats = stalled.queue.stats().unwrap();
    assert_eq!(stats.dropped_newest, 1);
    assert_eq!(stats.emitted, 3);
}

#[test]
fn drop_oldest_evicts_queued_records() {
    let stalled = stalled_queue(2, Overflow::DropOldest);
    for m in ["a", "b", "c", "d"] {
        stalled.queue.log_through(m).unwrap();
    }
    stalled.release.send(()).unwrap();
    stalled.queue.flush().unwrap();
    assert_eq!(*stalled.lines.lock().unwrap(), ["stall", "c", "d"]);
    assert_eq!(stalled.queue.stats().unwrap().dropped_oldest, 2);
}

#[test]
fn block_timeout_gives_up_after_the_timeout() {
    let stalled = stalled_queue(1, Overflow::BlockTimeout(Duration::from_millis(1)));
    stalled.queue.log_through("a").unwrap();
    let err = stalled.queue.log_through("b").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TimedOut);
    stalled.release.send(()).unwrap();
    stalled.queue.flush().unwrap();
    assert_eq!(stalled.queue.stats().unwrap().dropped_timeout, 1);
}

#[test]
fn handler_levels_are_respected_unless_turned_off() {
    for (respect, expected) in [(true, vec!["error"]), (false, vec!["info", "error"])] {
        let capture = Capture::new();
        capture.handler.set_level(Level::ERROR).unwrap();
        let queue = QueueHandler::builder()
            .respect_handler_level(respect)
            .handler(capture.handler.clone())
            .build()
            .unwrap();
        let log = get_logger(&format!("qu.respect.{respect}")).unwrap();
        log.set_level(Level::INFO).unwrap();
        log.add_handler(&queue).unwrap();
        log.info("info");
        log.error("error");
        queue.flush().unwrap();
        assert_eq!(
            capture.lines(),
            expected,
            "respect_handler_level({respect})"
        );
    }
}

#[test]
fn a_closed_queue_counts_refused_records() {
    let queue = QueueHandler::builder()
        .handler(NullHandler::new().unwrap())
        .build()
        .unwrap();
    queue.log_through("before").unwrap();
    queue.close().unwrap();
    queue.close().unwrap();
    let _ = queue.log_through("after");
    let stats = queue.stats().unwrap();
    assert_eq!(stats.emitted, 1);
    assert_eq!(stats.dropped_closed, 1);
}

#[test]
fn a_plain_handle_converts_back_to_a_queue() {
    let queue = QueueHandler::builder().build().unwrap();
    let plain: Handler = queue.clone().into_handler();
    let again = QueueHandler::try_from(plain).unwrap();
    assert_eq!(again.stats().unwrap().capacity, 8192);
    let not_a_queue = QueueHandler::try_from(NullHandler::new().unwrap()).unwrap_err();
    assert!(!not_a_queue.is_queue());
}

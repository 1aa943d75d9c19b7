//! shutdown(): every queued record is written, every handler closed, and
//! handlers made afterwards still work. Alone in its binary because it closes
//! every handler of the process.

mod support;

use picolog::{get_logger, Level, QueueHandler};
use support::Capture;

#[test]
fn shutdown_drains_queues_then_later_handlers_still_work() {
    let capture = Capture::new();
    let queue = QueueHandler::builder()
        .handler(capture.handler.clone())
        .build()
        .unwrap();
    let log = get_logger("sd.queue").unwrap();
    log.set_level(Level::INFO).unwrap();
    log.add_handler(&queue).unwrap();
    for i in 0..1000 {
        log.info(i.to_string());
    }
    picolog::shutdown().unwrap();
    assert_eq!(capture.lines().len(), 1000);
    assert_eq!(queue.stats().unwrap().emitted, 1000);

    log.clear_handlers().unwrap();
    let later = Capture::new();
    log.add_handler(&later.handler).unwrap();
    log.info("after shutdown");
    assert_eq!(later.lines(), ["after shutdown"]);
}

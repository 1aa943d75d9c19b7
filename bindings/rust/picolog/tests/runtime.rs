//! Process-wide functions: version, runtime identity, thread names, flushing
//! and the global disable level.

mod support;

use picolog::{get_logger, Level};
use support::{capture_logger, Capture};

#[test]
fn the_loaded_library_is_the_one_built_against() {
    assert_eq!(picolog::version_number(), picolog::VERSION_NUMBER);
    assert_eq!(picolog::version(), "0.1.0");
}

#[test]
fn the_runtime_id_is_stable() {
    assert_ne!(picolog::runtime_id(), 0);
    assert_eq!(picolog::runtime_id(), picolog::runtime_id());
}

#[test]
fn thread_names_appear_in_records() {
    let log = get_logger("rt.thread").unwrap();
    log.set_level(Level::INFO).unwrap();
    let capture = Capture::new();
    capture
        .handler
        .set_formatter(
            &picolog::Formatter::new("%(threadName)s %(message)s", None, picolog::Style::Percent)
                .unwrap(),
        )
        .unwrap();
    log.add_handler(&capture.handler).unwrap();
    std::thread::spawn(move || {
        picolog::set_thread_name(Some("worker-7")).unwrap();
        log.info("named");
    })
    .join()
    .unwrap();
    assert_eq!(capture.lines(), ["worker-7 named"]);
    assert!(picolog::set_thread_name(Some("bad\0name")).is_err());
}

#[test]
fn disable_drops_records_everywhere_until_undone() {
    let _global = support::global_state();
    let (log, capture) = capture_logger("rt.disable", Level::DEBUG);
    picolog::disable(Level::WARNING).unwrap();
    assert!(!log.is_enabled_for(Level::WARNING));
    log.warning("dropped");
    log.error("kept");
    picolog::disable(Level::NOTSET).unwrap();
    log.debug("kept too");
    assert_eq!(capture.lines(), ["kept", "kept too"]);
}

#[test]
fn flush_all_reaches_buffered_files() {
    // Logs a record: not while another test disables levels process-wide.
    let _global = support::global_state();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("buffered.log");
    let file = picolog::FileHandler::builder(&path)
        .flush_policy(picolog::FlushPolicy::Buffered)
        .flush_interval(std::time::Duration::ZERO)
        .build()
        .unwrap();
    let log = get_logger("rt.flush_all").unwrap();
    log.set_level(Level::INFO).unwrap();
    log.add_handler(&file).unwrap();
    log.info("buffered");
    picolog::flush_all().unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "buffered\n");
}

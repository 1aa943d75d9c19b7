//! Memory and backtrace handlers through the safe API: when the buffer goes
//! to the target, target changes, and the ring's order and marking.

use std::fs;

use picolog::{get_logger, BacktraceHandler, ErrorKind, FileHandler, Level, MemoryHandler};

#[test]
fn memory_handler_flushes_on_capacity_level_and_close() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.log");
    let target = FileHandler::builder(&path).build().unwrap();
    let memory = MemoryHandler::builder(3)
        .flush_level(Level::WARNING)
        .target(&target)
        .build()
        .unwrap();
    let log = get_logger("rs.memory").unwrap();
    log.set_level(Level::DEBUG).unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&memory).unwrap();
    log.debug("one");
    log.info("two");
    assert_eq!(MemoryHandler::buffered(&memory).unwrap(), 2);
    assert_eq!(fs::read_to_string(&path).unwrap(), "");
    log.warning("three");
    assert_eq!(fs::read_to_string(&path).unwrap(), "one\ntwo\nthree\n");
    for m in ["a", "b", "c"] {
        log.debug(m);
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "one\ntwo\nthree\na\nb\nc\n"
    );
    log.debug("on close");
    log.remove_handler(&memory).unwrap();
    memory.close().unwrap();
    assert!(fs::read_to_string(&path)
        .unwrap()
        .ends_with("c\non close\n"));
}

#[test]
fn memory_handler_target_swap() {
    let dir = tempfile::tempdir().unwrap();
    let first = FileHandler::builder(dir.path().join("1.log"))
        .build()
        .unwrap();
    let second = FileHandler::builder(dir.path().join("2.log"))
        .build()
        .unwrap();
    let memory = MemoryHandler::builder(100).build().unwrap();
    let log = get_logger("rs.memory.swap").unwrap();
    log.set_level(Level::DEBUG).unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&memory).unwrap();
    log.info("waits");
    memory.flush().unwrap();
    assert_eq!(MemoryHandler::buffered(&memory).unwrap(), 1);
    MemoryHandler::set_target(&memory, Some(&first)).unwrap();
    memory.flush().unwrap();
    MemoryHandler::set_target(&memory, Some(&second)).unwrap();
    log.error("second");
    assert_eq!(
        fs::read_to_string(dir.path().join("1.log")).unwrap(),
        "waits\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("2.log")).unwrap(),
        "second\n"
    );
    let other = FileHandler::builder(dir.path().join("3.log"))
        .build()
        .unwrap();
    let err = MemoryHandler::set_target(&other, Some(&first)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn a_cycle_of_targets_is_refused() {
    let first = MemoryHandler::builder(10).build().unwrap();
    let second = MemoryHandler::builder(10).target(&first).build().unwrap();
    let ring = BacktraceHandler::builder(4)
        .target(&second)
        .build()
        .unwrap();
    let err = MemoryHandler::set_target(&first, Some(&ring)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("cycle"), "{err}");
    MemoryHandler::set_target(&first, None).unwrap();
}

#[test]
fn backtrace_ring_writes_the_last_debug_records_before_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.log");
    let target = FileHandler::builder(&path).build().unwrap();
    let ring = BacktraceHandler::builder(2)
        .target(&target)
        .build()
        .unwrap();
    let log = get_logger("rs.backtrace").unwrap();
    log.set_level(Level::DEBUG).unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&ring).unwrap();
    for i in 0..4 {
        log.debug(format!("debug {i}"));
    }
    log.info("info passes");
    log.error("boom");
    log.debug("dropped");
    ring.close().unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "info passes\n[backtrace] debug 2\n[backtrace] debug 3\nboom\n"
    );
    let err = BacktraceHandler::builder(0).build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

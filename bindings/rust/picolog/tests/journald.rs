//! JournaldHandler from Rust against a real systemd-journald the test starts
//! in a namespace of its own (support/journald.rs), read back with
//! `journalctl -o json`: the fields of `log` records and of the picolog API,
//! and the counters through the handle.

#[path = "support/journald.rs"]
mod daemon;

use picolog::{JournaldHandler, Level, RecordInfo};
use serde_json::{Map, Value};

fn field<'a>(entry: &'a Map<String, Value>, key: &str) -> &'a str {
    entry
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no text field {key} in {entry:?}"))
}

#[test]
fn records_reach_the_journal_with_their_fields() {
    if let Some(why) = daemon::unavailable() {
        eprintln!("skipped: {why}");
        return;
    }
    let journald = daemon::Journald::start();
    let handler = JournaldHandler::builder()
        .socket_path(journald.socket().to_str().unwrap())
        .identifier("picolog-rs")
        .facility(16)
        .build()
        .unwrap();
    picolog::log_backend::init().unwrap();
    let log = picolog::get_logger("jd_rs.app").unwrap();
    log.set_propagate(false).unwrap();
    log.set_level(Level::DEBUG).unwrap();
    log.add_handler(&handler).unwrap();

    let first_line = line!() + 1;
    log::error!(target: "jd_rs::app", request_id = "r-7", body = "a\nb"; "disk {} full", "/var");
    let second_line = line!() + 1;
    log::debug!(target: "jd_rs::app", "second");
    let info = RecordInfo::new()
        .file("src/handler.rs")
        .line(42)
        .func("serve")
        .field("user.name", "ada");
    log.log_with(Level::WARNING, "third", &info).unwrap();
    handler.flush().unwrap();

    let got = journald.wait_for(3, &[("SYSLOG_IDENTIFIER", "picolog-rs")]);
    let stats = handler.stats().unwrap();
    log.remove_handler(&handler).unwrap();
    assert_eq!((stats.enqueued, stats.sent), (3, 3), "{stats:?}");
    assert_eq!(
        stats.dropped_unreachable + stats.dropped_failed + stats.dropped_queue_full,
        0
    );
    assert_eq!(got.len(), 3, "{got:?}");

    let first = &got[0];
    assert_eq!(field(first, "MESSAGE"), "disk /var full");
    assert_eq!(field(first, "PRIORITY"), "3");
    assert_eq!(field(first, "SYSLOG_FACILITY"), "16");
    assert_eq!(field(first, "SYSLOG_IDENTIFIER"), "picolog-rs");
    assert_eq!(field(first, "LOGGER"), "jd_rs.app");
    assert_eq!(field(first, "REQUEST_ID"), "r-7");
    assert_eq!(field(first, "BODY"), "a\nb");
    assert_eq!(field(first, "CODE_FILE"), file!());
    assert_eq!(field(first, "CODE_LINE"), first_line.to_string());
    assert_eq!(field(first, "CODE_FUNC"), module_path!());

    let second = &got[1];
    assert_eq!(field(second, "MESSAGE"), "second");
    assert_eq!(field(second, "PRIORITY"), "7");
    assert_eq!(field(second, "CODE_LINE"), second_line.to_string());

    let third = &got[2];
    assert_eq!(field(third, "MESSAGE"), "third");
    assert_eq!(field(third, "PRIORITY"), "4");
    assert_eq!(field(third, "CODE_FILE"), "src/handler.rs");
    assert_eq!(field(third, "CODE_LINE"), "42");
    assert_eq!(field(third, "CODE_FUNC"), "serve");
    assert_eq!(field(third, "USER_NAME"), "ada");
}

#[test]
fn an_absent_journald_is_counted_and_severities_can_be_overridden() {
    let dir = tempfile::tempdir().unwrap();
    let handler = JournaldHandler::builder()
        .socket_path(dir.path().join("nobody").to_str().unwrap())
        .severity(Level::INFO, 5)
        .build()
        .unwrap();
    let log = picolog::get_logger("jd_rs.absent").unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&handler).unwrap();
    log.warning("lost");
    log.error("lost too");
    handler.flush().unwrap();
    let stats = handler.stats().unwrap();
    log.remove_handler(&handler).unwrap();
    assert_eq!(stats.enqueued, 2);
    assert_eq!(stats.dropped_unreachable, 2);
    assert_eq!(stats.sent, 0);
}

#[test]
fn invalid_options_are_refused_with_a_message() {
    let err = JournaldHandler::builder().facility(24).build().unwrap_err();
    assert_eq!(err.kind(), picolog::ErrorKind::InvalidArgument);
    assert!(err.message().contains("facility"), "{}", err.message());
    let err = JournaldHandler::builder()
        .identifier("a\0b")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), picolog::ErrorKind::InvalidArgument);
}

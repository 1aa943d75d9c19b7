//! The `log` facade backend: targets to loggers, levels, key-values,
//! locations, and log::max_level following level changes made through the
//! raw C API as another language would make them.

mod support;

use std::sync::Once;

use log::LevelFilter;
use picolog::{get_logger, sys, Level};
use support::{capture_logger, global_state, Capture};

fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| picolog::log_backend::init().expect("the first init succeeds"));
}

#[test]
fn a_second_init_fails_with_a_state_error() {
    init();
    let err = picolog::log_backend::init().unwrap_err();
    assert_eq!(err.kind(), picolog::ErrorKind::State);
}

#[test]
fn targets_name_loggers_with_dots() {
    let _global = global_state();
    init();
    let (parent, capture) = capture_logger("lb.targets", Level::INFO);
    log::info!(target: "lb::targets::inner", "from a module path target");
    log::info!(target: "lb.targets", "from a dotted target");
    let seen = capture.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].logger, "lb.targets.inner");
    assert_eq!(seen[0].message, b"from a module path target");
    assert_eq!(seen[1].logger, "lb.targets");
    parent.set_level(Level::NOTSET).unwrap();
}

#[test]
fn levels_map_and_the_logger_threshold_decides() {
    let _global = global_state();
    init();
    let (log, capture) = capture_logger("lb.levels", Level::TRACE);
    log::trace!(target: "lb.levels", "t");
    log::debug!(target: "lb.levels", "d");
    log::info!(target: "lb.levels", "i");
    log::warn!(target: "lb.levels", "w");
    log::error!(target: "lb.levels", "e");
    let levels: Vec<Level> = capture.seen().iter().map(|s| s.level).collect();
    assert_eq!(
        levels,
        [
            Level::TRACE,
            Level::DEBUG,
            Level::INFO,
            Level::WARNING,
            Level::ERROR
        ]
    );

    log.set_level(Level::WARNING).unwrap();
    assert!(!log::log_enabled!(target: "lb.levels", log::Level::Info));
    assert!(log::log_enabled!(target: "lb.levels", log::Level::Warn));
    log::info!(target: "lb.levels", "dropped");
    assert_eq!(capture.seen().len(), 5);
    log.set_level(Level::NOTSET).unwrap();
}

#[test]
fn key_values_location_and_formatted_arguments_are_passed() {
    let _global = global_state();
    init();
    let (log, capture) = capture_logger("lb.kv", Level::INFO);
    let attempt = 3;
    let line = line!() + 1;
    log::warn!(target: "lb::kv", user = "ada", attempt, ratio = 0.5; "login failed {} times", attempt);
    let seen = &capture.seen()[0];
    assert_eq!(seen.message, b"login failed 3 times");
    assert_eq!(
        seen.fields,
        [
            ("user".to_owned(), "ada".to_owned()),
            ("attempt".to_owned(), "3".to_owned()),
            ("ratio".to_owned(), "0.5".to_owned())
        ]
    );
    assert_eq!(seen.file.as_deref(), Some(file!()));
    assert_eq!(seen.lineno, line);
    assert_eq!(seen.func.as_deref(), Some(module_path!()));
    log.set_level(Level::NOTSET).unwrap();
}

#[test]
fn key_values_named_like_json_members_keep_both_values() {
    let _global = global_state();
    init();
    let (log, capture) = capture_logger("lb.json", Level::INFO);
    let json = picolog::Formatter::json().unwrap();
    capture.handler.set_formatter(&json).unwrap();
    log::info!(target: "lb.json", message = "x", level = 5, user = "ada"; "text");
    let line = &capture.lines()[0];
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(line).unwrap();
    assert_eq!(object.len(), 12, "{line}");
    assert_eq!(object["message"], "text");
    assert_eq!(object["level"], "INFO");
    assert_eq!(object["field.message"], "x");
    assert_eq!(object["field.level"], "5");
    assert_eq!(object["user"], "ada");
    log.set_level(Level::NOTSET).unwrap();
}

#[test]
fn max_level_follows_changes_made_through_the_c_api() {
    let _global = global_state();
    init();
    // Every other test restores its levels, so the root's WARNING is the
    // lowest threshold here.
    assert_eq!(log::max_level(), LevelFilter::Warn);
    let raw = get_logger("lb.max.other_language").unwrap().as_ptr();
    // SAFETY: raw is a live logger; this is the call Python or C would make.
    assert_eq!(
        unsafe { sys::picolog_logger_set_level(raw, sys::PICOLOG_TRACE) },
        0
    );
    assert_eq!(log::max_level(), LevelFilter::Trace);
    assert_eq!(
        unsafe { sys::picolog_logger_set_level(raw, sys::PICOLOG_DEBUG) },
        0
    );
    assert_eq!(log::max_level(), LevelFilter::Debug);
    assert_eq!(unsafe { sys::picolog_disable(sys::PICOLOG_WARNING) }, 0);
    assert_eq!(log::max_level(), LevelFilter::Error);
    assert_eq!(unsafe { sys::picolog_disable(sys::PICOLOG_NOTSET) }, 0);
    assert_eq!(
        unsafe { sys::picolog_logger_set_level(raw, sys::PICOLOG_NOTSET) },
        0
    );
    assert_eq!(log::max_level(), LevelFilter::Warn);
}

#[test]
fn a_handler_that_logs_again_does_not_deadlock() {
    let _global = global_state();
    init();
    let outer = get_logger("lb.reenter").unwrap();
    let inner = get_logger("lb.reenter_inner").unwrap();
    outer.set_level(Level::INFO).unwrap();
    inner.set_level(Level::INFO).unwrap();
    let capture = Capture::new();
    inner.add_handler(&capture.handler).unwrap();
    let relay = picolog::Handler::from_fn(|record, _| {
        log::info!(target: "lb.reenter_inner", origin = record.logger_name(); "relayed {}", record.message());
    })
    .unwrap();
    outer.add_handler(&relay).unwrap();
    log::info!(target: "lb.reenter", n = 1; "first {}", "call");
    let seen = capture.seen();
    assert_eq!(seen[0].message, b"relayed first call");
    assert_eq!(
        seen[0].fields,
        [("origin".to_owned(), "lb.reenter".to_owned())]
    );
    outer.set_level(Level::NOTSET).unwrap();
    inner.set_level(Level::NOTSET).unwrap();
}

#[test]
fn flush_reaches_every_handler() {
    let _global = global_state();
    init();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flushed.log");
    let file = picolog::FileHandler::builder(&path)
        .flush_policy(picolog::FlushPolicy::Buffered)
        .flush_level(Level::CRITICAL)
        .flush_interval(std::time::Duration::ZERO)
        .build()
        .unwrap();
    let log = get_logger("lb.flush").unwrap();
    log.add_handler(&file).unwrap();
    log::error!(target: "lb.flush", "buffered");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
    log::logger().flush();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "buffered\n");
}

#[test]
fn a_record_without_key_values_carries_its_location_from_every_call() {
    let _global = global_state();
    init();
    let (log, capture) = capture_logger("lb.site", Level::INFO);
    let mut lines = Vec::new();
    for round in 0..3 {
        lines.push(line!() + 1);
        log::info!(target: "lb::site", "round {}", round);
    }
    let seen = capture.seen();
    assert_eq!(seen.len(), 3);
    for (round, (seen, line)) in seen.iter().zip(lines).enumerate() {
        assert_eq!(seen.logger, "lb.site");
        assert_eq!(seen.message, format!("round {round}").as_bytes());
        assert_eq!(seen.file.as_deref(), Some(file!()));
        assert_eq!(seen.lineno, line);
        assert_eq!(seen.func.as_deref(), Some(module_path!()));
        assert!(seen.fields.is_empty());
    }
    log.set_level(Level::NOTSET).unwrap();
}

#[test]
fn one_callsite_with_changing_target_text_reaches_each_logger() {
    let _global = global_state();
    init();
    let (a, capture_a) = capture_logger("lb.dyn_a", Level::INFO);
    let (b, capture_b) = capture_logger("lb.dyn_b", Level::INFO);
    // One buffer, rewritten in place: the same address and length with
    // another text, at one callsite.
    let mut target = String::from("lb::dyn_a");
    for name in ["lb::dyn_a", "lb::dyn_b", "lb::dyn_a"] {
        target.replace_range(.., name);
        log::info!(target: &target, "to {}", name);
    }
    assert_eq!(capture_a.seen().len(), 2);
    assert_eq!(capture_b.seen().len(), 1);
    assert_eq!(capture_b.seen()[0].message, b"to lb::dyn_b");
    a.set_level(Level::NOTSET).unwrap();
    b.set_level(Level::NOTSET).unwrap();
}

#[test]
fn a_level_change_applies_to_a_callsite_already_used() {
    let _global = global_state();
    init();
    let (log, capture) = capture_logger("lb.site_level", Level::INFO);
    for expected in [Level::INFO, Level::ERROR, Level::INFO] {
        let raw = log.as_ptr();
        // SAFETY: raw is a live logger; this is the call C or Python makes.
        assert_eq!(
            unsafe { sys::picolog_logger_set_level(raw, expected.value()) },
            0
        );
        log::warn!(target: "lb.site_level", "at {}", expected.value());
    }
    let messages: Vec<Vec<u8>> = capture.seen().into_iter().map(|s| s.message).collect();
    assert_eq!(messages, [b"at 20".to_vec(), b"at 20".to_vec()]);
    log.set_level(Level::NOTSET).unwrap();
}

#[test]
fn a_handler_that_logs_without_key_values_gets_its_own_record() {
    let _global = global_state();
    init();
    let outer = get_logger("lb.reenter_plain").unwrap();
    let (inner, capture) = capture_logger("lb.reenter_plain_inner", Level::INFO);
    outer.set_level(Level::INFO).unwrap();
    let relay = picolog::Handler::from_fn(|record, _| {
        log::info!(target: "lb.reenter_plain_inner", "relayed {}", record.message());
    })
    .unwrap();
    outer.add_handler(&relay).unwrap();
    log::info!(target: "lb.reenter_plain", "first {}", "call");
    let seen = capture.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].message, b"relayed first call");
    assert_eq!(seen[0].file.as_deref(), Some(file!()));
    outer.set_level(Level::NOTSET).unwrap();
    inner.set_level(Level::NOTSET).unwrap();
}

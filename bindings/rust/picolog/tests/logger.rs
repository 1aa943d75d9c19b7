//! Loggers through the safe API: hierarchy, levels and the threshold
//! pointer, propagation, disabling, handler lists and record contents.

mod support;

use picolog::{get_logger, root, ErrorKind, Formatter, Level, RecordInfo, Style};
use support::{capture_logger, Capture};

#[test]
fn names_form_a_hierarchy_of_shared_handles() {
    let child = get_logger("lg.tree.child").unwrap();
    assert_eq!(child.name(), "lg.tree.child");
    // As in Python, a logger's parent is its nearest existing ancestor...
    assert_eq!(child.parent().unwrap(), root());
    // ...and creating a logger in between re-links its descendants.
    let parent = get_logger("lg.tree").unwrap();
    assert_eq!(child.parent().unwrap(), parent);
    assert_eq!(parent.parent().unwrap(), root());
    assert_eq!(get_logger("lg.tree.child").unwrap(), child);
    assert_eq!(root().name(), "root");
    assert_eq!(get_logger("").unwrap(), root());
    assert!(root().parent().is_none());
}

#[test]
fn a_name_with_a_nul_byte_is_rejected() {
    let err = get_logger("lg.bad\0name").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.message().contains("NUL"), "{err}");
}

#[test]
fn is_enabled_for_follows_level_changes_of_ancestors() {
    let parent = get_logger("lg.levels").unwrap();
    let child = get_logger("lg.levels.child").unwrap();
    parent.set_level(Level::ERROR).unwrap();
    assert_eq!(child.level(), Level::NOTSET);
    assert_eq!(child.effective_level(), Level::ERROR);
    assert!(!child.is_enabled_for(Level::WARNING));
    assert!(child.is_enabled_for(Level::ERROR));

    parent.set_level(Level::DEBUG).unwrap();
    assert!(child.is_enabled_for(Level::DEBUG));
    assert!(!child.is_enabled_for(Level::TRACE));

    child.set_level(Level::CRITICAL).unwrap();
    assert_eq!(child.level(), Level::CRITICAL);
    assert!(!child.is_enabled_for(Level::ERROR));
    assert!(parent.is_enabled_for(Level::ERROR));
}

#[test]
fn records_reach_handlers_of_ancestors_unless_propagate_is_off() {
    let parent = get_logger("lg.prop").unwrap();
    let child = get_logger("lg.prop.child").unwrap();
    parent.set_level(Level::INFO).unwrap();
    let capture = Capture::new();
    parent.add_handler(&capture.handler).unwrap();

    child.info("through the parent");
    assert!(child.propagate());
    child.set_propagate(false).unwrap();
    assert!(!child.propagate());
    child.info("stays in the child");
    assert_eq!(capture.lines(), ["through the parent"]);
    let seen = capture.seen();
    assert_eq!(seen[0].logger, "lg.prop.child");
    assert_eq!(seen[0].level, Level::INFO);
}

#[test]
fn a_disabled_logger_drops_everything() {
    let (log, capture) = capture_logger("lg.disabled", Level::DEBUG);
    log.set_disabled(true).unwrap();
    assert!(log.disabled());
    assert!(!log.is_enabled_for(Level::CRITICAL));
    log.critical("dropped");
    log.set_disabled(false).unwrap();
    log.debug("kept");
    assert_eq!(capture.lines(), ["kept"]);
}

#[test]
fn handlers_can_be_listed_and_detached() {
    let log = get_logger("lg.handlers").unwrap();
    let first = Capture::new();
    let second = Capture::new();
    assert!(!log.handlers().unwrap().contains(&first.handler));
    log.add_handler(&first.handler).unwrap();
    log.add_handler(&first.handler).unwrap();
    log.add_handler(&second.handler).unwrap();
    assert_eq!(
        log.handlers().unwrap(),
        [first.handler.clone(), second.handler.clone()]
    );
    assert!(log.has_handlers());

    log.remove_handler(&first.handler).unwrap();
    let err = log.remove_handler(&first.handler).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    log.clear_handlers().unwrap();
    assert!(log.handlers().unwrap().is_empty());
}

#[test]
fn messages_are_bytes_passed_unchanged() {
    let (log, capture) = capture_logger("lg.bytes", Level::INFO);
    let raw: &[u8] = b"nul\0inside and \xff invalid";
    log.log(Level::INFO, raw).unwrap();
    log.log(Level::INFO, String::from("owned")).unwrap();
    let seen = capture.seen();
    assert_eq!(seen[0].message, raw);
    assert_eq!(seen[1].message, b"owned");
}

#[test]
fn record_info_carries_location_fields_and_exception() {
    let log = get_logger("lg.info").unwrap();
    log.set_level(Level::INFO).unwrap();
    let capture = Capture::new();
    capture
        .handler
        .set_formatter(&Formatter::new("{levelname}:{user}:{message}", None, Style::Brace).unwrap())
        .unwrap();
    log.add_handler(&capture.handler).unwrap();
    let info = RecordInfo::new()
        .file("src/auth.rs")
        .line(42)
        .func("app::auth")
        .field("user", "ada")
        .field("attempt", 3)
        .exc_text("Error: denied");
    log.log_with(Level::WARNING, "login failed", &info).unwrap();

    let seen = &capture.seen()[0];
    assert_eq!(seen.file.as_deref(), Some("src/auth.rs"));
    assert_eq!(seen.lineno, 42);
    assert_eq!(seen.func.as_deref(), Some("app::auth"));
    assert_eq!(
        seen.fields,
        [
            ("user".to_owned(), "ada".to_owned()),
            ("attempt".to_owned(), "3".to_owned())
        ]
    );
    assert_eq!(seen.line, "WARNING:ada:login failed\nError: denied");
}

#[test]
fn record_info_with_many_fields_and_nul_bytes() {
    let (log, capture) = capture_logger("lg.fields", Level::INFO);
    let info = (0..40).fold(RecordInfo::new(), |info, i| info.field(&format!("k{i}"), i));
    log.log_with(Level::INFO, "forty fields", &info).unwrap();
    let fields = &capture.seen()[0].fields;
    assert_eq!(fields.len(), 40);
    assert_eq!(fields[39], ("k39".to_owned(), "39".to_owned()));

    let escaped = RecordInfo::new().field("k\0ey", "va\0lue");
    log.log_with(Level::INFO, "escaped", &escaped).unwrap();
    assert_eq!(
        capture.seen()[1].fields,
        [("k\\0ey".to_owned(), "va\\0lue".to_owned())]
    );

    let err = log
        .log_with(Level::INFO, "bad", &RecordInfo::new().file("a\0b"))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(capture.seen().len(), 2);
}

#[test]
fn levels_have_names_and_custom_levels_can_be_added() {
    assert_eq!(Level::INFO.name(), "INFO");
    assert_eq!(Level::WARNING.to_string(), "WARNING");
    assert_eq!(Level::from_name("ERROR").unwrap(), Level::ERROR);
    let notice = Level::custom(25, "LG_NOTICE").unwrap();
    assert_eq!(Level::from_name("LG_NOTICE").unwrap(), notice);
    assert_eq!(notice.value(), 25);
    assert_eq!(
        Level::from_name("LG_NO_SUCH_LEVEL").unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        Level::new(-5).unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
    assert_eq!(Level::new(33).unwrap().name(), "Level 33");
}

#[test]
fn a_logger_from_a_raw_pointer_is_the_same_logger() {
    let log = get_logger("lg.raw").unwrap();
    // SAFETY: the pointer came from the C API (through the safe API here).
    let again = unsafe { picolog::Logger::from_raw(log.as_ptr()) }.unwrap();
    assert_eq!(again, log);
    assert!(unsafe { picolog::Logger::from_raw(std::ptr::null_mut()) }.is_none());
}

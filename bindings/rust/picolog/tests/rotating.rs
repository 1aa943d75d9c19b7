//! Rotating file handlers through the safe API: size rotation with Python's
//! names, the counters, and option errors.

use std::fs;

use picolog::{get_logger, ErrorKind, Level, RotatingFileHandler, TimedRotatingFileHandler, When};

#[test]
fn size_rotation_keeps_backup_count_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    let handler = RotatingFileHandler::builder(&path)
        .max_bytes(10)
        .backup_count(2)
        .multiprocess(true)
        .build()
        .unwrap();
    let log = get_logger("rot.size").unwrap();
    log.set_level(Level::INFO).unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&handler).unwrap();
    for message in ["aaaa", "bbbb", "cccc", "dddd"] {
        log.info(message);
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), "dddd\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("app.log.1")).unwrap(),
        "cccc\n"
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("app.log.2")).unwrap(),
        "bbbb\n"
    );
    assert!(!dir.path().join("app.log.3").exists());
    let stats = handler.rotation_stats().unwrap();
    assert_eq!((stats.rotations, stats.rotation_failures), (3, 0));
    handler.rollover_now().unwrap();
    assert_eq!(
        fs::read_to_string(dir.path().join("app.log.1")).unwrap(),
        "dddd\n"
    );
    log.remove_handler(&handler).unwrap();
}

#[test]
fn size_rotation_can_gzip_rotated_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gz.log");
    let handler = RotatingFileHandler::builder(&path)
        .max_bytes(5)
        .backup_count(2)
        .compress(true)
        .build()
        .unwrap();
    let log = get_logger("rot.size.gz").unwrap();
    log.set_level(Level::INFO).unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&handler).unwrap();
    for message in ["aaaa", "bbbb", "cccc"] {
        log.info(message);
        handler.flush().unwrap(); // also waits for the compression
    }
    log.remove_handler(&handler).unwrap();
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["gz.log", "gz.log.1.gz", "gz.log.2.gz"]);
    // A gzip stream starts with 1f 8b.
    assert_eq!(
        &fs::read(dir.path().join("gz.log.1.gz")).unwrap()[..2],
        &[0x1f, 0x8b]
    );
}

#[test]
fn timed_rotation_takes_the_multiprocess_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mp.log");
    let handler = TimedRotatingFileHandler::builder(&path)
        .multiprocess(true)
        .build()
        .unwrap();
    let log = get_logger("rot.timed.mp").unwrap();
    log.set_level(Level::INFO).unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&handler).unwrap();
    log.info("shared");
    log.remove_handler(&handler).unwrap();
    assert!(dir.path().join("mp.log.lock").exists());
    assert_eq!(fs::read_to_string(&path).unwrap(), "shared\n");
}

#[test]
fn timed_rotation_reports_its_next_rollover() {
    let dir = tempfile::tempdir().unwrap();
    let handler = TimedRotatingFileHandler::builder(dir.path().join("t.log"))
        .when(When::Midnight)
        .at_time(2, 30, 0)
        .utc(true)
        .compress(true)
        .max_age_days(30)
        .build()
        .unwrap();
    let at = handler.rotation_stats().unwrap().rollover_at;
    assert_eq!(at.rem_euclid(86400), 2 * 3600 + 30 * 60);
}

#[test]
fn compute_rollover_follows_the_handlers_schedule() {
    let dir = tempfile::tempdir().unwrap();
    let handler = TimedRotatingFileHandler::builder(dir.path().join("t.log"))
        .when(When::Midnight)
        .at_time(2, 30, 0)
        .utc(true)
        .build()
        .unwrap();
    // 2024-03-08 12:00 UTC, then 02:30 the next day, then that time itself.
    assert_eq!(
        handler.compute_rollover(1_709_899_200).unwrap(),
        1_709_951_400
    );
    assert_eq!(
        handler.compute_rollover(1_709_951_400).unwrap(),
        1_710_037_800
    );
    // The handler's own first rollover counts from its file's mtime.
    let mtime = fs::metadata(dir.path().join("t.log"))
        .unwrap()
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let at = handler.rotation_stats().unwrap().rollover_at;
    assert_eq!(handler.compute_rollover(mtime).unwrap(), at);
    let err = handler.compute_rollover(i64::MAX).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let size = RotatingFileHandler::builder(dir.path().join("s.log"))
        .build()
        .unwrap();
    let err = size.compute_rollover(0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn bad_options_are_invalid_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let err = TimedRotatingFileHandler::builder(dir.path().join("t.log"))
        .when(When::Weekday(7))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = TimedRotatingFileHandler::builder(dir.path().join("t.log"))
        .interval(0)
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = RotatingFileHandler::builder(dir.path().join("no/such/dir.log"))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    let plain = picolog::NullHandler::new().unwrap();
    assert_eq!(
        plain.rotation_stats().unwrap_err().kind(),
        ErrorKind::InvalidArgument
    );
}

#[test]
fn at_times_that_are_no_time_of_day_are_invalid_arguments() {
    let dir = tempfile::tempdir().unwrap();
    for (hour, minute, second) in [(24, 0, 0), (0, 90, 0), (1, 0, 60), (u32::MAX, 0, 0)] {
        let err = TimedRotatingFileHandler::builder(dir.path().join("t.log"))
            .when(When::Midnight)
            .at_time(hour, minute, second)
            .build()
            .unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::InvalidArgument,
            "{hour}:{minute}:{second}"
        );
    }
}

#[test]
fn watched_and_reopened_files_follow_a_rename() {
    let dir = tempfile::tempdir().unwrap();
    let watched_path = dir.path().join("w.log");
    let plain_path = dir.path().join("f.log");
    let watched =
        picolog::WatchedFileHandler::build(picolog::FileHandler::builder(&watched_path)).unwrap();
    let plain = picolog::FileHandler::builder(&plain_path).build().unwrap();
    let log = get_logger("rot.watched").unwrap();
    log.set_level(Level::INFO).unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&watched).unwrap();
    log.add_handler(&plain).unwrap();
    log.info("one");
    fs::rename(&watched_path, dir.path().join("w.log.1")).unwrap();
    fs::rename(&plain_path, dir.path().join("f.log.1")).unwrap();
    log.info("two");
    picolog::reopen_files();
    log.info("three");
    assert_eq!(
        fs::read_to_string(dir.path().join("w.log.1")).unwrap(),
        "one\n"
    );
    assert_eq!(fs::read_to_string(&watched_path).unwrap(), "two\nthree\n");
    assert_eq!(
        fs::read_to_string(dir.path().join("f.log.1")).unwrap(),
        "one\ntwo\n"
    );
    assert_eq!(fs::read_to_string(&plain_path).unwrap(), "three\n");
    log.remove_handler(&watched).unwrap();
    log.remove_handler(&plain).unwrap();
}

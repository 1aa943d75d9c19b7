//! Handlers through the safe API: files, descriptors, the null handler,
//! closures (also from many threads at once), levels, filters, formatters
//! and reference counting.

mod support;

use std::fs;
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;

use picolog::{
    get_logger, ErrorKind, FileHandler, Filter, FlushPolicy, Formatter, Handler, Level,
    NullHandler, StreamHandler, Style,
};
use support::{capture_logger, Capture};

#[test]
fn a_file_handler_appends_formatted_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.log");
    fs::write(&path, "old line\n").unwrap();
    let file = FileHandler::builder(&path).build().unwrap();
    file.set_formatter(
        &Formatter::new("%(levelname)s %(name)s %(message)s", None, Style::Percent).unwrap(),
    )
    .unwrap();
    let log = get_logger("hd.file").unwrap();
    log.set_level(Level::INFO).unwrap();
    log.add_handler(&file).unwrap();
    log.info("one");
    log.warning("two");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "old line\nINFO hd.file one\nWARNING hd.file two\n"
    );
}

#[test]
fn truncate_and_delay_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trunc.log");
    fs::write(&path, "old line\n").unwrap();
    let truncating = FileHandler::builder(&path).truncate(true).build().unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "");
    drop(truncating);

    let delayed_path = dir.path().join("delayed.log");
    let delayed = FileHandler::builder(&delayed_path)
        .delay(true)
        .mode(0o600)
        .build()
        .unwrap();
    assert!(!delayed_path.exists());
    let log = get_logger("hd.delay").unwrap();
    log.add_handler(&delayed).unwrap();
    log.error("opens the file");
    assert_eq!(
        fs::read_to_string(&delayed_path).unwrap(),
        "opens the file\n"
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&delayed_path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn buffered_files_write_on_flush_or_at_the_flush_level() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("buffered.log");
    let file = FileHandler::builder(&path)
        .flush_policy(FlushPolicy::Buffered)
        .flush_level(Level::CRITICAL)
        .flush_interval(std::time::Duration::ZERO)
        .buffer_size(1 << 16)
        .build()
        .unwrap();
    let log = get_logger("hd.buffered").unwrap();
    log.add_handler(&file).unwrap();
    log.error("held back");
    assert_eq!(fs::read_to_string(&path).unwrap(), "");
    log.critical("flushes both");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "held back\nflushes both\n"
    );
    log.error("until flush");
    file.flush().unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "held back\nflushes both\nuntil flush\n"
    );
}

#[test]
fn file_handler_errors_are_typed() {
    let dir = tempfile::tempdir().unwrap();
    let err = FileHandler::builder(dir.path().join("missing/dir/app.log"))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io);
    assert!(!err.message().is_empty());
    let err = FileHandler::builder("bad\0path").build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = FileHandler::builder(dir.path().join("x.log"))
        .flush_interval(std::time::Duration::from_secs(u64::MAX / 4))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[test]
fn a_stream_handler_writes_to_a_descriptor() {
    let out = tempfile::NamedTempFile::new().unwrap();
    let stream = StreamHandler::fd(out.as_file().as_raw_fd()).unwrap();
    let log = get_logger("hd.stream").unwrap();
    log.add_handler(&stream).unwrap();
    log.error("to the fd");
    assert_eq!(fs::read_to_string(out.path()).unwrap(), "to the fd\n");
    assert!(StreamHandler::stderr().is_ok());
    assert!(StreamHandler::stdout().is_ok());
    assert!(NullHandler::new().is_ok());
}

#[test]
fn handler_levels_and_filters_select_records() {
    let log = get_logger("hd.select").unwrap();
    log.set_level(Level::DEBUG).unwrap();
    let capture = Capture::new();
    capture.handler.set_level(Level::INFO).unwrap();
    assert_eq!(capture.handler.level(), Level::INFO);
    let no_secrets = Filter::from_fn(|r| !r.message().contains("secret")).unwrap();
    capture.handler.add_filter(&no_secrets).unwrap();
    log.add_handler(&capture.handler).unwrap();

    log.debug("below the handler's level");
    log.info("a secret");
    log.info("public");
    capture.handler.remove_filter(&no_secrets).unwrap();
    log.info("another secret");
    assert_eq!(capture.lines(), ["public", "another secret"]);
}

#[test]
fn name_and_level_range_filters() {
    let (_parent, capture) = capture_logger("hd.names", Level::DEBUG);
    let db_only = Filter::name("hd.names.db").unwrap();
    let warnings = Filter::level_range(Level::INFO, Level::WARNING).unwrap();
    capture.handler.add_filter(&db_only).unwrap();
    capture.handler.add_filter(&warnings).unwrap();
    get_logger("hd.names.db.pool")
        .unwrap()
        .warning("db warning");
    get_logger("hd.names.dbx").unwrap().warning("not db");
    get_logger("hd.names.db").unwrap().error("too severe");
    get_logger("hd.names.db").unwrap().debug("too verbose");
    assert_eq!(capture.lines(), ["db warning"]);
}

#[test]
fn a_logger_filter_runs_before_every_handler() {
    let log = get_logger("hd.logger_filter").unwrap();
    let capture = Capture::new();
    log.add_handler(&capture.handler).unwrap();
    let even = Filter::from_fn(|r| r.message_bytes().len() % 2 == 0).unwrap();
    log.add_filter(&even).unwrap();
    log.error("odd");
    log.error("even");
    log.remove_filter(&even).unwrap();
    log.error("odd");
    assert_eq!(capture.lines(), ["even", "odd"]);
}

#[test]
fn closures_receive_records_from_eight_threads() {
    const THREADS: usize = 8;
    const PER_THREAD: usize = 2000;
    let log = get_logger("hd.threads").unwrap();
    log.set_level(Level::INFO).unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let last_seen = Arc::new(Mutex::new(vec![None::<usize>; THREADS]));
    let (counter, order) = (count.clone(), last_seen.clone());
    let handler = Handler::from_fn(move |record, line| {
        counter.fetch_add(1, Ordering::Relaxed);
        let thread: usize = record.field("thread").unwrap().parse().unwrap();
        let seq: usize = line.parse().unwrap();
        let mut order = order.lock().unwrap();
        // Each thread's records arrive in the order it logged them.
        assert_eq!(order[thread].map_or(0, |s| s + 1), seq);
        order[thread] = Some(seq);
    })
    .unwrap();
    log.add_handler(&handler).unwrap();

    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let start = start.clone();
            thread::spawn(move || {
                start.wait();
                for i in 0..PER_THREAD {
                    let info = picolog::RecordInfo::new().field("thread", t);
                    log.log_with(Level::INFO, i.to_string(), &info).unwrap();
                }
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    assert_eq!(count.load(Ordering::Relaxed), THREADS * PER_THREAD);
    assert_eq!(
        *last_seen.lock().unwrap(),
        vec![Some(PER_THREAD - 1); THREADS]
    );
    assert_eq!(handler.failures().unwrap(), 0);
}

#[test]
fn a_closure_returning_err_counts_a_failure() {
    let log = get_logger("hd.failing").unwrap();
    let failing = Handler::from_fn(|_, line| {
        if line == "bad" {
            Err("refused")
        } else {
            Ok(())
        }
    })
    .unwrap();
    log.add_handler(&failing).unwrap();
    log.error("good");
    log.error("bad");
    log.error("bad");
    assert_eq!(failing.failures().unwrap(), 2);
}

#[test]
fn flush_closures_run_on_flush() {
    let flushes = Arc::new(AtomicUsize::new(0));
    let counter = flushes.clone();
    let handler = Handler::from_fns(
        |_, _| (),
        move || {
            counter.fetch_add(1, Ordering::Relaxed);
        },
    )
    .unwrap();
    handler.flush().unwrap();
    assert_eq!(flushes.load(Ordering::Relaxed), 1);
}

#[test]
fn clones_share_one_handler_and_the_closure_is_freed_with_the_last() {
    struct DropFlag(Arc<AtomicUsize>);
    impl Drop for DropFlag {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
    let dropped = Arc::new(AtomicUsize::new(0));
    let flag = DropFlag(dropped.clone());
    let handler = Handler::from_fn(move |_, _| {
        let _keep = &flag;
    })
    .unwrap();
    let log = get_logger("hd.refcount").unwrap();
    let clone = handler.clone();
    assert_eq!(clone, handler);
    log.add_handler(&clone).unwrap();
    drop(handler);
    drop(clone);
    assert_eq!(
        dropped.load(Ordering::Relaxed),
        0,
        "the logger still holds it"
    );
    log.remove_handler(&log.handlers().unwrap()[0]).unwrap();
    assert_eq!(dropped.load(Ordering::Relaxed), 1);
}

#[test]
fn a_formatter_formats_records_inside_a_closure() {
    let json = Arc::new(Formatter::json().unwrap());
    let out = Arc::new(Mutex::new(Vec::new()));
    let (formatter, sink) = (json.clone(), out.clone());
    let handler = Handler::from_fn(move |record, _| {
        sink.lock().unwrap().push(formatter.format(record).unwrap());
    })
    .unwrap();
    let log = get_logger("hd.json").unwrap();
    log.add_handler(&handler).unwrap();
    log.log_with(
        Level::ERROR,
        "x".repeat(1000),
        &picolog::RecordInfo::new().field("user", "ada"),
    )
    .unwrap();
    let text = String::from_utf8(out.lock().unwrap()[0].clone()).unwrap();
    assert!(text.starts_with('{') && text.ends_with('}'), "{text}");
    assert!(
        text.contains("\"logger\":\"hd.json\"") || text.contains("\"logger\": \"hd.json\""),
        "{text}"
    );
    assert!(text.contains(&"x".repeat(1000)));
    assert!(text.contains("ada"));
}

#[test]
fn bad_format_patterns_are_format_errors() {
    for (pattern, style) in [
        ("%(message)q", Style::Percent),
        ("%(message", Style::Percent),
        ("{message", Style::Brace),
    ] {
        let err = Formatter::new(pattern, None, style).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Format, "{pattern}");
    }
    assert_eq!(
        Formatter::new("%(message)s", Some("%Y\0"), Style::Percent)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidArgument
    );
}

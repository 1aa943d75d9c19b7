//! install_crash_handler: a child process (this test binary again) logs
//! into a queue in front of a buffered file and then dies of a NULL write,
//! or panics; its file still gets every record. A panic in a closure the
//! panic hook's flush reaches is contained like any other.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use picolog::{
    get_logger, FileHandler, FlushPolicy, Formatter, Handler, Level, QueueHandler, Style,
};

const RECORDS: usize = 2000;
const CHILD: &str = "PICOLOG_CRASH_TEST_CHILD";

fn log_into_buffered_queue(path: &Path) -> picolog::Logger {
    let file = FileHandler::builder(path)
        .flush_policy(FlushPolicy::Buffered)
        .buffer_size(1 << 20)
        .flush_interval(Duration::ZERO)
        .flush_level(Level::CRITICAL)
        .build()
        .unwrap();
    file.set_formatter(&Formatter::new("%(name)s %(message)s", None, Style::Percent).unwrap())
        .unwrap();
    let queue = QueueHandler::builder()
        .capacity(4096)
        .handler(file)
        .build()
        .unwrap();
    let log = get_logger("crash.rust").unwrap();
    log.set_level(Level::INFO).unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&queue).unwrap();
    picolog::install_crash_handler().unwrap();
    for i in 0..RECORDS {
        log.info(format!("record {i}"));
    }
    log
}

/// Runs `test` of this binary in a child with CHILD=path; returns its status.
fn run_child(test: &str, path: &Path) -> std::process::ExitStatus {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD, path)
        .output()
        .unwrap()
        .status
}

fn records_in(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn temp_path(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("picolog-crash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn crash_child_segfaults() {
    let Some(path) = std::env::var_os(CHILD) else {
        return;
    };
    log_into_buffered_queue(Path::new(&path));
    // SAFETY: not safe at all: the point is to crash.
    unsafe { std::ptr::null_mut::<i32>().write_volatile(1) };
}

#[test]
fn crash_child_panics() {
    let Some(path) = std::env::var_os(CHILD) else {
        return;
    };
    log_into_buffered_queue(Path::new(&path));
    panic!("the child panics");
}

#[test]
fn a_segfault_writes_every_queued_record_and_names_the_signal() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let path = temp_path("segv.log");
    let status = run_child("crash_child_segfaults", &path);
    assert!(!status.success());
    let lines = records_in(&path);
    assert_eq!(lines.len(), RECORDS + 1, "{:?}", lines.last());
    for (i, line) in lines[..RECORDS].iter().enumerate() {
        assert_eq!(line, &format!("crash.rust record {i}"));
    }
    assert_eq!(lines[RECORDS], "picolog fatal signal SIGSEGV");
}

#[test]
fn a_panic_flushes_before_the_previous_hook() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let path = temp_path("panic.log");
    let status = run_child("crash_child_panics", &path);
    assert!(!status.success());
    let lines = records_in(&path);
    assert_eq!(lines.len(), RECORDS);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line, &format!("crash.rust record {i}"));
    }
}

#[test]
fn crash_child_panics_in_a_flush_closure() {
    let Some(path) = std::env::var_os(CHILD) else {
        return;
    };
    picolog::install_crash_handler().unwrap();
    let handler = Handler::from_fns(
        |_, _| (),
        || -> () { panic!("deliberate panic in a flush") },
    )
    .unwrap();
    // The panic is caught; the panic hook flushes every handler, this one
    // again, while the thread is still panicking.
    let _ = handler.flush();
    std::fs::write(path, handler.failures().unwrap().to_string()).unwrap();
}

#[test]
fn a_closure_that_panics_again_under_the_panic_hook_does_not_abort() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let path = temp_path("flush-panic.txt");
    let status = run_child("crash_child_panics_in_a_flush_closure", &path);
    assert!(status.success(), "{status}");
    // The panicking flush is the one failure: the hook's flush skips the
    // closure, which is not the handler failing.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "1");
}

#[test]
fn crash_child_catches_a_panic() {
    let Some(path) = std::env::var_os(CHILD) else {
        return;
    };
    picolog::install_crash_handler().unwrap();
    let emitted = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let flushes = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (lines, count) = (emitted.clone(), flushes.clone());
    let handler = Handler::from_fns(
        move |_, line| lines.lock().unwrap().push(line.to_owned()),
        move || {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        },
    )
    .unwrap();
    let log = get_logger("crash.caught").unwrap();
    log.set_propagate(false).unwrap();
    log.add_handler(&handler).unwrap();
    log.error("before the panic");
    // As a task runtime does with a task's panic: caught, and the program
    // goes on. The panic hook's flush skips the closure.
    let _ = std::panic::catch_unwind(|| panic!("a caught panic"));
    let skipped = flushes.load(std::sync::atomic::Ordering::SeqCst);
    log.error("after the panic");
    handler.flush().unwrap();
    let report = format!(
        "{} {} {} {}",
        handler.failures().unwrap(),
        skipped,
        flushes.load(std::sync::atomic::Ordering::SeqCst),
        emitted.lock().unwrap().join("|")
    );
    std::fs::write(path, report).unwrap();
}

#[test]
fn a_caught_panic_leaves_a_closure_handler_without_failures() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let path = temp_path("caught-panic.txt");
    let status = run_child("crash_child_catches_a_panic", &path);
    assert!(status.success(), "{status}");
    // No failure; the flush closure ran once, for the program's own flush,
    // not under the panic hook; both records reached it.
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "0 0 1 before the panic|after the panic"
    );
}

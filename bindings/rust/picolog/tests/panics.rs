//! Panics inside closures given to the runtime: caught before they reach C,
//! counted as failures and reported through the error hook; never an abort.

mod support;

use std::panic;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Once};

use picolog::{get_logger, set_error_hook, Filter, Handler, NullHandler, QueueHandler};
use support::{global_state, Capture};

/// Keeps the deliberate panics out of the test output; every other panic
/// (a failing assertion) is still reported.
fn quiet_deliberate_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let text = info
                .payload()
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
                .unwrap_or("");
            if !text.starts_with("deliberate") && !info.payload().is::<PanicsWhenDropped>() {
                default(info);
            }
        }));
    });
}

/// A panic payload whose own drop panics, as `panic_any` can raise one.
struct PanicsWhenDropped;

impl Drop for PanicsWhenDropped {
    fn drop(&mut self) {
        panic!("deliberate panic while dropping a panic payload");
    }
}

fn collect_error_hook() -> Arc<Mutex<Vec<String>>> {
    let messages = Arc::new(Mutex::new(Vec::new()));
    let sink = messages.clone();
    set_error_hook(move |message| sink.lock().unwrap().push(message.to_owned())).unwrap();
    messages
}

#[test]
fn a_panicking_handler_counts_a_failure_and_reports_it() {
    let _global = global_state();
    quiet_deliberate_panics();
    let messages = collect_error_hook();
    let log = get_logger("pn.handler").unwrap();
    let panicking = Handler::from_fn(|_, line| {
        if line.starts_with("boom") {
            panic!("deliberate panic in a handler");
        }
    })
    .unwrap();
    let capture = Capture::new();
    log.add_handler(&panicking).unwrap();
    log.add_handler(&capture.handler).unwrap();

    log.error("boom");
    log.error("fine");
    log.error("boom again");
    assert_eq!(panicking.failures().unwrap(), 2);
    assert_eq!(capture.lines(), ["boom", "fine", "boom again"]);
    assert!(
        !messages.lock().unwrap().is_empty(),
        "the error hook was called"
    );
    picolog::reset_error_hook().unwrap();
}

#[test]
fn a_panicking_filter_drops_the_record() {
    quiet_deliberate_panics();
    let log = get_logger("pn.filter").unwrap();
    let capture = Capture::new();
    log.add_handler(&capture.handler).unwrap();
    let filter = Filter::from_fn(|r| {
        if r.message() == "boom" {
            panic!("deliberate panic in a filter");
        }
        true
    })
    .unwrap();
    log.add_filter(&filter).unwrap();
    log.error("boom");
    log.error("kept");
    assert_eq!(capture.lines(), ["kept"]);
}

#[test]
fn a_panicking_error_hook_is_contained() {
    let _global = global_state();
    quiet_deliberate_panics();
    let called = Arc::new(AtomicBool::new(false));
    let flag = called.clone();
    set_error_hook(move |_| {
        flag.store(true, Ordering::Relaxed);
        panic!("deliberate panic in the error hook");
    })
    .unwrap();
    let log = get_logger("pn.hook").unwrap();
    let failing = Handler::from_fn(|_, _| Err("refused")).unwrap();
    log.add_handler(&failing).unwrap();
    log.error("fails, and the hook panics");
    assert!(called.load(Ordering::Relaxed));
    assert_eq!(failing.failures().unwrap(), 1);
    log.error("still logging");
    assert_eq!(failing.failures().unwrap(), 2);
    picolog::reset_error_hook().unwrap();
}

#[test]
fn a_panicking_handler_behind_a_queue_is_counted_in_its_stats() {
    quiet_deliberate_panics();
    let panicking =
        Handler::from_fn(|_, _| -> () { panic!("deliberate panic on the listener thread") })
            .unwrap();
    let queue = QueueHandler::builder()
        .handler(panicking.clone())
        .handler(NullHandler::new().unwrap())
        .build()
        .unwrap();
    let log = get_logger("pn.queue").unwrap();
    log.add_handler(&queue).unwrap();
    for _ in 0..3 {
        log.error("boom");
    }
    queue.flush().unwrap();
    let stats = queue.stats().unwrap();
    assert_eq!(stats.emitted, 3);
    assert_eq!(stats.failed, 3);
    assert_eq!(panicking.failures().unwrap(), 3);
}

#[test]
fn a_panic_whose_payload_panics_when_dropped_is_contained() {
    quiet_deliberate_panics();
    let log = get_logger("pn.payload").unwrap();
    log.set_propagate(false).unwrap();
    let handler = Handler::from_fn(|_, _| -> () { panic::panic_any(PanicsWhenDropped) }).unwrap();
    let filter = Filter::from_fn(|_| -> bool { panic::panic_any(PanicsWhenDropped) }).unwrap();
    let capture = Capture::new();
    capture.handler.add_filter(&filter).unwrap();
    log.add_handler(&handler).unwrap();
    log.add_handler(&capture.handler).unwrap();

    log.error("boom");
    // The process is still here: the handler failed once, the filter
    // dropped the record.
    assert_eq!(handler.failures().unwrap(), 1);
    assert!(capture.lines().is_empty());
}

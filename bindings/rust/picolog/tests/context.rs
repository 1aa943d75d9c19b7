//! picolog::context: scopes and guards on the calling thread's context stack,
//! their fields on records, nesting, isolation between threads, bad keys.

mod support;

use std::sync::Barrier;

use picolog::{ErrorKind, Level, RecordInfo};
use support::capture_logger;

#[test]
fn scope_fields_reach_records() {
    let (log, capture) = capture_logger("ctx.scope", Level::INFO);
    let id = String::from("r-42");
    let depth = picolog::context::scope(&[("request_id", id.as_str())], || {
        log.info("inside");
        picolog::context::depth()
    });
    log.info("outside");
    assert_eq!(depth, 1);
    assert_eq!(picolog::context::depth(), 0);
    let seen = capture.seen();
    assert_eq!(seen[0].fields, [("request_id".into(), "r-42".into())]);
    assert!(seen[1].fields.is_empty());
}

#[test]
fn guards_nest_and_the_record_wins() {
    let (log, capture) = capture_logger("ctx.guard", Level::INFO);
    let outer = picolog::context::push(&[("a", 1), ("b", 1)]).unwrap();
    let inner = picolog::context::push(&[("b", 2)]).unwrap();
    log.log_with(Level::INFO, "m", &RecordInfo::new().field("a", "record"))
        .unwrap();
    drop(inner);
    log.info("after inner");
    drop(outer);
    let seen = capture.seen();
    let pairs = |i: usize| -> Vec<(&str, &str)> {
        seen[i]
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    };
    assert_eq!(pairs(0), [("a", "record"), ("b", "2")]);
    assert_eq!(pairs(1), [("a", "1"), ("b", "1")]);
}

#[test]
fn threads_do_not_share_context() {
    let (log, capture) = capture_logger("ctx.threads", Level::INFO);
    let barrier = Barrier::new(2);
    std::thread::scope(|s| {
        s.spawn(|| {
            picolog::context::scope(&[("who", "a")], || {
                barrier.wait();
                log.info("a");
                barrier.wait();
            })
        });
        s.spawn(|| {
            barrier.wait();
            log.info("b");
            barrier.wait();
        });
    });
    for seen in capture.seen() {
        match seen.message.as_slice() {
            b"a" => assert_eq!(seen.fields, [("who".into(), "a".into())]),
            _ => assert!(seen.fields.is_empty()),
        }
    }
    assert_eq!(capture.seen().len(), 2);
}

#[test]
fn an_empty_key_is_refused_and_scope_still_runs() {
    let err = picolog::context::push(&[("", "v")]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("key is empty"), "{err}");
    assert_eq!(picolog::context::scope(&[("", "v")], || 7), 7);
    assert_eq!(picolog::context::depth(), 0);
}

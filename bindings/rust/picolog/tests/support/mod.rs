//! Helpers shared by the integration tests: a closure handler that keeps
//! what it receives, and a lock for tests that touch process-wide state.

#![allow(dead_code)]

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use picolog::{Handler, Level};

/// What a capturing handler saw of one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    pub logger: String,
    pub level: Level,
    pub message: Vec<u8>,
    pub line: String,
    pub file: Option<String>,
    pub lineno: u32,
    pub func: Option<String>,
    pub fields: Vec<(String, String)>,
}

/// A handler built with `Handler::from_fn` that records everything it gets.
pub struct Capture {
    pub handler: Handler,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Capture {
    pub fn new() -> Capture {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let handler = Handler::from_fn(move |record, line| {
            sink.lock().unwrap().push(Seen {
                logger: record.logger_name().into_owned(),
                level: record.level(),
                message: record.message_bytes().to_vec(),
                line: line.to_owned(),
                file: record.file().map(|f| f.into_owned()),
                lineno: record.line(),
                func: record.func().map(|f| f.into_owned()),
                fields: record
                    .fields()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
            });
        })
        .expect("a callback handler");
        Capture { handler, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The formatted lines received so far.
    pub fn lines(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.line).collect()
    }
}

/// Serialises tests that change or read process-wide state (global disable
/// level, error hook, log::max_level).
pub fn global_state() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The logger `name` at `level`, with a fresh capturing handler attached.
pub fn capture_logger(name: &str, level: Level) -> (picolog::Logger, Capture) {
    let logger = picolog::get_logger(name).expect("a logger");
    logger.set_level(level).expect("set_level");
    let capture = Capture::new();
    logger.add_handler(&capture.handler).expect("add_handler");
    (logger, capture)
}

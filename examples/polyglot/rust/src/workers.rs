//! The Rust workers: threads that log in two phases through app.rust.w<N>,
//! with a gate between the phases that Python opens after changing levels
//! (the same protocol as the C library's workers).

use std::fmt::Write;
use std::os::raw::{c_int, c_uint};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use picolog::{Level, Logger};

use crate::status::Failure;

/// POLYGLOT_GATED: stop between the phases until the gate is released.
const GATED: c_int = 1;
/// POLYGLOT_WAIT_GO: begin only once GO is non-zero.
const WAIT_GO: c_int = 2;
const MAX_THREADS: c_uint = 256;

/// Set by Python with a plain store, so that workers can start while the
/// Python thread keeps the GIL.
pub static GO: AtomicU32 = AtomicU32::new(0);
/// Set when the last worker of a run has logged its last record; Python
/// reads it without a call.
pub static DONE: AtomicU32 = AtomicU32::new(0);

/// `polyglot_stats`: what one run did, summed over its threads.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub logged: u64,
    pub skipped: u64,
    pub failed: u64,
    pub elapsed_ns: u64,
}

struct Report {
    stats: Stats,
    start: Instant,
    end: Instant,
}

#[derive(Default)]
struct Progress {
    at_gate: c_uint,
    finished: c_uint,
    released: bool,
}

/// What the workers of one run share.
struct Shared {
    threads: c_uint,
    records: c_uint,
    flags: c_int,
    progress: Mutex<Progress>,
    changed: Condvar,
}

impl Shared {
    fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn gated(&self) -> bool {
        self.flags & GATED != 0
    }

    /// Counts a worker at the gate and, in a gated run, waits until Python
    /// opens it; whatever Python changed before opening it is visible after.
    fn pass_gate(&self) {
        let mut progress = self.progress();
        progress.at_gate += 1;
        self.changed.notify_all();
        while self.gated() && !progress.released {
            progress = self
                .changed
                .wait(progress)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn finish(&self) {
        let mut progress = self.progress();
        progress.finished += 1;
        if progress.finished == self.threads {
            DONE.store(1, Ordering::Release);
        }
        self.changed.notify_all();
    }
}

struct Run {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<Report>>,
}

static RUN: Mutex<Option<Run>> = Mutex::new(None);

fn current() -> MutexGuard<'static, Option<Run>> {
    RUN.lock().unwrap_or_else(PoisonError::into_inner)
}

fn active_shared() -> Result<Arc<Shared>, Failure> {
    current()
        .as_ref()
        .map(|run| run.shared.clone())
        .ok_or_else(|| "no active run".into())
}

/// One worker's logging: its logger, counts and message buffer.
struct Worker {
    index: c_uint,
    logger: Logger,
    stats: Stats,
    seq: u64,
    message: String,
}

impl Worker {
    fn log(&mut self, level: Level, phase: u32) {
        if self.logger.is_enabled_for(level) {
            self.message.clear();
            let _ = write!(
                self.message,
                "lang=rust thread={} seq={} phase={phase}",
                self.index, self.seq
            );
            match self.logger.log(level, &self.message) {
                Ok(()) => self.stats.logged += 1,
                Err(_) => self.stats.failed += 1,
            }
        } else {
            self.stats.skipped += 1;
        }
        self.seq += 1;
    }

    fn phase(&mut self, records: c_uint, phase: u32) {
        for _ in 0..records {
            self.log(Level::INFO, phase);
            self.log(Level::DEBUG, phase);
        }
    }
}

fn work(shared: &Shared, mut worker: Worker) -> Report {
    let _ = picolog::set_thread_name(Some(&format!("rust-{}", worker.index)));
    if shared.flags & WAIT_GO != 0 {
        while GO.load(Ordering::Acquire) == 0 {
            thread::yield_now();
        }
    }
    let start = Instant::now();
    worker.phase(shared.records, 1);
    shared.pass_gate();
    worker.phase(shared.records, 2);
    worker.log(Level::WARNING, 2);
    let end = Instant::now();
    shared.finish();
    Report {
        stats: worker.stats,
        start,
        end,
    }
}

pub fn start(threads: c_uint, records: c_uint, flags: c_int) -> Result<(), Failure> {
    if threads == 0 || threads > MAX_THREADS {
        return Err(format!("threads must be between 1 and {MAX_THREADS}").into());
    }
    if flags & !(GATED | WAIT_GO) != 0 {
        return Err("unknown flags".into());
    }
    let mut run = current();
    if run.is_some() {
        return Err("a run is already active: join it first".into());
    }
    GO.store(0, Ordering::Release);
    DONE.store(0, Ordering::Release);
    let shared = Arc::new(Shared {
        threads,
        records,
        flags,
        progress: Mutex::new(Progress::default()),
        changed: Condvar::new(),
    });
    // The loggers are made here, on the caller's thread, so that the
    // workers never change the registry (nor run level listeners).
    let loggers = (0..threads)
        .map(|index| picolog::get_logger(&format!("app.rust.w{index}")))
        .collect::<picolog::Result<Vec<Logger>>>()?;
    let mut workers = Vec::with_capacity(loggers.len());
    for (index, logger) in (0..threads).zip(loggers) {
        let worker = Worker {
            index,
            logger,
            stats: Stats::default(),
            seq: 0,
            message: String::with_capacity(64),
        };
        let mine = shared.clone();
        let spawned = thread::Builder::new()
            .name(format!("rust-{index}"))
            .spawn(move || work(&mine, worker));
        match spawned {
            Ok(handle) => workers.push(handle),
            Err(error) => {
                abandon(&shared, workers);
                return Err(format!("cannot start a worker thread: {error}").into());
            }
        }
    }
    *run = Some(Run { shared, workers });
    Ok(())
}

/// Lets the workers that did start finish (ungated, without waiting for
/// go) and joins them, after a failed start.
fn abandon(shared: &Shared, workers: Vec<JoinHandle<Report>>) {
    shared.progress().released = true;
    shared.changed.notify_all();
    GO.store(1, Ordering::Release);
    for handle in workers {
        let _ = handle.join();
    }
}

pub fn wait_gate() -> Result<(), Failure> {
    let shared = active_shared()?;
    let mut progress = shared.progress();
    loop {
        let reached = if shared.gated() {
            progress.at_gate
        } else {
            progress.finished
        };
        if reached >= shared.threads {
            return Ok(());
        }
        progress = shared
            .changed
            .wait(progress)
            .unwrap_or_else(PoisonError::into_inner);
    }
}

pub fn release_gate() -> Result<(), Failure> {
    let shared = active_shared()?;
    shared.progress().released = true;
    shared.changed.notify_all();
    Ok(())
}

pub fn join() -> Result<Stats, Failure> {
    let run = current().take().ok_or("no active run")?;
    let mut total = Stats::default();
    let mut span: Option<(Instant, Instant)> = None;
    for handle in run.workers {
        let report = handle.join().map_err(|_| "a worker thread panicked")?;
        total.logged += report.stats.logged;
        total.skipped += report.stats.skipped;
        total.failed += report.stats.failed;
        span = Some(match span {
            None => (report.start, report.end),
            Some((first, last)) => (first.min(report.start), last.max(report.end)),
        });
    }
    if let Some((first, last)) = span {
        total.elapsed_ns = u64::try_from((last - first).as_nanos()).unwrap_or(u64::MAX);
    }
    Ok(total)
}

//! The contenders, each run alone in a child process (the `log` facade takes
//! one logger per process): picolog through `log::info!`, env_logger and
//! tracing-subscriber's fmt layer, each writing the same line shape
//! (time, level, target, message) to a file.
//!
//! picolog and env_logger write byte-identical lines (env_logger's RFC 3339
//! time in UTC, which picolog's formatter writes with a `datefmt` and
//! `%(msecs)03d`; picolog's times are local, UTC on the benchmark machines)
//! with one `write(2)` per record into a file opened with the same flags
//! (`O_APPEND`, as a logging file handler opens it), so the write-per-record
//! row compares the same work.

use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use picolog::{FileHandler, FlushPolicy, Formatter, Handler, Level, QueueHandler, Style};

/// The target every contender logs to; a plain name, as most crates' are
/// module paths without nesting in this benchmark.
pub const TARGET: &str = "bench";

/// Every contender by name, with what it measures.
pub const ALL: &[(&str, &str)] = &[
    ("picolog-sync", "picolog FileHandler, one write per record"),
    ("picolog-buffered", "picolog FileHandler, 64 KiB buffer"),
    (
        "picolog-queue",
        "picolog QueueHandler -> buffered FileHandler, until flushed",
    ),
    ("env_logger", "env_logger, Target::Pipe(File)"),
    ("tracing-fmt", "tracing-subscriber fmt, Mutex<File>"),
    (
        "tracing-fmt-buffered",
        "tracing-subscriber fmt, Mutex<BufWriter<File>>",
    ),
];

fn log_records(records: usize) {
    for i in 0..records {
        log::info!(target: TARGET, "request {} served in {} us", i, 125);
    }
}

pub fn picolog_file(path: &Path, policy: FlushPolicy) -> Handler {
    let handler = FileHandler::builder(path)
        .truncate(true)
        .flush_policy(policy)
        .flush_interval(Duration::ZERO)
        .build()
        .expect("a file handler");
    let formatter = Formatter::new(
        "%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s: %(message)s",
        Some("%Y-%m-%dT%H:%M:%S"),
        Style::Percent,
    )
    .expect("a formatter");
    handler.set_formatter(&formatter).expect("set_formatter");
    handler
}

fn picolog_setup(handler: &Handler) {
    picolog::log_backend::init().expect("the log backend");
    let root = picolog::root();
    root.set_level(Level::INFO).expect("set_level");
    root.add_handler(handler).expect("add_handler");
}

/// Runs one contender and returns the time taken for `records` records to
/// reach the file (written, for the queue: flushed by its listener).
pub fn run(name: &str, path: &Path, records: usize) -> Duration {
    match name {
        "picolog-sync" | "picolog-buffered" => {
            let policy = if name == "picolog-sync" {
                FlushPolicy::EveryRecord
            } else {
                FlushPolicy::Buffered
            };
            let file = picolog_file(path, policy);
            picolog_setup(&file);
            let start = Instant::now();
            log_records(records);
            file.flush().expect("flush");
            start.elapsed()
        }
        "picolog-queue" => {
            let queue = QueueHandler::builder()
                .handler(picolog_file(path, FlushPolicy::Buffered))
                .build()
                .expect("a queue handler");
            picolog_setup(&queue);
            let start = Instant::now();
            log_records(records);
            queue.flush().expect("flush");
            let elapsed = start.elapsed();
            let stats = queue.stats().expect("stats");
            assert_eq!(
                stats.emitted, records as u64,
                "every record written: {stats:?}"
            );
            elapsed
        }
        "env_logger" => {
            // env_logger flushes its pipe after every record, so a BufWriter
            // here would change nothing: it has one mode, a write per record.
            // Opened as picolog's FileHandler opens its file (O_APPEND, which
            // Rust refuses to combine with truncation: removed first).
            let _ = fs::remove_file(path);
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .expect("the output file");
            env_logger::Builder::new()
                .filter_level(log::LevelFilter::Info)
                .target(env_logger::Target::Pipe(Box::new(file)))
                .format(|buf, record| {
                    writeln!(
                        buf,
                        "{} {} {}: {}",
                        buf.timestamp_millis(),
                        record.level(),
                        record.target(),
                        record.args()
                    )
                })
                .init();
            let start = Instant::now();
            log_records(records);
            log::logger().flush();
            start.elapsed()
        }
        "tracing-fmt" | "tracing-fmt-buffered" => {
            let file = File::create(path).expect("the output file");
            if name == "tracing-fmt" {
                tracing_records(Mutex::new(file), records)
            } else {
                tracing_records(
                    Mutex::new(BufWriter::with_capacity(64 << 10, file)),
                    records,
                )
            }
        }
        other => panic!("no contender named {other}"),
    }
}

fn tracing_records<W>(writer: Mutex<W>, records: usize) -> Duration
where
    W: Write + Send + 'static,
{
    let writer = std::sync::Arc::new(writer);
    let make = {
        let writer = writer.clone();
        move || Locked(writer.clone())
    };
    tracing_subscriber::fmt()
        .with_writer(make)
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .init();
    let start = Instant::now();
    for i in 0..records {
        tracing::info!(target: TARGET, "request {} served in {} us", i, 125);
    }
    writer.lock().expect("the writer").flush().expect("flush");
    start.elapsed()
}

/// A writer handing each formatted event to the shared, locked output.
struct Locked<W>(std::sync::Arc<Mutex<W>>);

impl<W: Write> Write for Locked<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("the writer").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().expect("the writer").flush()
    }
}

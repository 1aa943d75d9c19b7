//! The `tracing` contenders: events through picolog's Layer against
//! tracing-subscriber's fmt layer, for an enabled event written to a file and
//! for an event disabled by level.
//!
//! Both file setups are non-blocking and buffered: picolog's Layer feeds a
//! QueueHandler in front of a buffered FileHandler; fmt writes through
//! tracing-appender's non_blocking worker into a 64 KiB BufWriter. The clock
//! stops once every line is in the file (the queue flushed, the worker
//! drained and joined).

use std::fs::File;
use std::hint::black_box;
use std::io::BufWriter;
use std::path::Path;
use std::time::{Duration, Instant};

use picolog::{FlushPolicy, Level, QueueHandler};
use tracing_subscriber::layer::SubscriberExt;

use crate::contenders::{picolog_file, TARGET};

/// The tracing contenders by name, with what each measures.
pub const ALL: &[(&str, &str)] = &[
    (
        "picolog-tracing",
        "tracing::info! -> picolog Layer -> QueueHandler -> buffered FileHandler",
    ),
    (
        "tracing-fmt-nonblocking",
        "tracing::info! -> fmt layer -> tracing-appender non_blocking(BufWriter<File>)",
    ),
    (
        "picolog-tracing-disabled",
        "tracing::debug! with picolog's Layer at INFO (events/s)",
    ),
    (
        "tracing-disabled",
        "tracing::debug! with fmt at max level INFO (events/s)",
    ),
];

fn info_events(records: usize) {
    for i in 0..records {
        tracing::info!(target: TARGET, "request {} served in {} us", i, 125);
    }
}

/// A disabled event costs a fraction of a nanosecond, so `records` of them
/// take well under a millisecond: a single preemption on a loaded machine
/// would decide the row. Each round logs this many times `records` events,
/// and the fastest of the rounds is the measure.
const DISABLED_EVENTS_PER_RECORD: u32 = 25;
const DISABLED_ROUNDS: usize = 7;

/// The time `records` disabled events take: the best of several rounds.
fn debug_events(records: usize) -> Duration {
    let events = records * DISABLED_EVENTS_PER_RECORD as usize;
    (0..DISABLED_ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for i in 0..events {
                tracing::debug!(target: TARGET, "request {} served in {} us", black_box(i), 125);
            }
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
        / DISABLED_EVENTS_PER_RECORD
}

fn picolog_subscriber() {
    let subscriber = tracing_subscriber::registry().with(picolog::tracing::layer());
    tracing::subscriber::set_global_default(subscriber).expect("the global subscriber");
    picolog::root().set_level(Level::INFO).expect("set_level");
}

/// Runs one contender: the time taken and the lines it must have written.
pub fn run(name: &str, path: &Path, records: usize) -> Option<(Duration, usize)> {
    Some(match name {
        "picolog-tracing" => {
            let queue = QueueHandler::builder()
                .handler(picolog_file(path, FlushPolicy::Buffered))
                .build()
                .expect("a queue handler");
            picolog::root().add_handler(&queue).expect("add_handler");
            picolog_subscriber();
            let start = Instant::now();
            info_events(records);
            queue.flush().expect("flush");
            (start.elapsed(), records)
        }
        "tracing-fmt-nonblocking" => {
            let file =
                BufWriter::with_capacity(64 << 10, File::create(path).expect("the output file"));
            let (writer, worker) = tracing_appender::non_blocking::NonBlockingBuilder::default()
                .lossy(false)
                .finish(file);
            tracing_subscriber::fmt()
                .with_writer(writer)
                .with_ansi(false)
                .with_max_level(tracing::Level::INFO)
                .init();
            let start = Instant::now();
            info_events(records);
            // Dropping the guard drains the worker, flushes and joins it.
            drop(worker);
            (start.elapsed(), records)
        }
        "picolog-tracing-disabled" => {
            picolog_subscriber();
            (debug_events(records), 0)
        }
        "tracing-disabled" => {
            tracing_subscriber::fmt()
                .with_writer(std::io::sink)
                .with_max_level(tracing::Level::INFO)
                .init();
            (debug_events(records), 0)
        }
        _ => return None,
    })
}

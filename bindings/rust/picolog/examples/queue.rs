//! Asynchronous logging: several threads log through a queue handler whose
//! listener thread writes a buffered file; the stats count every record.
//!
//! `cargo run -p picolog --example queue -- [LOG_FILE]`

use std::thread;

use picolog::{FileHandler, FlushPolicy, Level, Overflow, QueueHandler};

fn main() -> picolog::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| std::env::temp_dir().join("queue.log").display().to_string());
    let file = FileHandler::builder(&path)
        .truncate(true)
        .flush_policy(FlushPolicy::Buffered)
        .build()?;
    let queue = QueueHandler::builder()
        .capacity(4096)
        .overflow(Overflow::Block)
        .handler(file)
        .build()?;
    let log = picolog::get_logger("example.queue")?;
    log.set_level(Level::INFO)?;
    log.add_handler(&queue)?;

    let workers: Vec<_> = (0..4)
        .map(|t| {
            thread::spawn(move || {
                for i in 0..10_000 {
                    log.info(format!("worker {t} record {i}"));
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("a worker thread");
    }
    queue.flush()?;
    let stats = queue.stats()?;
    println!(
        "{} records written to {path}; enqueued {}, dropped {}, most queued at once {}",
        stats.emitted,
        stats.enqueued,
        stats.dropped_newest + stats.dropped_oldest + stats.dropped_timeout + stats.dropped_closed,
        stats.high_water
    );
    Ok(())
}

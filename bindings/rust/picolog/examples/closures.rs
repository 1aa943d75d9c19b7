//! Handlers and filters written as Rust closures: a handler collecting
//! records into memory, a filter hiding secrets, and a handler that counts
//! its failures instead of crashing.
//!
//! `cargo run -p picolog --example closures`

use std::sync::{Arc, Mutex};

use picolog::{Filter, Handler, Level, RecordInfo};

fn main() -> picolog::Result<()> {
    let log = picolog::get_logger("example.closures")?;
    log.set_level(Level::DEBUG)?;

    let kept = Arc::new(Mutex::new(Vec::new()));
    let sink = kept.clone();
    let memory = Handler::from_fn(move |record, line| {
        let user = record.field("user").map(|u| u.into_owned());
        sink.lock()
            .unwrap()
            .push(format!("[{}] {line} user={user:?}", record.level_name()));
    })?;
    memory.add_filter(&Filter::from_fn(|record| {
        !record.message().contains("password")
    })?)?;
    log.add_handler(&memory)?;

    let flaky = Handler::from_fn(|_, line| {
        if line.len() > 20 {
            Err("line too long")
        } else {
            Ok(())
        }
    })?;
    log.add_handler(&flaky)?;
    picolog::set_error_hook(|message| eprintln!("error hook: {message}"))?;

    log.info("short");
    log.warning("password is hunter2");
    log.log_with(
        Level::ERROR,
        "a much longer line that fails",
        &RecordInfo::new().field("user", "ada"),
    )?;

    for line in kept.lock().unwrap().iter() {
        println!("{line}");
    }
    println!("flaky handler failures: {}", flaky.failures()?);
    Ok(())
}

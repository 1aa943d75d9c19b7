//! The shortest useful setup: picolog behind the `log` facade, writing
//! formatted lines to stderr and to a file.
//!
//! `cargo run -p picolog --example quickstart -- [LOG_FILE]`

use picolog::{FileHandler, Formatter, Level, StreamHandler, Style};

fn main() -> picolog::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        std::env::temp_dir()
            .join("quickstart.log")
            .display()
            .to_string()
    });
    let formatter = Formatter::new(
        "%(asctime)s %(levelname)-8s %(name)s: %(message)s",
        None,
        Style::Percent,
    )?;
    let stderr = StreamHandler::stderr()?;
    stderr.set_formatter(&formatter)?;
    let file = FileHandler::builder(&path).build()?;
    file.set_formatter(&Formatter::json()?)?;

    let root = picolog::root();
    root.set_level(Level::INFO)?;
    root.add_handler(&stderr)?;
    root.add_handler(&file)?;
    picolog::log_backend::init()?;

    log::info!("picolog {} ready", picolog::version());
    log::warn!(target: "quickstart::db", table = "users", rows = 3; "slow query");
    log::debug!("not shown: the root logger is at INFO");

    // Raise one subtree's verbosity; log::max_level follows by itself.
    picolog::get_logger("quickstart.db")?.set_level(Level::DEBUG)?;
    log::debug!(target: "quickstart::db", "now shown");

    picolog::flush_all()?;
    eprintln!("JSON lines written to {path}");
    Ok(())
}

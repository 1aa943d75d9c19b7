//! A Rust program that configures nothing itself: `PICOLOG_CONFIG` and
//! `PICOLOG_LEVEL`, read when libpicolog loads, decide where its records go.
//! It logs the sample the C and Python programs of the cross-language
//! configuration test log too.
//!
//! `PICOLOG_CONFIG=logging.json cargo run -p picolog --example config_env`

use picolog::Level;

fn main() -> picolog::Result<()> {
    let app = picolog::get_logger("app")?;
    let db = picolog::get_logger("app.db")?;
    let other = picolog::get_logger("other")?;
    app.info("one");
    db.log(Level::DEBUG, "two")?;
    app.warning("three");
    other.error("four");
    app.debug("five");
    picolog::flush_all()
}

//! The `log` backend applies `RUST_LOG` as level directives when
//! `PICOLOG_LEVEL` is unset (its own test binary: `init` runs once).

use picolog::Level;

#[test]
fn rust_log_applies_when_picolog_level_is_unset() {
    std::env::remove_var("PICOLOG_LEVEL");
    std::env::set_var("RUST_LOG", "rustlog_app=debug,rustlog_app::db=off");
    picolog::log_backend::init().unwrap();
    assert_eq!(
        picolog::get_logger("rustlog_app").unwrap().level(),
        Level::DEBUG
    );
    assert!(!picolog::get_logger("rustlog_app.db")
        .unwrap()
        .is_enabled_for(Level::CRITICAL));
    assert!(log::log_enabled!(target: "rustlog_app", log::Level::Debug));
}

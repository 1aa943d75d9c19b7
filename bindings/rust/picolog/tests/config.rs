//! Configuration through the runtime: files in JSON and TOML, errors naming
//! the bad value's path, reload, and level directives.

use picolog::config::{self, Format};
use picolog::{ErrorKind, Level};

#[test]
fn configure_json_then_toml_file_and_reload() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.log");
    let json = format!(
        r#"{{"version": 1, "disable_existing_loggers": false,
            "formatters": {{"f": {{"format": "%(levelname)s %(name)s: %(message)s"}}}},
            "handlers": {{"h": {{"class": "file", "filename": "{}", "formatter": "f"}}}},
            "loggers": {{"rcfg": {{"level": "INFO", "handlers": ["h"], "propagate": false}}}}}}"#,
        out.display()
    );
    config::configure(&json, Format::Json).unwrap();
    let logger = picolog::get_logger("rcfg").unwrap();
    logger.info("from rust");
    logger.debug("dropped");
    picolog::flush_all().unwrap();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "INFO rcfg: from rust\n"
    );

    let cfg = dir.path().join("cfg.toml");
    let toml = |level: &str| {
        format!(
            "version = 1\ndisable_existing_loggers = false\n[loggers.rcfg]\nlevel = \"{level}\"\n"
        )
    };
    std::fs::write(&cfg, toml("ERROR")).unwrap();
    config::load(&cfg).unwrap();
    assert_eq!(logger.level(), Level::ERROR);
    std::fs::write(&cfg, toml("DEBUG")).unwrap();
    config::reload().unwrap();
    assert_eq!(logger.level(), Level::DEBUG);
}

#[test]
fn a_bad_configuration_names_the_path() {
    let err = config::configure(
        "version = 1\n[handlers.file]\nclass = \"file\"\nfilename = \"x\"\nbuffer_size = \"1k\"\n",
        Format::Toml,
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(
        err.message(),
        "picolog_configure: handlers.file.buffer_size: expected an integer, got a string"
    );
    assert!(config::load("/nonexistent/picolog.json").is_err());
}

#[test]
fn directives_with_rust_targets() {
    picolog::apply_directives("rdir=error,rdir::db=debug").unwrap();
    assert_eq!(picolog::get_logger("rdir").unwrap().level(), Level::ERROR);
    assert_eq!(
        picolog::get_logger("rdir.db").unwrap().level(),
        Level::DEBUG
    );
    let err = picolog::apply_directives("rdir::x=loud,rdir.y=info").unwrap_err();
    assert!(err
        .message()
        .contains("'rdir::x=loud': unknown level 'loud'"));
    assert_eq!(picolog::get_logger("rdir.y").unwrap().level(), Level::INFO);
}

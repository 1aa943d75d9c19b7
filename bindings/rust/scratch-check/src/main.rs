//! Uses the packaged picolog crate as a project outside the repository
//! would: a file handler, the `log` facade, then checks the file, the
//! version, and that the libpicolog loaded is the one `bundled` built.
//! Usage: picolog-scratch-check <log file> <folder the library must be in>

use std::process::ExitCode;

fn loaded_library() -> Option<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    maps.lines()
        .filter_map(|line| line.split_whitespace().nth(5))
        .find(|path| path.contains("libpicolog.so"))
        .map(str::to_owned)
}

fn run(path: &str, expected_dir: &str) -> Result<(), String> {
    let file = picolog::FileHandler::builder(path)
        .truncate(true)
        .build()
        .map_err(|e| e.to_string())?;
    let root = picolog::root();
    root.set_level(picolog::Level::INFO)
        .map_err(|e| e.to_string())?;
    root.add_handler(&file).map_err(|e| e.to_string())?;
    picolog::log_backend::init().map_err(|e| e.to_string())?;
    log::info!(target: "scratch::app", "from the packaged crate");
    picolog::flush_all().map_err(|e| e.to_string())?;

    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    if text != "from the packaged crate\n" {
        return Err(format!("the log file holds {text:?}"));
    }
    if picolog::version() != env!("CARGO_PKG_VERSION") {
        return Err(format!("libpicolog {} loaded", picolog::version()));
    }
    let library = loaded_library().ok_or("libpicolog is not mapped")?;
    if !library.starts_with(expected_dir) {
        return Err(format!("loaded {library}, not the bundled build under {expected_dir}"));
    }
    println!("scratch check: libpicolog {} from {library}", picolog::version());
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: picolog-scratch-check <log file> <library folder>");
        return ExitCode::from(2);
    }
    match run(&args[1], &args[2]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("scratch check failed: {message}");
            ExitCode::FAILURE
        }
    }
}

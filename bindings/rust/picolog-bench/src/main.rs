//! Throughput of `log::info!` through picolog to a file, against env_logger
//! and tracing-subscriber writing the same kind of line to the same kind of
//! file. Each contender runs in a child process of its own (this program
//! re-executed with `--child NAME`); the parent runs them in turn several
//! times, takes each one's median and writes a JSON list of comparisons:
//!
//! `cargo run --release -p picolog-bench -- --out PATH [--records N] [--runs N]`

mod contenders;
mod tracing_contenders;

use std::collections::HashMap;
use std::env;
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{self, Command};

struct Options {
    out: Option<PathBuf>,
    records: usize,
    runs: usize,
    child: Option<String>,
    file: Option<PathBuf>,
}

fn usage(problem: &str) -> ! {
    eprintln!("picolog-bench: {problem}");
    eprintln!("usage: picolog-bench --out PATH [--records N] [--runs N]");
    process::exit(2);
}

fn parse_options() -> Options {
    let mut options = Options {
        out: None,
        records: 400_000,
        runs: 5,
        child: None,
        file: None,
    };
    let mut args = env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{arg} needs a value")))
        };
        match arg.as_str() {
            "--out" => options.out = Some(PathBuf::from(value())),
            "--records" => {
                options.records = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--records takes a number"))
            }
            "--runs" => {
                options.runs = value()
                    .parse()
                    .unwrap_or_else(|_| usage("--runs takes a number"))
            }
            "--child" => options.child = Some(value()),
            "--file" => options.file = Some(PathBuf::from(value())),
            other => usage(&format!("unknown argument {other}")),
        }
    }
    if options.records == 0 || options.runs == 0 {
        usage("--records and --runs must be at least 1");
    }
    options
}

/// In the child: run one contender, check the file, print the rate.
fn run_child(name: &str, file: &Path, records: usize) {
    let (elapsed, expected) = tracing_contenders::run(name, file, records)
        .unwrap_or_else(|| (contenders::run(name, file, records), records));
    let lines = fs::File::open(file)
        .map(|f| std::io::BufReader::new(f).lines().count())
        .unwrap_or(0);
    if lines != expected {
        eprintln!("picolog-bench: {name} wrote {lines} lines, expected {expected}");
        process::exit(1);
    }
    println!("rate {}", records as f64 / elapsed.as_secs_f64());
}

fn child_rate(name: &str, file: &Path, records: usize) -> f64 {
    let exe = env::current_exe().expect("the benchmark's own path");
    let output = Command::new(exe)
        .args(["--child", name, "--records", &records.to_string(), "--file"])
        .arg(file)
        .output()
        .expect("a child process");
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        eprintln!("picolog-bench: contender {name} failed ({})", output.status);
        process::exit(1);
    }
    stdout
        .lines()
        .find_map(|l| l.strip_prefix("rate ")?.parse().ok())
        .unwrap_or_else(|| usage(&format!("contender {name} printed no rate: {stdout}")))
}

/// Writes a finished contender's file out to the disk, so that the kernel's
/// writeback of its lines does not run during the next contender's round.
fn settle(file: &Path) {
    if let Ok(written) = fs::File::open(file) {
        let _ = written.sync_all();
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Which picolog setup is compared with which peer, and under what name.
/// Rows against env_logger carry the goal: at least three times its rate.
/// env_logger flushes after every record whatever its writer, so its one
/// mode is the peer of every picolog setup.
const COMPARISONS: &[(&str, &str, &str)] = &[
    (
        "log::info! to a file, a write per record",
        "picolog-sync",
        "env_logger",
    ),
    (
        "log::info! to a file, a write per record",
        "picolog-sync",
        "tracing-fmt",
    ),
    (
        "log::info! to a file, picolog buffered",
        "picolog-buffered",
        "env_logger",
    ),
    (
        "log::info! to a file, both buffered (64 KiB)",
        "picolog-buffered",
        "tracing-fmt-buffered",
    ),
    (
        "log::info! through the queue to a file, until flushed",
        "picolog-queue",
        "env_logger",
    ),
    (
        "log::info! through the queue to a file, until flushed",
        "picolog-queue",
        "tracing-fmt-buffered",
    ),
];

fn main() {
    let options = parse_options();
    if let Some(name) = &options.child {
        let file = options
            .file
            .as_deref()
            .unwrap_or_else(|| usage("--child needs --file"));
        run_child(name, file, options.records);
        return;
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| usage("--out is required"));
    let dir = env::temp_dir().join(format!("picolog-bench-{}", process::id()));
    fs::create_dir_all(&dir).expect("a scratch directory");

    // Round-robin over the contenders, so that a change in the machine's
    // load during the run touches them all alike.
    let mut runs: HashMap<&str, Vec<f64>> = HashMap::new();
    for _ in 0..options.runs {
        for &(name, _) in contenders::ALL.iter().chain(tracing_contenders::ALL) {
            let file = dir.join(format!("{name}.log"));
            runs.entry(name)
                .or_default()
                .push(child_rate(name, &file, options.records));
            settle(&file);
        }
    }
    let mut rates = HashMap::new();
    for &(name, what) in contenders::ALL.iter().chain(tracing_contenders::ALL) {
        let rate = median(runs.remove(name).unwrap_or_default());
        eprintln!("{name:>22}: {rate:>12.0} records/s  ({what})");
        rates.insert(name, rate);
    }
    let _ = fs::remove_dir_all(&dir);

    let rows: Vec<String> = COMPARISONS
        .iter()
        .map(|&(title, ours, peer)| {
            let (value, peer_value) = (rates[ours], rates[peer]);
            let goal = if peer == "env_logger" { ", \"goal\": 3" } else { "" };
            format!(
                "  {{\"name\": {}, \"unit\": \"records/s\", \"picolog\": {:.0}, \"peer\": {}, \"peer_value\": {:.0}, \"speedup\": {:.2}{goal}}}",
                json_string(&format!("Rust {title}: {ours} vs {peer}")),
                value,
                json_string(peer),
                peer_value,
                value / peer_value
            )
        })
        .chain(tracing_rows(&rates))
        .collect();
    let json = format!("[\n{}\n]\n", rows.join(",\n"));
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).expect("the output directory");
    }
    fs::write(&out, &json)
        .unwrap_or_else(|e| usage(&format!("cannot write {}: {e}", out.display())));
    print!("{json}");
}

/// The `tracing` rows: an event written to a file (records/s, goal: twice
/// the fmt layer's rate) and a disabled event (ns, goal: no slower).
fn tracing_rows(rates: &HashMap<&str, f64>) -> Vec<String> {
    let row = |name: &str,
               unit: &str,
               ours: f64,
               peer: &str,
               peer_value: f64,
               speedup: f64,
               goal: f64| {
        format!(
            "  {{\"name\": {}, \"unit\": \"{unit}\", \"picolog\": {ours:.2}, \"peer\": {}, \"peer_value\": {peer_value:.2}, \"speedup\": {speedup:.2}, \"goal\": {goal}}}",
            json_string(name),
            json_string(peer),
        )
    };
    let (ours, peer) = (rates["picolog-tracing"], rates["tracing-fmt-nonblocking"]);
    let (ours_off, peer_off) = (
        1e9 / rates["picolog-tracing-disabled"],
        1e9 / rates["tracing-disabled"],
    );
    vec![
        row(
            "rust tracing event to file",
            "records/s",
            ours,
            "tracing-subscriber fmt + tracing-appender non_blocking(BufWriter)",
            peer,
            ours / peer,
            2.0,
        ),
        row(
            "rust tracing disabled event",
            "ns",
            ours_off,
            "tracing-subscriber fmt, max level INFO",
            peer_off,
            peer_off / ours_off,
            1.0,
        ),
    ]
}

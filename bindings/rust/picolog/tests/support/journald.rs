//! A private systemd-journald for tests, as the C and Python suites start
//! it: by hand in a journal namespace of its own (its socket in
//! /run/systemd/journal.<namespace>/, its files in
//! /var/log/journal/<machine-id>.<namespace>), read back with
//! `journalctl --namespace=<namespace> -o json`, stopped and removed when
//! dropped. It needs root (CI's container); elsewhere `unavailable()` says
//! why and the tests say so and pass.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

const JOURNALD: &str = "/lib/systemd/systemd-journald";

// Declared here so that the tests need no libc crate.
extern "C" {
    fn geteuid() -> u32;
}

/// Why a private journald cannot run here, or None.
pub fn unavailable() -> Option<String> {
    if !Path::new(JOURNALD).exists() {
        return Some(format!("{JOURNALD} is not installed"));
    }
    if Command::new("journalctl")
        .arg("--version")
        .output()
        .is_err()
    {
        return Some("journalctl is not installed".into());
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { geteuid() } != 0 {
        return Some(
            "systemd-journald needs root to create /run/systemd/journal.<namespace>".into(),
        );
    }
    if !Path::new("/etc/machine-id").exists() {
        return Some("/etc/machine-id is missing".into());
    }
    None
}

/// A running private journald; stopped and its files removed on drop.
pub struct Journald {
    namespace: String,
    runtime: PathBuf,
    storage: PathBuf,
    child: Child,
}

/// A watchdog for a daemon that never answers, not a timing assumption.
const WATCHDOG: Duration = Duration::from_secs(60);

impl Journald {
    /// Starts journald in a fresh namespace and waits for its socket.
    pub fn start() -> Journald {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let namespace = format!("picologrs{:x}{nanos:x}", std::process::id());
        let machine = std::fs::read_to_string("/etc/machine-id").unwrap();
        let child = Command::new(JOURNALD)
            .arg(&namespace)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("systemd-journald starts");
        let journald = Journald {
            runtime: PathBuf::from(format!("/run/systemd/journal.{namespace}")),
            storage: PathBuf::from(format!("/var/log/journal/{}.{namespace}", machine.trim())),
            namespace,
            child,
        };
        let started = Instant::now();
        while !journald.socket().exists() {
            assert!(
                started.elapsed() < WATCHDOG,
                "systemd-journald made no socket"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        journald
    }

    /// The socket its clients write to.
    pub fn socket(&self) -> PathBuf {
        self.runtime.join("socket")
    }

    /// Every entry whose fields equal `matches`, oldest first.
    pub fn entries(&self, matches: &[(&str, &str)]) -> Vec<Map<String, Value>> {
        let mut command = Command::new("journalctl");
        command
            .arg(format!("--namespace={}", self.namespace))
            .args(["-o", "json", "--no-pager", "-a"]);
        for (key, value) in matches {
            command.arg(format!("{key}={value}"));
        }
        let out = command.output().expect("journalctl runs");
        assert!(out.status.success(), "journalctl failed: {out:?}");
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match serde_json::from_str(l).unwrap() {
                Value::Object(entry) => entry,
                other => panic!("journalctl gave {other}"),
            })
            .collect()
    }

    /// The matching entries once there are at least `n`: journald writes
    /// what it received to its files on its own time.
    pub fn wait_for(&self, n: usize, matches: &[(&str, &str)]) -> Vec<Map<String, Value>> {
        let started = Instant::now();
        loop {
            let got = self.entries(matches);
            if got.len() >= n || started.elapsed() > WATCHDOG {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Journald {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.runtime);
        let _ = std::fs::remove_dir_all(&self.storage);
    }
}

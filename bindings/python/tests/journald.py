"""A private systemd-journald for tests: started by hand in a journal
namespace of its own (its sockets in /run/systemd/journal.<namespace>/, its
files in /var/log/journal/<machine-id>.<namespace>), read back with
`journalctl --namespace=<namespace> -o json`, stopped and removed after.

Runs where systemd-journald exists and the test may create those
directories (root, as in CI's container); elsewhere `unavailable()` says
why."""

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

JOURNALD = "/lib/systemd/systemd-journald"


def unavailable():
    """Why a private journald cannot run here, or None."""
    if not os.access(JOURNALD, os.X_OK):
        return f"{JOURNALD} is not installed"
    if not shutil.which("journalctl"):
        return "journalctl is not installed"
    if os.geteuid() != 0:
        return "systemd-journald needs root to create /run/systemd/journal.<namespace>"
    if not Path("/etc/machine-id").exists():
        return "/etc/machine-id is missing"
    return None


class Journald:
    def __init__(self):
        self.namespace = "picolog" + secrets.token_hex(4)
        self.runtime = Path(f"/run/systemd/journal.{self.namespace}")
        self.socket = str(self.runtime / "socket")
        machine = Path("/etc/machine-id").read_text().strip()
        self.storage = Path(f"/var/log/journal/{machine}.{self.namespace}")
        self.proc = None

    def start(self, limit=30.0):
        self.proc = subprocess.Popen(
            [JOURNALD, self.namespace], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + limit
        while not os.path.exists(self.socket):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"systemd-journald did not start: {self.proc.stderr.read()}")
            time.sleep(0.02)
        return self

    def entries(self, **match):
        """Every entry (a dict of fields), or those whose fields equal `match`."""
        args = ["journalctl", f"--namespace={self.namespace}", "-o", "json", "--no-pager", "-a"]
        args += [f"{k}={v}" for k, v in match.items()]
        out = subprocess.run(args, capture_output=True, check=True).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def wait_for(self, n, limit=60.0, **match):
        """The matching entries once there are at least n (limit: a watchdog)."""
        deadline = time.monotonic() + limit
        while True:
            got = self.entries(**match)
            if len(got) >= n or time.monotonic() > deadline:
                return got
            time.sleep(0.05)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.proc = None
        shutil.rmtree(self.runtime, ignore_errors=True)
        shutil.rmtree(self.storage, ignore_errors=True)

"""Benchmark: picolog against the standard logging module (and picologging) in one run.

    python bench/python/bench_logging.py --out results.json

Cases, each timed in ns per log call:
  disabled          logger.debug("x=%s", x) on a logger at INFO
  file              logger.info("x=%s", x) to a FileHandler with
                    "%(asctime)s %(levelname)s %(name)s: %(message)s"
  file floor        a Python loop calling os.write(fd, line) with a line as long
                    as picolog's: the least a call that writes its record with
                    its own write(2) can cost (row "file (vs a bare os.write
                    loop)", picolog's time as a fraction of it)
  file (buffered)   the same with picolog's FileHandler(buffered=True) (records
                    written in 64 KiB blocks) against the peer's ordinary one
  queue (caller)    the same through a queue handler: what the logging thread pays
  queue (drained)   the same including the wait until the listener wrote everything
  captured stdlib call
                    a logging.Logger's info("x=%s", x) (the method looked up at
                    each call, as libraries call it) with capture_stdlib() on,
                    landing in a picolog FileHandler, against logging alone
                    writing the same line with its own FileHandler
  captured stdlib call (disabled)
                    a logging.Logger's debug() below the level, captured or not

Each library runs each case several times, alternating with its peer; the
best round counts (the least disturbed by other work on the machine).
Writes a JSON list of {name, unit, picolog, peer, peer_value, speedup[, goal]}
with speedup = peer / picolog (goal: the speedup the issue asks for), and
prints a table.
"""

import argparse
import importlib
import json
import logging
import logging.handlers
import os
import queue
import subprocess
import sys
import tempfile
import time

import picolog
import picolog.handlers

PATTERN = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ROUNDS = 3


def _time_calls(fn, n):
    start = time.perf_counter_ns()
    fn(n)
    return (time.perf_counter_ns() - start) / n


class Case:
    """One scenario for one library: setup() -> run(n) -> teardown()."""

    def __init__(self, mod, name, tmp):
        self.mod = mod
        self.logger = mod.getLogger(f"bench.{name}.{mod.__name__}")
        self.logger.propagate = False
        self.logger.setLevel(mod.INFO)
        self.path = os.path.join(tmp, f"{name}-{mod.__name__}.log")
        self.cleanup = []

    def file_handler(self, buffered=False):
        if buffered and self.mod is picolog:
            h = picolog.FileHandler(self.path, buffered=True)
        else:
            h = self.mod.FileHandler(self.path)
        h.setFormatter(self.mod.Formatter(PATTERN))
        return h

    def attach(self, handler):
        self.logger.addHandler(handler)
        self.cleanup.append(handler)
        return handler

    def close(self):
        for h in self.cleanup:
            self.logger.removeHandler(h)
            h.close()


def disabled(case, n):
    debug = case.logger.debug
    x = 42

    def loop(count):
        for _ in range(count):
            debug("x=%s", x)

    return _time_calls(loop, n)


def file(case, n, buffered=False):
    """buffered: picolog's FileHandler(buffered=True); the peer keeps its own."""
    handler = case.attach(case.file_handler(buffered))
    info = case.logger.info
    x = 42

    def loop(count):
        for _ in range(count):
            info("x=%s", x)
        handler.flush()

    try:
        return _time_calls(loop, n)
    finally:
        case.close()


def write_floor(path, n, length):
    """A line of `length` bytes written n times by os.write, to a file opened
    as the FileHandlers open theirs."""
    line = b"x" * (length - 1) + b"\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
    write = os.write

    def loop(count):
        for _ in range(count):
            write(fd, line)

    try:
        return _time_calls(loop, n)
    finally:
        os.close(fd)


def first_line_length(path):
    with open(path, "rb") as f:
        return len(f.readline())


def rotating(case, n):
    """RotatingFileHandler with 1 MiB files and 5 backups (rotating many times)."""
    handlers = getattr(case.mod, "handlers", None)
    if handlers is None or not hasattr(handlers, "RotatingFileHandler"):
        return None
    h = handlers.RotatingFileHandler(case.path, maxBytes=1 << 20, backupCount=5)
    h.setFormatter(case.mod.Formatter(PATTERN))
    handler = case.attach(h)
    info = case.logger.info
    x = 42

    def loop(count):
        for _ in range(count):
            info("x=%s", x)
        handler.flush()

    try:
        return _time_calls(loop, n)
    finally:
        case.close()


def queued(case, n):
    """(caller ns per call, drained ns per call)."""
    fh = case.file_handler()
    if case.mod is picolog:
        qh = picolog.handlers.QueueHandler(handlers=[fh], capacity=n + 1)
        drain = qh.flush
        stop = qh.close
    else:
        que = queue.SimpleQueue()
        qh = case.mod.handlers.QueueHandler(que)
        listener = case.mod.handlers.QueueListener(que, fh)
        listener.start()
        drain = listener.stop

        def stop():
            fh.close()

    case.logger.addHandler(qh)
    info = case.logger.info
    x = 42
    try:
        start = time.perf_counter_ns()
        for _ in range(n):
            info("x=%s", x)
        produced = time.perf_counter_ns()
        drain()
        drained = time.perf_counter_ns()
    finally:
        case.logger.removeHandler(qh)
        stop()
    with open(case.path, "rb") as f:
        lines = sum(1 for _ in f)
    if lines < n:
        raise RuntimeError(f"{case.mod.__name__}: {lines} of {n} records in the file")
    return (produced - start) / n, (drained - start) / n


def captured_call(tmp, name, n, enabled):
    """ns per logging.Logger call: (with capture into picolog, logging alone)."""
    std = logging.getLogger(f"bench.{name}")
    std.propagate = False
    x = 42

    # The method is looked up at each call, as library code does
    # (`logger.info(...)`): a method bound before capture_stdlib() would keep
    # logging's own.
    if enabled:

        def loop(count):
            for _ in range(count):
                std.info("x=%s", x)

    else:

        def loop(count):
            for _ in range(count):
                std.debug("x=%s", x)

    results = []
    for capture in (True, False):
        path = os.path.join(tmp, f"{name}-{capture}.log")
        if capture:
            pl = picolog.getLogger(f"bench.{name}")
            pl.propagate = False
            pl.setLevel(picolog.INFO)
            handler = picolog.FileHandler(path)
            handler.setFormatter(picolog.Formatter(PATTERN))
            pl.addHandler(handler)
            undo = picolog.capture_stdlib()
            try:
                results.append(_time_calls(loop, n))
                handler.flush()
            finally:
                undo.close()
                pl.removeHandler(handler)
                handler.close()
        else:
            std.setLevel(logging.INFO)
            handler = logging.FileHandler(path)
            handler.setFormatter(logging.Formatter(PATTERN))
            std.addHandler(handler)
            try:
                results.append(_time_calls(loop, n))
            finally:
                std.removeHandler(handler)
                handler.close()
                std.setLevel(logging.NOTSET)
        if enabled:
            with open(path, "rb") as f:
                lines = sum(1 for _ in f)
            if lines != n:
                raise RuntimeError(f"captured call: {lines} of {n} records in {path}")
    return results


def _peers(install):
    peers = [logging]
    note = None
    try:
        peers.append(importlib.import_module("picologging"))
    except ImportError:
        if install:
            rc = subprocess.call(
                [sys.executable, "-m", "pip", "install", "-q", "picologging"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if rc == 0:
                try:
                    peers.append(importlib.import_module("picologging"))
                except ImportError:
                    pass
        if len(peers) == 1:
            note = "picologging is not installed and did not install for this Python: skipped"
    if len(peers) > 1:
        import picologging.handlers  # noqa: F401

    return peers, note


def measure(mods, counts, rounds):
    """{case name: {module name: best ns per call}}."""
    results = {}

    def keep(case, mod, value):
        if value is None:  # the library lacks this handler
            return
        best = results.setdefault(case, {})
        best[mod.__name__] = min(best.get(mod.__name__, value), value)

    with tempfile.TemporaryDirectory() as tmp:
        for round_no in range(rounds):
            for mod in mods:
                keep(
                    "disabled",
                    mod,
                    disabled(Case(mod, f"d{round_no}", tmp), counts["disabled"]),
                )
                case = Case(mod, f"f{round_no}", tmp)
                keep("file", mod, file(case, counts["file"]))
                if mod is picolog:
                    length = first_line_length(case.path)
                    floor = write_floor(
                        os.path.join(tmp, f"w{round_no}.log"), counts["file"], length
                    )
                    keep("file", os, floor)
                value = file(Case(mod, f"b{round_no}", tmp), counts["file"], True)
                keep("file (picolog buffered=True)", mod, value)
                caller, drained = queued(
                    Case(mod, f"q{round_no}", tmp), counts["queue"]
                )
                keep("queue (caller)", mod, caller)
                keep("queue (drained)", mod, drained)
                value = rotating(Case(mod, f"r{round_no}", tmp), counts["rotating"])
                keep("rotating file", mod, value)
            for case, enabled, count in (
                ("captured stdlib call", True, counts["file"]),
                ("captured stdlib call (disabled)", False, counts["disabled"]),
            ):
                ours, theirs = captured_call(
                    tmp, f"c{round_no}{enabled}", count, enabled
                )
                keep(case, picolog, ours)
                keep(case, logging, theirs)
    return results


# The goals: speedup wanted per (case, peer).
GOALS = {
    ("disabled", "logging"): 1.0,
    ("file", "logging"): 10.0,
    ("file", "picologging"): 1.0,
    ("captured stdlib call", "logging"): 2.0,
    ("captured stdlib call (disabled)", "logging"): 1.0,
    ("rotating file", "logging"): 5.0,
}


def rows(results, peers):
    out = []
    for case, values in results.items():
        for peer in peers:
            if peer.__name__ not in values:
                continue
            suffix = "" if peer is logging else f" (vs {peer.__name__})"
            if peer.__name__ not in values:
                continue
            ours, theirs = values["picolog"], values[peer.__name__]
            row = {
                "name": f"python {case}{suffix}",
                "unit": "ns",
                "picolog": round(ours, 1),
                "peer": peer.__name__,
                "peer_value": round(theirs, 1),
                "speedup": round(theirs / ours, 2),
            }
            goal = GOALS.get((case, peer.__name__))
            if goal is not None:
                row["goal"] = goal
            out.append(row)
    floor = results.get("file", {}).get("os")
    if floor is not None:
        ours = results["file"]["picolog"]
        out.append(
            {
                "name": "python file (vs a bare os.write loop)",
                "unit": "ns",
                "picolog": round(ours, 1),
                "peer": "os.write per line, unformatted",
                "peer_value": round(floor, 1),
                "speedup": round(floor / ours, 2),
            }
        )
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="write the JSON results here")
    parser.add_argument(
        "--quick", action="store_true", help="fewer calls (a smoke run)"
    )
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help="rounds per case; the best counts"
    )
    parser.add_argument(
        "--no-install",
        action="store_true",
        help="do not try to pip install picologging",
    )
    args = parser.parse_args()
    scale = 10 if args.quick else 1
    counts = {
        "disabled": 300_000 // scale,
        "file": 40_000 // scale,
        "queue": 40_000 // scale,
        "rotating": 100_000 // scale,
    }
    peers, note = _peers(not args.no_install)
    started = time.perf_counter()
    results = measure([picolog, *peers], counts, max(1, args.rounds))
    table = rows(results, peers)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(table, f, indent=2)
            f.write("\n")
    print(
        f"{'case':54s} {'picolog':>8s} {'peer':>8s} {'speedup':>8s}  goal  (ns per call)"
    )
    for row in table:
        goal = row.get("goal")
        verdict = (
            ""
            if goal is None
            else f"{'met' if row['speedup'] >= goal else 'MISSED'} ({goal:g}x)"
        )
        print(
            f"{row['name']:54s} {row['picolog']:8.0f} {row['peer_value']:8.0f} "
            f"{row['speedup']:7.2f}x  {verdict}"
        )
    floor = results.get("file", {}).get("os")
    if floor is not None and "logging" in results["file"]:
        print(
            f"a record per os.write caps 'python file' at "
            f"{results['file']['logging'] / floor:.1f}x logging's time"
        )
    if note:
        print(note)
    print(
        f"({time.perf_counter() - started:.1f} s, best of {max(1, args.rounds)} rounds)"
    )


if __name__ == "__main__":
    main()

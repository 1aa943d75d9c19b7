"""Does a Python thread holding the GIL slow down Rust threads that log?

Rust worker threads log through picolog into a queue handler whose listener
writes a file (the QueueHandler -> FileHandler pair the demo uses). Two
ways, alternating, several times each:

- GIL held: the main Python thread spins in a pure-Python loop on the Rust
  library's done flag, holding the GIL the whole time;
- GIL free: the main thread spins inside a C function (polyglot_c_spin,
  called through cffi, which releases the GIL), burning the same CPU.

The Rust side times its own run (first worker start to last record), so
the rates do not depend on Python. Writes a JSON list with one row (the
medians and their ratio) to --out and prints a line.

    python examples/polyglot/bench_gil.py --out results.json
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

import picolog
import picolog.handlers
from native_libs import NativeWorkers, load

NAME = "rust threads logging to a queued file while Python holds the GIL"


def spin_in_python(rust):
    go, done = rust.go, rust.done
    go[0] = 1
    while not done[0]:
        pass


def spin_in_c(rust):
    load().c.polyglot_c_spin(rust.go, rust.done)


def measure(rust, spin, threads, records, queue, path):
    """One run: records per second as the Rust workers timed it."""
    rust.start(threads, records, wait_go=True)
    spin(rust)
    stats = rust.join()
    queue.flush()
    os.truncate(path, 0)
    expected = threads * (4 * records + 1)
    if stats["logged"] != expected or stats["failed"]:
        raise RuntimeError(
            f"the Rust workers logged {stats}, expected {expected} records"
        )
    return stats["logged"] / (stats["elapsed_ns"] / 1e9)


def spread(rates):
    return f"{min(rates) / 1e3:,.0f}k-{max(rates) / 1e3:,.0f}k"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="where the JSON row goes")
    parser.add_argument("--threads", type=int, default=4, help="Rust worker threads")
    parser.add_argument(
        "--records",
        type=int,
        default=10000,
        help="INFO/DEBUG pairs per thread and phase",
    )
    parser.add_argument("--repeats", type=int, default=11, help="runs of each way")
    args = parser.parse_args(argv)
    if args.threads < 1 or args.records < 1 or args.repeats < 1:
        parser.error("--threads, --records and --repeats must be at least 1")

    app = picolog.getLogger("app")
    app.setLevel(picolog.DEBUG)
    app.propagate = False
    rust = NativeWorkers("rust")
    held, free = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench_gil.log"
        file = picolog.FileHandler(path, mode="w")
        queue = picolog.handlers.QueueHandler(
            handlers=[file], capacity=8192, overflow="block"
        )
        app.addHandler(queue)
        measure(rust, spin_in_c, args.threads, args.records // 10 or 1, queue, path)
        for _ in range(args.repeats):
            held.append(
                measure(rust, spin_in_python, args.threads, args.records, queue, path)
            )
            free.append(
                measure(rust, spin_in_c, args.threads, args.records, queue, path)
            )
        app.removeHandler(queue)
        queue.close()

    held_rate, free_rate = statistics.median(held), statistics.median(free)
    row = {
        "name": NAME,
        "unit": "records/s",
        "picolog": round(held_rate),
        "peer": "same threads, GIL free",
        "peer_value": round(free_rate),
        "speedup": round(held_rate / free_rate, 3),
        "goal": 0.9,
    }
    print(
        f"{args.threads} Rust threads -> queue -> file: GIL held {held_rate:,.0f} records/s, "
        f"GIL free {free_rate:,.0f} records/s, ratio {held_rate / free_rate:.3f} "
        f"(medians of {args.repeats}; runs ranged {spread(held)} and {spread(free)})"
    )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps([row], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

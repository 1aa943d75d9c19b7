"""picolog's polyglot demo: Python, C and Rust log through one runtime.

Python configures the runtime once (levels, a formatter, a queue in front of
a file, a console handler for warnings), then loads a C library and a Rust
library. Each language runs its own worker threads, which log in two phases
separated by a gate: in phase 1 the "app" logger is at INFO, so the DEBUG
calls are skipped; Python then lowers it to DEBUG and opens the gates, and in
phase 2 the DEBUG records of every language appear. At the end the demo
checks the file line by line: every record present exactly once, none torn,
no DEBUG record from phase 1. Last, one request runs through Python, C and Rust inside one
picolog.context: every record shows the same request id. It exits non-zero if
anything is off.

    python examples/polyglot/demo.py [--threads N] [--records N] [--log-dir DIR]
"""

import argparse
import re
import sys
import threading
import time
import uuid
from pathlib import Path

import picolog
import picolog.handlers
from native_libs import ROOT, NativeWorkers, load, picolog_copies, views

LANGUAGES = {"py": "python", "c": "c", "rust": "rust"}
FILE_FORMAT = "%(asctime)s %(levelname)-7s %(name)-11s %(threadName)-7s %(message)s"
LINE = re.compile(
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>INFO|DEBUG|WARNING) +"
    r"app\.(?P<lang>py|c|rust)\.w(?P<thread>\d+) +(?P<tlang>py|c|rust)-(?P<tthread>\d+) +"
    r"lang=(?P<mlang>py|c|rust) thread=(?P<mthread>\d+) seq=(?P<seq>\d+) phase=(?P<phase>[12])"
)


class PythonWorkers:
    """Python threads with the protocol of the native workers (see
    clib/polyglot_c.h): two phases of INFO/DEBUG pairs, a gate, a WARNING."""

    language = "py"

    def start(self, threads, records):
        self._records = records
        self._gate = threading.Barrier(threads + 1)
        self._opened = threading.Event()
        self._logged = [0] * threads
        self._skipped = [0] * threads
        self._errors = []
        self._threads = [
            threading.Thread(target=self._work, args=(i,), name=f"py-{i}")
            for i in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    def _work(self, index):
        try:
            self._log_phases(index)
        except BaseException as exc:
            # The main thread waits at the gate: break it, or it waits forever.
            self._errors.append(exc)
            self._gate.abort()
            raise

    def _log_phases(self, index):
        log = picolog.getLogger(f"app.py.w{index}")
        seq = 0
        for phase in (1, 2):
            for _ in range(self._records):
                for level in (picolog.INFO, picolog.DEBUG):
                    if log.isEnabledFor(level):
                        log.log(
                            level,
                            "lang=py thread=%d seq=%d phase=%d",
                            index,
                            seq,
                            phase,
                        )
                        self._logged[index] += 1
                    else:
                        self._skipped[index] += 1
                    seq += 1
            if phase == 1:
                self._gate.wait()
                self._opened.wait()
        log.warning("lang=py thread=%d seq=%d phase=2", index, seq)
        self._logged[index] += 1

    def wait_gate(self):
        try:
            self._gate.wait()
        except threading.BrokenBarrierError:
            raise RuntimeError(f"a Python worker failed: {self._errors[0]!r}") from None

    def release_gate(self):
        self._opened.set()

    def join(self):
        for thread in self._threads:
            thread.join()
        failed = len(self._errors)
        return {
            "logged": sum(self._logged),
            "skipped": sum(self._skipped),
            "failed": failed,
        }


def configure(log_path):
    """The one configuration of the process's runtime, made from Python."""
    app = picolog.getLogger("app")
    app.setLevel(picolog.INFO)
    app.propagate = False
    file = picolog.FileHandler(log_path, mode="w")
    file.setFormatter(picolog.Formatter(FILE_FORMAT))
    queue = picolog.handlers.QueueHandler(
        handlers=[file], capacity=4096, overflow="block"
    )
    console = picolog.StreamHandler(sys.stdout)
    console.setLevel(picolog.WARNING)
    console.setFormatter(picolog.Formatter("  %(levelname)s %(name)s: %(message)s"))
    app.addHandler(queue)
    app.addHandler(console)
    return app, queue, console


def check_identity():
    """Prints each language's view of the runtime; False if they differ."""
    copies = picolog_copies()
    seen = views()
    ok = len(copies) == 1
    print(
        f"libpicolog   {', '.join(copies)} ({len(copies)} cop{'y' if ok else 'ies'} mapped)"
    )
    for index, what in enumerate(("runtime id", '"app" logger')):
        values = {language: view[index] for language, view in seen.items()}
        same = len(set(values.values())) == 1
        ok = ok and same
        shown = "  ".join(
            f"{language} {value:#x}" for language, value in values.items()
        )
        print(f"{what:<12} {shown}  {'same' if same else 'DIFFERENT'}")
    return ok


def expected_level(seq, records):
    """The level a worker logs its call number `seq` at, or None for the
    DEBUG calls of phase 1, which the level of "app" skips."""
    if seq == 4 * records:
        return "WARNING"
    if seq % 2:
        return None if seq < 2 * records else "DEBUG"
    return "INFO"


def consistent(match):
    """Whether the logger name, the thread name and the message of a line
    name the same language and thread (a torn or mixed line does not)."""
    return match["lang"] == match["tlang"] == match["mlang"] and int(
        match["thread"]
    ) == int(match["tthread"]) == int(match["mthread"])


def check_file(path, threads, records):
    """Reads the log file back: per-language line counts and a list of
    problems (malformed lines, duplicates, missing or unexpected records)."""
    per_worker = 4 * records + 1
    seen = {
        (lang, t): bytearray(per_worker) for lang in LANGUAGES for t in range(threads)
    }
    counts = dict.fromkeys(LANGUAGES, 0)
    problems = []
    total = 0
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            total += 1
            line = line.rstrip("\n")
            match = LINE.fullmatch(line)
            if not match or not consistent(match):
                problems.append(f"line {number} is malformed: {line[:120]!r}")
                continue
            lang, thread, seq = match["lang"], int(match["thread"]), int(match["seq"])
            phase = 1 if seq < 2 * records else 2
            if (
                thread >= threads
                or seq >= per_worker
                or match["level"] != expected_level(seq, records)
                or int(match["phase"]) != phase
            ):
                problems.append(f"line {number} was not expected: {line[:120]!r}")
                continue
            marks = seen[(lang, thread)]
            if marks[seq]:
                problems.append(
                    f"line {number} repeats {lang} thread {thread} seq {seq}"
                )
            marks[seq] = 1
            counts[lang] += 1
    for (lang, thread), marks in seen.items():
        missing = [
            seq
            for seq in range(per_worker)
            if expected_level(seq, records) is not None and not marks[seq]
        ]
        if missing:
            problems.append(
                f"{lang} thread {thread}: {len(missing)} missing, e.g. seq {missing[0]}"
            )
    return total, counts, problems


def run(threads, records, log_dir):
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / "polyglot.log"
    app, queue, console = configure(log_path)
    print("picolog polyglot demo: Python, C and Rust in one process, one runtime")
    ok = check_identity()

    workers = [PythonWorkers(), NativeWorkers("c"), NativeWorkers("rust")]
    started = time.perf_counter()
    print(
        f"phase 1      {threads} threads per language, each {records} INFO + {records} DEBUG "
        f'calls; "app" at INFO'
    )
    sys.stdout.flush()
    for group in workers:
        if group.language == "py":
            group.start(threads, records)
        else:
            group.start(threads, records, gated=True)
    for group in workers:
        group.wait_gate()
    app.setLevel(picolog.DEBUG)
    print(
        'phase 2      Python set "app" to DEBUG; same again, then one WARNING each:',
        flush=True,
    )
    for group in workers:
        group.release_gate()
    stats = {LANGUAGES[group.language]: group.join() for group in workers}
    queue.flush()
    elapsed = time.perf_counter() - started

    expected = threads * (3 * records + 1)
    total, counts, problems = check_file(log_path, threads, records)
    for group in workers:
        name = LANGUAGES[group.language]
        s = stats[name]
        if s["logged"] != expected or s["failed"]:
            problems.append(f"{name} logged {s['logged']} records, expected {expected}")
        print(
            f"{name:<6} logged {s['logged']:>9,}  skipped {s['skipped']:>9,} DEBUG calls  "
            f"in the file {counts[group.language]:>9,}"
        )
    q = queue.stats()
    print(
        f"queue        enqueued {q['enqueued']:,}  written {q['emitted']:,}  "
        f"dropped {q['dropped_newest'] + q['dropped_oldest'] + q['dropped_timeout']:,}  "
        f"high water {q['high_water']:,}/{q['capacity']:,}"
    )
    print(f"file         {log_path}: {total:,} lines, logged in {elapsed:.2f} s")
    if total != 3 * expected:
        problems.append(f"the file has {total} lines, expected {3 * expected}")
    for problem in problems[:10]:
        print(f"PROBLEM      {problem}")
    if len(problems) > 10:
        print(f"PROBLEM      ... and {len(problems) - 10} more")
    app.removeHandler(queue)
    app.removeHandler(console)
    queue.close()
    ok = request_step() and ok and not problems
    print(
        "OK: every record present once, no torn line, one runtime, one request id"
        if ok
        else "FAILED"
    )
    return ok


def request_step():
    """One request handled by Python, then C, then Rust (through tracing),
    inside one picolog.context: every record carries its request id."""
    libs = load()
    app = picolog.getLogger("app")
    seen = []

    class Collect(picolog.Handler):
        def emit(self, record):
            seen.append(
                (record.name, getattr(record, "request_id", None), self.format(record))
            )

    collect = Collect()
    collect.setFormatter(picolog.Formatter("  %(request_id)s %(name)s: %(message)s"))
    app.addHandler(collect)
    request_id = f"req-{uuid.uuid4().hex[:8]}"
    try:
        with picolog.context(request_id=request_id):
            picolog.getLogger("app.py.request").info("handled in Python")
            libs.c.polyglot_c_log_request(b"handled in C")
            libs.rust.polyglot_rust_log_request(b"handled in Rust, through tracing")
    finally:
        app.removeHandler(collect)
    print(
        "request      picolog.context(request_id=...) around Python, C and Rust calls:"
    )
    for _, _, line in seen:
        print(line)
    names = [name for name, _, _ in seen]
    ok = names == ["app.py.request", "app.c.request", "app.rust.request"]
    ok = ok and {rid for _, rid, _ in seen} == {request_id}
    if not ok:
        print(f"PROBLEM      request records: {seen}")
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=4, help="threads per language")
    parser.add_argument(
        "--records",
        type=int,
        default=10000,
        help="INFO/DEBUG pairs per thread and phase",
    )
    parser.add_argument(
        "--log-dir", type=Path, default=ROOT / "logs", help="where polyglot.log goes"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.threads <= 256:
        parser.error("--threads must be between 1 and 256")
    if args.records < 0:
        parser.error("--records must be at least 0")
    try:
        load()
    except (FileNotFoundError, OSError) as exc:
        print(f"demo: {exc}", file=sys.stderr)
        return 1
    return 0 if run(args.threads, args.records, args.log_dir) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Process exit: queued records reach their file; callbacks stop before Python goes."""

import os
import subprocess
import sys
import textwrap

import pytest

import picolog

SCRIPT = """
import picolog
from picolog.handlers import QueueHandler

class Slow(picolog.Handler):
    def emit(self, record):
        sum(range(200))

fh = picolog.FileHandler({path!r})
qh = QueueHandler(handlers=[fh, Slow()], capacity=100000)
lg = picolog.getLogger("exit")
lg.addHandler(qh)
for i in range({count}):
    lg.warning("record %d", i)
print(qh.stats()["queued"] > 0)
"""


def _run(script, tmp_path):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )


def test_exit_with_records_still_queued(tmp_path):
    path = tmp_path / "exit.log"
    count = 20000
    result = _run(SCRIPT.format(path=str(path), count=count), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = path.read_text().splitlines()
    assert lines == [f"record {i}" for i in range(count)]


def test_python_handler_records_after_shutdown_do_not_crash(tmp_path):
    script = """
    import threading
    import picolog

    class Echo(picolog.Handler):
        def emit(self, record):
            print(record.getMessage(), flush=True)

    lg = picolog.getLogger("late")
    lg.addHandler(Echo())
    lg.warning("before exit")

    def spam():
        while True:
            lg.warning("daemon")

    threading.Thread(target=spam, daemon=True).start()
    """
    result = _run(script, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("before exit\n")


NATIVE_LOGGER = r"""
#include <pthread.h>
#include <picolog.h>
static void* run(void* unused) {
    picolog_logger* lg = 0;
    if (picolog_get_logger(&lg, "late") != PICOLOG_OK) return unused;
    for (;;) picolog_log(lg, PICOLOG_WARNING, "native");
}
int start_native_loggers(int count) {
    for (int i = 0; i < count; ++i) {
        pthread_t t;
        if (pthread_create(&t, 0, run, 0) != 0) return -1;
        pthread_detach(t);
    }
    return 0;
}
"""


def _compile_native(tmp_path, source_text):
    """A shared library of source_text, linked with the libpicolog.so.1
    this package loads (the process then has one runtime)."""
    source = tmp_path / "native.c"
    source.write_text(source_text)
    target = tmp_path / "libnative.so"
    subprocess.run(
        [
            os.environ.get("CC", "cc"),
            "-shared",
            "-fPIC",
            "-pthread",
            "-I" + picolog.get_include(),
            str(source),
            "-L" + picolog.get_library_dir(),
            "-l:libpicolog.so.1",
            "-Wl,-rpath," + picolog.get_library_dir(),
            "-o",
            str(target),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return target


def test_native_threads_in_python_filters_at_exit_do_not_abort(tmp_path):
    # Threads Python never saw keep logging through Python filters (a
    # logger's and a handler's, which run before any handler lock) while
    # the interpreter finalizes. A call that entered a filter before the
    # exit hook must finish before Python goes: one left waiting for the
    # GIL is ended by the interpreter, unwinding through the library's
    # frames, which aborts the process.
    helper = _compile_native(tmp_path, NATIVE_LOGGER)
    script = f"""
    import ctypes
    import picolog

    lg = picolog.getLogger("late")
    lg.addFilter(lambda record: not record.getMessage().endswith("7"))
    handler = picolog.FileHandler({str(tmp_path / "late.log")!r})
    handler.addFilter(lambda record: True)
    lg.addHandler(handler)
    ctypes.CDLL({str(helper)!r}).start_native_loggers(2)
    for i in range(300):
        lg.warning("python %d", i)
    """
    for _ in range(8):
        result = _run(script, tmp_path)
        assert (result.returncode, result.stderr) == (0, "")


NATIVE_ONE_RECORD = r"""
#include <pthread.h>
#include <picolog.h>
static pthread_t thread;
static void* run(void* unused) {
    picolog_logger* lg = 0;
    if (picolog_get_logger(&lg, "forked") == PICOLOG_OK) picolog_log(lg, PICOLOG_WARNING, "native");
    return unused;
}
int start_native_record(void) { return pthread_create(&thread, 0, run, 0); }
int join_native_record(void) { return pthread_join(thread, 0); }
"""


def test_a_child_forked_while_a_native_thread_is_in_a_python_filter_exits(tmp_path):
    # The parent's native thread is inside a Python filter when the main
    # thread forks. The child has no such thread: its exit must not wait
    # for that call to return. SIGALRM (default action: terminate) ends a
    # child that waits anyway, and the parent reports how it ended.
    helper = _compile_native(tmp_path, NATIVE_ONE_RECORD)
    script = f"""
    import ctypes, os, signal, sys, threading, warnings
    import picolog

    # 3.12+ warns about any fork of a process with threads.
    warnings.simplefilter("ignore", DeprecationWarning)
    inside = threading.Event()
    go = threading.Event()

    def hold_native(record):
        if record.getMessage() == "native":
            inside.set()
            go.wait()
        return True

    lg = picolog.getLogger("forked")
    lg.addFilter(hold_native)
    lg.addHandler(picolog.FileHandler({str(tmp_path / "forked.log")!r}))
    native = ctypes.CDLL({str(helper)!r})
    native.start_native_record()
    inside.wait()
    pid = os.fork()
    if pid == 0:
        signal.alarm(60)
        lg.warning("child")
        sys.exit(0)
    go.set()
    native.join_native_record()
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status))
    """
    result = _run(script, tmp_path)
    assert (result.returncode, result.stderr, result.stdout) == (0, "", "0\n")
    lines = (tmp_path / "forked.log").read_text().splitlines()
    assert sorted(lines) == ["child", "native"]


CLOSED_AT_EXIT = """
import {mod} as logging

out = logging.FileHandler({path!r})


class Batch(logging.Handler):
    # Sends its batch when closed, as handlers for remote services do.
    def __init__(self, tag):
        super().__init__()
        self.tag = tag
        self.held = []

    def emit(self, record):
        self.held.append(record)

    def close(self):
        print(self.tag, [r.getMessage() for r in self.held], flush=True)
        for record in self.held:
            out.handle(record)
        self.held = []
        super().close()


lg = logging.getLogger("exit")
lg.addHandler(Batch("first"))
lg.addHandler(Batch("second"))
loose = Batch("loose")
lg.warning("one")
if {explicit}:
    logging.shutdown()
    print("shut down", flush=True)
"""


@pytest.mark.parametrize("explicit", [False, True])
@pytest.mark.parametrize("mod", ["logging", "picolog"])
def test_shutdown_closes_python_handlers_newest_first(tmp_path, mod, explicit):
    # As logging.shutdown: every live handler is flushed and closed, newest
    # first (at exit, and again at exit after an explicit shutdown()), while
    # the handlers made before it still write.
    path = tmp_path / "out.log"
    result = _run(CLOSED_AT_EXIT.format(mod=mod, path=str(path), explicit=explicit), tmp_path)
    assert result.returncode == 0, result.stderr
    once = "loose []\nsecond ['one']\nfirst ['one']\n"
    again = "loose []\nsecond []\nfirst []\n"
    assert result.stdout == (once + "shut down\n" + again if explicit else once)
    assert path.read_text() == "one\none\n"


LATE_RECORDS = """
import atexit, sys

def registered_first():
    L.getLogger("late").warning("from an atexit function registered before the import")

atexit.register(registered_first)
import {module} as L

class Collected:
    def __del__(self):
        L.getLogger("late").warning("from __del__ at interpreter exit")

lg = L.getLogger("late")
lg.propagate = False
lg.addHandler(L.StreamHandler(sys.stdout))
lg.addHandler(L.FileHandler({path!r}))
kept = Collected()
lg.warning("from the script")
"""


def test_records_logged_after_the_exit_hook_are_written_as_logging_writes_them(tmp_path):
    # An atexit function registered before the import runs after the
    # package's exit hook, and __del__ runs as the interpreter finalizes:
    # logging still writes what they log, to its streams and (reopening)
    # its files, and so does picolog.
    written = {}
    for module in ("logging", "picolog"):
        path = tmp_path / f"{module}.log"
        result = _run(LATE_RECORDS.format(module=module, path=str(path)), tmp_path)
        assert (result.returncode, result.stderr) == (0, ""), module
        written[module] = (result.stdout, path.read_text())
    expected = (
        "from the script\n"
        "from an atexit function registered before the import\n"
        "from __del__ at interpreter exit\n"
    )
    assert written["logging"] == (expected, expected)
    assert written["picolog"] == written["logging"]

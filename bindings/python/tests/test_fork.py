"""fork() while other threads are inside Python handlers.

os.fork() holds the GIL while the runtime prepares for the fork. A thread
inside a Python Handler.emit (called by C with the handler's lock held) may
be waiting for that GIL, and so may a queue listener in the middle of a
batch; the prepare step must not wait for either. Each scenario runs in a
fresh interpreter under a timeout (the watchdog): a hang fails the test
instead of hanging the suite.
"""

import subprocess
import sys
import textwrap

import pytest

WATCHDOG_SECONDS = 60

FORK_WHILE_PYTHON_HANDLERS_RUN = """
import os, sys, threading
import picolog
from picolog.handlers import QueueHandler

class Slow(picolog.Handler):
    # Plenty of bytecode, so the thread often gives up the GIL inside emit.
    def __init__(self):
        super().__init__()
        self.count = 0
    def emit(self, record):
        for _ in range(50):
            self.count += len(record.getMessage()) > 0

direct = Slow()
behind_queue = Slow()
sync_log = picolog.getLogger("fork.sync")
sync_log.propagate = False
sync_log.addHandler(direct)
queue = QueueHandler(handlers=[behind_queue], capacity=64)
queued_log = picolog.getLogger("fork.queued")
queued_log.propagate = False
queued_log.addHandler(queue)

stop = threading.Event()
def spin(logger):
    i = 0
    while not stop.is_set():
        logger.warning("record %d", i)
        i += 1

threads = [threading.Thread(target=spin, args=(lg,)) for lg in (sync_log, queued_log)]
for t in threads:
    t.start()
for _ in range(FORKS):
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
stop.set()
for t in threads:
    t.join()
queue.flush()
stats = queue.stats()
assert stats["emitted"] == stats["enqueued"] and stats["failed"] == 0, stats
assert direct.count > 0 and behind_queue.count > 0
print("forked", FORKS)
"""

MULTIPROCESSING_FORK = """
import multiprocessing, os, threading
import picolog
from picolog.handlers import QueueHandler

class Keep(picolog.Handler):
    def __init__(self):
        super().__init__()
        self.seen = 0
    def emit(self, record):
        self.seen += 1

def work(path, n):
    # In the child: log through the inherited queue into a file of its own.
    fh = picolog.FileHandler(path)
    fh.setFormatter(picolog.Formatter("%(process)d %(message)s"))
    own = picolog.getLogger("mp.child")
    own.propagate = False
    own.addHandler(QueueHandler(handlers=[fh], capacity=64))
    for i in range(n):
        own.warning("child %d", i)
        picolog.getLogger("mp.busy").warning("busy %d", i)
    picolog.shutdown()

keep = Keep()
busy = picolog.getLogger("mp.busy")
busy.propagate = False
busy.addHandler(QueueHandler(handlers=[keep], capacity=64))
stop = threading.Event()
def spin():
    while not stop.is_set():
        busy.warning("parent")
t = threading.Thread(target=spin)
t.start()
ctx = multiprocessing.get_context("fork")
paths = [os.path.join(DIR, f"child{i}.log") for i in range(8)]
procs = [ctx.Process(target=work, args=(p, 200)) for p in paths]
for p in procs:
    p.start()
for p in procs:
    p.join()
    assert p.exitcode == 0, p.exitcode
stop.set()
t.join()
for p, proc in zip(paths, procs):
    lines = open(p).read().splitlines()
    assert lines == [f"{proc.pid} child {i}" for i in range(200)], (p, lines[:3], len(lines))
print("children", len(procs))
"""


def run_scenario(body, **names):
    header = "".join(f"{k} = {v!r}\n" for k, v in names.items())
    script = header + textwrap.dedent(body)
    try:
        done = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            timeout=WATCHDOG_SECONDS,
        )
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"the scenario hung (watchdog, {WATCHDOG_SECONDS} s); stderr: {e.stderr!r}")
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_fork_while_threads_are_inside_python_handlers():
    out = run_scenario(FORK_WHILE_PYTHON_HANDLERS_RUN, FORKS=300)
    assert out.strip() == "forked 300"


def test_multiprocessing_with_the_fork_start_method(tmp_path):
    out = run_scenario(MULTIPROCESSING_FORK, DIR=str(tmp_path))
    assert out.strip() == "children 8"


# A multiprocessing child (fork method) ends with os._exit() once its target
# has returned and multiprocessing has run its exit finalizers: no atexit
# hook runs there. What it left in a queue or a buffered file is written.
CHILDREN_LOG_AND_RETURN = """
import multiprocessing, os
import picolog
from picolog.handlers import QueueHandler

def work(path, count):
    if KIND == "queue":
        handler = QueueHandler(handlers=[picolog.FileHandler(path, "w")])
    else:
        handler = picolog.FileHandler(path, "w", buffered=True)
    lg = picolog.getLogger("child")
    lg.propagate = False
    lg.addHandler(handler)
    for i in range(count):
        lg.warning("child %d", i)

ctx = multiprocessing.get_context("fork")
paths = [os.path.join(DIR, f"child{i}.log") for i in range(4)]
procs = [ctx.Process(target=work, args=(p, 2000)) for p in paths]
for p in procs:
    p.start()
for p in procs:
    p.join()
    assert p.exitcode == 0, p.exitcode
for p in paths:
    lines = open(p).read().splitlines()
    assert lines == [f"child {i}" for i in range(2000)], (p, len(lines))
print("children", len(procs))
"""


@pytest.mark.parametrize("kind", ["queue", "buffered"])
def test_a_multiprocessing_child_writes_what_it_queued_or_buffered(tmp_path, kind):
    out = run_scenario(CHILDREN_LOG_AND_RETURN, DIR=str(tmp_path), KIND=kind)
    assert out.strip() == "children 4"


CRASH_AFTER_QUEUEING = """
import ctypes, faulthandler, sys
import picolog
from picolog.handlers import QueueHandler

faulthandler.enable()
fh = picolog.FileHandler(PATH)
fh.setFormatter(picolog.Formatter("%(name)s %(message)s"))
lg = picolog.getLogger("crash")
lg.propagate = False
lg.addHandler(QueueHandler(handlers=[fh], capacity=16384))
picolog.install_crash_handler()
for i in range(10000):
    lg.warning("record %d", i)
ctypes.string_at(0)
"""


def test_crash_handler_writes_queued_records_and_faulthandler_still_runs(tmp_path):
    path = tmp_path / "crash.log"
    script = f"PATH = {str(path)!r}\n" + textwrap.dedent(CRASH_AFTER_QUEUEING)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=WATCHDOG_SECONDS
    )
    assert done.returncode == -11, done.stderr
    assert "Fatal Python error: Segmentation fault" in done.stderr
    lines = path.read_text().splitlines()
    assert lines[:-1] == [f"crash record {i}" for i in range(10000)]
    assert lines[-1] == "picolog fatal signal SIGSEGV"


PYTHON_LOCK_HELD_AT_FORK = """
import os, signal, threading
import picolog

class Keep(picolog.Handler):
    def emit(self, record):
        pass

h = Keep()
held, release = threading.Event(), threading.Event()
def hold():
    with h.lock:
        held.set()
        release.wait()
t = threading.Thread(target=hold)
t.start()
held.wait()
pid = os.fork()
if pid == 0:
    signal.alarm(20)  # a deadlock kills the child
    h.handle(picolog.makeLogRecord({"msg": "in the child"}))
    os._exit(0)
_, status = os.waitpid(pid, 0)
release.set()
t.join()
assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
print("ok")
"""


def test_a_handler_lock_held_at_the_fork_is_free_in_the_child():
    assert run_scenario(PYTHON_LOCK_HELD_AT_FORK).strip() == "ok"


CONFIG_LOCK_HELD_AT_FORK = """
import os, signal, threading
import picolog
import picolog.config

held, release = threading.Event(), threading.Event()
def slow_factory():
    # Runs inside dictConfig, which holds the configuration lock meanwhile.
    held.set()
    release.wait()
    return picolog.NullHandler()

config = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"slow": {"()": slow_factory}},
}
t = threading.Thread(target=picolog.config.dictConfig, args=(config,))
t.start()
held.wait()
pid = os.fork()
if pid == 0:
    signal.alarm(20)  # a deadlock kills the child
    picolog.config.dictConfig(
        {"version": 1, "disable_existing_loggers": False, "loggers": {"forked": {"level": "ERROR"}}}
    )
    picolog.config.configure('{"version": 1, "disable_existing_loggers": false, "root": {}}')
    os._exit(0 if picolog.getLogger("forked").level == picolog.ERROR else 1)
_, status = os.waitpid(pid, 0)
release.set()
t.join()
assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
print("ok")
"""


def test_the_configuration_lock_held_at_the_fork_is_free_in_the_child():
    assert run_scenario(CONFIG_LOCK_HELD_AT_FORK).strip() == "ok"


LOGGER_LOCK_HELD_AT_FORK = """
import os, signal, threading
import picolog

held, release = threading.Event(), threading.Event()

class SlowLogger(picolog.Logger):
    def __init__(self, name):
        # Runs inside getLogger, which holds the loggers' lock meanwhile.
        super().__init__(name)
        if name == "slow":
            held.set()
            release.wait()

picolog.setLoggerClass(SlowLogger)
t = threading.Thread(target=picolog.getLogger, args=("slow",))
t.start()
held.wait()
pid = os.fork()
if pid == 0:
    signal.alarm(20)  # a deadlock kills the child
    lg = picolog.getLogger("made.in.the.child")
    lg.addHandler(picolog.NullHandler())
    os._exit(0 if lg.name == "made.in.the.child" else 1)
_, status = os.waitpid(pid, 0)
release.set()
t.join()
assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
print("ok")
"""


def test_the_loggers_lock_held_at_the_fork_is_free_in_the_child():
    assert run_scenario(LOGGER_LOCK_HELD_AT_FORK).strip() == "ok"

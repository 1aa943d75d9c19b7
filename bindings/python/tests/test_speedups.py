"""The C log methods (_speedups): what a call writes through a C handler (the
fast path), and how they step aside for subclasses, keyword arguments,
failed formats and captured logging.Logger subclasses."""

import asyncio
import collections
import inspect
import logging
import threading

import pytest
from support import ListHandler, attached

import picolog

pytestmark = pytest.mark.usefixtures("c_methods")

PATTERN = "%(levelname)s|%(filename)s|%(lineno)d|%(funcName)s|%(threadName)s|%(message)s"


@pytest.fixture
def lg(uname):
    logger = picolog.getLogger(uname)
    logger.propagate = False
    logger.setLevel(picolog.INFO)
    return logger


def _file_lines(logger, tmp_path, calls, buffered=False):
    """Runs calls() with a C FileHandler on logger; the lines it wrote."""
    path = tmp_path / ("buffered.log" if buffered else "out.log")
    handler = picolog.FileHandler(str(path), buffered=buffered)
    handler.setFormatter(picolog.Formatter(PATTERN))
    with attached(logger, handler):
        calls()
        handler.flush()
    return path.read_text().splitlines()


def _line():
    return inspect.currentframe().f_back.f_lineno


def test_an_enabled_call_writes_the_callers_file_line_function_and_thread(lg, tmp_path):
    lines = []

    def calls():
        lg.info("x=%s y=%d", "a", 2)
        lines.append(_line() - 1)
        lg.warning("plain %s")
        lines.append(_line() - 1)
        lg.error({"not": "a str"})
        lg.critical("%(k)s!", {"k": "mapped"})
        lg.fatal("fatal")
        lg.debug("below the level")

    out = _file_lines(lg, tmp_path, calls)
    assert out[0] == f"INFO|test_speedups.py|{lines[0]}|calls|MainThread|x=a y=2"
    assert out[1] == f"WARNING|test_speedups.py|{lines[1]}|calls|MainThread|plain %s"
    assert out[2].endswith("|{'not': 'a str'}")
    assert out[3].endswith("|mapped!")
    assert out[4].startswith("CRITICAL|") and out[4].endswith("|fatal")
    assert len(out) == 5


def test_calls_far_into_a_long_function_have_their_own_lines(lg, tmp_path):
    # Offsets past 256 bytes are where a frame's instruction offset stops
    # being a small int: each of these calls sits further in, and the same
    # call made twice (a loop) keeps its line.
    body = ["def calls(lg):"]
    for i in range(60):
        body.append(f"    v{i} = {i} * 2 + len('{i}')")
        if i % 20 == 19:
            body.append(f"    lg.info('at %d', {i})")
    body.append("    for k in range(2):")
    body.append("        lg.info('loop %d', k)")
    namespace = {}
    exec(compile("\n".join(body), "long_function.py", "exec"), namespace)
    expected = [n + 1 for n, text in enumerate(body) if "lg.info" in text]

    out = _file_lines(lg, tmp_path, lambda: namespace["calls"](lg))
    fields = [line.split("|") for line in out]
    assert [(f[1], f[3]) for f in fields] == [("long_function.py", "calls")] * 5
    assert [int(f[2]) for f in fields] == expected[:3] + [expected[3]] * 2
    assert [f[-1] for f in fields] == ["at 19", "at 39", "at 59", "loop 0", "loop 1"]


def test_a_renamed_thread_and_a_thread_of_its_own_are_named(lg, tmp_path):
    def calls():
        def work():
            lg.info("from worker")

        t = threading.Thread(target=work, name="worker-1")
        t.start()
        t.join()
        me = threading.current_thread()
        old = me.name
        me.name = "renamed"
        try:
            lg.info("renamed here")
        finally:
            me.name = old

    out = _file_lines(lg, tmp_path, calls)
    assert out[0].split("|")[4] == "worker-1"
    assert out[1].split("|")[4] == "renamed"


def test_a_buffered_file_gets_the_lines_a_file_writing_each_record_gets(lg, tmp_path):
    # Records a buffered file's buffer takes are copied with the GIL held
    # (picolog_try_log_ex); the lines are those of the ordinary call.
    def calls():
        for i in range(3):
            lg.info("record %d of %s", i, "three")
        lg.warning("%.2f ms", 1.2345)
        lg.error("error %s", None)

        def work():
            lg.info("from worker")

        t = threading.Thread(target=work, name="worker-2")
        t.start()
        t.join()

    every = _file_lines(lg, tmp_path, calls)
    buffered = _file_lines(lg, tmp_path, calls, buffered=True)
    assert len(every) == 6
    assert buffered == every
    assert every[5].split("|")[4] == "worker-2"


def test_level_changes_apply_to_the_next_call(lg):
    assert not lg.isEnabledFor(picolog.DEBUG)
    lg.setLevel(picolog.DEBUG)
    assert lg.isEnabledFor(picolog.DEBUG)
    picolog.disable(picolog.CRITICAL)
    try:
        assert not lg.isEnabledFor(picolog.CRITICAL)
    finally:
        picolog.disable(picolog.NOTSET)
    lg.disabled = True
    try:
        assert not lg.isEnabledFor(picolog.CRITICAL)
    finally:
        lg.disabled = False
    assert lg.isEnabledFor(picolog.CRITICAL)


def test_keyword_arguments_and_python_handlers_take_the_python_path(lg):
    h = ListHandler()
    with attached(lg, h):
        lg.info("with extra", extra={"k": 1})
        lg.info("%s %s", 1, 2)
        try:
            raise KeyError("boom")
        except KeyError:
            lg.error("failed", exc_info=True)
    assert [r.getMessage() for r in h.records] == ["with extra", "1 2", "failed"]
    assert h.records[0].k == 1
    assert h.records[2].exc_info[0] is KeyError
    assert all(
        r.funcName == "test_keyword_arguments_and_python_handlers_take_the_python_path"
        for r in h.records
    )


def test_a_failed_format_is_reported_and_not_logged(lg, tmp_path, capsys):
    out = _file_lines(lg, tmp_path, lambda: (lg.info("%d", "not a number"), lg.info("after")))
    assert [line.split("|")[-1] for line in out] == ["after"]
    err = capsys.readouterr().err
    assert "--- Logging error ---" in err and "not a number" in err


def test_a_message_with_lone_surrogates_is_escaped(lg, tmp_path):
    path = tmp_path / "out.log"
    handler = picolog.FileHandler(str(path))
    handler.setFormatter(picolog.Formatter("%(funcName)s|%(message)s"))
    with attached(lg, handler):
        lg.info("bad \udcff byte")
        handler.flush()
    assert path.read_bytes() == b"test_a_message_with_lone_surrogates_is_escaped|bad \xff byte\n"


def test_the_methods_need_a_message_and_bind_like_methods(lg):
    with pytest.raises(TypeError):
        lg.info()
    h = ListHandler()
    with attached(lg, h):
        picolog.Logger.info(lg, "unbound %s", "call")
        lg.warning("bound")
    assert [r.getMessage() for r in h.records] == ["unbound call", "bound"]


def test_a_subclass_making_its_own_records_gets_them_made(uname, tmp_path):
    made = []

    class Recording(picolog.Logger):
        def makeRecord(self, *args, **kwargs):
            record = super().makeRecord(*args, **kwargs)
            made.append(record)
            return record

    logger = Recording(uname)
    logger.setLevel(picolog.INFO)
    out = _file_lines(logger, tmp_path, lambda: logger.info("made %s", "here"))
    assert [r.getMessage() for r in made] == ["made here"]
    assert made[0].funcName == "<lambda>"
    assert out[0].endswith("|made here")


def test_a_subclass_with_its_own_find_caller_and_handle(uname):
    seen = []

    class Located(picolog.Logger):
        def findCaller(self, stack_info=False, stacklevel=1):
            return "somewhere.py", 7, "elsewhere", None

        def handle(self, record):
            seen.append((record.filename, record.lineno, record.funcName, record.getMessage()))

    logger = Located(uname)
    logger.setLevel(picolog.DEBUG)
    logger.debug("one %d", 1)
    logger.log(picolog.INFO, "two")
    assert seen == [
        ("somewhere.py", 7, "elsewhere", "one 1"),
        ("somewhere.py", 7, "elsewhere", "two"),
    ]


def test_a_subclass_with_its_own_is_enabled_for_and_log(uname):
    calls = []

    class Gated(picolog.Logger):
        def isEnabledFor(self, level):
            calls.append(("enabled?", level))
            return level != picolog.WARNING

        def _log(self, level, msg, args, **kwargs):
            calls.append(("log", level, msg % args, kwargs))

    logger = Gated(uname)
    logger.debug("d")
    logger.warning("w")
    logger.error("e %s", "x", stacklevel=2)
    assert calls == [
        ("enabled?", picolog.DEBUG),
        ("log", picolog.DEBUG, "d", {}),
        ("enabled?", picolog.WARNING),
        ("enabled?", picolog.ERROR),
        ("log", picolog.ERROR, "e x", {"stacklevel": 2}),
    ]


def test_set_logger_class_loggers_use_their_overrides(uname):
    made = []

    class Mine(picolog.Logger):
        def makeRecord(self, *args, **kwargs):
            made.append(args[4])
            return super().makeRecord(*args, **kwargs)

    picolog.setLoggerClass(Mine)
    try:
        logger = picolog.getLogger(uname)
    finally:
        picolog.setLoggerClass(picolog.Logger)
    logger.setLevel(picolog.INFO)
    with attached(logger, ListHandler()):
        logger.info("via %s", "class")
    assert made == ["via %s"]


class _StdSubclass(logging.Logger):
    def _log(self, level, msg, args, **kwargs):
        self.logged = getattr(self, "logged", []) + [(level, msg % args)]


def test_captured_calls_reach_a_c_handler_with_the_callers_location(uname, tmp_path):
    pl = picolog.getLogger(uname)
    pl.propagate = False
    pl.setLevel(picolog.INFO)
    std = logging.getLogger(uname)
    line = []

    def calls():
        with picolog.capture_stdlib():
            std.info("captured %s", "call")
            line.append(_line() - 1)
            std.debug("below picolog's level")
            logging.Logger.warning(std, "unbound")

    out = _file_lines(pl, tmp_path, calls)
    assert out[0] == f"INFO|test_speedups.py|{line[0]}|calls|MainThread|captured call"
    assert out[1].endswith("|unbound")
    assert len(out) == 2


def test_a_captured_logging_subclass_keeps_its_own_log(uname):
    manager = logging.Logger.manager
    std = _StdSubclass(uname)
    std.manager = manager
    std.setLevel(logging.INFO)
    picolog.getLogger(uname).setLevel(picolog.INFO)
    with picolog.capture_stdlib():
        std.info("mine %d", 1)
        std.debug("not enabled")
        assert not std.isEnabledFor(logging.DEBUG)
    assert std.logged == [(logging.INFO, "mine 1")]


def test_capture_restores_logging_s_own_methods(uname):
    before = {n: logging.Logger.__dict__[n] for n in ("debug", "info", "_log", "isEnabledFor")}
    with picolog.capture_stdlib():
        assert logging.Logger.__dict__["info"] is not before["info"]
    assert {n: logging.Logger.__dict__[n] for n in before} == before


def test_mapping_rule_follows_log_record(lg, tmp_path):
    class OnlyMapping(collections.abc.Mapping):
        def __getitem__(self, key):
            return key.upper()

        def __iter__(self):
            return iter(["a"])

        def __len__(self):
            return 1

    out = _file_lines(
        lg,
        tmp_path,
        lambda: (lg.info("%(a)s", OnlyMapping()), lg.info("%s", {}), lg.info("%s", [1])),
    )
    assert [line.split("|")[-1] for line in out] == ["A", "{}", "[1]"]


def test_asyncio_tasks_switch_the_native_context_on_the_c_path(lg, tmp_path):
    path = tmp_path / "ctx.log"
    handler = picolog.FileHandler(str(path))
    handler.setFormatter(picolog.Formatter("%(request_id)s %(message)s"))

    async def scenario():
        a_in = asyncio.Event()
        b_done = asyncio.Event()

        async def task_a():
            with picolog.context(request_id="a"):
                lg.info("a first")
                a_in.set()
                await b_done.wait()
                lg.info("a after b")

        async def task_b():
            await a_in.wait()
            with picolog.context(request_id="b"):
                lg.info("b")
            b_done.set()

        await asyncio.gather(task_a(), task_b())

    with attached(lg, handler):
        asyncio.run(scenario())
        handler.flush()
    assert path.read_text().splitlines() == ["a a first", "b b", "a a after b"]


def test_threads_each_write_their_own_identity(lg, tmp_path):
    per_thread = 200
    gate = threading.Barrier(4)

    def calls():
        def work():
            gate.wait()
            for i in range(per_thread):
                lg.info("%s %d", threading.current_thread().name, i)

        threads = [threading.Thread(target=work, name=f"w{n}") for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    out = _file_lines(lg, tmp_path, calls)
    assert len(out) == 4 * per_thread
    for line in out:
        fields = line.split("|")
        assert fields[4] == fields[5].split()[0]
        assert fields[3] == "work"


def test_the_c_paths_keep_no_objects_per_call(lg, tmp_path):
    """A reference leaked per call (a message, an argument tuple, a frame)
    would grow the traced memory by the call count times its size."""
    import tracemalloc

    std = logging.getLogger(lg.name)
    lg.setLevel(picolog.DEBUG)

    def calls(n):
        for i in range(n):
            lg.info("fast %s %d", "path", i)
            lg.debug("python path", extra={"k": i})
            lg.info("%d", "bad format")
            std.info("captured %s", i)
            std.debug("captured below %s", i)

    path = tmp_path / "leak.log"
    handler = picolog.FileHandler(str(path))
    handler.setFormatter(picolog.Formatter("%(message)s"))
    with attached(lg, handler), picolog.capture_stdlib(), pytest.MonkeyPatch.context() as mp:
        mp.setattr(picolog, "raiseExceptions", False)
        std.setLevel(logging.INFO)
        calls(200)  # caches warmed
        tracemalloc.start()
        try:
            before = tracemalloc.take_snapshot()
            calls(2000)
            after = tracemalloc.take_snapshot()
        finally:
            tracemalloc.stop()
        std.setLevel(logging.NOTSET)
    grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert grown < 2000 * 16, grown


def test_captured_calls_build_a_stdlib_record_only_where_logging_would(uname):
    class Keep(logging.Handler):
        def __init__(self):
            super().__init__()
            self.seen = []

        def emit(self, record):
            self.seen.append(record.getMessage())

    pl = picolog.getLogger(uname)
    pl.propagate = False
    pl.setLevel(picolog.DEBUG)
    top = logging.getLogger(uname)
    top.propagate = False
    middle = logging.getLogger(f"{uname}.a")
    child = logging.getLogger(f"{uname}.a.b")
    assert child.parent is middle
    keep = Keep()
    top.addHandler(keep)
    top.setLevel(logging.WARNING)
    try:
        with picolog.capture_stdlib():
            child.info("below the effective level")
            child.warning("reaches the grandparent")
            middle.propagate = False
            child.error("stopped on the way")
            middle.propagate = True
            logging.disable(logging.ERROR)
            child.error("disabled")
            logging.disable(logging.NOTSET)
            child.setLevel(logging.INFO)
            child.info("the child's own level")
    finally:
        top.removeHandler(keep)
        top.setLevel(logging.NOTSET)
        child.setLevel(logging.NOTSET)
        middle.propagate = True
    assert keep.seen == ["reaches the grandparent", "the child's own level"]


def test_a_python_handler_elsewhere_leaves_a_native_logger_on_the_c_path(
    uname, tmp_path, monkeypatch
):
    # A Python handler or filter anywhere sends the calls that may reach it
    # down the Python path (which keeps msg, args and exc_info for it); a
    # logger whose records reach only a C handler stays on the C path.
    python_path = []
    emit = picolog.Logger._emit

    def counted(self, level, msg, *rest, **kwargs):
        python_path.append(msg)
        return emit(self, level, msg, *rest, **kwargs)

    monkeypatch.setattr(picolog.Logger, "_emit", counted)
    elsewhere = picolog.getLogger(uname + ".elsewhere")
    elsewhere.propagate = False
    python_handler = ListHandler()
    native = picolog.getLogger(uname + ".native")
    native.propagate = False
    native.setLevel(picolog.INFO)
    with attached(elsewhere, python_handler):
        lines = _file_lines(native, tmp_path, lambda: native.info("native %d", 1))
        elsewhere.warning("reaches Python %d", 2)
    assert python_path == ["reaches Python %d"]
    assert lines[0].endswith("|native 1")
    assert [(r.msg, r.args) for r in python_handler.records] == [("reaches Python %d", (2,))]

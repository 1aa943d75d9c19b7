"""picolog.context: fields that follow threads and asyncio tasks, reach records
logged from Python and from C, and travel with queued records."""

import asyncio
import threading

import pytest
from support import ListHandler, attached

import picolog
from picolog import lib
from picolog.handlers import QueueHandler


def fields_of(handler, name="request_id"):
    return [(r.getMessage(), getattr(r, name, None)) for r in handler.records]


def c_log(logger, message):
    """A log call made by C code (picolog_log itself), not by the binding."""
    assert lib.picolog_log(logger._ptr, picolog.INFO, message.encode()) == 0


def test_fields_reach_records_and_formats(uname, tmp_path):
    lg = picolog.getLogger(uname)
    lg.setLevel(picolog.INFO)
    path = tmp_path / "ctx.log"
    fh = picolog.FileHandler(path)
    fh.setFormatter(picolog.Formatter("%(request_id)s %(user)s %(message)s"))
    with attached(lg, fh):
        with picolog.context(request_id="r-1", user="ada"):
            lg.info("inside")
            assert picolog.context.current() == {"request_id": "r-1", "user": "ada"}
            assert lib.picolog_context_depth() == 1
        assert lib.picolog_context_depth() == 0
        assert picolog.context.current() == {}
        fh.setFormatter(picolog.Formatter("%(message)s"))
        lg.info("outside")
    assert path.read_text().splitlines() == ["r-1 ada inside", "outside"]


def test_nesting_and_precedence(uname):
    lg = picolog.getLogger(uname)
    lg.setLevel(picolog.INFO)
    h = ListHandler()
    with attached(lg, h):
        with picolog.context(a="outer", b="outer"):
            with picolog.context(b="inner"):
                lg.info("nested", extra={"a": "record"})
            lg.info("outer again")
    first, second = h.records
    assert (first.a, first.b) == ("record", "inner")
    assert (second.a, second.b) == ("outer", "outer")


def test_threads_are_isolated(uname):
    lg = picolog.getLogger(uname)
    lg.setLevel(picolog.INFO)
    h = ListHandler()
    both_in = threading.Barrier(2)
    both_logged = threading.Barrier(2)

    def worker(rid):
        def run():
            if rid is None:
                both_in.wait()
                lg.info("none")
                both_logged.wait()
                return
            with picolog.context(request_id=rid):
                both_in.wait()
                lg.info(rid)
                both_logged.wait()

        return threading.Thread(target=run)

    with attached(lg, h):
        with picolog.context(request_id="main"):
            threads = [worker("t1"), worker(None)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            lg.info("main")
    assert sorted(fields_of(h)) == [("main", "main"), ("none", None), ("t1", "t1")]


def test_asyncio_tasks_are_isolated(uname):
    lg = picolog.getLogger(uname)
    lg.setLevel(picolog.INFO)
    h = ListHandler()

    async def scenario():
        a_in = asyncio.Event()
        plain_done = asyncio.Event()
        b_done = asyncio.Event()

        async def task_a():
            with picolog.context(request_id="a"):
                a_in.set()
                await b_done.wait()
                # b ran on this thread in between, with its own context.
                lg.info("a after b")
                c_log(lg, "c from a")

        async def task_b():
            await plain_done.wait()
            with picolog.context(request_id="b"):
                lg.info("b")
            lg.info("b outside")
            b_done.set()

        async def task_plain():
            await a_in.wait()
            # Native code in a task without context, while task a is inside
            # its block: apply() first, as the module documents.
            picolog.context.apply()
            c_log(lg, "c from plain")
            plain_done.set()

        await asyncio.gather(task_a(), task_b(), task_plain())

    with attached(lg, h):
        asyncio.run(scenario())
    assert sorted(fields_of(h)) == sorted(
        [
            ("a after b", "a"),
            ("c from a", "a"),
            ("b", "b"),
            ("b outside", None),
            ("c from plain", None),
        ]
    )


def test_async_with(uname):
    lg = picolog.getLogger(uname)
    lg.setLevel(picolog.INFO)
    h = ListHandler()

    async def body():
        async with picolog.context(request_id="aw"):
            lg.info("in")

    with attached(lg, h):
        asyncio.run(body())
    assert fields_of(h) == [("in", "aw")]


def test_c_code_called_inside_a_block_sees_the_context(uname):
    lg = picolog.getLogger(uname)
    lg.setLevel(picolog.INFO)
    h = ListHandler()
    with attached(lg, h):
        with picolog.context(request_id="from-python"):
            c_log(lg, "logged by C")
        c_log(lg, "after")
    assert fields_of(h) == [("logged by C", "from-python"), ("after", None)]


def test_queue_listener_sees_the_callers_context(uname):
    lg = picolog.getLogger(uname)
    lg.setLevel(picolog.INFO)
    seen = []

    class Collect(picolog.Handler):
        def emit(self, record):
            seen.append(
                (record.getMessage(), getattr(record, "request_id", None), threading.get_ident())
            )

    qh = QueueHandler(handlers=[Collect()], capacity=64)
    with attached(lg, qh):
        with picolog.context(request_id="r-1"):
            lg.info("one")
        with picolog.context(request_id="r-2"):
            lg.info("two")
        lg.info("three")
        qh.flush()
    assert [s[:2] for s in seen] == [("one", "r-1"), ("two", "r-2"), ("three", None)]
    assert threading.get_ident() not in {s[2] for s in seen}


def test_values_are_text_and_keys_must_be_names():
    with picolog.context(n=42, ok=True) as ctx:
        assert picolog.context.current() == {"n": 42, "ok": True}
        assert isinstance(ctx, picolog.context)
    with pytest.raises(TypeError):
        picolog.context("positional")
    with pytest.raises(ValueError, match="non-empty name"):
        picolog.context(**{"": "v"})
    assert picolog.context.current() == {}


def test_opentelemetry_span_ids(uname):
    trace = pytest.importorskip("opentelemetry.trace")
    lg = picolog.getLogger(uname)
    lg.setLevel(picolog.INFO)
    h = ListHandler()
    span = trace.NonRecordingSpan(
        trace.SpanContext(
            trace_id=0x4BF92F3577B34DA6A3CE929D0E0E4736, span_id=0x00F067AA0BA902B7, is_remote=False
        )
    )
    picolog.enable_opentelemetry()
    try:
        with attached(lg, h):
            with trace.use_span(span):
                lg.info("in span")
                c_log(lg, "C in span")
            lg.info("no span")
    finally:
        picolog.disable_opentelemetry()
    ids = [
        (r.getMessage(), getattr(r, "trace_id", None), getattr(r, "span_id", None))
        for r in h.records
    ]
    assert ids == [
        ("in span", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"),
        ("C in span", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"),
        ("no span", None, None),
    ]

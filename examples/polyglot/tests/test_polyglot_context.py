"""Context across languages: picolog.context in Python reaches the records of
C and Rust code it calls, Rust's tracing span fields join them, and a level
set from Python turns a Rust tracing::debug! on and off."""

import asyncio

import picolog
from native_libs import load


class Collect(picolog.Handler):
    def __init__(self):
        super().__init__()
        self.seen = []

    def emit(self, record):
        self.seen.append(
            (
                record.name,
                record.getMessage(),
                getattr(record, "request_id", None),
                getattr(record, "handler", None),
            )
        )


def test_python_context_reaches_c_and_rust_records(app):
    libs = load()
    app.setLevel(picolog.INFO)
    collect = Collect()
    app.addHandler(collect)
    with picolog.context(request_id="req-1"):
        assert libs.c.polyglot_c_log_request(b"c inside") == 0
        assert libs.rust.polyglot_rust_log_request(b"rust inside") == 0
    assert libs.c.polyglot_c_log_request(b"c outside") == 0
    assert libs.rust.polyglot_rust_log_request(b"rust outside") == 0
    assert collect.seen == [
        ("app.c.request", "c inside", "req-1", None),
        ("app.rust.request", "rust inside", "req-1", "rust"),
        ("app.c.request", "c outside", None, None),
        ("app.rust.request", "rust outside", None, "rust"),
    ]


def test_each_asyncio_task_gives_native_code_its_own_context(app):
    libs = load()
    app.setLevel(picolog.INFO)
    collect = Collect()
    app.addHandler(collect)

    async def request(rid, entered, other_entered):
        with picolog.context(request_id=rid):
            entered.set()
            await other_entered.wait()
            # The other task entered its block on this thread meanwhile.
            picolog.context.apply()
            libs.rust.polyglot_rust_log_request(rid.encode())

    async def both():
        a, b = asyncio.Event(), asyncio.Event()
        await asyncio.gather(request("a", a, b), request("b", b, a))

    asyncio.run(both())
    assert sorted((m, r) for _, m, r, _ in collect.seen) == [("a", "a"), ("b", "b")]


def test_a_level_set_in_python_switches_a_rust_tracing_debug(app):
    libs = load()
    app.setLevel(picolog.INFO)
    collect = Collect()
    app.addHandler(collect)
    target = picolog.getLogger("app.rust.tracing")
    assert libs.rust.polyglot_rust_tracing_debug(b"off") == 0
    target.setLevel(picolog.DEBUG)
    assert libs.rust.polyglot_rust_tracing_debug(b"on") == 0
    target.setLevel(picolog.INFO)
    assert libs.rust.polyglot_rust_tracing_debug(b"off again") == 0
    target.setLevel(picolog.NOTSET)
    assert [m for _, m, _, _ in collect.seen] == ["on"]

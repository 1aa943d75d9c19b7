"""One runtime for three languages: the same runtime and the same logger
from Python, C and Rust, and a Rust handler that receives the records of
Python and C; plus the libraries' answers to bad calls."""

import picolog
import pytest
from native_libs import NativeWorkers, load, picolog_copies, views


def test_every_language_sees_the_same_runtime_and_logger():
    seen = views()
    assert set(seen) == {"python", "c", "rust"}
    assert len(set(seen.values())) == 1, seen
    runtime_id, app_address = seen["python"]
    assert runtime_id != 0 and app_address != 0
    assert len(picolog_copies()) == 1


def test_a_rust_handler_counts_records_of_python_and_c(app):
    libs = load()
    rust = libs.rust
    counter = rust.polyglot_rust_counter_attach(b"app")
    assert counter != libs.ffi.NULL, libs.ffi.string(rust.polyglot_rust_error())

    def count(prefix):
        return rust.polyglot_rust_counter_count(counter, prefix)

    try:
        app.setLevel(picolog.DEBUG)
        py = picolog.getLogger("app.py.counted")
        for i in range(25):
            py.debug("debug %d", i)
            py.info("info %d", i)
            py.warning("warning %d", i)
        c = NativeWorkers("c")
        c.start(2, 50)
        assert c.join()["logged"] == 2 * (4 * 50 + 1)
        assert count(b"app.py") == 75
        assert count(b"app.py.counted") == 75
        assert count(b"app.c") == 2 * 201
        assert count(b"app.c.w1") == 201
        assert count(b"app.rust") == 0
        assert count(b"") == count(libs.ffi.NULL) == 75 + 2 * 201

        # A level set from Python holds for C: INFO drops C's DEBUG calls.
        app.setLevel(picolog.INFO)
        c.start(2, 50)
        stats = c.join()
        assert (stats["logged"], stats["skipped"]) == (2 * (2 * 50 + 1), 2 * 2 * 50)
        assert count(b"app.c") == 2 * 201 + 2 * 101
    finally:
        assert rust.polyglot_rust_counter_detach(counter) == 0


@pytest.mark.parametrize("language", ["c", "rust"])
def test_workers_refuse_bad_calls_with_a_message(app, language):
    app.setLevel(picolog.ERROR)
    workers = NativeWorkers(language)
    with pytest.raises(RuntimeError, match="threads must be between 1 and 256"):
        workers.start(0, 10)
    with pytest.raises(RuntimeError, match="unknown flags"):
        workers._check("start", 1, 10, 64)
    with pytest.raises(RuntimeError, match="no active run"):
        workers.join()
    with pytest.raises(RuntimeError, match="no active run"):
        workers.release_gate()
    workers.start(1, 0)
    with pytest.raises(RuntimeError, match="a run is already active"):
        workers.start(1, 0)
    stats = workers.join()
    assert (stats["logged"], stats["skipped"], stats["failed"]) == (0, 1, 0)


def test_the_rust_counter_refuses_bad_calls():
    libs = load()
    rust = libs.rust
    assert rust.polyglot_rust_counter_count(libs.ffi.NULL, b"app") == 0
    assert libs.ffi.string(rust.polyglot_rust_error()) == b"counter is NULL"
    assert rust.polyglot_rust_counter_detach(libs.ffi.NULL) == -1
    assert rust.polyglot_rust_counter_attach(b"bad\xff") == libs.ffi.NULL
    assert b"utf-8" in libs.ffi.string(rust.polyglot_rust_error())

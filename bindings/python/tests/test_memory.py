"""MemoryHandler and BufferingHandler against logging.handlers: the same
records give the same bytes in the target's file, whichever form (C or
Python) picolog picks. Also subclasses, targets that are not handlers,
setTarget, dictConfig, and the backtrace ring with records from C."""

import logging
import logging.handlers
import random
import threading

import pytest

import picolog
import picolog.config
import picolog.handlers
from picolog._ffi import ffi, lib

FORMAT = "%(levelname)s %(name)s %(message)s"
LEVELS = (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR)


def _records(seed, n):
    rng = random.Random(seed)
    return [(rng.choice(LEVELS), f"record {i} " + "y" * rng.randint(0, 20)) for i in range(n)]


def _run(mod, path, name, records, capacity, flush_level, on_close=True, flush_at=()):
    logger = mod.getLogger(name)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    target = mod.FileHandler(str(path))
    target.setFormatter(mod.Formatter(FORMAT))
    handler = mod.handlers.MemoryHandler(capacity, flush_level, target, on_close)
    logger.addHandler(handler)
    try:
        for i, (level, message) in enumerate(records):
            logger.log(level, message)
            if i in flush_at:
                handler.flush()
    finally:
        logger.removeHandler(handler)
        handler.close()
        target.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    "capacity,flush_level,on_close",
    [
        (10, logging.ERROR, True),
        (3, logging.WARNING, True),
        (50, logging.CRITICAL, False),
        (0, 100, True),
    ],
)
def test_same_bytes_as_logging(tmp_path, capacity, flush_level, on_close):
    records = _records(capacity + flush_level, 200)
    ours = _run(
        picolog,
        tmp_path / "p.log",
        f"mem.p{capacity}",
        records,
        capacity,
        flush_level,
        on_close,
        {17, 90},
    )
    theirs = _run(
        logging,
        tmp_path / "s.log",
        f"mem.p{capacity}",
        records,
        capacity,
        flush_level,
        on_close,
        {17, 90},
    )
    assert ours == theirs
    assert ours


def test_native_form_keeps_records_in_c(tmp_path):
    target = picolog.FileHandler(str(tmp_path / "t.log"))
    handler = picolog.handlers.MemoryHandler(5, target=target)
    assert handler._pl_mode == ("memory",)
    logger = picolog.getLogger("mem.native")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        logger.info("one")
        logger.debug("two")
        assert handler.buffered() == 2
        assert handler.buffer == []
        assert (tmp_path / "t.log").read_bytes() == b""
        logger.error("three")
        assert handler.buffered() == 0
        assert (tmp_path / "t.log").read_bytes() == b"one\ntwo\nthree\n"
    finally:
        logger.removeHandler(handler)
        handler.close()
        target.close()


def test_python_records_keep_their_logger_name(tmp_path):
    target = picolog.FileHandler(str(tmp_path / "t.log"))
    target.setFormatter(picolog.Formatter(FORMAT))
    handler = picolog.handlers.MemoryHandler(5, target=target)
    record = logging.LogRecord("made.here", logging.INFO, __file__, 1, "hello %s", ("you",), None)
    handler.handle(record)
    handler.close()
    target.close()
    assert (tmp_path / "t.log").read_bytes() == b"INFO made.here hello you\n"


class Collector:
    """Not a handler: just handle(), as logging allows for a target."""

    def __init__(self):
        self.records = []

    def handle(self, record):
        self.records.append(record.getMessage())


def test_any_object_with_handle_is_a_target():
    target = Collector()
    handler = picolog.handlers.MemoryHandler(2, target=target)
    assert handler._pl_mode == "callback"
    logger = picolog.getLogger("mem.collector")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    logger.info("a")
    assert handler.buffer and handler.buffer[0].getMessage() == "a"
    logger.info("b")
    assert target.records == ["a", "b"]
    logger.removeHandler(handler)
    handler.close()


def test_subclass_overriding_should_flush_runs_in_python():
    class EveryThird(picolog.handlers.MemoryHandler):
        def shouldFlush(self, record):
            return len(self.buffer) >= 3

    target = Collector()
    handler = EveryThird(100, target=target)
    logger = picolog.getLogger("mem.sub")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    for m in "abcde":
        logger.critical(m)
    assert target.records == ["a", "b", "c"]
    logger.removeHandler(handler)
    handler.close()
    assert target.records == ["a", "b", "c", "d", "e"]


def test_buffering_handler_subclass():
    flushed = []

    class Batches(picolog.handlers.BufferingHandler):
        def flush(self):
            with self.lock:
                if self.buffer:
                    flushed.append([r.getMessage() for r in self.buffer])
                self.buffer.clear()

    handler = Batches(2)
    logger = picolog.getLogger("mem.batches")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    for m in "abcde":
        logger.info(m)
    logger.removeHandler(handler)
    handler.close()
    assert flushed == [["a", "b"], ["c", "d"], ["e"]]
    assert picolog.handlers.BufferingHandler(3).shouldFlush(None) is False


def test_set_target_between_forms(tmp_path):
    first = picolog.FileHandler(str(tmp_path / "first.log"))
    collector = Collector()
    handler = picolog.handlers.MemoryHandler(100, target=first)
    logger = picolog.getLogger("mem.swap")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    logger.info("to first")
    handler.setTarget(collector)  # C buffer goes to the previous target first
    assert handler.target is collector
    logger.info("to collector")
    handler.flush()
    second = picolog.FileHandler(str(tmp_path / "second.log"))
    handler.setTarget(second)
    logger.info("to second")
    logger.removeHandler(handler)
    handler.close()
    assert handler.target is None
    first.close()
    second.close()
    assert (tmp_path / "first.log").read_bytes() == b"to first\n"
    assert collector.records == ["to collector"]
    assert (tmp_path / "second.log").read_bytes() == b"to second\n"


def test_a_cycle_of_targets_is_refused_and_the_target_kept(tmp_path):
    out = picolog.FileHandler(str(tmp_path / "out.log"))
    first = picolog.handlers.MemoryHandler(100, target=out)
    second = picolog.handlers.MemoryHandler(100, target=first)
    with pytest.raises(ValueError, match="cycle"):
        first.setTarget(second)
    assert first.target is out
    logger = picolog.getLogger("mem.cycle")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(second)
    logger.info("held")
    logger.error("passed down the chain")
    logger.removeHandler(second)
    for handler in (second, first, out):
        handler.close()
    assert (tmp_path / "out.log").read_bytes() == b"held\npassed down the chain\n"


def test_target_formatter_change_follows(tmp_path):
    target = picolog.FileHandler(str(tmp_path / "t.log"))
    handler = picolog.handlers.MemoryHandler(100, target=target)
    logger = picolog.getLogger("mem.follow")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    logger.info("before")

    class Upper(picolog.Formatter):
        def format(self, record):
            return record.getMessage().upper()

    target.setFormatter(Upper())  # the target gets another C handler
    logger.info("after")
    logger.removeHandler(handler)
    handler.close()
    target.close()
    # Both reach the new C handler (the old one is closed), formatted when
    # they arrive there, as with logging.
    assert (tmp_path / "t.log").read_bytes() == b"BEFORE\nAFTER\n"


def test_threads_lose_nothing(tmp_path):
    target = picolog.FileHandler(str(tmp_path / "t.log"))
    handler = picolog.handlers.MemoryHandler(16, target=target)
    logger = picolog.getLogger("mem.threads")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)

    def work(t):
        for i in range(300):
            logger.info("%d:%d", t, i)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    logger.removeHandler(handler)
    handler.close()
    target.close()
    lines = (tmp_path / "t.log").read_text().split()
    assert sorted(lines) == sorted(f"{t}:{i}" for t in range(4) for i in range(300))
    for t in range(4):
        mine = [int(x.split(":")[1]) for x in lines if x.startswith(f"{t}:")]
        assert mine == sorted(mine)


def test_dict_config_maps_memory_handler(tmp_path):
    path = tmp_path / "t.log"
    picolog.config.dictConfig(
        {
            "version": 1,
            "handlers": {
                "file": {"class": "logging.FileHandler", "filename": str(path)},
                "mem": {
                    "class": "logging.handlers.MemoryHandler",
                    "capacity": 10,
                    "flushLevel": logging.ERROR,
                    "target": "file",
                },
            },
            "loggers": {"mem.dict": {"handlers": ["mem"], "level": "DEBUG", "propagate": False}},
        }
    )
    try:
        handler = picolog.getLogger("mem.dict").handlers[0]
        assert isinstance(handler, picolog.handlers.MemoryHandler)
        assert isinstance(handler.target, picolog.FileHandler)
        picolog.getLogger("mem.dict").info("kept")
        assert path.read_bytes() == b""
        picolog.getLogger("mem.dict").error("now")
        assert path.read_bytes() == b"kept\nnow\n"
    finally:
        picolog.config.dictConfig({"version": 1, "incremental": False})


def test_backtrace_ring_with_records_from_c(tmp_path):
    target = picolog.FileHandler(str(tmp_path / "t.log"))
    target.setFormatter(picolog.Formatter("%(levelname)s %(message)s"))
    ring = picolog.handlers.BacktraceHandler(3, target)
    logger = picolog.getLogger("mem.ring")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(ring)
    out = ffi.new("picolog_logger **")
    assert lib.picolog_get_logger(out, b"mem.ring") == 0
    try:
        for i in range(5):
            assert lib.picolog_log(out[0], lib.PICOLOG_DEBUG, f"c debug {i}".encode()) == 0
        logger.info("passes")
        assert (tmp_path / "t.log").read_bytes() == b"INFO passes\n"
        logger.error("python error")
        logger.debug("never written")
    finally:
        logger.removeHandler(ring)
        ring.close()
        target.close()
    assert (tmp_path / "t.log").read_bytes() == (
        b"INFO passes\n"
        b"DEBUG [backtrace] c debug 2\n"
        b"DEBUG [backtrace] c debug 3\n"
        b"DEBUG [backtrace] c debug 4\n"
        b"ERROR python error\n"
    )


def test_backtrace_needs_a_picolog_target():
    with pytest.raises(TypeError):
        picolog.handlers.BacktraceHandler(3, Collector())
    with pytest.raises(ValueError):
        picolog.handlers.BacktraceHandler(0)


def test_file_config_maps_memory_handler(tmp_path):
    path = tmp_path / "t.log"
    ini = tmp_path / "logging.ini"
    ini.write_text(
        f"""
[loggers]
keys=root,mem

[handlers]
keys=mem,file

[formatters]
keys=

[logger_root]
handlers=

[logger_mem]
qualname=mem.ini
level=DEBUG
propagate=0
handlers=mem

[handler_mem]
class=handlers.MemoryHandler
args=(10, ERROR)
target=file

[handler_file]
class=FileHandler
args=({str(path)!r},)
"""
    )
    picolog.config.fileConfig(str(ini), disable_existing_loggers=False)
    try:
        handler = picolog.getLogger("mem.ini").handlers[0]
        assert isinstance(handler, picolog.handlers.MemoryHandler)
        assert isinstance(handler.target, picolog.FileHandler)
        assert handler._pl_mode == ("memory",)
        picolog.getLogger("mem.ini").info("kept")
        assert path.read_bytes() == b""
        picolog.getLogger("mem.ini").error("now")
        assert path.read_bytes() == b"kept\nnow\n"
    finally:
        picolog.config.dictConfig({"version": 1, "incremental": False})

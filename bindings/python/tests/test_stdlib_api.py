"""Names of logging's API that picolog has too, behaving as logging's do."""

import logging
import sys

import pytest
from support import ListHandler, attached

import picolog


def test_handlers_are_found_by_name_until_closed():
    h = picolog.StreamHandler(sys.stderr)
    h.name = "console-for-test"
    assert picolog.getHandlerByName("console-for-test") is h
    assert "console-for-test" in picolog.getHandlerNames()
    h.name = "renamed-for-test"
    assert picolog.getHandlerByName("console-for-test") is None
    h.close()
    assert picolog.getHandlerByName("renamed-for-test") is None


def test_get_children_matches_logging(uname):
    results = []
    mods = (logging, picolog) if hasattr(logging.Logger, "getChildren") else (picolog, picolog)
    for mod in mods:
        for suffix in ("b", "c", "b.d", "e.f"):
            mod.getLogger(f"{uname}.{mod.__name__}.a.{suffix}")
        top = mod.getLogger(f"{uname}.{mod.__name__}.a")
        results.append(sorted(lg.name.rsplit(".a.", 1)[1] for lg in top.getChildren()))
    assert results[0] == results[1] == ["b", "c"]


def test_a_record_factory_adds_fields_that_c_handlers_format(uname, tmp_path):
    def with_trace(*args, **kwargs):
        record = base(*args, **kwargs)
        record.trace_id = "4bf92f35"
        return record

    base = picolog.getLogRecordFactory()
    path = tmp_path / "factory.log"
    fh = picolog.FileHandler(path)
    fh.setFormatter(picolog.Formatter("%(trace_id)s %(funcName)s %(message)s"))
    log = picolog.getLogger(uname)
    log.setLevel(picolog.INFO)
    picolog.setLogRecordFactory(with_trace)
    try:
        assert picolog.getLogRecordFactory() is with_trace
        with attached(log, fh):
            log.info("traced %d", 1)
            log.warning("kw", extra={"k": "v"})
    finally:
        picolog.setLogRecordFactory(base)
    assert picolog.getLogRecordFactory() is base
    assert path.read_text().splitlines() == [
        "4bf92f35 test_a_record_factory_adds_fields_that_c_handlers_format traced 1",
        "4bf92f35 test_a_record_factory_adds_fields_that_c_handlers_format kw",
    ]


def test_python_handlers_get_the_factorys_record(uname):
    class Mine(picolog.LogRecord):
        pass

    log = picolog.getLogger(uname)
    picolog.setLogRecordFactory(Mine)
    try:
        with attached(log, ListHandler()) as h:
            log.warning("m %s", "x")
    finally:
        picolog.setLogRecordFactory(None)
    (rec,) = h.records
    assert type(rec) is Mine and rec.getMessage() == "m x" and rec.args == ("x",)


def test_buffering_formatter_matches_logging():
    records = [logging.makeLogRecord({"msg": f"r{i}", "levelname": "INFO"}) for i in range(3)]
    ours = picolog.BufferingFormatter(picolog.Formatter("%(levelname)s %(message)s"))
    theirs = logging.BufferingFormatter(logging.Formatter("%(levelname)s %(message)s"))
    assert ours.format(records) == theirs.format(records)
    assert picolog.BufferingFormatter().format(records) == logging.BufferingFormatter().format(
        records
    )


@pytest.mark.parametrize("name", ["PercentStyle", "StrFormatStyle", "StringTemplateStyle"])
def test_format_styles_are_loggings(name):
    assert getattr(picolog, name) is getattr(logging, name)


def test_record_switches_exist():
    for name in ("logThreads", "logProcesses", "logMultiprocessing", "logAsyncioTasks"):
        assert getattr(picolog, name) is True


def test_use_as_logging_then_restore():
    standard = sys.modules["logging"]
    with picolog.use_as_logging():
        import logging as now
        import logging.config as config
        import logging.handlers as handlers

        assert now is picolog
        assert handlers is picolog.handlers and config is picolog.config
    import logging as after

    assert after is standard and sys.modules["logging.handlers"] is standard.handlers

"""A filter returning a LogRecord makes it stand in for the record (logging's
rule since 3.12): on a logger, for its remaining filters and every handler
the record reaches; on a handler, for that handler only."""

import copy
import sys

import pytest
from support import ListHandler, attached

import picolog


def _renamed(text):
    def replace(record):
        record = copy.copy(record)
        record.msg = text
        record.args = ()
        return record

    return replace


def _scenario(log, path, name, setup):
    parent = log.getLogger(name)
    parent.setLevel(log.INFO)
    parent.propagate = False
    child = log.getLogger(f"{name}.child")
    setup.file(parent, "parent %(name)s %(message)s")
    handler = setup.file(child, "child %(message)s")
    handler.addFilter(_renamed("by the handler filter"))
    child.info("first %d", 1)
    child.addFilter(_renamed("by the logger filter"))
    child.info("second %d", 2)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="logging replaces records since 3.12")
def test_file_handlers_write_the_replacement_like_logging(both, uname):
    expected, got = both.run(_scenario, uname)
    assert got == expected


def test_handler_filter_replaces_for_that_handler_only(tmp_path, uname):
    path = tmp_path / "out.log"
    parent = picolog.getLogger(uname)
    parent.setLevel(picolog.INFO)
    parent.propagate = False
    child = picolog.getLogger(f"{uname}.child")
    up = ListHandler()
    file_handler = picolog.FileHandler(path)
    file_handler.setFormatter(picolog.Formatter("%(name)s %(message)s"))
    file_handler.addFilter(_renamed("new"))
    with attached(parent, up), attached(child, file_handler):
        child.info("old %s", "text")
    assert path.read_text() == f"{uname}.child new\n"
    assert [r.getMessage() for r in up.records] == ["old text"]


def test_logger_filter_replaces_for_later_filters_and_all_handlers(tmp_path, uname):
    seen = []

    class Recording(picolog.Filter):
        def filter(self, record):
            seen.append(record)
            return _renamed(f"copy {len(seen)}")(record)

    path = tmp_path / "out.log"
    parent = picolog.getLogger(uname)
    parent.propagate = False
    child = picolog.getLogger(f"{uname}.child")
    child.setLevel(picolog.INFO)
    child.addFilter(Recording())
    child.addFilter(Recording())
    up = ListHandler()
    file_handler = picolog.FileHandler(path)
    with attached(parent, up), attached(child, file_handler):
        child.info("original")
    assert len({id(r) for r in seen}) == 2
    assert seen[0].getMessage() == "original" and seen[1].getMessage() == "copy 1"
    assert path.read_text() == "copy 2\n"
    assert [r.getMessage() for r in up.records] == ["copy 2"]
    assert up.records[0] is not seen[0] and up.records[0].name == f"{uname}.child"


def test_a_later_filter_can_still_drop_the_replacement(tmp_path, uname):
    logger = picolog.getLogger(uname)
    logger.propagate = False
    handler = ListHandler()
    handler.addFilter(_renamed("replaced"))
    handler.addFilter(lambda record: record.getMessage() != "replaced")
    with attached(logger, handler):
        logger.warning("gone")
    assert handler.records == []


def test_python_handler_gets_the_replacement_object(uname):
    replacement = []

    def replace(record):
        replacement.append(_renamed("mine")(record))
        return replacement[-1]

    logger = picolog.getLogger(uname)
    logger.propagate = False
    handler = ListHandler()
    handler.addFilter(replace)
    with attached(logger, handler):
        logger.error("theirs")
    assert handler.records == replacement
    assert handler.lines == ["mine"]


def test_handle_of_a_python_record_uses_the_replacement(uname):
    handler = ListHandler()
    handler.addFilter(_renamed("handled"))
    record = picolog.makeLogRecord({"msg": "made", "name": uname})
    assert handler.handle(record).getMessage() == "handled"
    assert handler.lines == ["handled"]


def test_returning_the_same_record_keeps_it(tmp_path, uname):
    path = tmp_path / "out.log"
    logger = picolog.getLogger(uname)
    logger.propagate = False
    file_handler = picolog.FileHandler(path)
    file_handler.addFilter(lambda record: record)
    with attached(logger, file_handler):
        logger.warning("kept %d", 7)
    assert path.read_text() == "kept 7\n"

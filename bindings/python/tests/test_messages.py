"""Message bytes: unencodable text, NUL bytes, large messages, records made in C."""

import pytest
from support import attached

import picolog
from picolog import ffi, lib


def _file_logger(tmp_path, uname):
    path = tmp_path / "m.log"
    h = picolog.FileHandler(path)
    lg = picolog.getLogger(uname)
    lg.addHandler(h)
    return lg, h, path


def test_unencodable_and_nul_messages(tmp_path, uname):
    lg, h, path = _file_logger(tmp_path, uname)
    try:
        lg.error("escape \udcff end")
        lg.error("lone \ud800 surrogate")
        lg.error("nul a\0b")
        lg.error("big %s", "x" * 1_000_000)
    finally:
        lg.removeHandler(h)
        h.close()
    lines = path.read_bytes().split(b"\n")
    assert lines[0] == b"escape \xff end"
    assert lines[1] == b"lone \\ud800 surrogate"
    assert lines[2] == b"nul a\0b"
    assert lines[3] == b"big " + b"x" * 1_000_000


def test_records_logged_from_c_reach_python_handlers(uname, list_handler):
    lg = picolog.getLogger(uname)
    h = list_handler()
    lg.addHandler(h)
    info = ffi.new("picolog_record_info *")
    info.version = lib.PICOLOG_RECORD_INFO_VERSION
    fields = ffi.new("picolog_field[1]")
    key, value = ffi.new("char[]", b"user"), ffi.new("char[]", b"ann")
    fields[0].key, fields[0].value = key, value
    info.fields, info.field_count = fields, 1
    file, func = ffi.new("char[]", b"/src/app.c"), ffi.new("char[]", b"main")
    info.file, info.line, info.func = file, 12, func
    try:
        assert lib.picolog_log_ex(lg._ptr, 40, b"from C", 6, info) == 0
    finally:
        lg.removeHandler(h)
    (r,) = h.records
    assert (r.msg, r.args, r.getMessage()) == ("from C", (), "from C")
    assert (r.pathname, r.filename, r.module, r.lineno, r.funcName) == (
        "/src/app.c",
        "app.c",
        "app",
        12,
        "main",
    )
    assert r.user == "ann" and r.levelname == "ERROR"


def test_mapping_and_non_string_messages(uname, list_handler):
    lg = picolog.getLogger(uname)
    h = list_handler()
    with attached(lg, h, close=False):
        lg.warning("%(a)s+%(b)s", {"a": 1, "b": 2})
        lg.warning(ValueError("as message"))
        lg.warning("%s", {"a": 1})
        lg.warning("empty mapping %s", {})
    assert [r.getMessage() for r in h.records] == [
        "1+2",
        "as message",
        "{'a': 1}",
        "empty mapping {}",
    ]


def test_message_given_by_keyword(uname, list_handler):
    # logging's log methods take msg as an ordinary parameter: info(msg=...).
    lg = picolog.getLogger(uname)
    h = list_handler()
    with attached(lg, h, close=False):
        lg.warning(msg="by keyword")
        lg.error(msg="%s and %s", extra={"k": "v"})
        lg.critical(extra={"k": "w"}, msg="after extra")
        lg.debug(msg="below the level")
        with pytest.raises(TypeError):
            lg.warning(extra={"k": "v"})
        with pytest.raises(TypeError):
            lg.debug()
    assert [(r.getMessage(), getattr(r, "k", None)) for r in h.records] == [
        ("by keyword", None),
        ("%s and %s", "v"),
        ("after extra", "w"),
    ]
    assert h.records[0].funcName == "test_message_given_by_keyword"

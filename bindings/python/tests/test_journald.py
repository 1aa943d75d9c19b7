"""JournaldHandler against a real systemd-journald started by the test in a
namespace of its own (journald.py), read back with journalctl -o json."""

import pytest
from journald import Journald, unavailable

import picolog
from picolog.handlers import JournaldHandler

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=str(unavailable()))


@pytest.fixture
def jd():
    j = Journald().start()
    try:
        yield j
    finally:
        j.stop()


def make(uname, handler):
    log = picolog.getLogger(uname)
    log.propagate = False
    log.setLevel(picolog.DEBUG)
    log.addHandler(handler)
    return log


def test_fields_reach_the_journal(jd, uname):
    h = JournaldHandler(socket_path=jd.socket, identifier="pltest", facility=16)
    log = make(uname, h)
    extra = {"request.id": "r-7", "body": "a\nb", "_x": "y", ".span": "s-1"}
    log.error("disk %s full", "/var", extra=extra)
    log.debug("second")
    h.flush()
    got = jd.wait_for(2, SYSLOG_IDENTIFIER="pltest")
    st = h.stats()
    h.close()
    assert st["sent"] == 2 and st["dropped_unreachable"] == 0
    first = got[0]
    assert first["MESSAGE"] == "disk /var full"
    assert first["PRIORITY"] == "3"
    assert first["SYSLOG_FACILITY"] == "16"
    assert first["LOGGER"] == uname
    assert first["REQUEST_ID"] == "r-7"
    assert first["BODY"] == "a\nb"
    assert first["X"] == "y"
    # A key whose first character becomes '_' keeps its field: journald
    # ignores a client's field named with a leading '_'.
    assert first["SPAN"] == "s-1"
    assert first["CODE_FILE"].endswith("test_journald.py")
    assert first["CODE_FUNC"] == "test_fields_reach_the_journal"
    assert int(first["CODE_LINE"]) > 0
    assert got[1]["MESSAGE"] == "second" and got[1]["PRIORITY"] == "7"


def test_many_records_and_a_large_one_through_a_memfd(jd, uname):
    h = JournaldHandler(socket_path=jd.socket, identifier="plbulk")
    log = make(uname, h)
    n = 2000
    for i in range(n):
        log.info("rec %d", i)
    big = "x" * (16 << 20)  # larger than any datagram
    log.warning(big)
    h.flush()
    got = jd.wait_for(n + 1, SYSLOG_IDENTIFIER="plbulk")
    st = h.stats()
    h.close()
    assert st["sent"] == n + 1 and st["sent_memfd"] == 1
    messages = [e["MESSAGE"] for e in got]
    assert messages[:n] == [f"rec {i}" for i in range(n)]
    # journalctl shows a value this large as null unless asked for all; its
    # size is in the entry either way.
    assert len(got) == n + 1


def test_a_record_with_more_fields_than_journald_takes(jd, uname):
    # journald ignores a whole entry of more than 1024 fields: the record
    # arrives with the fields that fit and the count of those left out.
    h = JournaldHandler(socket_path=jd.socket, identifier="plwide")
    log = make(uname, h)
    log.warning("wide", extra={f"k{i}": str(i) for i in range(1100)})
    log.warning("after")
    h.flush()
    # journald stores entries in the order it reads them: once "after" is
    # there, so is "wide" if it was kept.
    jd.wait_for(1, SYSLOG_IDENTIFIER="plwide", MESSAGE="after")
    got = jd.entries(SYSLOG_IDENTIFIER="plwide")
    st = h.stats()
    h.close()
    assert st["sent"] == 2
    assert [e["MESSAGE"] for e in got] == ["wide", "after"]
    wide = got[0]
    assert wide["K0"] == "0" and "K1100" not in wide
    kept = sum(1 for k in wide if k.startswith("K") and k[1:].isdigit())
    assert int(wide["PICOLOG_FIELDS_DROPPED"]) == 1100 - kept > 0


def test_absent_journald_is_counted(tmp_path, uname):
    h = JournaldHandler(socket_path=str(tmp_path / "nobody"))
    log = make(uname, h)
    log.warning("lost")
    h.flush()
    st = h.stats()
    h.close()
    assert st["dropped_unreachable"] == 1 and st["sent"] == 0

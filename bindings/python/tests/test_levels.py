"""Level names, custom levels and disable(), compared with logging."""

import logging
import sys

from support import attached

import picolog
from picolog.handlers import SysLogHandler


def test_standard_names_and_numbers():
    for name in ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG", "NOTSET"):
        assert getattr(picolog, name) == getattr(logging, name)
        assert picolog.getLevelName(getattr(picolog, name)) == name
        assert picolog.getLevelName(name) == getattr(logging, name)
    assert picolog.FATAL == logging.FATAL and picolog.WARN == logging.WARN
    assert picolog.TRACE == 5 and picolog.getLevelName(5) == "TRACE"
    assert picolog.getLevelName(33) == logging.getLevelName(33) == "Level 33"
    assert picolog.getLevelName("nope") == logging.getLevelName("nope") == "Level nope"
    mapping = picolog.getLevelNamesMapping()
    assert mapping["WARN"] == 30 and mapping["TRACE"] == 5


def test_custom_level_names_match_logging(both, uname):
    def scenario(log, path, name, setup):
        log.addLevelName(23, f"NOTICE{name[-3:]}")
        lg = log.getLogger(name)
        setup.file(lg, "%(levelname)s %(levelno)d %(message)s")
        lg.setLevel(23)
        lg.log(22, "below")
        lg.log(23, "custom")
        lg.log(24, "unnamed")
        lg.setLevel(f"NOTICE{name[-3:]}")
        lg.log(23, "by name")

    expected, got = both.run(scenario, uname)
    assert got == expected and got.count("\n") == 3
    assert picolog.getLevelName(f"NOTICE{uname[-3:]}") == 23


def test_disable_drops_everything_at_or_below(uname, list_handler):
    lg = picolog.getLogger(uname)
    h = list_handler()
    lg.addHandler(h)
    try:
        picolog.disable(picolog.ERROR)
        assert not lg.isEnabledFor(picolog.ERROR)
        lg.error("dropped")
        lg.critical("kept")
        picolog.disable()
        lg.critical("dropped too")
        picolog.disable(picolog.NOTSET)
        lg.warning("back")
    finally:
        picolog.disable(picolog.NOTSET)
        lg.removeHandler(h)
    assert [r.getMessage() for r in h.records] == ["kept", "back"]


def test_trace_method(uname, list_handler):
    lg = picolog.getLogger(uname)
    h = list_handler()
    with attached(lg, h, close=False):
        lg.trace("hidden")
        lg.setLevel(picolog.TRACE)
        lg.trace("shown %d", 5)
    assert [(r.levelname, r.getMessage()) for r in h.records] == [("TRACE", "shown 5")]


def test_names_given_from_c_are_the_names_python_reports(uname):
    from picolog._ffi import lib

    # A level Python named first, then renamed from C (or Rust): the table is
    # one, so Python reports the name records carry.
    picolog.addLevelName(27, "NOTICE27")
    assert lib.picolog_add_level_name(27, b"NOTE27") == 0
    assert picolog.getLevelName(27) == "NOTE27"
    assert picolog.getLevelName("NOTE27") == 27
    # A name C moves to another level is looked up where C has it now.
    assert lib.picolog_add_level_name(28, b"NOTICE27") == 0
    assert picolog.getLevelName("NOTICE27") == 28
    lg = picolog.getLogger(uname)
    lg.setLevel("NOTICE27")
    assert lg.level == 28


def test_levels_beyond_the_c_range_compare_as_in_logging(both, uname):
    # Levels are 32-bit in C; logging takes any int, and disable(sys.maxsize)
    # is a common way to silence everything.
    def scenario(log, path, name, setup):
        lg = log.getLogger(name)
        child = log.getLogger(f"{name}.child")
        handler = setup.file(lg, "%(message)s")
        log.disable(sys.maxsize)
        assert log.root.manager.disable == sys.maxsize
        lg.log(2**40, "dropped: disabled")
        lg.critical("dropped: disabled")
        log.disable(log.NOTSET)
        lg.setLevel(sys.maxsize)
        assert lg.level == lg.getEffectiveLevel() == child.getEffectiveLevel() == sys.maxsize
        assert not lg.isEnabledFor(2**40) and lg.isEnabledFor(2**70) and not lg.isEnabledFor(50)
        lg.critical("dropped: below the logger's level")
        lg.log(2**40, "dropped: below the logger's level")
        lg.log(sys.maxsize, "kept at sys.maxsize")
        lg.setLevel(2**40)
        lg.log(2**35, "dropped: below 2**40")
        lg.log(2**41, "kept above 2**40")
        child.log(2**41, "kept from the child")
        lg.setLevel(log.NOTSET)
        handler.setLevel(2**40)
        assert handler.level == 2**40
        lg.critical("dropped by the handler")
        handler.setLevel(log.NOTSET)
        lg.critical("kept again")

    expected, got = both.run(scenario, uname)
    assert got == expected and got.count("\n") == 4


def test_names_of_levels_beyond_the_c_range():
    assert picolog.getLevelName(2**40) == logging.getLevelName(2**40) == "Level 1099511627776"
    picolog.addLevelName(2**41, "HUGE41")
    logging.addLevelName(2**41, "HUGE41")
    for log in (logging, picolog):
        assert log.getLevelName(2**41) == "HUGE41"
        assert log.getLevelName("HUGE41") == 2**41
    assert picolog.getLevelNamesMapping()["HUGE41"] == 2**41  # logging has it from 3.11
    # A named level beyond C's range leaves a SysLogHandler's severities to
    # the levels records can carry.
    SysLogHandler(address=("127.0.0.1", 9)).close()

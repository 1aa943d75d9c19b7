"""LoggerAdapter, compared with logging's."""

import logging

import pytest
from support import attached

import picolog


def test_adapter_matches_logging(both, uname):
    def scenario(log, path, name, setup):
        class Prefix(log.LoggerAdapter):
            def process(self, msg, kwargs):
                return f"[{self.extra['req']}] {msg}", kwargs

        lg = log.getLogger(name)
        setup.file(lg, "%(req)s %(funcName)s:%(lineno)d %(levelname)s %(message)s")
        plain = log.LoggerAdapter(lg, {"req": "r1"})
        plain.warning("hello %s", "adapter")
        plain.error("err")
        plain.setLevel(log.DEBUG)
        plain.debug("debug")
        assert plain.isEnabledFor(log.DEBUG) and plain.getEffectiveLevel() == log.DEBUG
        prefixed = Prefix(lg, {"req": "r2"})
        prefixed.info("processed", extra={"req": "r2"})
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError:
            plain.exception("boom")
        plain.log(log.CRITICAL, "via log")

    expected, got = both.run(scenario, uname)
    assert got == expected
    assert "scenario:" in got


def test_adapter_attributes(uname):
    lg = picolog.getLogger(uname)
    ad = picolog.LoggerAdapter(lg, {"a": 1})
    assert ad.name == uname and ad.manager is lg.manager
    assert not ad.hasHandlers() or lg.hasHandlers()
    lg.setLevel(picolog.ERROR)
    assert repr(ad) == f"<LoggerAdapter {uname} (ERROR)>"
    # logging's form: the class, the logger's name and its effective level.
    std = logging.LoggerAdapter(logging.getLogger(uname), {"a": 1})
    logging.getLogger(uname).setLevel(logging.ERROR)
    assert repr(std) == repr(ad)


def test_adapter_warn_is_deprecated_warning(uname, list_handler):
    lg = picolog.getLogger(uname)
    h = list_handler()
    with attached(lg, h, close=False):
        with pytest.warns(DeprecationWarning, match="'warn' method is deprecated"):
            picolog.LoggerAdapter(lg, {"a": 1}).warn("old %s", "name")
    assert [(r.levelname, r.getMessage(), r.a) for r in h.records] == [("WARNING", "old name", 1)]
    assert h.records[0].funcName == "test_adapter_warn_is_deprecated_warning"


def test_adapter_manager_is_its_loggers(uname):
    lg = picolog.getLogger(uname)
    inner = picolog.LoggerAdapter(lg)
    outer = picolog.LoggerAdapter(inner)
    other = object()
    outer.manager = other
    try:
        assert outer.manager is inner.manager is lg.manager is other
    finally:
        outer.manager = picolog.Logger.manager
    assert outer.manager is lg.manager is picolog.root.manager


def test_adapter_class_is_generic():
    # Python 3.11's logging.LoggerAdapter[Logger], as typeshed annotates it;
    # a subclass of the alias is an adapter.
    alias = picolog.LoggerAdapter[picolog.Logger]
    assert alias.__origin__ is picolog.LoggerAdapter

    class Typed(picolog.LoggerAdapter[picolog.Logger]):
        pass

    assert Typed.__mro__[1] is picolog.LoggerAdapter

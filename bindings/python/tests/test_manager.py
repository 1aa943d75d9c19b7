"""Manager: picolog.root.manager is the process's one registry; a Manager
made directly keeps standalone loggers of its own. And picolog exports every
name logging exports."""

import logging

import pytest
from support import ListHandler, attached

import picolog


def test_a_manager_of_ones_own_keeps_its_own_loggers(uname):
    logged = []

    class Recording(picolog.Logger):
        def _log(self, level, msg, args, exc_info=None, extra=None):
            logged.append(msg)

    man = picolog.Manager(None)
    with pytest.raises(TypeError):
        man.setLoggerClass(int)
    man.setLoggerClass(Recording)
    mine = man.getLogger(uname)
    assert man.getLogger(uname) is mine and man.loggerDict == {uname: mine}
    assert isinstance(mine, Recording) and mine.parent is None
    shared = picolog.getLogger(uname)
    assert shared is not mine
    handler = ListHandler()
    with attached(shared, handler):
        mine.warning("to the manager's logger")
        shared.warning("to the registry's")
    assert logged == ["to the manager's logger"]
    assert [r.getMessage() for r in handler.records] == ["to the registry's"]
    assert picolog.getLoggerClass() is picolog.Logger


def test_a_manager_of_ones_own_does_not_disable_the_process(uname):
    man = picolog.Manager(None)
    man.disable = picolog.CRITICAL
    assert picolog.root.manager.disable == 0
    assert picolog.getLogger(uname).isEnabledFor(picolog.ERROR)


def test_record_factory_attribute():
    man = picolog.Manager(None)
    factory = object()
    man.setLogRecordFactory(factory)
    assert man.logRecordFactory is factory


def test_the_registrys_manager(uname):
    man = picolog.root.manager
    assert man.getLogger(uname) is picolog.getLogger(uname)
    assert man.loggerDict[uname] is picolog.getLogger(uname)


def test_every_name_logging_exports_is_exported():
    missing = [name for name in logging.__all__ if name not in picolog.__all__]
    assert missing == []
    assert all(hasattr(picolog, name) for name in picolog.__all__)


def test_the_logger_class_names_the_manager_and_root(uname):
    # logging.Logger.manager.loggerDict is how code lists the loggers made so
    # far; manager and root are class attributes that an instance may shadow.
    for log in (logging, picolog):
        lg = log.getLogger(uname)
        assert log.Logger.manager is lg.manager is log.root.manager
        assert log.Logger.manager.loggerDict[uname] is lg
        assert log.Logger.root is lg.root is log.root
        other = object()
        lg.manager = other
        assert lg.manager is other and log.getLogger(uname + ".x").manager is log.Logger.manager
        del lg.manager
        assert lg.manager is log.Logger.manager

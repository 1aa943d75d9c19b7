"""Loggers: hierarchy, levels, propagate, disabled - compared with logging."""

import logging

from support import ListHandler, attached

import picolog

FMT = "%(name)s|%(levelname)s|%(levelno)d|%(message)s|%(funcName)s|%(lineno)d|%(module)s"


def test_hierarchy_propagate_and_levels_match_logging(both, uname, call_path):
    def scenario(log, path, name, setup):
        top = log.getLogger(name)
        mid = log.getLogger(f"{name}.mid")
        leaf = log.getLogger(f"{name}.mid.leaf")
        other = log.getLogger(f"{name}.other")
        top_h = log.FileHandler(path)
        top_h.setFormatter(log.Formatter("top:" + FMT))
        mid_h = log.FileHandler(path)
        mid_h.setFormatter(log.Formatter("mid:" + FMT))
        mid_h.setLevel(log.WARNING)
        setup.attach(top, top_h)
        setup.attach(mid, mid_h)
        top.setLevel(log.DEBUG)
        leaf.debug("leaf debug %d", 1)
        leaf.info("leaf info")
        leaf.warning("leaf warning %s", "x")
        mid.propagate = False
        leaf.error("not to top")
        mid.propagate = True
        other.setLevel("ERROR")
        other.warning("dropped")
        other.error("kept %(k)s", {"k": "mapping"})
        top.setLevel(log.INFO)
        leaf.debug("dropped by effective level")
        leaf.log(25, "level 25")
        leaf.disabled = True
        leaf.critical("disabled")
        leaf.disabled = False
        leaf.critical("enabled again")

    expected, got = both.run(scenario, uname)
    assert got == expected
    assert got.count("\n") == 9


def test_logger_attributes(uname):
    parent = picolog.getLogger(f"{uname}.a")
    lg = picolog.getLogger(f"{uname}.a.b")
    assert lg is picolog.getLogger(f"{uname}.a.b")
    assert lg.name == f"{uname}.a.b"
    assert lg.parent is parent
    assert picolog.getLogger(uname).parent is picolog.root
    assert picolog.root.parent is None
    assert picolog.getLogger() is picolog.root
    assert picolog.getLogger("root") is picolog.root
    assert picolog.root.name == "root"
    assert lg.getChild("c") is picolog.getLogger(f"{uname}.a.b.c")
    assert picolog.root.getChild(uname) is picolog.getLogger(uname)
    assert lg.level == picolog.NOTSET
    assert lg.getEffectiveLevel() == picolog.root.getEffectiveLevel()
    picolog.getLogger(uname).setLevel(picolog.DEBUG)
    assert lg.getEffectiveLevel() == picolog.DEBUG
    assert lg.isEnabledFor(picolog.DEBUG) and not lg.isEnabledFor(picolog.TRACE)
    lg.level = "TRACE"
    assert lg.level == picolog.TRACE and lg.isEnabledFor(picolog.TRACE)
    assert lg.propagate is True and lg.disabled is False
    assert not lg.hasHandlers() or picolog.root.hasHandlers()
    assert repr(lg) == f"<Logger {uname}.a.b (TRACE)>"


def test_parent_created_after_child_is_linked(uname):
    child = picolog.getLogger(f"{uname}.x.y")
    assert child.parent is picolog.root
    parent = picolog.getLogger(f"{uname}.x")
    assert child.parent is parent
    parent.setLevel(picolog.ERROR)
    assert child.getEffectiveLevel() == picolog.ERROR


def test_bad_levels_and_names_raise(uname):
    lg = picolog.getLogger(uname)
    try:
        lg.setLevel("NO_SUCH_LEVEL")
    except ValueError as exc:
        assert "Unknown level" in str(exc)
    else:
        raise AssertionError("expected ValueError")
    for bad, kind in ((-1, ValueError), (1.5, TypeError)):
        try:
            lg.setLevel(bad)
        except kind:
            pass
        else:
            raise AssertionError(f"expected {kind} for {bad!r}")
    try:
        picolog.getLogger(3)
    except TypeError:
        pass
    else:
        raise AssertionError("expected TypeError")
    try:
        lg.log("INFO", "x")
    except TypeError:
        pass
    else:
        raise AssertionError("expected TypeError")


def test_has_handlers_and_handlers_list(uname, list_handler):
    top = picolog.getLogger(uname)
    leaf = picolog.getLogger(f"{uname}.leaf")
    top.propagate = True
    h = list_handler()
    assert h not in top.handlers
    top.addHandler(h)
    with attached(top, h, close=False):
        assert top.handlers == [h]
        assert leaf.hasHandlers()
        leaf.propagate = False
        assert not leaf.hasHandlers()
        leaf.propagate = True
        std = logging.StreamHandler()
        top.addHandler(std)
        assert top.handlers == [h, std]
        top.removeHandler(std)
        assert top.handlers == [h]
    assert top.handlers == []
    top.removeHandler(h)


def test_handlers_setter_replaces_the_list(uname, list_handler):
    lg = picolog.getLogger(uname)
    a, b = list_handler(), list_handler()
    lg.addHandler(a)
    lg.handlers = [b]
    assert lg.handlers == [b]
    lg.handlers = []
    assert lg.handlers == []


def test_a_logger_made_directly_stands_alone(uname):
    results = []
    for mod in (logging, picolog):
        registered = mod.getLogger(uname)
        alone = mod.Logger(uname, mod.INFO)
        seen = ListHandler() if mod is picolog else _StdList()
        alone.addHandler(seen)
        alone.info("mine")
        alone.debug("below")
        results.append(
            (
                alone is not registered,
                alone.parent,
                alone.level,
                registered.level,
                alone.hasHandlers(),
                [r.getMessage() for r in seen.records],
                mod.getLogger(uname) is registered,
            )
        )
        alone.removeHandler(seen)
        assert not alone.hasHandlers()
    assert results[0] == results[1] == (True, None, 20, 0, True, ["mine"], True)


class _StdList(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_call_handlers_as_logging(uname):
    # Logger.callHandlers(record): the handlers of the logger and of its
    # parents while propagate allows, each at its own level, whatever the
    # loggers' levels and filters; with none, the last resort. A Logger
    # subclass's handle() calls it after choosing records itself.
    seen = {}
    for log in (logging, picolog):
        kept = seen[log] = []

        class Keeper(log.Handler):
            def emit(self, record, kept=kept):
                kept.append((self.name, record.getMessage()))

        class Choosy(log.Logger):
            def handle(self, record):
                if "skip" not in record.msg:
                    self.callHandlers(record)

        top = log.getLogger(uname)
        top.setLevel(log.CRITICAL)
        top.addFilter(lambda record: False)
        log.setLoggerClass(Choosy)
        try:
            child = log.getLogger(uname + ".choosy")
        finally:
            log.setLoggerClass(log.Logger)
        child.setLevel(log.DEBUG)
        low, high = Keeper(), Keeper(log.ERROR)
        low.name, high.name = "low", "high"
        child.addHandler(low)
        top.addHandler(high)
        try:
            child.error("error")
            child.info("info")
            child.error("skip this")
            child.propagate = False
            child.error("alone")
            child.removeHandler(low)
            resort, log.lastResort = log.lastResort, Keeper()
            log.lastResort.name = "resort"
            try:
                child.callHandlers(log.makeLogRecord({"msg": "nobody", "levelno": 30}))
            finally:
                log.lastResort = resort
        finally:
            child.removeHandler(low)
            top.removeHandler(high)
    assert seen[picolog] == seen[logging]
    assert seen[logging] == [
        ("low", "error"),
        ("high", "error"),
        ("low", "info"),
        ("low", "alone"),
        ("resort", "nobody"),
    ]

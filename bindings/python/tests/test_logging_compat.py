"""Behaviours of logging that code relies on, checked against logging itself."""

import io
import logging
import os
import re
import weakref

import pytest

import picolog


def _stream_logger(mod, name, handler_class, formatter):
    stream = io.StringIO()
    h = handler_class(stream)
    h.setFormatter(formatter)
    log = mod.getLogger(name)
    log.propagate = False
    log.addHandler(h)
    return log, h, stream


@pytest.mark.parametrize("mod", [logging, picolog])
def test_a_handler_overriding_handle_gets_the_records(mod, uname):
    class Recording(mod.NullHandler):
        def __init__(self):
            super().__init__()
            self.records = []

        def handle(self, record):
            self.records.append(record)

    h = Recording()
    log = mod.getLogger(f"{uname}.{mod.__name__}")
    log.addHandler(h)
    log.error("kept %d", 1)
    log.removeHandler(h)
    assert [r.getMessage() for r in h.records] == ["kept 1"]


def test_a_formatters_format_exception_is_used(uname):
    class Short(logging.Formatter):
        def formatException(self, ei):
            return f"Got a [{ei[0].__name__}]"

    out = []
    for mod in (logging, picolog):
        fmt = type("Short", (mod.Formatter,), {"formatException": Short.formatException})
        log, h, stream = _stream_logger(mod, f"{uname}.{mod.__name__}", mod.StreamHandler, fmt())
        try:
            raise RuntimeError("x")
        except RuntimeError:
            log.exception("failed")
        log.removeHandler(h)
        out.append(stream.getvalue())
    assert out[0] == out[1] == "failed\nGot a [RuntimeError]\n"


def test_an_emit_that_rewrites_msg_is_formatted_anew(uname):
    out = []
    for mod in (logging, picolog):

        class Tagging(mod.StreamHandler):
            def emit(self, record):
                record.msg += " tagged"
                super().emit(record)

        log, h, stream = _stream_logger(mod, f"{uname}.{mod.__name__}", Tagging, mod.Formatter())
        log.warning("some %s", "log")
        log.removeHandler(h)
        out.append(stream.getvalue())
    assert out[0] == out[1] == "some log tagged\n"


def test_shutdown_with_a_handler_list_closes_just_those():
    calls = []

    class Fake:
        def __getattr__(self, name):
            return lambda: calls.append(name)

    fake = Fake()
    picolog.shutdown(handlerList=[weakref.ref(fake)])
    assert calls == ["acquire", "flush", "close", "release"]


def test_disable_takes_level_names_and_the_manager_shares_it(uname):
    log = picolog.getLogger(uname)
    try:
        picolog.disable("WARN")
        assert picolog.root.manager.disable == picolog.WARNING
        assert not log.isEnabledFor(picolog.WARNING)
        log.manager.disable = picolog.NOTSET
        assert log.isEnabledFor(picolog.ERROR) and picolog.root.manager.disable == 0
        with pytest.raises(TypeError):
            picolog.disable(object())
    finally:
        picolog.disable(picolog.NOTSET)


def test_filters_can_be_assigned(uname):
    log = picolog.getLogger(uname)
    f = picolog.Filter("x")
    log.filters = [f]
    assert log.filters == [f]
    log.filters = []
    assert log.filters == []


def test_a_bad_level_is_silent_without_raise_exceptions(uname):
    log = picolog.getLogger(uname)
    with pytest.raises(TypeError):
        log.log("10", "x")
    picolog.raiseExceptions = False
    try:
        log.log("10", "x")
    finally:
        picolog.raiseExceptions = True


def test_make_log_record_honours_the_record_switches():
    saved = picolog.logThreads, picolog.logProcesses, picolog.logMultiprocessing
    picolog.logThreads = picolog.logProcesses = picolog.logMultiprocessing = False
    try:
        r = picolog.makeLogRecord({})
    finally:
        picolog.logThreads, picolog.logProcesses, picolog.logMultiprocessing = saved
    assert (r.thread, r.threadName, r.process, r.processName) == (None, None, None, None)
    assert picolog.makeLogRecord({}).thread is not None


@pytest.mark.parametrize("mod", [logging, picolog])
def test_a_logging_errors_call_stack_starts_at_the_code_that_logged(mod, uname, capsys):
    # handleError's "Call stack:" leaves out the logging machinery.
    class Failing(mod.Formatter):
        def format(self, record):
            raise RuntimeError("format bug")

    log, h, _ = _stream_logger(mod, f"{uname}.{mod.__name__}", mod.StreamHandler, Failing())
    log.error("failing")
    log.removeHandler(h)
    err = capsys.readouterr().err
    stack = err.split("Call stack:\n")[1].split("Message: ")[0]
    files = re.findall(r'File "([^"]+)"', stack)
    machinery = {os.path.dirname(logging.__file__), os.path.dirname(picolog.__file__)}
    assert files[-1] == __file__
    assert not machinery.intersection(os.path.dirname(f) for f in files)

"""exc_info, stack_info, stacklevel and extra - compared with logging."""

import picolog

FMT = "%(levelname)s %(funcName)s:%(lineno)d %(message)s"


def _helper(lg, level):
    lg.warning("from helper", stacklevel=level)


def test_exc_info_forms_match_logging(both, uname):
    def scenario(log, path, name, setup):
        lg = log.getLogger(name)
        setup.file(lg, FMT)
        try:
            {}["missing"]
        except KeyError as exc:
            lg.exception("exception() %s", 1)
            lg.error("exc_info=True", exc_info=True)
            lg.error("instance", exc_info=exc)
            saved = (type(exc), exc, exc.__traceback__)
        lg.warning("tuple", exc_info=saved)
        lg.error("no active exception", exc_info=True)
        try:
            try:
                raise ValueError("inner")
            except ValueError as inner:
                raise RuntimeError("outer") from inner
        except RuntimeError:
            lg.critical("chained", exc_info=True)

    expected, got = both.run(scenario, uname)
    assert got == expected
    assert "Traceback (most recent call last)" in got
    assert "The above exception was the direct cause" in got


def test_stack_info_and_stacklevel_match_logging(both, uname):
    def scenario(log, path, name, setup):
        lg = log.getLogger(name)
        setup.file(lg, FMT)
        lg.warning("with stack", stack_info=True)
        _helper(lg, 1)
        _helper(lg, 2)
        _helper(lg, 50)

    expected, got = both.run(scenario, uname)
    assert got == expected
    assert "Stack (most recent call last):" in got
    assert "_helper:" in got and "scenario:" in got


def test_extra_matches_logging(both, uname):
    def scenario(log, path, name, setup):
        lg = log.getLogger(name)
        setup.file(lg, "%(user)s %(n)s %(message)s")
        lg.warning("hello %s", "x", extra={"user": "ann", "n": 3})
        lg.warning("unicode", extra={"user": "\u00e9", "n": [1, 2]})
        setup.file(lg, "{user}-{message}", style="{")
        lg.error("brace", extra={"user": "bob", "n": None})

    expected, got = both.run(scenario, uname)
    assert got == expected


def test_reserved_extra_keys_raise_key_error(uname):
    lg = picolog.getLogger(uname)
    for key in ("message", "asctime", "name", "levelno", "lineno", "msg", "args"):
        try:
            lg.error("x", extra={key: 1})
        except KeyError as exc:
            assert "Attempt to overwrite" in str(exc)
        else:
            raise AssertionError(f"expected KeyError for {key}")


def test_python_handler_sees_the_original_objects(uname, list_handler):
    lg = picolog.getLogger(uname)
    h = list_handler()
    lg.addHandler(h)
    payload = object()
    try:
        try:
            raise OSError("boom")
        except OSError:
            lg.error("value %s", 42, exc_info=True, extra={"payload": payload})
        lg.warning("%(a)s", {"a": "b"})
    finally:
        lg.removeHandler(h)
    first, second = h.records
    assert first.msg == "value %s" and first.args == (42,)
    assert first.getMessage() == "value 42"
    assert first.exc_info[0] is OSError
    assert first.payload is payload
    assert first.exc_text.startswith("Traceback") and first.exc_text.endswith("OSError: boom")
    assert second.args == {"a": "b"} and second.getMessage() == "b"


def test_message_formatting_errors_are_reported_not_raised(uname, capsys):
    lg = picolog.getLogger(uname)
    lg.error("%d", "not a number")
    err = capsys.readouterr().err
    assert "--- Logging error ---" in err and "not a number" in err


class _Unprintable:
    def __str__(self):
        raise RuntimeError("no text for this message")


def test_a_message_whose_str_fails_is_reported_not_raised(both, uname, call_path, capsys):
    def scenario(log, path, name, setup):
        lg = log.getLogger(name)
        setup.file(lg, FMT)
        lg.error(_Unprintable())
        lg.log(log.ERROR, _Unprintable())
        lg.error(_Unprintable(), extra={"k": 1})
        lg.handle(log.makeLogRecord({"name": name, "levelno": 40, "msg": _Unprintable()}))
        lg.error("after")

    expected, got = both.run(scenario, uname)
    assert got == expected == "ERROR scenario:120 after\n"
    err = capsys.readouterr().err
    assert err.count("--- Logging error ---") == 8 and "no text for this message" in err

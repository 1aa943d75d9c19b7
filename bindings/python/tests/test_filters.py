"""Filters on loggers and handlers: Filter(name), subclasses, callables."""

import picolog

FMT = "%(name)s %(message)s"


def test_filters_match_logging(both, uname):
    def scenario(log, path, name, setup):
        class OddOnly(log.Filter):
            def filter(self, record):
                return record.n % 2 == 1

        top = log.getLogger(name)
        h = setup.file(top, FMT)
        h.addFilter(log.Filter(f"{name}.a"))
        top.getChild("a").warning("passes name filter")
        top.getChild("ab").warning("blocked: not a child of a")
        top.getChild("a.b").warning("passes: grandchild")
        h.removeFilter(h.filters[0])
        odd = OddOnly()
        top.addFilter(odd)
        for n in range(4):
            top.warning("odd %d", n, extra={"n": n})
        top.removeFilter(odd)

        def no_secret(record):
            return "secret" not in record.getMessage()

        h.addFilter(no_secret)
        top.warning("public")
        top.warning("a secret")
        h.removeFilter(no_secret)
        top.warning("secret after removal")

    expected, got = both.run(scenario, uname)
    assert got == expected and got.count("\n") == 6


def test_filter_sees_a_log_record_and_can_drop(uname, list_handler):
    lg = picolog.getLogger(uname)
    seen = []

    class Recorder:
        def filter(self, record):
            seen.append((record.name, record.levelname, record.getMessage(), record.funcName))
            return record.levelno >= picolog.ERROR

    rec = Recorder()
    h = list_handler()
    lg.addHandler(h)
    lg.addFilter(rec)
    lg.addFilter(rec)
    try:
        assert lg.filters == [rec]
        lg.warning("w %d", 1)
        lg.error("e")
    finally:
        lg.removeFilter(rec)
        lg.removeHandler(h)
    assert seen == [
        (uname, "WARNING", "w 1", "test_filter_sees_a_log_record_and_can_drop"),
        (uname, "ERROR", "e", "test_filter_sees_a_log_record_and_can_drop"),
    ]
    assert [r.getMessage() for r in h.records] == ["e"]
    assert lg.filters == []


def test_failing_filter_is_reported_and_drops(uname, list_handler, capsys):
    lg = picolog.getLogger(uname)
    h = list_handler()
    lg.addHandler(h)

    def broken(record):
        raise RuntimeError("filter bug")

    h.addFilter(broken)
    try:
        lg.warning("x")
    finally:
        lg.removeHandler(h)
    assert h.records == []
    assert "filter bug" in capsys.readouterr().err


def test_not_a_filter_is_rejected(uname):
    try:
        picolog.getLogger(uname).addFilter(42)
    except TypeError:
        pass
    else:
        raise AssertionError("expected TypeError")


def test_filterer_filter_runs_in_python():
    f = picolog.Filterer()
    f.addFilter(picolog.Filter("a"))
    rec = picolog.makeLogRecord({"name": "a.b"})
    assert f.filter(rec)
    rec.name = "b"
    assert not f.filter(rec)

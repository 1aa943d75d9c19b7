"""basicConfig, captureWarnings and the module-level functions, compared with logging."""

import io
import logging
import warnings

import pytest

import picolog


@pytest.fixture(autouse=True)
def _restore(clean_root):
    yield


def _config_scenario(**kwargs):
    def scenario(log, path, name, setup):
        log.basicConfig(filename=path, force=True, **kwargs)
        lg = log.getLogger(name)
        lg.debug("debug %s", name[:2])
        lg.info("info")
        lg.warning("warning")
        log.warning("module-level %d", 7)
        log.error("module error")
        for h in log.getLogger().handlers[:]:
            log.getLogger().removeHandler(h)
            h.close()

    return scenario


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"level": logging.DEBUG},
        {"level": "INFO", "format": "%(levelname)s:%(name)s:%(message)s"},
        {"format": "{levelname}|{message}", "style": "{"},
        {"format": "$levelname|$message", "style": "$"},
        {"format": "%(asctime)s %(message)s", "datefmt": "%Y"},
        {"filemode": "w", "encoding": "utf-8"},
    ],
)
def test_basic_config_variants_match_logging(both, uname, kwargs):
    expected, got = both.run(_config_scenario(**kwargs), uname)
    assert got == expected and got


def test_basic_config_stream_and_handlers(uname):
    stream = io.StringIO()
    picolog.basicConfig(stream=stream, format="%(name)s %(message)s", force=True)
    picolog.getLogger(uname).warning("to the stream")
    assert stream.getvalue() == f"{uname} to the stream\n"
    picolog.basicConfig(stream=io.StringIO())
    assert len(picolog.root.handlers) == 1
    stream2 = io.StringIO()
    h = picolog.StreamHandler(stream2)
    picolog.basicConfig(handlers=[h], force=True, level=picolog.INFO)
    assert picolog.root.handlers == [h] and picolog.root.level == picolog.INFO
    picolog.getLogger(uname).info("via handlers")
    assert stream2.getvalue() == "INFO:" + uname + ":via handlers\n"


def test_basic_config_rejects_bad_arguments():
    with pytest.raises(ValueError, match="Unrecognised argument"):
        picolog.basicConfig(force=True, bogus=1)
    with pytest.raises(ValueError):
        picolog.basicConfig(force=True, filename="x", stream=io.StringIO())
    with pytest.raises(ValueError):
        picolog.basicConfig(force=True, handlers=[], stream=io.StringIO())
    with pytest.raises(ValueError):
        picolog.basicConfig(force=True, style="?")


def test_module_functions_configure_root_once(capfd):
    for h in picolog.root.handlers[:]:
        picolog.root.removeHandler(h)
    picolog.warning("first %s", "call")
    assert len(picolog.root.handlers) == 1
    picolog.flush()
    assert "WARNING:root:first call" in capfd.readouterr().err


def test_capture_warnings(uname, list_handler):
    h = list_handler()
    lg = picolog.getLogger("py.warnings")
    lg.addHandler(h)
    picolog.captureWarnings(True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.warn(f"careful {uname}", UserWarning, stacklevel=1)
    finally:
        picolog.captureWarnings(False)
        lg.removeHandler(h)
    assert len(h.records) == 1
    assert f"UserWarning: careful {uname}" in h.records[0].getMessage()
    assert h.records[0].name == "py.warnings"

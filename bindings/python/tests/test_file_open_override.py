"""A file handler subclass overriding _open (logging's hook for how the file
is opened: a umask, an owner, a header line) has its _open used, as with
logging, for records from every log call."""

import logging
import logging.handlers

import pytest

import picolog
import picolog.handlers


def _headed(base):
    class Headed(base):
        def _open(self):
            stream = base._open(self)
            stream.write("header\n")
            return stream

    return Headed


_KINDS = {
    "file": lambda mod: mod.FileHandler,
    "rotating": lambda mod: mod.handlers.RotatingFileHandler,
    "timed": lambda mod: mod.handlers.TimedRotatingFileHandler,
    "watched": lambda mod: mod.handlers.WatchedFileHandler,
}


@pytest.mark.parametrize("kind", sorted(_KINDS))
@pytest.mark.parametrize("delay", [False, True], ids=["open", "delay"])
def test_an_overridden_open_makes_the_file(tmp_path, uname, kind, delay):
    written = {}
    for mod in (logging, picolog):
        path = tmp_path / f"{mod.__name__}.log"
        handler = _headed(_KINDS[kind](mod))(str(path), delay=delay)
        handler.setFormatter(mod.Formatter("%(levelname)s %(message)s"))
        lg = mod.getLogger(uname)
        lg.addHandler(handler)
        try:
            lg.warning("one")
            lg.error("two %d", 2)
        finally:
            lg.removeHandler(handler)
            handler.close()
        written[mod.__name__] = path.read_text()
    # logging's WatchedFileHandler with delay opens the file again for the
    # second record (its dev and ino are unset until then): so does picolog.
    assert written["picolog"] == written["logging"]
    assert written["picolog"].startswith("header\nWARNING one\n")
    assert written["picolog"].endswith("ERROR two 2\n")

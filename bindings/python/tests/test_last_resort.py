"""picolog.lastResort as logging.lastResort: the records no handler took go
to the handler it names when they come (from Python or from C), None gives
one notice, and the attribute keeps working after shutdown() and gives way
to C's own last resort at exit."""

import io
import subprocess
import sys
import textwrap

import pytest

import picolog
from picolog import lib
from picolog._logger import manager


@pytest.fixture
def lonely(uname):
    """A logger whose records reach no handler."""
    logger = picolog.getLogger(uname)
    logger.propagate = False
    logger.setLevel(picolog.DEBUG)
    saved = picolog.lastResort, picolog.raiseExceptions, manager.emittedNoHandlerWarning
    yield logger
    picolog.lastResort, picolog.raiseExceptions, manager.emittedNoHandlerWarning = saved


class _PythonStderr:
    """What was written to sys.stderr (capsys: Python's stream only, not fd 2,
    where C's built-in last resort writes)."""

    def __init__(self, capsys):
        self.capsys = capsys
        self.text = ""

    def getvalue(self):
        self.text += self.capsys.readouterr().err
        return self.text


@pytest.fixture
def stderr(capsys):
    return _PythonStderr(capsys)


def test_the_default_writes_warnings_to_sys_stderr_of_the_moment(lonely, stderr):
    lonely.info("quiet")
    lonely.warning("Final chance!")
    assert stderr.getvalue() == "Final chance!\n"


def test_a_handler_assigned_gets_what_its_level_allows(lonely, stderr):
    out = io.StringIO()
    handler = picolog.StreamHandler(out)
    handler.setLevel(picolog.INFO)
    handler.setFormatter(picolog.Formatter("%(name)s %(levelname)s %(message)s"))
    picolog.lastResort = handler
    lonely.debug("below")
    lonely.info("kept")
    assert out.getvalue() == f"{lonely.name} INFO kept\n"
    assert stderr.getvalue() == ""


def test_records_logged_from_c_reach_it_too(lonely, stderr):
    out = io.StringIO()
    picolog.lastResort = picolog.StreamHandler(out)
    assert lib.picolog_log(lonely._ptr, picolog.ERROR, b"from C") == 0
    assert out.getvalue() == "from C\n"


def test_a_native_handler_writes_the_record_itself(lonely, tmp_path):
    path = tmp_path / "last.log"
    handler = picolog.FileHandler(str(path))
    handler.setFormatter(picolog.Formatter("%(name)s:%(message)s"))
    picolog.lastResort = handler
    try:
        lonely.warning("to a file")
    finally:
        handler.close()
    assert path.read_text() == f"{lonely.name}:to a file\n"


def test_none_gives_one_notice_while_raise_exceptions(lonely, stderr):
    picolog.lastResort = None
    manager.emittedNoHandlerWarning = False
    lonely.error("dropped")
    lonely.error("dropped again")
    assert stderr.getvalue() == f'No handlers could be found for logger "{lonely.name}"\n'
    manager.emittedNoHandlerWarning = False
    picolog.raiseExceptions = False
    lonely.error("silent")
    assert stderr.getvalue() == f'No handlers could be found for logger "{lonely.name}"\n'


def _run(code):
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_it_works_after_shutdown_and_c_takes_over_at_exit():
    done = _run(
        """
        import atexit, io, sys
        # Registered first, so it runs after picolog's own exit step.
        atexit.register(lambda: picolog.getLogger("late").warning("after exit"))
        import picolog
        out = io.StringIO()
        picolog.lastResort = picolog.StreamHandler(out)
        picolog.shutdown()
        picolog.getLogger("early").warning("after shutdown")
        print(out.getvalue(), end="")
        """
    )
    assert done.stdout == "after shutdown\n"
    assert done.stderr == "after exit\n"


def test_the_default_last_resort_keeps_log_calls_on_their_fast_path():
    # Log calls keep their Python objects for callbacks while any Python
    # handler exists in C; the last resort, which formats the message alone,
    # must not count as one, or every call of every program pays for it.
    code = textwrap.dedent(
        """
        import picolog
        from picolog import _callbacks
        print(_callbacks.live[0])
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"

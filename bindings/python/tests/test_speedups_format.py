"""The C log methods' message formatting (_speedups_format.c): whatever
msg and args a call has, the line written is msg % args exactly as logging
makes it, whether the C formatter writes it or hands it to PyUnicode_Format,
and whether the message's parsed plan was cached by an earlier call."""

import logging
import string
import sys

import pytest
from support import attached

import picolog

pytestmark = pytest.mark.usefixtures("c_methods")


class Text(str):
    def __str__(self):
        return "subclass-str"


class Number(int):
    def __str__(self):
        return "subclass-int"


CASES = [
    ("x=%s", (42,)),
    ("x=%d y=%i", (-7, 0)),
    ("min %d max %d", (-(2**63), 2**63 - 1)),
    ("beyond 64 bits %d %s", (2**64 + 5, -(2**70))),
    ("%s|%s|%s|%s", (True, False, None, "")),
    ("%d%d", (True, False)),
    ("100%% of %s", ("it",)),
    ("%%s stays %s", ("literal",)),
    ("caf\u00e9 %s \u2603 %s", ("na\u00efve", "\U0001f600")),
    ("%s", (Text("t"),)),
    ("%s %d", (Number(3), Number(4))),
    ("%r %a", ("q", "\u00e9")),
    ("%5d|%-4s|%05.1f|%x", (3, "ab", 2.5, 255)),
    ("%s %s %s %s %s %s", (1.5, 0.1, -0.0, 1e300, 1.0, 2.5e-7)),
    ("%s %s %s", (float("inf"), float("-inf"), float("nan"))),
    ("%f %F %e %E %g %G", (3.14159, float("inf"), 12345.678, -0.5, 1e-5, 1e20)),
    ("%.2f %.0f %.f %.3e %.10g %.1G", (2.675, 0.5, 7.7, 1234.5, 1 / 3, 0.05)),
    ("%.2f %f %e", (5, -(2**60), 10**20)),
    ("%.2f %.99f", (True, 0.1)),
    ("%.123f|%.2d|%.3s", (1.0, 5, "abcdef")),
    ("%d %i", (2.7, -3.9)),
    ("%s %s", (1.5, [1, 2])),
    ("%s", ((1, 2),)),
    ("%(k)s and %(n)d", ({"k": "mapped", "n": 5},)),
    ("%s", ({},)),
    ("%s", (b"bytes",)),
    ("long %s " + "y" * 2000, ("arg",)),
    ("x" * 1015 + "%s", ("123456789",)),
    ("%s" * 20, tuple(range(20))),
    ("no conversions", ()),
    ("percent alone % left", ()),
]


def _lines(logger, tmp_path, calls):
    path = tmp_path / "out.log"
    handler = picolog.FileHandler(str(path))
    handler.setFormatter(picolog.Formatter("%(message)s"))
    with attached(logger, handler):
        calls()
        handler.flush()
    return path.read_text(encoding="utf-8", errors="surrogateescape").split("\n")[:-1]


@pytest.fixture
def lg(uname):
    logger = picolog.getLogger(uname)
    logger.propagate = False
    logger.setLevel(picolog.INFO)
    return logger


def _expected(msg, args):
    return logging.LogRecord("n", 20, "f", 1, msg, args, None).getMessage()


def test_every_message_is_msg_percent_args(lg, tmp_path):
    # Twice: the first call of each message parses it, the second finds its
    # plan cached.
    def calls():
        for _ in range(2):
            for msg, args in CASES:
                lg.info(msg, *args)

    assert _lines(lg, tmp_path, calls) == [_expected(m, a) for m, a in CASES] * 2


def test_a_cached_message_takes_whatever_arguments_each_call_has(lg, tmp_path, capsys):
    msg = "first %s then %d, 100%%"
    calls_args = [
        (1, 2),
        ("text", True),
        (1.5, -3),
        (None, 2**64),
        ("only one",),
        (b"b", 7),
        ("again", 0),
    ]

    def calls():
        for args in calls_args:
            lg.info(msg, *args)

    # ("only one",) raises in msg % args: reported, not written.
    wanted = [_expected(msg, a) for a in calls_args if len(a) == 2]
    assert _lines(lg, tmp_path, calls) == wanted
    assert capsys.readouterr().err.count("--- Logging error ---") == 1


def test_literals_of_every_length_keep_their_bytes(lg, tmp_path):
    # The literal around each conversion is copied in pieces chosen by its
    # length: every length up to past the longest piece, with no two bytes
    # alike, and multi-byte characters.
    letters = string.ascii_letters + string.digits
    msgs = [letters[:n] + "%s" + letters[::-1][:n] + "%d" + "\u00e9" * n for n in range(40)]

    def calls():
        for msg in msgs:
            lg.info(msg, "<>", len(msg))

    assert _lines(lg, tmp_path, calls) == [msg % ("<>", len(msg)) for msg in msgs]


def test_messages_beyond_the_cache_are_released(lg, tmp_path):
    # The plan cache holds the messages it parsed (so a freed message's
    # address cannot alias one), a bounded number of them: one pushed out
    # by others is released.
    msg = "".join(["released ", "%s"])  # a new str, not a shared constant
    before = sys.getrefcount(msg)
    others = [f"other {i} %s" for i in range(2048)]

    def calls():
        lg.info(msg, 1)
        held = sys.getrefcount(msg)
        for other in others:
            lg.info(other, 2)
        lg.info("the cache held it: %s", held > before)

    lines = _lines(lg, tmp_path, calls)
    assert lines[0] == "released 1"
    assert lines[-1] == "the cache held it: True"
    assert sys.getrefcount(msg) == before


def test_captured_calls_format_the_same(uname, tmp_path):
    std = logging.getLogger(uname)
    std.propagate = False
    lg = picolog.getLogger(uname)
    lg.propagate = False
    lg.setLevel(picolog.INFO)

    def calls():
        undo = picolog.capture_stdlib()
        try:
            for msg, args in CASES:
                std.info(msg, *args)
        finally:
            undo.close()

    assert _lines(lg, tmp_path, calls) == [_expected(m, a) for m, a in CASES]


@pytest.mark.parametrize(
    ("msg", "args"),
    [
        ("%s %s", (1,)),
        ("%s", (1, 2)),
        ("%d", ("text",)),
        ("ends in %", (1,)),
        ("%.2f", (2**1100,)),
    ],
)
def test_a_message_that_does_not_format_is_reported_not_written(lg, tmp_path, capsys, msg, args):
    def calls():
        lg.info(msg, *args)
        lg.info("after %s", "it")

    assert _lines(lg, tmp_path, calls) == ["after it"]
    assert "--- Logging error ---" in capsys.readouterr().err


def test_a_str_argument_with_lone_surrogates_is_escaped(lg, tmp_path):
    _lines(lg, tmp_path, lambda: lg.info("bad %s end", "\udcff"))
    assert (tmp_path / "out.log").read_bytes() == b"bad \xff end\n"


def test_a_message_longer_than_a_line_is_not_held(lg, tmp_path):
    # Such a message is never written by the C formatter (its literal alone
    # overflows the line), so no plan of it is cached, holding it.
    msg = "".join(["long %s ", "z" * 4000])
    before = sys.getrefcount(msg)

    def calls():
        lg.info(msg, 1)
        lg.info("held: %s", sys.getrefcount(msg) > before)

    assert _lines(lg, tmp_path, calls) == [msg % 1, "held: False"]

"""Writes the hand-made seeds of the fuzz targets into tests/fuzz/corpus/ and
bindings/python/fuzz/corpus/: each seed names the feature it covers. Run it
again after changing the list; reproducers of fixed crashes (crash-*) and,
for the Python target, inputs picked from a fuzz run's corpus (run-*: the
atheris data provider's bytes cannot be written meaningfully by hand) sit
next to the seeds and are not touched here.

    python3 tests/fuzz/make_seeds.py
"""

import pathlib
import struct

ROOT = pathlib.Path(__file__).resolve().parents[2]
US, RS = b"\x1f", b"\x1e"
MIN, MAX = b"-9223372036854775808", b"9223372036854775807"


def record(
    level=b"20",
    created=b"1700000000123456789",
    line=b"42",
    tid=b"4242",
    pid=b"777",
    message=b"hello",
    name=b"app.db",
    thread=b"worker-1",
    file=b"/src/app/db.py",
    func=b"connect",
    exc=b"",
    stack=b"",
    fields=(),
):
    parts = [
        level,
        created,
        line,
        tid,
        pid,
        message,
        name,
        thread,
        file,
        func,
        exc,
        stack,
    ]
    for key, value in fields:
        parts += [key, value]
    return US.join(parts)


RECORDS = {
    "plain": record(),
    "empty": b"",
    "fields": record(fields=[(b"user", b"bob"), (b"request_id", b"r-17")]),
    "exc_stack": record(
        exc=b"Traceback:\n  boom", stack=b"Stack (most recent call last):\n  f()"
    ),
    "nul_message": record(message=b"a\x00b\x00"),
    "latin1": record(message=b"caf\xe9 \xff\xfe", name=b"\xc3\x28", thread=b"\xe2\x82"),
    "utf8": record(
        message="żółw 🐢 \u2028".encode(),
        fields=[("ключ".encode(), "значение".encode())],
    ),
    "surrogate": record(
        message=b"\xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf \xf0\x82\x82\xac"
    ),
    "controls": record(
        message=b'quote " backslash \\ tab \t nl \n cr \r bell \x07 del \x7f'
    ),
    "min_time": record(created=MIN, line=b"-2147483648", tid=b"0", pid=MIN),
    "max_time": record(
        created=MAX, line=b"2147483647", tid=b"18446744073709551615", pid=MAX
    ),
    "before_epoch": record(created=b"-1", level=b"0"),
    "custom_level": record(level=b"1000"),
    "negative_level": record(level=b"-5"),
    "shadowing_fields": record(
        fields=[(b"message", b"shadow"), (b"time", b"x"), (b"", b"")]
    ),
    "long_message": record(message=b"x" * 3000),
    "many_fields": record(fields=[(b"k%d" % i, b"v%d" % i) for i in range(40)]),
    "repeated_fields": record(
        fields=[
            (b"user", b"a"),
            (b"user", b"b"),
            (b"field.user", b"c"),
            (b"k\xff", b"d"),
            (b"k\xef\xbf\xbd", b"e"),
        ]
    ),
    "many_repeated_fields": record(
        fields=[(b"message", b"m%d" % i) for i in range(20)] + [(b"field.message", b"x")]
    ),
}

PATTERNS = {
    "percent_basic": (0, b"%(asctime)s %(levelname)-8s %(name)s: %(message)s", b""),
    "percent_numbers": (
        0,
        b"%(lineno)05d %(levelno)+d %(process)x %(thread)#o %(created).3f %(msecs)03d",
        b"",
    ),
    "percent_relative": (
        0,
        b"%(relativeCreated)f %(relativeCreated)d %(created)e %(msecs)G",
        b"",
    ),
    "percent_text_specs": (
        0,
        b"[%(name)20.3s] [%(message)-10r] [%(funcName)a] %%",
        b"",
    ),
    "percent_all_fields": (
        0,
        (
            b"%(name)s%(levelno)s%(levelname)s%(pathname)s%(filename)s%(module)s%(lineno)s"
            b"%(funcName)s%(created)s%(msecs)s%(relativeCreated)s%(thread)s%(threadName)s"
            b"%(process)s%(message)s%(asctime)s%(exc_text)s%(stack_info)s%(user)s"
        ),
        b"",
    ),
    "percent_datefmt": (0, b"%(asctime)s", b"%Y-%m-%dT%H:%M:%S%z %a %j %%"),
    "percent_bad": (0, b"%(message", b""),
    "percent_bad_type": (0, b"%(lineno)z", b""),
    "percent_star": (0, b"%(lineno)*d", b""),
    "percent_text_as_number": (0, b"%(message)d", b""),
    "percent_huge_width": (0, b"%(message)99999s", b""),
    "percent_precision_int": (0, b"%(lineno).4d %(levelno).70d", b""),
    "percent_literal": (0, b"no fields, 100%% literal", b""),
    "brace_basic": (1, b"{asctime} {levelname:<8} {name}: {message}", b""),
    "brace_specs": (
        1,
        b"{lineno:_>+10,d} {created:^20.4e} {msecs:08.2f} {levelno:#x} {process:b}",
        b"",
    ),
    "brace_percent_type": (
        1,
        b"{created:.2%} {relativeCreated:,.1f} {levelno:n} {created:n}",
        b"",
    ),
    "brace_conversions": (1, b"{message!r:>30} {name!a} {lineno!s:*^9} {user!r}", b""),
    "brace_escapes": (1, b"{{literal}} {message} }}{{", b""),
    "brace_bad": (1, b"{message", b""),
    "brace_single_close": (1, b"message}", b""),
    "brace_positional": (1, b"{0}", b""),
    "brace_attribute": (1, b"{message.upper}", b""),
    "brace_nested": (1, b"{message:{width}}", b""),
    "brace_bad_spec": (1, b"{lineno:d.}", b""),
    "brace_text_with_sign": (1, b"{message:+}", b""),
    "brace_grouping_zero": (1, b"{lineno:0,d}", b""),
    "brace_datefmt": (1, b"{asctime}", b"%H:%M:%S"),
}

# The C API program: opcodes and arguments as capi_fuzz.cpp reads them.
# Opcodes: 0 logger calls, 1 new handler, 2 release, 3 attach, 4 handler
# calls, 5 formatter, 6 filter, 7 logger filter, 8 log, 9 flush/close,
# 10 queue stats, 11 list handlers, 12 levels, 13 level listeners,
# 14 disable, 15 error hook, 16 shutdown, 17 thread name, 18 new queue,
# 19 strings, 20 context push (even byte) or pop (odd byte).
ROOT_LOGGER = bytes([1])


def text(b):
    return bytes([len(b)]) + b


NULL_TEXT = bytes([255])


def log(logger=ROOT_LOGGER, level=3, message=b"hello", how=0):
    return bytes([8]) + logger + bytes([level]) + text(message) + bytes([how])


def log_ex(fields=2, version=0, times=3, nul=0, no_info=0):
    strings = b"".join(
        text(s) for s in [b"f.c", b"fn", b"exc", b"stack", b"k", b"v", b"k2", b"v2"]
    )
    info = strings + bytes([version, 3, fields, times, times, nul, no_info])
    return bytes([8]) + ROOT_LOGGER + bytes([3]) + text(b"msg") + bytes([3]) + info


def context_push(fields, how=2):
    """Opcode 20 pushing `fields`; how 0 passes a NULL array (when there are
    fields), 1 a NULL token."""
    body = b"".join(text(k) + text(v) for k, v in fields)
    return bytes([20, 0, len(fields)]) + body + bytes([how])


def new_null(slot=0):
    return bytes([1, slot, 0, 0])


def new_stream(slot=0, fd=0):
    return bytes([1, slot, 0, 1, fd])


def new_file(slot=0, path=0, version=0, policy=0, buffer=4, with_options=1):
    return bytes(
        [1, slot, 0, 2, path, version, 0, 1, 0, policy, 0, 0, buffer, with_options]
    )


def new_callback(slot=0, shape=0, forward=0):
    # shape: 1 no emit, 2 no options, 8 emit fails, 16 passes records on to
    # the handler in slot `forward`.
    return bytes([1, slot, 0, 3, 0, shape]) + (bytes([forward]) if shape & 16 else b"")


def new_queue(
    slot=1, capacity=4, max_bytes=6, overflow=0, listeners=(0,), options=1, no_array=1
):
    args = bytes(
        [18, slot, 0, capacity, max_bytes, overflow, 0, 1, len(listeners)]
    ) + bytes(listeners)
    if listeners:
        args += bytes([no_array])
    return args + bytes([options])


def attach(logger=ROOT_LOGGER, handler=0, how=0):
    return bytes([3]) + logger + bytes([handler, how])


def named(name):
    # how=3: picolog_get_logger; each character indexes "ab.\0\xffc".
    alphabet = b"ab.\x00\xffc"
    return bytes([3, len(name)]) + bytes(alphabet.index(c) for c in name.encode())


CAPI = {
    "null_handler_log": new_null() + attach() + log(),
    "stream_devnull": new_stream() + attach() + log(level=2) + bytes([9, 0]),
    "stream_bad_fds": new_stream(0, 1) + new_stream(1, 2) + new_stream(2, 3),
    "file_handler": new_file() + attach() + log() + bytes([9, 0, 0]),
    "file_buffered": new_file(policy=1, buffer=3)
    + attach()
    + log()
    + log()
    + bytes([9, 2]),
    "file_bad_paths": new_file(0, 2) + new_file(1, 3) + new_file(2, 4) + new_file(3, 5),
    "file_bad_options": new_file(version=3)
    + new_file(policy=5)
    + new_file(policy=1, buffer=0),
    "callback_handler": new_callback() + attach() + log_ex(),
    "callback_failing": new_callback(shape=8)
    + attach()
    + log()
    + bytes([10, 0, 1, 0, 1]),
    "callback_bad_options": new_callback(shape=1) + new_callback(shape=2),
    "callback_forward": new_file()
    + new_callback(1, shape=16, forward=0)
    + attach(handler=1)
    + log(),
    "callback_forward_queue": new_null()
    + new_queue(slot=1)
    + new_callback(2, shape=16, forward=1)
    + attach(handler=2)
    + log()
    + bytes([9, 0, 1]),
    "queue_of_callback": new_callback()
    + new_queue()
    + attach(handler=1)
    + log()
    + bytes([9, 0, 1]),
    "queue_stats": new_null()
    + new_queue()
    + bytes([10, 1, 1, 0, 1])
    + bytes([10, 0, 1, 0, 1]),
    "queue_drop_policies": new_null()
    + new_queue(capacity=1, overflow=2)
    + attach(handler=1)
    + log() * 4,
    "queue_bad_options": new_queue(capacity=0)
    + new_queue(capacity=8)
    + new_queue(overflow=1),
    "queue_null_array": new_queue(listeners=(0, 4), no_array=0),
    "queue_handler_on_logger": new_null() + attach() + new_queue(),
    "shutdown_then_log": new_null()
    + new_queue()
    + attach(handler=1)
    + bytes([16])
    + log(),
    "close_then_log": new_file() + attach() + bytes([9, 1, 0]) + log(),
    "levels": bytes([0])
    + named("a.b")
    + bytes([0, 4, 0, 2])
    + named("a.b")
    + bytes([3, 3, 3]),
    "logger_null": bytes([0, 0, 3, 0, 0, 0, 0, 3, 0, 0, 1, 0]),
    "logger_nul_name": bytes([0, 2, 3, 0, 3, 1, 0, 0]),
    "logger_flags": bytes([0])
    + named("a")
    + bytes([1, 1, 0])
    + log(logger=named("a.b")),
    "disable": bytes([14, 5]) + log() + bytes([14, 0]),
    "formatters": bytes([5, 0, 0])
    + text(b"%(levelname)s %(message)s")
    + text(b"%H")
    + bytes([0]),
    "formatter_bad": bytes([5, 1, 0])
    + text(b"%(message")
    + NULL_TEXT
    + bytes([1, 5, 0, 0, 0, 0, 5]),
    "formatter_on_handler": bytes([5, 0, 1])
    + new_callback()
    + bytes([4, 0, 1, 0])
    + attach()
    + log(),
    "filters": bytes([6, 0, 0])
    + text(b"a")
    + bytes([6, 1, 1, 2, 5])
    + bytes([6, 2, 2, 1, 0]),
    "filter_on_handler": bytes([6, 0, 2, 0, 0])
    + new_null()
    + bytes([4, 0, 2, 0])
    + attach()
    + log(),
    "filter_on_logger": bytes([6, 0, 1, 2, 3])
    + bytes([7, 1, 0, 1])
    + log()
    + bytes([7, 1, 0, 0]),
    "list_handlers": new_null() + attach() + bytes([11, 1, 4, 11, 1, 0]),
    "level_names": bytes([12, 3])
    + text(b"NOTE")
    + bytes([0, 12, 3])
    + text(b"NOTE")
    + bytes([2, 1]),
    "level_listeners": bytes([13, 0, 1, 1, 13, 0, 1, 0, 13, 0, 0, 1]),
    "error_hook": bytes([15, 1, 15, 0]),
    "thread_name": bytes([17]) + text(b"fuzz-thread") + log() + bytes([17, 255]),
    "strings": bytes([19, 3, 19, 6]),
    "log_ex_variants": log_ex()
    + log_ex(fields=3)
    + log_ex(version=3)
    + log_ex(nul=1, no_info=1),
    "log_null_message": bytes([8, 1, 3, 255, 0])
    + bytes([8, 1, 12])
    + text(b"neg")
    + bytes([0]),
    "logf": log(how=2) + log(how=1, message=b"a\x00b"),
    "context": new_null()
    + attach()
    + context_push([(b"request_id", b"r-1"), (b"user", b"ada")])
    + log()
    + context_push([(b"user", b"bob")])
    + log()
    + bytes([20, 1, 1])
    + log()
    + bytes([20, 1, 0, 2]),
    "context_bad": bytes([20, 0, 1])
    + NULL_TEXT
    + text(b"v")
    + bytes([2])
    + context_push([(b"", b"v")])
    + bytes([20, 0, 1])
    + text(b"k")
    + NULL_TEXT
    + bytes([2])
    + context_push([(b"k", b"v")], how=0)
    + context_push([], how=1)
    + context_push([], how=0)
    + bytes([20, 1, 4]),
}

PY_CONFIG = {
    # atheris: the first byte's low bit picks fileConfig; the rest drives the
    # FuzzedDataProvider (a few plain shapes to start from).
    "dict_minimal": b"\x00" + bytes(range(1, 40)),
    "ini_minimal": b"\x01" + bytes(range(1, 60)),
    "dict_ones": b"\x00" + b"\x01" * 80,
    "ini_ones": b"\x01" + b"\x01" * 120,
    "dict_mixed": b"\x00" + bytes((i * 37) % 256 for i in range(200)),
    "ini_mixed": b"\x01" + bytes((i * 53) % 256 for i in range(200)),
}

# printf_fuzz: a format, a NUL, then the bytes argument values are drawn from.
VALUES = bytes((i * 29 + 7) % 256 for i in range(64))
PRINTF = {
    "three_arguments": b"iteration %d int %d double %.2f\x00" + VALUES,
    "integers": b"%hhd %hu %lx %llo\x00" + VALUES,
    "lengths": b"%jd %zu %td %#X\x00" + VALUES,
    "floats": b"%e %10.3f %-G %La\x00" + VALUES,
    "flags": b"%-+ #012.5d|%08.3f\x00" + VALUES,
    "stars": b"%*.*d %-*s\x00" + VALUES,
    "strings": b"%s|%.3s|%10.2s|%c\x00" + VALUES,
    "pointers": b"%p %20p\x00" + VALUES,
    "percent": b"100%% %d%%\x00" + VALUES,
    "refused_n": b"%d%n\x00" + VALUES,
    "refused_positional": b"%1$d %2$s\x00" + VALUES,
    "refused_gnu": b"%m %'d %Id %ls %lc\x00" + VALUES,
    "truncated": b"%-08.",
    "no_arguments": b"plain text only",
}


def write(directory, seeds):
    path = ROOT / directory
    path.mkdir(parents=True, exist_ok=True)
    for old in path.glob("seed-*"):
        old.unlink()
    for name, data in seeds.items():
        (path / f"seed-{name}").write_bytes(data)


def main():
    write(
        "tests/fuzz/corpus/formatter",
        {
            n: bytes([s]) + p + US + d + US + RECORDS["fields"]
            for n, (s, p, d) in PATTERNS.items()
        }
        | {
            f"record_{n}": b"\x00%(message)s %(relativeCreated)f %(msecs)d %(asctime)s"
            + US
            + US
            + r
            for n, r in RECORDS.items()
        },
    )
    write("tests/fuzz/corpus/json_formatter", RECORDS)
    encoding = {}
    for i, (n, r) in enumerate(RECORDS.items()):
        encoding[n] = bytes([i % 16, 0]) + r
    encoding["lane_full"] = bytes([0, 0]) + RS.join([RECORDS["plain"]] * 5)
    encoding["evict_each"] = bytes([3, 0xFF]) + RS.join(
        [RECORDS["plain"], RECORDS["fields"]] * 4
    )
    encoding["large_over_budget"] = bytes([9, 0]) + RS.join(
        [RECORDS["long_message"], RECORDS["plain"]] * 3
    )
    encoding["large_mixed"] = bytes([2, 0x55]) + RS.join(RECORDS.values())
    encoding["pack"] = bytes([7, 0]) + struct.pack("<I", 0) + RECORDS["plain"]
    write("tests/fuzz/corpus/encoding", encoding)
    write("tests/fuzz/corpus/capi", CAPI)
    write("tests/fuzz/corpus/printf", PRINTF)
    write("bindings/python/fuzz/corpus/config", PY_CONFIG)


if __name__ == "__main__":
    main()

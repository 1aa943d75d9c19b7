"""An atheris fuzz target for picolog.config: dictConfig with dictionaries
and fileConfig with INI text built from the fuzzer's bytes.

Any input must configure picolog or raise an exception of a type logging's
own configuration raises for bad input; anything else (another exception,
a crash of the interpreter, a hang) is a failure. Run by scripts/run-fuzz.sh
(as python_config) with the seeds in bindings/python/fuzz/corpus/config/:

    .venv/bin/python bindings/python/fuzz/config_fuzz.py -max_total_time=30 CORPUS SEEDS

Values that logging evaluates or imports (handler classes, `()` factories,
fileConfig's args, kwargs and defaults, ext:// names) come from fixed lists:
a fuzzer must not be able to name os.system. Everything else (format
strings, levels, names, the shape of the dictionary) is fuzz-built.
"""

import configparser
import io
import os
import sys
import tempfile
import types

import atheris

with atheris.instrument_imports():
    import picolog
    import picolog.config
    from picolog._logger import manager

TMP = tempfile.mkdtemp(prefix="picolog-config-fuzz-")
# A stream for ext:// names and for handlers writing to sys.stderr while a
# configuration is tried, so a long run stays quiet.
SINK = types.ModuleType("fuzz_sink")
SINK.stream = io.StringIO()
sys.modules["fuzz_sink"] = SINK

# What logging raises for a bad configuration (fileConfig's eval adds
# SyntaxError, NameError and arithmetic errors of the fixed expressions).
DICT_ERRORS = (ValueError, TypeError, LookupError, AttributeError, ImportError, RuntimeError)
FILE_ERRORS = DICT_ERRORS + (configparser.Error, OSError, SyntaxError, NameError, ArithmeticError)

CLASSES = [
    "logging.StreamHandler",
    "logging.NullHandler",
    "logging.FileHandler",
    "logging.handlers.QueueHandler",
    "picolog.StreamHandler",
    "picolog.NullHandler",
    "logging.Formatter",
    "logging.Filter",
    "logging.NoSuchThing",
    "no_such_module.Handler",
    "logging.handlers.MemoryHandler",
    "",
    "io.StringIO",
]
# fileConfig also evaluates class names in logging's namespace.
INI_CLASSES = CLASSES + ["StreamHandler", "FileHandler", "handlers.QueueHandler"]
EXT = [
    "ext://fuzz_sink.stream",
    "ext://fuzz_sink.nothing",
    "ext://no_such_module.x",
    "ext://sys.maxsize",
]
FILES = [
    os.path.join(TMP, "a.log"),
    os.path.join(TMP, "b.log"),
    TMP,
    os.path.join(TMP, "no", "x.log"),
    "",
]
LEVELS = [
    "DEBUG",
    "INFO",
    "WARNING",
    "ERROR",
    "CRITICAL",
    "NOTSET",
    "TRACE",
    0,
    10,
    25,
    -1,
    "nope",
    None,
    1.5,
]
NAMES = ["a", "a.b", "b", "root", "", "a.b.c", "x"]
FORMATS = [
    "%(message)s",
    "%(levelname)s:%(name)s",
    "{message}",
    "${message}",
    "%(nope)d",
    "{",
    "%(asctime)s",
]
STYLES = ["%", "{", "$", "?", ""]
# fileConfig evaluates these: args, kwargs, defaults.
ARGS = [
    "()",
    "(fuzz_sink.stream,)",
    "(sys.stderr,)",
    f"({os.path.join(TMP, 'a.log')!r}, 'a')",
    f"({TMP!r},)",
    "(",
    "(1, 2, 3, 4, 5)",
    "nope",
    "1/0",
    "{}",
    "{'x': 1}",
    "[]",
]
KEYS = [
    "version",
    "formatters",
    "filters",
    "handlers",
    "loggers",
    "root",
    "incremental",
    "disable_existing_loggers",
    "class",
    "()",
    "format",
    "datefmt",
    "style",
    "validate",
    "level",
    "formatter",
    "filters",
    "stream",
    "filename",
    "mode",
    "propagate",
    "name",
    "handlers",
    "queue",
    "listener",
    "respect_handler_level",
    "target",
    ".",
    "defaults",
]


def text(fdp, n=12):
    return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, n))


def free_value(fdp, depth):
    """A value of any shape; strings stay away from ext:// and from the
    names logging would import."""
    kind = fdp.ConsumeIntInRange(0, 9)
    if kind == 0:
        return fdp.ConsumeIntInRange(-5, 100)
    if kind == 1:
        return fdp.ConsumeBool()
    if kind == 2:
        return None
    if kind == 3 and depth < 3:
        return [free_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))]
    if kind == 4 and depth < 3:
        return section(fdp, depth + 1)
    if kind == 5:
        return fdp.PickValueInList(LEVELS)
    if kind == 6:
        return fdp.PickValueInList(NAMES + FORMATS + STYLES)
    if kind == 7:
        return "cfg://" + fdp.PickValueInList(
            ["handlers", "formatters.f", "handlers[0]", "x", "root.level"]
        )
    s = text(fdp)
    return "x" + s if ":" in s else s


def section(fdp, depth):
    """A dictionary of known keys with fixed or free values."""
    d = {}
    for _ in range(fdp.ConsumeIntInRange(0, 6)):
        key = fdp.PickValueInList(KEYS) if fdp.ConsumeBool() else text(fdp, 6)
        if key in ("class", "()"):
            d[key] = fdp.PickValueInList(CLASSES)
        elif key == "stream":
            d[key] = fdp.PickValueInList(EXT)
        elif key == "filename":
            d[key] = fdp.PickValueInList(FILES)
        elif key == ".":
            d[key] = {"terminator": "\n"} if fdp.ConsumeBool() else free_value(fdp, depth + 1)
        elif key == "queue":
            d[key] = None
        elif key == "listener":
            d[key] = fdp.PickValueInList(["picolog.handlers.QueueListener", None, 3])
        else:
            d[key] = free_value(fdp, depth + 1)
    return d


def named(fdp, n=3):
    return {fdp.PickValueInList(NAMES + ["f", "h", "q"]): section(fdp, 1) for _ in range(n)}


def build_dict(fdp):
    config = {"version": 1 if fdp.ConsumeIntInRange(0, 7) else free_value(fdp, 2)}
    for key in ("formatters", "filters", "handlers", "loggers"):
        if fdp.ConsumeBool():
            config[key] = (
                named(fdp, fdp.ConsumeIntInRange(0, 3))
                if fdp.ConsumeIntInRange(0, 5)
                else free_value(fdp, 2)
            )
    if fdp.ConsumeBool():
        config["root"] = section(fdp, 1)
    for key in ("incremental", "disable_existing_loggers"):
        if fdp.ConsumeIntInRange(0, 3) == 0:
            config[key] = fdp.ConsumeBool()
    return config


def safe_line(line):
    """A free-text line must not start a continuation or set a value that
    fileConfig evaluates."""
    line = line.lstrip()
    lowered = line.lower()
    if any(word in lowered for word in ("args", "class", "defaults")):
        return ""
    return line


def build_ini(fdp):
    keys = {
        kind: [
            fdp.PickValueInList(["a", "b", "root", "f", "h", "c"])
            for _ in range(fdp.ConsumeIntInRange(0, 3))
        ]
        for kind in ("loggers", "handlers", "formatters")
    }
    if fdp.ConsumeIntInRange(0, 3):
        keys["loggers"].append("root")
    lines = []
    for kind, names in keys.items():
        if fdp.ConsumeIntInRange(0, 7):
            lines += [f"[{kind}]", "keys=" + ",".join(names)]
    for name in keys["loggers"]:
        lines += [f"[logger_{name}]", f"level={fdp.PickValueInList(LEVELS)}"]
        if fdp.ConsumeBool():
            lines.append("handlers=" + ",".join(keys["handlers"][: fdp.ConsumeIntInRange(0, 3)]))
        if fdp.ConsumeBool():
            lines.append(f"qualname={fdp.PickValueInList(NAMES)}")
        if fdp.ConsumeBool():
            lines.append(f"propagate={fdp.PickValueInList(['0', '1', 'yes', 'x'])}")
    for name in keys["handlers"]:
        lines += [
            f"[handler_{name}]",
            f"class={fdp.PickValueInList(INI_CLASSES)}",
        ]
        if fdp.ConsumeIntInRange(0, 4):
            lines.append(f"args={fdp.PickValueInList(ARGS)}")
        if fdp.ConsumeIntInRange(0, 4) == 0:
            lines.append(f"kwargs={fdp.PickValueInList(ARGS)}")
        if fdp.ConsumeBool():
            lines.append(f"level={fdp.PickValueInList(LEVELS)}")
        if fdp.ConsumeBool():
            lines.append(f"formatter={fdp.PickValueInList(keys['formatters'] + ['nope'])}")
    for name in keys["formatters"]:
        lines.append(f"[formatter_{name}]")
        fmt = fdp.PickValueInList(FORMATS) if fdp.ConsumeBool() else text(fdp).replace("\n", " ")
        lines.append("format=" + fmt)
        if fdp.ConsumeBool():
            lines.append(f"style={fdp.PickValueInList(STYLES)}")
        if fdp.ConsumeBool():
            lines.append(f"datefmt={text(fdp)}".replace("\n", " "))
        if fdp.ConsumeIntInRange(0, 4) == 0:
            lines.append(f"defaults={fdp.PickValueInList(ARGS)}")
        if fdp.ConsumeIntInRange(0, 4) == 0:
            lines.append(f"validate={fdp.PickValueInList(['True', 'False', 'maybe'])}")
    for _ in range(fdp.ConsumeIntInRange(0, 2)):
        at = fdp.ConsumeIntInRange(0, len(lines))
        lines.insert(at, safe_line(text(fdp, 20).replace("\n", " ").replace("\r", " ")))
    return "\n".join(lines) + "\n"


def reset():
    """Every logger back to its defaults and every handler retired, so that
    inputs do not pile up handlers and open files."""
    loggers = [picolog.getLogger()]
    loggers += [lg for lg in manager.loggerDict.values() if isinstance(lg, picolog.Logger)]
    for lg in loggers:
        lg.handlers = []
        for f in list(lg.filters):
            lg.removeFilter(f)
        lg.setLevel(picolog.NOTSET)
        lg.disabled = False
        lg.propagate = True
    picolog.getLogger().setLevel(picolog.WARNING)
    picolog.config.dictConfig({"version": 1, "disable_existing_loggers": False})
    SINK.stream.seek(0)
    SINK.stream.truncate()


def TestOneInput(data):
    fdp = atheris.FuzzedDataProvider(data)
    use_ini = fdp.ConsumeBool()
    stderr = sys.stderr
    sys.stderr = SINK.stream
    # A file name fileConfig finds in an args tuple is relative: keep those
    # files in the scratch directory (libFuzzer writes its corpus between
    # calls, back in the original directory).
    cwd = os.getcwd()
    os.chdir(TMP)
    try:
        if use_ini:
            source = build_ini(fdp)
            try:
                picolog.config.fileConfig(
                    io.StringIO(source), disable_existing_loggers=fdp.ConsumeBool()
                )
            except FILE_ERRORS:
                return
        else:
            try:
                picolog.config.dictConfig(build_dict(fdp))
            except DICT_ERRORS:
                return
        # Configured: records flow through whatever was built.
        for name in ("", "a", "a.b", "x"):
            picolog.getLogger(name).warning("configured %s", name)
        picolog.flush()
    finally:
        sys.stderr = stderr
        reset()
        os.chdir(cwd)


def main():
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""Configuration read by the C runtime from Python: directives, files in JSON
and TOML, the same configuration as a dictConfig dict giving byte-identical
files, errors that name the bad value's path, and reload."""

import json

import pytest

import picolog
import picolog.config


def _configs(name, path):
    """One configuration three ways: a dictConfig dict, JSON and TOML."""
    as_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
        "filters": {"mine": {"name": name}},
        "handlers": {
            "file": {
                "class": "logging.FileHandler",
                "filename": str(path),
                "formatter": "plain",
                "level": "INFO",
                "filters": ["mine"],
            },
            "queue": {"class": "logging.handlers.QueueHandler", "handlers": ["queued"]},
            "queued": {
                "class": "logging.FileHandler",
                "filename": f"{path}.q",
                "formatter": "plain",
            },
        },
        "loggers": {name: {"level": "DEBUG", "handlers": ["file", "queue"], "propagate": False}},
    }
    toml = f"""version = 1
disable_existing_loggers = false
[formatters.plain]
format = "%(levelname)s %(name)s: %(message)s"
[filters.mine]
name = "{name}"
[handlers.file]
class = "logging.FileHandler"
filename = "{path}"
formatter = "plain"
level = "INFO"
filters = ["mine"]
[handlers.queue]
class = "logging.handlers.QueueHandler"
handlers = ["queued"]
[handlers.queued]
class = "logging.FileHandler"
filename = "{path}.q"
formatter = "plain"
[loggers."{name}"]
level = "DEBUG"
handlers = ["file", "queue"]
propagate = false
"""
    return as_dict, json.dumps(as_dict), toml


def _sample(name):
    log = picolog.getLogger(name)
    log.debug("debug reaches the queue only")
    log.info("one %d", 1)
    picolog.getLogger(name + ".child").error("two")
    log.warning("three")
    picolog.flush()


def _reset(name):
    picolog.config.configure(
        json.dumps({"version": 1, "disable_existing_loggers": False, "loggers": {name: {}}})
    )


def test_json_toml_and_dict_write_the_same_bytes(tmp_path, uname):
    files = {}
    for kind in ("dict", "json", "toml"):
        path = tmp_path / f"{kind}.log"
        as_dict, as_json, as_toml = _configs(uname, path)
        if kind == "dict":
            picolog.config.dictConfig(as_dict)
            # dictConfig leaves starting a queue's listener to the
            # application, as logging's does; the core's files start it.
            listener = picolog.getHandlerByName("queue").listener
            listener.start()
            _sample(uname)
            listener.stop()
        else:
            picolog.config.configure(as_json if kind == "json" else as_toml)
            _sample(uname)
        picolog.config.dictConfig({"version": 1, "disable_existing_loggers": False})
        _reset(uname)
        files[kind] = path.read_bytes()
        files[kind + ".q"] = (tmp_path / f"{kind}.log.q").read_bytes()
    expected = f"INFO {uname}: one 1\nERROR {uname}.child: two\nWARNING {uname}: three\n"
    assert files["dict"] == expected.encode()
    assert files["json"] == files["dict"]
    assert files["toml"] == files["dict"]
    queued = f"DEBUG {uname}: debug reaches the queue only\n" + expected
    assert files["dict.q"] == queued.encode()
    assert files["json.q"] == files["dict.q"]
    assert files["toml.q"] == files["dict.q"]


def test_load_and_reload_a_file(tmp_path, uname):
    cfg = tmp_path / "app.toml"
    out = tmp_path / "out.log"
    _, _, toml = _configs(uname, out)
    cfg.write_text(toml)
    picolog.config.load(cfg)
    assert picolog.getLogger(uname).level == picolog.DEBUG
    cfg.write_text(toml.replace('level = "DEBUG"', 'level = "ERROR"'))
    picolog.config.reload()
    assert picolog.getLogger(uname).level == picolog.ERROR
    _reset(uname)


def test_bad_configuration_names_the_path_and_changes_nothing(tmp_path, uname):
    picolog.getLogger(uname).setLevel(picolog.WARNING)
    bad = {
        "version": 1,
        "handlers": {"file": {"class": "file", "filename": "x", "buffer_size": "big"}},
        "loggers": {uname: {"level": "DEBUG", "handlers": ["file"]}},
    }
    with pytest.raises(ValueError, match=r"handlers\.file\.buffer_size: expected an integer"):
        picolog.config.configure(json.dumps(bad), format="json")
    assert picolog.getLogger(uname).level == picolog.WARNING
    with pytest.raises(OSError):
        picolog.config.load(tmp_path / "missing.json")
    with pytest.raises(ValueError, match="format must be"):
        picolog.config.configure("{}", format="yaml")


def test_apply_directives(uname):
    picolog.apply_directives(f"{uname}=error,{uname}::db=debug")
    assert picolog.getLogger(uname).level == picolog.ERROR
    assert picolog.getLogger(uname + ".db").level == picolog.DEBUG
    assert picolog.getLogger(uname + ".web.x").getEffectiveLevel() == picolog.ERROR
    with pytest.raises(ValueError, match=f"'{uname}=loud': unknown level 'loud'"):
        picolog.apply_directives(f"{uname}=loud,{uname}.ok=info")
    assert picolog.getLogger(uname + ".ok").level == picolog.INFO


def test_a_configuration_names_its_levels_for_python_too(tmp_path, uname):
    """A file's `levels` table names levels for the whole process: Python's
    getLevelName and its records see the name, and directives may use it."""
    level_name = "PYCFG_" + uname.upper().replace(".", "_")
    out = tmp_path / "out.log"
    cfg = tmp_path / "app.toml"
    cfg.write_text(
        f"""version = 1
disable_existing_loggers = false
[levels]
{level_name} = 27
[formatters.plain]
format = "%(levelname)s %(levelno)d %(message)s"
[handlers.file]
class = "logging.FileHandler"
filename = "{out}"
formatter = "plain"
[loggers."{uname}"]
level = "{level_name}"
handlers = ["file"]
propagate = false
"""
    )
    picolog.config.load(cfg)
    log = picolog.getLogger(uname)
    assert log.level == 27
    assert picolog.getLevelName(27) == level_name
    assert picolog.getLevelName(level_name) == 27
    log.info("below")
    log.log(27, "named")
    picolog.flush()
    assert out.read_text() == f"{level_name} 27 named\n"
    picolog.apply_directives(f"{uname}.child={level_name.lower()}")
    assert picolog.getLogger(uname + ".child").level == 27
    _reset(uname)


def test_a_nul_byte_is_refused_not_cut_short(tmp_path, uname):
    # C reads up to the NUL: what follows it would vanish without a word.
    with pytest.raises(ValueError, match="NUL"):
        picolog.apply_directives(f"{uname}=debug\0,{uname}.after=error")
    assert picolog.getLogger(uname).level == picolog.NOTSET
    cfg = tmp_path / "app.json"
    cfg.write_text('{"version": 1, "disable_existing_loggers": false}')
    with pytest.raises(ValueError, match="NUL"):
        picolog.config.load(f"{cfg}\0.ignored")


def _rotating(name, path):
    """A size-rotating file as a dictConfig dict and as its TOML text."""
    as_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
        "handlers": {
            "rot": {
                "class": "logging.handlers.RotatingFileHandler",
                "filename": str(path),
                "maxBytes": 100,
                "backupCount": 2,
                "encoding": "utf-8",
                "formatter": "plain",
            }
        },
        "loggers": {name: {"level": "INFO", "handlers": ["rot"], "propagate": False}},
    }
    toml = f"""version = 1
disable_existing_loggers = false
[formatters.plain]
format = "%(levelname)s %(name)s: %(message)s"
[handlers.rot]
class = "rotating_file"
filename = "{path}"
max_bytes = 100
backup_count = 2
encoding = "utf-8"
formatter = "plain"
[loggers."{name}"]
level = "INFO"
handlers = ["rot"]
propagate = false
"""
    return as_dict, toml


def test_rotated_files_from_dict_json_and_toml_are_identical(tmp_path, uname):
    rotated = {}
    for kind in ("dict", "json", "toml"):
        base = tmp_path / kind
        base.mkdir()
        path = base / "app.log"
        as_dict, toml = _rotating(uname, path)
        if kind == "dict":
            picolog.config.dictConfig(as_dict)
        else:
            cfg = base / f"cfg.{kind}"
            cfg.write_text(json.dumps(as_dict) if kind == "json" else toml)
            picolog.config.load(cfg)
        log = picolog.getLogger(uname)
        for i in range(30):
            log.info("record %02d", i)
        picolog.flush()
        picolog.config.dictConfig({"version": 1, "disable_existing_loggers": False})
        _reset(uname)
        rotated[kind] = {
            p.name: p.read_bytes() for p in base.iterdir() if p.name.startswith("app.log")
        }
    assert sorted(rotated["dict"]) == ["app.log", "app.log.1", "app.log.2"]
    assert rotated["dict"]["app.log"].endswith(f"INFO {uname}: record 29\n".encode())
    assert rotated["json"] == rotated["dict"]
    assert rotated["toml"] == rotated["dict"]


def _buffering(name, path):
    """A memory handler and a backtrace ring feeding one file, named before
    it: as a dictConfig dict, and the same in TOML."""
    as_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
        "handlers": {
            "a_memory": {
                "class": "logging.handlers.MemoryHandler",
                "capacity": 3,
                "flushLevel": 40,  # logging compares it with levelno: a number
                "target": "out",
            },
            "b_ring": {
                "class": "picolog.handlers.BacktraceHandler",
                "capacity": 2,
                "store_below": "INFO",
                "trigger": "ERROR",
                "prefix": "[bt] ",
                "target": "out",
            },
            "out": {"class": "logging.FileHandler", "filename": str(path), "formatter": "plain"},
        },
        "loggers": {
            f"{name}.memory": {"handlers": ["a_memory"], "level": "DEBUG", "propagate": False},
            f"{name}.ring": {"handlers": ["b_ring"], "level": "DEBUG", "propagate": False},
        },
    }
    toml = f"""version = 1
disable_existing_loggers = false
[formatters.plain]
format = "%(levelname)s %(name)s: %(message)s"
[handlers.a_memory]
class = "memory"
capacity = 3
flush_level = "ERROR"
target = "out"
[handlers.b_ring]
class = "backtrace"
capacity = 2
store_below = "INFO"
trigger = "ERROR"
prefix = "[bt] "
target = "out"
[handlers.out]
class = "file"
filename = "{path}"
formatter = "plain"
[loggers."{name}.memory"]
handlers = ["a_memory"]
level = "DEBUG"
propagate = false
[loggers."{name}.ring"]
handlers = ["b_ring"]
level = "DEBUG"
propagate = false
"""
    return as_dict, toml


def test_memory_and_backtrace_from_dict_json_and_toml_are_identical(tmp_path, uname):
    files = {}
    for kind in ("dict", "json", "toml"):
        path = tmp_path / f"{kind}.log"
        as_dict, toml = _buffering(uname, path)
        if kind == "dict":
            picolog.config.dictConfig(as_dict)
        else:
            cfg = tmp_path / f"cfg.{kind}"
            cfg.write_text(json.dumps(as_dict) if kind == "json" else toml)
            picolog.config.load(cfg)
        memory = picolog.getLogger(f"{uname}.memory")
        ring = picolog.getLogger(f"{uname}.ring")
        memory.info("m1")
        memory.info("m2")
        assert path.read_bytes() == b""  # held by the memory handler
        memory.info("m3")
        for i in range(3):
            ring.debug("d%d", i)
        ring.error("e")
        memory.warning("m4")  # held until the configuration is replaced
        # Replacing it (from Python, then in the core) retires the memory
        # handler, which passes m4 on.
        picolog.config.dictConfig({"version": 1, "disable_existing_loggers": False})
        picolog.config.configure(json.dumps({"version": 1, "disable_existing_loggers": False}))
        files[kind] = path.read_bytes()
    expected = (
        f"INFO {uname}.memory: m1\nINFO {uname}.memory: m2\nINFO {uname}.memory: m3\n"
        f"DEBUG {uname}.ring: [bt] d1\nDEBUG {uname}.ring: [bt] d2\nERROR {uname}.ring: e\n"
        f"WARNING {uname}.memory: m4\n"
    )
    assert files["dict"] == expected.encode()
    assert files["json"] == files["dict"]
    assert files["toml"] == files["dict"]

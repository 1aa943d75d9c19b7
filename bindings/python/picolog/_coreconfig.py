"""Configuration read by the C runtime: level directives and configuration
files (JSON or TOML in dictConfig's schema), and reload.

These hand text to libpicolog, so one file configures the C, Python and Rust
code of a process alike; dictConfig (picolog.config) stays the way to
configure from Python objects.
"""

import os

from . import _config
from ._ffi import check, ffi, lib

__all__ = ["apply_directives", "configure", "load", "reload", "reload_on_sighup"]

_FORMATS = {
    "auto": lib.PICOLOG_CONFIG_AUTO,
    "json": lib.PICOLOG_CONFIG_JSON,
    "toml": lib.PICOLOG_CONFIG_TOML,
}


def _c_string(what, data):
    # C reads up to the first NUL byte: what follows would be dropped unseen.
    if b"\0" in data:
        raise ValueError(f"{what} contains a NUL byte")
    return data


def apply_directives(text):
    """Applies level directives ("warn,app=debug,app.db=off"), as PICOLOG_LEVEL.

    Bad entries are skipped (each reported through the error hook) and the
    rest applied; then ValueError names the first bad entry."""
    with _config._lock:
        check(lib.picolog_apply_directives(_c_string("the directives", text.encode())))


def load(path):
    """Configures the runtime from a JSON or TOML file (dictConfig's schema,
    version 1); the path is kept for reload(). A bad file changes nothing and
    raises ValueError naming the path of the bad value; OSError when a file
    cannot be read or opened."""
    with _config._lock:
        check(lib.picolog_configure_file(_c_string("the path", os.fsencode(path))))


def configure(text, format="auto"):
    """Configures the runtime from JSON or TOML text (str or bytes)."""
    if format not in _FORMATS:
        raise ValueError(f"format must be one of {', '.join(_FORMATS)}: {format!r}")
    data = text.encode() if isinstance(text, str) else bytes(text)
    with _config._lock:
        check(lib.picolog_configure(ffi.from_buffer(data), len(data), _FORMATS[format]))


def reload():
    """Re-reads the file of the last load() (or PICOLOG_CONFIG) and applies it:
    unchanged handlers are kept, changed ones swapped without losing a record."""
    with _config._lock:
        check(lib.picolog_reload())


def reload_on_sighup(enable=True):
    """Reloads on SIGHUP from a runtime thread (off again with False). Python
    programs may prefer signal.signal(SIGHUP, lambda *_: reload())."""
    check(lib.picolog_reload_on_sighup(1 if enable else 0))

"""The defaults of the C option structs, written by the loaded library's
picolog_*_options_init functions: the library is the one place they live,
so these bindings cannot drift from the _INIT macros C callers use."""

from ._ffi import check, ffi, lib

__all__ = ["options"]


def options(name):
    """A new picolog_<name>_options of this library's version, holding the
    library's defaults (name: "syslog", "journald", "memory", ...)."""
    struct = ffi.new(f"picolog_{name}_options *")
    init = getattr(lib, f"picolog_{name}_options_init")
    check(init(struct, getattr(lib, f"PICOLOG_{name.upper()}_OPTIONS_VERSION")))
    return struct

"""The one runtime: its id and version, seen from Python."""

import picolog
from picolog import ffi, lib


def test_runtime_id_is_the_c_runtime():
    rid = picolog.runtime_id()
    assert isinstance(rid, int) and rid != 0
    assert rid == int(ffi.cast("uintptr_t", lib.picolog_runtime_id()))


def test_version_matches_the_header_the_extension_was_built_with():
    assert lib.picolog_version_number() == lib.PICOLOG_VERSION_NUMBER
    assert picolog.version().count(".") == 2


def test_extension_links_the_shared_library():
    import picolog._picolog_cffi as ext

    with open("/proc/self/maps") as maps:
        mapped = maps.read()
    assert "libpicolog.so" in mapped
    assert ext.__file__.endswith(".so")

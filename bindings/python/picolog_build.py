"""cffi build script: compiles picolog._picolog_cffi (API mode) against libpicolog.so.1.

The extension links the shared library dynamically, never the static core, so
every language in a process shares one runtime. Two ways to get the library:

- bundled (the default, what a wheel or an sdist does): setup.py builds
  libpicolog.so.1 with CMake from the picolog sources (the repository around
  this folder, or the copy in vendor/ inside an sdist) into build/native, and
  ships it inside the package as picolog/lib/libpicolog.so.1 with its
  header and a pkg-config file; the extension finds it through the rpath
  $ORIGIN/lib.
- external (PICOLOG_LIB_DIR set, as `make python` does): the extension links
  the library in PICOLOG_LIB_DIR (header from PICOLOG_INCLUDE_DIR, else the
  repository's capi/include) and records that directory as its rpath.
"""

import os
from pathlib import Path

from cffi import FFI

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "picolog"
REPO = HERE.parent.parent
# Where setup.py installs the library it builds (a CMake install prefix).
NATIVE_PREFIX = HERE / "build" / "native" / "prefix"


def external_dirs():
    """(include dir, library dir) of an external library, or None to bundle."""
    lib_dir = os.environ.get("PICOLOG_LIB_DIR")
    if not lib_dir:
        return None
    include_dir = os.environ.get("PICOLOG_INCLUDE_DIR") or str(REPO / "capi" / "include")
    return str(Path(include_dir).resolve()), str(Path(lib_dir).resolve())


def _build():
    external = external_dirs()
    if external:
        include_dir, lib_dir = external
        rpath = lib_dir
    else:
        include_dir = str(NATIVE_PREFIX / "include")
        lib_dir = str(NATIVE_PREFIX / "lib")
        rpath = "$ORIGIN/lib"
    builder = FFI()
    builder.cdef((PACKAGE / "_cdefs.h").read_text() + (PACKAGE / "_shim.h").read_text())
    builder.set_source(
        "picolog._picolog_cffi",
        "#include <picolog.h>\n" + (PACKAGE / "_shim.c").read_text(),
        libraries=["picolog"],
        include_dirs=[include_dir],
        library_dirs=[lib_dir],
        runtime_library_dirs=[rpath],
        extra_compile_args=["-O2"],
        py_limited_api=True,
    )
    return builder


ffibuilder = _build()

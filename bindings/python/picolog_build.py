"""cffi build script: compiles picolog._picolog_cffi (API mode) against libpicolog.so.1.

The extension links the shared library dynamically, never the static core, so
every language in a process shares one runtime. The library and header are
found through PICOLOG_LIB_DIR / PICOLOG_INCLUDE_DIR, else `pkg-config
picolog`, else the repository's build tree.
"""

import os
import shutil
import subprocess
from pathlib import Path

from cffi import FFI

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "picolog"
REPO = HERE.parent.parent


def _pkg_config(flag):
    if shutil.which("pkg-config") is None:
        return []
    try:
        out = subprocess.run(
            ["pkg-config", flag, "picolog"], check=True, capture_output=True, text=True
        ).stdout
    except subprocess.CalledProcessError:
        return []
    return [item[2:] for item in out.split() if item[:2] in ("-I", "-L")]


def _directories():
    include_dir = os.environ.get("PICOLOG_INCLUDE_DIR")
    lib_dir = os.environ.get("PICOLOG_LIB_DIR")
    includes = [include_dir] if include_dir else _pkg_config("--cflags-only-I")
    libs = [lib_dir] if lib_dir else _pkg_config("--libs-only-L")
    if not includes:
        includes = [str(REPO / "capi" / "include")]
    if not libs:
        libs = [str(REPO / "build" / "default" / "lib")]
    return includes, libs


def _build():
    includes, libs = _directories()
    builder = FFI()
    builder.cdef((PACKAGE / "_cdefs.h").read_text() + (PACKAGE / "_shim.h").read_text())
    builder.set_source(
        "picolog._picolog_cffi",
        "#include <picolog.h>\n" + (PACKAGE / "_shim.c").read_text(),
        libraries=["picolog"],
        include_dirs=includes,
        library_dirs=libs,
        runtime_library_dirs=libs,
        extra_compile_args=["-O2"],
    )
    return builder


ffibuilder = _build()

if __name__ == "__main__":
    ffibuilder.compile(tmpdir=str(HERE / "build"), verbose=True)

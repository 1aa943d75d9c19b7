"""Where libpicolog.so.1 and picolog.h are, for C, C++ or Rust extensions
that must link the runtime this package loaded (numpy's get_include idiom).

A wheel carries them inside the package: picolog/lib/libpicolog.so.1 (its
SONAME unchanged), picolog/include and picolog/lib/pkgconfig/picolog.pc. A
build against an external library (PICOLOG_LIB_DIR) records its directories
in _build_dirs.py instead.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def get_include() -> str:
    """The directory holding picolog.h (pass it as -I)."""
    bundled = _HERE / "include"
    if (bundled / "picolog.h").is_file():
        return str(bundled)
    return _external()[0]


def get_library_dir() -> str:
    """The directory holding libpicolog.so.1 (pass it as -L and as an rpath,
    and link with -l:libpicolog.so.1). Its pkgconfig/picolog.pc, in a wheel,
    gives the same flags."""
    bundled = _HERE / "lib"
    if (bundled / "libpicolog.so.1").is_file():
        return str(bundled)
    return _external()[1]


def _external() -> tuple[str, str]:
    try:
        from ._build_dirs import INCLUDE_DIR, LIBRARY_DIR
    except ImportError as exc:  # pragma: no cover - only in a broken install
        raise RuntimeError("picolog was built without a bundled or recorded libpicolog") from exc
    return INCLUDE_DIR, LIBRARY_DIR

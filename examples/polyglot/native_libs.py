"""Finds and loads the demo's two native libraries with cffi (ABI mode).

libpolyglot_c.so comes from CMake (build/default/lib), libpolyglot_rust.so
from cargo (build/cargo/release); POLYGLOT_C_LIB and POLYGLOT_RUST_LIB name
other copies. picolog is imported first, so both libraries bind to the
libpicolog.so.1 the Python package already loaded: one runtime.
"""

import os
import re
from pathlib import Path
from types import SimpleNamespace

import picolog
from cffi import FFI

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HEADERS = (HERE / "clib" / "polyglot_c.h", HERE / "rust" / "polyglot_rust.h")
_INTEGER_DEFINE = re.compile(r"#define\s+\w+\s+\d+\b")


def _declarations(path):
    """The header without the preprocessor lines cffi cannot read (guards,
    includes); `#define NAME <integer>` stays, cffi turns it into a constant."""
    lines = path.read_text().splitlines()
    return "\n".join(
        line
        for line in lines
        if not line.startswith("#") or _INTEGER_DEFINE.match(line)
    )


def _candidates(env, name, folders):
    if os.environ.get(env):
        return [Path(os.environ[env])]
    return [folder / name for folder in folders]


def _find(env, name, folders, how):
    candidates = _candidates(env, name, folders)
    for path in candidates:
        if path.is_file():
            return path
    tried = ", ".join(str(p) for p in candidates)
    raise FileNotFoundError(f"{name} not found (tried {tried}); {how}, or set {env}")


def c_library_path():
    return _find(
        "POLYGLOT_C_LIB",
        "libpolyglot_c.so",
        [ROOT / "build" / "default" / "lib"],
        "build it with `make build`",
    )


def rust_library_path():
    target = os.environ.get("CARGO_TARGET_DIR")
    folders = [Path(target)] if target else []
    folders += [ROOT / "build" / "cargo", ROOT / "bindings" / "rust" / "target"]
    return _find(
        "POLYGLOT_RUST_LIB",
        "libpolyglot_rust.so",
        [folder / "release" for folder in folders],
        "build it with `cargo build --release -p polyglot-rust` in bindings/rust",
    )


_loaded = None


def load():
    """The cffi handle and the two libraries: .ffi, .c, .rust (loaded once)."""
    global _loaded
    if _loaded is None:
        picolog.version()  # libpicolog.so.1 is in the process before the demo's libraries
        ffi = FFI()
        for header in HEADERS:
            ffi.cdef(_declarations(header))
        c = ffi.dlopen(str(c_library_path()))
        rust = ffi.dlopen(str(rust_library_path()))
        _loaded = SimpleNamespace(ffi=ffi, c=c, rust=rust)
    return _loaded


def address(ffi, pointer):
    return int(ffi.cast("uintptr_t", pointer))


def picolog_copies():
    """The distinct libpicolog files mapped into this process."""
    with open("/proc/self/maps") as maps:
        return sorted({line.split()[-1] for line in maps if "/libpicolog.so" in line})


def views():
    """Each language's view of the runtime: {language: (runtime id, address of
    the "app" logger)}."""
    libs = load()
    ffi = libs.ffi
    app = picolog.ffi.new("picolog_logger **")
    picolog.lib.picolog_get_logger(app, b"app")
    return {
        "python": (picolog.runtime_id(), address(picolog.ffi, app[0])),
        "c": (
            address(ffi, libs.c.polyglot_c_runtime_id()),
            address(ffi, libs.c.polyglot_c_app_logger()),
        ),
        "rust": (
            address(ffi, libs.rust.polyglot_rust_runtime_id()),
            address(ffi, libs.rust.polyglot_rust_app_logger()),
        ),
    }


class NativeWorkers:
    """The worker threads of the C or the Rust library (language "c" or
    "rust"), one run at a time; every call raises RuntimeError on failure."""

    def __init__(self, language):
        libs = load()
        self.language = language
        self._ffi = libs.ffi
        self._lib = libs.c if language == "c" else libs.rust
        self._prefix = f"polyglot_{language}_"
        self.go = self._call("go_flag")
        self.done = self._call("done_flag")

    def _call(self, name, *args):
        return getattr(self._lib, self._prefix + name)(*args)

    def _check(self, name, *args):
        if self._call(name, *args) != 0:
            message = self._ffi.string(self._call("error")).decode()
            raise RuntimeError(f"{self._prefix}{name}: {message}")

    def start(self, threads, records, *, gated=False, wait_go=False):
        flags = (self._lib.POLYGLOT_GATED if gated else 0) | (
            self._lib.POLYGLOT_WAIT_GO if wait_go else 0
        )
        self._check("start", threads, records, flags)

    def wait_gate(self):
        self._check("wait_gate")

    def release_gate(self):
        self._check("release_gate")

    def join(self):
        """The run's counts: logged, skipped, failed, elapsed_ns."""
        stats = self._ffi.new("polyglot_stats *")
        self._check("join", stats)
        return {
            name: getattr(stats, name)
            for name in ("logged", "skipped", "failed", "elapsed_ns")
        }

"""setuptools entry point: the cffi extension of picolog_build.py, the
native library it links, and the speedups extension (picolog/_speedups*.c:
the Logger's hot methods, linking only Python; it reaches libpicolog
through the cffi module).

Unless PICOLOG_LIB_DIR names an external library, `build_ext` first builds
libpicolog.so.1 with CMake from the picolog sources (the repository around
this folder, or vendor/ in an sdist, which `sdist` fills) and puts the
library, its headers and a pkg-config file into the package (picolog/lib,
picolog/include). The wheel is tagged abi3 (both extensions use Python's
limited API of 3.10), so one wheel serves every supported Python.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.sdist import sdist

sys.path.insert(0, str(Path(__file__).resolve().parent))
import picolog_build  # noqa: E402

HERE = picolog_build.HERE
VENDOR = HERE / "vendor"
# What building libpicolog needs from the repository, copied into an sdist.
VENDORED = ["CMakeLists.txt", "LICENSE", "libcore", "capi"]

PC_FILE = """\
# picolog as bundled in the Python package: prefix is the package folder.
prefix=${pcfiledir}/../..
libdir=${prefix}/lib
includedir=${prefix}/include

Name: picolog
Description: One logging runtime for C, C++, Python and Rust in one process
Version: %s
Libs: -L${libdir} -l:libpicolog.so.1
Cflags: -I${includedir}
"""


def _sources():
    if (VENDOR / "CMakeLists.txt").is_file():
        return VENDOR
    if (picolog_build.REPO / "libcore").is_dir():
        return picolog_build.REPO
    raise RuntimeError("no picolog sources: neither vendor/ nor the repository is here")


def _build_native(build_temp):
    """Builds and installs libpicolog into picolog_build.NATIVE_PREFIX."""
    build_dir = Path(build_temp) / "native"
    configure = ["cmake", "-S", str(_sources()), "-B", str(build_dir)]
    if shutil.which("ninja"):
        configure += ["-G", "Ninja"]
    configure += [
        "-DCMAKE_BUILD_TYPE=Release",
        "-DPICOLOG_BUILD_TESTS=OFF",
        "-DPICOLOG_BUILD_EXAMPLES=OFF",
        "-DCMAKE_INSTALL_LIBDIR=lib",
    ]
    subprocess.run(configure, check=True)
    subprocess.run(
        ["cmake", "--build", str(build_dir), "--parallel", str(os.cpu_count() or 2)], check=True
    )
    prefix = picolog_build.NATIVE_PREFIX
    shutil.rmtree(prefix, ignore_errors=True)
    subprocess.run(["cmake", "--install", str(build_dir), "--prefix", str(prefix)], check=True)


def _bundle(package_dir, version):
    """Copies the library (under its SONAME), headers and pkg-config file into the package."""
    prefix = picolog_build.NATIVE_PREFIX
    lib = Path(package_dir) / "lib"
    include = Path(package_dir) / "include"
    shutil.rmtree(lib, ignore_errors=True)
    shutil.rmtree(include, ignore_errors=True)
    (lib / "pkgconfig").mkdir(parents=True)
    # The real file, named by its SONAME: the loader and every extension
    # linked against it agree on libpicolog.so.1.
    shutil.copyfile(prefix / "lib" / "libpicolog.so.1", lib / "libpicolog.so.1")
    shutil.copytree(prefix / "include", include)
    (lib / "pkgconfig" / "picolog.pc").write_text(PC_FILE % version)


def _record_external(package_dir, dirs):
    """Records an external library's directories for get_include() and get_library_dir()."""
    include_dir, lib_dir = dirs
    (Path(package_dir) / "_build_dirs.py").write_text(
        '"""Written by setup.py: the external libpicolog this build linked."""\n\n'
        f"INCLUDE_DIR = {include_dir!r}\nLIBRARY_DIR = {lib_dir!r}\n"
    )


class BuildExt(build_ext):
    def run(self):
        package_dir = HERE / "picolog" if self.inplace else Path(self.build_lib) / "picolog"
        package_dir.mkdir(parents=True, exist_ok=True)
        external = picolog_build.external_dirs()
        if external is None:
            _build_native(self.build_temp)
            _bundle(package_dir, self.distribution.get_version())
            # A record of an external library from an earlier in-place build.
            (package_dir / "_build_dirs.py").unlink(missing_ok=True)
        else:
            _record_external(package_dir, external)
        super().run()


class Sdist(sdist):
    def run(self):
        if picolog_build.REPO.joinpath("libcore").is_dir():
            shutil.rmtree(VENDOR, ignore_errors=True)
            for name in VENDORED:
                source = picolog_build.REPO / name
                if source.is_dir():
                    shutil.copytree(source, VENDOR / name)
                else:
                    VENDOR.mkdir(exist_ok=True)
                    shutil.copyfile(source, VENDOR / name)
        super().run()


SPEEDUPS = Extension(
    "picolog._speedups",
    sources=[
        "picolog/_speedups.c",
        "picolog/_speedups_caller.c",
        "picolog/_speedups_capture.c",
        "picolog/_speedups_format.c",
        "picolog/_speedups_logger.c",
        "picolog/_speedups_task.c",
    ],
    depends=["picolog/_speedups.h"],
    extra_compile_args=["-O2", "-Wall", "-Wextra"],
    py_limited_api=True,
)

setup(
    ext_modules=[SPEEDUPS],
    cffi_modules=["picolog_build.py:ffibuilder"],
    cmdclass={"build_ext": BuildExt, "sdist": Sdist},
    options={"bdist_wheel": {"py_limited_api": "cp310"}},
)

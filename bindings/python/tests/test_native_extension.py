"""A C extension built against what the installed package provides
(get_include(), get_library_dir(), and in a wheel its pkg-config file)
shares the runtime the package loaded: one libpicolog.so.1 in the process."""

import importlib.util
import os
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

import picolog

EXTENSION = r"""
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <picolog.h>

static PyObject *runtime_id(PyObject *self, PyObject *args) {
    (void)self;
    (void)args;
    return PyLong_FromVoidPtr((void *)picolog_runtime_id());
}

static PyObject *log_warning(PyObject *self, PyObject *args) {
    const char *name, *message;
    picolog_logger *logger = NULL;
    (void)self;
    if (!PyArg_ParseTuple(args, "ss", &name, &message)) return NULL;
    if (picolog_get_logger(&logger, name) != 0 ||
        picolog_log(logger, PICOLOG_WARNING, message) != 0) {
        PyErr_SetString(PyExc_RuntimeError, picolog_last_error());
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"runtime_id", runtime_id, METH_NOARGS, NULL},
    {"log_warning", log_warning, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "picolog_probe", NULL, -1, methods};

PyMODINIT_FUNC PyInit_picolog_probe(void) { return PyModule_Create(&module); }
"""


def _compile(tmp_path, flags):
    source = tmp_path / "picolog_probe.c"
    source.write_text(EXTENSION)
    target = tmp_path / ("picolog_probe" + sysconfig.get_config_var("EXT_SUFFIX"))
    command = [
        os.environ.get("CC", "cc"),
        "-shared",
        "-fPIC",
        "-Wall",
        "-Werror",
        "-I" + sysconfig.get_paths()["include"],
        str(source),
        *flags,
        "-Wl,-rpath," + picolog.get_library_dir(),
        "-o",
        str(target),
    ]
    subprocess.run(command, check=True, capture_output=True, text=True)
    spec = importlib.util.spec_from_file_location("picolog_probe", target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, target


def _needed(path):
    out = subprocess.run(["readelf", "-d", str(path)], check=True, capture_output=True, text=True)
    return [
        line.split("[")[1].rstrip("]") for line in out.stdout.splitlines() if "(NEEDED)" in line
    ]


def test_extension_shares_the_runtime(tmp_path, uname):
    flags = ["-I" + picolog.get_include(), "-L" + picolog.get_library_dir(), "-l:libpicolog.so.1"]
    probe, target = _compile(tmp_path, flags)
    assert "libpicolog.so.1" in _needed(target)
    assert probe.runtime_id() == picolog.runtime_id()

    # A record logged from C reaches the handler attached from Python.
    log = picolog.getLogger(uname)
    path = tmp_path / "probe.log"
    handler = picolog.FileHandler(str(path))
    log.addHandler(handler)
    try:
        probe.log_warning(uname, "from the extension")
        handler.flush()
    finally:
        log.removeHandler(handler)
        handler.close()
    assert path.read_text() == "from the extension\n"


def _bundled():
    return (Path(picolog.__file__).parent / "lib" / "libpicolog.so.1").is_file()


@pytest.mark.skipif(not _bundled(), reason="the package links an external libpicolog")
def test_wheel_carries_the_library_under_its_soname():
    lib = Path(picolog.get_library_dir()) / "libpicolog.so.1"
    out = subprocess.run(["readelf", "-d", str(lib)], check=True, capture_output=True, text=True)
    assert "Library soname: [libpicolog.so.1]" in out.stdout
    assert (Path(picolog.get_include()) / "picolog.h").is_file()
    extension = next(Path(picolog.__file__).parent.glob("_picolog_cffi*.so"))
    assert "libpicolog.so.1" in _needed(extension)


@pytest.mark.skipif(not _bundled(), reason="the package links an external libpicolog")
@pytest.mark.skipif(shutil.which("pkg-config") is None, reason="no pkg-config")
def test_pkg_config_file_in_the_wheel(tmp_path):
    env = dict(os.environ, PKG_CONFIG_PATH=str(Path(picolog.get_library_dir()) / "pkgconfig"))
    out = subprocess.run(
        ["pkg-config", "--cflags", "--libs", "picolog"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    flags = out.stdout.split()
    assert os.path.realpath(flags[0][2:]) == os.path.realpath(picolog.get_include())
    version = subprocess.run(
        ["pkg-config", "--modversion", "picolog"], capture_output=True, text=True, env=env
    ).stdout.strip()
    assert version == picolog.version()
    probe, _ = _compile(tmp_path, flags)
    assert probe.runtime_id() == picolog.runtime_id()

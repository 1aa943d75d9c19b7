"""The wrappers' C option structs start from the library's defaults: what
picolog_*_options_init writes equals the _INIT macros a C program compiled
against picolog.h gets, and the Python signatures' picolog-specific
defaults are those values."""

import inspect
import json
import os
import shutil
import subprocess

import pytest

import picolog
from picolog import _defaults
from picolog._ffi import ffi, lib
from picolog.handlers import BacktraceHandler, SysLogHandler

# Prints each struct's _INIT values as JSON (pointers as 0 or 1: NULL or not).
PROBE = r"""
#include <picolog.h>
#include <stdio.h>

#define Q(q) "{\"capacity\": %zu, \"max_bytes\": %zu, \"overflow\": %d, \"timeout_ms\": %u, " \
             "\"respect_handler_level\": %d}", (q).capacity, (q).max_bytes, (q).overflow,    \
             (unsigned)(q).timeout_ms, (q).respect_handler_level

int main(void) {
    picolog_memory_options m = PICOLOG_MEMORY_OPTIONS_INIT;
    picolog_backtrace_options b = PICOLOG_BACKTRACE_OPTIONS_INIT;
    picolog_syslog_options s = PICOLOG_SYSLOG_OPTIONS_INIT;
    picolog_journald_options j = PICOLOG_JOURNALD_OPTIONS_INIT;
    printf("{\"memory\": {\"capacity\": %zu, \"flush_level\": %d, \"flush_on_close\": %d},\n",
           m.capacity, m.flush_level, m.flush_on_close);
    printf("\"backtrace\": {\"capacity\": %zu, \"store_below\": %d, \"trigger\": %d, "
           "\"prefix\": %d},\n",
           b.capacity, b.store_below, b.trigger, b.prefix != NULL);
    printf("\"syslog\": {\"transport\": %d, \"address\": %d, \"port\": %u, \"format\": %d, "
           "\"framing\": %d, \"facility\": %d, \"sd_id\": %d, \"append_nul\": %d, "
           "\"default_severity\": %d, \"max_datagram\": %zu, \"hold\": %zu, "
           "\"backoff_initial_ms\": %u, \"backoff_max_ms\": %u, \"connect_timeout_ms\": %u, "
           "\"send_timeout_ms\": %u, \"tls_verify\": %d, \"queue\": ",
           s.transport, s.address != NULL, (unsigned)s.port, s.format, s.framing, s.facility,
           s.sd_id != NULL, s.append_nul, s.default_severity, s.max_datagram, s.hold,
           (unsigned)s.backoff_initial_ms, (unsigned)s.backoff_max_ms,
           (unsigned)s.connect_timeout_ms, (unsigned)s.send_timeout_ms, s.tls_verify);
    printf(Q(s.queue));
    printf("},\n\"journald\": {\"socket_path\": %d, \"identifier\": %d, \"facility\": %d, "
           "\"default_severity\": %d, \"queue\": ",
           j.socket_path != NULL, j.identifier != NULL, j.facility, j.default_severity);
    printf(Q(j.queue));
    printf("}}\n");
    return 0;
}
"""


@pytest.fixture(scope="module")
def macros(tmp_path_factory):
    cc = os.environ.get("CC", "cc")
    if shutil.which(cc) is None:
        pytest.skip(f"no C compiler ({cc})")
    work = tmp_path_factory.mktemp("defaults")
    (work / "probe.c").write_text(PROBE)
    exe = work / "probe"
    subprocess.run(
        [
            cc,
            "-std=c11",
            "-Wall",
            "-Werror",
            "-I",
            picolog.get_include(),
            "-o",
            str(exe),
            "probe.c",
        ],
        cwd=work,
        check=True,
    )
    return json.loads(subprocess.run([str(exe)], check=True, capture_output=True).stdout)


def _as_dict(struct, like):
    """The fields of a cffi struct named in `like`, pointers as NULL or not."""
    out = {}
    for name, want in like.items():
        value = getattr(struct, name)
        if isinstance(want, dict):
            out[name] = _as_dict(value, want)
        elif isinstance(value, int):
            out[name] = value
        else:  # a pointer
            out[name] = int(value != ffi.NULL)
    return out


@pytest.mark.parametrize("name", ["memory", "backtrace", "syslog", "journald"])
def test_init_gives_the_init_macros(macros, name):
    assert _as_dict(_defaults.options(name), macros[name]) == macros[name]


def test_signature_defaults_are_the_libraries(macros):
    syslog = inspect.signature(SysLogHandler).parameters
    assert syslog["hold"].default == macros["syslog"]["hold"]
    assert syslog["capacity"].default == macros["syslog"]["queue"]["capacity"]
    ring = inspect.signature(BacktraceHandler).parameters
    assert ring["capacity"].default == macros["backtrace"]["capacity"]
    assert ring["store_below"].default == macros["backtrace"]["store_below"]
    assert ring["trigger"].default == macros["backtrace"]["trigger"]
    assert ring["prefix"].default is None  # NULL: the library's "[backtrace] "


def test_a_newer_version_is_refused_naming_both():
    struct = ffi.new("picolog_memory_options *")
    current = lib.PICOLOG_MEMORY_OPTIONS_VERSION
    assert lib.picolog_memory_options_init(struct, current + 1) == lib.PICOLOG_EINVAL
    message = ffi.string(lib.picolog_last_error()).decode()
    assert f"version {current + 1} is newer than this library's version {current}" in message

"""The C log methods' thread identity on a thread Python did not start: a
native thread calling into Python through ctypes gets a new thread state
for every call (PyGILState_Ensure, then Release), often at the address of
the last one. Each call's record names the thread as logging names it
then, from that call's own thread state (_speedups.c, seen_identity)."""

import ctypes
import os
import shutil
import subprocess
import threading

import pytest

import picolog

HELPER = r"""
#include <pthread.h>
typedef void (*callback)(int);
struct job { callback cb; int calls; };
static void* run(void* p) {
    struct job* j = p;
    for (int i = 0; i < j->calls; ++i) j->cb(i);
    return 0;
}
int call_from_one_native_thread(callback cb, int calls) {
    struct job j = {cb, calls};
    pthread_t t;
    if (pthread_create(&t, 0, run, &j) != 0) return -1;
    return pthread_join(t, 0);
}
"""


@pytest.fixture
def helper(tmp_path):
    cc = os.environ.get("CC", "cc")
    if shutil.which(cc) is None:
        pytest.skip("no C compiler")
    source = tmp_path / "helper.c"
    source.write_text(HELPER)
    target = tmp_path / "libhelper.so"
    command = [cc, "-shared", "-fPIC", "-pthread", "-o", str(target), str(source)]
    subprocess.run(command, check=True, capture_output=True, text=True)
    return ctypes.CDLL(str(target))


def test_each_thread_state_of_a_native_thread_names_its_records(helper, tmp_path, uname):
    log = picolog.getLogger(uname)
    log.propagate = False
    log.setLevel(picolog.INFO)
    path = tmp_path / "out.log"
    handler = picolog.FileHandler(str(path))
    handler.setFormatter(picolog.Formatter("%(threadName)s|%(thread)d|%(message)s"))
    log.addHandler(handler)
    seen = []

    def call(i):
        me = threading.current_thread()
        if i % 2:
            me.name = f"native-{i}"
        seen.append((me.name, me.ident))
        log.info("call %d", i)

    callback = ctypes.CFUNCTYPE(None, ctypes.c_int)(call)
    try:
        assert helper.call_from_one_native_thread(callback, 40) == 0
        handler.flush()
    finally:
        log.removeHandler(handler)
        handler.close()
    lines = path.read_text().splitlines()
    assert lines == [f"{name}|{ident}|call {i}" for i, (name, ident) in enumerate(seen)]

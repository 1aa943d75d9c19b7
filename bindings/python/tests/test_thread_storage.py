"""libpicolog's thread-locals sit in the static TLS block in a Python
process, which loads the library with dlopen: each one is a load at a fixed
offset from the thread pointer, not a call to _dl_tlsdesc_dynamic (about 17
instructions, several per log call). glibc gives a library loaded that way
a place there only while its thread-local storage fits the few hundred
bytes kept spare (libcore's thread_block.hpp keeps the rest elsewhere)."""

import ctypes
import threading

import picolog

RTLD_DI_TLS_DATA = 10
# A static block lies below the thread pointer, within the process's static
# TLS (a few KiB); a dynamic one is allocated from the heap, far from it.
STATIC_TLS_REACH = 64 * 1024


def _loaded_libpicolog():
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "/libpicolog.so" in line}
    assert len(paths) == 1, paths
    return paths.pop()


def test_libpicolog_thread_locals_are_in_the_static_tls_block():
    libc = ctypes.CDLL(None)
    libc.pthread_self.restype = ctypes.c_void_p
    libc.dlinfo.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    lib = ctypes.CDLL(_loaded_libpicolog())  # the loaded one, not a second copy
    seen = {}

    def in_a_new_thread():
        # A log call first: a dynamic block is only made by a thread's use.
        picolog.getLogger("thread_storage").warning("a record of this thread")
        block = ctypes.c_void_p()
        seen["rc"] = libc.dlinfo(lib._handle, RTLD_DI_TLS_DATA, ctypes.byref(block))
        seen["block"] = block.value
        seen["thread_pointer"] = libc.pthread_self()

    t = threading.Thread(target=in_a_new_thread)
    t.start()
    t.join()
    assert seen["rc"] == 0
    assert seen["block"] is not None
    below = seen["thread_pointer"] - seen["block"]
    assert 0 < below < STATIC_TLS_REACH, f"{below} bytes below the thread pointer"

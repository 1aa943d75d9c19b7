"""SysLogHandler's records never enter Python: with a formatter C can run,
a log call goes from the Logger's C call straight into the native syslog
handler's queue; no method of the handler runs per record."""

import os
import socket
import sys
from pathlib import Path

import picolog
from picolog.handlers import SysLogHandler

PACKAGE = str(Path(picolog.__file__).parent)
N = 200


def test_no_python_code_of_the_handler_runs_per_record(uname):
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
    rx.bind(("127.0.0.1", 0))
    h = SysLogHandler(rx.getsockname(), rfc5424=True, hostname="h", app_name="a")
    h.setFormatter(picolog.Formatter("%(levelname)s %(message)s"))
    log = picolog.getLogger(uname)
    log.propagate = False
    log.setLevel(picolog.INFO)
    log.addHandler(h)
    log.info("warm-up")  # builds the C handler once
    h.flush()
    rx.recv(65536)

    # Any Python function of the handler that a record reached would count:
    # the instance's own emit/format/handle, and every function of the
    # package's handler and formatter modules. (Whether the Logger builds a
    # Python LogRecord is the Logger's choice, made for the whole process
    # while any Python handler or filter exists; it is not checked here.)
    reached = []

    def count(*args, **kwargs):
        reached.append(args)

    for name in ("emit", "format", "handle", "filter"):
        setattr(h, name, count)
    calls = []

    def profile(frame, event, arg):
        if event == "call" and frame.f_code.co_filename.startswith(PACKAGE):
            name = Path(frame.f_code.co_filename).name
            if name in ("_syslog.py", "_handler.py", "_formatter.py"):
                calls.append((name, frame.f_code.co_name))

    sys.setprofile(profile)
    try:
        for i in range(N):
            log.info("record %d", i)
    finally:
        sys.setprofile(None)
    h.flush()
    assert calls == []
    assert reached == []
    rx.settimeout(30)  # a watchdog, not a timing bound
    got = [rx.recv(65536).decode() for _ in range(N)]
    log.removeHandler(h)
    h.close()
    rx.close()
    assert got[0].endswith(f" h a {os.getpid()} - - INFO record 0")
    assert got[-1].endswith(f" INFO record {N - 1}")

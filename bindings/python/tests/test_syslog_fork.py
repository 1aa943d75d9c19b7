"""SysLogHandler across fork() against a real rsyslogd (rsyslogd.py): what
the parent holds for a daemon that is away, and the drops it has not
reported yet, stay the parent's. The child neither reports them again nor
counts them among its own records."""

import json
import os
import re
import socket

import pytest
import rsyslogd

import picolog
from picolog.handlers import SysLogHandler

pytestmark = pytest.mark.skipif(not rsyslogd.available(), reason="rsyslogd is not installed")


def in_child(work):
    """work() in a forked child; its result (JSON) back in the parent."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(rfd)
            os.write(wfd, json.dumps(work()).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as r:
        data = r.read()
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
    return json.loads(data)


def settled(st):
    """The records a handler's counters account for."""
    return sum(
        st[k]
        for k in (
            "sent",
            "dropped_queue_full",
            "dropped_unreachable",
            "dropped_closed",
            "dropped_failed",
            "held",
            "queued",
        )
    )


def test_a_forked_child_leaves_the_parents_held_records_and_drops_to_it(tmp_path, uname):
    d = rsyslogd.Rsyslogd(tmp_path / "rsyslog")
    h = SysLogHandler(
        ("127.0.0.1", d.tcp_port),
        SysLogHandler.LOG_LOCAL0,
        socket.SOCK_STREAM,
        rfc5424=True,
        hold=2,
    )
    log = picolog.getLogger(uname)
    log.propagate = False
    log.addHandler(h)
    try:
        # The daemon is not there yet: two records held, three dropped.
        for i in range(5):
            log.warning("parent %d", i)
        h.flush()
        assert (h.stats()["held"], h.stats()["dropped_unreachable"]) == (2, 3)
        d.start()

        def child():
            before = h.stats()
            log.warning("child 0")
            h.flush()
            return before, h.stats()

        child_before, child_after = in_child(child)
        h.flush()
        parent = h.stats()
        h.close()
        lines = d.wait_for_lines(parent["sent"] + parent["reports"] + child_after["sent"])
    finally:
        d.stop()
    # In the child, every record its counters hold is accounted for.
    assert child_before["held"] == 0
    assert settled(child_before) == child_before["enqueued"]
    assert settled(child_after) == child_after["enqueued"]
    assert child_after["sent"] == 1 and child_after["reports"] == 0
    # The daemon hears of the three drops once, from the parent.
    notes = [
        int(m.group(1))
        for ln in lines
        for m in [re.search(r"picolog: (\d+) records dropped", ln)]
        if m
    ]
    assert notes == [3]
    msgs = sorted(ln.split("|", 7)[7] for ln in lines if "records dropped" not in ln)
    assert msgs == ["child 0", "parent 3", "parent 4"]

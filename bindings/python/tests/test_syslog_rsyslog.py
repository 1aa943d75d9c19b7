"""SysLogHandler against a real rsyslogd started by the test (rsyslogd.py):
100,000 records over a unix datagram socket, UDP and TCP arrive with their
fields intact or are counted; rsyslogd killed and restarted in the middle of
a TCP stream loses nothing uncounted."""

import re
import socket
from pathlib import Path

import pytest
import rsyslogd

import picolog
from picolog.handlers import SysLogHandler

pytestmark = pytest.mark.skipif(not rsyslogd.available(), reason="rsyslogd is not installed")

N = 100_000


@pytest.fixture
def daemon(tmp_path):
    with rsyslogd.Rsyslogd(tmp_path / "rsyslog") as d:
        yield d


def make_logger(uname, handler):
    log = picolog.getLogger(uname)
    log.propagate = False
    log.setLevel(picolog.DEBUG)
    log.addHandler(handler)
    return log


def parse(lines):
    """{seq: fields} of the records the test logged ("rec <seq>")."""
    got = {}
    for line in lines:
        sev, fac, host, app, pid, msgid, sd, msg = line.split("|", 7)
        m = re.fullmatch(r"rec (\d+)", msg)
        if m:
            got[int(m.group(1))] = (int(sev), int(fac), host, app, pid, msgid, sd)
    return got


def log_all(log, first, count):
    for i in range(first, first + count):
        log.warning("rec %d", i, extra={"seq": str(i), "q": 'a"b]'})


def check_fields(got, seq, pid):
    sev, fac, host, app, procid, msgid, sd = got[seq]
    assert (sev, fac, host, app, procid, msgid) == (4, 16, "shiphost", "shiptest", str(pid), "M1")
    assert sd == f'[fields seq="{seq}" q="a\\"b\\]"]'


def rfc5424(address, socktype=None, **kw):
    return SysLogHandler(
        address,
        SysLogHandler.LOG_LOCAL0,
        socktype,
        rfc5424=True,
        hostname="shiphost",
        app_name="shiptest",
        msgid="M1",
        **kw,
    )


def test_unix_datagram_every_record(daemon, uname):
    h = rfc5424(daemon.unix_path)
    log = make_logger(uname, h)
    log_all(log, 0, N)
    h.flush()
    got = parse(daemon.wait_for_lines(N))
    st = h.stats()
    h.close()
    assert st["sent"] == N and st["dropped_unreachable"] == 0 and st["dropped_queue_full"] == 0
    assert sorted(got) == list(range(N))
    for seq in (0, 1, N // 2, N - 1):
        check_fields(got, seq, _pid())


def test_tcp_octet_counting_every_record(daemon, uname):
    h = rfc5424(("127.0.0.1", daemon.tcp_port), socket.SOCK_STREAM)
    log = make_logger(uname, h)
    log.warning("two\nlines", extra={"seq": "x"})
    log_all(log, 0, N)
    h.flush()
    lines = daemon.wait_for_lines(N + 1)
    st = h.stats()
    h.close()
    got = parse(lines)
    assert st["sent"] == N + 1
    assert sorted(got) == list(range(N))
    check_fields(got, N - 1, _pid())
    # Octet counting keeps a message with a newline whole (rsyslog escapes
    # the control character when it writes it).
    assert any(line.endswith("|two#012lines") for line in lines)


def test_udp_delivered_plus_counted_drops_equals_sent(daemon, uname):
    h = rfc5424(("127.0.0.1", daemon.udp_port))
    log = make_logger(uname, h)
    log_all(log, 0, N)
    h.flush()
    st = h.stats()
    assert st["sent"] + st["dropped_unreachable"] + st["dropped_failed"] + st["held"] == N
    # UDP has no flow control: what rsyslogd's socket could not take the
    # kernel counts at that socket. Every datagram sent is in the file or
    # in that count.
    got = {}
    for _ in range(3000):
        got = parse(daemon.wait_for_lines(st["sent"] - daemon.udp_drops(), limit=0.05))
        if len(got) + daemon.udp_drops() >= st["sent"]:
            break
    h.close()
    assert len(got) + daemon.udp_drops() == st["sent"]
    check_fields(got, max(got), _pid())


def test_udp_truncates_at_a_utf8_boundary(daemon, uname):
    h = rfc5424(("127.0.0.1", daemon.udp_port))
    log = make_logger(uname, h)
    log.error("rec 1 " + "\u20ac" * 30_000)  # 90,000 bytes: over the UDP limit
    h.flush()
    lines = daemon.wait_for_lines(1)
    st = h.stats()
    h.close()
    assert st["truncated"] == 1 and st["sent"] == 1
    msg = lines[0].split("|", 7)[7]
    assert msg.startswith("rec 1 \u20ac") and "\ufffd" not in msg
    assert len(lines[0].encode()) < 65507


def test_tcp_max_message_stays_within_rsyslogds_limit(daemon, uname):
    # rsyslogd keeps the first maxMessageSize bytes (64k here) of a message
    # and delivers the rest as messages of their own; cut by the sender, a
    # long record stays one record and the next ones stay whole.
    h = rfc5424(("127.0.0.1", daemon.tcp_port), socket.SOCK_STREAM, max_message=60_000)
    log = make_logger(uname, h)
    log.error("rec 1 " + "\u20ac" * 30_000)  # 90,000 bytes
    log.error("rec 2")
    h.flush()
    lines = daemon.wait_for_lines(2)
    st = h.stats()
    h.close()
    assert st["truncated"] == 1 and st["sent"] == 2
    msgs = [line.split("|", 7)[7] for line in lines]
    assert len(msgs) == 2 and msgs[1] == "rec 2"
    assert msgs[0].startswith("rec 1 \u20ac") and "\ufffd" not in msgs[0]
    assert len(msgs[0].encode()) < 60_000


def test_rfc3164_tag_and_pid_reach_the_daemon(daemon, uname):
    # An app name holding the characters that end a TAG (':' and '[') is
    # sent without them: the daemon still finds the whole name and the PID.
    h = SysLogHandler(
        daemon.unix_path,
        SysLogHandler.LOG_LOCAL0,
        rfc3164=True,
        hostname="shiphost",
        app_name="svc:worker[2]",
    )
    log = make_logger(uname, h)
    log.warning("rec 0")
    h.flush()
    lines = daemon.wait_for_lines(1)
    h.close()
    sev, fac, host, app, procid, msgid, sd, msg = lines[0].split("|", 7)
    assert (sev, fac, host, app, procid) == ("4", "16", "shiphost", "svc_worker_2_", str(_pid()))
    assert msg.strip() == "rec 0"


def test_tcp_restart_every_record_delivered_or_counted(tmp_path, uname):
    d = rsyslogd.Rsyslogd(tmp_path / "rsyslog").start()
    try:
        h = rfc5424(("127.0.0.1", d.tcp_port), socket.SOCK_STREAM, hold=1000)
        log = make_logger(uname, h)
        # First half, all in rsyslog's file.
        log_all(log, 0, N // 2)
        h.flush()
        assert len(d.wait_for_lines(N // 2)) == N // 2
        # Crash the daemon; a quarter logged while it is away.
        d.kill()
        log_all(log, N // 2, N // 4)
        h.flush()
        # Back on the same port; the last quarter.
        d.start()
        log_all(log, N // 2 + N // 4, N - N // 2 - N // 4)
        h.flush()
        st = h.stats()
        h.close()
        st_closed = h.stats()
        dropped = (
            st_closed["dropped_unreachable"]
            + st_closed["dropped_closed"]
            + st_closed["dropped_queue_full"]
            + st_closed["dropped_failed"]
        )
        lines = d.wait_for_lines(st_closed["sent"] + st_closed["reports"])
    finally:
        d.stop()
    got = parse(lines)
    assert st["reconnects"] >= 1
    assert st_closed["sent"] == len(got)
    assert len(got) + dropped == N
    notes = [ln for ln in lines if "records dropped while tcp:127.0.0.1" in ln]
    assert len(notes) == st_closed["reports"] >= 1
    noted = sum(int(re.search(r"picolog: (\d+) records", ln).group(1)) for ln in notes)
    assert noted == st_closed["dropped_unreachable"]


def test_default_bytes_are_the_standard_librarys(uname):
    import logging
    import logging.handlers

    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 0))
    port = rx.getsockname()[1]
    try:
        std = logging.handlers.SysLogHandler(("127.0.0.1", port))
        slog = logging.getLogger(uname)
        slog.propagate = False
        slog.addHandler(std)
        slog.warning("disk %s full", "/var")
        slog.error("caf\u00e9")
        std.close()
        h = SysLogHandler(("127.0.0.1", port))
        log = make_logger(uname, h)
        log.warning("disk %s full", "/var")
        log.error("caf\u00e9")
        h.flush()
        h.close()
        got = [rx.recv(65536) for _ in range(4)]
    finally:
        rx.close()
    assert got[:2] == got[2:]
    assert got[0] == b"<12>disk /var full\x00"


def _pid():
    import os

    return os.getpid()


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="framing"):
        SysLogHandler(framing="nul")
    with pytest.raises(ValueError, match="facility"):
        SysLogHandler(facility="nosuch")
    with pytest.raises(ValueError, match="socktype"):
        SysLogHandler(("127.0.0.1", 514), socktype=socket.SOCK_RAW)
    with pytest.raises(ValueError, match="rfc5424 or rfc3164"):
        SysLogHandler(rfc5424=True, rfc3164=True)
    assert SysLogHandler.LOG_LOCAL7 == 23
    assert SysLogHandler.facility_names["local0"] == 16


def documented_relay_socket():
    """The imuxsock module parameters of the relay in docs/shipping.md."""
    docs = Path(__file__).resolve().parents[3] / "docs" / "shipping.md"
    relay = docs.read_text().split("The local relay", 1)[1]
    return re.search(r'module\(load="imuxsock"([^)]*)\)', relay).group(1).strip()


def test_relay_to_a_central_rsyslogd(tmp_path, uname):
    # app -> local relay (its system socket, as docs/shipping.md configures
    # /dev/log) -> central over TCP, octet-counted RFC 5424 -> file: the
    # example of docs/shipping.md.
    n = 20_000
    central = rsyslogd.Rsyslogd(tmp_path / "central").start()
    relay = rsyslogd.Rsyslogd(
        tmp_path / "relay",
        forward_to=central.tcp_port,
        write_file=False,
        disk_queue=True,
        system_socket=documented_relay_socket(),
    ).start()
    try:
        h = rfc5424(relay.unix_path)
        log = make_logger(uname, h)
        log_all(log, 0, n)
        h.flush()
        st = h.stats()
        h.close()
        # Two daemons and a forwarding queue that spills to disk when the
        # central one falls behind: on a loaded machine a run of records can
        # wait there for more than the usual watchdog's minute.
        got = parse(central.wait_for_lines(n, limit=300.0))
    finally:
        relay.stop()
        central.stop()
    assert st["sent"] == n
    assert sorted(got) == list(range(n))
    check_fields(got, n - 1, _pid())


def test_tls_to_rsyslogs_gtls_listener(tmp_path, uname):
    # RFC 5425: octet-counted RFC 5424 over TLS, the server's certificate
    # verified against the test's own CA for 127.0.0.1.
    n = 10_000
    d = rsyslogd.Rsyslogd(tmp_path / "rsyslog", tls=True).start()
    try:
        h = rfc5424(("127.0.0.1", d.tls_port), tls=True, tls_ca_file=d.ca_file)
        log = make_logger(uname, h)
        log_all(log, 0, n)
        h.flush()
        st = h.stats()
        h.close()
        got = parse(d.wait_for_lines(n))
    finally:
        d.stop()
    assert st["sent"] == n and st["connect_failures"] == 0
    assert sorted(got) == list(range(n))
    check_fields(got, n - 1, _pid())


def test_tls_frames_each_message_by_its_length(tmp_path, uname):
    # RFC 5425 frames every message with its length, whatever the framing
    # option says: Python's default messages (bare, no delimiter of their
    # own on a stream) arrive one record each.
    d = rsyslogd.Rsyslogd(tmp_path / "rsyslog", tls=True).start()
    try:
        h = SysLogHandler(
            ("127.0.0.1", d.tls_port),
            SysLogHandler.LOG_LOCAL0,
            tls=True,
            tls_ca_file=d.ca_file,
        )
        h.ident = "app: "  # the daemon's TAG, ahead of the message
        log = make_logger(uname, h)
        log_all(log, 0, 3)
        h.flush()
        st = h.stats()
        lines = d.wait_for_lines(3)
        h.close()
    finally:
        d.stop()
    assert st["sent"] == 3
    assert [line.split("|", 7)[7].strip() for line in lines] == ["rec 0", "rec 1", "rec 2"]


def test_tls_refuses_a_server_it_cannot_verify(tmp_path, uname):
    # The system's trust store does not know the test's CA: no connection,
    # the records are held, and closing counts them.
    d = rsyslogd.Rsyslogd(tmp_path / "rsyslog", tls=True).start()
    try:
        h = rfc5424(("127.0.0.1", d.tls_port), tls=True)
        log = make_logger(uname, h)
        log_all(log, 0, 5)
        h.flush()
        st = h.stats()
        h.close()
        closed = h.stats()
    finally:
        d.stop()
    assert st["sent"] == 0 and st["held"] == 5 and st["connect_failures"] >= 1
    assert closed["dropped_closed"] == 5

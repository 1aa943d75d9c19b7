"""SocketHandler, DatagramHandler, HTTPHandler and SMTPHandler against real
receivers on loopback, compared with what logging's own handlers send."""

import http.server
import logging
import logging.handlers
import pickle
import socket
import socketserver
import struct
import threading
import urllib.parse

import pytest

import picolog
import picolog.handlers

MODULES = [(logging, logging.handlers), (picolog, picolog.handlers)]


def _log_three(mod, handler, name):
    log = mod.getLogger(name)
    log.setLevel(mod.DEBUG)
    log.propagate = False
    log.addHandler(handler)
    try:
        log.info("first %d", 1)
        log.warning("second", extra={"job": "j2"})
        try:
            raise ValueError("bad")
        except ValueError:
            log.exception("third")
    finally:
        log.removeHandler(handler)
        handler.close()


class _Records(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            head = self.rfile.read(4)
            if len(head) < 4:
                self.server.done.set()
                return
            (size,) = struct.unpack(">L", head)
            self.server.got.append(pickle.loads(self.rfile.read(size)))


def _summary(d):
    return (
        d["name"].rsplit(".", 1)[0],
        d["levelname"],
        d["msg"],
        d.get("job"),
        bool(d["exc_text"]),
    )


def test_socket_handler_sends_what_logging_sends(uname):
    results = []
    for mod, handlers in MODULES:
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Records)
        server.daemon_threads = False
        server.block_on_close = True
        server.got = []
        server.done = threading.Event()
        thread = threading.Thread(target=server.serve_forever)
        thread.start()
        try:
            port = server.server_address[1]
            _log_three(mod, handlers.SocketHandler("127.0.0.1", port), f"{uname}.{mod.__name__}")
            assert server.done.wait(timeout=60)
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
        results.append(server.got)
    theirs, ours = results
    assert [_summary(d) for d in ours] == [_summary(d) for d in theirs]
    assert [d["msg"] for d in ours] == ["first 1", "second", "third"]
    assert sorted(ours[0]) == sorted(theirs[0])


def test_datagram_handler_sends_what_logging_sends(uname):
    results = []
    for mod, handlers in MODULES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as rx:
            rx.bind(("127.0.0.1", 0))
            rx.settimeout(10)
            port = rx.getsockname()[1]
            _log_three(mod, handlers.DatagramHandler("127.0.0.1", port), f"{uname}.{mod.__name__}")
            got = []
            for _ in range(3):
                data = rx.recv(65536)
                got.append(pickle.loads(data[4:]))
        results.append(got)
    theirs, ours = results
    assert [_summary(d) for d in ours] == [_summary(d) for d in theirs]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_http_handler_sends_what_logging_sends(uname, method):
    results = []
    for mod, handlers in MODULES:
        got = []

        class Receiver(http.server.BaseHTTPRequestHandler):
            received = got

            def _take(self, query):
                self.received.append({k: v[0] for k, v in urllib.parse.parse_qs(query).items()})
                self.send_response(200)
                self.end_headers()

            def do_GET(self):
                self._take(urllib.parse.urlsplit(self.path).query)

            def do_POST(self):
                size = int(self.headers["Content-Length"])
                self._take(self.rfile.read(size).decode())

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
        thread = threading.Thread(target=server.serve_forever)
        thread.start()
        try:
            host = f"127.0.0.1:{server.server_address[1]}"
            handler = handlers.HTTPHandler(host, "/log", method=method)
            _log_three(mod, handler, f"{uname}.{mod.__name__}")
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
        results.append(got)
    theirs, ours = results
    assert [_summary(d) for d in ours] == [_summary(d) for d in theirs]


def _smtp_server():
    """A minimal SMTP receiver on loopback: (socket, thread, mails)."""
    listener = socket.create_server(("127.0.0.1", 0))
    mails = []

    def serve():
        while True:
            conn, _ = listener.accept()
            with conn, conn.makefile("rwb") as f:
                f.write(b"220 test\r\n")
                f.flush()
                while True:
                    line = f.readline()
                    verb = line[:4].upper()
                    if not line or verb == b"QUIT":
                        f.write(b"221 bye\r\n")
                        f.flush()
                        break
                    if verb == b"DATA":
                        f.write(b"354 go\r\n")
                        f.flush()
                        body = []
                        while (part := f.readline()) != b".\r\n":
                            body.append(part)
                        mails.append(b"".join(body).decode())
                    f.write(b"250 ok\r\n")
                    f.flush()
            if len(mails) >= 3 or mails and mails[-1] == "STOP":
                return

    thread = threading.Thread(target=serve)
    thread.start()
    return listener, thread, mails


def test_smtp_handler_sends_a_mail_per_record(uname):
    listener, thread, mails = _smtp_server()
    try:
        port = listener.getsockname()[1]
        handler = picolog.handlers.SMTPHandler(
            ("127.0.0.1", port), "app@example.org", ["ops@example.org"], "alert"
        )
        _log_three(picolog, handler, uname)
    finally:
        thread.join(timeout=30)
        listener.close()
    assert len(mails) == 3
    assert all("Subject: alert" in m and "To: ops@example.org" in m for m in mails)
    assert "first 1" in mails[0] and "ValueError: bad" in mails[2]

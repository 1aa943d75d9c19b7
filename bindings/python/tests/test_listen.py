"""picolog.config.listen(): configurations received over TCP on loopback."""

import json
import socket
import struct

import picolog
import picolog.config


def _send(port, data):
    with socket.create_connection(("localhost", port)) as s:
        s.sendall(struct.pack(">L", len(data)) + data)


def _listener(verify=None):
    t = picolog.config.listen(0, verify)
    t.start()
    assert t.ready.wait(60)
    t.ready.clear()
    return t


def test_a_json_configuration_is_applied(uname):
    t = _listener()
    try:
        config = {"version": 1, "incremental": True, "loggers": {uname: {"level": "ERROR"}}}
        _send(t.port, json.dumps(config).encode())
        assert t.ready.wait(60)
    finally:
        picolog.config.stopListening()
        t.join(60)
    assert picolog.getLogger(uname).level == picolog.ERROR


def test_verify_can_refuse_or_transform(uname):
    t = _listener(verify=lambda data: None if data.startswith(b"x") else data[::-1])
    try:
        _send(t.port, b"x" + json.dumps({"version": 1}).encode())
        assert t.ready.wait(60)
        t.ready.clear()
        config = {"version": 1, "incremental": True, "loggers": {uname: {"level": "DEBUG"}}}
        _send(t.port, json.dumps(config).encode()[::-1])
        assert t.ready.wait(60)
    finally:
        picolog.config.stopListening()
        t.join(60)
    assert picolog.getLogger(uname).level == picolog.DEBUG


def test_an_ini_configuration_is_applied(uname, tmp_path):
    path = tmp_path / "ini.log"
    ini = f"""
[loggers]
keys=root,app
[handlers]
keys=file
[formatters]
keys=plain
[logger_root]
handlers=
[logger_app]
level=INFO
handlers=file
qualname={uname}
propagate=0
[handler_file]
class=FileHandler
args=({str(path)!r},)
formatter=plain
[formatter_plain]
format=%(levelname)s %(message)s
"""
    t = _listener()
    try:
        _send(t.port, ini.encode())
        assert t.ready.wait(60)
    finally:
        picolog.config.stopListening()
        t.join(60)
    log = picolog.getLogger(uname)
    log.info("configured")
    for h in log.handlers:
        h.close()
    log.handlers = []
    assert path.read_text() == "INFO configured\n"

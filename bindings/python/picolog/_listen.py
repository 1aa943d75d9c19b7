"""logging.config.listen / stopListening for picolog: a TCP receiver of
configurations, as logging's.

Each connection sends a 4-byte big-endian length and that many bytes: a
JSON object for dictConfig, else fileConfig's INI text. verify(bytes) may
transform the bytes or return None to discard them. Configurations are
applied by picolog.config, so they configure the one runtime of the process.
"""

import io
import json
import socketserver
import struct
import threading
import traceback

DEFAULT_LOGGING_CONFIG_PORT = 9030

_lock = threading.Lock()
_listener = None


def _apply(text):
    from .config import dictConfig, fileConfig

    try:
        config = json.loads(text)
    except ValueError:
        config = None
    if isinstance(config, dict):
        dictConfig(config)
    else:
        fileConfig(io.StringIO(text))


class _ConfigRequest(socketserver.StreamRequestHandler):
    def handle(self):
        head = self.rfile.read(4)
        if len(head) == 4:
            (size,) = struct.unpack(">L", head)
            data = self.rfile.read(size)
            verify = self.server.verify
            if verify is not None:
                data = verify(data)
            if data is not None:
                try:
                    _apply(data.decode("utf-8"))
                except Exception:
                    traceback.print_exc()
        self.server.ready.set()


class _Receiver(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class ConfigListener(threading.Thread):
    """The thread listen() returns: start() it; `port` is the bound port,
    `ready` is set once it serves and again after each configuration."""

    def __init__(self, port, verify):
        super().__init__(name="picolog-config-listener", daemon=True)
        self.ready = threading.Event()
        self.rcvr = _Receiver(("localhost", port), _ConfigRequest)
        self.rcvr.verify = verify
        self.rcvr.ready = self.ready
        self.port = self.rcvr.server_address[1]

    def run(self):
        global _listener
        with _lock:
            _listener = self
        self.ready.set()
        try:
            self.rcvr.serve_forever(poll_interval=0.5)
        finally:
            self.rcvr.server_close()

    def stop(self):
        self.rcvr.shutdown()


def listen(port=DEFAULT_LOGGING_CONFIG_PORT, verify=None):
    """A thread that, once started, receives configurations on `port`
    (0: any free port, read from .port) until stopListening()."""
    return ConfigListener(port, verify)


def stopListening():
    """Stops the receiver started last, if any."""
    global _listener
    with _lock:
        listener, _listener = _listener, None
    if listener is not None:
        listener.stop()

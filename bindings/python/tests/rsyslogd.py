"""A private rsyslogd for tests and benchmarks: started on 127.0.0.1 with
ports of its own, a config and work directory of its own, and an omfile
output; stopped (or killed and restarted) by the caller.

    with Rsyslogd(tmp_path) as d:         # UDP, TCP and a unix socket
        ...log to d.tcp_port / d.udp_port / d.unix_path...
        lines = d.wait_for_lines(n)       # what rsyslog wrote, one per message

A relay forwards everything to another rsyslogd over TCP instead of (or as
well as) writing it:  Rsyslogd(dir, forward_to=central.tcp_port).
Rsyslogd(dir, system_socket='SysSock.X="y"') makes d.unix_path rsyslog's
system socket (what /dev/log is) with those imuxsock module parameters,
rsyslog's defaults for the rest, rather than an input of its own.
Rsyslogd(dir, tls=True) adds a TLS listener (RFC 5425, rsyslog's gtls
driver) on d.tls_port with a certificate for 127.0.0.1 and localhost
signed by a CA of its own (d.ca_file).

Each line of the output file is FIELDS: severity|facility|hostname|app-name|
procid|msgid|structured-data|msg (rsyslog's own property names).
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

FIELDS = (
    "%syslogseverity%|%syslogfacility%|%hostname%|%app-name%|%procid%|%msgid%|"
    "%structured-data%|%msg%\\n"
)
RSYSLOGD = shutil.which("rsyslogd") or "/usr/sbin/rsyslogd"


def available():
    return os.access(RSYSLOGD, os.X_OK)


def free_port():
    """A port no socket on 127.0.0.1 uses now, for TCP and UDP alike."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            try:
                u.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port


class Rsyslogd:
    """One rsyslogd child process (see the module doc)."""

    def __init__(
        self,
        workdir,
        *,
        forward_to=None,
        write_file=True,
        disk_queue=False,
        tls=False,
        throughput=False,
        system_socket=None,
    ):
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.tcp_port = free_port()
        self.udp_port = free_port()
        self.unix_path = str(self.dir / "log.sock")
        self.out = self.dir / "out.log"
        self.conf = self.dir / "rsyslog.conf"
        self.pidfile = self.dir / "rsyslogd.pid"
        self.forward_to = forward_to
        self.write_file = write_file
        self.disk_queue = disk_queue
        self.throughput = throughput
        self.system_socket = system_socket
        self.tls_port = free_port() if tls else None
        self.ca_file = str(self.dir / "ca.pem") if tls else None
        if tls:
            self._make_certificates()
        self.proc = None
        self.conf.write_text(self._config())

    def _make_certificates(self):
        d = self.dir

        def openssl(*args):
            subprocess.run(["openssl", *args], check=True, capture_output=True)

        openssl(
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=picolog test CA",
            "-keyout",
            str(d / "ca.key"),
            "-out",
            self.ca_file,
        )
        openssl(
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(d / "server.key"),
            "-out",
            str(d / "server.csr"),
        )
        (d / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        openssl(
            "x509",
            "-req",
            "-in",
            str(d / "server.csr"),
            "-CA",
            self.ca_file,
            "-CAkey",
            str(d / "ca.key"),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            str(d / "san.ext"),
            "-out",
            str(d / "server.pem"),
        )

    def _config(self):
        spool = self.dir / "spool"
        spool.mkdir(exist_ok=True)
        tls_global = ""
        if self.tls_port:
            tls_global = (
                f' DefaultNetstreamDriverCAFile="{self.ca_file}"'
                f' DefaultNetstreamDriverCertFile="{self.dir / "server.pem"}"'
                f' DefaultNetstreamDriverKeyFile="{self.dir / "server.key"}"'
            )
        # throughput=True (the benchmark's): a receive buffer and a main
        # queue large enough to take a burst of datagrams without the kernel
        # dropping any, bigger batches, and an output file written in large
        # blocks rather than once per batch. Both libraries measured get the
        # same daemon.
        udp_opts, file_opts, main_queue = 'rcvBufSize="8m"', "", []
        if self.throughput:
            udp_opts = 'rcvBufSize="256m" batchSize="128"'
            file_opts = ' ioBufferSize="1m" flushOnTXEnd="off"'
            main_queue = [
                'main_queue(queue.size="1000000" queue.dequeueBatchSize="1024" '
                'queue.workerThreads="1")'
            ]
        lines = [
            f'global(workDirectory="{spool}" maxMessageSize="64k"{tls_global})',
            *main_queue,
            'module(load="imudp")',
            'module(load="imtcp")',
            self._unix_module(),
            f'input(type="imudp" address="127.0.0.1" port="{self.udp_port}" {udp_opts})',
            f'input(type="imtcp" address="127.0.0.1" port="{self.tcp_port}")',
            *(
                [
                    f'input(type="imtcp" address="127.0.0.1" port="{self.tls_port}" '
                    'streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")'
                ]
                if self.tls_port
                else []
            ),
            *self._unix_input(),
            f'template(name="fields" type="string" string="{FIELDS}")',
        ]
        if self.write_file:
            lines.append(f'action(type="omfile" file="{self.out}" template="fields"{file_opts})')
        if self.forward_to is not None:
            queue = ""
            if self.disk_queue:
                # Disk-assisted: memory first, spilling to the spool directory
                # while the central server is away; kept across a restart.
                queue = (
                    ' queue.type="LinkedList" queue.filename="fwd" queue.saveOnShutdown="on"'
                    ' queue.maxDiskSpace="1g" action.resumeRetryCount="-1"'
                )
            lines.append(
                f'action(type="omfwd" target="127.0.0.1" port="{self.forward_to}" protocol="tcp" '
                f'TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format"{queue})'
            )
        return "\n".join(lines) + "\n"

    def _unix_module(self):
        if self.system_socket is None:
            return 'module(load="imuxsock" SysSock.Use="off")'
        return f'module(load="imuxsock" SysSock.Name="{self.unix_path}" {self.system_socket})'

    def _unix_input(self):
        if self.system_socket is not None:
            return []
        return [
            f'input(type="imuxsock" Socket="{self.unix_path}" useSpecialParser="off" '
            'parseHostname="on" ratelimit.interval="0")'
        ]

    def start(self):
        self.proc = subprocess.Popen(
            [RSYSLOGD, "-n", "-f", str(self.conf), "-i", str(self.pidfile)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_ready()
        return self

    def _wait_ready(self, limit=30.0):
        # Ready once the TCP listener accepts and the unix socket exists
        # (rsyslogd opens every input before it takes connections).
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"rsyslogd exited: {self.proc.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.tcp_port), timeout=1):
                    if os.path.exists(self.unix_path):
                        return
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError("rsyslogd did not start listening")

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.proc = None

    def kill(self):
        """SIGKILL, as a crash: whatever rsyslogd had in memory is gone."""
        self.proc.kill()
        self.proc.wait(timeout=60)
        self.proc = None

    def lines(self):
        """The complete lines of the output. rsyslogd writes a long line in
        pieces: one not yet ended by its newline is not returned (it would
        read as cut, a multi-byte character split)."""
        if not self.out.exists():
            return []
        data = self.out.read_bytes()
        return data[: data.rfind(b"\n") + 1].decode("utf-8", "replace").splitlines()

    def wait_for_lines(self, n, limit=60.0):
        """The output once it holds at least n lines. limit is a watchdog for
        a daemon that never writes them, not a timing assertion."""
        deadline = time.monotonic() + limit
        while True:
            lines = self.lines()
            if len(lines) >= n or time.monotonic() > deadline:
                return lines
            time.sleep(0.02)

    def udp_drops(self):
        """Datagrams the kernel dropped at rsyslogd's UDP socket (its receive
        buffer was full): /proc/net/udp's drops column for our port."""
        hexport = f"{self.udp_port:04X}"
        drops = 0
        for line in Path("/proc/net/udp").read_text().splitlines()[1:]:
            cols = line.split()
            if cols[1].endswith(":" + hexport):
                drops += int(cols[-1])
        return drops

    def unread(self, proto):
        """Bytes the kernel holds for rsyslogd on its TCP or UDP port that
        it has not read yet (/proc/net/tcp or udp's rx_queue column): 0 once
        the daemon has received everything sent to it."""
        port = self.tcp_port if proto == "tcp" else self.udp_port
        hexport = f"{port:04X}"
        unread = 0
        for line in Path(f"/proc/net/{proto}").read_text().splitlines()[1:]:
            cols = line.split()
            if cols[1].endswith(":" + hexport) and cols[3] != "0A":  # not the listener
                unread += int(cols[4].split(":")[1], 16)
        return unread

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

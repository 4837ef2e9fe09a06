"""ports.py - every port the integration tests listen on is picked at run
time, never a fixed number: on a shared CI machine a fixed port held by
another run (or another test of this run) fails a test for no fault of ours.

Three ways, best first:
- the server binds port 0 and says which port it got: the worker logs
  {"event":"http_listen", ... "on port N"} (listen_port), the registry
  stand-in prints "listening on HOST:PORT" (tests/registry/with_standin.sh);
- a port held by this process (Hold): bound, not listening, so connections
  to it are refused as to a server that is down and no other process can
  bind it, until it is released just before its server starts;
- a port free a moment ago (free_ports), for a server that needs its
  port in its configuration (the Kafka broker); the caller retries on a
  clash.

Plain Python (no test virtualenv): kafka.sh runs `python3 ports.py N`,
which prints N free ports, one a line. itest.py re-exports these helpers."""

import json
import re
import socket
import sys
import time


def free_ports(n=1):
    """n distinct ports that were free when this ran (held together, so
    they differ). A server started on them later may find one taken:
    retry with new ones."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def free_port():
    return free_ports(1)[0]


class Hold:
    """A port bound by this process and not listening: a client connecting
    gets "connection refused" (a server that is down), and nobody else can
    bind it (no SO_REUSEADDR) until release()."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]

    def release(self):
        """Call right before starting the server that takes the port."""
        if self.sock:
            self.sock.close()
            self.sock = None


_LISTEN = re.compile(r"on port (\d+)")


def listen_port(log_path, alive, timeout=60.0):
    """The port a `zhibiao run` started with http.listen port 0 bound, read
    from its JSON log (the "http_listen" line). alive(): False once the
    process has exited (then: RuntimeError with the log's end)."""
    t0 = time.time()
    while True:
        try:
            with open(log_path, "rb") as f:
                for raw in f:
                    if b'"http_listen"' not in raw:
                        continue
                    try:
                        rec = json.loads(raw)
                    except ValueError:
                        continue
                    m = _LISTEN.search(rec.get("msg", ""))
                    if rec.get("event") == "http_listen" and m:
                        return int(m.group(1))
        except OSError:
            pass
        if not alive():
            try:
                with open(log_path, "rb") as f:
                    last = f.read()[-600:].decode("utf-8", "replace")
            except OSError:
                last = ""
            raise RuntimeError("%s: the worker exited before it listened:\n%s" % (log_path, last))
        if time.time() - t0 > timeout:
            raise TimeoutError("%s: no http_listen line after %ds" % (log_path, timeout))
        time.sleep(0.05)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    print("\n".join(str(p) for p in free_ports(n)))

"""ports_test.py - the port helpers every integration test relies on (no
broker needed: label unit). A real `zhibiao run` binds http.listen port 0
and listen_port() must find the port it got; a held port refuses
connections and cannot be bound by anyone else until released.

    python3 ports_test.py ZHIBIAO_BIN WORK_DIR"""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import ports

failures = 0


def check(ok, what):
    global failures
    print("%s %s" % ("ok  " if ok else "FAIL", what), flush=True)
    if not ok:
        failures += 1


def connect_refused(port):
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", port))
        return False
    except ConnectionRefusedError:
        return True
    finally:
        s.close()


def has_open(pid, path):
    """Whether process pid has path open (Linux /proc)."""
    d = "/proc/%d/fd" % pid
    try:
        return any(os.readlink(os.path.join(d, fd)) == path for fd in os.listdir(d))
    except OSError:
        return False


def test_free_ports():
    ps = ports.free_ports(3)
    check(len(set(ps)) == 3 and all(0 < p < 65536 for p in ps), "free_ports: three distinct ports %s" % ps)
    s = socket.socket()
    s.bind(("127.0.0.1", ps[0]))  # free a moment ago: bindable now
    s.close()


def test_hold():
    h = ports.Hold()
    check(connect_refused(h.port), "held port %d refuses connections (a server that is down)" % h.port)
    other = socket.socket()
    other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        other.bind(("127.0.0.1", h.port))
        taken = True
    except OSError:
        taken = False
    other.close()
    check(not taken, "nobody else binds a held port, even with SO_REUSEADDR")
    h.release()
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", h.port))
    srv.listen(1)
    check(not connect_refused(h.port), "after release() a server listens on the port")
    srv.close()


def test_listen_port(binary, work):
    os.makedirs(work, exist_ok=True)
    log = os.path.join(work, "ports_test.log")
    inputs = os.path.join(work, "ports_test_in")
    os.makedirs(inputs, exist_ok=True)
    with open(os.path.join(inputs, "a.txt"), "w") as f:
        f.write("法治政府建设年度报告\n")
    # file mode with --http; a FIFO as the only input keeps the worker
    # running (blocked reading it) until the test is done with its port. Its
    # write end is opened first (O_RDWR does not block), so the worker's open
    # never waits, and closing it is the end of the feed.
    fifo = os.path.join(inputs, "hold.jsonl")
    if os.path.exists(fifo):
        os.unlink(fifo)
    os.mkfifo(fifo)
    feed = os.open(fifo, os.O_RDWR)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZB_")}
    with open(log, "wb") as lf:
        p = subprocess.Popen([binary, "run", "--http", "127.0.0.1:0", "-o", os.path.join(work, "ports_test.avro"),
                              fifo], stdout=subprocess.DEVNULL, stderr=lf, env=env)
    try:
        port = ports.listen_port(log, lambda: p.poll() is None, timeout=30)
        check(0 < port < 65536, "listen_port read %d from the worker's http_listen line" % port)
        with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=5) as r:
            check(r.status == 200, "the worker answers /healthz on that port")
    finally:
        # end of the feed, once the worker reads it (closed before its open,
        # the worker's open would wait for a writer forever)
        t0 = time.time()
        while p.poll() is None and not has_open(p.pid, fifo) and time.time() - t0 < 20:
            time.sleep(0.02)
        os.close(feed)
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    check(p.returncode == 0, "the worker finished at the end of its feed (exit %s)" % p.returncode)
    # a process that exits without listening: an error, not a 60 s wait
    with open(log, "wb") as lf:
        p = subprocess.Popen([binary, "run", "--http", "127.0.0.1:notaport", "-o", os.path.join(work, "x.avro"),
                              fifo], stdout=subprocess.DEVNULL, stderr=lf, env=env)
    t0 = time.time()
    try:
        ports.listen_port(log, lambda: p.poll() is None, timeout=30)
        check(False, "listen_port on a worker that never listens raised")
    except RuntimeError:
        check(time.time() - t0 < 20, "listen_port on a worker that exited: RuntimeError at once")
    finally:
        if p.poll() is None:
            p.kill()
        p.wait()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: ports_test.py ZHIBIAO_BIN WORK_DIR")
    test_free_ports()
    test_hold()
    test_listen_port(sys.argv[1], sys.argv[2])
    print("%d failures" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""registry_outage_test.py - the Schema Registry is down when the worker
starts and while reports arrive: the worker waits (nothing written, nothing
dead-lettered, not ready, still alive), and once the registry is up it
processes every report exactly once."""

import os
import subprocess
import sys
import time

import itest
import zbkafka
from itest import log


def start_registry(hold):
    """The registry of this test's own, started late on the port the worker
    has been refused on (held until now, so nobody else took it)."""
    hold.release()
    p = subprocess.Popen([sys.executable, os.path.join(itest.SRC, "tests", "registry", "sr_standin.py"),
                          "--port", str(hold.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    itest.wait_until(lambda: p.poll() is not None or itest.http_get(hold.port, "/subjects")[0] == 200,
                     30, 0.2, "the registry")
    if p.poll() is not None:
        raise SystemExit("the registry stand-in exited (status %s) on port %d" % (p.returncode, hold.port))
    return p


def main():
    run = itest.Run("outage", partitions=2)
    hold = itest.Hold()  # the registry's port: refused until start_registry
    run.registry = "http://127.0.0.1:%d" % hold.port
    run.create_topics()
    w = itest.Worker(run.config("worker", http=True), "worker").start()
    port = w.port()
    reg = None
    try:
        # JSON envelopes and raw bytes: the feeder itself needs no registry
        cmd, m1 = run.feed(150, start=900, fmt="json")
        subprocess.run(cmd, check=True)
        cmd, m2 = run.feed(150, start=1050, fmt="raw")
        subprocess.run(cmd, check=True)
        time.sleep(8)
        written = sum(len(zbkafka.read_all(t, idle_s=0.5, isolation="read_uncommitted"))
                      for t in (run.indicators, run.dlq))
        ready = itest.http_get(port, "/readyz")
        m = itest.metrics(port)
        log("registry down for 8 s: worker alive %s, %d records written, /readyz %s %r, "
            "zhibiao_registry_up %s, zhibiao_paused %s"
            % (w.alive(), written, ready[0], ready[1].strip(), m.get("zhibiao_registry_up"),
               m.get("zhibiao_paused")))
        if not w.alive() or written or ready[0] == 200:
            log("FAIL the worker must wait for the registry: alive, nothing written, not ready")
            log(itest.tail(w.logs()))
            return 1
        reg = start_registry(hold)
        log("registry up")
        itest.wait_until(lambda: run.lag() == 0 or not w.alive(), 300, 0.5, "the worker to drain")
        log("/readyz after: %s" % itest.http_get(port, "/readyz")[0])
        rc, secs = w.term(60)
        if rc != 0:
            log("FAIL worker exit %s\n%s" % (rc, itest.tail(w.logs())))
            return 1
        return run.check_once([m1, m2], empty_dlq=True)
    finally:
        w.kill9()
        if reg:
            reg.terminate()
            reg.wait(10)


if __name__ == "__main__":
    sys.exit(main())

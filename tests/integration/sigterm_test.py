"""sigterm_test.py - SIGTERM commits the open transaction, on the real broker.

A worker whose batches never close by themselves (delivery.batch_max_messages
and batch_max_ms far out of reach) processes N reports: its whole output and
its input offsets sit in one open transaction, and the group has committed
nothing. SIGTERM must commit that transaction (not abort it): exit 0, the
group's committed offsets cover all N inputs, and an independent
read_committed consumer finds exactly one indicators record per input.
(The librdkafka mock cluster cannot show this: it stores no offsets sent in a
transaction, see tests/worker/test_mock.c.)"""

import subprocess
import sys
import time

import itest
from itest import log


def main():
    n = 40
    run = itest.Run("sigterm", partitions=2)
    run.create_topics()
    # the transaction stays open from the first input to SIGTERM: give it time
    cfg = run.config("worker", http=True, batch=(1000000, 3600000))
    with open(cfg) as f:
        text = f.read().replace("  transaction.timeout.ms: 20000", "  transaction.timeout.ms: 120000")
    with open(cfg, "w") as f:
        f.write(text)
    feed_cmd, manifest = run.feed(n, fmt="mix")
    if subprocess.run(feed_cmd).returncode != 0:
        log("feeder failed")
        return 1
    w = itest.Worker(cfg, "worker").start()
    port = w.port()

    def done():
        m = itest.metrics(port)
        return m.get("zhibiao_reports_total", 0) + m.get("zhibiao_dlq_total", 0) >= n

    try:
        itest.wait_until(lambda: done() or not w.alive(), 90, 0.2, "%d inputs processed" % n)
    except TimeoutError:
        log("not processed in time; worker log:\n" + itest.tail(w.logs()))
        w.kill9()
        return 1
    m = itest.metrics(port)
    before = run.committed_total()
    log("processed: %d reports, %d dead letters, %d transactions committed; group committed %d"
        % (m.get("zhibiao_reports_total", 0), m.get("zhibiao_dlq_total", 0),
           m.get("zhibiao_transactions_committed_total", 0), before))
    if not w.alive() or before != 0 or m.get("zhibiao_transactions_committed_total", 0) != 0:
        log("FAIL: a batch closed before SIGTERM (or the worker died):\n" + itest.tail(w.logs()))
        w.kill9()
        return 1
    rc, secs = w.term(60)
    time.sleep(1)
    after = run.committed_total()
    log("SIGTERM -> exit %s in %.1fs; group committed %d of %d inputs" % (rc, secs, after, n))
    if rc != 0 or after != n:
        log("FAIL\n" + itest.tail(w.logs()))
        return 1
    return run.check_once([manifest])


if __name__ == "__main__":
    sys.exit(main())

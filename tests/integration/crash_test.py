"""crash_test.py - exactly once through crashes, on the real broker.

While one worker processes N >= 2000 reports (fed at a steady rate by a
concurrent crawler stand-in in all three input formats, so there is always
an open transaction with work in it), it is killed with SIGKILL at random
moments, always after it has made progress since its last start, at least
KILLS times, and restarted each time with the same config (static
membership, as a pod restarted by Kubernetes). Then a last run drains the
topic and stops on SIGTERM, which must exit 0. An independent read_committed
consumer must find exactly one indicators record per input message."""

import argparse
import random
import subprocess
import sys
import time

import itest
from itest import log


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--kills", type=int, default=5)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--rate", type=float, default=150.0, help="reports/s offered by the feeder")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    log("crash test: %d reports, >= %d kills, seed %d" % (args.count, args.kills, seed))

    run = itest.Run("crash", partitions=3)
    run.create_topics()
    cfg = run.config("worker", instance_id="crash-worker-0", http=True,
                     threads=4)  # 4 threads whatever the CPUs: 8 messages in flight at each kill
    feed_cmd, manifest = run.feed(args.count, fmt="mix", rate=args.rate)
    feeder = subprocess.Popen(feed_cmd)
    manifests = [manifest]
    w = itest.Worker(cfg, "worker")

    kills, extra_batches = 0, 0
    while kills < args.kills:
        before = run.committed_total()
        w.start()
        # wait for progress since this start, then kill at a random moment
        try:
            itest.wait_until(lambda: not w.alive() or run.committed_total() > before, 90, 0.1,
                             "progress after start %d" % w.starts)
        except TimeoutError:
            log("no progress; worker log:\n" + itest.tail(w.logs()))
            w.kill9()
            return 1
        if not w.alive():
            log("worker exited by itself (status %s):\n%s" % (w.proc.returncode, itest.tail(w.logs())))
            return 1
        time.sleep(rng.uniform(0.0, 1.5))
        # measured just before the kill: afterwards the offsets in the killed
        # worker's open transaction stay pending until its successor fences it
        total, lag = run.committed_total(), run.lag()
        w.kill9()
        kills += 1
        log("kill -9 #%d: %d inputs committed in this run (total %d), %d waiting"
            % (kills, total - before, total, lag))
        # never let the input run dry before the last kill: kills must land mid-stream
        if feeder.poll() is not None and lag < 300 and kills < args.kills:
            extra_batches += 1
            if feeder.returncode != 0:
                log("feeder failed")
                return 1
            feed_cmd, m = run.feed(300, start=args.count + 300 * extra_batches, fmt="mix",
                                   rate=args.rate)
            feeder = subprocess.Popen(feed_cmd)
            manifests.append(m)
            log("feeding 300 more reports to keep the worker busy")

    if feeder.wait(300) != 0:
        log("feeder failed")
        return 1
    w.start()
    itest.wait_until(lambda: run.lag() == 0 or not w.alive(), 600, 1.0, "the last worker to drain")
    rc, secs = w.term(60)
    log("final worker: drained, SIGTERM -> exit %s in %.1fs" % (rc, secs))
    if rc != 0:
        log(itest.tail(w.logs()))
        return 1
    return run.check_once(manifests, empty_dlq=True)


if __name__ == "__main__":
    sys.exit(main())

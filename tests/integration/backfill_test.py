"""backfill_test.py - deploy/README.md's backfill, step by step, on the real
broker: reports arrive in two batches; the live worker processes both into
the v1 topics; then new v2 topics are made with deploy/topics.sh, a new
group is set to the time between the batches with deploy/group_offsets.py,
and a worker with the v2 outputs processes exactly the second batch, once,
while v1 is untouched."""

import os
import subprocess
import sys
import time

import itest
import zbkafka
from itest import log


def drain(run, cfg, name):
    w = itest.Worker(cfg, name).start()
    try:
        itest.wait_until(lambda: run.lag() == 0 or not w.alive(), 300, 0.5, name + " to drain")
    finally:
        rc, _ = w.term(60)
    if rc != 0:
        raise SystemExit("%s exit %s\n%s" % (name, rc, itest.tail(w.logs())))


def count(topic):
    return len(zbkafka.read_all(topic, idle_s=1.5))


def main():
    run = itest.Run("backfill", partitions=3)
    run.create_topics()
    cmd, first = run.feed(15, start=700, fmt="mix")
    subprocess.run(cmd, check=True)
    time.sleep(1.5)
    cut = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".%03dZ" % (int(time.time() * 1000) % 1000)
    time.sleep(1.5)
    cmd, second = run.feed(12, start=800, fmt="mix")
    subprocess.run(cmd, check=True)
    drain(run, run.config("live"), "live")
    v1 = count(run.indicators)
    log("live worker: %d records in %s" % (v1, run.indicators))

    # 2. new output topics, same script
    v2 = {"ZB_TOPIC_INDICATORS": run.indicators + ".v2", "ZB_TOPIC_FACTS": run.facts + ".v2",
          "ZB_TOPIC_DLQ": run.dlq + ".v2"}
    env = dict(os.environ, ZB_PYTHON=sys.executable, ZB_PARTITIONS="3", ZB_REPLICATION="1",
               ZB_MIN_ISR="1", ZB_TOPIC_RAW=run.raw, ZB_MAX_MESSAGE_BYTES=str(30 * 1024 * 1024), **v2)
    subprocess.run(["bash", os.path.join(itest.SRC, "deploy", "topics.sh")], env=env, check=True)
    # 3. the backfill group starts at the cut
    group = "zhibiao-backfill-" + run.id
    p = subprocess.run([sys.executable, os.path.join(itest.SRC, "deploy", "group_offsets.py"), "reset",
                        "--group", group, "--topic", run.raw, "--to-datetime", cut],
                       env=dict(os.environ, ZB_BOOTSTRAP=zbkafka.bootstrap()), capture_output=True, text=True)
    log("group_offsets.py reset --to-datetime %s:\n%s" % (cut, p.stdout.strip()))
    if p.returncode != 0:
        log("FAIL " + p.stderr[-1000:])
        return 1
    # 4. a second deployment: new group, v2 outputs
    backfill = itest.Run.__new__(itest.Run)
    backfill.__dict__.update(run.__dict__, group=group, indicators=v2["ZB_TOPIC_INDICATORS"],
                             facts=v2["ZB_TOPIC_FACTS"], dlq=v2["ZB_TOPIC_DLQ"])
    drain(backfill, backfill.config("backfill"), "backfill")
    # 5./6. exactly the second batch in v2, v1 untouched
    rc = backfill.check_once([second])
    if count(run.indicators) != v1:
        log("FAIL the v1 topic changed during the backfill")
        return 1
    log("backfill from %s: v2 holds the second batch only; v1 unchanged (%d)" % (cut, v1))
    return rc


if __name__ == "__main__":
    sys.exit(main())

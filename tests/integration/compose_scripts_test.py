"""compose_scripts_test.py - what deploy/docker-compose.yml runs, without a
container engine: deploy/topics.sh (as in itest.Run), the worker binary with
the image's config (deploy/zhibiao.yaml, addresses overridden from the
environment as compose would), deploy/compose/feed_samples.py publishing the
sample reports, and deploy/compose/analytics.py printing what arrives."""

import os
import subprocess
import sys

import itest
from itest import log


def main():
    run = itest.Run("compose", partitions=2)
    run.create_topics()
    env = dict(itest.worker_env(),
               # the compose file's addresses replaced by this machine's, the
               # rest of deploy/zhibiao.yaml as the image has it
               ZB_KAFKA_BOOTSTRAP_SERVERS=itest.zbkafka.bootstrap(), ZB_REGISTRY_URL=run.registry,
               ZB_INPUT_TOPICS=run.raw, ZB_OUTPUT_INDICATORS_TOPIC=run.indicators,
               ZB_OUTPUT_FACTS_TOPIC=run.facts, ZB_OUTPUT_DLQ_TOPIC=run.dlq,
               ZB_CONSUMER_GROUP_ID=run.group, ZB_CONSUMER_GROUP_INSTANCE_ID="worker-1",
               ZB_HTTP_LISTEN="127.0.0.1:0")
    image_cfg = os.path.join(itest.SRC, "deploy", "zhibiao.yaml")
    logf = open(os.path.join(run.dir, "worker.log"), "wb")
    w = subprocess.Popen([itest.BIN, "run", "--config", image_cfg], env=env, stdout=logf, stderr=logf)
    try:
        port = itest.listen_port(os.path.join(run.dir, "worker.log"), lambda: w.poll() is None)
        samples = os.path.join(itest.SRC, "config", "samples")
        feed = subprocess.run([sys.executable, os.path.join(itest.SRC, "deploy", "compose", "feed_samples.py"),
                               "--bootstrap", itest.zbkafka.bootstrap(), "--topic", run.raw, samples],
                              capture_output=True, text=True)
        log(feed.stdout.strip())
        if feed.returncode != 0:
            log("FAIL feed_samples.py: " + feed.stderr[-1000:])
            return 1
        itest.wait_until(lambda: run.lag() == 0 or w.poll() is not None, 180, 0.5, "the worker to drain")
        st, body = itest.http_get(port, "/metrics")
        log("/metrics %s, %d reports" % (st, itest.metrics(port).get("zhibiao_reports_total", 0)))
    finally:
        w.terminate()
        rc = w.wait(60)
        logf.close()
    if rc != 0:
        log("FAIL worker exit %s\n%s" % (rc, itest.tail(os.path.join(run.dir, "worker.log"))))
        return 1
    an = subprocess.run([sys.executable, os.path.join(itest.SRC, "deploy", "compose", "analytics.py"),
                         "--bootstrap", itest.zbkafka.bootstrap(), "--registry", run.registry,
                         "--topic", run.indicators, "--from-beginning", "--idle", "8"],
                        capture_output=True, text=True)
    reports = [line for line in an.stdout.splitlines() if not line.startswith(" ")]
    indicators = [line for line in an.stdout.splitlines() if line.startswith(" ")]
    print(an.stdout[:3000])
    log("analytics.py printed %d reports with %d indicators (exit %d)" % (len(reports), len(indicators), an.returncode))
    if an.returncode != 0 or not reports or not indicators:
        log("FAIL " + an.stderr[-1000:])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

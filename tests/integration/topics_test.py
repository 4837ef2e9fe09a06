"""topics_test.py - deploy/topics.sh against the real broker: creates the four
topics with the asked settings, a second run changes nothing, a setting
changed by hand is put back, and partitions grow only with --grow."""

import os
import subprocess
import sys
import uuid

from confluent_kafka.admin import ConfigResource

import zbkafka

SCRIPT = os.path.join(os.environ["ZB_SRC"], "deploy", "topics.sh")


def run(env, *args):
    p = subprocess.run(["bash", SCRIPT, *args], env=env, capture_output=True, text=True)
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    return p.returncode, p.stdout


def configs(name):
    res = ConfigResource(ConfigResource.Type.TOPIC, name)
    a = zbkafka.admin()  # kept alive until the future is resolved
    return {k: e.value for k, e in a.describe_configs([res])[res].result().items()}


def check(cond, what):
    if not cond:
        print("FAIL " + what)
        sys.exit(1)


def main():
    run_id = uuid.uuid4().hex[:8]
    names = {k: "%s-%s" % (k.lower(), run_id) for k in ("RAW", "INDICATORS", "FACTS", "DLQ")}
    env = dict(os.environ, ZB_PYTHON=sys.executable, ZB_PARTITIONS="3", ZB_REPLICATION="1",
               ZB_MIN_ISR="2", ZB_DLQ_RETENTION_MS="86400000")
    for k, v in names.items():
        env["ZB_TOPIC_" + k] = v

    rc, out = run(env)
    check(rc == 0 and out.count("created") == 4, "first run creates the four topics")
    md = zbkafka.admin().list_topics(timeout=10)
    for n in names.values():
        check(len(md.topics[n].partitions) == 3, "%s has 3 partitions" % n)
    facts, dlq, raw = configs(names["FACTS"]), configs(names["DLQ"]), configs(names["RAW"])
    check(facts["cleanup.policy"] == "compact", "facts topic is compacted")
    check(dlq["retention.ms"] == "86400000", "DLQ retention from the environment")
    check(raw["retention.ms"] == str(7 * 86400000), "raw retention default 7 days")
    # min.insync.replicas is capped at the replication factor
    check(raw["min.insync.replicas"] == "1", "min.insync.replicas capped at replication")

    rc, out = run(env)
    check(rc == 0 and out.count("ok ") == 4 and "created" not in out, "second run changes nothing")

    env2 = dict(env, ZB_DLQ_RETENTION_MS="3600000")
    rc, out = run(env2)
    check(rc == 0 and "updated" in out, "a changed setting is applied to the existing topic")
    check(configs(names["DLQ"])["retention.ms"] == "3600000", "DLQ retention updated")
    check(configs(names["FACTS"])["cleanup.policy"] == "compact", "other topics untouched")

    env3 = dict(env, ZB_PARTITIONS="4")
    rc, out = run(env3)
    check("WARNING" in out, "fewer partitions than asked is reported")
    md = zbkafka.admin().list_topics(timeout=10)
    check(len(md.topics[names["RAW"]].partitions) == 3, "partitions not grown without --grow")
    rc, out = run(env3, "--grow")
    md = zbkafka.admin().list_topics(timeout=10)
    check(rc == 0 and len(md.topics[names["RAW"]].partitions) == 4, "--grow adds partitions")
    print("topics.sh ok: created, idempotent, updated, grown on request")
    return 0


if __name__ == "__main__":
    sys.exit(main())

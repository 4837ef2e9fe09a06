"""topics.py - creates or updates zhibiao's Kafka topics; idempotent.

Run through deploy/topics.sh (it picks the interpreter). Every setting comes
from the environment so the same script serves a laptop, CI and a cluster:

  ZB_BOOTSTRAP              brokers (default 127.0.0.1:9092)
  ZB_TOPIC_RAW              input topic            (reports.raw)
  ZB_TOPIC_INDICATORS       one record per report  (reports.indicators)
  ZB_TOPIC_FACTS            one record per fact, compacted (reports.indicator-facts)
  ZB_TOPIC_DLQ              dead letters           (reports.dlq)
  ZB_PARTITIONS             partitions of every topic (6); the worker replica
                            count can never usefully exceed this
  ZB_REPLICATION            replication factor (3)
  ZB_MIN_ISR                min.insync.replicas (2; at most the replication)
  ZB_RAW_RETENTION_MS       retention of the raw topic (7 days)
  ZB_INDICATORS_RETENTION_MS retention of the indicators topic (-1: forever)
  ZB_DLQ_RETENTION_MS       retention of the DLQ (30 days)
  ZB_MAX_MESSAGE_BYTES      max.message.bytes of raw and DLQ (16 MiB): a DLQ
                            record carries the original bytes, so it is at
                            least as large as the largest raw message
  ZB_KAFKA_<PROP>           any librdkafka client property for the admin
                            connection, e.g. ZB_KAFKA_SECURITY_PROTOCOL=SASL_SSL,
                            ZB_KAFKA_SASL_MECHANISM, ZB_KAFKA_SASL_USERNAME,
                            ZB_KAFKA_SASL_PASSWORD (underscores become dots)

Existing topics keep their data: their configs are brought to the values
above (incremental alter, other keys untouched); a topic with fewer
partitions than asked for is grown only with --grow (growing changes which
partition a key goes to, so it is an operator's decision); a replication
factor that differs is reported, never changed. Exit status 0 when every topic
matches, 1 otherwise."""

import argparse
import os
import sys
import time

from confluent_kafka import KafkaException
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewPartitions,
    NewTopic,
)

DAY_MS = 24 * 3600 * 1000


def env(name, default):
    return os.environ.get(name, default)


def client_config():
    conf = {"bootstrap.servers": env("ZB_BOOTSTRAP", "127.0.0.1:9092")}
    for k, v in os.environ.items():
        if k.startswith("ZB_KAFKA_"):
            conf[k[len("ZB_KAFKA_"):].lower().replace("_", ".")] = v
    return conf


def wanted():
    """The topics and their settings, from the environment."""
    parts = int(env("ZB_PARTITIONS", "6"))
    repl = int(env("ZB_REPLICATION", "3"))
    min_isr = min(int(env("ZB_MIN_ISR", "2")), repl)
    max_msg = env("ZB_MAX_MESSAGE_BYTES", str(16 * 1024 * 1024))
    common = {"min.insync.replicas": str(min_isr)}
    topics = {
        env("ZB_TOPIC_RAW", "reports.raw"): {
            "cleanup.policy": "delete",
            "retention.ms": env("ZB_RAW_RETENTION_MS", str(7 * DAY_MS)),
            "max.message.bytes": max_msg,
        },
        env("ZB_TOPIC_INDICATORS", "reports.indicators"): {
            "cleanup.policy": "delete",
            "retention.ms": env("ZB_INDICATORS_RETENTION_MS", "-1"),
        },
        # keyed region.code|report_year|code: compaction keeps the latest value
        env("ZB_TOPIC_FACTS", "reports.indicator-facts"): {
            "cleanup.policy": "compact",
            "min.compaction.lag.ms": "3600000",
        },
        env("ZB_TOPIC_DLQ", "reports.dlq"): {
            "cleanup.policy": "delete",
            "retention.ms": env("ZB_DLQ_RETENTION_MS", str(30 * DAY_MS)),
            "max.message.bytes": str(int(max_msg) + 1024 * 1024),
        },
    }
    for cfg in topics.values():
        cfg.update(common)
    return topics, parts, repl


def describe_configs(admin, names):
    res = [ConfigResource(ConfigResource.Type.TOPIC, n) for n in names]
    out = {}
    for r, fut in admin.describe_configs(res).items():
        out[r.name] = {k: e.value for k, e in fut.result().items()}
    return out


def main():
    ap = argparse.ArgumentParser(description="create or update zhibiao's topics (idempotent)")
    ap.add_argument("--grow", action="store_true", help="add partitions to topics that have fewer")
    ap.add_argument("--dry-run", action="store_true", help="say what would change, change nothing")
    args = ap.parse_args()

    topics, parts, repl = wanted()
    admin = AdminClient(client_config())
    md = admin.list_topics(timeout=30)
    failed = 0

    missing = [n for n in topics if n not in md.topics]
    if missing and not args.dry_run:
        new = [NewTopic(n, parts, repl, config=topics[n]) for n in missing]
        for name, fut in admin.create_topics(new, operation_timeout=30).items():
            try:
                fut.result()
                print("created  %s partitions=%d replication=%d" % (name, parts, repl))
            except KafkaException as e:
                if e.args[0].code() == 36:  # created meanwhile by someone else
                    print("exists   %s (created concurrently)" % name)
                else:
                    print("ERROR    %s: %s" % (name, e.args[0].str()))
                    failed += 1
    elif missing:
        for n in missing:
            print("would create %s partitions=%d replication=%d" % (n, parts, repl))

    existing = [n for n in topics if n in md.topics]
    current = describe_configs(admin, existing) if existing else {}
    for name in existing:
        tmd = md.topics[name]
        have = len(tmd.partitions)
        have_repl = len(next(iter(tmd.partitions.values())).replicas) if have else 0
        if have_repl != repl:
            print("WARNING  %s replication=%d, asked %d (not changed here)" % (name, have_repl, repl))
        if have < parts:
            if args.grow and not args.dry_run:
                admin.create_partitions([NewPartitions(name, parts)])[name].result()
                print("grown    %s partitions %d -> %d" % (name, have, parts))
                have = parts
            else:
                print("WARNING  %s has %d partitions, asked %d (use --grow)" % (name, have, parts))
        diff = {k: v for k, v in topics[name].items() if current[name].get(k) != v}
        if not diff:
            print("ok       %s partitions=%d" % (name, have))
            continue
        if args.dry_run:
            print("would set %s %s" % (name, diff))
            continue
        res = ConfigResource(
            ConfigResource.Type.TOPIC,
            name,
            incremental_configs=[
                ConfigEntry(k, v, incremental_operation=AlterConfigOpType.SET) for k, v in diff.items()
            ],
        )
        try:
            admin.incremental_alter_configs([res])[res].result()
            print("updated  %s %s" % (name, diff))
        except KafkaException as e:
            print("ERROR    %s: %s" % (name, e.args[0].str()))
            failed += 1

    # read back: the final state is what counts (new topics and changed
    # configs take a moment to reach the broker that answers)
    if not args.dry_run:
        bad = read_back(admin, topics)
        for name, diff in bad.items():
            print("MISMATCH %s %s" % (name, diff))
            failed += 1
    return 1 if failed else 0


def read_back(admin, topics, timeout=20.0):
    deadline = time.time() + timeout
    while True:
        try:
            final = describe_configs(admin, list(topics))
            bad = {}
            for name, cfg in topics.items():
                diff = {k: final[name].get(k) for k, v in cfg.items() if final[name].get(k) != v}
                if diff:
                    bad[name] = diff
        except KafkaException as e:
            bad = {"(describe)": e.args[0].str()}
        if not bad or time.time() > deadline:
            return bad
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())

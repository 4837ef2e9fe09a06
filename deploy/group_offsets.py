"""group_offsets.py - where a consumer group stands on a topic, and moving
it: for backfills (start a new group at a point in time) and for replays.

  group_offsets.py show  --group G --topic T
  group_offsets.py at    --topic T --time ISO8601          offsets of the first message at/after the time
  group_offsets.py reset --group G --topic T (--to-datetime ISO8601 | --to-earliest | --to-latest)

The group must have no active member while it is reset (stop its workers
first): the broker refuses offset commits from outside a live group.
Connection: ZB_BOOTSTRAP and ZB_KAFKA_<PROP> (as deploy/topics.sh). Needs
Python 3 with confluent-kafka."""

import argparse
import datetime
import os
import sys

from confluent_kafka import Consumer, TopicPartition


def client_config(group):
    conf = {"bootstrap.servers": os.environ.get("ZB_BOOTSTRAP", "127.0.0.1:9092"),
            "group.id": group, "enable.auto.commit": False, "isolation.level": "read_committed"}
    for k, v in os.environ.items():
        if k.startswith("ZB_KAFKA_"):
            conf[k[len("ZB_KAFKA_"):].lower().replace("_", ".")] = v
    return conf


def parse_time_ms(text):
    t = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp() * 1000)


def partitions(c, topic):
    md = c.list_topics(topic, timeout=15)
    if topic not in md.topics or md.topics[topic].error:
        raise SystemExit("group_offsets: no topic %s" % topic)
    return sorted(md.topics[topic].partitions)


def offsets_at(c, topic, ms):
    """First offset at or after ms per partition (the end when none)."""
    tps = [TopicPartition(topic, p, ms) for p in partitions(c, topic)]
    out = {}
    for tp in c.offsets_for_times(tps, timeout=15):
        if tp.offset < 0:  # no message at or after: the end of the partition
            tp.offset = c.get_watermark_offsets(TopicPartition(topic, tp.partition), timeout=15)[1]
        out[tp.partition] = tp.offset
    return out


def main():
    ap = argparse.ArgumentParser(description="show or move a consumer group's offsets")
    ap.add_argument("action", choices=("show", "at", "reset"))
    ap.add_argument("--group", default="zhibiao-group-offsets-tool")
    ap.add_argument("--topic", required=True)
    ap.add_argument("--time", help="ISO 8601 time for 'at'")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--to-datetime")
    g.add_argument("--to-earliest", action="store_true")
    g.add_argument("--to-latest", action="store_true")
    args = ap.parse_args()

    c = Consumer(client_config(args.group))
    try:
        parts = partitions(c, args.topic)
        if args.action == "at":
            if not args.time:
                raise SystemExit("group_offsets: 'at' needs --time")
            for p, o in sorted(offsets_at(c, args.topic, parse_time_ms(args.time)).items()):
                print("%s %d %d" % (args.topic, p, o))
            return 0
        if args.action == "show":
            com = c.committed([TopicPartition(args.topic, p) for p in parts], timeout=15)
            for tp in com:
                lo, hi = c.get_watermark_offsets(TopicPartition(args.topic, tp.partition), timeout=15)
                print("%s %d committed=%s end=%d lag=%s" % (args.topic, tp.partition,
                      tp.offset if tp.offset >= 0 else "none", hi,
                      hi - tp.offset if tp.offset >= 0 else hi - lo))
            return 0
        if args.to_datetime:
            target = offsets_at(c, args.topic, parse_time_ms(args.to_datetime))
        elif args.to_earliest or args.to_latest:
            target = {}
            for p in parts:
                lo, hi = c.get_watermark_offsets(TopicPartition(args.topic, p), timeout=15)
                target[p] = lo if args.to_earliest else hi
        else:
            raise SystemExit("group_offsets: reset needs --to-datetime, --to-earliest or --to-latest")
        c.commit(offsets=[TopicPartition(args.topic, p, o) for p, o in sorted(target.items())],
                 asynchronous=False)
        for p, o in sorted(target.items()):
            print("%s %d -> %d (group %s)" % (args.topic, p, o, args.group))
        return 0
    finally:
        c.close()


if __name__ == "__main__":
    sys.exit(main())

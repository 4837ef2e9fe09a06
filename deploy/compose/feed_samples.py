"""feed_samples.py - the compose file's crawler stand-in: publishes the sample
reports (config/samples, or the directories given) to the input topic, each
file as a raw message with `content-type` and `source-url` headers, and each
line of a *.jsonl file as a JSON envelope, as a crawler would.

  python feed_samples.py [--bootstrap HOST:PORT] [--topic reports.raw] [--repeat N] [DIR...]

Needs confluent-kafka (pip install confluent-kafka). Exit 0 when every
message was acknowledged by the broker."""

import argparse
import os
import sys

from confluent_kafka import Producer


def messages(paths):
    for root in paths:
        files = [root] if os.path.isfile(root) else sorted(
            os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if not f.startswith("."))
        for path in files:
            with open(path, "rb") as f:
                data = f.read()
            name = os.path.basename(path)
            if name.endswith(".jsonl"):
                for i, line in enumerate(data.splitlines()):
                    if line.strip():
                        yield ("%s#%d" % (name, i)).encode(), line, []
                continue
            ct = "text/html" if name.endswith((".html", ".htm")) else "text/plain"
            if "gb18030" in name or "gbk" in name:
                ct += "; charset=gb18030"
            url = "https://samples.zhibiao.invalid/" + name
            yield url.encode(), data, [("content-type", ct.encode()), ("source-url", url.encode())]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", default=os.environ.get("ZB_BOOTSTRAP", "kafka:9092"))
    ap.add_argument("--topic", default=os.environ.get("ZB_TOPIC_RAW", "reports.raw"))
    ap.add_argument("--repeat", type=int, default=1, help="publish everything N times (new keys)")
    ap.add_argument("paths", nargs="*", default=["config/samples"])
    args = ap.parse_args()
    p = Producer({"bootstrap.servers": args.bootstrap, "enable.idempotence": True,
                  "message.max.bytes": 16 * 1024 * 1024})
    failed, sent = [], 0

    def done(err, msg):
        if err:
            failed.append(err)

    for r in range(args.repeat):
        for key, value, headers in messages(args.paths):
            if r:
                key += b"?copy=%d" % r
                headers = [(k, v + b"?copy=%d" % r if k == "source-url" else v) for k, v in headers]
            p.produce(args.topic, key=key, value=value, headers=headers, on_delivery=done)
            p.poll(0)
            sent += 1
    p.flush(60)
    print("feed_samples: %d messages to %s, %d failed" % (sent, args.topic, len(failed)))
    return 1 if failed or not sent else 0


if __name__ == "__main__":
    sys.exit(main())

"""feeder.py - publishes invented reports (reports.py) to the worker's input
topic, as a crawler would, and writes a manifest of what went where.

  feeder.py --topic T --count N [--format json|avro|raw|mix] [--start I]
            [--rate R] [--manifest FILE] [--registry URL] [--fixtures]

Formats: json = JSON envelope (url, fetched_at, content_type, charset, body or
body_base64); avro = RawReport with Confluent framing, serialized by
confluent-kafka's AvroSerializer through the Schema Registry (subject
<topic>-value); raw = the page bytes with `content-type` and `source-url`
headers; mix = round robin of the three.

The manifest has one JSON line per message as acknowledged by the broker:
index, url, format, partition, offset, bytes, sent_ms. --rate paces the sends
(messages/s, for the latency benchmark); the default sends as fast as the
producer goes. --fixtures also publishes every valid report file of
tests/fixtures/ (as raw messages)."""

import argparse
import base64
import json
import os
import sys
import time

import reports
import zbkafka

FORMATS = ("json", "avro", "raw")


def iso(ms):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms / 1000)) + ".%03dZ" % (ms % 1000)


class Encoder:
    def __init__(self, topic, registry_url):
        self.topic = topic
        self.avro = None
        if registry_url:
            from confluent_kafka.schema_registry import SchemaRegistryClient
            from confluent_kafka.schema_registry.avro import AvroSerializer
            from confluent_kafka.serialization import MessageField, SerializationContext

            schema_path = os.path.join(os.environ.get("ZB_SRC", "."), "codec", "schemas", "RawReport.avsc")
            with open(schema_path) as f:
                schema = f.read()
            self.registry = SchemaRegistryClient({"url": registry_url})
            self.avro = AvroSerializer(self.registry, schema, conf={"auto.register.schemas": True})
            self.ctx = SerializationContext(topic, MessageField.VALUE)

    def encode(self, fmt, r, fetched_ms):
        """Returns (value, headers)."""
        if fmt == "json":
            env = {"url": r["url"], "fetched_at": iso(fetched_ms), "content_type": r["content_type"],
                   "charset": r["charset"], "title": r.get("title")}
            if r["charset"] == "utf-8":
                env["body"] = r["body"].decode("utf-8")
            else:
                env["body_base64"] = base64.b64encode(r["body"]).decode("ascii")
            return json.dumps(env, ensure_ascii=False).encode("utf-8"), None
        if fmt == "avro":
            if not self.avro:
                raise SystemExit("feeder: --format avro needs --registry URL")
            rec = {"url": r["url"], "fetched_at": fetched_ms, "content_type": r["content_type"],
                   "charset": r["charset"], "body": r["body"], "title": r.get("title"),
                   "metadata": {"crawler": "zb-it-feeder"}}
            return self.avro(rec, self.ctx), None
        ct = r["content_type"] + ("; charset=" + r["charset"] if r.get("charset") else "")
        return r["body"], [("content-type", ct.encode()), ("source-url", r["url"].encode())]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--topic", required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--start", type=int, default=0, help="index of the first invented report")
    ap.add_argument("--format", default="mix", choices=FORMATS + ("mix",))
    ap.add_argument("--rate", type=float, default=0.0, help="messages per second (0: unpaced)")
    ap.add_argument("--manifest")
    ap.add_argument("--registry", default=os.environ.get("ZB_REGISTRY_URL"))
    ap.add_argument("--fixtures", action="store_true")
    ap.add_argument("--run", default="", help="tag made part of every URL (unique reports per run)")
    args = ap.parse_args()

    enc = Encoder(args.topic, args.registry if args.format in ("avro", "mix") else None)
    prod = zbkafka.producer({"linger.ms": 20 if not args.rate else 0, "compression.type": "none"})
    manifest = open(args.manifest, "w") if args.manifest else None
    acked = {"n": 0, "err": 0}

    def on_delivery(rec):
        def cb(err, msg):
            if err:
                acked["err"] += 1
                print("feeder: delivery failed: %s" % err, file=sys.stderr)
                return
            acked["n"] += 1
            if manifest:
                rec.update(partition=msg.partition(), offset=msg.offset())
                manifest.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return cb

    items = []
    if args.fixtures:
        root = os.environ.get("ZB_SRC", ".")
        for p in reports.fixture_files(root):
            with open(p, "rb") as f:
                body = f.read()
            ct = "text/html" if p.endswith((".html", ".htm")) else "text/plain"
            items.append(("raw", {"url": "file://" + os.path.relpath(p, root) + args.run,
                                  "content_type": ct, "charset": None, "body": body}, p))
    for k in range(args.count):
        i = args.start + k
        r = reports.make_report(i)
        if args.run:
            r["url"] += "?run=" + args.run
        fmt = FORMATS[i % 3] if args.format == "mix" else args.format
        items.append((fmt, r, None))

    t0 = time.time()
    for n, (fmt, r, path) in enumerate(items):
        if args.rate:
            delay = t0 + n / args.rate - time.time()
            if delay > 0:
                time.sleep(delay)
        now = int(time.time() * 1000)
        if fmt == "raw" and r.get("charset") is None:
            value, headers = r["body"], [("content-type", r["content_type"].encode()),
                                         ("source-url", r["url"].encode())]
        else:
            value, headers = enc.encode(fmt, r, now)
        rec = {"index": n, "url": r["url"], "format": fmt, "bytes": len(value), "sent_ms": now}
        if path:
            rec["file"] = path
        while True:
            try:
                prod.produce(args.topic, key=r["url"].encode(), value=value, headers=headers,
                             on_delivery=on_delivery(rec))
                break
            except BufferError:
                prod.poll(0.1)
        prod.poll(0)
    left = prod.flush(120)
    if manifest:
        manifest.close()
    took = time.time() - t0
    print("feeder: %d sent, %d acknowledged, %d failed, %d unacknowledged in %.1fs"
          % (len(items), acked["n"], acked["err"], left, took), file=sys.stderr)
    return 0 if acked["n"] == len(items) else 1


if __name__ == "__main__":
    sys.exit(main())

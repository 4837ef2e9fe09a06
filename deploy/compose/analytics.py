"""analytics.py - the compose file's analytics job: reads the indicators topic
with isolation.level=read_committed, decodes each record with Confluent's
AvroDeserializer through the Schema Registry (as any analytics job would),
and prints one line per report and one per indicator.

  python analytics.py [--bootstrap HOST:PORT] [--registry URL] [--topic T]
                      [--max N] [--idle S] [--from-beginning]

Needs confluent-kafka[avro,schemaregistry]. Runs until stopped, or until N
records were printed, or for --idle seconds without a record."""

import argparse
import os
import sys
import time
import uuid

from confluent_kafka import Consumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext


def show(r):
    reg = r["region"]
    print("%s  %s  year=%s  region=%s(%s)  issuer=%s  indicators=%d  facts=%d  warnings=%d" % (
        r["report_id"], r["title"], r["report_year"], reg["name"], reg["code"],
        r["issuer"]["name"], len(r["indicators"]), len(r["facts"]), len(r["warnings"])))
    for i in r["indicators"]:
        print("    %-40s %14s %-4s %-8s %s" % (i["code"], "%g" % i["value"], i["unit"], i["approx"],
                                           i["evidence"]["text"][:60]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", default=os.environ.get("ZB_BOOTSTRAP", "kafka:9092"))
    ap.add_argument("--registry", default=os.environ.get("ZB_REGISTRY_URL", "http://schema-registry:8081"))
    ap.add_argument("--topic", default=os.environ.get("ZB_TOPIC_INDICATORS", "reports.indicators"))
    ap.add_argument("--group", default="zhibiao-analytics-demo")
    ap.add_argument("--from-beginning", action="store_true")
    ap.add_argument("--max", type=int, default=0)
    ap.add_argument("--idle", type=float, default=0)
    args = ap.parse_args()
    group = args.group + ("-" + uuid.uuid4().hex[:8] if args.from_beginning else "")
    c = Consumer({"bootstrap.servers": args.bootstrap, "group.id": group,
                  "isolation.level": "read_committed", "auto.offset.reset": "earliest"})
    c.subscribe([args.topic])
    de = AvroDeserializer(SchemaRegistryClient({"url": args.registry}))
    ctx = SerializationContext(args.topic, MessageField.VALUE)
    n, last = 0, time.time()
    try:
        while not args.max or n < args.max:
            m = c.poll(1.0)
            if m is None:
                if args.idle and time.time() - last > args.idle:
                    break
                continue
            if m.error():
                print("error: %s" % m.error(), file=sys.stderr)
                continue
            show(de(m.value(), ctx))
            n += 1
            last = time.time()
    finally:
        c.close()
    print("analytics: %d reports" % n, file=sys.stderr)
    return 0 if n else 1


if __name__ == "__main__":
    sys.exit(main())

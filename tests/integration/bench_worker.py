"""bench_worker.py - the worker's throughput, latency and memory through the
real broker on this machine, beside a pass-through baseline measured in the
same run (passthrough.c: the same client settings, transactions and
batching, the same bytes forwarded, no extraction).

  bench_worker.py [--reports N] [--rate R] [--seconds S] [--rss-reports M]

1. Throughput: N reports are published first; then the pass-through and
   then the worker, each in its own group, read the whole topic; repeated
   --rounds times (3) in alternation, each round's ratio and the median. Rate is
   measured between the first and the last committed offset, so start-up
   and group join are left out for both. Prints reports/s, MB/s (input
   bytes), and worker/pass-through.
2. Latency: reports offered at a steady R/s for S seconds; an independent
   read_committed consumer notes when each result becomes visible; p50/p99
   of (visible - sent) for the worker and for the pass-through.
3. Memory: M reports (100,000 by default) through one worker, its RSS
   sampled every second; prints RSS at each tenth and the ratio of the
   last sample to the one at 10%.

Prints figures only; asserts nothing about speed (TEAM.md)."""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid

from confluent_kafka import Consumer, TopicPartition

import itest
import zbkafka
from itest import log

PASSTHROUGH = os.environ.get("ZB_PASSTHROUGH", os.path.join(os.path.dirname(itest.BIN), "..",
                                                            "tests", "integration", "zb_passthrough"))


def feed(run, count, start, rate=0.0, fmt="mix"):
    cmd, manifest = run.feed(count, start=start, fmt=fmt, rate=rate)
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return manifest


def input_bytes(manifests):
    n = 0
    for m in manifests:
        with open(m) as f:
            n += sum(json.loads(line)["bytes"] for line in f)
    return n


def committed(group, topic):
    return sum(o for o in zbkafka.committed_offsets(group, topic).values() if o > 0)


def measure_drain(group, topic, total, proc, timeout=1800):
    """(messages, seconds) between the first and the last committed offset.
    Offsets count transaction markers too, so 'total' is the high watermark."""
    t_first = n_first = None
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit("process exited early: %s" % proc.returncode)
        n = committed(group, topic)
        now = time.time()
        if n > 0 and t_first is None:
            t_first, n_first = now, n
        if n >= total:
            return n - n_first, now - t_first
        time.sleep(0.2)
    raise SystemExit("timed out draining %s" % topic)


def high_watermarks(topic):
    return sum(hi for _lo, hi in zbkafka.end_offsets(topic, committed_only=False).values())


# the worker's defaults (delivery.batch_max_messages / batch_max_ms), for both
BATCH = (100, 1000)


def start_passthrough(run, out_topic, group):
    return subprocess.Popen([PASSTHROUGH, zbkafka.bootstrap(), run.raw, out_topic, group,
                             str(BATCH[0]), str(BATCH[1])], stderr=subprocess.DEVNULL)


def stop(proc):
    proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def throughput(run, n, rounds):
    """Pass-through then worker over the same topic, each in a fresh group,
    `rounds` times in alternation, so both see the machine's load swings."""
    manifest = feed(run, n, 0)
    mb = input_bytes([manifest]) / 1e6
    total = high_watermarks(run.raw)
    log("published %d reports, %.1f MB" % (n, mb))
    ratios = []
    for r in range(rounds):
        res = {}
        out = "pt-out-%s-%d" % (run.id, r)
        zbkafka.create_topics([out], partitions=run.partitions)
        pt = start_passthrough(run, out, "pt-%s-%d" % (run.id, r))
        msgs, secs = measure_drain("pt-%s-%d" % (run.id, r), run.raw, total, pt)
        stop(pt)
        res["passthrough"] = (msgs / secs, mb * msgs / n / secs)
        run.group = "zhibiao-%s-%d" % (run.id, r)
        w = itest.Worker(run.config("bench-%d" % r, batch=BATCH), "bench-%d" % r).start()
        msgs, secs = measure_drain(run.group, run.raw, total, w.proc)
        w.term(60)
        res["worker"] = (msgs / secs, mb * msgs / n / secs)
        for k, (rps, mbs) in res.items():
            log("round %d throughput %-11s %8.0f reports/s  %6.2f MB/s" % (r + 1, k, rps, mbs))
        ratios.append(res["worker"][0] / res["passthrough"][0])
        log("round %d throughput worker / pass-through = %.2f" % (r + 1, ratios[-1]))
    log("throughput worker / pass-through over %d rounds: %s, median %.2f"
        % (rounds, " ".join("%.2f" % x for x in ratios), statistics.median(ratios)))
    return ratios


class Watcher(threading.Thread):
    """Reads a topic read_committed from its end and notes when each key
    (the report's URL) becomes visible."""

    def __init__(self, topic, key_of):
        super().__init__(daemon=True)
        self.topic, self.key_of, self.seen, self.stop = topic, key_of, {}, False
        self.ready = threading.Event()

    def run(self):
        c = Consumer({"bootstrap.servers": zbkafka.bootstrap(), "group.id": "lat-" + uuid.uuid4().hex,
                      "isolation.level": "read_committed", "enable.auto.commit": False})
        ends = zbkafka.end_offsets(self.topic)
        c.assign([TopicPartition(self.topic, p, hi) for p, (_lo, hi) in ends.items()])
        self.ready.set()
        while not self.stop:
            m = c.poll(0.1)
            if m is None or m.error():
                continue
            now = time.time() * 1000
            self.seen.setdefault(self.key_of(m), now)
        c.close()


def latency_run(run, out_topic, key_of, rate, seconds, start):
    w = Watcher(out_topic, key_of)
    w.start()
    w.ready.wait(30)
    manifest = feed(run, int(rate * seconds), start, rate=rate)
    t0 = time.time()
    with open(manifest) as f:
        sent = {json.loads(line)["url"]: json.loads(line)["sent_ms"] for line in f}
    while time.time() - t0 < 30 and len([u for u in sent if u in w.seen]) < len(sent):
        time.sleep(0.2)
    w.stop = True
    w.join(10)
    lat = sorted(w.seen[u] - s for u, s in sent.items() if u in w.seen)
    if not lat:
        return None
    return (statistics.median(lat), lat[min(len(lat) - 1, int(len(lat) * 0.99))], len(lat), len(sent))


def latency(run, rate, seconds):
    from confluent_kafka.schema_registry import SchemaRegistryClient
    from confluent_kafka.schema_registry.avro import AvroDeserializer
    from confluent_kafka.serialization import MessageField, SerializationContext

    de = AvroDeserializer(SchemaRegistryClient({"url": run.registry}))
    ctx = SerializationContext(run.indicators, MessageField.VALUE)
    res = {}
    pt_run = itest.Run("bench-lat-pt", partitions=run.partitions)
    pt_run.create_topics()
    pt = start_passthrough(pt_run, pt_run.indicators, pt_run.group)
    time.sleep(3)
    res["passthrough"] = latency_run(pt_run, pt_run.indicators, lambda m: m.key().decode(), rate,
                                     seconds, 200000)
    stop(pt)
    w = itest.Worker(run.config("bench-lat", batch=BATCH), "bench-lat").start()
    time.sleep(3)
    res["worker"] = latency_run(run, run.indicators,
                                lambda m: de(m.value(), ctx)["origin"]["source_url"], rate, seconds, 300000)
    w.term(60)
    for k, v in res.items():
        if v:
            log("latency %-11s at %d reports/s: p50 %6.0f ms  p99 %6.0f ms  (%d of %d seen)" % (k, rate, *v))
    return res


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def memory(run, n):
    w = itest.Worker(run.config("bench-rss", batch=BATCH), "bench-rss").start()
    samples = []  # (processed, rss kB)
    feeder_cmd, _ = run.feed(n, start=1000000, fmt="mix")
    base = committed(run.group, run.raw)
    fp = subprocess.Popen(feeder_cmd, stderr=subprocess.DEVNULL)
    t0 = time.time()
    while time.time() - t0 < 3600:
        done = committed(run.group, run.raw) - base
        samples.append((done, rss_kb(w.proc.pid)))
        if fp.poll() is not None and done >= n:
            break
        time.sleep(1.0)
    w.term(60)
    secs = time.time() - t0
    marks = []
    for tenth in range(1, 11):
        target = n * tenth // 10
        s = next((s for s in samples if s[0] >= target), samples[-1])
        marks.append(s)
    log("RSS over %d reports (%.0f s): %s" % (n, secs, "  ".join("%dk:%.1fMB" % (d // 1000, r / 1024) for d, r in marks)))
    peak = max(r for _, r in samples)
    ratio = marks[-1][1] / marks[0][1]
    log("RSS after %d reports %.1f MB, peak %.1f MB, at 10%% %.1f MB: last/10%% = %.2f"
        % (marks[-1][0], marks[-1][1] / 1024, peak / 1024, marks[0][1] / 1024, ratio))
    return marks, ratio


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=20000)
    ap.add_argument("--rounds", type=int, default=3, help="throughput: pass-through/worker pairs")
    ap.add_argument("--rate", type=float, default=200)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--rss-reports", type=int, default=100000)
    ap.add_argument("--skip", default="", help="comma list of parts to skip: throughput,latency,memory")
    args = ap.parse_args()
    skip = set(args.skip.split(","))
    if not os.path.exists(PASSTHROUGH):
        raise SystemExit("build the pass-through first: cmake --build BUILD --target zb_passthrough")
    log("batches of %d messages / %d ms for both; %d cores" % (BATCH[0], BATCH[1], os.cpu_count()))
    for part, fn in (("throughput", lambda r: throughput(r, args.reports, args.rounds)),
                     ("latency", lambda r: latency(r, args.rate, args.seconds)),
                     ("memory", lambda r: memory(r, args.rss_reports))):
        if part in skip:
            continue
        run = itest.Run("bench-" + part, partitions=3)  # fresh topics and group per part
        run.create_topics()
        fn(run)
    return 0


if __name__ == "__main__":
    sys.exit(main())

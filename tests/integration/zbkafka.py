"""zbkafka.py - small helpers shared by the integration-test tools: an
independent Kafka client (Python confluent-kafka from PyPI) to create topics,
publish, and read everything back with isolation.level=read_committed."""

import os
import time
import uuid

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic


def bootstrap():
    """ZB_BOOTSTRAP (common.sh sets it), else the address kafka.sh wrote when
    it started the broker on ports it picked (ZB_BROKER_DIR/bootstrap)."""
    if os.environ.get("ZB_BOOTSTRAP"):
        return os.environ["ZB_BOOTSTRAP"]
    here = os.path.dirname(os.path.abspath(__file__))
    d = os.environ.get("ZB_BROKER_DIR", os.path.join(here, "..", "..", "build", "harness", "kafka"))
    try:
        with open(os.path.join(d, "bootstrap")) as f:
            return f.read().split()[0]
    except (OSError, IndexError):
        raise SystemExit("no broker address: set ZB_BOOTSTRAP or start one with tests/integration/kafka.sh start")


def admin():
    return AdminClient({"bootstrap.servers": bootstrap()})


def create_topics(names, partitions=1, config=None, timeout=30):
    """Creates the topics that do not exist yet; existing ones are left."""
    a = admin()
    new = [NewTopic(n, partitions, 1, config=dict(config or {})) for n in names]
    for name, fut in a.create_topics(new, operation_timeout=timeout).items():
        try:
            fut.result()
        except KafkaException as e:
            if e.args[0].code() != 36:  # TOPIC_ALREADY_EXISTS
                raise
    wait_for_topics(names, timeout)


def wait_for_topics(names, timeout=30):
    """Waits until every partition of the topics has a leader."""
    a = admin()
    deadline = time.time() + timeout
    while True:
        md = a.list_topics(timeout=10)
        ok = all(
            n in md.topics
            and md.topics[n].error is None
            and md.topics[n].partitions
            and all(p.leader >= 0 for p in md.topics[n].partitions.values())
            for n in names
        )
        if ok:
            return
        if time.time() > deadline:
            raise RuntimeError("topics not ready: %s" % names)
        time.sleep(0.2)


def producer(extra=None):
    conf = {
        "bootstrap.servers": bootstrap(),
        "enable.idempotence": True,
        "acks": "all",
        "linger.ms": 5,
        "message.max.bytes": 33554432,
    }
    conf.update(extra or {})
    return Producer(conf)


def partitions_of(topic):
    md = admin().list_topics(topic, timeout=10)
    return sorted(md.topics[topic].partitions.keys())


def end_offsets(topic, committed_only=True):
    """High watermarks (or last stable offsets with read_committed) per partition."""
    c = Consumer(
        {
            "bootstrap.servers": bootstrap(),
            "group.id": "zb-it-probe-" + uuid.uuid4().hex,
            "isolation.level": "read_committed" if committed_only else "read_uncommitted",
            "enable.auto.commit": False,
        }
    )
    try:
        out = {}
        for p in partitions_of(topic):
            lo, hi = c.get_watermark_offsets(TopicPartition(topic, p), timeout=10)
            out[p] = (lo, hi)
        return out
    finally:
        c.close()


def read_all(topic, idle_s=3.0, max_s=120.0, isolation="read_committed", max_bytes=None,
             settled=False):
    """Every message of the topic from the beginning, as the analytics side
    would see it: returns a list of confluent_kafka.Message. Stops when every
    partition has reached its end offset and nothing new came for idle_s.
    settled: the writers have stopped (the worker exited), so with
    read_committed a partition whose end (the last stable offset) is its
    high watermark holds no open transaction and nothing more can become
    visible: stop there without the idle wait (a partition with an open
    transaction, e.g. a killed worker's, still gets it)."""
    conf = {
        "bootstrap.servers": bootstrap(),
        "group.id": "zb-it-reader-" + uuid.uuid4().hex,
        "isolation.level": isolation,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "enable.partition.eof": True,
    }
    if max_bytes:
        conf["fetch.message.max.bytes"] = max_bytes
        conf["fetch.max.bytes"] = max_bytes
        conf["receive.message.max.bytes"] = max_bytes + 1048576
    c = Consumer(conf)
    parts = partitions_of(topic)
    c.assign([TopicPartition(topic, p, 0) for p in parts])
    msgs, eof = [], {}  # partition -> offset of its end
    start = last = probed = time.time()
    try:
        while time.time() - start < max_s:
            m = c.poll(0.5 if not settled else 0.1)
            if m is None:
                if len(eof) < len(parts):
                    continue
                if time.time() - last > idle_s:
                    break
                if settled and time.time() - probed > 0.3:
                    probed = time.time()
                    if _stable(topic, eof, isolation):
                        break
                continue
            if m.error():
                if m.error().code() == -191:  # _PARTITION_EOF
                    eof[m.partition()] = m.offset()
                    continue
                raise KafkaException(m.error())
            eof.pop(m.partition(), None)
            last = time.time()
            msgs.append(m)
    finally:
        c.close()
    return msgs


def _stable(topic, eof, isolation):
    """Every partition's end offset reached (eof) is its high watermark: no
    open transaction. The high watermark comes from a read_uncommitted
    client (end_offsets), since librdkafka answers a read_committed one with
    the last stable offset."""
    if isolation != "read_committed":
        return True
    hw = end_offsets(topic, committed_only=False)
    return all(hw[p][1] == end for p, end in eof.items())


def retrying(fn, attempts=20, delay=0.5):
    """Runs fn, again on retriable broker errors (a fresh broker's group
    coordinator answers NOT_COORDINATOR / COORDINATOR_LOAD_IN_PROGRESS)."""
    for i in range(attempts):
        try:
            return fn()
        except KafkaException as e:
            err = e.args[0]
            # 14/15/16: coordinator loading/unavailable/moved; -185: timed out
            # (offsets pending in an open transaction are not served until it ends)
            if i == attempts - 1 or not (err.retriable() or err.code() in (14, 15, 16, -185)):
                raise
            time.sleep(delay)


def committed_offsets(group, topic):
    """The group's committed offsets per partition (-1001 = none)."""
    def once():
        c = Consumer({"bootstrap.servers": bootstrap(), "group.id": group, "enable.auto.commit": False})
        try:
            tps = c.committed([TopicPartition(topic, p) for p in partitions_of(topic)], timeout=10)
            return {tp.partition: tp.offset for tp in tps}
        finally:
            c.close()
    return retrying(once)


def group_lag(group, topic):
    """Sum over partitions of (last stable offset - committed offset)."""
    ends = end_offsets(topic)
    com = committed_offsets(group, topic)
    lag = 0
    for p, (_lo, hi) in ends.items():
        off = com.get(p, -1001)
        lag += hi - (off if off >= 0 else 0)
    return lag


def wait_transactions_closed(topics, timeout=120.0):
    """Waits until no transaction is open on the topics: the last stable
    offset (what read_committed readers can reach) equals the high
    watermark on every partition. A worker killed with -9 that never comes
    back leaves its transaction open until transaction.timeout.ms; readers
    see nothing past it until the broker aborts it. Returns seconds waited."""
    t0 = time.time()
    while True:
        open_ = 0
        for t in topics:
            lso, hw = end_offsets(t, True), end_offsets(t, False)
            open_ += sum(hw[p][1] - lso[p][1] for p in hw)
        if open_ == 0:
            return time.time() - t0
        if time.time() - t0 > timeout:
            raise RuntimeError("transactions still open on %s after %ds" % (topics, timeout))
        time.sleep(0.5)

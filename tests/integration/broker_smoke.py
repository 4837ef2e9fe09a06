"""broker_smoke.py - checks the harness's broker does what the worker's
exactly-once delivery relies on, with an independent client: a committed
transaction is visible to a read_committed reader, an aborted one is not, and
offsets sent in a transaction are stored for the group."""

import sys
import uuid

from confluent_kafka import Consumer, TopicPartition

import zbkafka


def main():
    run = uuid.uuid4().hex[:8]
    src, dst = "smoke-in-" + run, "smoke-out-" + run
    zbkafka.create_topics([src, dst], partitions=2)

    p = zbkafka.producer()
    for i in range(10):
        p.produce(src, key=str(i), value="in-%d" % i, partition=i % 2)
    assert p.flush(30) == 0

    group = "smoke-" + run
    tx = zbkafka.producer({"transactional.id": "smoke-tx-" + run})
    tx.init_transactions(30)
    c = Consumer(
        {
            "bootstrap.servers": zbkafka.bootstrap(),
            "group.id": group,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            "isolation.level": "read_committed",
        }
    )
    c.assign([TopicPartition(src, 0, 0), TopicPartition(src, 1, 0)])
    got = []
    while len(got) < 10:
        m = c.poll(10)
        assert m is not None, "timed out reading the input"
        assert not m.error(), m.error()
        got.append(m)

    # first transaction: half the input, committed with its offsets
    tx.begin_transaction()
    for m in got[:5]:
        tx.produce(dst, key=m.key(), value=b"out-" + m.value())
    offs = {}
    for m in got[:5]:
        offs[m.partition()] = m.offset() + 1
    tx.send_offsets_to_transaction(
        [TopicPartition(src, pp, o) for pp, o in offs.items()], c.consumer_group_metadata(), 30
    )
    tx.commit_transaction(30)

    # second transaction: aborted, must stay invisible
    tx.begin_transaction()
    for m in got[5:]:
        tx.produce(dst, key=m.key(), value=b"aborted")
    tx.flush(30)  # written to the log, then aborted: a marker hides them
    tx.abort_transaction(30)
    c.close()

    out = zbkafka.read_all(dst, idle_s=1.0)
    values = sorted(m.value() for m in out)
    expect = sorted(b"out-" + m.value() for m in got[:5])
    if values != expect:
        print("FAIL read_committed saw %r, expected %r" % (values, expect))
        return 1
    com = {p: o for p, o in zbkafka.committed_offsets(group, src).items() if o >= 0}
    if com != offs:
        print("FAIL offsets committed in the transaction: %r, expected %r" % (com, offs))
        return 1
    raw = zbkafka.read_all(dst, idle_s=1.0, isolation="read_uncommitted")
    if sum(1 for m in raw if m.value() == b"aborted") != 5:
        print("FAIL the aborted records were never written (read_uncommitted saw %d)" % len(raw))
        return 1
    print(
        "broker ok: committed %d visible, aborted %d hidden (%d raw incl. aborted), offsets %r"
        % (len(out), 5, len(raw), com)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

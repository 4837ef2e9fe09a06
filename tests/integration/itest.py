"""itest.py - what the integration tests share: a run id, topics for one
test, the worker's config file, starting and stopping `zhibiao run`
processes (the real binary built in the test build dir), and the feeder."""

import atexit
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid

import zbkafka
from ports import Hold, free_port, listen_port  # noqa: F401 (the tests use them through itest)

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("ZB_SRC", os.path.abspath(os.path.join(HERE, "..", "..")))
BIN = os.environ.get("ZB_BIN", os.path.join(SRC, "build", "harness", "worker", "zhibiao"))
WORK = os.environ.get("ZB_WORK", os.path.join(SRC, "build", "harness", "work"))


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


class Run:
    """One test run: its own topics, group and work directory."""

    def __init__(self, name, partitions=3):
        self.id = "%s-%s" % (name, uuid.uuid4().hex[:6])
        self.dir = os.path.join(WORK, self.id)
        os.makedirs(self.dir, exist_ok=True)
        self.raw = "raw-" + self.id
        self.indicators = "ind-" + self.id
        self.facts = "facts-" + self.id
        self.dlq = "dlq-" + self.id
        self.group = "zhibiao-" + self.id
        self.partitions = partitions
        self.registry = os.environ.get("ZB_REGISTRY_URL") or os.environ.get("ZB_SR_URL")
        if not self.registry:
            sys.exit("ZB_REGISTRY_URL is not set (common.sh starts the registry stand-in)")

    def create_topics(self):
        env = dict(os.environ, ZB_PYTHON=sys.executable, ZB_PARTITIONS=str(self.partitions),
                   ZB_REPLICATION="1", ZB_MIN_ISR="1", ZB_TOPIC_RAW=self.raw,
                   ZB_TOPIC_INDICATORS=self.indicators, ZB_TOPIC_FACTS=self.facts,
                   ZB_TOPIC_DLQ=self.dlq, ZB_MAX_MESSAGE_BYTES=str(30 * 1024 * 1024))
        # the deployment's own topic script, as an operator would run it
        p = subprocess.run(["bash", os.path.join(SRC, "deploy", "topics.sh")], env=env,
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("deploy/topics.sh failed:\n" + p.stdout + p.stderr)
        zbkafka.wait_for_topics([self.raw, self.indicators, self.facts, self.dlq])

    def config(self, name, instance_id=None, http=False, extra=None, batch=(50, 200),
               threads=None):
        """Writes a worker config file (YAML) and returns its path. http: the
        health/metrics listener on, on a port the worker picks (port 0; read
        it with Worker.port()). batch: (messages, ms) closing a transaction;
        the tests use small batches so kills land inside open transactions
        often. threads: engine.threads (None: the worker's default, one per
        CPU)."""
        lines = [
            "mode: kafka",
            "log:",
            "  level: info",
            "input:",
            "  topics: [%s]" % self.raw,
            "output:",
            "  indicators_topic: %s" % self.indicators,
            "  facts_topic: %s" % self.facts,
            "  dlq_topic: %s" % self.dlq,
            "delivery:",
            "  batch_max_messages: %d" % batch[0],
            "  batch_max_ms: %d" % batch[1],
            "  shutdown_timeout_ms: 20000",
            "registry:",
            "  url: %s" % self.registry,
            "http:",
            "  listen: \"%s\"" % ("127.0.0.1:0" if http else ""),
            "kafka:",
            "  bootstrap.servers: %s" % zbkafka.bootstrap(),
            "consumer:",
            "  group.id: %s" % self.group,
            "  session.timeout.ms: 10000",
            "  heartbeat.interval.ms: 1000",
            "producer:",
            "  transaction.timeout.ms: 20000",
        ]
        if threads is not None:
            lines += ["engine:", "  threads: %d" % threads]
        if instance_id:
            lines.append("  # static membership, as the Deployment sets it from the pod name")
            lines.insert(lines.index("consumer:") + 1, "  group.instance.id: %s" % instance_id)
        text = "\n".join(lines) + "\n"
        for k, v in (extra or {}).items():
            text += "%s\n" % (k if v is None else "%s: %s" % (k, v))
        path = os.path.join(self.dir, name + ".yaml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def feed(self, count, start=0, fmt="mix", rate=0.0, manifest=None, fixtures=False):
        manifest = manifest or os.path.join(self.dir, "manifest-%d.jsonl" % start)
        cmd = [sys.executable, os.path.join(HERE, "feeder.py"), "--topic", self.raw,
               "--count", str(count), "--start", str(start), "--format", fmt,
               "--manifest", manifest, "--registry", self.registry, "--run", self.id]
        if rate:
            cmd += ["--rate", str(rate)]
        if fixtures:
            cmd.append("--fixtures")
        return cmd, manifest

    def check_once(self, manifests, empty_dlq=False):
        cmd = [sys.executable, os.path.join(HERE, "check_once.py"), "--input-topic", self.raw,
               "--indicators-topic", self.indicators, "--registry", self.registry,
               "--facts-topic", self.facts]
        if empty_dlq:
            cmd += ["--empty-dlq", self.dlq]
        for m in manifests:
            cmd += ["--manifest", m]
        return subprocess.run(cmd).returncode

    def committed_total(self):
        """Input messages whose processing the group has committed."""
        offs = zbkafka.committed_offsets(self.group, self.raw)
        return sum(o for o in offs.values() if o > 0)

    def lag(self):
        return zbkafka.group_lag(self.group, self.raw)


def worker_env():
    """The environment for zhibiao processes: without the tests' own ZB_*
    variables, which the worker would read as config overrides."""
    return {k: v for k, v in os.environ.items() if not k.startswith("ZB_")}


_workers = []


@atexit.register
def _kill_leftovers():
    """A test that fails half-way leaves no worker behind."""
    for w in _workers:
        if w.alive():
            w.kill9()


class Worker:
    """One `zhibiao run` process, stderr (JSON logs) kept in a file."""

    def __init__(self, config, name):
        self.config, self.name = config, name
        self.proc = None
        self.starts = 0
        self._port = None  # (start number, port)
        _workers.append(self)

    def start(self):
        self.starts += 1
        logf = open(os.path.join(os.path.dirname(self.config), "%s.%d.log" % (self.name, self.starts)), "wb")
        self.proc = subprocess.Popen([BIN, "run", "--config", self.config], stdout=logf, stderr=logf,
                                     stdin=subprocess.DEVNULL, env=worker_env())
        logf.close()
        return self

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def port(self, timeout=60):
        """The HTTP port this start of the worker bound (config http=True):
        a new one after each restart."""
        if not self._port or self._port[0] != self.starts:
            self._port = (self.starts, listen_port(self.logs(), self.alive, timeout))
        return self._port[1]

    def kill9(self):
        if self.alive():
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def term(self, timeout=60):
        """SIGTERM; returns (exit status, seconds to exit)."""
        if not self.alive():
            return (self.proc.returncode if self.proc else None), 0.0
        t0 = time.time()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return "timeout", time.time() - t0
        return rc, time.time() - t0

    def logs(self):
        return os.path.join(os.path.dirname(self.config), "%s.%d.log" % (self.name, self.starts))


def http_get(port, path, timeout=2):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
    except OSError:
        return None, ""


def wait_until(pred, timeout, step=0.5, what="condition"):
    t0 = time.time()
    while time.time() - t0 < timeout:
        v = pred()
        if v:
            return v
        time.sleep(step)
    raise TimeoutError("timed out after %ds waiting for %s" % (timeout, what))


def tail(path, n=20):
    try:
        with open(path, "rb") as f:
            return b"".join(f.readlines()[-n:]).decode("utf-8", "replace")
    except OSError:
        return ""


def metrics(port):
    """Prometheus text -> {name{labels}: value}."""
    st, body = http_get(port, "/metrics")
    out = {}
    if st != 200:
        return out
    for line in body.splitlines():
        if line and not line.startswith("#"):
            k, _, v = line.rpartition(" ")
            try:
                out[k] = float(v)
            except ValueError:
                pass
    return out


def dump_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)

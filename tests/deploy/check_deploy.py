"""check_deploy.py - every YAML file in deploy/ parses, and the deployment's
invariants hold: the Kubernetes overlays (rendered with `kubectl kustomize`
when kubectl is installed, else read as files), the compose file, the
Dockerfile and the worker configs they ship.

  check_deploy.py SRC_DIR [ZHIBIAO_BINARY]

With the binary, every worker config in deploy/ also passes
`zhibiao config check`. Prints one line per check; exit 1 on any failure."""

import glob
import os
import re
import shutil
import subprocess
import sys

import yaml

failures = []
passed = [0]


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if cond:
        passed[0] += 1
    else:
        failures.append(what)
    return cond


def load_all(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def worker_config(text):
    """A worker config YAML -> flat dotted keys, as zhibiao reads it."""
    flat = {}

    def walk(prefix, v):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(prefix + [str(k)], x)
        elif isinstance(v, list):
            flat[".".join(prefix)] = ",".join(str(x) for x in v)
        else:
            flat[".".join(prefix)] = v
    walk([], yaml.safe_load(text))
    return flat


def listen_port(cfg):
    m = re.search(r":(\d+)$", str(cfg.get("http.listen", "")))
    return int(m.group(1)) if m else None


def shutdown_s(cfg):
    return int(cfg.get("delivery.shutdown_timeout_ms", 30000)) / 1000.0


def check_yaml_parses(deploy):
    paths = sorted(glob.glob(os.path.join(deploy, "**", "*.y*ml"), recursive=True))
    for p in paths:
        try:
            load_all(p)
            ok = True
        except yaml.YAMLError as e:
            ok = False
            print(e)
        check(ok, "parses: %s" % os.path.relpath(p, deploy))
    check(len(paths) >= 15, "found the deploy YAML files (%d)" % len(paths))


def render(overlay):
    if shutil.which("kubectl"):
        p = subprocess.run(["kubectl", "kustomize", overlay], capture_output=True, text=True)
        if check(p.returncode == 0, "kubectl kustomize %s renders" % overlay):
            return [d for d in yaml.safe_load_all(p.stdout) if d]
        print(p.stderr)
        return []
    print("note  kubectl not installed: rendering %s with the small kustomize subset below" % overlay)
    return mini_kustomize(overlay)


def mini_kustomize(d):
    """What this deployment uses of kustomize: resources (files and
    directories), configMapGenerator (files, literals, merge/replace) and
    JSON 6902 patches (add/replace/remove). Enough to check the invariants
    where kubectl is not installed; kubectl kustomize is used when it is."""
    k = load_all(os.path.join(d, "kustomization.yaml"))[0]
    docs = []
    for r in k.get("resources", []):
        p = os.path.normpath(os.path.join(d, r))
        docs += mini_kustomize(p) if os.path.isdir(p) else load_all(p)
    for g in k.get("configMapGenerator", []):
        data = {}
        for f in g.get("files", []):
            with open(os.path.join(d, f)) as fh:
                data[os.path.basename(f)] = fh.read()
        for lit in g.get("literals", []):
            key, _, val = lit.partition("=")
            data[key] = val
        old = [x for x in docs if x.get("kind") == "ConfigMap" and x["metadata"]["name"] == g["name"]]
        if old and g.get("behavior") == "merge":
            old[0]["data"].update(data)
            continue
        docs = [x for x in docs if x not in old]
        docs.append({"kind": "ConfigMap", "metadata": {"name": g["name"]}, "data": data})
    for patch in k.get("patches", []):
        t = patch["target"]
        for x in docs:
            if x.get("kind") == t["kind"] and x["metadata"]["name"] == t["name"]:
                for op in yaml.safe_load(patch["patch"]):
                    json_patch(x, op)
    return docs


def json_patch(doc, op):
    parts = [int(p) if p.isdigit() else p for p in op["path"].strip("/").split("/")]
    node = doc
    for p in parts[:-1]:
        node = node[p]
    if op["op"] == "remove":
        del node[parts[-1]]
    else:
        node[parts[-1]] = op["value"]


def by_kind(docs, kind):
    return [d for d in docs if d.get("kind") == kind]


def configmap_data(docs, prefix):
    for d in by_kind(docs, "ConfigMap"):
        if d["metadata"]["name"].startswith(prefix):
            return d.get("data", {})
    return {}


def check_overlay(overlay):
    name = os.path.basename(overlay)
    docs = render(overlay)
    if not docs:
        return
    deps = by_kind(docs, "Deployment")
    if not check(len(deps) == 1, "%s: one Deployment" % name):
        return
    dep = deps[0]
    pod = dep["spec"]["template"]
    c = pod["spec"]["containers"][0]
    cfg_text = configmap_data(docs, "zhibiao-config").get("zhibiao.yaml")
    if not check(cfg_text is not None, "%s: ConfigMap zhibiao-config holds zhibiao.yaml" % name):
        return
    cfg = worker_config(cfg_text)
    topics = configmap_data(docs, "zhibiao-topics")

    env = {e["name"]: e for e in c.get("env", [])}
    gi = env.get("ZB_CONSUMER_GROUP_INSTANCE_ID", {})
    check(gi.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "metadata.name",
          "%s: static membership: group.instance.id from the pod name" % name)
    grace = pod["spec"].get("terminationGracePeriodSeconds", 30)
    check(grace > shutdown_s(cfg), "%s: terminationGracePeriodSeconds %s > shutdown timeout %.0fs"
          % (name, grace, shutdown_s(cfg)))
    port = listen_port(cfg)
    ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        g = c.get(probe, {}).get("httpGet", {})
        pp = ports.get(g.get("port"), g.get("port"))
        check(g.get("path") == path and pp == port,
              "%s: %s GET %s on the worker's http.listen port %s" % (name, probe, path, port))
    res = c.get("resources", {})
    check(all(k in res.get(x, {}) for x in ("requests", "limits") for k in ("cpu", "memory")),
          "%s: cpu and memory requests and limits" % name)
    sc = pod["spec"].get("securityContext", {})
    check(sc.get("runAsNonRoot") is True and sc.get("runAsUser", 0) != 0, "%s: runs as non-root" % name)
    check(c.get("args", [])[:1] == ["run"] and "/etc/zhibiao/zhibiao.yaml" in c.get("args", []),
          "%s: runs `zhibiao run --config /etc/zhibiao/zhibiao.yaml`" % name)
    mounts = {m["mountPath"] for m in c.get("volumeMounts", [])}
    check("/etc/zhibiao" in mounts, "%s: config mounted at /etc/zhibiao" % name)

    secrets = {d["metadata"]["name"]: set(d.get("stringData", {})) | set(d.get("data", {}))
               for d in by_kind(docs, "Secret")}
    refs = [e["valueFrom"]["secretKeyRef"] for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})]
    check(refs and all(r["key"] in secrets.get(r["name"], ()) for r in refs),
          "%s: every secretKeyRef names a key of a Secret in the overlay (%d refs)" % (name, len(refs)))
    need = {"ZB_KAFKA_SASL_PASSWORD", "ZB_REGISTRY_BASIC_AUTH_PASSWORD"}
    check(need <= set(env), "%s: SASL and registry passwords from the Secret" % name)
    check(not any(re.search(r"password|secret", k) and v for k, v in cfg.items()),
          "%s: no secret in the ConfigMap" % name)

    sos = by_kind(docs, "ScaledObject")
    if check(len(sos) == 1, "%s: one KEDA ScaledObject" % name):
        so = sos[0]["spec"]
        parts = int(topics.get("ZB_PARTITIONS", 0))
        check(0 < so["maxReplicaCount"] <= parts,
              "%s: KEDA maxReplicaCount %d <= input partitions %d" % (name, so["maxReplicaCount"], parts))
        check(1 <= so.get("minReplicaCount", 0) <= so["maxReplicaCount"], "%s: KEDA minReplicaCount in range" % name)
        check(so["scaleTargetRef"]["name"] == dep["metadata"]["name"], "%s: KEDA scales the Deployment" % name)
        md = so["triggers"][0]["metadata"]
        check(so["triggers"][0]["type"] == "kafka" and md["topic"] == cfg["input.topics"].split(",")[0]
              and md["consumerGroup"] == cfg["consumer.group.id"],
              "%s: KEDA lag trigger on the worker's input topic and group" % name)
        check(md["bootstrapServers"] == cfg["kafka.bootstrap.servers"],
              "%s: KEDA and the worker use the same brokers" % name)
        check(dep["spec"]["replicas"] <= so["maxReplicaCount"], "%s: replicas within KEDA's range" % name)
    if topics:
        check(int(topics["ZB_MIN_ISR"]) <= int(topics["ZB_REPLICATION"]),
              "%s: min.insync.replicas <= replication" % name)
        check(topics.get("ZB_TOPIC_RAW") == cfg["input.topics"].split(",")[0]
              and topics.get("ZB_TOPIC_DLQ") == cfg.get("output.dlq_topic", "reports.dlq"),
              "%s: topic layout names the worker's topics" % name)
    labels = pod["metadata"]["labels"]
    for pdb in by_kind(docs, "PodDisruptionBudget"):
        sel = pdb["spec"]["selector"]["matchLabels"]
        check(all(labels.get(k) == v for k, v in sel.items()), "%s: PDB selects the worker pods" % name)
        check(pdb["spec"].get("maxUnavailable") == 1 or "minAvailable" in pdb["spec"], "%s: PDB bounds disruption" % name)
    svc_ports = {p["name"] for s in by_kind(docs, "Service") for p in s["spec"]["ports"]}
    for sm in by_kind(docs, "ServiceMonitor"):
        check(all(e["port"] in svc_ports and e["path"] == "/metrics" for e in sm["spec"]["endpoints"]),
              "%s: ServiceMonitor scrapes /metrics on a Service port" % name)
    ann = pod["metadata"].get("annotations", {})
    check(ann.get("prometheus.io/path") == "/metrics" and int(ann.get("prometheus.io/port", 0)) == port,
          "%s: scrape annotations point at /metrics on port %s" % (name, port))
    return cfg_text


def check_rules(deploy):
    alerts = load_all(os.path.join(deploy, "prometheus", "alerts.yaml"))[0]
    rule = load_all(os.path.join(deploy, "k8s", "prometheus", "prometheusrule.yaml"))[0]
    check(rule["spec"] == alerts, "PrometheusRule holds exactly deploy/prometheus/alerts.yaml")
    names = {r["alert"] for g in alerts["groups"] for r in g["rules"]}
    exprs = " ".join(r["expr"] for g in alerts["groups"] for r in g["rules"])
    check({"ZhibiaoLagGrowing", "ZhibiaoDeadLetterRate", "ZhibiaoTransactionAborts"} <= names,
          "alerts: lag growing, DLQ rate, transaction aborts")
    for metric in ("zhibiao_consumer_lag", "zhibiao_dlq_total", "zhibiao_transactions_aborted_total",
                   "zhibiao_messages_in_total", "zhibiao_registry_up", "zhibiao_paused",
                   "zhibiao_extract_stalled", "zhibiao_extract_timeouts_total"):
        check(metric in exprs, "alerts use the worker's metric %s" % metric)


def check_compose(deploy):
    comp = load_all(os.path.join(deploy, "docker-compose.yml"))[0]
    svcs = comp["services"]
    workers = [s for s in svcs.values() if s.get("image", "").startswith("zhibiao")]
    check(len(workers) >= 2, "compose: two workers (%d)" % len(workers))
    for need in ("kafka", "schema-registry", "topics", "feeder", "analytics"):
        check(need in svcs, "compose: service %s" % need)
    with open(os.path.join(deploy, "zhibiao.yaml")) as f:
        image_cfg = worker_config(f.read())
    for w in workers:
        g = w.get("stop_grace_period", "10s")
        secs = int(re.match(r"(\d+)s", g).group(1))
        check(secs > shutdown_s(image_cfg), "compose: stop_grace_period %s > shutdown timeout" % g)
        check("ZB_CONSUMER_GROUP_INSTANCE_ID" in w.get("environment", {}), "compose: workers have distinct static ids")
    ids = [w["environment"]["ZB_CONSUMER_GROUP_INSTANCE_ID"] for w in workers]
    check(len(set(ids)) == len(ids), "compose: static ids differ")
    kenv = svcs["kafka"]["environment"]
    check("broker,controller" in str(kenv.get("KAFKA_PROCESS_ROLES")), "compose: Kafka in KRaft mode")
    check(str(kenv.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")) == "1",
          "compose: single-node transaction log (transactions work on one broker)")
    check("deploy/topics.sh" in " ".join(svcs["topics"]["command"]), "compose: topics via deploy/topics.sh")
    check(image_cfg.get("kafka.bootstrap.servers") == "kafka:9092"
          and str(image_cfg.get("registry.url", "")).startswith("http://schema-registry:8081"),
          "compose: the image's config names the compose services")


def check_dockerfile(deploy):
    with open(os.path.join(deploy, "Dockerfile")) as f:
        text = f.read()
    stages = re.findall(r"^FROM\s+(\S+)", text, re.M)
    check(len(stages) >= 2, "Dockerfile: multi-stage (%d stages)" % len(stages))
    check(stages and re.match(r"debian:[\w.-]*slim$", stages[-1]), "Dockerfile: runtime on Debian slim")
    runtime = text[text.rfind("\nFROM "):]
    installs = " ".join(re.findall(r"apt-get install[^&]*", runtime))
    check(installs and "-dev" not in installs and "build-essential" not in installs,
          "Dockerfile: only runtime libraries in the final stage")
    user = re.findall(r"^USER\s+(\S+)", runtime, re.M)
    check(user and not user[-1].split(":")[0] in ("0", "root"), "Dockerfile: non-root USER %s" % user)
    check(re.search(r"HEALTHCHECK.*\n?.*?/healthz", runtime) is not None, "Dockerfile: HEALTHCHECK on /healthz")
    check('ENTRYPOINT ["/usr/bin/zhibiao"]' in runtime, "Dockerfile: the binary is the entrypoint")
    with open(os.path.join(deploy, "zhibiao.yaml")) as f:
        port = listen_port(worker_config(f.read()))
    check(re.search(r"^EXPOSE\s+%d\b" % port, runtime, re.M) is not None and ":%d/healthz" % port in runtime,
          "Dockerfile: EXPOSE and healthcheck on the config's http port %s" % port)


def check_config_check(binary, texts, tmp):
    for name, text in texts:
        path = os.path.join(tmp, name.replace("/", "_") + ".yaml")
        with open(path, "w") as f:
            f.write(text)
        env = {k: v for k, v in os.environ.items() if not k.startswith("ZB_")}
        p = subprocess.run([binary, "config", "check", path], capture_output=True, text=True, env=env)
        check(p.returncode == 0 and "config OK" in p.stdout + p.stderr,
              "zhibiao config check accepts %s" % name)
        if p.returncode:
            print(p.stdout[-500:], p.stderr[-500:])


def main():
    src = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else None
    deploy = os.path.join(src, "deploy")
    check_yaml_parses(deploy)
    texts = []
    for ov in sorted(glob.glob(os.path.join(deploy, "k8s", "overlays", "*"))):
        t = check_overlay(ov)
        if t:
            texts.append(("k8s-" + os.path.basename(ov), t))
    check_rules(deploy)
    check_compose(deploy)
    check_dockerfile(deploy)
    with open(os.path.join(deploy, "zhibiao.yaml")) as f:
        texts.append(("image-config", f.read()))
    if binary:
        tmp = os.environ.get("TMPDIR_DEPLOY", "/tmp")
        check_config_check(binary, texts, tmp)
    print("%d passed, %d failed" % (passed[0], len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

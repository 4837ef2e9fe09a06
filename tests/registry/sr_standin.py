#!/usr/bin/env python3
"""A Confluent Schema Registry STAND-IN for tests (not a product component).

No real Schema Registry can be installed on the machines this project is built
on (Confluent's server is not in the package registries reached; Karapace is
not on PyPI). This server implements the subset of the Confluent REST API that
zhibiao and the Python clients use, in memory, and is itself checked against
the real Python client (confluent_kafka.schema_registry.SchemaRegistryClient)
by tests/registry/check_standin.py, so that it answers as the real API does:

  GET    /subjects                                  GET /schemas/types
  GET    /subjects/{s}/versions                     GET /schemas/ids/{id}
  GET    /subjects/{s}/versions/{v|latest}          GET /schemas/ids/{id}/versions
  GET    /subjects/{s}/versions/{v}/schema          GET /schemas/ids/{id}/subjects
  POST   /subjects/{s}/versions   (register)        POST /subjects/{s} (lookup)
  DELETE /subjects/{s}[?permanent=true]             DELETE /subjects/{s}/versions/{v}
  POST   /compatibility/subjects/{s}/versions/{v|latest}[?verbose=true]
  POST   /compatibility/subjects/{s}/versions
  GET|PUT /config      GET|PUT|DELETE /config/{s}   GET /mode

Error codes as the real registry: 40401 subject not found, 40402 version not
found, 40403 schema not found, 40408 subject config not found, 409
incompatible schema, 42201 invalid schema, 42202 invalid version, 42203
invalid compatibility level, 50001 internal error.

Compatibility uses the Avro project's own checker (avro.compatibility,
`ReaderWriterCompatibilityChecker`) with the registry's rules: BACKWARD
(default: the new schema reads data of the latest), FORWARD, FULL, their
_TRANSITIVE forms (against every version) and NONE.

Test-only extensions (prefix /_test, not part of the Confluent API):
  POST /_test/fail {"count": N, "status": 503}  the next N API requests fail
  GET  /_test/stats                              {"requests": N} (API requests)
  POST /_test/reset                              forget everything

Usage: sr_standin.py --port PORT [--host 127.0.0.1] [--user U --password P]
                     [--tls-cert PEM --tls-key PEM [--tls-client-ca PEM]]
(--tls-client-ca: clients must present a certificate signed by that CA)
"""
import argparse
import base64
import json
import re
import socket
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import avro.schema
from avro.compatibility import ReaderWriterCompatibilityChecker, SchemaCompatibilityType

CT = "application/vnd.schemaregistry.v1+json"
LEVELS = {"NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL",
          "FULL_TRANSITIVE"}


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def parse_schema(text, schema_type):
    if schema_type not in (None, "AVRO"):
        raise ApiError(422, 42201, f"Invalid schema: schema type {schema_type} is not supported")
    try:
        parsed = avro.schema.parse(text)
        canonical = json.dumps(json.loads(text), separators=(",", ":"))
    except Exception as e:  # the avro package raises several kinds
        raise ApiError(422, 42201, f"Invalid schema {text[:80]!r}: {e}")
    return parsed, canonical


def can_read(reader, writer):
    r = ReaderWriterCompatibilityChecker().get_compatibility(reader, writer)
    ok = r.compatibility is SchemaCompatibilityType.compatible
    msgs = [] if ok else [str(m) for m in r.messages] or ["incompatible"]
    return ok, msgs


class Registry:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.schemas = {}      # id -> (canonical text, parsed)
        self.by_canonical = {}  # canonical text -> id
        self.subjects = {}     # subject -> list of {"version", "id", "deleted"}
        self.next_id = 1
        self.global_level = "BACKWARD"
        self.subject_level = {}
        self.fail_count = 0
        self.fail_status = 503
        self.requests = 0

    # -- helpers --------------------------------------------------------------
    def live_versions(self, subject, missing_ok=False):
        vs = [v for v in self.subjects.get(subject, []) if not v["deleted"]]
        if not vs and not missing_ok:
            raise ApiError(404, 40401, f"Subject '{subject}' not found.")
        return vs

    def version(self, subject, ver):
        vs = self.live_versions(subject)
        if ver in ("latest", "-1"):
            return vs[-1]
        if not re.fullmatch(r"\d+", ver) or int(ver) < 1:
            raise ApiError(422, 42202,
                           f"The specified version '{ver}' is not a valid version id. Allowed "
                           "values are between [1, 2^31-1] and the string \"latest\"")
        for v in vs:
            if v["version"] == int(ver):
                return v
        raise ApiError(404, 40402, f"Version {ver} not found.")

    def level(self, subject):
        return self.subject_level.get(subject, self.global_level)

    def check(self, parsed, against, level):
        """Messages of incompatibility of parsed with the schemas against."""
        msgs = []
        for v in against:
            old = self.schemas[v["id"]][1]
            if level.startswith(("BACKWARD", "FULL")):
                msgs += can_read(parsed, old)[1]
            if level.startswith(("FORWARD", "FULL")):
                msgs += can_read(old, parsed)[1]
        return msgs

    def against(self, subject, level):
        vs = self.live_versions(subject, missing_ok=True)
        if level == "NONE" or not vs:
            return []
        return vs if level.endswith("_TRANSITIVE") else vs[-1:]

    def entry(self, subject, v):
        text = self.schemas[v["id"]][0]
        return {"subject": subject, "version": v["version"], "id": v["id"], "schema": text}

    # -- API ---------------------------------------------------------------------
    def register(self, subject, body):
        parsed, canonical = parse_schema(body.get("schema", ""), body.get("schemaType"))
        if body.get("references"):
            raise ApiError(422, 42201, "Invalid schema: references are not supported here")
        for v in self.live_versions(subject, missing_ok=True):
            if self.schemas[v["id"]][0] == canonical:
                return {"id": v["id"]}
        msgs = self.check(parsed, self.against(subject, self.level(subject)), self.level(subject))
        if msgs:
            raise ApiError(409, 409, "Schema being registered is incompatible with an earlier "
                           "schema for subject \"%s\", details: %s" % (subject, "; ".join(msgs)))
        sid = self.by_canonical.get(canonical)
        if sid is None:
            sid = self.next_id
            self.next_id += 1
            self.schemas[sid] = (canonical, parsed)
            self.by_canonical[canonical] = sid
        allv = self.subjects.setdefault(subject, [])
        allv.append({"version": (allv[-1]["version"] + 1) if allv else 1, "id": sid,
                     "deleted": False})
        return {"id": sid}

    def lookup(self, subject, body):
        _, canonical = parse_schema(body.get("schema", ""), body.get("schemaType"))
        for v in self.live_versions(subject):
            if self.schemas[v["id"]][0] == canonical:
                return self.entry(subject, v)
        raise ApiError(404, 40403, "Schema not found")

    def compat(self, subject, ver, body, verbose):
        parsed, _ = parse_schema(body.get("schema", ""), body.get("schemaType"))
        level = self.level(subject)
        if ver is None:
            against = self.live_versions(subject, missing_ok=True)
        else:
            against = [self.version(subject, ver)]
        msgs = [] if level == "NONE" else self.check(parsed, against, level)
        out = {"is_compatible": not msgs}
        if verbose:
            out["messages"] = msgs
        return out

    def get_id(self, sid):
        if not re.fullmatch(r"-?\d+", sid) or int(sid) not in self.schemas:
            raise ApiError(404, 40403, "Schema not found")
        return int(sid)


REG = Registry()


def route(method, parts, query, body):
    """Returns (status, json-able) or raises ApiError."""
    r = REG
    n = len(parts)
    verbose = query.get("verbose", ["false"])[0] == "true"
    if n == 0:
        return 200, {}
    head = parts[0]
    if head == "schemas" and n == 1 and method == "GET":
        return 200, [{"subject": s, **r.entry(s, v)} for s in r.subjects
                     for v in r.live_versions(s, missing_ok=True)]
    if head == "schemas" and n == 2 and parts[1] == "types":
        return 200, ["AVRO"]
    if head == "schemas" and n >= 3 and parts[1] == "ids" and method == "GET":
        sid = r.get_id(parts[2])
        if n == 3:
            return 200, {"schema": r.schemas[sid][0]}
        uses = [(s, v) for s, vs in r.subjects.items() for v in vs
                if v["id"] == sid and not v["deleted"]]
        if n == 4 and parts[3] == "versions":
            return 200, [{"subject": s, "version": v["version"]} for s, v in uses]
        if n == 4 and parts[3] == "subjects":
            return 200, sorted({s for s, _ in uses})
    if head == "subjects":
        if n == 1 and method == "GET":
            return 200, sorted(s for s in r.subjects if r.live_versions(s, missing_ok=True))
        subject = parts[1]
        if n == 2 and method == "POST":
            return 200, r.lookup(subject, body)
        if n == 2 and method == "DELETE":
            vs = r.live_versions(subject, missing_ok=query.get("permanent") == ["true"])
            out = [v["version"] for v in r.subjects.get(subject, [])]
            if query.get("permanent") == ["true"]:
                r.subjects.pop(subject, None)
            else:
                for v in vs:
                    v["deleted"] = True
            return 200, out
        if n == 3 and parts[2] == "versions":
            if method == "GET":
                return 200, [v["version"] for v in r.live_versions(subject)]
            if method == "POST":
                return 200, r.register(subject, body)
        if n >= 4 and parts[2] == "versions":
            v = r.version(subject, parts[3])
            if n == 4 and method == "GET":
                return 200, r.entry(subject, v)
            if n == 4 and method == "DELETE":
                v["deleted"] = True
                return 200, v["version"]
            if n == 5 and parts[4] == "schema" and method == "GET":
                return 200, json.loads(r.schemas[v["id"]][0])
    if head == "compatibility" and n >= 4 and parts[1] == "subjects" and method == "POST":
        ver = parts[4] if n == 5 else None
        return 200, r.compat(parts[2], ver, body, verbose)
    if head == "config":
        subject = parts[1] if n == 2 else None
        if method == "GET":
            if subject is None:
                return 200, {"compatibilityLevel": r.global_level}
            if subject in r.subject_level:
                return 200, {"compatibilityLevel": r.subject_level[subject]}
            if query.get("defaultToGlobal") == ["true"]:
                return 200, {"compatibilityLevel": r.global_level}
            raise ApiError(404, 40408, f"Subject '{subject}' does not have subject-level "
                           "compatibility configured")
        if method == "PUT":
            level = str(body.get("compatibility", "")).upper()
            if level not in LEVELS:
                raise ApiError(422, 42203, "Invalid compatibility level. Valid values are none, "
                               "backward, forward, full, backward_transitive, "
                               "forward_transitive, and full_transitive")
            if subject is None:
                r.global_level = level
            else:
                r.subject_level[subject] = level
            return 200, {"compatibility": level}
        if method == "DELETE" and subject is not None:
            old = r.subject_level.pop(subject, r.global_level)
            return 200, {"compatibilityLevel": old}
    if head == "mode" and method == "GET":
        return 200, {"mode": "READWRITE"}
    raise ApiError(404, 404, "HTTP 404 Not Found")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    auth = None  # "user:password" when basic auth is required

    def log_message(self, fmt, *args):  # quiet: tests read stderr
        pass

    def setup(self):
        super().setup()
        # headers and body go out in two writes: without this, Nagle's
        # algorithm and the client's delayed ACK add ~40 ms to every answer
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, status, obj, raw=None):
        data = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", CT)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self, method):
        url = urlsplit(self.path)
        parts = [unquote(p) for p in url.path.split("/") if p]
        query = parse_qs(url.query)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if parts[:1] == ["_test"]:
            return self.test_hook(method, parts, raw)
        with REG.lock:
            REG.requests += 1
            if REG.fail_count > 0:
                REG.fail_count -= 1
                return self.send(REG.fail_status, {"error_code": 50001,
                                                   "message": "injected failure"})
        if self.auth and self.headers.get("Authorization") != "Basic " + self.auth:
            return self.send(401, {"error_code": 401, "message": "Unauthorized"})
        try:
            body = json.loads(raw) if raw else {}
            if not isinstance(body, dict):
                raise ValueError("body is not a JSON object")
        except ValueError as e:
            return self.send(400, {"error_code": 400, "message": f"Bad request: {e}"})
        try:
            with REG.lock:
                status, obj = route(method, parts, query, body)
            self.send(status, obj)
        except ApiError as e:
            self.send(e.status, {"error_code": e.code, "message": e.message})
        except Exception as e:  # a bug here must not look like a registry answer
            self.send(500, {"error_code": 50001, "message": f"Error in the backend: {e}"})

    def test_hook(self, method, parts, raw):
        with REG.lock:
            if parts == ["_test", "fail"] and method == "POST":
                body = json.loads(raw or b"{}")
                REG.fail_count = int(body.get("count", 1))
                REG.fail_status = int(body.get("status", 503))
                return self.send(200, {"fail": REG.fail_count})
            if parts == ["_test", "stats"]:
                return self.send(200, {"requests": REG.requests})
            if parts == ["_test", "reset"] and method == "POST":
                REG.reset()
                return self.send(200, {})
        self.send(404, {"error_code": 404, "message": "HTTP 404 Not Found"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_DELETE(self):
        self.handle_any("DELETE")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--tls-client-ca")
    a = ap.parse_args()
    if a.user:
        Handler.auth = base64.b64encode(f"{a.user}:{a.password or ''}".encode()).decode()
    srv = ThreadingHTTPServer((a.host, a.port), Handler)
    srv.daemon_threads = True
    scheme = "http"
    if a.tls_cert:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls_cert, a.tls_key)
        if a.tls_client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(a.tls_client_ca)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        scheme = "https"
    print(f"sr_standin listening on {scheme}://{a.host}:{srv.server_port}", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# `zhibiao config check`: the example configs validate, the output is the
# effective config with environment overrides applied and secrets masked,
# and a bad config fails with the key named.
#   config_check_test.sh ZHIBIAO_BINARY SOURCE_DIR
set -euo pipefail
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

ZB_KAFKA_SASL_PASSWORD=s3cr3t-from-env ZB_DELIVERY_SEMANTICS=at_least_once \
ZB_REGISTRY_URL=https://alice:pw-in-url@sr.example:8081 \
  "$bin" config check "$src/config/zhibiao.example.yaml" >"$tmp/out" 2>"$tmp/err" ||
  fail "example config rejected: $(cat "$tmp/err")"
grep -q '^kafka.sasl.password: \*\*\*\*\*\*\*\*$' "$tmp/out" || fail "sasl.password not masked"
grep -q '^registry.url: https://alice:\*\*\*\*\*\*\*\*@sr.example:8081$' "$tmp/out" ||
  fail "password in registry URL not masked"
grep -q '^delivery.semantics: at_least_once$' "$tmp/out" || fail "env override not applied"
grep -q '^kafka.bootstrap.servers: localhost:9092$' "$tmp/out" || fail "passthrough missing"
grep -q '^consumer.group.id: zhibiao$' "$tmp/out" || fail "consumer passthrough missing"
if grep -q -e 's3cr3t-from-env' -e 'pw-in-url' "$tmp/out" "$tmp/err"; then
  fail "a secret was printed"
fi
grep -q 'config OK (kafka mode)' "$tmp/err" || fail "no OK line"

"$bin" config check "$src/config/file-mode.yaml" >"$tmp/out" 2>"$tmp/err" ||
  fail "file-mode config rejected: $(cat "$tmp/err")"
grep -q '^mode: file$' "$tmp/out" || fail "file mode not shown"

printf 'mode: kafka\nkafka:\n  bootstrap.servers: b:9092\n  no.such.prop: 1\nregistry:\n  url: http://r\n' >"$tmp/bad1.yaml"
if "$bin" config check "$tmp/bad1.yaml" >"$tmp/out" 2>"$tmp/err"; then fail "unknown librdkafka property accepted"; fi
grep -q 'kafka.no.such.prop' "$tmp/err" || fail "bad property not named: $(cat "$tmp/err")"

printf 'delivery:\n  batch_max_ms: soon\n' >"$tmp/bad2.yaml"
if "$bin" config check "$tmp/bad2.yaml" >"$tmp/out" 2>"$tmp/err"; then fail "bad number accepted"; fi
grep -q 'delivery.batch_max_ms' "$tmp/err" || fail "bad key not named: $(cat "$tmp/err")"

# http.listen is checked here, not only when the worker starts
if ZB_HTTP_LISTEN=localhost:metrics "$bin" config check >"$tmp/out" 2>"$tmp/err"; then
  fail "bad http.listen accepted"
fi
grep -q "http.listen: bad port in 'localhost:metrics'" "$tmp/err" || fail "http.listen not named: $(cat "$tmp/err")"

if "$bin" config check "$tmp/missing.yaml" 2>"$tmp/err"; then fail "missing file accepted"; fi
echo "config_check_test: ok"

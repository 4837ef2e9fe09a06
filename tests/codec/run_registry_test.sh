#!/usr/bin/env bash
# Runs registry_test against three Schema Registry stand-ins: plain, basic
# auth and TLS with client certificates (certificates made by make_certs.sh),
# each on a port the system picks (fixed ports collide with other runs on
# the same machine); a port nothing listens on is the dead registry.
#   run_registry_test.sh PYTHON REGISTRY_TEST CERT_DIR
set -euo pipefail
py=$1 bin=$2 certs=$3
sr=$(cd "$(dirname "$0")/../registry" && pwd)
rm -rf "$certs"
bash "$sr/make_certs.sh" "$certs" >/dev/null
export ZB_SR_TLS_DIR=$certs
# a port that was free a moment ago: bound and released, nothing listens
dead=$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ZB_SR_STANDIN_ARGS="--tls-cert $certs/server.pem --tls-key $certs/server.key --tls-client-ca $certs/ca.pem" \
ZB_SR_SCHEME=https ZB_SR_URL_VAR=ZB_SR_TLS_URL \
  "$sr/with_standin.sh" "$py" 0 \
  env ZB_SR_STANDIN_ARGS='--user zb --password pw%1' ZB_SR_URL_VAR=ZB_SR_AUTH_URL \
  "$sr/with_standin.sh" "$py" 0 \
  "$sr/with_standin.sh" "$py" 0 \
  "$bin" "$dead"

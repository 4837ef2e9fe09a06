#!/usr/bin/env bash
# Runs registry_test against three Schema Registry stand-ins: plain
# (127.0.0.1:18020), basic auth (18022) and TLS with client certificates
# (18023, certificates made by make_certs.sh); 18021 stays closed (a dead
# registry).   run_registry_test.sh PYTHON REGISTRY_TEST CERT_DIR
set -euo pipefail
py=$1 bin=$2 certs=$3
sr=$(cd "$(dirname "$0")/../registry" && pwd)
rm -rf "$certs"
bash "$sr/make_certs.sh" "$certs" >/dev/null
export ZB_SR_TLS_DIR=$certs
ZB_SR_STANDIN_ARGS="--tls-cert $certs/server.pem --tls-key $certs/server.key --tls-client-ca $certs/ca.pem" \
ZB_SR_SCHEME=https ZB_SR_URL_VAR=ZB_SR_TLS_URL \
  "$sr/with_standin.sh" "$py" 18023 \
  env ZB_SR_STANDIN_ARGS='--user zb --password pw%1' ZB_SR_URL_VAR=ZB_SR_AUTH_URL \
  "$sr/with_standin.sh" "$py" 18022 \
  "$sr/with_standin.sh" "$py" 18020 \
  "$bin" 18021

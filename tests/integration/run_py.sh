#!/usr/bin/env bash
# run_py.sh SCRIPT.py [ARGS...] - runs one integration-test script with the
# test virtualenv's Python, against the broker of the ctest fixture
# (ZB_BOOTSTRAP) and a Schema Registry stand-in (tests/registry/) started for
# this script on ZB_REGISTRY_PORT (default 0: a free port the stand-in picks
# and reports) and stopped after it; its URL is in ZB_REGISTRY_URL.
source "$(dirname "$0")/common.sh"
zb_need_broker
script=$1
shift
export ZB_SR_URL_VAR=ZB_REGISTRY_URL
exec bash "$ZB_SRC/tests/registry/with_standin.sh" "$PY" "${ZB_REGISTRY_PORT:-0}" "$PY" "$ZB_IT_DIR/$script" "$@"

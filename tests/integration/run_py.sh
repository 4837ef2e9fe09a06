#!/usr/bin/env bash
# run_py.sh SCRIPT.py [ARGS...] - runs one integration-test script with the
# test virtualenv's Python, against the broker of the ctest fixture
# (ZB_BOOTSTRAP) and a Schema Registry stand-in (tests/registry/) started for
# this script on ZB_REGISTRY_PORT and stopped after it; its URL is in
# ZB_REGISTRY_URL.
source "$(dirname "$0")/common.sh"
zb_need_broker
script=$1
shift
port=${ZB_REGISTRY_PORT:-19081}
export ZB_REGISTRY_URL=http://127.0.0.1:$port
exec bash "$ZB_SRC/tests/registry/with_standin.sh" "$PY" "$port" "$PY" "$ZB_IT_DIR/$script" "$@"

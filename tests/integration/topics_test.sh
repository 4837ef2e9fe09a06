#!/usr/bin/env bash
# deploy/topics.sh against the real broker (see topics_test.py).
source "$(dirname "$0")/common.sh"
zb_need_broker
exec "$PY" "$ZB_IT_DIR/topics_test.py"

#!/usr/bin/env bash
# The harness's broker supports what exactly-once relies on (see broker_smoke.py).
source "$(dirname "$0")/common.sh"
zb_need_broker
exec "$PY" "$ZB_IT_DIR/broker_smoke.py"

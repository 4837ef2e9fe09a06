#!/usr/bin/env bash
# topics.sh - create or update zhibiao's Kafka topics (idempotent). Settings
# from the environment; see deploy/topics.py for the list. Examples:
#
#   ZB_BOOTSTRAP=kafka:9092 deploy/topics.sh
#   ZB_BOOTSTRAP=127.0.0.1:19092 ZB_PARTITIONS=6 ZB_REPLICATION=1 ZB_MIN_ISR=1 deploy/topics.sh
#   deploy/topics.sh --dry-run      say what would change
#   deploy/topics.sh --grow         also add partitions to existing topics
#
# Needs Python 3 with confluent-kafka >= 2.2 (incremental config changes):
# ZB_PYTHON names the interpreter; default: the test virtualenv when present
# (build/venv, made by tests/py/venv.sh), else python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=${ZB_PYTHON:-}
if [ -z "$py" ]; then
    if [ -x "$here/../build/venv/bin/python" ]; then
        py=$here/../build/venv/bin/python
    else
        py=python3
    fi
fi
exec "$py" "$here/topics.py" "$@"

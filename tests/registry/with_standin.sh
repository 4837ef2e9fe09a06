#!/usr/bin/env bash
# Runs a command with the Schema Registry stand-in listening on 127.0.0.1:PORT
# (ZB_SR_URL is exported for it), then stops the stand-in.
#   with_standin.sh PYTHON PORT COMMAND [ARGS...]
# PYTHON must have the `avro` package (the venv from tests/py/venv.sh, or
# Debian's /usr/bin/python3 with python3-avro).
set -euo pipefail
py=$1 port=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
"$py" "$here/sr_standin.py" --port "$port" >/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if "$py" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
    break
  fi
  kill -0 "$pid" 2>/dev/null || { echo "with_standin: stand-in failed to start" >&2; exit 1; }
  sleep 0.1
done
export ZB_SR_URL="http://127.0.0.1:$port"
"$@"

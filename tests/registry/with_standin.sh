#!/usr/bin/env bash
# Runs a command with the Schema Registry stand-in listening on 127.0.0.1:PORT
# (its URL exported as ZB_SR_URL, or as the variable named by ZB_SR_URL_VAR),
# then stops the stand-in. ZB_SR_STANDIN_ARGS: extra server arguments (e.g.
# "--user u --password p" for basic auth); ZB_SR_SCHEME: https when the extra
# arguments turn TLS on. None of these is passed on to COMMAND.
#   with_standin.sh PYTHON PORT COMMAND [ARGS...]
# PYTHON must have the `avro` package (the venv from tests/py/venv.sh, or
# Debian's /usr/bin/python3 with python3-avro).
set -euo pipefail
py=$1 port=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2086 # word splitting of the extra arguments is wanted
"$py" "$here/sr_standin.py" --port "$port" ${ZB_SR_STANDIN_ARGS:-} >/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if "$py" -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null; then
    break
  fi
  kill -0 "$pid" 2>/dev/null || { echo "with_standin: stand-in failed to start" >&2; exit 1; }
  sleep 0.1
done
var=${ZB_SR_URL_VAR:-ZB_SR_URL}
scheme=${ZB_SR_SCHEME:-http}
unset ZB_SR_STANDIN_ARGS ZB_SR_URL_VAR ZB_SR_SCHEME
export "$var=$scheme://127.0.0.1:$port"
"$@"

#!/usr/bin/env bash
# Runs a command with the Schema Registry stand-in listening on 127.0.0.1:PORT
# (its URL exported as ZB_SR_URL, or as the variable named by ZB_SR_URL_VAR),
# then stops the stand-in. ZB_SR_STANDIN_ARGS: extra server arguments (e.g.
# "--user u --password p" for basic auth); ZB_SR_SCHEME: https when the extra
# arguments turn TLS on. None of these is passed on to COMMAND.
#   with_standin.sh PYTHON PORT COMMAND [ARGS...]   (PORT 0: any free port)
# PYTHON must have the `avro` package (the venv from tests/py/venv.sh, or
# Debian's /usr/bin/python3 with python3-avro).
set -euo pipefail
py=$1 port=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# PORT 0: the system picks a free port, read back from the stand-in's own
# "listening on" line. A fixed port can be held by another run on the same
# machine; then this stand-in dies and, without the liveness check below, the
# command would talk to the other run's registry until that run stops it.
out=$(mktemp)
# shellcheck disable=SC2086 # word splitting of the extra arguments is wanted
"$py" "$here/sr_standin.py" --port "$port" ${ZB_SR_STANDIN_ARGS:-} >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
line=
for _ in $(seq 1 300); do
  kill -0 "$pid" 2>/dev/null || { echo "with_standin: stand-in failed to start (port $port in use?)" >&2; exit 1; }
  line=$(grep -m1 -o 'listening on .*' "$out" || true)
  [ -n "$line" ] && break
  sleep 0.1
done
[ -n "$line" ] || { echo "with_standin: stand-in did not start within 30 s" >&2; exit 1; }
port=${line##*:}
var=${ZB_SR_URL_VAR:-ZB_SR_URL}
scheme=${ZB_SR_SCHEME:-http}
unset ZB_SR_STANDIN_ARGS ZB_SR_URL_VAR ZB_SR_SCHEME
export "$var=$scheme://127.0.0.1:$port"
"$@"

#!/usr/bin/env bash
# Creates (once) an isolated Python virtualenv with the test clients from PyPI
# (confluent-kafka, fastavro, avro, ... see requirements.txt) and prints the
# path of its interpreter on the last line of stdout.
#
#   py=$(bash tests/py/venv.sh | tail -n1)      # build/venv/bin/python
#   ZB_VENV=/some/dir bash tests/py/venv.sh      # another location
#
# Idempotent: re-running is cheap when requirements.txt has not changed (a
# stamp file holds its hash). Safe to call from several tests at once: a lock
# serializes the installs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
venv=${ZB_VENV:-$root/build/venv}
req=$here/requirements.txt
# Debian's interpreter has venv support from python3-venv (deploy/install-deps.sh).
base_py=${ZB_BASE_PYTHON:-/usr/bin/python3}
[ -x "$base_py" ] || base_py=$(command -v python3)

mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9

want=$(sha256sum "$req" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.zb-stamp" 2>/dev/null)" = "$want" ]; then
  echo "$venv/bin/python"
  exit 0
fi

echo "venv.sh: creating $venv with $base_py" >&2
[ -x "$venv/bin/python" ] || "$base_py" -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip >&2
"$venv/bin/python" -m pip install -q -r "$req" >&2
"$venv/bin/python" -c 'import confluent_kafka, fastavro, avro, confluent_kafka.schema_registry' >&2
echo "$want" >"$venv/.zb-stamp"
echo "$venv/bin/python"

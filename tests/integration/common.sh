# common.sh - sourced by the integration-test scripts: paths, the Python
# interpreter of the test virtualenv (tests/py/venv.sh), and helpers.
set -euo pipefail
ZB_IT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export ZB_SRC=${ZB_SRC:-$(cd "$ZB_IT_DIR/../.." && pwd)}
# The broker's address: ZB_BOOTSTRAP if set, else what kafka.sh wrote when it
# started the broker (its port is picked at start unless ZB_BROKER_PORT is set).
if [ -z "${ZB_BOOTSTRAP:-}" ]; then
    zb_portfile=${ZB_BROKER_DIR:-$ZB_SRC/build/harness/kafka}/bootstrap
    if [ "${ZB_BROKER_PORT:-0}" != 0 ]; then
        ZB_BOOTSTRAP=127.0.0.1:$ZB_BROKER_PORT
    elif [ -f "$zb_portfile" ]; then
        read -r ZB_BOOTSTRAP _ <"$zb_portfile"
    else
        ZB_BOOTSTRAP=unset # zb_need_broker says how to start one
    fi
    unset zb_portfile
fi
export ZB_BOOTSTRAP
export ZB_WORK=${ZB_WORK:-$ZB_SRC/build/harness/work}
mkdir -p "$ZB_WORK"
PY=$(bash "$ZB_SRC/tests/py/venv.sh" | tail -n1)
export PYTHONPATH=$ZB_IT_DIR${PYTHONPATH:+:$PYTHONPATH}
export PYTHONUNBUFFERED=1
# authlib (pulled in by confluent-kafka[schemaregistry]) warns on import
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore}

# Fails early with a clear message when the broker fixture is not up.
zb_need_broker() {
    local host=${ZB_BOOTSTRAP%:*} port=${ZB_BOOTSTRAP##*:}
    if [ "$ZB_BOOTSTRAP" = unset ] || ! (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
        echo "no Kafka broker on $ZB_BOOTSTRAP (start it: tests/integration/kafka.sh start)" >&2
        exit 1
    fi
}

#!/usr/bin/env bash
# kafka.sh - a real Apache Kafka broker for the integration tests: one node in
# KRaft mode (combined broker + controller) on loopback, run from Apache
# Kafka's own jars resolved from Maven Central by Maven (tests/integration/pom.xml).
#
#   kafka.sh start    resolve jars (once, cached), format storage, start, wait until ready
#   kafka.sh stop     stop cleanly (SIGTERM, then SIGKILL after 60 s)
#   kafka.sh status   exit 0 when running; prints the bootstrap address
#   kafka.sh libs     only resolve the jars (e.g. while online, for later offline use)
#
# Environment:
#   ZB_BROKER_PORT   client port; the controller listens on PORT+1. Default 0:
#                    two free ports picked at start (a fixed port may be held by
#                    another run on a shared machine), written to
#                    $ZB_BROKER_DIR/bootstrap, where common.sh reads them
#   ZB_BROKER_DIR    state directory: data, logs, pid (default build/harness/kafka)
#   ZB_BROKER_LIBS   where the jars go (default build/kafka-libs at the top of the tree)
#   ZB_BROKER_HEAP   JVM heap options (default "-Xms256m -Xmx1g")
#   JAVA            java binary (default: java on PATH; Kafka 4 needs Java 17+)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
want_port=${ZB_BROKER_PORT:-0}
port=$want_port
cport=$((port + 1))
dir=${ZB_BROKER_DIR:-$root/build/harness/kafka}
libs=${ZB_BROKER_LIBS:-$root/build/kafka-libs}
java=${JAVA:-java}
heap=${ZB_BROKER_HEAP:-"-Xms256m -Xmx1g"}
pidfile=$dir/kafka.pid
# "127.0.0.1:PORT CPORT" of the broker started last
portfile=$dir/bootstrap
if [ "$want_port" = 0 ] && [ -f "$portfile" ]; then
    read -r addr cport <"$portfile"
    port=${addr##*:}
fi

log() { echo "kafka.sh: $*" >&2; }

# The pom's checksum is kept beside the jars, so a changed pom re-resolves and an
# unchanged one never touches the network again (works offline afterwards).
resolve_libs() {
    local sum stamp
    sum=$(sha256sum "$here/pom.xml" | cut -d' ' -f1)
    stamp=$libs/.pom.sha256
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && ls "$libs"/kafka_2.13-*.jar >/dev/null 2>&1; then
        return 0
    fi
    log "resolving Apache Kafka jars with Maven into $libs"
    rm -rf "$libs"
    mkdir -p "$libs"
    mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$libs" -DincludeScope=runtime >&2
    echo "$sum" >"$stamp"
}

running() {
    [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

write_config() {
    mkdir -p "$dir/data" "$dir/logs"
    cat >"$dir/server.properties" <<EOF
# single-node KRaft: this process is both broker and controller
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
# one replica of everything; transactions need their state log to be writable
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
default.replication.factor=1
num.partitions=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
# room for the 20 MB poison-message test plus framing
message.max.bytes=33554432
replica.fetch.max.bytes=33554432
socket.request.max.bytes=104857600
# small segments and fast cleanup keep the test state small
log.segment.bytes=67108864
log.retention.check.interval.ms=60000
EOF
    cat >"$dir/log4j2.properties" <<EOF
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = $dir/logs/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = info
logger.state.name = state.change.logger
logger.state.level = warn
EOF
}

format_storage() {
    if [ -f "$dir/data/meta.properties" ]; then
        return 0
    fi
    local id
    id=$("$java" -cp "$libs/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
    log "formatting storage (cluster id $id)"
    "$java" -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$libs/*" \
        kafka.tools.StorageTool format -t "$id" -c "$dir/server.properties" >"$dir/logs/format.log" 2>&1 || {
        cat "$dir/logs/format.log" >&2
        return 1
    }
}

port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Two ports free right now (ports.py binds port 0 twice and reads them back).
pick_ports() {
    local p
    p=$(python3 "$here/ports.py" 2) || return 1
    port=$(echo "$p" | sed -n 1p)
    cport=$(echo "$p" | sed -n 2p)
}

start() {
    if running; then
        log "already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
        return 0
    fi
    command -v "$java" >/dev/null || { log "java not found (Kafka needs Java 17+)"; return 1; }
    resolve_libs
    # Picked ports can be taken by someone else before the JVM binds them:
    # then the broker exits at start-up and a new pair is tried.
    local attempt rc
    for attempt in 1 2 3; do
        if [ "$want_port" = 0 ]; then
            pick_ports || { log "cannot pick free ports (python3)"; return 1; }
        elif port_open "$port" || port_open "$cport"; then
            log "port $port or $cport is taken by another process; set ZB_BROKER_PORT (0: any free port)"
            return 1
        fi
        rc=0
        launch || rc=$?
        [ "$rc" = 2 ] && [ "$want_port" = 0 ] && [ "$attempt" -lt 3 ] && continue
        return "$rc"
    done
}

# 0 ready, 1 failed, 2 failed because a port was taken (worth another pair)
launch() {
    mkdir -p "$dir"
    echo "127.0.0.1:$port $cport" >"$portfile"
    write_config
    format_storage
    : >"$dir/logs/server.log"
    # setsid: the broker outlives the ctest fixture step that starts it
    # shellcheck disable=SC2086
    setsid "$java" $heap -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
        -Dlog4j2.configurationFile="$dir/log4j2.properties" \
        -cp "$libs/*" kafka.Kafka "$dir/server.properties" \
        >"$dir/logs/stdout.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    log "started pid $(cat "$pidfile"), waiting for 127.0.0.1:$port"
    local i
    for i in $(seq 1 120); do
        if ! running; then
            rm -f "$pidfile"
            if grep -qi "address already in use" "$dir/logs/stdout.log" "$dir/logs/server.log" 2>/dev/null; then
                log "port $port or $cport was taken before the broker bound it"
                return 2
            fi
            log "broker exited during start-up:"
            tail -30 "$dir/logs/stdout.log" "$dir/logs/server.log" >&2
            return 1
        fi
        if grep -q "Kafka Server started" "$dir/logs/server.log" 2>/dev/null && port_open "$port"; then
            log "ready on 127.0.0.1:$port after ${i}x0.5s"
            return 0
        fi
        sleep 0.5
    done
    log "not ready after 60 s; stopping"
    stop
    return 1
}

stop() {
    if ! running; then
        rm -f "$pidfile"
        log "not running"
        return 0
    fi
    local pid i
    pid=$(cat "$pidfile")
    kill -TERM "$pid"
    for i in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; log "stopped"; return 0; }
        sleep 0.5
    done
    log "no clean stop after 60 s; killing pid $pid"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status)
    if running; then
        echo "running pid $(cat "$pidfile") on 127.0.0.1:$port"
        echo "ZB_BOOTSTRAP=127.0.0.1:$port"
    else
        echo "not running"
        exit 1
    fi
    ;;
libs) resolve_libs ;;
wipe)
    stop
    rm -rf "$dir"
    ;;
*)
    echo "usage: kafka.sh start|stop|status|libs|wipe" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# bare-netty peer: Reactor Netty WebSocket fan-out, no Spring (io.tickwire.bench.peer.BareNettyFanOut).
# Contract: bench/peers/README.md.
#
#   bench/peers/bare-netty/start.sh PORT RATE SYMBOLS PIDFILE
#
# Starts the server in the background pinned with taskset -c ${BENCH_SERVER_CPUS:-0}, writes its PID to
# PIDFILE, and returns once GET http://127.0.0.1:PORT/api/symbols answers (20 s at most; otherwise it
# stops the server, prints the log tail and exits 1). Stop it with bench/peers/stop.sh PIDFILE.
# Server log: ${BENCH_LOG_DIR:-bench/target/peer-logs}/bare-netty-PORT.log (totals are printed there on stop).
# BARE_NETTY_CLASSES runs the peer from another classes directory (a copy of an earlier
# bench/target/classes), for before/after runs in one session as TICKWIRE_JAR does for Tickwire;
# BARE_NETTY_FLUSH=loop|tick|consolidate picks how it flushes (see BareNettyFanOut);
# BARE_NETTY_JAVA_OPTS adds JVM flags (e.g. -Dreactor.netty.ioWorkerCount=1), as TICKWIRE_JAVA_OPTS does.
#
# Needs the bench module compiled (bench/target/classes), e.g. from the repository root:
#     mvn -q -pl bench -am -DskipTests install
# and its runtime classpath in bench/target/classpath.txt; if that file is missing it is made with
#     mvn -q -f bench/pom.xml dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile=target/classpath.txt   (relative to bench/)
# Resolving from bench/pom.xml alone works once the sibling modules (tickwire-gateway, -feed-simulator,
# -dashboard) are in the local Maven repository, which the install above does; on a fresh machine run
# the install first (it needs Maven Central once for xchart and slf4j-simple). -DincludeScope=runtime keeps
# the gateway's Spring jars (a provided-scope dependency of bench) and the test jars off the classpath.
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 PORT RATE SYMBOLS PIDFILE" >&2
    exit 2
fi
PORT=$1
RATE=$2
SYMBOLS=$3
PIDFILE=$4

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEERS=$(dirname "$HERE")
BENCH=$(dirname "$PEERS")
CLASSES=${BARE_NETTY_CLASSES:-"$BENCH/target/classes"}
CPFILE="$BENCH/target/classpath.txt"
MAIN=io.tickwire.bench.peer.BareNettyFanOut

if [ ! -f "$CLASSES/io/tickwire/bench/peer/BareNettyFanOut.class" ]; then
    echo "bare-netty: $CLASSES has no BareNettyFanOut.class; build first:" >&2
    echo "    (cd $(dirname "$BENCH") && mvn -q -pl bench -am -DskipTests install)" >&2
    exit 1
fi
if [ ! -s "$CPFILE" ]; then
    echo "bare-netty: resolving the bench classpath into $CPFILE" >&2
    if ! mvn -q -f "$BENCH/pom.xml" dependency:build-classpath -DincludeScope=runtime \
            -Dmdep.outputFile="$CPFILE" >&2; then
        echo "bare-netty: could not resolve the classpath; from the repository root run" >&2
        echo "    mvn -q -pl bench -am -DskipTests install" >&2
        exit 1
    fi
fi

LOG_DIR=${BENCH_LOG_DIR:-$BENCH/target/peer-logs}
mkdir -p "$LOG_DIR" "$(dirname "$PIDFILE")"
LOG="$LOG_DIR/bare-netty-$PORT.log"

# shellcheck source=../jvm-flags.sh
source "$PEERS/jvm-flags.sh"

# taskset execs java, so $! is the java process's PID.
taskset -c "${BENCH_SERVER_CPUS:-0}" \
    java "${JVM_FLAGS[@]}" ${BARE_NETTY_JAVA_OPTS:-} -cp "$CLASSES:$(cat "$CPFILE")" "$MAIN" "$PORT" "$RATE" "$SYMBOLS" \
    </dev/null >"$LOG" 2>&1 &
PID=$!
echo "$PID" >"$PIDFILE"

DEADLINE=$((SECONDS + 20))
while [ "$SECONDS" -lt "$DEADLINE" ]; do
    if curl -sf --max-time 2 -o /dev/null "http://127.0.0.1:$PORT/api/symbols"; then
        echo "bare-netty: pid $PID ready on 127.0.0.1:$PORT (rate $RATE/s, $SYMBOLS symbols, cpus ${BENCH_SERVER_CPUS:-0}, log $LOG)"
        exit 0
    fi
    if ! kill -0 "$PID" 2>/dev/null; then
        break # died
    fi
    sleep 0.1
done

echo "bare-netty: not ready on 127.0.0.1:$PORT (exited, or no answer within 20 s); stopping pid $PID. Log tail ($LOG):" >&2
bash "$PEERS/stop.sh" "$PIDFILE" || true
tail -n 40 "$LOG" >&2 || true
exit 1

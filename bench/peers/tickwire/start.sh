#!/usr/bin/env bash
# Starts the Tickwire gateway jar (built by `mvn package`) per bench/peers/README.md: its own
# simulated feed, uniform over SYMBOLS symbols at RATE quotes/s, pinned to BENCH_SERVER_CPUS.
# JVM flags: ../jvm-flags.sh, shared with the bare-netty peer; TICKWIRE_JAVA_OPTS adds more.
# TICKWIRE_JAR runs another build (A/B runs); TICKWIRE_ARGS adds gateway settings (../tickwire-auth);
# TICKWIRE_SYMBOLS replaces the SYMBOLS count by a list (the same instruments for builds whose
# built-in universes differ).
set -euo pipefail
PORT=${1:?usage: start.sh PORT RATE SYMBOLS PIDFILE}; RATE=${2:?}; SYMBOLS=${3:?}; PIDFILE=${4:?}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=${TICKWIRE_JAR:-"$HERE/../../../gateway/target/tickwire-gateway.jar"}
[ -f "$JAR" ] || { echo "no $JAR: run mvn -DskipTests package first" >&2; exit 1; }
LOG=${BENCH_LOG_DIR:-/tmp}/tickwire-$PORT.log
# shellcheck source=../jvm-flags.sh
source "$HERE/../jvm-flags.sh"
taskset -c "${BENCH_SERVER_CPUS:-0}" java "${JVM_FLAGS[@]}" ${TICKWIRE_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
    --server.address=127.0.0.1 --tickwire.feed.symbols="${TICKWIRE_SYMBOLS:-$SYMBOLS}" --tickwire.feed.zipf-exponent=0 \
    --tickwire.feed.rate="$RATE" --tickwire.feed.seed=1 ${TICKWIRE_ARGS:-} > "$LOG" 2>&1 &
echo $! > "$PIDFILE"
for i in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/actuator/health" && exit 0
    kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break
    sleep 0.2
done
echo "tickwire did not start:" >&2; tail -20 "$LOG" >&2
"$HERE/../stop.sh" "$PIDFILE"; exit 1

#!/usr/bin/env bash
# Tickwire as a cluster node: the gateway jar following a Redis that the simulator, as a publisher
# process of its own, fills (PROTOCOL.md §7), per bench/peers/README.md. The same market as the
# `tickwire` peer (SYMBOLS symbols, uniform, RATE quotes/s, seed 1), but each quote goes
# publisher -> Redis -> gateway. The gateway is pinned to BENCH_SERVER_CPUS and is the server the
# bench measures (listed first in PIDFILE); redis-server (Debian's) and the publisher run on
# BENCH_BACKPLANE_CPUS: by default BENCH_LOAD_CPUS, beside the load client, as nchan's publisher
# does; set it to the server's cores to keep them off the load client's. Redis listens on PORT+10000.
# TICKWIRE_JAR and TICKWIRE_PUBLISHER_JAR pick other gateway and publisher jars (A/B runs);
# TICKWIRE_PUBLISHER_ARGS adds publisher options (e.g. --batch=1000); BENCH_PUBLISHER_CPUS pins the
# publisher apart from Redis (default: BENCH_BACKPLANE_CPUS).
set -euo pipefail
PORT=${1:?usage: start.sh PORT RATE SYMBOLS PIDFILE}; RATE=${2:?}; SYMBOLS=${3:?}; PIDFILE=${4:?}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT="$HERE/../../.."
JAR=${TICKWIRE_JAR:-"$ROOT/gateway/target/tickwire-gateway.jar"}
PUBLISHER=${TICKWIRE_PUBLISHER_JAR:-"$ROOT/feed-simulator/target/tickwire-feed-simulator.jar"}
for f in "$JAR" "$PUBLISHER"; do [ -f "$f" ] || { echo "no $f: run mvn -DskipTests package first" >&2; exit 1; }; done
command -v redis-server > /dev/null || { echo "redis-server is not installed (apt-get install redis-server)" >&2; exit 1; }
LOGS=${BENCH_LOG_DIR:-/tmp}
BACKPLANE_CPUS=${BENCH_BACKPLANE_CPUS:-${BENCH_LOAD_CPUS:-1}}
PUBLISHER_CPUS=${BENCH_PUBLISHER_CPUS:-$BACKPLANE_CPUS}
REDIS_PORT=$((PORT + 10000))
REDIS_DIR=$(mktemp -d)
# shellcheck source=../jvm-flags.sh
source "$HERE/../jvm-flags.sh"

taskset -c "$BACKPLANE_CPUS" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$REDIS_DIR" --daemonize no > "$LOGS/redis-$REDIS_PORT.log" 2>&1 &
REDIS_PID=$!
for i in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null && break
    sleep 0.05
done
taskset -c "${BENCH_SERVER_CPUS:-0}" java "${JVM_FLAGS[@]}" ${TICKWIRE_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
    --server.address=127.0.0.1 --tickwire.feed.source=redis --spring.data.redis.url="redis://127.0.0.1:$REDIS_PORT" \
    > "$LOGS/tickwire-redis-$PORT.log" 2>&1 &
GATEWAY_PID=$!
taskset -c "$PUBLISHER_CPUS" java -Xms256m -Xmx256m -XX:+UseParallelGC -jar "$PUBLISHER" \
    --redis="redis://127.0.0.1:$REDIS_PORT" --rate="$RATE" --symbols="$SYMBOLS" --zipf-exponent=0 --seed=1 ${TICKWIRE_PUBLISHER_ARGS:-} \
    > "$LOGS/publisher-$PORT.log" 2>&1 &
PUBLISHER_PID=$!
printf '%s\n%s\n%s\n' "$GATEWAY_PID" "$REDIS_PID" "$PUBLISHER_PID" > "$PIDFILE"
# Ready once the node lists the publisher's symbols.
for i in $(seq 1 150); do
    body=$(curl -sf "http://127.0.0.1:$PORT/api/symbols" || true)
    [ -n "$body" ] && [ "$body" != "[]" ] && exit 0
    kill -0 "$GATEWAY_PID" 2>/dev/null || break
    sleep 0.2
done
echo "tickwire-redis did not start:" >&2; tail -20 "$LOGS/tickwire-redis-$PORT.log" "$LOGS/publisher-$PORT.log" >&2
"$HERE/../stop.sh" "$PIDFILE"; exit 1

#!/usr/bin/env bash
# The full run behind bench/results/ (about 45 min after the build): the side-by-side comparison
# of every system at the loads people run (25k, 50k, 100k messages/s offered) and at the ceiling
# (2M), then reconnect storms against an idle feed and one at 100 quotes/s for Tickwire, the floor,
# nchan and Node ws, 1,000 active + 18,000 idle connections, and one publisher through Redis, all
# into one directory (bench/README.md "Results"). Every point has a 20 s warm-up.
#   bench/full-run.sh [OUT]          OUT defaults to bench/results
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${1:-bench/results}
: "${BENCH_SERVER_CPUS:=0}" "${BENCH_LOAD_CPUS:=1}"
ulimit -n "$(ulimit -Hn)"
# Builds and installs the project, the peers and the native client, then the comparison.
bench/run.sh --systems floor,tickwire,tickwire-redis,bare-netty,nchan,node-ws,socketio --rates 250,500,1000,20000 \
    --repeats 1 --warmup 20 --out "$OUT"
bench() {
    taskset -c "$BENCH_LOAD_CPUS" java -Xms1g -Xmx1g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" "$@" \
        --root "$ROOT" --server-cpus "$BENCH_SERVER_CPUS" --out "$OUT"
}
bench io.tickwire.bench.Compare --load-cpus "$BENCH_LOAD_CPUS" --systems floor,tickwire,nchan,node-ws --scenario storm \
    --connections 10000 --rates 1,100 --warmup-storms 1 --port 19400
TICKWIRE_JAVA_OPTS="-Xms1g -Xmx1g" bench io.tickwire.bench.Compare --load-cpus "$BENCH_LOAD_CPUS" --systems tickwire \
    --scenario hundred-k --idle 18000 --rates 1000 --warmup 20 --seconds 20 --port 20400
bench io.tickwire.bench.BackplaneBench --rates 100000,150000,200000 --warmup 5 --seconds 10 \
    --backplane-cpus "$BENCH_LOAD_CPUS" --port 21600
mv "$OUT/backplane.md" "$OUT/BACKPLANE.md"
mv "$OUT/backplane.json" "$OUT/backplane-$(date -u +%Y-%m-%dT%H%M).json"

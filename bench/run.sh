#!/usr/bin/env bash
# The whole comparison, one command (see bench/README.md):
#   bench/run.sh                      every system, WebSocket, rates 500..5000, 3 repeats (about 1 h: ~38 s a point)
#   bench/run.sh --systems tickwire --rates 1000,3000 --repeats 1      any subset
# Builds the project, installs the peers (npm packages; nginx + nchan from Debian when root), then
# runs io.tickwire.bench.Compare pinned to the load cores; every server is pinned to the server
# cores and stopped by PID after its point. Results go to bench/results/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
: "${BENCH_SERVER_CPUS:=0}" "${BENCH_LOAD_CPUS:=1}"
./mvnw -q -DskipTests install
./mvnw -q -pl bench dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$ROOT/bench/target/classpath.txt"
# The native load client (bench/loadc, C, libc only): Compare uses it for WebSocket points when built.
if command -v cc > /dev/null; then
    mkdir -p bench/target && cc -O2 -Wall -o bench/target/loadc bench/loadc/*.c -lm
else
    echo "no cc: the bench measures with the Java load client only" >&2
fi
[ -x bench/peers/node/install.sh ] && bench/peers/node/install.sh
if [ "$(id -u)" = 0 ] && [ -x bench/peers/nchan/install.sh ]; then bench/peers/nchan/install.sh; fi
# tickwire-redis needs a Redis (Debian's).
if [ "$(id -u)" = 0 ] && ! command -v redis-server > /dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server > /dev/null
    service redis-server stop > /dev/null 2>&1 || true
fi
# Every connection is a descriptor, the servers' (they inherit this limit) and loadc's: the soft limit
# up to the hard one, and the hard one higher where this process may (root with CAP_SYS_RESOURCE, up to
# /proc/sys/fs/nr_open); never the system's own settings.
ulimit -Hn 1048576 2> /dev/null || true
ulimit -n "$(ulimit -Hn)"
# The load client: a fixed heap faulted in at start, so that its own first collections stay short.
exec taskset -c "$BENCH_LOAD_CPUS" java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
    io.tickwire.bench.Compare --root "$ROOT" --server-cpus "$BENCH_SERVER_CPUS" --load-cpus "$BENCH_LOAD_CPUS" "$@"

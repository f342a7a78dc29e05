#!/usr/bin/env bash
# The soak (bench/README.md "Soak"; not in CI): two gateway nodes, Redis with a replica and three
# Sentinels, the publisher, churning WebSocket and SSE clients that check every seq, a kill -9 of the
# Redis primary at a third of the run and a restart of one node at two thirds; each node sampled after
# a full GC every minute. Writes SOAK.md and soak-<time>.json into bench/results/ (or --out).
#   bench/soak.sh                 30 minutes
#   bench/soak.sh 3 --sample-seconds 15 --out /tmp/soak      a short run; any option of io.tickwire.bench.Soak
# SOAK_BUILD=0 skips the build (the jars and bench/target/classpath.txt must be there).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
MINUTES=30
if [[ $# -gt 0 && $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; then MINUTES=$1; shift; fi
for tool in redis-server redis-sentinel jcmd jstat; do
    command -v "$tool" > /dev/null || { echo "$tool is not installed (apt-get install redis-server redis-sentinel openjdk-17-jdk-headless)" >&2; exit 1; }
done
if [ "${SOAK_BUILD:-1}" != 0 ]; then
    mvn -q -DskipTests install
    mvn -q -pl bench dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$ROOT/bench/target/classpath.txt"
fi
# Every client connection is a descriptor of this JVM and of a node (they inherit the limit).
ulimit -n "$(ulimit -Hn)"
# Not pinned: the soak shares the machine, and measures what its processes hold, not how fast they go.
exec java -Xmx256m -cp "bench/target/classes:$(cat bench/target/classpath.txt)" io.tickwire.bench.Soak \
    --root "$ROOT" --minutes "$MINUTES" "$@"

#!/usr/bin/env bash
# floor peer: C, one thread, epoll, each quote encoded once, one send per subscriber (floor.c).
# Contract: bench/peers/README.md.
#
#   bench/peers/floor/start.sh PORT RATE SYMBOLS PIDFILE
#
# Compiles bench/peers/floor/*.c into bench/target/floor/floor (cc -O2 -Wall) when the binary is
# missing or older than a source, starts it pinned with taskset -c ${BENCH_SERVER_CPUS:-0}, writes
# its PID to PIDFILE and returns once GET /api/symbols answers 200 (20 s at most). Stop it with
# bench/peers/stop.sh PIDFILE; it prints its totals to the log as it stops.
# Log: $BENCH_PEER_LOG, else $PIDFILE.log. CC picks the compiler (default cc).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH=$(dirname "$(dirname "$HERE")")
# shellcheck source=../node/peer-lib.sh
source "$HERE/../node/peer-lib.sh" # peer_init, peer_port_free, peer_raise_nofile, peer_wait_http
peer_init "$@"

BIN_DIR="$BENCH/target/floor"
BIN="$BIN_DIR/floor"
if [ ! -x "$BIN" ] || [ -n "$(find "$HERE" -name '*.[ch]' -newer "$BIN")" ]; then
    mkdir -p "$BIN_DIR"
    TMP=$(mktemp "$BIN_DIR/floor.XXXXXX")
    "${CC:-cc}" -O2 -Wall -o "$TMP" "$HERE"/*.c || { rm -f "$TMP"; echo "floor: compile failed" >&2; exit 1; }
    mv -f "$TMP" "$BIN"
fi

peer_port_free
peer_raise_nofile
deadline=$(( $(date +%s) + 20 ))
: >"$LOG"
# taskset execs floor, so $! is the server's PID.
nohup taskset -c "$SERVER_CPUS" "$BIN" "$PORT" "$RATE" "$SYMBOLS" </dev/null >>"$LOG" 2>&1 &
echo $! >"$PIDFILE"
peer_wait_http "$deadline" "$LOG"
echo "floor up on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), cpus $SERVER_CPUS, log $LOG)"

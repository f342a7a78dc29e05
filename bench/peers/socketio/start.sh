#!/usr/bin/env bash
# socketio peer (Node.js + npm socket.io, websocket transport): start.sh PORT RATE SYMBOLS PIDFILE
# Contract: bench/peers/README.md. Log: $PIDFILE.log (or $BENCH_PEER_LOG).
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 PORT RATE SYMBOLS PIDFILE" >&2; exit 2; }
PORT=$1 RATE=$2 SYMBOLS=$3 PIDFILE=$4
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../node/peer-lib.sh
source "$HERE/../node/peer-lib.sh"
LOG=${BENCH_PEER_LOG:-${PIDFILE%.pid}.log}
peer_check_args
peer_need_node_modules
peer_port_free
peer_raise_nofile

deadline=$(( $(date +%s) + 20 ))
: >"$LOG"
nohup taskset -c "$SERVER_CPUS" "$NODE" "$PEER_NODE_DIR/socketio-server.js" "$PORT" "$RATE" "$SYMBOLS" \
    </dev/null >>"$LOG" 2>&1 &
echo $! >"$PIDFILE"
peer_wait_http "$deadline" "$LOG"
echo "socketio up on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), cpus $SERVER_CPUS, log $LOG)"

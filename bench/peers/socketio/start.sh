#!/usr/bin/env bash
# socketio peer (Node.js + npm socket.io, websocket transport): start.sh PORT RATE SYMBOLS PIDFILE
# Contract: bench/peers/README.md. Log: $PIDFILE.log (or $BENCH_PEER_LOG).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../node/peer-lib.sh
source "$HERE/../node/peer-lib.sh"
peer_init "$@"
peer_start_node socketio socketio-server.js

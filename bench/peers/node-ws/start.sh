#!/usr/bin/env bash
# node-ws peer (Node.js + npm ws): start.sh PORT RATE SYMBOLS PIDFILE
# Contract: bench/peers/README.md. Log: $PIDFILE.log (or $BENCH_PEER_LOG).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../node/peer-lib.sh
source "$HERE/../node/peer-lib.sh"
peer_init "$@"
peer_start_node node-ws node-ws-server.js

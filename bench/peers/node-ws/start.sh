#!/usr/bin/env bash
# node-ws peer (Node.js + npm ws): start.sh PORT RATE SYMBOLS PIDFILE
# Contract: bench/peers/README.md. Log: $PIDFILE.log (or $BENCH_PEER_LOG).
set -euo pipefail
[ $# -eq 4 ] || { echo "usage: $0 PORT RATE SYMBOLS PIDFILE" >&2; exit 2; }
PORT=$1 RATE=$2 SYMBOLS=$3 PIDFILE=$4
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../node/peer-lib.sh
source "$HERE/../node/peer-lib.sh"
LOG=${BENCH_PEER_LOG:-${PIDFILE%.pid}.log}
peer_start_node node-ws node-ws-server.js

# Shared helpers for bench/peers/<peer>/start.sh (sourced, not executed).
# A start.sh sets -euo pipefail, sources this, then calls peer_init "$@".

PEER_NODE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SERVER_CPUS=${BENCH_SERVER_CPUS:-0}
LOAD_CPUS=${BENCH_LOAD_CPUS:-1}
NODE=${NODE:-node}

# peer_init "$@": the start.sh contract's arguments (PORT RATE SYMBOLS PIDFILE), checked, and LOG:
# $PIDFILE.log, or $BENCH_PEER_LOG.
peer_init() {
    [ $# -eq 4 ] || { echo "usage: $0 PORT RATE SYMBOLS PIDFILE" >&2; exit 2; }
    PORT=$1 RATE=$2 SYMBOLS=$3 PIDFILE=$4
    LOG=${BENCH_PEER_LOG:-${PIDFILE%.pid}.log}
    local n
    for n in "$PORT" "$RATE" "$SYMBOLS"; do
        [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "PORT, RATE and SYMBOLS must be positive integers" >&2; exit 2; }
    done
}

peer_need_node_modules() {
    command -v "$NODE" >/dev/null || { echo "node not found (set NODE=...)" >&2; exit 1; }
    [ -d "$PEER_NODE_DIR/node_modules/ws" ] || {
        echo "missing $PEER_NODE_DIR/node_modules: run bench/peers/node/install.sh first" >&2; exit 1; }
}

# Raise the open-files limit for the processes started from here (many connections).
peer_raise_nofile() {
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}

# Fails if something already answers on the port (it would fake our readiness check).
peer_port_free() {
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/"; then
        echo "something already listens on 127.0.0.1:$PORT" >&2
        exit 1
    fi
}

# peer_fail MESSAGE LOGFILE... : stop what is in PIDFILE, show the logs' tails, exit 1.
peer_fail() {
    local msg=$1; shift
    echo "start.sh: $msg" >&2
    "$PEER_NODE_DIR/../stop.sh" "$PIDFILE" || true
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        echo "--- tail of $f" >&2
        tail -n 30 "$f" >&2
    done
    exit 1
}

# peer_wait_http DEADLINE_EPOCH LOGFILE... : poll GET /api/symbols until 200, or fail.
# Also fails at once when a process listed in PIDFILE has died.
peer_wait_http() {
    local deadline=$1; shift
    local p
    while :; do
        for p in $(cat "$PIDFILE"); do
            kill -0 "$p" 2>/dev/null || peer_fail "process $p exited" "$@"
        done
        if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/api/symbols"; then
            return 0
        fi
        [ "$(date +%s)" -lt "$deadline" ] || peer_fail "GET /api/symbols did not answer within 20 s" "$@"
        sleep 0.1
    done
}

# peer_start_node NAME SERVER_JS: the whole start.sh of a peer that is one Node process
# (node-ws, socketio): checks, start pinned to the server cores, PID, wait for /api/symbols.
peer_start_node() {
    local name=$1 server=$2
    peer_need_node_modules
    peer_port_free
    peer_raise_nofile
    local deadline=$(( $(date +%s) + 20 ))
    : >"$LOG"
    nohup taskset -c "$SERVER_CPUS" "$NODE" "$PEER_NODE_DIR/$server" "$PORT" "$RATE" "$SYMBOLS" \
        </dev/null >>"$LOG" 2>&1 &
    echo $! >"$PIDFILE"
    peer_wait_http "$deadline" "$LOG"
    echo "$name up on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), cpus $SERVER_CPUS, log $LOG)"
}

#!/usr/bin/env bash
# nchan peer (nginx + libnginx-mod-nchan): start.sh PORT RATE SYMBOLS PIDFILE
# Contract: bench/peers/README.md.
#  - nginx (1 worker, pinned to BENCH_SERVER_CPUS) runs from a fresh temporary directory that
#    holds its nginx.conf, symbols.json (GET /api/symbols), error log, pid file and temp paths.
#  - subscribers: ws://127.0.0.1:PORT/sub/S000,S001 (multiplexed channels, at most 255)
#  - publisher: a Node process (pinned to BENCH_LOAD_CPUS) with one websocket publisher
#    connection per symbol to ws://127.0.0.1:PORT/pub/<symbol>.
# PIDFILE gets the nginx master pid, then the publisher pid. Publisher log: $PIDFILE.log (or
# $BENCH_PEER_LOG); nginx's error log: <tmpdir>/error.log (the path is in the publisher log).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../node/peer-lib.sh
source "$HERE/../node/peer-lib.sh"
peer_init "$@"
peer_need_node_modules
peer_port_free
peer_raise_nofile

NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX" ] || { echo "nginx not found: run bench/peers/nchan/install.sh" >&2; exit 1; }
NCHAN_SO=""
for f in /usr/lib/nginx/modules/ngx_nchan_module.so /usr/share/nginx/modules/ngx_nchan_module.so; do
    [ -f "$f" ] && { NCHAN_SO=$f; break; }
done
[ -n "$NCHAN_SO" ] || { echo "ngx_nchan_module.so not found: run bench/peers/nchan/install.sh" >&2; exit 1; }

# nchan's per-channel message buffer (nchan_message_buffer_length), kept at 1 by default. Seen with
# nchan 1.3.6 (Debian 12):
#  - a new multiplexed websocket subscriber is first sent the buffered messages of every channel
#    but the first, whatever nchan_subscriber_first_message says; with 10 that is up to 9 stale
#    quotes per channel (~200 ms old at RATE=5000, SYMBOLS=100), with 1 at most one per channel;
#  - 0 (no buffer) keeps every message in shared memory until nchan_message_timeout and runs out
#    of shared memory at high rates, so it is refused here.
BUFFER_LENGTH=${NCHAN_BUFFER_LENGTH:-1}
[[ "$BUFFER_LENGTH" =~ ^[1-9][0-9]*$ ]] || { echo "NCHAN_BUFFER_LENGTH must be a positive integer" >&2; exit 2; }
MESSAGE_TIMEOUT=${NCHAN_MESSAGE_TIMEOUT:-10s}
SHARED_MEMORY=${NCHAN_SHARED_MEMORY:-128M}
NOFILE=$(ulimit -n)
WORKER_CONNECTIONS=$(( NOFILE > 65636 ? 65536 : NOFILE - 100 ))

deadline=$(( $(date +%s) + 20 ))
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tickwire-nchan.XXXXXX")
chmod 755 "$TMP"   # nginx's worker runs as an unprivileged user when started as root
"$NODE" -e 'process.stdout.write(require(process.argv[1]).symbolsJson(Number(process.argv[2])))' \
    "$PEER_NODE_DIR/feed.js" "$SYMBOLS" >"$TMP/symbols.json"
chmod 644 "$TMP/symbols.json"

cat >"$TMP/nginx.conf" <<CONF
load_module $NCHAN_SO;
worker_processes 1;
worker_rlimit_nofile $NOFILE;
pid $TMP/nginx.pid;
error_log $TMP/error.log warn;

events {
    worker_connections $WORKER_CONNECTIONS;
    multi_accept on;
}

http {
    access_log off;
    default_type application/octet-stream;
    client_body_temp_path $TMP/client_body;
    proxy_temp_path $TMP/proxy;
    fastcgi_temp_path $TMP/fastcgi;
    uwsgi_temp_path $TMP/uwsgi;
    scgi_temp_path $TMP/scgi;
    tcp_nodelay on;
    keepalive_timeout 65;

    # A small per-channel buffer, so memory stays bounded (see BUFFER_LENGTH above).
    nchan_message_buffer_length $BUFFER_LENGTH;
    nchan_message_timeout $MESSAGE_TIMEOUT;
    nchan_shared_memory_size $SHARED_MEMORY;

    server {
        listen 127.0.0.1:$PORT;
        server_name localhost;

        location = /api/symbols {
            default_type application/json;
            alias $TMP/symbols.json;
        }

        # Subscribers: /sub/S000,S001 -> multiplexed channels S000 and S001.
        location ~ ^/sub/(.+)\$ {
            nchan_subscriber websocket;
            nchan_channel_id \$1;
            nchan_channel_id_split_delimiter ",";
            nchan_subscriber_first_message newest;
        }

        # Publisher: one websocket connection per symbol, one message per quote.
        location ~ ^/pub/(\w+)\$ {
            nchan_publisher websocket http;
            nchan_channel_id \$1;
        }

        # Diagnostics: messages stored, shared memory used, subscribers.
        location = /nchan_status {
            nchan_stub_status;
        }

        location / {
            return 404;
        }
    }
}
CONF

: >"$LOG"
echo "nchan: nginx prefix $TMP (nginx.conf, error.log)" >>"$LOG"
"$NGINX" -t -q -p "$TMP/" -c "$TMP/nginx.conf" -e "$TMP/error.log" >>"$LOG" 2>&1 \
    || { echo "start.sh: nginx -t failed" >&2; tail -n 30 "$LOG" "$TMP/error.log" >&2; exit 1; }
# daemon off: the process started here is the master (taskset and nohup exec), so \$! is its pid.
nohup taskset -c "$SERVER_CPUS" "$NGINX" -p "$TMP/" -c "$TMP/nginx.conf" -e "$TMP/error.log" \
    -g 'daemon off;' </dev/null >>"$TMP/error.log" 2>&1 &
echo $! >"$PIDFILE"
peer_wait_http "$deadline" "$TMP/error.log" "$LOG"

nohup taskset -c "$LOAD_CPUS" "$NODE" "$PEER_NODE_DIR/nchan-publisher.js" "$PORT" "$RATE" "$SYMBOLS" \
    </dev/null >>"$LOG" 2>&1 &
echo $! >>"$PIDFILE"
# Return once the publisher has every connection open and its feed running.
until grep -q '^publishing' "$LOG"; do
    for p in $(cat "$PIDFILE"); do
        kill -0 "$p" 2>/dev/null || peer_fail "process $p exited" "$LOG" "$TMP/error.log"
    done
    [ "$(date +%s)" -lt "$deadline" ] || peer_fail "publisher not ready within 20 s" "$LOG" "$TMP/error.log"
    sleep 0.1
done
echo "nchan up on 127.0.0.1:$PORT (nginx pid $(head -n1 "$PIDFILE"), cpus $SERVER_CPUS;" \
     "publisher pid $(tail -n1 "$PIDFILE"), cpus $LOAD_CPUS; log $LOG; nginx dir $TMP)"

#!/usr/bin/env bash
# Stops every process whose PID is listed in PIDFILE: TERM, then KILL after 5 s.
set -u
PIDFILE=${1:?usage: stop.sh PIDFILE}
[ -f "$PIDFILE" ] || exit 0
PIDS=$(cat "$PIDFILE")
for p in $PIDS; do kill -TERM "$p" 2>/dev/null; done
for i in $(seq 1 50); do
    alive=""
    for p in $PIDS; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
    [ -z "$alive" ] && break
    sleep 0.1
done
for p in $PIDS; do kill -KILL "$p" 2>/dev/null; done
rm -f "$PIDFILE"

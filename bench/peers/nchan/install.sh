#!/usr/bin/env bash
# Installs nginx + the nchan module (Debian packages) and makes sure no system nginx runs:
# the benchmark starts its own nginx from bench/peers/nchan/start.sh.
# Also installs the Node.js publisher's dependencies (bench/peers/node/install.sh).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if ! dpkg -s nginx libnginx-mod-nchan >/dev/null 2>&1; then
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y nginx libnginx-mod-nchan
fi
# The package may start (and enable) the system nginx on port 80: stop and disable it.
$SUDO service nginx stop >/dev/null 2>&1 || true
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable nginx >/dev/null 2>&1 || true; fi
$SUDO update-rc.d nginx disable >/dev/null 2>&1 || true
if [ -s /run/nginx.pid ]; then
    $SUDO kill -TERM "$(cat /run/nginx.pid)" 2>/dev/null || true
fi
"$HERE/../node/install.sh"

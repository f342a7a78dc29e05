#!/usr/bin/env bash
# Tickwire with authentication on, per bench/peers/README.md: the `tickwire` peer's gateway and
# market, plus tickwire.auth.enabled=true with the bench's HMAC secret (BenchTokens.SECRET). The
# load client gives each of its clients a token of its own subject, entitled to every symbol, so
# each connection pays for checking a token at connect and for its entitlements on every subscribe.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export TICKWIRE_ARGS="--tickwire.auth.enabled=true --tickwire.auth.hmac-secret=tickwire-bench-secret-0123456789abcdef0123 ${TICKWIRE_ARGS:-}"
exec bash "$HERE/../tickwire/start.sh" "$@"

#!/usr/bin/env bash
# Installs the Node.js dependencies of the peers (exact versions from package-lock.json).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
npm ci --no-audit --no-fund

#!/bin/sh
# Runs the JavaScript client's tests with Node's test runner (Maven's integration-test phase calls it).
# Like the tests that need Chromium or Redis, they are skipped with a message when Node 20+ is not
# installed, unless TICKWIRE_REQUIRE_TOOLS=1 (CI), which makes that a failure.
cd "$(dirname "$0")" || exit 1
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
    if [ "${TICKWIRE_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "clients/js: Node 20 or newer is needed for the JavaScript client's tests (found: $(node --version 2>/dev/null || echo none))" >&2
        exit 1
    fi
    echo "clients/js: tests SKIPPED: Node 20 or newer not found (install it to run them)" >&2
    exit 0
fi
exec node --experimental-websocket --no-warnings=ExperimentalWarning --test --test-reporter=spec test/

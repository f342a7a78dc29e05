#!/bin/sh
# Runs the Python client's tests with unittest (Maven's integration-test phase calls it). They need a
# Python 3.11+ with websockets: $TICKWIRE_PYTHON, else python3 on the PATH, else Debian's
# /usr/bin/python3 (apt-get install python3-websockets). Like the other tests that need an outside
# program, they are skipped with a message when there is none, unless TICKWIRE_REQUIRE_TOOLS=1 (CI),
# which makes that a failure.
cd "$(dirname "$0")" || exit 1
check='import sys, websockets; sys.exit(sys.version_info < (3, 11))'
python=
for candidate in ${TICKWIRE_PYTHON:-} python3 /usr/bin/python3; do
    if "$candidate" -c "$check" 2> /dev/null; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    found=$(python3 --version 2>&1 || echo none)
    if [ "${TICKWIRE_REQUIRE_TOOLS:-0}" = 1 ]; then
        echo "clients/python: Python 3.11+ with websockets is needed for the Python client's tests (found: $found;" \
            "Debian: apt-get install python3-websockets)" >&2
        exit 1
    fi
    echo "clients/python: tests SKIPPED: no Python 3.11+ with websockets found (Debian: apt-get install python3-websockets)" >&2
    exit 0
fi
echo "clients/python: $("$python" --version) with websockets $("$python" -c 'import websockets; print(websockets.__version__)')"
# No __pycache__ left in the work tree by the build.
export PYTHONDONTWRITEBYTECODE=1
exec "$python" -m unittest discover -s tests -v

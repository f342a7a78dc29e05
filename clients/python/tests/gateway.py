"""A real gateway for the tests: the jar the build made ($TICKWIRE_GATEWAY_JAR, else
gateway/target/tickwire-gateway.jar), started on a free loopback port and stopped after, as
clients/js/test-support/gateway.js does for the JavaScript client."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[3]
JAR = Path(os.environ.get("TICKWIRE_GATEWAY_JAR") or REPOSITORY / "gateway" / "target" / "tickwire-gateway.jar")

#: Every test gateway: a uniform market, so every symbol quotes several times a second.
COMMON = ["--server.address=127.0.0.1", "--tickwire.feed.rate=1000", "--tickwire.feed.zipf-exponent=0",
          "--tickwire.client.heartbeat-interval=1s", "--logging.level.root=WARN"]

#: A node fed by its users over HTTP (PROTOCOL.md §8), open to publishing without a token, with no
#: stall limit to speak of (it may go quiet between tests and still take new streams).
FED_OVER_HTTP = ["--tickwire.feed.source=http", "--tickwire.feed.stall-limit=1h", "--tickwire.publish.enabled=true"]

#: How long a gateway may take to come up on a busy machine before the tests give up on it.
STARTUP_LIMIT = 180.0


def free_port() -> int:
    """A port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: the JVM is killed when the test process dies, however it dies."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Gateway:
    """One gateway process with ``args`` beside COMMON."""

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="tickwire-gateway-", suffix=".log", delete=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gateway:
        """Starts it and waits until /actuator/health says UP."""
        if not JAR.is_file():
            raise RuntimeError(f"no gateway jar at {JAR}: run mvn -o -q -pl gateway -am package -DskipTests")
        self.port = free_port()
        self.process = subprocess.Popen(["java", "-jar", str(JAR), f"--server.port={self.port}", *COMMON, *self.args],
                                        stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                                        preexec_fn=_die_with_parent)
        deadline = time.monotonic() + STARTUP_LIMIT
        while not self._healthy():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the gateway did not come up:\n{Path(self.log.name).read_text()[-4000:]}")
            time.sleep(0.2)  # polling a process that is starting: nothing to wait on but its answer
        return self

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/actuator/health", timeout=2) as answer:
                return json.load(answer).get("status") == "UP"
        except (OSError, ValueError):
            return False

    def stop(self) -> None:
        """Kills it (no goodbye to its clients) and waits for it to go."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

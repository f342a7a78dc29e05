"""What the tests share: the package on the path, the gateways they run against, and a recorder
of one quote stream that a test waits on.

Gateways, by role: ``stream`` (the embedded simulator), ``publish`` (fed over HTTP, publishing
open) and ``auth`` (the simulator, HS256 tokens required). Without ``TICKWIRE_URL`` each is
started from the jar the first time a test asks for it, on a free port, and stopped when the tests
end. With ``TICKWIRE_URL`` none is started: ``stream`` is that gateway, ``publish`` the one at
``TICKWIRE_PUBLISH_URL`` and ``auth`` the one at ``TICKWIRE_AUTH_URL`` (signed with
``TICKWIRE_AUTH_SECRET``); a test whose gateway is not given is skipped, saying which to set."""

from __future__ import annotations

import asyncio
import atexit
import os
import sys
import unittest
from pathlib import Path
from typing import Any, Callable

SOURCE = Path(__file__).resolve().parents[1] / "src"
if str(SOURCE) not in sys.path:
    sys.path.insert(0, str(SOURCE))

INSTALL = "Debian: apt-get install python3-websockets"
try:
    import websockets  # noqa: F401  (the client's one dependency)
except ImportError as missing:
    if os.environ.get("TICKWIRE_REQUIRE_TOOLS") == "1":
        raise ImportError(f"the Python client needs websockets ({INSTALL})") from missing
    raise unittest.SkipTest(f"websockets is not installed ({INSTALL})") from missing

from gateway import FED_OVER_HTTP, Gateway  # noqa: E402
from tickwire import GatewayError, Quote, TickwireClient  # noqa: E402
import tokens  # noqa: E402

ROLES: dict[str, tuple[str, list[str]]] = {
    "stream": ("TICKWIRE_URL", []),
    "publish": ("TICKWIRE_PUBLISH_URL", FED_OVER_HTTP),
    "auth": ("TICKWIRE_AUTH_URL", ["--tickwire.auth.enabled=true", f"--tickwire.auth.hmac-secret={tokens.SECRET}",
                                   "--tickwire.auth.clock-skew=0s"]),
}
_started: dict[str, Gateway] = {}
#: The gateways' heartbeat interval, s: 1 for those started here (gateway.COMMON), else the default 10.
HEARTBEAT_INTERVAL = float(os.environ.get("TICKWIRE_HEARTBEAT_INTERVAL")
                           or (10 if os.environ.get("TICKWIRE_URL") else 1))


def gateway_url(role: str) -> str:
    """The URL of the gateway playing ``role`` (started now if need be), or SkipTest."""
    variable, args = ROLES[role]
    given = os.environ.get(variable)
    if given:
        return given.rstrip("/")
    if os.environ.get("TICKWIRE_URL"):
        raise unittest.SkipTest(f"TICKWIRE_URL is set and {variable} is not: set it to a gateway run with "
                                + (" ".join(args) or "its defaults"))
    if role not in _started:
        _started[role] = Gateway(args).start()
    return _started[role].url


def secret() -> str:
    """The HMAC secret of the ``auth`` gateway."""
    given = os.environ.get("TICKWIRE_AUTH_URL") and os.environ.get("TICKWIRE_AUTH_SECRET")
    return given or tokens.SECRET


@atexit.register
def _stop_gateways() -> None:
    for started in _started.values():
        started.stop()


class Recorder:
    """One quote stream of a client made with ``options``, read by a task into ``quotes``, with the
    client's states and errors; ``until`` waits (event-driven, 30 s at most) for a condition on them."""

    def __init__(self, url: str, symbols: Any, max_rate: float | None = None, **options: Any) -> None:
        self.quotes: list[Quote] = []
        self.states: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[GatewayError] = []
        self.failure: BaseException | None = None
        self._changed = asyncio.Event()
        options.setdefault("heartbeat_interval", HEARTBEAT_INTERVAL)
        options.setdefault("backoff", (0.05, 0.2))
        self.client = TickwireClient(url, on_state=self._record(self.states, pair=True), **options)
        self.symbols = symbols
        self.max_rate = max_rate
        self.task: asyncio.Task[None] | None = None

    def _record(self, into: list[Any], pair: bool = False) -> Callable[..., None]:
        def record(*value: Any) -> None:
            into.append((value[0], {**value[1], "delivered": len(self.quotes)}) if pair else value[0])
            self._changed.set()
        return record

    def collecting_errors(self) -> Recorder:
        self.client.on_error = self._record(self.errors)
        return self

    def start(self) -> Recorder:
        self.task = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        try:
            async for q in self.client.quotes(self.symbols, max_rate=self.max_rate):
                self.quotes.append(q)
                self._changed.set()
        except Exception as e:  # what the stream raised is what the test looks at
            self.failure = e
            self._changed.set()

    def of(self, symbol: str) -> list[Quote]:
        return [q for q in self.quotes if q.symbol == symbol]

    def count(self, state: str) -> int:
        return sum(1 for s, _ in self.states if s == state)

    def split(self, state: str, nth: int) -> tuple[list[Quote], list[Quote]]:
        """The quotes delivered before and after the ``nth`` (1-based) ``state``; all before until then."""
        marks = [info["delivered"] for s, info in self.states if s == state]
        at = marks[nth - 1] if len(marks) >= nth else len(self.quotes)
        return self.quotes[:at], self.quotes[at:]

    async def until(self, condition: Callable[[], bool], what: str, limit: float = 30.0) -> None:
        try:
            async with asyncio.timeout(limit):
                while not condition():
                    if self.failure is not None:
                        raise AssertionError(f"the stream failed waiting for {what}") from self.failure
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            raise AssertionError(f"timed out waiting for {what}; states: {self.states}") from None

    async def failed(self, what: str) -> BaseException:
        """What the stream raised (it ends by raising)."""
        await self.until(lambda: self.failure is not None, what)
        return self.failure

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)


class GatewayTest(unittest.IsolatedAsyncioTestCase):
    """A test of streams against one gateway (``role``, resolved once per class): its recorders
    are stopped after each test."""

    role = "stream"

    @classmethod
    def setUpClass(cls) -> None:
        cls.url = gateway_url(cls.role)

    async def asyncSetUp(self) -> None:
        # unittest runs the loop in debug mode; a gateway's answer in 0.1 s is no news.
        asyncio.get_running_loop().slow_callback_duration = 2.0
        self.recorders: list[Recorder] = []

    async def asyncTearDown(self) -> None:
        for r in self.recorders:
            await r.stop()

    def recorder(self, symbols: Any, url: str | None = None, **options: Any) -> Recorder:
        r = Recorder(url or self.url, symbols, **options)
        self.recorders.append(r)
        return r

    async def proxy(self, url: str | None = None) -> Any:
        """A proxy to the gateway, listening (closed after the test)."""
        from proxy import Proxy
        started = await Proxy(int((url or self.url).rsplit(":", 1)[1])).start()
        self.addAsyncCleanup(started.close)
        return started


def strictly_increasing_per_symbol(quotes: list[Quote]) -> bool:
    """No quote delivered twice, none older than one before it of its symbol."""
    last: dict[str, int] = {}
    for q in quotes:
        if q.seq <= last.get(q.symbol, -1):
            return False
        last[q.symbol] = q.seq
    return True

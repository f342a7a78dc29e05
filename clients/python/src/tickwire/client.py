"""Tickwire's Python client: quote streams over WebSocket or SSE that reconnect by themselves with
exponential backoff and jitter, resume from the last seq seen (never delivering a quote older than,
or the same as, one already delivered for its symbol), drop a link silent past twice the heartbeat
interval and keep their token fresh; beside them the instrument list and publishing over HTTP
(PROTOCOL.md is the contract it speaks; README.md has the API)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from typing import Any

from .backoff import backoff_delay
from .errors import GatewayError
from .links import LINKS, LinkLost
from .model import Instrument, Published, Quote
from .requests import fetch_instruments, post_items
from .subscription import Subscription
from .token import GetToken, TokenSource

__all__ = ["TickwireClient"]

#: Errors that name symbols the gateway will not stream: those symbols leave the subscription.
SYMBOL_CODES = frozenset({"UNKNOWN_SYMBOL", "NOT_ENTITLED"})


class TickwireClient:
    """A client of one gateway (``url``, e.g. ``http://localhost:8080``; a path prefix is kept).

    ``transport`` is ``"ws"`` or ``"sse"``. With authentication on, ``token`` is a fixed JWT, or
    ``get_token`` a callable (plain or async) asked for one at every connect and, over WebSocket,
    ``refresh_before`` seconds ahead of its ``exp`` (sent in-band, the link stays open).
    ``heartbeat_interval`` is the gateway's ``tickwire.client.heartbeat-interval`` in seconds: a
    link silent for twice that is dropped and reopened (0: never). ``backoff`` is (initial,
    maximum) seconds between reconnects. ``timeout`` bounds opening a link and each one-off request.

    ``on_state(state, info)`` is told ``connecting``, ``live``, ``reconnecting`` (``info`` has
    ``delay``, ``reason``, ``attempt``) and ``closed``. ``on_error(error)``, when given, is handed
    the gateway's refusals of symbols (``UNKNOWN_SYMBOL``, ``NOT_ENTITLED``: they leave the
    subscription, the others keep streaming) and other in-band errors; without it they are raised
    from the quote stream as ``GatewayError``.
    """

    def __init__(self, url: str = "http://localhost:8080", *, transport: str = "ws", token: str | None = None,
                 get_token: GetToken | None = None, heartbeat_interval: float = 10.0,
                 backoff: tuple[float, float] = (0.5, 8.0), refresh_before: float = 30.0, timeout: float = 10.0,
                 on_state: Callable[[str, dict[str, Any]], None] | None = None,
                 on_error: Callable[[GatewayError], None] | None = None) -> None:
        if transport not in LINKS:
            raise ValueError(f"transport must be one of {sorted(LINKS)}, not {transport!r}")
        self.url = url if url.endswith("/") else url + "/"
        self.transport = transport
        self.heartbeat_interval = heartbeat_interval
        self.backoff = backoff
        self.timeout = timeout
        self.on_state = on_state
        self.on_error = on_error
        self._tokens = TokenSource(token, get_token, refresh_before)

    async def quotes(self, symbols: str | Iterable[str], *, max_rate: float | None = None) -> AsyncIterator[Quote]:
        """The quotes of ``symbols`` (``"*"``: every symbol the caller may see), each symbol's in
        seq order: first the latest of each (the snapshot), then live, across reconnects. With
        ``max_rate``, at most that many per second per symbol, each the newest (the gateway caps it).

        Ends when no symbol is left; raises ``GatewayError`` when the gateway refuses the link for
        good (400, 401, 403: a retry would get the same answer) or, without ``on_error``, a symbol.
        Break out of it (or ``aclose()`` it; ``contextlib.aclosing`` does) to close the link.
        """
        subscription = Subscription(symbols)
        if not subscription.symbols:
            raise ValueError("no symbols to subscribe to")
        attempt = 0
        try:
            while subscription.symbols:
                self._state("connecting")
                link = LINKS[self.transport](self.url, await self._tokens.fresh(), self.timeout)
                refresher: asyncio.Task[None] | None = None
                reason: str | None = None
                try:
                    try:
                        await link.open(subscription, max_rate)
                    except GatewayError as e:
                        self._refused(e, subscription)
                        continue  # those symbols are dropped: go on with the others at once
                    attempt = 0
                    self._state("live")
                    if link.in_band_auth:
                        refresher = asyncio.create_task(self._refresh(link))
                    while subscription.symbols:
                        try:
                            async with asyncio.timeout(2 * self.heartbeat_interval or None):
                                messages = await link.receive()
                        except TimeoutError:
                            raise LinkLost(f"no data for {2 * self.heartbeat_interval:g} s") from None
                        for m in messages:
                            kind = m.get("type")
                            if kind == "quote" and subscription.accept(m):
                                yield Quote.from_wire(m)
                            elif kind == "error":
                                self._refused(GatewayError.from_body(m), subscription)
                            elif kind == "authenticated":
                                self._tokens.confirm(m.get("exp"))
                except LinkLost as e:
                    reason = str(e)
                finally:
                    if refresher is not None:
                        refresher.cancel()
                    with contextlib.suppress(Exception):  # a link being dropped has nothing left to say
                        await link.close()
                if reason is not None:
                    delay = backoff_delay(attempt, *self.backoff)
                    attempt += 1
                    self._state("reconnecting", delay=delay, reason=reason, attempt=attempt)
                    await asyncio.sleep(delay)
        finally:
            self._state("closed")

    def _refused(self, error: GatewayError, subscription: Subscription) -> None:
        """A refusal of symbols drops them (reported to ``on_error``, or raised); any other is final."""
        if error.code in SYMBOL_CODES and error.symbols:
            subscription.remove(error.symbols)
        elif error.status is not None:
            raise error  # the link itself was refused
        if self.on_error is None:
            raise error
        self.on_error(error)

    async def _refresh(self, link: Any) -> None:
        """Ahead of each token's exp, hands the link a fresher one; stops when none is to be had
        (the gateway then ends the link at exp, and the reconnect asks ``get_token`` again)."""
        while (delay := self._tokens.refresh_in()) is not None:
            await asyncio.sleep(delay)
            try:
                token = await self._tokens.renewal()
            except Exception as e:  # get_token's own failure: reported, and the reconnect asks again
                if self.on_error is not None:
                    self.on_error(GatewayError("TOKEN_REFRESH_FAILED", f"get_token failed: {e!r}"))
                return
            if token is None:
                return
            try:
                await link.authenticate(token)
            except LinkLost:
                return

    def _state(self, state: str, **info: Any) -> None:
        if self.on_state is not None:
            self.on_state(state, {"transport": self.transport, **info})

    async def instruments(self) -> list[Instrument]:
        """The instruments the gateway carries (those the token may see), each with its precision
        (PROTOCOL.md §1a). Raises ``GatewayError`` (401, 403)."""
        return await fetch_instruments(self.url, await self._tokens.for_request(), self.timeout)

    async def publish(self, quotes: Mapping[str, Any] | Quote | Iterable[Mapping[str, Any] | Quote]) -> Published:
        """Publishes quotes (PROTOCOL.md §8: §1's object without ``type`` and ``seq``, numbers as
        ``Decimal``, ``int`` or ``float``; ``ts`` may be left out), taken whole or not at all, at
        most 10,000 (and 4 MB) a call. Raises ``GatewayError``: ``BAD_QUOTE`` with the ``index`` of
        the first bad quote, ``NOT_ENTITLED``, ``NOT_PUBLISHABLE`` (409), ``FEED_UNAVAILABLE`` …"""
        answer = await post_items(self.url, "api/publish", await self._tokens.for_request(), quotes, self.timeout)
        return Published(int(answer["count"]), int(answer["firstSeq"]), int(answer["lastSeq"]))

    async def define_instruments(self, instruments: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> int:
        """Defines or changes instruments (§1a's objects; only ``symbol`` is required), taken whole
        or not at all; returns how many. Raises ``GatewayError`` (``BAD_INSTRUMENT`` with its
        ``index``, and as ``publish``)."""
        answer = await post_items(self.url, "api/instruments", await self._tokens.for_request(), instruments,
                                  self.timeout)
        return int(answer["count"])

"""The two ways a quote stream reaches the gateway, behind one shape: ``open(subscription, max_rate)``,
``receive()`` (the next messages, each a §2 object: ``quote``, ``heartbeat``, ``error``, an ack),
``authenticate(token)`` where a link can take a fresh token in-band, and ``close()``.

WebSocket (PROTOCOL.md §2) uses the ``websockets`` package; SSE (§3) plain asyncio streams. A link
that ends raises ``LinkLost`` (the client reconnects); a refusal that a retry cannot cure (400,
401, 403, 404: a bad symbol, a refused token) raises ``GatewayError``."""

from __future__ import annotations

import inspect
from typing import Any
from urllib.parse import urlencode, urljoin

import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from . import http1, wire
from .errors import GatewayError
from .sse import SseParser
from .subscription import Subscription

__all__ = ["LinkLost", "WebSocketLink", "SseLink", "LINKS", "refusal", "authorization"]

# websockets 10–13 (Debian 12 ships 10.4) name the handshake's headers extra_headers; 14+ additional_headers.
_HEADERS = "additional_headers" if "additional_headers" in inspect.signature(websockets.connect).parameters \
    else "extra_headers"
_MAX_FRAME = 16 * 1024 * 1024


class LinkLost(Exception):
    """The link ended or could not be opened, for a reason a reconnect may cure."""


def authorization(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def refusal(status: int, body: bytes, headers: dict[str, str] | None = None) -> GatewayError:
    """The gateway's answer ``{"code","message",…}`` to a request it refused, as an exception."""
    try:
        parsed = wire.loads(body) if body else {}
    except ValueError:
        parsed = {"message": f"HTTP {status}: {body[:200].decode('utf-8', 'replace')}"}
    retry = (headers or {}).get("retry-after", "")
    return GatewayError.from_body(parsed, status, int(retry) if retry.isdigit() else None)


def _final(error: GatewayError) -> bool:
    """4xx but a timeout or a rate limit: asking again the same way gets the same answer."""
    return error.status is not None and 400 <= error.status < 500 and error.status not in (408, 429)


class WebSocketLink:
    kind = "ws"
    in_band_auth = True

    def __init__(self, base: str, token: str | None, open_timeout: float) -> None:
        self.base = base
        self.token = token
        self.open_timeout = open_timeout
        self.ws: Any = None
        self._ids = 0

    async def open(self, subscription: Subscription, max_rate: float | None) -> None:
        url = "ws" + urljoin(self.base, "ws").removeprefix("http")
        try:
            self.ws = await websockets.connect(url, open_timeout=self.open_timeout, close_timeout=1,
                                               max_size=_MAX_FRAME, **{_HEADERS: authorization(self.token)})
        except InvalidHandshake as e:
            response = getattr(e, "response", None)  # websockets 14+; 10–13 have status_code only
            status = getattr(e, "status_code", None) or getattr(response, "status_code", None)
            if status is None:
                raise LinkLost(f"WebSocket handshake failed: {e}") from e
            error = refusal(status, getattr(response, "body", b"") or b"")
            if error.code is None and status in (401, 403):
                error = await self._explain(status)
            if _final(error):
                raise error from None
            raise LinkLost(f"WebSocket refused: {error}") from e
        except (OSError, TimeoutError) as e:
            raise LinkLost(f"cannot connect to {url}: {e or type(e).__name__}") from e
        for symbols, since in subscription.groups():
            op: dict[str, Any] = {"op": "subscribe", "symbols": symbols}
            if max_rate:
                op["maxRate"] = max_rate
            if since is not None:
                op["since"] = since
            await self._send(op)

    async def _explain(self, status: int) -> GatewayError:
        """The gateway's words for a refused handshake (websockets before 14 drop its body): the
        same token on ``GET /api/symbols``."""
        try:
            answer = await http1.request("GET", urljoin(self.base, "api/symbols"), authorization(self.token),
                                         timeout=self.open_timeout)
        except (OSError, TimeoutError):
            answer = None
        if answer is not None and answer.status == status:
            return refusal(answer.status, answer.body)
        return GatewayError("UNAUTHENTICATED" if status == 401 else "FORBIDDEN",
                            f"the gateway refused the WebSocket handshake (HTTP {status})", status=status)

    async def _send(self, op: dict[str, Any]) -> None:
        self._ids += 1
        try:
            await self.ws.send(wire.dumps({**op, "id": str(self._ids)}))
        except ConnectionClosed as e:
            raise LinkLost(_closed(e)) from e

    async def receive(self) -> list[dict[str, Any]]:
        try:
            text = await self.ws.recv()
        except ConnectionClosed as e:
            raise LinkLost(_closed(e)) from e
        try:
            data = wire.loads(text)
        except ValueError as e:
            raise LinkLost("the gateway sent something that is not JSON") from e
        return [m for m in (data if isinstance(data, list) else [data]) if isinstance(m, dict)]

    async def authenticate(self, token: str) -> None:
        await self._send({"op": "auth", "token": token})

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def _closed(e: ConnectionClosed) -> str:
    frame = e.rcvd  # the gateway's close frame; None when the connection just broke (1006)
    if frame is None:
        return "WebSocket closed (1006: no close frame)"
    return f"WebSocket closed ({frame.code}{': ' + frame.reason if frame.reason else ''})"


class SseLink:
    kind = "sse"
    in_band_auth = False  # a fresh token takes a new stream, resumed with Last-Event-ID (§4a)

    def __init__(self, base: str, token: str | None, open_timeout: float) -> None:
        self.base = base
        self.token = token
        self.open_timeout = open_timeout
        self.stream: http1.Stream | None = None
        self.chunks: Any = None
        self.parser = SseParser()

    async def open(self, subscription: Subscription, max_rate: float | None) -> None:
        query = {"symbols": ",".join(subscription.symbols)}
        if max_rate:
            query["maxRate"] = wire.plain_number(max_rate)
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache", **authorization(self.token)}
        since = subscription.since()
        if since is not None:
            headers["Last-Event-ID"] = str(since)
        url = urljoin(self.base, "sse") + "?" + urlencode(query, safe=",/:*")
        try:
            self.stream = await http1.open_stream("GET", url, headers, timeout=self.open_timeout)
            if self.stream.status != 200:
                error = refusal(self.stream.status, await self.stream.read(), self.stream.headers)
                if _final(error):
                    raise error
                raise LinkLost(f"SSE refused: {error}")
        except (OSError, TimeoutError) as e:
            raise LinkLost(f"cannot open {url}: {e or type(e).__name__}") from e
        self.chunks = self.stream.chunks().__aiter__()

    async def receive(self) -> list[dict[str, Any]]:
        try:
            chunk = await anext(self.chunks)
        except StopAsyncIteration:
            raise LinkLost("the SSE stream ended") from None
        except OSError as e:
            raise LinkLost(f"the SSE stream broke: {e}") from e
        messages: list[dict[str, Any]] = []
        for event in self.parser.feed(chunk):
            if event.type is None:
                messages.append({"type": "heartbeat"})
            elif event.type == "quote":
                try:
                    messages.append({"type": "quote", **wire.loads(event.data)})
                except (ValueError, TypeError) as e:
                    raise LinkLost("the gateway sent a quote that is not JSON") from e
        return messages

    async def authenticate(self, token: str) -> None:
        raise NotImplementedError("SSE takes a fresh token with a new stream")

    async def close(self) -> None:
        if self.chunks is not None:
            await self.chunks.aclose()
        if self.stream is not None:
            await self.stream.close()


LINKS = {"ws": WebSocketLink, "sse": SseLink}

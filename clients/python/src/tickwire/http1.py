"""HTTP/1.1 over asyncio streams, standard library only: what the SSE link and the one-off requests
(instruments, publish) need, no more. One connection per request (``Connection: close``); bodies
sent with ``Content-Length``, read chunked, by ``Content-Length`` or to the end."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Response", "Stream", "open_stream", "request"]

_MAX_HEADER_LINES = 200


@dataclass(frozen=True)
class Response:
    """A whole answer: its status, headers (names in lower case) and body."""

    status: int
    headers: dict[str, str]
    body: bytes


class Stream:
    """An answer whose body is read as it comes (``chunks()``); ``close()`` ends the connection."""

    def __init__(self, status: int, headers: dict[str, str], reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter) -> None:
        self.status = status
        self.headers = headers
        self._reader = reader
        self._writer = writer

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body's bytes as they arrive; raises ``ConnectionError`` when it is cut short."""
        reader = self._reader
        try:
            if "chunked" in self.headers.get("transfer-encoding", "").lower():
                while True:
                    size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        while (await reader.readuntil(b"\r\n")) != b"\r\n":
                            pass  # trailers
                        return
                    data = await reader.readexactly(size)
                    await reader.readexactly(2)
                    yield data
            elif "content-length" in self.headers:
                left = int(self.headers["content-length"])
                while left > 0:
                    data = await reader.read(min(left, 65536))
                    if not data:
                        raise asyncio.IncompleteReadError(b"", left)
                    left -= len(data)
                    yield data
            else:
                while data := await reader.read(65536):
                    yield data
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as e:
            raise ConnectionError(f"the answer was cut short or malformed: {e}") from e

    async def read(self) -> bytes:
        """The whole body, then the connection is closed."""
        try:
            return b"".join([c async for c in self.chunks()])
        finally:
            await self.close()

    async def close(self) -> None:
        writer = self._writer
        if writer.is_closing():
            return
        writer.close()
        try:
            await writer.wait_closed()
        except (OSError, ssl.SSLError):
            pass  # already gone: nothing to flush


async def open_stream(method: str, url: str, headers: Mapping[str, str] | None = None, body: bytes | None = None,
                      timeout: float | None = 30.0) -> Stream:
    """Sends the request and reads the status line and headers (within ``timeout`` seconds)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url}")
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}:{port}", "Connection: close", "User-Agent: tickwire-python"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")

    async def start() -> Stream:
        context = ssl.create_default_context() if secure else None
        reader, writer = await asyncio.open_connection(parts.hostname, port, ssl=context)
        try:
            writer.write(head + (body or b""))
            await writer.drain()
            status_line = (await reader.readuntil(b"\r\n")).decode("latin-1").split(" ", 2)
            if len(status_line) < 2 or not status_line[0].startswith("HTTP/"):
                raise ConnectionError(f"not an HTTP answer: {' '.join(status_line)!r}")
            answer: dict[str, str] = {}
            for _ in range(_MAX_HEADER_LINES):
                line = (await reader.readuntil(b"\r\n")).decode("latin-1").rstrip("\r\n")
                if not line:
                    return Stream(int(status_line[1]), answer, reader, writer)
                name, _, value = line.partition(":")
                answer[name.strip().lower()] = value.strip()
            raise ConnectionError("too many header lines")
        except BaseException:
            writer.close()
            raise

    try:
        async with asyncio.timeout(timeout):
            return await start()
    except asyncio.IncompleteReadError as e:
        raise ConnectionError("the connection closed before an answer") from e


async def request(method: str, url: str, headers: Mapping[str, str] | None = None, body: bytes | None = None,
                  timeout: float | None = 30.0) -> Response:
    """Sends one request and reads the whole answer (within ``timeout`` seconds in all)."""
    async with asyncio.timeout(timeout):
        stream = await open_stream(method, url, headers, body, None)
        return Response(stream.status, stream.headers, await stream.read())

"""A real TCP proxy between a client and the gateway, for what a network does to a link: ``cut()``
drops every open connection (both ways, no goodbye), ``refusing`` makes it close new ones at once,
as a gateway that is down would. It keeps what each client sent, so a test can read the request
a reconnect made: its headers (``Authorization``, ``Last-Event-ID``) and, over WebSocket, the
text frames (the ``subscribe`` op with its ``since``)."""

from __future__ import annotations

import asyncio
import contextlib

KEEP = 1 << 20  # bytes of each connection kept for the test to read


class Connection:
    def __init__(self) -> None:
        self.sent = bytearray()
        self.writers: list[asyncio.StreamWriter] = []

    @property
    def head(self) -> str:
        """The HTTP request the client sent: request line and headers."""
        return bytes(self.sent).partition(b"\r\n\r\n")[0].decode("latin-1")

    def header(self, name: str) -> str | None:
        for line in self.head.split("\r\n")[1:]:
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None

    def texts(self) -> list[str]:
        """The text frames the client sent after the WebSocket handshake (RFC 6455 §5.2, masked)."""
        data = bytes(self.sent).partition(b"\r\n\r\n")[2]
        texts = []
        while len(data) >= 2:
            opcode, length, at = data[0] & 0x0F, data[1] & 0x7F, 2
            if length == 126:
                length, at = int.from_bytes(data[2:4], "big"), 4
            elif length == 127:
                length, at = int.from_bytes(data[2:10], "big"), 10
            masked = data[1] & 0x80
            key, at = (data[at:at + 4], at + 4) if masked else (b"\0\0\0\0", at)
            if len(data) < at + length:
                break
            payload = bytes(b ^ key[i % 4] for i, b in enumerate(data[at:at + length]))
            if opcode == 1:
                texts.append(payload.decode("utf-8"))
            data = data[at + length:]
        return texts


class Proxy:
    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.connections: list[Connection] = []
        self.refusing = False
        self.server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"

    async def start(self) -> Proxy:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        return self

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            writer.close()
            return
        connection = Connection()
        self.connections.append(connection)
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        connection.writers = [writer, up_writer]
        await asyncio.gather(self._pipe(reader, up_writer, connection), self._pipe(up_reader, writer, None))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    keep: Connection | None) -> None:
        try:
            while data := await reader.read(65536):
                if keep is not None and len(keep.sent) < KEEP:
                    keep.sent += data
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    def cut(self) -> None:
        """Drops every open connection at once, both ways (RST, as a dead NAT entry or a killed peer)."""
        for connection in self.connections:
            for writer in connection.writers:
                with contextlib.suppress(OSError):
                    writer.transport.abort()

    async def close(self) -> None:
        self.cut()
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

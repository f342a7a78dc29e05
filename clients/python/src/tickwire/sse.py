"""The text/event-stream format (WHATWG HTML §9.2), parsed incrementally from the bytes of a stream:
events with their type, id and data, and comment lines (the gateway's heartbeats, PROTOCOL.md §3)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

__all__ = ["SseEvent", "SseParser"]


@dataclass(frozen=True)
class SseEvent:
    """An event (``type`` ``'message'`` unless named), or a comment (``type`` None, its text in ``data``)."""

    type: str | None
    id: str
    data: str


class SseParser:
    """Feed it bytes as they arrive; it returns the events each feed completed."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buffer = ""
        self._type = ""
        self._id = ""
        self._data: list[str] = []
        self._bom = True

    def feed(self, chunk: bytes) -> list[SseEvent]:
        text = self._decoder.decode(chunk)
        if self._bom and text:
            text = text.removeprefix("\ufeff")
            self._bom = False
        self._buffer += text
        events: list[SseEvent] = []
        while (end := self._line_end()) >= 0:
            line = self._buffer[:end]
            skip = 2 if self._buffer.startswith("\r\n", end) else 1
            self._buffer = self._buffer[end + skip:]
            event = self._line(line)
            if event is not None:
                events.append(event)
        return events

    def _line_end(self) -> int:
        """Index of the first line break whose end is known (a final \\r may be half of \\r\\n), or -1."""
        n = self._buffer.find("\n")
        r = self._buffer.find("\r")
        if r < 0 or (0 <= n < r):
            return n
        return -1 if r == len(self._buffer) - 1 else r

    def _line(self, line: str) -> SseEvent | None:
        if line == "":
            event = None
            if self._data:
                event = SseEvent(self._type or "message", self._id, "\n".join(self._data))
            self._type, self._data = "", []
            return event
        if line.startswith(":"):
            return SseEvent(None, self._id, line[1:].strip())
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._type = value
        elif name == "id" and "\0" not in value:
            self._id = value
        return None

"""What one quote stream is subscribed to, and the last seq delivered per symbol: the resume cursor
(PROTOCOL.md §2 ``since``, §3 ``Last-Event-ID``) and the guard that never delivers a quote older
than, or the same as, one already delivered for its symbol."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Subscription", "normalize"]


def normalize(symbols: str | Iterable[str]) -> list[str]:
    """Trimmed, without blanks or repeats, in order; a string may list several, comma-separated.
    Symbols are case-sensitive (``EUR/USD``, ``btcusdt``): kept as written."""
    items = symbols.split(",") if isinstance(symbols, str) else list(symbols)
    return list(dict.fromkeys(s for s in (str(i).strip() for i in items) if s))


class Subscription:
    """The symbols asked for (``*``: every symbol the caller may see) and their last seqs."""

    def __init__(self, symbols: str | Iterable[str]) -> None:
        self.symbols = normalize(symbols)
        self.last: dict[str, int] = {}

    def owner(self, symbol: str) -> str | None:
        """The subscribed symbol ``symbol``'s quotes are for: itself, one the gateway read as it (it
        reads ``msft`` as ``MSFT`` where it carries no ``msft``), or any under ``*``."""
        if symbol in self.symbols:
            return symbol
        for s in self.symbols:
            if s != "*" and s.upper() == symbol:
                return s
        return symbol if "*" in self.symbols else None

    def accept(self, quote: Mapping[str, Any]) -> bool:
        """Whether to deliver ``quote``: subscribed, and newer than the last delivered for its symbol."""
        key = self.owner(str(quote.get("symbol")))
        seq = quote.get("seq")
        if key is None or not isinstance(seq, int):
            return False
        last = self.last.get(key)
        if last is not None and seq <= last:
            return False  # delivered already: a resume or a snapshot repeats it
        self.last[key] = seq
        return True

    def remove(self, symbols: Iterable[str]) -> list[str]:
        """Drops ``symbols`` (and their cursors); returns those that were subscribed."""
        gone = [s for s in normalize(list(symbols)) if s in self.symbols]
        self.symbols = [s for s in self.symbols if s not in gone]
        for s in gone:
            self.last.pop(s, None)
        return gone

    def _seen(self, symbol: str) -> bool:
        return bool(self.last) if symbol == "*" else symbol in self.last

    def _since(self, symbols: list[str]) -> int:
        return min(min(self.last.values()) if s == "*" else self.last[s] for s in symbols)

    def since(self) -> int | None:
        """One cursor for the whole stream (SSE): the oldest last seq, once every symbol has one;
        until then None, and the stream starts from the snapshot (what was delivered is dropped)."""
        return self._since(self.symbols) if self.symbols and all(map(self._seen, self.symbols)) else None

    def groups(self) -> list[tuple[list[str], int | None]]:
        """What to subscribe on a new WebSocket: the symbols seen, after the oldest of their seqs
        (the gateway sends the latest of each past it), and the others from the snapshot."""
        seen = [s for s in self.symbols if self._seen(s)]
        fresh = [s for s in self.symbols if not self._seen(s)]
        return ([(seen, self._since(seen))] if seen else []) + ([(fresh, None)] if fresh else [])

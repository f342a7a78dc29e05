"""The values the client hands out: a quote (PROTOCOL.md §1), an instrument (§1a) and the answer to
a publish (§8). Prices and sizes are ``Decimal``s with exactly the digits the gateway wrote."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

__all__ = ["Quote", "Instrument", "Published"]


def _decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"not a number: {value!r}")
    return Decimal(value)


@dataclass(frozen=True, slots=True)
class Quote:
    """One level-1 quote. ``seq`` is the feed's cursor (strictly increasing per symbol), ``ts`` the
    feed's time in epoch microseconds; the numbers keep the gateway's digits (``f"{q.bid:f}"`` is
    ``'1.08345'`` for an FX pair, ``f"{q.last_size:f}"`` ``'0.00000001'`` for a crypto lot, where
    ``str()`` writes ``'1E-8'``)."""

    symbol: str
    seq: int
    ts: int
    bid: Decimal
    ask: Decimal
    last: Decimal
    bid_size: Decimal
    ask_size: Decimal
    last_size: Decimal
    volume: Decimal
    open: Decimal

    @classmethod
    def from_wire(cls, m: Mapping[str, Any]) -> Quote:
        """From the gateway's JSON object (read with ``parse_float=Decimal``)."""
        return cls(symbol=str(m["symbol"]), seq=int(m["seq"]), ts=int(m["ts"]),
                   bid=_decimal(m["bid"]), ask=_decimal(m["ask"]), last=_decimal(m["last"]),
                   bid_size=_decimal(m["bidSize"]), ask_size=_decimal(m["askSize"]),
                   last_size=_decimal(m["lastSize"]), volume=_decimal(m["volume"]), open=_decimal(m["open"]))

    def to_wire(self) -> dict[str, Any]:
        """The quote as a publish takes it (§8: §1's object without ``type`` and ``seq``)."""
        return {"symbol": self.symbol, "ts": self.ts, "bid": self.bid, "ask": self.ask, "last": self.last,
                "bidSize": self.bid_size, "askSize": self.ask_size, "lastSize": self.last_size,
                "volume": self.volume, "open": self.open}


@dataclass(frozen=True, slots=True)
class Instrument:
    """A symbol with its precision: format prices with ``price_decimals``, sizes with ``size_decimals``."""

    symbol: str
    name: str
    type: str = "equity"
    currency: str = "USD"
    tick_size: Decimal = Decimal("0.01")
    price_decimals: int = 2
    size_decimals: int = 0

    @classmethod
    def from_wire(cls, m: Mapping[str, Any]) -> Instrument:
        """From ``GET /api/symbols``; a field an older gateway leaves out takes an equity's value."""
        symbol = str(m["symbol"])
        return cls(symbol=symbol, name=str(m.get("name") or symbol), type=str(m.get("type", "equity")),
                   currency=str(m.get("currency", "USD")), tick_size=_decimal(m.get("tickSize", Decimal("0.01"))),
                   price_decimals=int(m.get("priceDecimals", 2)), size_decimals=int(m.get("sizeDecimals", 0)))


@dataclass(frozen=True, slots=True)
class Published:
    """What a publish got: ``count`` quotes with the consecutive seqs ``first_seq``..``last_seq``."""

    count: int
    first_seq: int
    last_seq: int

"""One-off requests beside the quote streams: the instrument list (PROTOCOL.md §1a, §4) and
publishing quotes and instruments over HTTP (§8). Each carries a Bearer token when there is one; a
refusal raises ``GatewayError`` with the gateway's code, message and index."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

from . import http1, wire
from .links import authorization, refusal
from .model import Instrument

__all__ = ["fetch_instruments", "post_items"]


async def fetch_instruments(base: str, token: str | None, timeout: float) -> list[Instrument]:
    """``GET /api/symbols``: the instruments the token may see, each with its precision."""
    answer = await http1.request("GET", urljoin(base, "api/symbols"),
                                 {"Accept": "application/json", **authorization(token)}, timeout=timeout)
    if answer.status != 200:
        raise refusal(answer.status, answer.body, answer.headers)
    listed = wire.loads(answer.body)
    if not isinstance(listed, list):
        raise ValueError("the gateway's instrument list is not a JSON array")
    return [Instrument.from_wire(i) for i in listed]


async def post_items(base: str, path: str, token: str | None, items: Mapping[str, Any] | Iterable[Any],
                     timeout: float) -> dict[str, Any]:
    """POSTs ``items`` (one mapping, or several) as a JSON array of plain decimals; the gateway's answer."""
    listed = [items] if isinstance(items, Mapping) or hasattr(items, "to_wire") else list(items)
    body = wire.dumps([i.to_wire() if hasattr(i, "to_wire") else i for i in listed]).encode("utf-8")
    answer = await http1.request("POST", urljoin(base, path), {
        "Content-Type": "application/json", "Accept": "application/json", **authorization(token)}, body,
        timeout=timeout)
    if answer.status != 200:
        raise refusal(answer.status, answer.body, answer.headers)
    result = wire.loads(answer.body)
    if not isinstance(result, dict):
        raise ValueError("the gateway's answer to a publish is not a JSON object")
    return result

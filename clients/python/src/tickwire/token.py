"""The client's token (PROTOCOL.md §4a): a fixed string, or ``get_token`` (a plain or async
callable) asked at every connect and, over WebSocket, ahead of the token's ``exp`` for an in-band
refresh (§2 ``auth`` op), so a long-lived link is not cut off when its token runs out."""

from __future__ import annotations

import base64
import binascii
import inspect
import json
import time
from collections.abc import Awaitable, Callable

__all__ = ["TokenSource", "token_expiry", "refresh_delay"]

GetToken = Callable[[], "str | None | Awaitable[str | None]"]


class TokenSource:
    """The token to present, and when to ask ``get_token`` for the next one."""

    def __init__(self, token: str | None, get_token: GetToken | None, refresh_before: float) -> None:
        self.get_token = get_token
        self.refresh_before = refresh_before
        self.value: str | None = None
        self.exp: float | None = None
        self.set(token)

    def set(self, token: str | None) -> None:
        self.value = token or None
        self.exp = token_expiry(self.value)

    def confirm(self, exp: object) -> None:
        """The gateway's word on when the current token expires (its ``authenticated`` reply)."""
        if isinstance(exp, (int, float)) and not isinstance(exp, bool):
            self.exp = float(exp)

    async def ask(self) -> str | None:
        """What ``get_token`` returns now (awaited when it is a coroutine function or returns an awaitable)."""
        result = self.get_token() if self.get_token else self.value
        if inspect.isawaitable(result):
            result = await result
        return result or None

    async def fresh(self) -> str | None:
        """The token to connect with: a fresh one from ``get_token`` when given, else the one set."""
        if self.get_token:
            self.set(await self.ask())
        return self.value

    async def for_request(self) -> str | None:
        """The token of a one-off request: the current one while it is good for 5 more seconds,
        else one from ``get_token`` (not kept: a live link's token and its refresh stay as they are)."""
        good = self.value is not None and (self.exp is None or self.exp - time.time() > 5)
        return self.value if good or not self.get_token else await self.ask()

    def refresh_in(self) -> float | None:
        """Seconds until a fresh token should be asked for, or None (no ``get_token`` or no ``exp``)."""
        return refresh_delay(self.exp, self.refresh_before) if self.get_token else None

    async def renewal(self) -> str | None:
        """A token from ``get_token`` that outlives the current one, kept; None when it gave none."""
        token = await self.ask()
        exp = token_expiry(token)
        if not token or token == self.value or (exp is not None and self.exp is not None and exp <= self.exp):
            return None
        self.set(token)
        return token


def token_expiry(token: str | None) -> float | None:
    """The ``exp`` claim of a JWT (epoch seconds), or None. The signature is the gateway's business."""
    parts = token.split(".") if token else []
    if len(parts) < 2:
        return None
    try:
        payload = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        exp = json.loads(payload).get("exp")
    except (ValueError, binascii.Error, AttributeError):
        return None
    return float(exp) if isinstance(exp, (int, float)) and not isinstance(exp, bool) else None


def refresh_delay(exp: float | None, refresh_before: float, now: float | None = None) -> float | None:
    """``refresh_before`` seconds ahead of ``exp``, but not before half of what is left, so a
    short-lived token is not refreshed in a loop. None without an ``exp``."""
    if exp is None:
        return None
    left = exp - (time.time() if now is None else now)
    return max(0.0, left - refresh_before, left / 2)

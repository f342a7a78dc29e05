"""What the gateway refused, in its own words (PROTOCOL.md §2 error messages, §3–§4 and §8 HTTP
errors): one exception type with the gateway's ``code`` and ``message``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["GatewayError"]


class GatewayError(Exception):
    """The gateway refused a request, a subscription or a publish.

    ``code`` is the protocol's (``UNKNOWN_SYMBOL``, ``NOT_ENTITLED``, ``UNAUTHENTICATED``,
    ``BAD_QUOTE``, ``BAD_INSTRUMENT``, ``NOT_PUBLISHABLE``, ``FEED_UNAVAILABLE``, …), ``message``
    the gateway's explanation, ``status`` the HTTP status where there was one (None for an error
    sent on an open WebSocket), ``index`` the first bad quote or instrument of a publish (0-based),
    ``symbols`` the symbols at fault and ``retry_after`` the seconds the gateway asked to wait.
    """

    def __init__(self, code: str | None, message: str, *, status: int | None = None, index: int | None = None,
                 symbols: list[str] | None = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.index = index
        self.symbols = list(symbols or [])
        self.retry_after = retry_after

    @classmethod
    def from_body(cls, body: Any, status: int | None = None, retry_after: int | None = None) -> GatewayError:
        """From the gateway's JSON ``{"code","message","symbols"?,"index"?}`` (anything else: the status)."""
        fields = body if isinstance(body, Mapping) else {}
        index = fields.get("index")
        symbols = fields.get("symbols")
        return cls(fields.get("code"), str(fields.get("message") or f"HTTP {status}"), status=status,
                   index=index if isinstance(index, int) and not isinstance(index, bool) else None,
                   symbols=[str(s) for s in symbols] if isinstance(symbols, list) else None,
                   retry_after=retry_after)

    def __str__(self) -> str:
        where = f" (HTTP {self.status})" if self.status is not None else ""
        at = f" at index {self.index}" if self.index is not None else ""
        return f"{self.code or 'ERROR'}{where}{at}: {self.message}"

    def __repr__(self) -> str:
        return f"GatewayError(code={self.code!r}, message={self.message!r}, status={self.status!r})"

"""Reconnect delays: exponential backoff with equal jitter, as the JavaScript and Java clients."""

from __future__ import annotations

import random as _random
from collections.abc import Callable

__all__ = ["backoff_delay"]


def backoff_delay(attempt: int, initial: float = 0.5, maximum: float = 8.0,
                  random: Callable[[], float] = _random.random) -> float:
    """Seconds to wait before retry number ``attempt`` (0 for the first).

    The step doubles from ``initial`` up to ``maximum``; half of it is fixed and half random, so
    clients cut off together do not come back together: 0.25–0.5 s, 0.5–1 s, 1–2 s, … 4–8 s.
    """
    step = min(maximum, initial * 2 ** min(max(attempt, 0), 30))
    return step / 2 + random() * (step / 2)

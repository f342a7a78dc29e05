"""JSON as the wire contract writes it (PROTOCOL.md §1): numbers are read as exact ``Decimal``s,
so ``1.08345`` stays ``1.08345`` and ``0.00000001`` stays ``0.00000001``, and written as plain
decimals, never in exponent notation (``0.00000001``, where ``json.dumps`` would write ``1e-08``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

__all__ = ["loads", "dumps", "plain_number"]


def loads(text: str | bytes) -> Any:
    """Parses ``text``; every JSON number with a fraction or exponent becomes a ``Decimal``."""
    return json.loads(text, parse_float=Decimal)


def dumps(value: Any) -> str:
    """JSON of ``value`` (mappings, lists, tuples, strings, numbers, booleans, None), every number plain."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return plain_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        fields = (f"{json.dumps(str(k), ensure_ascii=False)}:{dumps(v)}" for k, v in value.items() if v is not None)
        return "{" + ",".join(fields) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as JSON: {value!r}")


def plain_number(n: int | float | Decimal) -> str:
    """``n`` as a plain decimal: a float with the shortest digits that read back as it (``repr``),
    a Decimal with exactly its digits (``Decimal('1.08120')`` -> ``1.08120``)."""
    if isinstance(n, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(n, int):
        return str(n)
    if isinstance(n, float):
        if not math.isfinite(n):
            raise ValueError(f"not a finite number: {n}")
        n = Decimal(repr(n))
    if not n.is_finite():
        raise ValueError(f"not a finite number: {n}")
    return format(n, "f")

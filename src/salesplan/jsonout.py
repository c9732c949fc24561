"""JSON output conventions shared by every command (a stable interface for scripts).

Amounts are numbers with at most two decimals, ratios (paces, shares) numbers rounded to
four decimals, dates ISO strings. Decimals are rounded in Decimal, then written as the
shortest number that prints those digits, so ``4222.22`` stays ``4222.22``.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")
TEN_THOUSANDTH = Decimal("0.0001")


def _number(value: Decimal, step: Decimal) -> int | float:
    rounded = value.quantize(step, rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return int(rounded)
    return float(rounded)  # at most 2 or 4 decimals: float's repr prints exactly these digits


def money(value: Decimal | int | None) -> int | float | None:
    """An amount for JSON: at most two decimals, an int when whole."""
    if value is None:
        return None
    return _number(Decimal(value), CENT)


def ratio(value: Decimal | None) -> int | float | None:
    """A pace or a share for JSON: rounded to four decimals."""
    if value is None:
        return None
    return _number(Decimal(value), TEN_THOUSANDTH)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps(data: Any) -> str:
    """Pretty JSON (non-ASCII kept), Decimals as amounts, dates as ISO strings."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=_default)

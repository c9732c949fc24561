"""Calendar months as ``YYYY-MM`` strings: keys, first and last days, ranges, arithmetic.

Pure functions with no knowledge of the plan, used by the plan's derived numbers, the
tracking engine, the forecast and the documents.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_start(month: str) -> dt.date:
    return dt.date(int(month[:4]), int(month[5:7]), 1)


def month_end(month: str) -> dt.date:
    first = month_start(month)
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> list[str]:
    """Every month the period touches, in order (``2027-01-15 .. 2027-03-01`` -> 3 months)."""
    return list(_months_between(start, end))


@lru_cache(maxsize=256)
def _months_between(start: dt.date, end: dt.date) -> tuple[str, ...]:
    months = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def quarter_of(month: str) -> str:
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def add_months(month: str, count: int) -> str:
    """``add_months('2026-11', 3)`` -> ``'2027-02'`` (``count`` may be negative)."""
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_apart(first: str, second: str) -> int:
    """How many months ``second`` comes after ``first`` (negative when before)."""
    return (int(second[:4]) - int(first[:4])) * 12 + int(second[5:7]) - int(first[5:7])


def month_range(first: str, count: int) -> list[str]:
    """``count`` consecutive months from ``first``."""
    return [add_months(first, i) for i in range(count)]

"""Plain-text tables for the terminal: aligned columns, numbers to the right."""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence


def amount(value: Decimal | int | None, places: int = 0) -> str:
    """``Decimal('12500.00')`` -> ``12,500``; None -> ``-``."""
    if value is None:
        return "-"
    value = Decimal(value)
    if places == 0 and value != value.to_integral_value():
        places = 2
    return f"{value:,.{places}f}"


def percent(value: Decimal | None, places: int = 0) -> str:
    return "-" if value is None else f"{Decimal(value) * 100:,.{places}f}%"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: Sequence[bool] | None = None,
          indent: str = "  ") -> str:
    """Render rows as aligned text; columns flagged ``numeric`` are right-aligned."""
    numeric = numeric or [i > 0 for i in range(len(headers))]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(widths[i]) if numeric[i] else c.ljust(widths[i]) for i, c in enumerate(cells)]
        return (indent + "  ".join(parts)).rstrip()

    out = [line(headers), indent + "  ".join("-" * w for w in widths)]
    out += [line(row) for row in rows]
    return "\n".join(out)

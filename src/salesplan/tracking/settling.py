"""Amounts a tally cannot finish alone: those waiting for their column's decimal mark, and empty ones.

The readers decide the decimal mark per column while streaming
(:class:`~salesplan.tracking.amounts.AmountColumn`): a three-digit cell met before the column has
shown its mark (``1,234``) comes as its thousands reading with ``RawDeal.pending`` naming its
separator. Both tallies (``track``'s and ``forecast``'s) keep such rows apart, summed per
(separator, bucket key), and settle them once every row is read: the readers then say what the
thousands reading is multiplied by (0.001 or 1), or that the row is rejected (the column shows
both marks). A won row with an empty amount counts as a deal of 0 and is named in a warning.

The cost is per distinct (separator, bucket key), never per row of the file.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from salesplan.tracking.rejects import RejectedRows
from salesplan.tracking.report import EXAMPLES

__all__ = ["AmountsToSettle", "add_with_refunds"]


def add_with_refunds(buckets: dict[Any, list], key: Any, amount: Decimal) -> None:
    """Add one row to its bucket: ``[sum, rows, sum of the negative amounts, negative rows]``."""
    bucket = buckets.get(key)
    negative = amount < _ZERO
    if bucket is None:
        buckets[key] = [amount, 1, amount, 1] if negative else [amount, 1, _ZERO, 0]
    else:
        bucket[0] += amount
        bucket[1] += 1
        if negative:
            bucket[2] += amount
            bucket[3] += 1


_ZERO = Decimal(0)


class AmountsToSettle:
    """The pending amounts of one tally, and its won rows with an empty amount."""

    __slots__ = ("sums", "rows", "empty", "empty_rows")

    def __init__(self) -> None:
        self.sums: dict[tuple[str, Any], list] = {}
        """(separator, bucket key) -> [sum, rows, negative sum, negative rows] of thousands readings."""
        self.rows: dict[str, list[tuple[str | None, int, Decimal]]] = {}
        """Separator -> the first rows (sheet, row, thousands reading), for the rejection examples."""
        self.empty = 0
        """Won rows with an empty amount (counted as deals of 0)."""
        self.empty_rows: list[tuple[str | None, int]] = []

    def add(self, separator: str, key: Any, amount: Decimal, sheet: str | None, row: int) -> None:
        """One row whose amount waits: ``amount`` is its thousands reading."""
        add_with_refunds(self.sums, (separator, key), amount)
        kept = self.rows.setdefault(separator, [])
        if len(kept) < EXAMPLES:
            kept.append((sheet, row, amount))

    def note_empty(self, sheet: str | None, row: int) -> None:
        """One won row with an empty amount."""
        self.empty += 1
        if len(self.empty_rows) < EXAMPLES:
            self.empty_rows.append((sheet, row))

    def settle(self, factor_of: Callable[[str], Decimal | None] | None,
               problem: Callable[[str], str] | None, rejected: RejectedRows) -> list[tuple[Any, list]]:
        """The waiting sums as ``(bucket key, [sum, rows, negative sum, negative rows])`` once the
        column's mark is known; the rows of a rejected separator go to ``rejected`` (counted, the
        first ones as examples). Without ``factor_of`` (rows fed by hand) the thousands readings stand."""
        settled: list[tuple[Any, list]] = []
        for (separator, key), (total, count, negative, negatives) in self.sums.items():
            factor = factor_of(separator) if factor_of is not None else Decimal(1)
            if factor is None:
                rejected.count += count
                continue
            settled.append((key, [total * factor, count, negative * factor, negatives]))
        for separator, kept in self.rows.items():
            if factor_of is not None and factor_of(separator) is None:
                for sheet, row, amount in kept:
                    text = _as_typed(amount, separator)
                    reason = problem(text) if problem else f"amount {text!r} is ambiguous"
                    rejected.example(sheet, row, reason)
        self.sums, self.rows = {}, {}
        return settled

    def empty_warning(self) -> str | None:
        """The warning for won rows with an empty amount (None: there were none)."""
        if not self.empty:
            return None
        where = ", ".join(f"{sheet + ' ' if sheet else ''}row {row}" for sheet, row in self.empty_rows)
        more = ", ..." if self.empty > len(self.empty_rows) else ""
        rows = f"{self.empty:,} won row{'s' if self.empty != 1 else ''}"
        return (f"{rows} with an empty amount counted as deal{'s' if self.empty != 1 else ''} of 0 "
                f"({where}{more}): fill in the amount{'s' if self.empty != 1 else ''} in the file")


def _as_typed(amount: Decimal, separator: str) -> str:
    """A thousands reading as its cell showed it: 22368 and '.' -> '22.368'."""
    whole, rest = divmod(abs(int(amount)), 1000)
    return f"{'-' if amount < 0 else ''}{whole}{separator}{rest:03d}"

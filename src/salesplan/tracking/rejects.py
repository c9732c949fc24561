"""The rows a tally could not count: how many, and the first few with where and why."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from salesplan.tracking.deals import RawDeal
from salesplan.tracking.report import EXAMPLES, Rejected

__all__ = ["RejectedRows"]


class RejectedRows:
    """Counts the rejected rows and keeps the first :data:`EXAMPLES` of them in row order.

    Date text whose day/month order only the whole column decides is not rejected yet: the
    tallies keep the first rows of each such text (:meth:`keep_date_row`), and
    :meth:`reject_dates` turns those whose text turned out to be no date into examples.
    """

    __slots__ = ("count", "_examples", "date_rows")

    def __init__(self) -> None:
        self.count = 0
        self._examples: list[Rejected] = []
        self.date_rows: dict[Any, list[tuple[str | None, int, str]]] = {}
        """Pending date key -> the first rows (sheet, row, text) that hold it."""

    def add(self, sheet: str | None, row: int, reason: str) -> None:
        """One rejected row."""
        self.count += 1
        self.example(sheet, row, reason)

    def example(self, sheet: str | None, row: int, reason: str) -> None:
        """Keep a rejected row as an example if it is among the first (the caller counts it)."""
        examples = self._examples
        if len(examples) < EXAMPLES or row < examples[-1].row:
            examples.append(Rejected(sheet, row, reason))
            examples.sort(key=lambda r: r.row)
            del examples[EXAMPLES:]

    def unread(self, deal: RawDeal) -> None:
        """A row whose cells did not read: the readers' ``problem``, else its missing amount."""
        self.add(deal.sheet, deal.row, deal.problem or "amount is missing")

    def date_rows_full(self, key: Any) -> bool:
        """Whether every example row of a pending date key is kept already (the fast paths need it)."""
        return len(self.date_rows.get(key, ())) >= EXAMPLES

    def keep_date_row(self, key: Any, sheet: str | None, row: int, text: str) -> None:
        rows = self.date_rows.get(key)
        if rows is None:
            self.date_rows[key] = [(sheet, row, text)]
        elif len(rows) < EXAMPLES:
            rows.append((sheet, row, text))

    def reject_dates(self, keys: Iterable[Any], problem: Callable[[str], str | None] | None) -> None:
        """The kept rows of the pending ``keys`` become examples (their rows are counted by the
        tally, which knows how many there were); every pending row is forgotten."""
        for key in keys:
            for sheet, row, text in self.date_rows.get(key, ()):
                reason = (problem(text) if problem else None) or f"date {text!r} is not a date"
                self._examples.append(Rejected(sheet, row, reason))
        self._examples.sort(key=lambda r: r.row)
        del self._examples[EXAMPLES:]
        self.date_rows = {}

    @property
    def examples(self) -> list[Rejected]:
        """The first rejected rows, in row order."""
        return list(self._examples)

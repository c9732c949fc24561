"""The normalized deal: what every actuals reader yields, whatever the file looked like."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import repeat


@dataclass(slots=True)
class RawDeal:
    """One row of an actuals file (a deal-list row, or one non-empty month cell of a grid).

    Readers do no plan-specific matching: rep, stage and territory are the text as written
    (surrounding spaces stripped); :mod:`salesplan.tracking.matching` matches them to the plan.
    """

    sheet: str | None
    """Sheet name for xlsx, None for csv."""
    row: int
    """Spreadsheet row number, header row = 1 (csv too)."""
    rep: str
    date: dt.date | str | None = None
    """A real date, or date text still to be resolved with ``Actuals.parse_date`` once the whole
    column has been read (day/month order is decided per column), or None when the cell is empty."""
    amount: Decimal | None = None
    """None when the amount could not be read (``problem`` says why)."""
    currency: str | None = None
    """ISO code when the cell or a currency column marks one."""
    stage: str | None = None
    """None when the file has no stage column."""
    territory: str | None = None
    """None when the file has no territory column or the cell is empty."""
    fields: dict[str, str] = field(default_factory=dict)
    """Extra columns asked for (goal filters), keyed by the header as the plan names it."""
    problem: str | None = None
    """Why the row cannot be counted (amount or date unreadable), in words for the user."""
    created: dt.date | str | None = None
    """The day the deal was created, when the file has such a column (``Create Date``): a real
    date, date text to resolve with ``Actuals.parse_created``, or None when empty or absent."""
    pending: str | None = None
    """The separator of an ambiguous amount (``1,234``) read before its column showed a decimal
    mark: ``amount`` is then its thousands reading, and ``Actuals.settle_amount(pending)`` says
    at the end what to multiply it by (None: reject it). None for every other amount."""
    empty_amount: bool = False
    """The amount cell was empty (``amount`` is 0): a won row counts as a deal of 0, with a warning."""


@dataclass(slots=True)
class DealColumns:
    """A chunk of clean deal-list rows, column by column: what the readers' fast path makes.

    Every row of it reads (no ``problem``, an amount, a non-empty date and rep), so a tally
    can count it with C-level ``map`` calls over whole columns instead of one :class:`RawDeal`
    per row; :meth:`deals` gives the very deals the row-by-row path would have made.
    """

    sheet: str | None
    first: int
    """Row number of the first row."""
    reps: list[str]
    dates: list
    """Real dates, or stripped date texts still to be resolved (see :attr:`RawDeal.date`)."""
    amounts: list[Decimal]
    currencies: list[str | None]
    stages: list[str] | None
    """None when the file has no stage column."""
    territories: list[str | None] | None
    """None when the file has no territory column."""
    fields: dict[str, list[str]]
    """Extra columns (goal filters), keyed by the header as the plan names it."""
    created: list | None = None
    """Creation dates (see :attr:`RawDeal.created`), None when the file has no such column."""
    pending: list[str | None] | None = None
    """Per row, the separator of an amount still to settle (see :attr:`RawDeal.pending`); None when
    no row of the chunk has one."""

    def __len__(self) -> int:
        return len(self.reps)

    def deals(self) -> Iterator[RawDeal]:
        """The rows as :class:`RawDeal` objects."""
        count = len(self.reps)
        stages = repeat(None) if self.stages is None else self.stages
        territories = repeat(None) if self.territories is None else self.territories
        if self.fields:
            fields: Iterator[dict] = map(dict, map(zip, repeat(tuple(self.fields)), zip(*self.fields.values())))
        else:
            fields = iter(dict, None)  # a new empty dict for every deal
        created = repeat(None) if self.created is None else self.created
        pending = repeat(None) if self.pending is None else self.pending
        return map(RawDeal, repeat(self.sheet), range(self.first, self.first + count), self.reps, self.dates,
                   self.amounts, self.currencies, stages, territories, fields, repeat(None), created, pending)


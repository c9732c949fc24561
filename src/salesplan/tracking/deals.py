"""The normalized deal: what every actuals reader yields, whatever the file looked like."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class RawDeal:
    """One row of an actuals file (a deal-list row, or one non-empty month cell of a grid).

    Readers do no plan-specific matching: rep, stage and territory are the text as written
    (surrounding spaces stripped); the pacing engine matches them to the plan.
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

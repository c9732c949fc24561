"""One pass over an opened actuals file, feeding its rows to one tally or more.

The readers hand rows over in chunks (``Actuals.chunks()``): a clean chunk as
:class:`~salesplan.tracking.deals.DealColumns` (whole columns), any other as plain
:class:`~salesplan.tracking.deals.RawDeal` rows. :func:`tally_actuals` hands each chunk to
every tally (its column path, else its row path), then has each decide its date texts with
:func:`date_resolvers`. ``track`` feeds a :class:`~salesplan.tracking.tally.Tally`, ``forecast``
its history tally; a tally of the same rows for another purpose (the open pipeline) is one more
argument.
"""

from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol

from salesplan.plan.model import Plan
from salesplan.tracking.dates import parse_date_text
from salesplan.tracking.deals import DealColumns, RawDeal

__all__ = ["DateResolvers", "RowTally", "date_resolvers", "feed_chunks", "no_cycle_collection", "tally_actuals"]


@dataclass(frozen=True)
class DateResolvers:
    """How to read what waited for the whole file once every row is read: the date texts (day/month
    order per column) and the amounts that waited for their column's decimal mark."""

    parse: Callable[[str], dt.date | None]
    """Close date text -> date (None: no date)."""
    problem: Callable[[str], str | None] | None = None
    """Why a close date text is no date, in words (None: the generic sentence)."""
    parse_created: Callable[[str], dt.date | None] | None = None
    """Created date text -> date (None: as ``parse``)."""
    settle_amount: Callable[[str], Decimal | None] | None = None
    """Separator of a pending amount -> what its thousands reading is multiplied by (None: rejected);
    see :class:`~salesplan.tracking.settling.AmountsToSettle`."""
    amount_problem: Callable[[str], str] | None = None
    """Why a pending amount is rejected (the column shows both decimal marks)."""
    amount_warnings: tuple[str, ...] = ()
    """What the readers say of the amount column once read (ambiguous cells read as thousands)."""
    total_rows: int = 0
    """Total rows the readers skipped."""


class RowTally(Protocol):
    """What :func:`tally_actuals` needs of a tally."""

    @property
    def read(self) -> int: ...  # rows read so far

    def add(self, rows: Iterable[RawDeal], progress: Callable[[int], None] | None = None) -> Any: ...

    def add_columns(self, chunk: DealColumns) -> bool: ...

    def resolve_dates(self, dates: DateResolvers) -> Any: ...


def date_resolvers(plan: Plan | None, actuals: Any) -> DateResolvers:
    """The order the readers detected per column, or the plan's ``tracking.actuals.day_first``."""
    settings = plan.tracking_settings.actuals if plan is not None else None
    amounts = {"settle_amount": getattr(actuals, "settle_amount", None),
               "amount_problem": getattr(actuals, "amount_problem", None),
               "amount_warnings": tuple(getattr(actuals, "amount_warnings", ())),
               "total_rows": getattr(actuals, "total_rows", 0)}
    if settings is None or settings.day_first is None:
        return DateResolvers(actuals.parse_date, getattr(actuals, "date_problem", None),
                             getattr(actuals, "parse_created", None), **amounts)
    month_first = not settings.day_first
    order = "day first" if settings.day_first else "month first"

    def parse(text: str) -> dt.date | None:
        return parse_date_text(text, month_first)

    def problem(text: str) -> str:
        if not text:
            return "date is empty"
        if parse_date_text(text, not month_first) is not None:
            return f"date {text!r} is not a date {order} (tracking.actuals.day_first)"
        return f"date {text!r} is not a date"

    return DateResolvers(parse, problem, parse, **amounts)


def feed_chunks(chunks: Iterable[DealColumns | Iterable[RawDeal]], tally: RowTally,
                progress: Callable[[int], None] | None = None) -> None:
    """Hand each chunk of ``Actuals.chunks()`` to ``tally``: clean :class:`DealColumns` to
    ``tally.add_columns`` (which returns False, having counted nothing, when the chunk needs the
    row path), everything else to ``tally.add``; ``progress(rows read)`` every 65,536 rows."""
    for chunk in chunks:
        if chunk.__class__ is DealColumns:
            before = tally.read
            if not tally.add_columns(chunk):  # type: ignore[arg-type]
                tally.add(chunk.deals())  # type: ignore[union-attr]
            if progress is not None and tally.read >> 16 != before >> 16:
                progress(tally.read)
        else:
            tally.add(chunk, progress)


def tally_actuals(plan: Plan | None, actuals: Any, *tallies: RowTally,
                  progress: Callable[[int], None] | None = None) -> None:
    """Read ``actuals`` (an opened file: ``chunks()`` or ``rows()``, ``parse_date``...) once into
    every tally, then resolve their date texts. ``progress`` follows the first tally."""
    chunks = getattr(actuals, "chunks", None)
    with no_cycle_collection():
        if chunks is not None:
            if len(tallies) == 1:
                feed_chunks(chunks(), tallies[0], progress)
            else:
                for chunk in chunks():
                    chunk = chunk if chunk.__class__ is DealColumns else list(chunk)
                    for index, tally in enumerate(tallies):
                        feed_chunks((chunk,), tally, progress if index == 0 else None)
        else:
            rows = iter(actuals.rows())
            if len(tallies) == 1:
                tallies[0].add(rows, progress)
            else:  # in batches, so that memory stays flat
                while batch := list(islice(rows, 1 << 16)):
                    for index, tally in enumerate(tallies):
                        tally.add(batch, progress if index == 0 else None)
    dates = date_resolvers(plan, actuals)
    for tally in tallies:
        tally.resolve_dates(dates)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector during the streaming pass.

    The pass allocates millions of short-lived containers (row lists, key tuples) that reference
    counting frees at once, so memory stays flat; the collector would only keep re-scanning every
    object the process holds (about 10% of the pass). It is back on afterwards, as it was.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

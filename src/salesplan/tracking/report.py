"""The progress report's values: what every output (table, json, csv, xlsx, docx) reads.

Plain frozen data, no computation beyond a few views of it: the pacing rules that fill it are
:mod:`salesplan.tracking.pacing`, the tally of the rows :mod:`salesplan.tracking.tally`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

__all__ = ["EXAMPLES", "GoalStatus", "MonthStatus", "NOT_TRACKED", "Pacing", "Rejected", "RepStatus", "RowCounts",
           "RowsRead", "Status", "TerritoryStatus", "TrackingReport"]

Status = Literal["ahead", "on_track", "behind", "not_started", "not_tracked"]

EXAMPLES = 5
"""How many rejected rows a report shows (the first ones, in row order)."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row that could not be counted: where it is and why."""

    sheet: str | None
    row: int
    reason: str


@dataclass(slots=True)
class RowsRead:
    """The rows of a file read, the rejected ones among them, and the first of those."""

    read: int = 0
    rejected: int = 0
    rejected_examples: list[Rejected] = field(default_factory=list)
    total_rows: int = 0
    """Total rows skipped (``Total``, ``Grand total`` ...): never read, never added."""
    empty_amount: int = 0
    """Won rows whose amount cell was empty, counted as deals of 0."""


@dataclass(slots=True)
class RowCounts(RowsRead):
    """The rows read, partitioned: ``counted + not_won + outside_period + after_as_of + rejected == read``."""

    counted: int = 0
    not_won: int = 0
    outside_period: int = 0
    after_as_of: int = 0


@dataclass(frozen=True, slots=True)
class Pacing:
    """Where one figure stands at ``as_of``: the six numbers a goal, a rep or a territory shows.

    All None (status ``not_tracked``) when the figure cannot be tracked from the file.
    ``pace`` is None while nothing is expected yet; ``projected`` is the actual at the same pace
    to the end of the period.
    """

    expected_to_date: Decimal | None
    actual_to_date: Decimal | None
    pace: Decimal | None
    status: Status
    attainment: Decimal | None
    projected: Decimal | None


NOT_TRACKED = Pacing(None, None, None, "not_tracked", None, None)


class _Paced:
    """The :class:`Pacing` figures of a view, read as its own attributes (``view.pace``)."""

    __slots__ = ()
    progress: Pacing

    @property
    def expected_to_date(self) -> Decimal | None:
        return self.progress.expected_to_date

    @property
    def actual_to_date(self) -> Decimal | None:
        return self.progress.actual_to_date

    @property
    def pace(self) -> Decimal | None:
        return self.progress.pace

    @property
    def status(self) -> Status:
        return self.progress.status

    @property
    def attainment(self) -> Decimal | None:
        return self.progress.attainment

    @property
    def projected(self) -> Decimal | None:
        return self.progress.projected


@dataclass(frozen=True, slots=True)
class GoalStatus(_Paced):
    """The team's progress on one goal."""

    goal: str
    name: str
    metric: str
    target: Decimal
    progress: Pacing
    needed_per_month: dict[str, Decimal] | None
    pacing: str = "targets"
    """The plan's pacing mode (``targets`` or ``linear``)."""


@dataclass(frozen=True, slots=True)
class RepStatus(_Paced):
    """One rep against the effective quota they carry for one goal (start month and ramp included)."""

    rep: str
    name: str
    goal: str
    metric: str
    quota: Decimal
    progress: Pacing
    needed_per_month: dict[str, Decimal] | None
    territory: str | None = None


@dataclass(frozen=True, slots=True)
class TerritoryStatus(_Paced):
    """One territory against its sub-goal of a goal."""

    territory: str
    name: str
    goal: str
    metric: str
    target: Decimal
    progress: Pacing


@dataclass(frozen=True, slots=True)
class MonthStatus:
    """One month of a goal (the team's, or with ``--rep`` the rep's effective quota).

    ``expected`` is the whole target for a complete month, the pro-rata target for the month
    of ``as_of`` and 0 for a month still to come.
    """

    month: str
    goal: str
    metric: str
    target: Decimal
    expected: Decimal | None
    actual: Decimal | None
    pace: Decimal | None
    status: Status
    complete: bool
    rep: str | None = None


@dataclass(frozen=True)
class TrackingReport:
    """Everything a progress report shows, in plan order; amounts and paces are Decimals."""

    plan_title: str
    company: str
    currency: str | None
    start: dt.date
    end: dt.date
    as_of: dt.date
    tolerance: Decimal
    pacing: str
    layout: str
    rep: str | None
    goals: list[GoalStatus]
    reps: list[RepStatus]
    territories: list[TerritoryStatus]
    months: list[MonthStatus]
    rows: RowCounts
    warnings: list[str]
    #: Names behind the warnings, for documents that word them for their reader: rejected
    #: rows by spreadsheet rep name, counted rows by territory text the plan does not know.
    unknown_reps: dict[str, int] = field(default_factory=dict)
    unknown_territories: dict[str, int] = field(default_factory=dict)

    def unit(self, metric: str) -> str:
        """What a figure of ``metric`` counts: the plan's currency (or '') or 'deals'."""
        return "deals" if metric == "deals" else (self.currency or "")

    @property
    def headline_view(self) -> GoalStatus | RepStatus | None:
        """The view the one-line headline speaks of: the priority-1 goal, or the rep's first quota."""
        if self.rep is not None:
            return self.reps[0] if self.reps else None
        return self.goals[0] if self.goals else None

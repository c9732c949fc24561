"""The pacing engine: normalized deals in, a progress report out (``tracking.md``).

Pure functions over the plan and the rows the readers yield; no files, no click, no output
format. It works in three steps:

1. :class:`Tally` consumes the rows once, as a stream, and keeps only compact sums keyed by
   (date or date text, rep id, territory, goal-filter bitmask): memory stays flat however
   long the file is. Stage, rep, territory and currency are matched here, with a cache per
   distinct spelling, so the cost per row is a few dictionary look-ups.
2. :meth:`Tally.resolve_dates` turns the date texts into dates once the readers have decided
   each column's day/month order (text that is no date rejects the rows that hold it).
3. :func:`build_report` applies the pacing rules for an ``as_of`` date and returns a
   :class:`TrackingReport` that every output (table, json, csv, xlsx, docx) formats.

:func:`track` chains the three for an opened actuals file.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress, repeat
from operator import is_
from typing import Any, Callable, Iterable, Literal

from salesplan.plan import derived
from salesplan.plan.derived import ZERO, month_key
from salesplan.plan.model import Goal, Plan
from salesplan.text import fold
from salesplan.tracking.dates import parse_date_text
from salesplan.tracking.deals import DealColumns, RawDeal, feed_chunks

__all__ = [
    "AFTER", "DEFAULT_WON_STAGES", "EXAMPLES", "OUTSIDE", "GoalStatus", "MonthStatus", "Rejected", "RepStatus",
    "RowCounts", "Status", "Tally", "TerritoryStatus", "TrackingReport", "UnknownRep", "build_report", "check_rep",
    "filter_columns", "rep_lookup", "rep_names", "status_of", "track", "tracked_goal_problem", "won_stages",
]

Status = Literal["ahead", "on_track", "behind", "not_started", "not_tracked"]

DEFAULT_WON_STAGES = ("Closed Won", "Won", "Gagné", "Gagnée", "Signé")
"""Stages that count when the file has a stage column and the plan lists no ``won`` stages."""

EXAMPLES = 5
"""How many rejected rows the report shows (the first ones, in row order)."""

OUTSIDE = -1
"""Tally slot of the rows dated before or after the plan period."""
AFTER = -2
"""Tally slot of the rows inside the period but after ``as_of``."""

_MISSING = object()
_UNKNOWN_KEPT = 1000  # distinct unknown rep / territory spellings remembered for the warnings
_CACHE_LIMIT = 100_000  # distinct spellings remembered per look-up before starting afresh
_ONE = Decimal(1)


# --------------------------------------------------------------------------- report types


@dataclass(frozen=True, slots=True)
class Rejected:
    """A row that could not be counted: where it is and why."""

    sheet: str | None
    row: int
    reason: str


@dataclass(slots=True)
class RowCounts:
    """The rows read, partitioned: ``counted + not_won + outside_period + after_as_of + rejected == read``."""

    read: int = 0
    counted: int = 0
    not_won: int = 0
    outside_period: int = 0
    after_as_of: int = 0
    rejected: int = 0
    rejected_examples: list[Rejected] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GoalStatus:
    """The team's progress on one goal. Figures are None when the goal is not tracked."""

    goal: str
    name: str
    metric: str
    target: Decimal
    expected_to_date: Decimal | None
    actual_to_date: Decimal | None
    pace: Decimal | None
    status: Status
    attainment: Decimal | None
    projected: Decimal | None
    needed_per_month: dict[str, Decimal] | None
    pacing: str = "targets"


@dataclass(frozen=True, slots=True)
class RepStatus:
    """One rep against the effective quota they carry for one goal (start month and ramp included)."""

    rep: str
    name: str
    goal: str
    metric: str
    quota: Decimal
    expected_to_date: Decimal | None
    actual_to_date: Decimal | None
    pace: Decimal | None
    status: Status
    attainment: Decimal | None
    projected: Decimal | None
    needed_per_month: dict[str, Decimal] | None
    territory: str | None = None


@dataclass(frozen=True, slots=True)
class TerritoryStatus:
    """One territory against its sub-goal of a goal."""

    territory: str
    name: str
    goal: str
    metric: str
    target: Decimal
    expected_to_date: Decimal | None
    actual_to_date: Decimal | None
    pace: Decimal | None
    status: Status
    attainment: Decimal | None
    projected: Decimal | None


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

    def unit(self, metric: str) -> str:
        """What a figure of ``metric`` counts: the plan's currency (or '') or 'deals'."""
        return "deals" if metric == "deals" else (self.currency or "")

    @property
    def headline_view(self) -> GoalStatus | RepStatus | None:
        """The view the one-line headline speaks of: the priority-1 goal, or the rep's first quota."""
        if self.rep is not None:
            return self.reps[0] if self.reps else None
        return self.goals[0] if self.goals else None


# --------------------------------------------------------------------------- status rules


def status_of(actual: Decimal, expected: Decimal, tolerance: Decimal) -> Status:
    """``ahead`` when pace >= 1 + tolerance, ``behind`` when pace < 1 - tolerance, else ``on_track``.

    Compared exactly in Decimal as ``actual`` against ``expected * (1 +- tolerance)``, so a
    pace of exactly 1.05 is ``ahead`` with a 5% tolerance. Nothing expected yet: ``not_started``
    with nothing done, ``ahead`` with sales (``behind`` for refunds only).
    """
    if expected <= 0:
        if actual == 0:
            return "not_started"
        return "ahead" if actual > 0 else "behind"
    if actual >= expected * (_ONE + tolerance):
        return "ahead"
    if actual < expected * (_ONE - tolerance):
        return "behind"
    return "on_track"


def _pace(actual: Decimal, expected: Decimal) -> Decimal | None:
    return actual / expected if expected > 0 else None


def _share(value: Decimal, whole: Decimal) -> Decimal | None:
    return value / whole if whole else None


def tracked_goal_problem(goal: Goal, layout: str) -> str | None:
    """Why a goal cannot be tracked from a file of this layout (None when it can)."""
    if layout != "grid":
        return None
    if goal.metric == "deals":
        return (f"goal '{goal.id}' ({goal.metric}) is not tracked: a rep-by-month grid holds amounts, "
                "not deals")
    if goal.filter:
        columns = ", ".join(f"'{c}'" for c in goal.filter)
        return (f"goal '{goal.id}' is not tracked: its filter needs the column {columns}, which a "
                "rep-by-month grid does not have")
    return None


# --------------------------------------------------------------------------- matching


class UnknownRep(LookupError):
    """``--rep`` names no member of the plan; ``str()`` says so with a suggestion."""


def rep_lookup(plan: Plan) -> dict[str, str]:
    """Folded spreadsheet name -> member id: member ids, then names, then ``tracking.actuals.reps``.

    Later sources win, so an explicit mapping in the plan always decides.
    """
    lookup: dict[str, str] = {}
    for member in plan.members:
        lookup[fold(member.id)] = member.id
    for member in plan.members:
        lookup[fold(member.name)] = member.id
    actuals = plan.tracking_settings.actuals
    for name, member_id in (actuals.reps if actuals else {}).items():
        lookup[fold(name)] = member_id
    return lookup


def rep_names(plan: Plan) -> list[str]:
    """Every spelling a rep may have in a spreadsheet (the readers use them to spot a grid's rep column)."""
    actuals = plan.tracking_settings.actuals
    names = [m.name for m in plan.members] + [m.id for m in plan.members]
    names += list(actuals.reps) if actuals else []
    return list(dict.fromkeys(names))


def _territory_lookup(plan: Plan) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for territory in plan.territories:
        lookup[fold(territory.id)] = territory.id
    for territory in plan.territories:
        lookup[fold(territory.name)] = territory.id
    return lookup


def won_stages(plan: Plan) -> frozenset[str]:
    actuals = plan.tracking_settings.actuals
    listed = actuals.won if actuals and actuals.won else DEFAULT_WON_STAGES
    return frozenset(fold(s) for s in listed)


def filter_columns(plan: Plan) -> list[str]:
    """The columns the goals' filters name (what the readers must read besides the usual ones)."""
    return list(dict.fromkeys(column for goal in plan.goals for column in (goal.filter or {})))


# --------------------------------------------------------------------------- step 1: the tally


class Tally:
    """Compact sums of the rows of an actuals file, built in one streaming pass.

    ``buckets`` maps ``(when, part)`` to ``[sum of amounts, rows, rows with a negative
    amount]`` (a deals goal counts the others).

    ``part`` indexes :attr:`parts`, the distinct ``(rep id, territory, filter mask)`` seen. The
    territory is a territory id, None (no territory), or an int indexing
    :attr:`unknown_territories` (text that names no territory of the plan); bit ``i`` of the
    mask is set when the row matches the filter of ``filtered_goals[i]``.

    ``when`` is, for a tally made with ``as_of``, the index of the plan month the row counts
    in, or :data:`OUTSIDE` (before or after the period) or :data:`AFTER` (inside the period,
    after ``as_of``): a few dozen buckets per rep whatever the file's size. Without ``as_of``
    it is the row's date. Either way, date text that only the whole column can decide (day or
    month first) stays a ``(day-first date, month-first date)`` pair until :meth:`resolve_dates`.
    """

    def __init__(self, plan: Plan, *, has_stage: bool, layout: str = "deals", as_of: dt.date | None = None) -> None:
        self.plan = plan
        self.layout = layout
        self.as_of = derived.clip_as_of(plan, as_of) if as_of is not None else None
        self._months = derived.plan_months(plan)
        self.has_stage = has_stage
        self.counts = RowCounts()
        self.buckets: dict[tuple[Any, int], list] = {}
        self.parts: list[tuple[str, Any, int]] = []
        self._part_index: dict[tuple[str, Any, int], int] = {}
        self.unknown_territories: list[str] = []
        self.unknown_reps: Counter[str] = Counter()
        self._examples: list[Rejected] = []
        # date text whose day/month order the column decides: (day-first date, month-first date)
        # -> the first text seen, and the first rows (sheet, row, text) for the examples
        self._pending: dict[tuple, str] = {}
        self._date_text_rows: dict[tuple, list[tuple[str | None, int, str]]] = {}
        self._resolved = False

        self._won = won_stages(plan)
        self._reps = rep_lookup(plan)
        self._territories = _territory_lookup(plan)
        self._rep_territory = {m.id: m.territory for m in plan.members}
        self._currency = plan.plan.currency
        self._rates = dict(plan.tracking_settings.rates)
        self.filtered_goals = [g.id for g in plan.goals if g.filter]
        self._filters = [
            [(column, fold(value)) for column, value in g.filter.items()] for g in plan.goals if g.filter
        ]
        self._filter_columns = filter_columns(plan)
        # look-ups per distinct spelling, shared by both paths of the streaming pass
        self._won_cache: dict[Any, bool] = {}
        self._when_cache: dict[Any, Any] = {}
        self._who_cache: dict[tuple, int] = {}  # (rep, territory, filter values) as written -> part index

    # ----- rejected rows

    def _reject(self, deal: RawDeal, reason: str, count: int = 1) -> None:
        self.counts.rejected += count
        if len(self._examples) < EXAMPLES or deal.row < self._examples[-1].row:
            self._examples.append(Rejected(deal.sheet, deal.row, reason))
            self._examples.sort(key=lambda r: r.row)
            del self._examples[EXAMPLES:]

    # ----- the streaming pass

    def add(self, rows: Iterable[RawDeal], progress: Callable[[int], None] | None = None) -> Tally:
        """Consume ``rows`` (any iterable, read once); ``progress(rows read)`` is called now and then.

        The loop is the hot path of ``salesplan track``: every value is looked up once per
        distinct spelling (stage, date, rep + territory + filter values), so the work per row
        is a few dictionary look-ups and one Decimal addition.
        """
        if self._resolved:
            raise RuntimeError("rows cannot be added once the dates are resolved")
        counts = self.counts
        buckets = self.buckets
        has_stage = self.has_stage
        won = self._won
        won_cache = self._won_cache
        when_cache = self._when_cache
        who_cache = self._who_cache
        currency = self._currency
        rates = self._rates
        filter_cols = self._filter_columns
        single_col = filter_cols[0] if len(filter_cols) == 1 else None
        many_cols = len(filter_cols) > 1
        date_text_rows = self._date_text_rows
        zero = ZERO  # Decimal against Decimal: cheaper than against int
        read = counts.read
        not_won = 0
        for deal in rows:
            read += 1
            if not read & 0xFFFF and progress is not None:
                progress(read)
            if has_stage:
                stage = deal.stage
                is_won = won_cache.get(stage)
                if is_won is None:
                    if len(won_cache) >= _CACHE_LIMIT:
                        won_cache.clear()
                    is_won = won_cache[stage] = stage is not None and fold(stage) in won
                if not is_won:
                    not_won += 1
                    continue
            if deal.problem is not None:
                self._reject(deal, deal.problem)
                continue
            amount = deal.amount
            if amount is None:
                self._reject(deal, "amount is missing")
                continue
            date = deal.date
            when = when_cache.get(date, _MISSING)
            if when is _MISSING:
                if len(when_cache) >= _CACHE_LIMIT:  # dates with times: many spellings
                    when_cache.clear()
                when = when_cache[date] = self._when(date) if date is not None else None
            if when is None:
                self._reject(deal, "date is empty" if date is None else f"date {date!r} is not a date")
                continue
            if single_col is not None:
                who = (deal.rep, deal.territory, deal.fields.get(single_col))
            elif many_cols:
                who = (deal.rep, deal.territory, tuple([deal.fields.get(c) for c in filter_cols]))
            else:
                who = (deal.rep, deal.territory, None)
            part = who_cache.get(who)
            if part is None:
                if len(who_cache) >= _CACHE_LIMIT:
                    who_cache.clear()
                part = who_cache[who] = self._part(*who)
            if part < 0:
                self._reject_rep(deal)
                continue
            code = deal.currency
            if code is not None and code != currency and currency is not None:
                rate = rates.get(code)
                if rate is None:
                    self._reject(deal, f"amount in {code}, not the plan's {currency}, and tracking.rates "
                                       f"gives no {code} rate")
                    continue
                amount = amount * rate
            if when.__class__ is tuple:  # date text the whole column decides: kept for resolve_dates
                examples = date_text_rows[when]
                if len(examples) < EXAMPLES:
                    examples.append((deal.sheet, deal.row, date))
            key = (when, part)
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [amount, 1, 1 if amount < zero else 0]
            else:
                bucket[0] += amount
                bucket[1] += 1
                if amount < zero:
                    bucket[2] += 1
        counts.read = read
        counts.not_won += not_won
        return self

    def add_chunks(self, chunks: Iterable[DealColumns | Iterable[RawDeal]],
                   progress: Callable[[int], None] | None = None) -> Tally:
        """Like :meth:`add`, for rows in chunks (``Actuals.chunks()``): the same tally, faster.

        A :class:`DealColumns` chunk is tallied column by column (:meth:`_add_columns`) unless
        some row of it needs the row-by-row path: a row rejected, a date text still to be
        decided whose examples are not all kept yet, an amount to convert. Any other chunk is
        a plain iterable of deals for :meth:`add`.
        """
        counts = self.counts
        feed_chunks(chunks, columns=self._add_columns, rows=self.add, read=lambda: counts.read, progress=progress)
        return self

    def _add_columns(self, chunk: DealColumns) -> bool:
        """Tally a clean chunk column by column; False, with nothing counted, when it needs :meth:`add`.

        Each distinct stage, date and (rep, territory, filter values) of the chunk is looked up
        once; the rows then cost a few C-level ``map`` and ``zip`` steps and one Decimal addition.
        """
        if self._resolved:
            raise RuntimeError("rows cannot be added once the dates are resolved")
        read = len(chunk)
        dates, reps, amounts, currencies = chunk.dates, chunk.reps, chunk.amounts, chunk.currencies
        territories = [None] * read if chunk.territories is None else chunk.territories
        values = [chunk.fields.get(c) or [None] * read for c in self._filter_columns]
        not_won = 0
        if self.has_stage:
            stages = [None] * read if chunk.stages is None else chunk.stages
            won_cache, won = self._won_cache, self._won
            flags = list(map(won_cache.get, stages))
            if None in flags:  # stages not seen yet
                if len(won_cache) >= _CACHE_LIMIT:
                    won_cache.clear()
                for stage in dict.fromkeys(stages):
                    won_cache[stage] = stage is not None and fold(stage) in won
                flags = list(map(won_cache.__getitem__, stages))
            if not all(flags):
                not_won = read - sum(flags)
                dates, reps, amounts, currencies, territories = (
                    list(compress(column, flags)) for column in (dates, reps, amounts, currencies, territories))
                values = [list(compress(column, flags)) for column in values]
        currency = self._currency
        if currency is not None and not {None, currency}.issuperset(currencies):
            return False  # amounts to convert, or to reject for a missing rate
        when_cache = self._when_cache
        whens = list(map(when_cache.get, dates, repeat(_MISSING)))
        if _MISSING in whens:  # dates not seen yet: looked up in the order the rows give them
            new = dict.fromkeys(compress(dates, map(is_, whens, repeat(_MISSING))))
            if len(when_cache) + len(new) > _CACHE_LIMIT:
                when_cache.clear()
                new = dict.fromkeys(dates)
            for date in new:
                when_cache[date] = self._when(date)
            whens = list(map(when_cache.__getitem__, dates))
        slots = set(whens)
        if None in slots:
            return False  # a date that is no date: rejected with an example
        date_text_rows = self._date_text_rows
        if any(when.__class__ is tuple and len(date_text_rows[when]) < EXAMPLES for when in slots):
            return False  # a date text to decide, whose first rows are kept as examples
        if not values:
            whos = list(zip(reps, territories, repeat(None)))
        elif len(values) == 1:
            whos = list(zip(reps, territories, values[0]))
        else:
            whos = list(zip(reps, territories, zip(*values)))
        who_cache = self._who_cache
        parts = list(map(who_cache.get, whos))
        if None in parts:  # spellings not seen yet: looked up in the order the rows give them
            new = dict.fromkeys(compress(whos, map(is_, parts, repeat(None))))
            if len(who_cache) + len(new) > _CACHE_LIMIT:
                who_cache.clear()
                new = dict.fromkeys(whos)
            for who in new:
                who_cache[who] = self._part(*who)
            parts = list(map(who_cache.__getitem__, whos))
        if -1 in parts:
            return False  # a rep not in the plan: rejected with an example
        keys = list(zip(whens, parts))
        buckets = self.buckets
        get = buckets.get
        for key, amount in zip(keys, amounts):
            bucket = get(key)
            if bucket is None:
                buckets[key] = [amount, 1, 0]
            else:
                bucket[0] += amount
                bucket[1] += 1
        if amounts and min(amounts) < ZERO:
            for key, rows in Counter(compress(keys, map(ZERO.__gt__, amounts))).items():
                buckets[key][2] += rows
        self.counts.read += read
        self.counts.not_won += not_won
        return True

    def _part(self, name: str, text: str | None, values: Any) -> int:
        """The index of (rep id, territory, filter mask) in :attr:`parts`; -1 for a rep not in the plan."""
        rep = self._reps.get(fold(name)) if name else None
        if rep is None:
            return -1
        territory = self._territory_key(text) if text else self._rep_territory.get(rep)
        if not self._filter_columns:
            mask = 0
        else:
            fields = dict(zip(self._filter_columns, values if isinstance(values, tuple) else (values,)))
            mask = self._mask(fields)
        part = (rep, territory, mask)
        index = self._part_index.get(part)
        if index is None:
            index = self._part_index[part] = len(self.parts)
            self.parts.append(part)
        return index

    def _reject_rep(self, deal: RawDeal) -> None:
        name = deal.rep
        if not name or not name.strip():
            self._reject(deal, "rep is empty")
            return
        self._reject(deal, f"rep '{name}' is not in the plan")
        if len(self.unknown_reps) < _UNKNOWN_KEPT or name in self.unknown_reps:
            self.unknown_reps[name] += 1

    def _when(self, date: dt.date | str) -> Any:
        """Where a row's date puts it: a period slot (with ``as_of``) or the date itself.

        Date text that reads the same in both day/month orders is a date now; text that no
        order reads is None (the row is rejected); text that only the whole column can decide
        is a pending ``(day-first date, month-first date)`` pair, resolved by
        :meth:`resolve_dates` (all spellings of one pair share their buckets, so texts with
        times of day do not multiply them).
        """
        if date.__class__ is str:
            day_first, month_first = parse_date_text(date, False), parse_date_text(date, True)
            if day_first != month_first:
                pair = (day_first, month_first)
                if pair not in self._pending:
                    self._pending[pair] = date
                    self._date_text_rows[pair] = []
                return pair
            if day_first is None:
                return None
            date = day_first
        elif isinstance(date, dt.datetime):
            date = date.date()
        if self.layout == "grid":
            date = date.replace(day=1)
        return self._slot(date)

    def _slot(self, date: dt.date) -> Any:
        as_of = self.as_of
        if as_of is None:
            return date
        plan = self.plan.plan
        if date < plan.start or date > plan.end:
            return OUTSIDE
        if date > as_of:
            return AFTER
        return self._months.index(month_key(date))

    def _territory_key(self, text: str) -> Any:
        found = self._territories.get(fold(text))
        if found is not None:
            return found
        folded = fold(text)
        for index, known in enumerate(self.unknown_territories):
            if fold(known) == folded:
                return index
        if len(self.unknown_territories) < _UNKNOWN_KEPT:
            self.unknown_territories.append(text)
        return len(self.unknown_territories) - 1  # past the limit, the last spelling stands for the rest

    def _mask(self, fields: dict[str, str]) -> int:
        mask = 0
        for bit, conditions in enumerate(self._filters):
            if all(fold(fields.get(column) or "") == value for column, value in conditions):
                mask |= 1 << bit
        return mask

    # ----- step 2: date texts

    def resolve_dates(self, parse_date: Callable[[str], dt.date | None],
                      date_problem: Callable[[str], str | None] | None = None) -> Tally:
        """Decide the pending date texts with the readers' per-column order; reject what is no date."""
        if self._resolved:
            return self
        self._resolved = True
        if not self._pending:
            return self
        grid = self.layout == "grid"
        decided = {pair: parse_date(text) for pair, text in self._pending.items()}
        merged: dict[tuple[Any, int], list] = {}
        for (when, part), bucket in self.buckets.items():
            if when.__class__ is tuple:
                date = decided[when]
                if date is None:
                    self.counts.rejected += bucket[1]
                    continue
                when = self._slot(date.replace(day=1) if grid else date)
            key = (when, part)
            into = merged.get(key)
            if into is None:
                merged[key] = bucket
            else:
                into[0] += bucket[0]
                into[1] += bucket[1]
                into[2] += bucket[2]
        self.buckets = merged
        for pair, date in decided.items():
            if date is not None:
                continue
            for sheet, row, text in self._date_text_rows[pair]:
                reason = (date_problem(text) if date_problem else None) or f"date {text!r} is not a date"
                self._examples.append(Rejected(sheet, row, reason))
        self._examples.sort(key=lambda r: r.row)
        del self._examples[EXAMPLES:]
        self._pending = {}
        self._date_text_rows = {}
        return self

    @property
    def examples(self) -> list[Rejected]:
        return list(self._examples)


# --------------------------------------------------------------------------- step 3: the report


@dataclass
class _Sums:
    """The counted rows of one goal: by month for the team, by (rep, month), by territory."""

    team: dict[str, Decimal]
    reps: dict[tuple[str, str], Decimal]
    territories: dict[str, Decimal]

    def rep_months(self, rep: str, months: list[str]) -> dict[str, Decimal]:
        return {m: self.reps.get((rep, m), ZERO) for m in months}


def build_report(plan: Plan, tally: Tally, *, as_of: dt.date, rep: str | None = None) -> TrackingReport:
    """The progress report at ``as_of`` (clipped to the plan's end) from a tally of the rows.

    With ``rep`` the report narrows to that member: ``reps`` holds one entry per goal the rep
    carries a quota for, ``months`` that rep's months against their effective quota, and
    ``goals`` and ``territories`` are empty; ``rows`` still describes the whole file.

    :raises UnknownRep: ``rep`` is no member id, or the member carries no quota.
    """
    if not tally._resolved and tally._pending:
        raise RuntimeError("resolve the date texts (Tally.resolve_dates) before building the report")
    if rep is not None:
        rep = check_rep(plan, rep)
    as_of = derived.clip_as_of(plan, as_of)
    if tally.as_of is not None and tally.as_of != as_of:
        raise ValueError(f"the rows were tallied as of {tally.as_of}, not {as_of}")
    settings = plan.tracking_settings
    tolerance = settings.tolerance
    linear = settings.pacing == "linear"
    start, end = plan.plan.start, plan.plan.end
    months = derived.plan_months(plan)
    goals = plan.goals_by_priority()
    problems = {g.id: tracked_goal_problem(g, tally.layout) for g in goals}

    counts = RowCounts(read=tally.counts.read, not_won=tally.counts.not_won, rejected=tally.counts.rejected,
                       rejected_examples=tally.examples)
    sums = {g.id: _Sums({m: ZERO for m in months}, {}, {}) for g in goals}
    bits = {goal_id: 1 << i for i, goal_id in enumerate(tally.filtered_goals)}
    specs = [(sums[g.id], bits.get(g.id, 0), g.metric == "deals") for g in goals]
    unknown_territory_rows: Counter[int] = Counter()
    for (when, part), (amount, rows, negative) in tally.buckets.items():
        member, territory, mask = tally.parts[part]
        if when.__class__ is not int:  # a tally made without as_of keeps dates
            when = OUTSIDE if when < start or when > end else AFTER if when > as_of else \
                months.index(month_key(when))
        if when < 0:
            if when == OUTSIDE:
                counts.outside_period += rows
            else:
                counts.after_as_of += rows
            continue
        counts.counted += rows
        month = months[when]
        if territory.__class__ is int:
            unknown_territory_rows[territory] += rows
            territory = None
        for goal_sums, bit, deals in specs:
            if bit and not mask & bit:
                continue
            value = Decimal(rows - negative) if deals else amount
            goal_sums.team[month] += value
            key = (member, month)
            goal_sums.reps[key] = goal_sums.reps.get(key, ZERO) + value
            if territory is not None:
                goal_sums.territories[territory] = goal_sums.territories.get(territory, ZERO) + value

    warnings = [p for p in problems.values() if p]
    warnings += _row_warnings(tally, unknown_territory_rows)

    def pacing_figures(target: Decimal, expected: Decimal, actual: Decimal) -> dict[str, Any]:
        return {
            "expected_to_date": expected,
            "actual_to_date": actual,
            "pace": _pace(actual, expected),
            "status": status_of(actual, expected, tolerance),
            "attainment": _share(actual, target),
            "projected": actual / expected * target if expected > 0 else None,
        }

    untracked = {"expected_to_date": None, "actual_to_date": None, "pace": None, "status": "not_tracked",
                 "attainment": None, "projected": None}

    goal_views: list[GoalStatus] = []
    territory_views: list[TerritoryStatus] = []
    month_views: list[MonthStatus] = []
    rep_views: list[RepStatus] = []
    names = {t.id: t.name for t in plan.territories}

    if rep is None:
        for goal in goals:
            targets = derived.monthly_targets(plan, goal)
            goal_sums = sums[goal.id]
            if problems[goal.id]:
                goal_views.append(GoalStatus(goal.id, goal.label, goal.metric, goal.target, **untracked,
                                             needed_per_month=None, pacing=settings.pacing))
            else:
                actual = sum(goal_sums.team.values(), ZERO)
                expected = (derived.linear_expected_to_date(plan, goal.target, as_of) if linear
                            else derived.expected_to_date(plan, targets, as_of))
                needed = derived.needed_per_month(plan, targets, actual, as_of, linear=linear)
                goal_views.append(GoalStatus(goal.id, goal.label, goal.metric, goal.target,
                                             **pacing_figures(goal.target, expected, actual),
                                             needed_per_month=needed, pacing=settings.pacing))
            for territory, sub_goal in (goal.territories or {}).items():
                if problems[goal.id]:
                    territory_views.append(TerritoryStatus(territory, names.get(territory, territory), goal.id,
                                                           goal.metric, sub_goal, **untracked))
                    continue
                sub_targets = derived.territory_monthly_targets(plan, goal, territory)
                expected = (derived.linear_expected_to_date(plan, sub_goal, as_of) if linear
                            else derived.expected_to_date(plan, sub_targets, as_of))
                actual = goal_sums.territories.get(territory, ZERO)
                territory_views.append(TerritoryStatus(territory, names.get(territory, territory), goal.id,
                                                       goal.metric, sub_goal,
                                                       **pacing_figures(sub_goal, expected, actual)))
            month_views += _months(plan, goal, targets, goal_sums.team, as_of, tolerance,
                                   tracked=not problems[goal.id])

    for quota in plan.quotas or []:
        if rep is not None and quota.rep != rep:
            continue
        goal = derived.quota_goal(plan, quota)
        member = plan.member(quota.rep)
        name = member.name if member else quota.rep
        territory = member.territory if member else None
        effective = derived.effective_quota(plan, quota)
        total = sum(effective.values(), ZERO)
        if problems[goal.id]:
            rep_views.append(RepStatus(quota.rep, name, goal.id, goal.metric, total, **untracked,
                                       needed_per_month=None, territory=territory))
            if rep is not None:
                month_views += _months(plan, goal, effective, {}, as_of, tolerance, tracked=False, rep=quota.rep)
            continue
        actual_months = sums[goal.id].rep_months(quota.rep, months)
        actual = sum(actual_months.values(), ZERO)
        expected = derived.expected_to_date(plan, effective, as_of)
        needed = derived.needed_per_month(plan, effective, actual, as_of)
        rep_views.append(RepStatus(quota.rep, name, goal.id, goal.metric, total,
                                   **pacing_figures(total, expected, actual), needed_per_month=needed,
                                   territory=territory))
        if rep is not None:
            month_views += _months(plan, goal, effective, actual_months, as_of, tolerance, tracked=True,
                                   rep=quota.rep)

    return TrackingReport(
        plan_title=plan.plan.title,
        company=plan.plan.company,
        currency=plan.plan.currency,
        start=start,
        end=end,
        as_of=as_of,
        tolerance=tolerance,
        pacing=settings.pacing,
        layout=tally.layout,
        rep=rep,
        goals=goal_views,
        reps=rep_views,
        territories=territory_views,
        months=month_views,
        rows=counts,
        warnings=warnings,
    )


def _months(plan: Plan, goal: Goal, targets: dict[str, Decimal], actuals: dict[str, Decimal], as_of: dt.date,
            tolerance: Decimal, *, tracked: bool, rep: str | None = None) -> list[MonthStatus]:
    """The months view: ended months against their whole target, the current one pro rata."""
    out = []
    for month, target in targets.items():
        elapsed, span = derived.elapsed_days_in_month(plan, month, as_of)
        complete = elapsed == span
        if not tracked:
            out.append(MonthStatus(month, goal.id, goal.metric, target, None, None, None, "not_tracked",
                                   complete, rep))
            continue
        if elapsed == 0:
            out.append(MonthStatus(month, goal.id, goal.metric, target, ZERO, ZERO, None, "not_started", False, rep))
            continue
        expected = derived.prorate(plan, month, target, as_of)
        actual = actuals.get(month, ZERO)
        out.append(MonthStatus(month, goal.id, goal.metric, target, expected, actual, _pace(actual, expected),
                               status_of(actual, expected, tolerance), complete, rep))
    return out


def check_rep(plan: Plan, rep: str) -> str:
    """The member id ``--rep`` names (an id, or a name as the spreadsheets spell it).

    :raises UnknownRep: no member matches (with a did-you-mean), or the member carries no quota.
    """
    from salesplan.plan.diagnostics import suggestion

    member_id = plan.member(rep).id if plan.member(rep) else rep_lookup(plan).get(fold(rep))
    if member_id is None:
        ids = [m.id for m in plan.members]
        raise UnknownRep(f"--rep {rep}: no member of the plan has this id" + suggestion(rep, ids))
    if not any(q.rep == member_id for q in plan.quotas or []):
        member = plan.member(member_id)
        with_quota = list(dict.fromkeys(q.rep for q in plan.quotas or []))
        raise UnknownRep(f"--rep {rep}: {member.name if member else member_id} carries no quota in the plan"
                         + (f" (reps with a quota: {', '.join(with_quota)})" if with_quota else ""))
    return member_id


def _row_warnings(tally: Tally, unknown_territory_rows: Counter[int]) -> list[str]:
    warnings = []
    if unknown_territory_rows:
        total = sum(unknown_territory_rows.values())
        listed = ", ".join(f"'{tally.unknown_territories[i]}' ({n})" for i, n in unknown_territory_rows.most_common(5))
        more = len(unknown_territory_rows) - 5
        warnings.append(
            f"{total} counted row{'s' if total != 1 else ''} name{'s' if total == 1 else ''} a territory that is "
            f"not in the plan: {listed}{f', and {more} more' if more > 0 else ''}; "
            f"{'they count' if total != 1 else 'it counts'} for the team and the rep, for no territory"
        )
    if tally.unknown_reps:
        total = sum(tally.unknown_reps.values())
        listed = ", ".join(f"'{name}' ({n})" for name, n in tally.unknown_reps.most_common(5))
        more = len(tally.unknown_reps) - 5
        warnings.append(
            f"{total} row{'s' if total != 1 else ''} rejected for a rep that is not in the plan: {listed}"
            f"{f', and {more} more' if more > 0 else ''} (map spreadsheet names to member ids in "
            "tracking.actuals.reps)"
        )
    return warnings


# --------------------------------------------------------------------------- all together


def track(plan: Plan, actuals: Any, *, as_of: dt.date, rep: str | None = None,
          progress: Callable[[int], None] | None = None) -> TrackingReport:
    """Read an opened actuals file (``salesplan.tracking.readers.open_actuals``) and report at ``as_of``.

    ``actuals`` needs ``layout``, ``has_stage``, ``rows()``, ``parse_date(text)`` and
    ``date_problem(text)``. When the plan sets ``tracking.actuals.day_first``, text dates are
    read in that order instead of the order the readers detected.

    :raises UnknownRep: ``rep`` is not a member with a quota (checked before reading any row).
    """
    if rep is not None:
        rep = check_rep(plan, rep)
    tally = Tally(plan, has_stage=bool(actuals.has_stage), layout=actuals.layout, as_of=as_of)
    chunks = getattr(actuals, "chunks", None)
    with _no_cycle_collection():
        if chunks is not None:
            tally.add_chunks(chunks(), progress=progress)
        else:
            tally.add(actuals.rows(), progress=progress)
    tally.resolve_dates(*_date_resolvers(plan, actuals))
    return build_report(plan, tally, as_of=as_of, rep=rep)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
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


def _date_resolvers(plan: Plan, actuals: Any) -> tuple[Callable[[str], dt.date | None],
                                                        Callable[[str], str | None] | None]:
    settings = plan.tracking_settings.actuals
    if settings is None or settings.day_first is None:
        return actuals.parse_date, getattr(actuals, "date_problem", None)
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

    return parse, problem

"""The tally of ``track``: the rows of an actuals file, streamed once into compact sums.

:class:`Tally` consumes the rows (:meth:`Tally.add`, or whole clean columns with
:meth:`Tally.add_columns`; :func:`salesplan.tracking.feed.tally_actuals` drives both) and keeps
only sums keyed by (date or plan month, credit): memory stays flat however long the file is.
Stage, rep, territory, filters and currency are matched here (:class:`~.matching.Matcher`),
once per distinct spelling. :meth:`Tally.resolve_dates` then decides the date texts whose
day/month order only the whole column knows, and :func:`goal_sums` adds the buckets up per goal
for the pacing rules (:mod:`salesplan.tracking.pacing`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, repeat
from typing import Any

from salesplan.plan import derived
from salesplan.plan.derived import ZERO, month_key
from salesplan.plan.model import Goal, Plan
from salesplan.tracking.dates import parse_date_text
from salesplan.tracking.deals import DealColumns, RawDeal
from salesplan.tracking.feed import DateResolvers
from salesplan.tracking.lookups import MISSING, lookup, lookup_column
from salesplan.tracking.matching import Credit, Matcher, count_unknown, missing_rate
from salesplan.tracking.rejects import RejectedRows
from salesplan.tracking.report import Rejected, RowCounts
from salesplan.tracking.settling import AmountsToSettle

__all__ = ["AFTER", "OUTSIDE", "GoalSums", "Tally", "goal_sums"]

OUTSIDE = -1
"""Tally slot of the rows dated before or after the plan period."""
AFTER = -2
"""Tally slot of the rows inside the period but after ``as_of``."""


class Tally:
    """Compact sums of the rows of an actuals file, built in one streaming pass.

    ``buckets`` maps ``(when, part)`` to ``[sum of amounts, rows, rows with a negative
    amount]`` (a deals goal counts the others).

    ``part`` indexes :attr:`parts`, the distinct credits seen (:meth:`Matcher.credit`: rep id,
    territory, filter mask). The territory is a territory id, None (no territory), or an int
    indexing :attr:`unknown_territories`; bit ``i`` of the mask is set when the row matches the
    filter of ``filtered_goals[i]``.

    ``when`` is, for a tally made with ``as_of``, the index of the plan month the row counts
    in, or :data:`OUTSIDE` (before or after the period) or :data:`AFTER` (inside the period,
    after ``as_of``): a few dozen buckets per rep whatever the file's size. Without ``as_of``
    it is the row's date. Either way, date text that only the whole column can decide (day or
    month first) stays a ``(day-first date, month-first date)`` pair (a key of :attr:`pending`)
    until :meth:`resolve_dates`.

    Rows that are not won are only counted (``not_won``): a tally of them (the open pipeline)
    is another tally fed the same chunks by :func:`~salesplan.tracking.feed.tally_actuals`.
    """

    def __init__(self, plan: Plan, *, has_stage: bool, layout: str = "deals", as_of: dt.date | None = None) -> None:
        self.plan = plan
        self.layout = layout
        self.as_of = derived.clip_as_of(plan, as_of) if as_of is not None else None
        self._months = derived.plan_months(plan)
        self.has_stage = has_stage
        self.matcher = Matcher(plan)
        self.rejected = RejectedRows()
        self.read = 0
        self.not_won = 0
        self.buckets: dict[tuple[Any, int], list] = {}
        self.parts: list[Credit] = []
        self._part_index: dict[Credit, int] = {}
        self.unknown_reps: Counter[str] = Counter()
        self.pending: dict[tuple, str] = {}
        """Date texts whose day/month order the column decides: (day-first, month-first) -> first text."""
        self.amounts = AmountsToSettle()
        """Amounts waiting for their column's decimal mark; won rows with an empty amount."""
        self.total_rows = 0
        self.reading_warnings: list[str] = []
        """What reading the file gave to say (amounts read as thousands, empty amounts), once resolved."""
        self._resolved = False
        self._currency = plan.plan.currency
        self._rates = dict(plan.tracking_settings.rates)
        # look-ups per distinct spelling, shared by both paths of the streaming pass
        self._won_cache: dict[Any, bool] = {}
        self._when_cache: dict[Any, Any] = {}
        self._who_cache: dict[tuple, int] = {}  # (rep, territory, filter values) as written -> part index

    @property
    def counts(self) -> RowCounts:
        """The rows so far: read, not won, rejected (the report adds counted, outside, after)."""
        return RowCounts(read=self.read, not_won=self.not_won, rejected=self.rejected.count,
                         rejected_examples=self.rejected.examples, total_rows=self.total_rows,
                         empty_amount=self.amounts.empty)

    @property
    def examples(self) -> list[Rejected]:
        return self.rejected.examples

    @property
    def unknown_territories(self) -> list[str]:
        return self.matcher.unknown_territories

    @property
    def filtered_goals(self) -> list[str]:
        return self.matcher.filtered_goals

    def _check_open(self) -> None:
        if self._resolved:
            raise RuntimeError("rows cannot be added once the dates are resolved")

    # ----- the row path

    def add(self, rows: Iterable[RawDeal], progress: Callable[[int], None] | None = None) -> Tally:
        """Consume ``rows`` (any iterable, read once); ``progress(rows read)`` is called now and then.

        Every value is looked up once per distinct spelling (stage, date, rep + territory +
        filter values), so the work per row is a few dictionary look-ups and one Decimal addition.
        """
        self._check_open()
        buckets = self.buckets
        has_stage = self.has_stage
        won_cache, is_won_stage = self._won_cache, self.matcher.is_won
        when_cache, who_cache = self._when_cache, self._who_cache
        currency = self._currency
        rates = self._rates
        reject, reject_unread = self.rejected.add, self.rejected.unread
        filter_cols = self.matcher.filter_columns
        single_col = filter_cols[0] if len(filter_cols) == 1 else None
        many_cols = len(filter_cols) > 1
        keep_date_row = self.rejected.keep_date_row
        amounts = self.amounts
        zero = ZERO  # Decimal against Decimal: cheaper than against int
        read = self.read
        not_won = 0
        for read, deal in enumerate(rows, read + 1):
            if not read & 0xFFFF and progress is not None:
                progress(read)
            if has_stage and not won_cache.get(deal.stage) and not lookup(won_cache, deal.stage, is_won_stage):
                not_won += 1  # the place of an open-pipeline tally is beside this one: see tally_actuals
                continue
            amount, date = deal.amount, deal.date
            if amount is None or deal.problem is not None:
                reject_unread(deal)
                continue
            when = when_cache.get(date, MISSING)
            if when is MISSING:
                when = lookup(when_cache, date, self._when)
            if when is None:
                reject(deal.sheet, deal.row, "date is empty" if date is None else f"date {date!r} is not a date")
                continue
            if single_col is not None:
                who = (deal.rep, deal.territory, deal.fields.get(single_col))
            elif many_cols:
                who = (deal.rep, deal.territory, tuple([deal.fields.get(c) for c in filter_cols]))
            else:
                who = (deal.rep, deal.territory, None)
            part = who_cache.get(who)
            if part is None:
                part = lookup(who_cache, who, self._part)
            if part < 0:
                self._reject_rep(deal)
                continue
            code = deal.currency
            if code is not None and code != currency and currency is not None:
                rate = rates.get(code)
                if rate is None:
                    reject(deal.sheet, deal.row, missing_rate(code, currency))
                    continue
                amount = amount * rate
            if when.__class__ is tuple:  # date text the whole column decides: kept for resolve_dates
                keep_date_row(when, deal.sheet, deal.row, date)
            key = (when, part)
            if deal.pending is not None:  # an amount its column's decimal mark decides: kept apart
                amounts.add(deal.pending, key, amount, deal.sheet, deal.row)
                continue
            if deal.empty_amount:
                amounts.note_empty(deal.sheet, deal.row)
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [amount, 1, 1 if amount < zero else 0]
            else:
                bucket[0] += amount
                bucket[1] += 1
                if amount < zero:
                    bucket[2] += 1
        self.read = read
        self.not_won += not_won
        return self

    # ----- the column path

    def add_columns(self, chunk: DealColumns) -> bool:
        """Tally a clean chunk column by column; False, with nothing counted, when some row of it
        needs :meth:`add` (a row to reject, an amount to convert, a date text whose example rows
        are not all kept yet). The result is the very tally :meth:`add` makes of ``chunk.deals()``.

        Each distinct stage, date and (rep, territory, filter values) of the chunk is looked up
        once; the rows then cost a few C-level ``map`` and ``zip`` steps and one Decimal addition.
        """
        self._check_open()
        if chunk.pending is not None:
            return False  # amounts waiting for their column's decimal mark
        read = len(chunk)
        dates, reps, amounts, currencies = chunk.dates, chunk.reps, chunk.amounts, chunk.currencies
        territories = [None] * read if chunk.territories is None else chunk.territories
        values = [chunk.fields.get(c) or [None] * read for c in self.matcher.filter_columns]
        not_won = 0
        if self.has_stage:
            stages = [None] * read if chunk.stages is None else chunk.stages
            flags = lookup_column(self._won_cache, stages, self.matcher.is_won)
            if not all(flags):
                not_won = read - sum(flags)
                dates, reps, amounts, currencies, territories = (
                    list(compress(column, flags)) for column in (dates, reps, amounts, currencies, territories))
                values = [list(compress(column, flags)) for column in values]
        currency = self._currency
        if currency is not None and not {None, currency}.issuperset(currencies):
            return False  # amounts to convert, or to reject for a missing rate
        whens = lookup_column(self._when_cache, dates, self._when)
        slots = set(whens)
        if None in slots:
            return False  # a date that is no date: rejected with an example
        full = self.rejected.date_rows_full
        if any(when.__class__ is tuple and not full(when) for when in slots):
            return False  # a date text to decide, whose first rows are kept as examples
        if not values:
            whos = list(zip(reps, territories, repeat(None)))
        elif len(values) == 1:
            whos = list(zip(reps, territories, values[0]))
        else:
            whos = list(zip(reps, territories, zip(*values)))
        parts = lookup_column(self._who_cache, whos, self._part)
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
        self.read += read
        self.not_won += not_won
        return True

    # ----- matching, once per spelling

    def _part(self, who: tuple) -> int:
        """The index of the row's credit in :attr:`parts`; -1 for a rep not in the plan.

        Where a won row's credit is decided: split credit (several reps, in shares) starts here.
        """
        credit = self.matcher.credit(*who)
        if credit is None:
            return -1
        index = self._part_index.get(credit)
        if index is None:
            index = self._part_index[credit] = len(self.parts)
            self.parts.append(credit)
        return index

    def _reject_rep(self, deal: RawDeal) -> None:
        name = deal.rep
        if not name or not name.strip():
            self.rejected.add(deal.sheet, deal.row, "rep is empty")
            return
        self.rejected.add(deal.sheet, deal.row, f"rep '{name}' is not in the plan")
        count_unknown(self.unknown_reps, (name,))

    def _when(self, date: dt.date | str | None) -> Any:
        """Where a row's date puts it: a period slot (with ``as_of``) or the date itself.

        Date text that reads the same in both day/month orders is a date now; text that no
        order reads is None (the row is rejected); text that only the whole column can decide
        is a pending ``(day-first date, month-first date)`` pair, resolved by
        :meth:`resolve_dates` (all spellings of one pair share their buckets, so texts with
        times of day do not multiply them).
        """
        if date is None:
            return None
        if date.__class__ is str:
            day_first, month_first = parse_date_text(date, False), parse_date_text(date, True)
            if day_first != month_first:
                pair = (day_first, month_first)
                if pair not in self.pending:
                    self.pending[pair] = date
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

    # ----- date texts

    def resolve_dates(self, dates: DateResolvers) -> Tally:
        """Settle the amounts that waited for their column's decimal mark, then decide the pending
        date texts with the readers' per-column order; reject what is no date."""
        if self._resolved:
            return self
        self._resolved = True
        self._settle_amounts(dates)
        if not self.pending:
            return self
        grid = self.layout == "grid"
        decided = {pair: dates.parse(text) for pair, text in self.pending.items()}
        merged: dict[tuple[Any, int], list] = {}
        for (when, part), bucket in self.buckets.items():
            if when.__class__ is tuple:
                date = decided[when]
                if date is None:
                    self.rejected.count += bucket[1]
                    continue
                when = self._slot(date.replace(day=1) if grid else date)
            into = merged.get((when, part))
            if into is None:
                merged[(when, part)] = bucket
            else:
                into[0] += bucket[0]
                into[1] += bucket[1]
                into[2] += bucket[2]
        self.buckets = merged
        self.rejected.reject_dates([pair for pair, date in decided.items() if date is None], dates.problem)
        self.pending = {}
        return self

    def _settle_amounts(self, dates: DateResolvers) -> None:
        buckets = self.buckets
        for key, (amount, rows, _, negative) in self.amounts.settle(dates.settle_amount, dates.amount_problem,
                                                                    self.rejected):
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = [amount, rows, negative]
            else:
                bucket[0] += amount
                bucket[1] += rows
                bucket[2] += negative
        self.total_rows = dates.total_rows
        self.reading_warnings = list(dates.amount_warnings)
        if (empty := self.amounts.empty_warning()) is not None:
            self.reading_warnings.append(empty)

    @property
    def resolved(self) -> bool:
        """Whether no date text is left to decide (rows can still be added while it is False)."""
        return self._resolved or not (self.pending or self.amounts.sums)


@dataclass
class GoalSums:
    """The counted rows of one goal: by month for the team, by (rep, month), by territory."""

    team: dict[str, Decimal]
    reps: dict[tuple[str, str], Decimal]
    territories: dict[str, Decimal]

    def add(self, credit: Credit, month: str, value: Decimal) -> None:
        """Count ``value`` once for the team and the territory, and for the credited rep."""
        member, territory, _ = credit
        self.team[month] += value
        key = (member, month)
        self.reps[key] = self.reps.get(key, ZERO) + value
        if territory is not None:
            self.territories[territory] = self.territories.get(territory, ZERO) + value

    def rep_months(self, rep: str, months: list[str]) -> dict[str, Decimal]:
        return {m: self.reps.get((rep, m), ZERO) for m in months}


def goal_sums(tally: Tally, goals: list[Goal], as_of: dt.date, counts: RowCounts) -> tuple[dict[str, GoalSums],
                                                                                          Counter[int]]:
    """The tally's buckets added up per goal at ``as_of`` (goal id -> sums), and the rows of each
    unknown territory; ``counts`` gets the counted, outside-period and after-``as_of`` rows."""
    if not tally.resolved:
        raise RuntimeError("resolve the date texts (Tally.resolve_dates) before building the report")
    plan = tally.plan
    start, end = plan.plan.start, plan.plan.end
    months = derived.plan_months(plan)
    sums = {g.id: GoalSums({m: ZERO for m in months}, {}, {}) for g in goals}
    bits = {goal_id: 1 << i for i, goal_id in enumerate(tally.filtered_goals)}
    specs = [(sums[g.id], bits.get(g.id, 0), g.metric == "deals") for g in goals]
    unknown_territory_rows: Counter[int] = Counter()
    for (when, part), (amount, rows, negative) in tally.buckets.items():
        member, territory, mask = credit = tally.parts[part]
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
            credit = (member, None, mask)
        for sums_of_goal, bit, deals in specs:
            if bit and not mask & bit:
                continue
            sums_of_goal.add(credit, month, Decimal(rows - negative) if deals else amount)
    return sums, unknown_territory_rows



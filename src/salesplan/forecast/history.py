"""Past deals, aggregated while they stream from the same readers as ``salesplan track``.

:func:`read_history` opens a CRM deal list or a rep-by-month grid with
:func:`salesplan.tracking.readers.open_actuals` (the plan's ``tracking.actuals`` settings when a
plan is given) and folds its rows, clean chunks column by column and the others one at a time
(:func:`salesplan.tracking.feed.tally_actuals`, as for ``track``), into a :class:`HistoryTally`:
sums keyed by (month, rep), counts of won, lost and open deals, and a histogram of sales cycles.
Nothing is kept per row, so memory stays flat however long the file is.

What counts (the rules of ``track``, where they apply):

* with a stage column, a row is *won* when its stage is a won stage (the plan's
  ``tracking.actuals.won``, else ``Closed Won``, ``Won``, ``Gagné``, ``Gagnée``, ``Signé``),
  *lost* when it is ``Closed Lost``, ``Lost``, ``Perdu`` or ``Perdue``, otherwise *open*
  (all compared ignoring case and accents); without a stage column every row is won;
* a won row whose date or amount cannot be read is *rejected* (counted, first few shown);
* amounts in another currency than the plan's are converted with ``tracking.rates`` or
  rejected; without a plan, the history's currency is the first one an amount marks;
* a refund (negative amount) lowers revenue and is no deal;
* with a plan, rep names are matched to member ids as ``track`` does; a won row whose rep is
  no member (someone who left, an empty owner) still counts for the team's history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, repeat
from pathlib import Path
from typing import Any, Callable, Iterable

from salesplan.errors import SalesplanError
from salesplan.plan.derived import ZERO, add_months, month_key, months_apart
from salesplan.plan.model import Plan
from salesplan.tracking.dates import parse_date_text
from salesplan.tracking.deals import DealColumns, RawDeal
from salesplan.tracking.feed import DateResolvers, tally_actuals
from salesplan.tracking.lookups import MISSING, lookup, lookup_column
from salesplan.tracking.matching import (LOST_STAGES, UNKNOWN_KEPT, Matcher, Stage, count_unknown, missing_rate,
                                         rep_names)
from salesplan.tracking.readers import Actuals, open_actuals
from salesplan.tracking.rejects import RejectedRows
from salesplan.tracking.settling import AmountsToSettle, add_with_refunds as _add_to
from salesplan.tracking.report import Rejected, RowsRead

__all__ = ["LOST_STAGES", "History", "HistoryError", "HistoryRows", "HistoryTally", "open_history", "read_history"]

_UNKNOWN = ""  # rep cache value of a name that is no member of the plan


class HistoryError(SalesplanError):
    """A history that cannot be forecast from; ``str()`` is one sentence naming the file."""


@dataclass(slots=True)
class HistoryRows(RowsRead):
    """The rows read, partitioned: ``won + lost + open + rejected == read``."""

    won: int = 0
    lost: int = 0
    open: int = 0


@dataclass(frozen=True)
class History:
    """What the past deals say, month by month; amounts are Decimals in the history's currency."""

    file: str
    sheet: str | None
    layout: str
    """``'deals'`` or ``'grid'``."""
    has_stage: bool
    has_created: bool
    currency: str | None
    monthly: dict[str, Decimal]
    """Won revenue of every month from the first to the last month with a won row (0 where none)."""
    rep_monthly: dict[tuple[str, str], Decimal]
    """(member id, month) -> won revenue (with a plan; empty without)."""
    reps_seen: frozenset[str]
    """Member ids with at least one won row."""
    won_deals: int
    """Won rows with an amount of zero or more (refunds are no deals)."""
    won_deals_amount: Decimal
    lost_deals: int
    cycle_days: dict[int, int]
    """Sales cycle (close date - created date, in days) -> won deals."""
    cycle_unknown: int
    """Won deals without a usable created date (missing, unreadable, or after the close)."""
    rows: HistoryRows
    unknown_reps: dict[str, int]
    """Names of won rows that are no member of the plan -> rows (with a plan)."""
    reading_warnings: tuple[str, ...] = ()
    """What reading the file gave to say (amounts read as thousands, empty amounts)."""

    @property
    def first_month(self) -> str:
        return next(iter(self.monthly))

    @property
    def last_month(self) -> str:
        return next(reversed(self.monthly))

    @property
    def months(self) -> list[str]:
        return list(self.monthly)

    @property
    def total(self) -> Decimal:
        return sum(self.monthly.values(), ZERO)


def open_history(path: str | Path, plan: Plan | None = None, *, sheet: str | None = None) -> Actuals:
    """Open a history file with the plan's ``tracking.actuals`` settings (sheet, columns, rep names).

    Unlike ``track``, goal filter columns are not required: a forecast does not filter.

    :raises salesplan.tracking.readers.ActualsError: the file cannot be used (one sentence).
    """
    settings = plan.tracking_settings.actuals if plan is not None else None
    return open_actuals(
        path,
        sheet=sheet or (settings.sheet if settings else None),
        columns=settings.columns.model_dump(exclude_none=True) if settings and settings.columns else None,
        rep_names=rep_names(plan) if plan is not None else (),
        decimal=settings.decimal if settings else None,
    )


class HistoryTally:
    """Compact sums of a history file's rows, built in one streaming pass.

    ``buckets`` maps ``(month, rep)`` to ``[revenue, rows, refund revenue, refund rows]``;
    ``month`` is ``YYYY-MM``, or date text whose day/month order only the whole column decides
    (until :meth:`resolve_dates`); ``rep`` is a member id, or None (no plan, or no member).
    ``cycles`` counts won deals by (close date, created date) as read, resolved the same way.
    Fed like ``track``'s tally: :func:`salesplan.tracking.feed.tally_actuals`.
    """

    def __init__(self, plan: Plan | None = None, *, has_stage: bool, layout: str = "deals",
                 has_created: bool = False) -> None:
        self.plan = plan
        self.has_stage = has_stage
        self.layout = layout
        self.has_created = has_created
        self.matcher = Matcher(plan)
        self.rejected = RejectedRows()
        self.read = 0
        self.lost = 0
        self.open = 0
        self.buckets: dict[tuple[Any, str | None], list] = {}
        self.cycles: Counter[tuple[Any, Any]] = Counter()
        self.lost_months: set[Any] = set()
        """Months (or date texts) of the lost deals: with the won ones, the months the history covers."""
        self.cycle_days: dict[int, int] = {}
        self.cycle_unknown = 0
        self.unknown_reps: Counter[str] = Counter()
        self.amounts = AmountsToSettle()
        """Amounts waiting for their column's decimal mark; won rows with an empty amount."""
        self.total_rows = 0
        self.reading_warnings: list[str] = []
        self.currency: str | None = plan.plan.currency if plan is not None else None
        self._fixed_currency = plan is not None
        self._rates = dict(plan.tracking_settings.rates) if plan is not None else {}
        self._resolved = False
        # look-ups per distinct spelling, shared by both paths of the streaming pass
        self._stage_cache: dict[Any, Stage] = {}
        self._month_cache: dict[Any, Any] = {}
        self._day_cache: dict[tuple, tuple] = {}
        self._rep_cache: dict[str, str | None] = {}

    @property
    def rows(self) -> HistoryRows:
        """The rows so far (``won`` once :meth:`history` has added the buckets up)."""
        return HistoryRows(read=self.read, lost=self.lost, open=self.open, rejected=self.rejected.count,
                           rejected_examples=self.rejected.examples, total_rows=self.total_rows,
                           empty_amount=self.amounts.empty)

    def _check_open(self) -> None:
        if self._resolved:
            raise RuntimeError("rows cannot be added once the dates are resolved")

    # ----- the row path

    def add(self, deals: Iterable[RawDeal], progress: Callable[[int], None] | None = None) -> HistoryTally:
        """Consume ``deals`` (read once); ``progress(rows read)`` is called now and then.

        The hot loop of ``salesplan forecast``: stage, date and rep are looked up once per
        distinct spelling, so a row costs a few dictionary look-ups and one Decimal addition.
        """
        self._check_open()
        buckets = self.buckets
        cycles = self.cycles if self.has_created else None
        has_stage = self.has_stage
        stage_cache, stage_of = self._stage_cache, self.matcher.stage
        month_cache, month_of = self._month_cache, self._month
        day_cache = self._day_cache
        rep_cache = self._rep_cache
        with_plan = self.plan is not None
        rates = self._rates
        reject, reject_unread = self.rejected.add, self.rejected.unread
        keep_date_row = self.rejected.keep_date_row
        lost_months = self.lost_months
        won, lost = Stage.WON, Stage.LOST
        zero = ZERO
        read = self.read
        n_lost = n_open = 0
        for deal in deals:
            read += 1
            if not read & 0xFFFF and progress is not None:
                progress(read)
            if has_stage:
                stage = deal.stage
                kind = stage_cache.get(stage)
                if kind is None:
                    kind = lookup(stage_cache, stage, stage_of)
                if kind is not won:
                    if kind is lost:
                        n_lost += 1
                        date = deal.date  # a lost deal's close date shows the months the export covers
                        if date is not None:
                            month = month_cache.get(date, MISSING)
                            if month is MISSING:
                                month = lookup(month_cache, date, month_of)
                            lost_months.add(month)
                    else:
                        n_open += 1  # an open deal's close date is a guess: it says nothing of the past
                    continue
            amount = deal.amount
            if amount is None or deal.problem is not None:
                reject_unread(deal)
                continue
            date = deal.date
            month = month_cache.get(date, MISSING)
            if month is MISSING:
                month = lookup(month_cache, date, month_of)
            if month is None:
                reject(deal.sheet, deal.row, "date is empty")
                continue
            code = deal.currency
            if code is not None and code != self.currency:
                if self.currency is None:
                    if not self._fixed_currency:  # no plan: the first currency marked is the history's
                        self.currency = code
                elif code in rates:
                    amount = amount * rates[code]
                else:
                    reject(deal.sheet, deal.row, self._currency_reason(code))
                    continue
            if with_plan:
                name = deal.rep
                rep = rep_cache.get(name, MISSING)
                if rep is MISSING:
                    rep = lookup(rep_cache, name, self._member)
                if rep is _UNKNOWN:
                    count_unknown(self.unknown_reps, (name or "(empty)",))
                    rep = None
            else:
                rep = None
            if month.__class__ is _TextDate:
                keep_date_row(month, deal.sheet, deal.row, str(month))
            if deal.pending is not None:  # an amount its column's decimal mark decides: kept apart
                self.amounts.add(deal.pending, (month, rep), amount, deal.sheet, deal.row)
            else:
                if deal.empty_amount:
                    self.amounts.note_empty(deal.sheet, deal.row)
                _add_to(buckets, (month, rep), amount)
            if cycles is not None and not amount < zero:
                pair = (date, deal.created)
                when = day_cache.get(pair)
                if when is None:
                    when = lookup(day_cache, pair, _days)
                cycles[when] += 1
        self.read = read
        self.lost += n_lost
        self.open += n_open
        return self

    # ----- the column path

    def add_columns(self, chunk: DealColumns) -> bool:
        """Tally a clean chunk column by column; False, with nothing counted, when some won row of it
        needs :meth:`add` (an amount in another currency, a date text whose example rows are not all
        kept yet, more names that are no member than are kept).

        Each distinct stage, close date, rep name and (close, created) pair of the chunk is looked
        up once; the rows then cost a few C-level ``map`` steps and one Decimal addition. Rows are
        summed in the order they come, so the sums are the very Decimals of :meth:`add`.
        """
        self._check_open()
        if chunk.pending is not None:
            return False  # amounts waiting for their column's decimal mark
        read = len(chunk)
        dates, names, amounts, currencies = chunk.dates, chunk.reps, chunk.amounts, chunk.currencies
        created = chunk.created
        months = lookup_column(self._month_cache, dates, self._month)  # lost deals need theirs too
        n_lost = n_open = 0
        lost_months: set[Any] = set()
        if self.has_stage:
            stages = [None] * read if chunk.stages is None else chunk.stages
            kinds = lookup_column(self._stage_cache, stages, self.matcher.stage)
            won_flags = list(map(Stage.WON.__eq__, kinds))
            if not all(won_flags):
                n_lost = kinds.count(Stage.LOST)
                n_open = read - n_lost - sum(won_flags)
                if n_lost:
                    lost_months = set(compress(months, map(Stage.LOST.__eq__, kinds)))
                    lost_months.discard(None)  # an empty close date shows no month
                dates, names, amounts, currencies, months = (
                    list(compress(column, won_flags)) for column in (dates, names, amounts, currencies, months))
                if created is not None:
                    created = list(compress(created, won_flags))
        # what the fast path does not do: rejections, conversions, date-text examples
        if None in months:
            return False  # an empty close date: rejected
        new_currency = None
        codes = set(currencies)
        codes.discard(None)
        if codes:
            if self.currency is None:
                if not self._fixed_currency:
                    if len(codes) > 1:
                        return False  # the first code is the history's, the others rejected
                    new_currency = codes.pop()
            elif codes != {self.currency}:
                return False  # amounts to convert, or to reject
        if _TextDate in set(map(type, months)):
            full = self.rejected.date_rows_full
            if any(month.__class__ is _TextDate and not full(month) for month in months):
                return False  # a date text whose first rows are kept as examples
        unknown: Counter[str] | None = None
        if self.plan is None:
            ids: Any = repeat(None)
        else:
            ids = lookup_column(self._rep_cache, names, self._member)
            if _UNKNOWN in ids:
                unknown = Counter([name or "(empty)" for name, rep in zip(names, ids) if rep == _UNKNOWN])
                kept = self.unknown_reps
                if len(kept) + sum(label not in kept for label in unknown) > UNKNOWN_KEPT:
                    return False  # some names are not kept: which ones depends on the row order
                ids = [None if rep == _UNKNOWN else rep for rep in ids]
        # counted from here on
        if new_currency is not None:
            self.currency = new_currency
        if lost_months:
            self.lost_months |= lost_months
        if unknown:
            self.unknown_reps.update(unknown)
        refunds = bool(amounts) and min(amounts) < ZERO
        self._sum_columns(zip(months, ids), amounts, refunds)
        if self.has_created:
            pairs = zip(dates, repeat(None) if created is None else created)
            if refunds:
                pairs = compress(pairs, map(ZERO.__le__, amounts))
            pairs = Counter(pairs)
            for when, count in zip(lookup_column(self._day_cache, list(pairs), _days), pairs.values()):
                self.cycles[when] += count
        self.read += read
        self.lost += n_lost
        self.open += n_open
        return True

    def _sum_columns(self, keys: Iterable[tuple], amounts: list[Decimal], refunds: bool) -> None:
        """Add the amounts to their buckets in the order they come: the very Decimals of :meth:`add`."""
        buckets = self.buckets
        get = buckets.get
        zero = ZERO
        if not refunds:
            for key, amount in zip(keys, amounts):
                bucket = get(key)
                if bucket is None:
                    buckets[key] = [amount, 1, zero, 0]
                else:
                    bucket[0] += amount
                    bucket[1] += 1
            return
        for key, amount in zip(keys, amounts):
            _add_to(buckets, key, amount)

    # ----- matching, once per spelling

    def _member(self, name: str | None) -> str:
        """The member id of a rep name, or :data:`_UNKNOWN`."""
        return self.matcher.member(name) or _UNKNOWN

    def _currency_reason(self, code: str) -> str:
        if self._fixed_currency:
            return missing_rate(code, self.currency)
        return f"amount in {code}, not {self.currency} like the history's other amounts"

    @staticmethod
    def _month(date: dt.date | str | None) -> Any:
        """The month of a close date, or its text when only the whole column can decide it."""
        if date is None:
            return None
        if date.__class__ is str:
            day_first, month_first = parse_date_text(date, False), parse_date_text(date, True)
            if day_first is None or day_first != month_first:
                return _TextDate(date)
            date = day_first
        elif isinstance(date, dt.datetime):
            date = date.date()
        return month_key(date)

    # ----- resolving date texts

    def resolve_dates(self, dates: DateResolvers) -> HistoryTally:
        """Turn date texts into months with the readers' per-column decision; reject what is no date."""
        if self._resolved:
            return self
        self._resolved = True
        for key, settled in self.amounts.settle(dates.settle_amount, dates.amount_problem, self.rejected):
            into = self.buckets.get(key)
            if into is None:
                self.buckets[key] = settled
            else:
                for i in range(4):
                    into[i] += settled[i]
        self.total_rows = dates.total_rows
        self.reading_warnings = list(dates.amount_warnings)
        if (empty := self.amounts.empty_warning()) is not None:
            self.reading_warnings.append(empty)
        merged: dict[tuple[Any, str | None], list] = {}
        parsed: dict[str, dt.date | None] = {}
        for (month, rep), bucket in self.buckets.items():
            if isinstance(month, _TextDate):
                text = str(month)
                if text not in parsed:
                    parsed[text] = dates.parse(text)
                day = parsed[text]
                if day is None:
                    self.rejected.count += bucket[1]  # their cycle pairs are dropped too
                    continue
                month = month_key(day)
            into = merged.get((month, rep))
            if into is None:
                merged[(month, rep)] = bucket
            else:
                for i in range(4):
                    into[i] += bucket[i]
        self.buckets = merged
        self.rejected.reject_dates([text for text, day in parsed.items() if day is None], dates.problem)
        lost = set()
        for month in self.lost_months:
            if isinstance(month, _TextDate):
                day = dates.parse(str(month))
                month = month_key(day) if day is not None else None
            if month is not None:
                lost.add(month)
        self.lost_months = lost
        self._resolve_cycles(dates.parse, dates.parse_created or dates.parse)
        return self

    def _resolve_cycles(self, parse_date: Callable[[str], dt.date | None],
                        parse_created: Callable[[str], dt.date | None]) -> None:
        days: Counter[int] = Counter()
        unknown = 0
        for (closed, created), count in self.cycles.items():
            close_day = _as_date(closed, parse_date)
            if close_day is None:
                continue  # the row was rejected for its close date
            created_day = None if created is None else _as_date(created, parse_created)
            if created_day is None or created_day > close_day:
                unknown += count
                continue
            days[(close_day - created_day).days] += count
        self.cycle_days = dict(sorted(days.items()))
        self.cycle_unknown = unknown

    # ----- the result

    def history(self, file: str, sheet: str | None) -> History:
        """The aggregated history (call :meth:`resolve_dates` first)."""
        if not self._resolved:
            raise RuntimeError("resolve the date texts (HistoryTally.resolve_dates) first")
        revenue: dict[str, Decimal] = {}
        rep_monthly: dict[tuple[str, str], Decimal] = {}
        won_deals, won_amount, won_rows = 0, ZERO, 0
        for (month, rep), (amount, count, refund, refunds) in self.buckets.items():
            revenue[month] = revenue.get(month, ZERO) + amount
            won_rows += count
            won_deals += count - refunds
            won_amount += amount - refund
            if rep is not None:
                rep_monthly[(rep, month)] = rep_monthly.get((rep, month), ZERO) + amount
        rows = self.rows
        rows.won = won_rows
        if not revenue:
            raise HistoryError(f"{file}: no won deal with a readable date and amount to forecast from "
                               f"({_rows_sentence(rows, self.has_stage)})")
        first, last = min(revenue.keys() | self.lost_months), max(revenue.keys() | self.lost_months)
        monthly = {add_months(first, i): ZERO for i in range(months_apart(first, last) + 1)}
        for month, amount in revenue.items():
            monthly[month] = amount
        return History(
            file=file,
            sheet=sheet,
            layout=self.layout,
            has_stage=self.has_stage,
            has_created=self.has_created,
            currency=self.currency,
            monthly=monthly,
            rep_monthly=dict(sorted(rep_monthly.items())),
            reps_seen=frozenset(rep for rep, _ in rep_monthly),
            won_deals=won_deals,
            won_deals_amount=won_amount,
            lost_deals=rows.lost,
            cycle_days=self.cycle_days,
            cycle_unknown=self.cycle_unknown,
            rows=rows,
            unknown_reps=dict(self.unknown_reps.most_common()),
            reading_warnings=tuple(self.reading_warnings),
        )


def _days(pair: tuple[Any, Any]) -> tuple[Any, Any]:
    """The (close, created) days of a won deal, as :func:`_day` reads each."""
    return _day(pair[0]), _day(pair[1])


def _day(value: Any) -> Any:
    """A date cell as a date when it reads the same either way (so that text date-times with
    different times fall on one key), else as it is (resolved with its column's order later)."""
    if value.__class__ is str:
        day_first = parse_date_text(value, False)
        if day_first is not None and day_first == parse_date_text(value, True):
            return day_first
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return value


class _TextDate(str):
    """Date text kept as a bucket key until the column's day/month order is known."""

    __slots__ = ()


def _as_date(value: Any, parse: Callable[[str], dt.date | None]) -> dt.date | None:
    if value.__class__ is dt.date:
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return parse(value)
    return None


def _rows_sentence(rows: HistoryRows, has_stage: bool) -> str:
    parts = [f"{rows.read:,} row{'s' if rows.read != 1 else ''} read"]
    if has_stage:
        parts.append(f"{rows.lost:,} lost")
        parts.append(f"{rows.open:,} open")
    if rows.rejected:
        first = rows.rejected_examples[0] if rows.rejected_examples else None
        parts.append(f"{rows.rejected:,} rejected" + (f", first: {_where(first)}: {first.reason}" if first else ""))
    return ", ".join(parts)


def _where(rejected: Rejected) -> str:
    return f"{rejected.sheet + ' ' if rejected.sheet else ''}row {rejected.row}"


def read_history(path: str | Path, plan: Plan | None = None, *, sheet: str | None = None,
                 progress: Callable[[int], None] | None = None) -> History:
    """Read and aggregate a history file (a CRM deal list or a rep-by-month grid).

    :raises salesplan.tracking.readers.ActualsError: the file cannot be used (one sentence).
    :raises HistoryError: the file holds no won deal to forecast from.
    """
    actuals = open_history(path, plan, sheet=sheet)
    tally = HistoryTally(plan, has_stage=actuals.has_stage, layout=actuals.layout,
                         has_created=actuals.has_created)
    tally_actuals(plan, actuals, tally, progress=progress)
    return tally.history(Path(path).name, actuals.sheet)

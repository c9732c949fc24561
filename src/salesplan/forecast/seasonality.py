"""Seasonality, trend and the proposed monthly targets: pure functions over a :class:`History`.

Definitions (the README repeats them for users):

* **Years.** The history is cut into years of 12 months counted back from its last month:
  the *last year* is the 12 months ending with it, the year before the 12 months before
  those, and so on. A year is *complete* when the history covers all its months; only the
  oldest one can be *partial* (the history started inside it).
* **Seasonality** is each calendar month's share of a year. Every complete year gives each
  calendar month its share of that year's total; the shares of the complete years are
  averaged, every year weighing the same. A partial year refines the months it covers: those
  months keep together the share the complete years give them, split in the partial year's
  own proportions, and enter the average like another year's shares. With no complete year
  (under 12 months of history) the months the history does not reach count as average months.
  A month with negative revenue (refunds above sales) counts as zero; a year whose total is
  not positive is left out. A calendar month with no sales gets no share of the target; when
  no month has any, the target is split evenly.
* **Trend**: with two complete years or more, the year-over-year growth of the last year on
  the year before; otherwise the slope of a least-squares line through the monthly totals.
* **Proposed targets**: the target (``--target``, the plan's, or last year's total times
  ``1 + growth`` for the period's share of a year) spread over the period's months in
  proportion to their calendar month's share, in multiples of the rounding step that add up
  exactly (largest remainder, :func:`salesplan.derived.spread`).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from salesplan.plan.derived import ZERO, add_months, months_apart, round_to_step, spread
from salesplan.forecast.history import History, HistoryError

__all__ = [
    "Proposal", "Seasonality", "Trend", "Year", "amount_text", "calendar_month", "history_years", "month_label",
    "propose", "seasonality", "trend",
]

ONE = Decimal(1)
TWELFTH = ONE / 12
CENT = Decimal("0.01")


def amount_text(value: Decimal) -> str:
    """An amount in a sentence: ``240,000``, ``84,254.40``."""
    return f"{value.quantize(Decimal('0.01')) + 0:,.2f}".removesuffix(".00")


def calendar_month(month: str) -> int:
    """``'2027-03'`` -> 3."""
    return int(month[5:7])


def month_label(number: int) -> str:
    """3 -> ``'Mar'`` (English abbreviations, as in the table output)."""
    return calendar.month_abbr[number]


def _names(numbers: list[int]) -> str:
    return ", ".join(month_label(n) for n in numbers)


@dataclass(frozen=True)
class Year:
    """A 12-month window of the history (``index`` 0 is the last year, 1 the year before ...)."""

    index: int
    first: str
    last: str
    monthly: dict[str, Decimal]
    """The window's months the history covers, with their won revenue."""

    @property
    def complete(self) -> bool:
        return len(self.monthly) == 12

    @property
    def total(self) -> Decimal:
        return sum(self.monthly.values(), ZERO)

    @property
    def label(self) -> str:
        """``2026`` for a calendar year, else ``2025-07..2026-06``; a partial year names the months it covers."""
        if not self.complete:
            covered = list(self.monthly)
            return covered[0] if len(covered) == 1 else f"{covered[0]}..{covered[-1]}"
        if self.first.endswith("-01"):
            return self.first[:4]
        return f"{self.first}..{self.last}"

    def by_calendar_month(self) -> dict[int, Decimal]:
        return {calendar_month(m): v for m, v in self.monthly.items()}


def history_years(history: History) -> list[Year]:
    """The history's 12-month windows, last year first."""
    years = []
    last = history.last_month
    index = 0
    while months_apart(history.first_month, last) >= 0:
        first = add_months(last, -11)
        months = [add_months(first, i) for i in range(12)]
        covered = {m: history.monthly[m] for m in months if m in history.monthly}
        years.append(Year(index, first, last, covered))
        last = add_months(first, -1)
        index += 1
    return years


@dataclass(frozen=True)
class Seasonality:
    """Each calendar month's share of a year (1..12, adding up to 1)."""

    shares: dict[int, Decimal]
    weights: dict[int, Decimal]
    """The averaged shares before normalising (they add up to 1 but for the last digit)."""
    years_used: list[Year]
    notes: list[str] = field(default_factory=list)

    def fraction(self, months: list[str]) -> Decimal:
        """The share of a year that ``months`` make (1 for 12 consecutive months, exactly)."""
        counts = {c: 0 for c in range(1, 13)}
        for month in months:
            counts[calendar_month(month)] += 1
        total = sum(self.weights.values(), ZERO)
        return sum((self.weights[c] * counts[c] for c in range(1, 13)), ZERO) / total


def seasonality(history: History, years: list[Year] | None = None) -> Seasonality:
    """Average each year's calendar-month shares (see the module's definitions)."""
    years = history_years(history) if years is None else years
    notes: list[str] = []
    left_out: list[str] = []
    complete, partial = [], []
    for year in years:
        clamped = {c: max(v, ZERO) for c, v in year.by_calendar_month().items()}
        total = sum(clamped.values(), ZERO)
        if total <= 0:
            left_out.append(f"the year {year.label} has no positive total: it is left out of the seasonality")
            continue
        (complete if year.complete else partial).append((year, clamped, total))
    if complete:
        base = {c: sum((v[c] / t for _, v, t in complete), ZERO) / len(complete) for c in range(1, 13)}
    else:
        base = {c: TWELFTH for c in range(1, 13)}
    contributions: dict[int, list[Decimal]] = {c: [s[c] / t for _, s, t in complete] for c in range(1, 13)}
    used = [y for y, _, _ in complete]
    for year, clamped, total in partial:
        kept = sum((base[c] for c in clamped), ZERO)
        if kept <= 0:
            notes.append(f"the partial year {year.label} covers only months the complete years give no share: "
                         "it is left out of the seasonality")
            continue
        for c, value in clamped.items():
            contributions[c].append(value / total * kept)
        used.append(year)
        missing = sorted(set(range(1, 13)) - set(clamped))
        if complete:
            notes.append(f"the oldest year ({year.label}) is partial, {len(clamped)} of 12 months: its months keep "
                         "the share the complete years give them, split in its own proportions")
        else:
            notes.append(f"the history covers {len(clamped)} month{'s' if len(clamped) != 1 else ''} "
                         f"({history.first_month}..{history.last_month}): the months it does not reach "
                         f"({_names(missing)}) are taken as average months")
    weights = {c: (sum(v, ZERO) / len(v) if v else base[c]) for c, v in contributions.items()}
    total = sum(weights.values(), ZERO)
    if not used or total <= 0:
        notes = ["the history has no positive monthly total: the target is split evenly over the months"]
        weights = {c: TWELFTH for c in range(1, 13)}
        total = sum(weights.values(), ZERO)
    else:
        notes = left_out + notes
    zero = [c for c, w in weights.items() if w == 0]
    if zero:
        notes.append(f"no sales in {_names(zero)} in the history: "
                     f"{'that month gets' if len(zero) == 1 else 'those months get'} no share of the target")
    return Seasonality({c: w / total for c, w in weights.items()}, weights, used, notes)


@dataclass(frozen=True)
class Trend:
    """How sales moved: year over year (2+ complete years) or the slope of the monthly totals."""

    method: Literal["year_over_year", "linear", "none"]
    growth: Decimal | None = None
    """Year-over-year growth of the last year on the year before (a fraction)."""
    slope: Decimal | None = None
    """Linear trend of the monthly totals, in currency per month."""
    previous: Year | None = None
    last: Year | None = None
    months: int = 0

    def describe(self, currency: str | None = None) -> str:
        if self.method == "year_over_year" and self.growth is not None:
            return (f"{self.growth * 100:+.1f}% year over year ({self.previous.label} -> {self.last.label})")
        if self.method == "linear" and self.slope is not None:
            unit = f" {currency}" if currency else ""
            return f"{self.slope:+,.2f}{unit} per month (linear trend of the {self.months} monthly totals)"
        return "not measured (a single month of history)"


def trend(history: History, years: list[Year] | None = None) -> Trend:
    years = history_years(history) if years is None else years
    complete = [y for y in years if y.complete]
    if len(complete) >= 2 and complete[1].total > 0:
        last, previous = complete[0], complete[1]
        return Trend("year_over_year", growth=last.total / previous.total - 1, previous=previous, last=last,
                     months=len(history.monthly))
    values = list(history.monthly.values())
    n = len(values)
    if n < 2:
        return Trend("none", months=n)
    mean_x = Decimal(n - 1) / 2
    mean_y = sum(values, ZERO) / n
    numerator = sum(((Decimal(i) - mean_x) * (y - mean_y) for i, y in enumerate(values)), ZERO)
    denominator = sum(((Decimal(i) - mean_x) ** 2 for i in range(n)), ZERO)
    return Trend("linear", slope=numerator / denominator, months=n)


@dataclass(frozen=True)
class Proposal:
    """The proposed monthly targets of the new period."""

    basis: Literal["growth", "target", "plan"]
    """``growth`` on last year's total, a ``target`` given, or the ``plan``'s revenue target."""
    growth: Decimal | None
    """The growth applied (basis ``growth``), else the growth the target implies on last year."""
    last_year_total: Decimal
    """Last year's won revenue (annualised when the history covers less than a year)."""
    last_year_annualised: bool
    reference: Decimal
    """Last year's revenue for the period's share of a year (the total the growth applies to), in cents."""
    target: Decimal
    step: Decimal
    monthly: dict[str, Decimal]
    last_year_monthly: dict[str, Decimal | None]
    """Each period month -> the won revenue of the same calendar month last year (None: not covered)."""

    @property
    def months(self) -> list[str]:
        return list(self.monthly)


def last_year_total(years: list[Year], season: Seasonality) -> tuple[Decimal, bool]:
    """Last year's total; a partial last year (under 12 months of history) is annualised."""
    last = years[0]
    if last.complete:
        return last.total, False
    covered = sum((season.shares[c] for c in last.by_calendar_month()), ZERO)
    return ((last.total / covered).quantize(CENT) if covered > 0 else last.total), True


def propose(history: History, season: Seasonality, months: list[str], *, step: Decimal = ONE,
            growth: Decimal | None = None, target: Decimal | None = None, plan_target: Decimal | None = None,
            years: list[Year] | None = None) -> Proposal:
    """Monthly targets for ``months``: ``target`` or ``plan_target`` spread with the seasonality, or
    last year's total times ``1 + growth`` (0 when none is given) for the period's share of a year.

    :raises HistoryError: nothing to grow (last year's total is not positive), or a target that
        is no multiple of ``step``.
    """
    years = history_years(history) if years is None else years
    last_total, annualised = last_year_total(years, season)
    reference = (last_total * season.fraction(months)).quantize(CENT)  # money: in cents
    if target is not None or plan_target is not None:
        basis: Literal["growth", "target", "plan"] = "target" if target is not None else "plan"
        total = target if target is not None else plan_target
        if total % step:
            whose = "the target" if target is not None else "the plan's target"
            raise HistoryError(f"{whose} {amount_text(total)} is not a multiple of the rounding step "
                               f"{amount_text(step)}: choose another --round, or give --target")
        applied = total / reference - 1 if reference > 0 else None
    else:
        basis, applied = "growth", growth if growth is not None else ZERO
        if last_total <= 0:
            raise HistoryError(f"{history.file}: last year's won revenue is {amount_text(last_total)}: nothing to grow "
                               "from; give the period's target with --target")
        total = round_to_step(reference * (1 + applied), step)
    weights = [season.weights[calendar_month(m)] for m in months]
    monthly = dict(zip(months, spread(total, weights, step)))
    last_year = years[0]
    same_month = {m: last_year.monthly.get(add_months(last_year.first, months_apart(last_year.first, m) % 12))
                  for m in months}
    return Proposal(basis, applied, last_total, annualised, reference, total, step, monthly, same_month)

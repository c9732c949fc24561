"""A whole forecast: history -> seasonality, trend, proposed targets, capacity and funnel checks.

:func:`forecast_file` is what ``salesplan forecast`` runs; :func:`build_forecast` does the same
from a :class:`~salesplan.forecast.history.History` already read; :func:`basis` gives the Word
plan's "Basis of the plan" section its tables (:class:`ForecastBasis`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable

from salesplan.plan import derived
from salesplan.forecast.capacity import Capacity, CapacityMonth, RepCapacity, capacity
from salesplan.forecast.funnel import FunnelCheck, FunnelComparison, ReverseFunnelRow, funnel_check
from salesplan.forecast.history import History, HistoryError, read_history
from salesplan.forecast.seasonality import (
    Proposal,
    Seasonality,
    Trend,
    Year,
    amount_text,
    history_years,
    propose,
    seasonality,
    trend,
)
from salesplan.plan.model import Goal, Plan

__all__ = [
    "BasisMonth", "Forecast", "ForecastBasis", "ForecastOptions", "basis", "build_forecast", "forecast_file",
    "forecast_months",
]

ONE = Decimal(1)
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class ForecastOptions:
    """What ``salesplan forecast`` lets the user choose (None: the default)."""

    start: str | None = None
    """First month of the new period, ``YYYY-MM`` (default: the plan's start, else the month
    after the history's last)."""
    months: int | None = None
    """Months in the new period (default: the plan's period with a plan and no ``start``, else 12)."""
    growth: Decimal | None = None
    """Growth on last year's total (a fraction: 0.15 for 15%)."""
    target: Decimal | None = None
    """The period's target, spread with the seasonality (exclusive with ``growth``)."""
    step: Decimal = ONE
    """Rounding step of the monthly targets (1: whole currency units)."""

    def problem(self) -> str | None:
        """Why these options cannot go together, in the command line's words (None: they can).

        The command line checks it before any file is read; :func:`build_forecast` refuses a
        growth with a target (ValueError), and :func:`propose` a target the step does not divide.
        """
        from salesplan.forecast.planfile import number_text

        if self.growth is not None and self.target is not None:
            return ("--growth and --target cannot be used together: give the growth on last year's total, or the "
                    "period's target")
        if self.target is not None and self.target % self.step:
            return f"--target {number_text(self.target)} is not a multiple of --round {number_text(self.step)}"
        return None


@dataclass(frozen=True)
class Forecast:
    """Everything ``salesplan forecast`` reports; amounts are Decimals."""

    history: History
    years: list[Year]
    seasonality: Seasonality
    trend: Trend
    proposal: Proposal
    plan_title: str | None
    goal: Goal | None
    """The plan's revenue goal the targets are for (None without a plan, or a plan without one)."""
    plan_monthly: dict[str, Decimal] | None
    """The goal's current target of each period month inside the plan's period."""
    capacity: Capacity | None
    funnel: FunnelCheck
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def currency(self) -> str | None:
        return self.history.currency

    @property
    def months(self) -> list[str]:
        return self.proposal.months


def forecast_months(history: History, plan: Plan | None, options: ForecastOptions) -> list[str]:
    """The new period's months from the options and their defaults."""
    if plan is not None:
        plan_months = derived.plan_months(plan)
        start = options.start or plan_months[0]
        default = len(plan_months) if options.start is None else DEFAULT_MONTHS
    else:
        start = options.start or derived.add_months(history.last_month, 1)
        default = DEFAULT_MONTHS
    return derived.month_range(start, options.months or default)


def build_forecast(history: History, plan: Plan | None = None, options: ForecastOptions | None = None) -> Forecast:
    """The forecast of ``history`` (read with :func:`read_history`) for ``plan``, if any.

    :raises HistoryError: nothing to forecast from or with (see :func:`propose`).
    """
    options = options or ForecastOptions()
    if options.growth is not None and options.target is not None:
        raise ValueError(options.problem())
    months = forecast_months(history, plan, options)
    years = history_years(history)
    season = seasonality(history, years)
    goal = derived.revenue_goal(plan) if plan is not None else None
    notes = _history_notes(history, plan)
    plan_target = None
    plan_monthly = None
    if goal is not None:
        targets = derived.monthly_targets(plan, goal)
        plan_monthly = {m: targets[m] for m in months if m in targets}
        if months == list(targets) and options.growth is None and options.target is None:
            plan_target = goal.target
    elif plan is not None:
        notes.append("the plan has no revenue goal: no capacity check, and --write has nothing to update")
    proposal = propose(history, season, months, step=options.step, growth=options.growth, target=options.target,
                       plan_target=plan_target, years=years)
    notes += season.notes
    if proposal.last_year_annualised:
        notes.append(f"the history covers less than a year: last year's total is annualised to "
                     f"{amount_text(proposal.last_year_total)}")
    cap = capacity(plan, goal, history, years[0], proposal.monthly) if goal is not None else None
    if cap is not None:
        notes += cap.notes
    funnel = funnel_check(history, plan, proposal.monthly)
    notes += funnel.notes
    warnings = _row_warnings(history) + funnel.warnings
    return Forecast(history, years, season, trend(history, years), proposal,
                    plan.plan.title if plan is not None else None, goal, plan_monthly, cap, funnel, notes, warnings)


def forecast_file(path: str | Path, plan: Plan | None = None, options: ForecastOptions | None = None, *,
                  sheet: str | None = None, progress: Callable[[int], None] | None = None) -> Forecast:
    """Read the history file at ``path`` and forecast from it.

    :raises salesplan.tracking.readers.ActualsError: the file cannot be used (one sentence).
    :raises HistoryError: nothing to forecast from.
    """
    return build_forecast(read_history(path, plan, sheet=sheet, progress=progress), plan, options)


def _history_notes(history: History, plan: Plan | None) -> list[str]:
    notes = []
    if plan is not None and history.unknown_reps:
        total = sum(history.unknown_reps.values())
        listed = ", ".join(f"'{name}' ({n})" for name, n in list(history.unknown_reps.items())[:5])
        more = len(history.unknown_reps) - 5
        notes.append(f"{total:,} won row{'s' if total != 1 else ''} name{'s' if total == 1 else ''} someone who is "
                     f"not in the plan: {listed}{f', and {more} more' if more > 0 else ''}; "
                     f"{'they count' if total != 1 else 'it counts'} for the team's history, "
                     "for no rep's attainment")
    return notes


def _row_warnings(history: History) -> list[str]:
    rows = history.rows
    if not rows.rejected:
        return list(history.reading_warnings)
    first = rows.rejected_examples[0] if rows.rejected_examples else None
    where = (f" (first: {first.sheet + ' ' if first.sheet else ''}row {first.row}: {first.reason})"
             if first else "")
    return [*history.reading_warnings, f"{rows.rejected:,} row{'s' if rows.rejected != 1 else ''} rejected{where}"]


# --------------------------------------------------------------------------- the Word plan's section


@dataclass(frozen=True)
class BasisMonth:
    """One month of the plan beside the history."""

    month: str
    last_year: Decimal | None
    """Won revenue of the same calendar month in the history's last year (None: not covered)."""
    plan: Decimal | None
    """The plan's target that month (its revenue goal's monthly)."""
    proposed: Decimal
    """The plan's target spread with the history's seasonality."""


@dataclass(frozen=True)
class ForecastBasis:
    """What the "Basis of the plan" section of the Word plan shows (``render --history FILE``).

    Numbers only (Decimals, months ``YYYY-MM``, shares as fractions), so the document formats
    them in its own language; ``notes`` and ``warnings`` are English sentences.
    """

    history_file: str
    currency: str | None
    last_year_label: str
    """``2026``, or ``2025-07..2026-06`` when the history's last year is no calendar year."""
    last_year: list[tuple[str, Decimal]]
    """The history's last 12 months (fewer when it is shorter): (month, won revenue)."""
    last_year_total: Decimal
    """Last year's won revenue (annualised when the history covers less than a year)."""
    target: Decimal
    """The plan's revenue target."""
    implied_growth: Decimal | None
    """target / last year's revenue over the same months - 1."""
    seasonality: dict[int, Decimal]
    """Calendar month (1..12) -> share of a year."""
    trend: Trend
    months: list[BasisMonth]
    reps: list[RepCapacity]
    capacity: list[CapacityMonth]
    """Month by month: target (the plan's own monthly target when the history covers the plan's
    period, else the proposed one), effective quotas, capacity, gap, additional reps."""
    capacity_gap: Decimal | None
    additional_reps: int | None
    hire_month: str | None
    hire_quota: Decimal | None
    funnel: list[FunnelComparison]
    """Win rate, average won deal size and sales cycle: plan beside history."""
    reverse_funnel: list[ReverseFunnelRow]
    """Each funnel stage: how many the targets need with the plan's figures and with the history's."""
    notes: list[str]
    warnings: list[str]


def basis(plan: Plan, history_path: str | Path, *, sheet: str | None = None) -> ForecastBasis:
    """The "Basis of the plan" of ``plan`` from the history file at ``history_path``.

    The forecast with its defaults for the plan: the plan's period, the plan's revenue target
    spread with the history's seasonality, the capacity and funnel checks against it.

    :raises salesplan.tracking.readers.ActualsError: the history file cannot be used.
    :raises HistoryError: nothing to forecast from (no won deal, or no revenue goal in the plan).
    """
    result = forecast_file(history_path, plan, sheet=sheet)
    if result.goal is None:
        raise HistoryError(f"{plan.plan.title}: the plan has no revenue goal to compare with the history")
    proposal = result.proposal
    last = result.years[0]
    months = [BasisMonth(m, proposal.last_year_monthly[m], (result.plan_monthly or {}).get(m), proposal.monthly[m])
              for m in proposal.months]
    cap = result.capacity
    if result.plan_monthly and list(result.plan_monthly) == proposal.months:
        # the document shows the plan as written: its reps against its own monthly targets
        cap = capacity(plan, result.goal, result.history, last, result.plan_monthly)
    return ForecastBasis(
        history_file=result.history.file,
        currency=result.currency,
        last_year_label=last.label,
        last_year=list(last.monthly.items()),
        last_year_total=proposal.last_year_total,
        target=proposal.target,
        implied_growth=proposal.growth,
        seasonality=dict(result.seasonality.shares),
        trend=result.trend,
        months=months,
        reps=cap.reps if cap else [],
        capacity=cap.months if cap else [],
        capacity_gap=cap.gap if cap else None,
        additional_reps=cap.additional_reps if cap else None,
        hire_month=cap.hire_month if cap else None,
        hire_quota=cap.hire_quota if cap else None,
        funnel=result.funnel.comparison,
        reverse_funnel=result.funnel.reverse,
        notes=result.notes,
        warnings=result.warnings,
    )

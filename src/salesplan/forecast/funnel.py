"""Funnel reality check: the plan's funnel assumptions against what the history shows.

Definitions (the README repeats them):

* **Observed win rate** = won deals / (won + lost deals), over the whole history file; lost
  deals are the rows whose stage is ``Closed Lost``, ``Lost``, ``Perdu`` or ``Perdue``
  (ignoring case and accents). Refunds are no deals; open deals do not count. Not measured
  without a stage column or without any lost deal (a won-only export would show 100%).
* **Average won deal size** = won revenue of the deals / their number (refunds left out).
* **Sales cycle** = the median, over won deals with a created date (``Create Date``,
  ``Created``, ``Date de création`` ...), of the days from creation to close.
* **The plan's win rate** is the conversion of the funnel's second-to-last stage: the share
  of opportunities (the stage just above the won deals) that are won. The plan's deal size
  is ``prospecting.funnel.average_deal_size``; the plan states no sales cycle.
* A figure is flagged when it differs from the plan's by more than the plan's tracking
  tolerance, relatively (``|observed / plan - 1| > tolerance``).
* The **reverse funnel** of the proposed targets is walked twice with derived's rounding
  rules (:func:`salesplan.derived.funnel_needs`): with the plan's figures, and with the
  observed deal size and win rate in place of the plan's (other conversions as planned).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from salesplan.plan import derived
from salesplan.forecast.history import LOST_STAGES, History
from salesplan.plan.model import Plan

__all__ = ["FunnelCheck", "FunnelComparison", "ObservedFunnel", "ReverseFunnelRow", "funnel_check", "observe"]


@dataclass(frozen=True)
class ObservedFunnel:
    won: int
    lost: int
    win_rate: Decimal | None
    average_deal_size: Decimal | None
    cycle_days: Decimal | None
    """Median days from creation to close of the won deals with a created date."""
    cycle_deals: int
    notes: list[str] = field(default_factory=list)


def observe(history: History) -> ObservedFunnel:
    notes: list[str] = []
    won, lost = history.won_deals, history.lost_deals
    win_rate = None
    if history.layout == "grid":
        notes.append("a rep-by-month grid holds amounts, not deals: no win rate, deal size or sales cycle")
        return ObservedFunnel(won, lost, None, None, None, 0, notes)
    if not history.has_stage:
        notes.append("the history has no stage column: every row is a won deal, the win rate is not measured")
    elif not lost:
        notes.append(f"the history has no lost deal ({', '.join(LOST_STAGES)}): the win rate is not measured")
    else:
        win_rate = Decimal(won) / Decimal(won + lost)
    size = history.won_deals_amount / won if won else None
    cycle, counted = _median(history.cycle_days), sum(history.cycle_days.values())
    if not history.has_created:
        notes.append("the history has no created-date column (Create Date, Created, Date de création): "
                     "the sales cycle is not measured")
    elif history.cycle_unknown:
        notes.append(f"{history.cycle_unknown:,} won deal{'s' if history.cycle_unknown != 1 else ''} without a "
                     "usable created date (empty, unreadable or after the close) left out of the sales cycle")
    return ObservedFunnel(won, lost, win_rate, size, cycle, counted, notes)


def _median(histogram: dict[int, int]) -> Decimal | None:
    count = sum(histogram.values())
    if not count:
        return None
    wanted = [(count - 1) // 2, count // 2]  # the middle one, or the two middle ones
    found: list[int] = []
    seen = 0
    for days, n in sorted(histogram.items()):
        while len(found) < 2 and wanted[len(found)] < seen + n:
            found.append(days)
        seen += n
        if len(found) == 2:
            break
    return Decimal(found[0] + found[1]) / 2


@dataclass(frozen=True)
class FunnelComparison:
    measure: Literal["win_rate", "average_deal_size", "sales_cycle_days"]
    plan: Decimal | None
    observed: Decimal | None
    difference: Decimal | None
    """observed / plan - 1 (None when either is missing)."""
    flagged: bool
    """The difference is beyond the plan's tolerance."""


@dataclass(frozen=True)
class ReverseFunnelRow:
    stage: str
    plan_conversion: Decimal | None
    observed_conversion: Decimal | None
    plan: dict[str, int]
    """Month -> how many the proposed targets need with the plan's figures."""
    observed: dict[str, int]
    """Month -> how many with the observed deal size and win rate."""
    plan_total: int
    """How many the period needs with the plan's figures (from the whole target, not the months added up)."""
    observed_total: int
    """The same with the observed figures."""


@dataclass(frozen=True)
class FunnelCheck:
    observed: ObservedFunnel
    tolerance: Decimal | None
    comparison: list[FunnelComparison]
    reverse: list[ReverseFunnelRow]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_LABELS = {"win_rate": "win rate", "average_deal_size": "average won deal size", "sales_cycle_days": "sales cycle"}


def funnel_check(history: History, plan: Plan | None, targets: dict[str, Decimal]) -> FunnelCheck:
    """Observed funnel figures, beside the plan's when it has a funnel, and the reverse funnels of ``targets``."""
    seen = observe(history)
    funnel = plan.prospecting.funnel if plan is not None and plan.prospecting else None
    if funnel is None:
        comparison = [FunnelComparison("win_rate", None, seen.win_rate, None, False),
                      FunnelComparison("average_deal_size", None, seen.average_deal_size, None, False),
                      FunnelComparison("sales_cycle_days", None, seen.cycle_days, None, False)]
        notes = list(seen.notes)
        if plan is not None:
            notes.append("the plan has no prospecting.funnel to compare with")
        return FunnelCheck(seen, None, comparison, [], [], notes)

    tolerance = plan.tracking_settings.tolerance
    plan_rate = funnel.stages[-2].conversion
    warnings = []
    comparison = []
    for measure, planned, observed, show in (
        ("win_rate", plan_rate, seen.win_rate, _percent),
        ("average_deal_size", funnel.average_deal_size, seen.average_deal_size, _amount),
    ):
        difference = observed / planned - 1 if observed is not None and planned else None
        flagged = difference is not None and abs(difference) > tolerance
        comparison.append(FunnelComparison(measure, planned, observed, difference, flagged))
        if flagged:
            warnings.append(f"observed {_LABELS[measure]} {show(observed)} differs from the plan's {show(planned)} "
                            f"by {difference * 100:+.1f}% (tolerance {(tolerance * 100).normalize():f}%)")
    comparison.append(FunnelComparison("sales_cycle_days", None, seen.cycle_days, None, False))

    stages = [(s.name, s.conversion) for s in funnel.stages]
    planned_rows = derived.funnel_needs(targets, funnel.average_deal_size, stages)
    observed_stages = list(stages)
    if seen.win_rate:
        observed_stages[-2] = (stages[-2][0], seen.win_rate)
    observed_rows = derived.funnel_needs(targets, seen.average_deal_size or funnel.average_deal_size,
                                         observed_stages)
    notes = list(seen.notes)
    reverse = []
    if planned_rows and observed_rows:
        reverse = [ReverseFunnelRow(p.stage, p.conversion, o.conversion, p.by_month, o.by_month, p.total, o.total)
                   for p, o in zip(planned_rows, observed_rows)]
        if seen.win_rate is None or seen.average_deal_size is None:
            notes.append("the reverse funnel keeps the plan's "
                         + " and ".join(w for w, missing in (("win rate", seen.win_rate is None),
                                                              ("deal size", seen.average_deal_size is None)) if missing)
                         + " where the history does not measure it")
    return FunnelCheck(seen, tolerance, comparison, reverse, warnings, notes)


def _percent(value: Decimal) -> str:
    return f"{value * 100:.1f}%"


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}".removesuffix(".00")

"""Capacity check: can the plan's reps, performing as they did last year, carry the new targets?

Definitions (the README repeats them):

* **Attainment** of a rep: their won revenue over the history's last year, divided by what
  their *current* full monthly quota would have asked of them over the same months, counting
  their start month and ramp (``full quota x sum of ramp shares`` over those months; for a
  rep who was at full speed all year, simply their monthly average actual / full monthly
  quota). Capped at :data:`ATTAINMENT_CAP` (an exceptional year rarely repeats) and never
  below 0. A rep with no won deal in the history's last year (new, or spelled otherwise in
  the file), or whose quota asked nothing of them then (not started yet), is taken at 100%.
* **Capacity** of a month: the sum over the reps carrying the goal of their effective quota
  that month (start month and ramp, :func:`salesplan.derived.quota_in_month`) times their
  attainment. **Gap** = target - capacity.
* **Additional reps** that close the period's gap: new reps with the mean full quota of the
  current reps, at 100% attainment, starting in the month of the plan's first hire inside the
  period (else the period's first month) and ramping like the team (the mean of the plan's
  members' ramps, :func:`salesplan.derived.typical_ramp`; none: full quota at once). Their
  number is the gap over the period divided by what one of them brings, rounded up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from salesplan.plan import derived
from salesplan.plan.derived import ZERO, ceil, month_key, months_apart
from salesplan.forecast.history import History
from salesplan.forecast.seasonality import Year
from salesplan.plan.model import Goal, Plan

__all__ = ["ATTAINMENT_CAP", "Capacity", "CapacityMonth", "RepCapacity", "capacity"]

ATTAINMENT_CAP = Decimal("1.5")
"""Highest attainment a rep is credited with (150%)."""
ONE = Decimal(1)


@dataclass(frozen=True)
class RepCapacity:
    rep: str
    name: str
    full_quota: Decimal
    attainment: Decimal
    basis: Literal["history", "capped", "no_history"]
    history_actual: Decimal | None
    """Won revenue over the last year (None: no history)."""
    history_expected: Decimal | None
    """What the current quota would have asked over the same months (start and ramp counted)."""


@dataclass(frozen=True)
class CapacityMonth:
    month: str
    target: Decimal
    quota: Decimal
    """Sum of the reps' effective quotas."""
    capacity: Decimal
    """Sum of effective quota x attainment."""
    gap: Decimal
    """Target - capacity (negative: room to spare)."""
    hires: Decimal
    """What the additional reps bring that month."""

    @property
    def with_hires(self) -> Decimal:
        return self.capacity + self.hires


@dataclass(frozen=True)
class Capacity:
    goal: str
    reps: list[RepCapacity]
    months: list[CapacityMonth]
    hire_quota: Decimal | None
    """Full monthly quota of an additional rep (the mean of the current reps'); None without reps."""
    hire_month: str | None
    ramp: list[Decimal]
    additional_reps: int | None
    """None when reps cannot close the gap (no rep to take a quota from, or they would start too late)."""
    notes: list[str] = field(default_factory=list)

    @property
    def target(self) -> Decimal:
        return sum((m.target for m in self.months), ZERO)

    @property
    def capacity(self) -> Decimal:
        return sum((m.capacity for m in self.months), ZERO)

    @property
    def gap(self) -> Decimal:
        """The period's shortfall (0 when capacity covers the target)."""
        return max(self.target - self.capacity, ZERO)


def capacity(plan: Plan, goal: Goal, history: History, last_year: Year, targets: dict[str, Decimal]) -> Capacity:
    """The capacity check of ``goal``'s reps against ``targets`` (month -> target)."""
    months = list(targets)
    notes: list[str] = []
    reps: list[RepCapacity] = []
    per_month = {m: [ZERO, ZERO] for m in months}  # quota, capacity
    quotas = derived.quotas_for_goal(plan, goal)
    full_quotas = []
    for quota in quotas:
        member = plan.member(quota.rep)
        full = derived.full_monthly_quota(quota)
        full_quotas.append(full)
        rep = _attainment(plan, quota.rep, full, history, last_year)
        reps.append(rep)
        for month in months:
            effective = derived.quota_in_month(plan, quota, month)
            per_month[month][0] += effective
            per_month[month][1] += effective * rep.attainment
        if rep.basis == "no_history":
            name = member.name if member else quota.rep
            hint = " (a name the file spells differently maps to a member in tracking.actuals.reps)" \
                if history.unknown_reps else ""
            notes.append(f"{name} has no won deal in the history's last year: attainment taken as 100%{hint}")
        elif rep.basis == "capped":
            notes.append(f"{member.name if member else quota.rep} made {rep.history_actual / rep.history_expected:.0%} "
                         f"of the current quota last year: counted at {ATTAINMENT_CAP:.0%}")
    if not quotas:
        notes.append(f"no rep carries a quota for goal '{goal.id}': the capacity is zero")

    hire_quota = sum(full_quotas, ZERO) / len(full_quotas) if full_quotas else None
    ramp = derived.typical_ramp(plan)
    hire_month = _hire_month(plan, months, notes)
    gap = sum(targets.values(), ZERO) - sum((c for _, c in per_month.values()), ZERO)
    brings = {m: (hire_quota or ZERO) * derived.ramp_at(ramp, months_apart(hire_month, m)) for m in months}
    one_rep = sum(brings.values(), ZERO)
    if gap <= 0:
        additional: int | None = 0
    elif hire_quota is None or one_rep <= 0:
        additional = None
        notes.append("additional reps cannot close the gap: "
                     + ("no current quota to size them on" if hire_quota is None else "they would start too late"))
    else:
        additional = ceil(gap / one_rep)
    rows = [
        CapacityMonth(m, targets[m], per_month[m][0], per_month[m][1], targets[m] - per_month[m][1],
                      brings[m] * additional if additional else ZERO)
        for m in months
    ]
    return Capacity(goal.id, reps, rows, hire_quota, hire_month, ramp, additional, notes)


def _attainment(plan: Plan, rep: str, full: Decimal, history: History, last_year: Year) -> RepCapacity:
    member = plan.member(rep)
    name = member.name if member else rep
    sold = [history.rep_monthly[(rep, m)] for m in last_year.monthly if (rep, m) in history.rep_monthly]
    if not sold:
        return RepCapacity(rep, name, full, ONE, "no_history", None, None)
    actual = sum(sold, ZERO)
    expected = full * sum((derived.ramp_share(member, m) for m in last_year.monthly), ZERO)
    if expected <= 0:
        return RepCapacity(rep, name, full, ONE, "no_history", actual, expected)
    attainment = max(actual / expected, ZERO)
    if attainment > ATTAINMENT_CAP:
        return RepCapacity(rep, name, full, ATTAINMENT_CAP, "capped", actual, expected)
    return RepCapacity(rep, name, full, attainment, "history", actual, expected)


def _hire_month(plan: Plan, months: list[str], notes: list[str]) -> str:
    """When additional reps would start: the plan's first hire inside the period, else its first month."""
    hires = sorted(plan.team.hires if plan.team else [], key=lambda h: h.start)
    inside = [h for h in hires if month_key(h.start) in months]
    if inside:
        return month_key(inside[0].start)
    if hires:
        notes.append(f"no hire of the plan starts inside the period: additional reps are counted from {months[0]}")
    else:
        notes.append(f"the plan lists no hires: additional reps are counted from {months[0]}")
    return months[0]

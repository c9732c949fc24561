"""Derived numbers of a plan: pure functions over the model, no I/O, no formatting.

Everything the summary, the Word document and the tracking engine show comes from here:
monthly targets and roll-ups, effective rep quotas, over-assignment, territory split, the
reverse funnel, budget totals. All money is :class:`~decimal.Decimal`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from salesplan.plan.months import (  # noqa: F401  (re-exported: derived.month_key etc.)
    add_months, month_end, month_key, month_range, month_start, months_apart,
    months_between, quarter_of,
)
from salesplan.plan.model import BUDGET_CATEGORIES, Action, Goal, Hire, Member, Plan, Quota

ZERO = Decimal(0)
CENT = Decimal("0.01")


# --------------------------------------------------------------------------- months


def plan_months(plan: Plan) -> list[str]:
    return months_between(plan.plan.start, plan.plan.end)


def round_to_step(value: Decimal, step: Decimal) -> Decimal:
    """``value`` rounded half up to a multiple of ``step`` (``step`` 100: 34,449.99 -> 34,400)."""
    return (value / step).to_integral_value(rounding=ROUND_HALF_UP) * step


# --------------------------------------------------------------------------- spreading


def spread(total: Decimal, weights: list[Decimal], unit: Decimal = CENT) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` into multiples of ``unit`` that add up exactly.

    Largest-remainder rounding: every part is rounded down, then the units left over go to
    the parts with the largest remainders (the earliest one first on a tie).
    """
    if not weights:
        return []
    weight_sum = sum(weights, ZERO)
    if weight_sum == 0:
        weights = [Decimal(1)] * len(weights)
        weight_sum = Decimal(len(weights))
    units_total = (total / unit).to_integral_value(rounding=ROUND_FLOOR)
    exact = [total * w / weight_sum / unit for w in weights]
    floors = [e.to_integral_value(rounding=ROUND_FLOOR) for e in exact]
    left = int(units_total - sum(floors, ZERO))
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:max(left, 0)]:
        floors[i] += 1
    parts = [f * unit for f in floors]
    # whatever does not fit in whole units (a total with more decimals than unit) goes last
    parts[-1] += total - sum(parts, ZERO)
    return parts


def goal_unit(goal: Goal) -> Decimal:
    """Deals goals spread in whole deals (when the target is whole), revenue in cents."""
    if goal.metric == "deals" and goal.target == goal.target.to_integral_value():
        return Decimal(1)
    return CENT


# --------------------------------------------------------------------------- goals


def monthly_targets(plan: Plan, goal: Goal) -> dict[str, Decimal]:
    """The goal's target for every month of the period: as written, or spread evenly."""
    months = plan_months(plan)
    if goal.monthly is not None:
        return {m: goal.monthly.get(m, ZERO) for m in months}
    parts = spread(goal.target, [Decimal(1)] * len(months), goal_unit(goal))
    return dict(zip(months, parts))


def cumulative(values: dict[str, Decimal]) -> dict[str, Decimal]:
    running, out = ZERO, {}
    for key, value in values.items():
        running += value
        out[key] = running
    return out


def quarterly(values: dict[str, Decimal]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for month, value in values.items():
        out[quarter_of(month)] = out.get(quarter_of(month), ZERO) + value
    return out


def yearly(values: dict[str, Decimal]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for month, value in values.items():
        out[month[:4]] = out.get(month[:4], ZERO) + value
    return out


def territory_split(goal: Goal) -> dict[str, tuple[Decimal, Decimal]]:
    """Territory id -> (sub-goal, share of the goal's target)."""
    if not goal.territories:
        return {}
    return {tid: (amount, amount / goal.target) for tid, amount in goal.territories.items()}


def territory_monthly_targets(plan: Plan, goal: Goal, territory: str) -> dict[str, Decimal]:
    """A territory's monthly targets: its sub-goal's share of the team's monthly targets."""
    if not goal.territories or territory not in goal.territories:
        return {}
    team = monthly_targets(plan, goal)
    sub_goal = goal.territories[territory]
    return dict(zip(team, spread(sub_goal, list(team.values()), CENT)))


# --------------------------------------------------------------------------- quotas


def quota_goal(plan: Plan, quota: Quota) -> Goal:
    """The goal a quota carries (default: the priority-1 goal)."""
    return (plan.goal(quota.goal) if quota.goal else None) or plan.main_goal


def effective_quota(plan: Plan, quota: Quota) -> dict[str, Decimal]:
    """A rep's quota for every month of the period, start month and ramp included.

    A flat ``monthly`` amount is zero before the month of the member's ``start``, scaled by
    ``ramp[i]`` in the i-th month counted from that month (index 0), and full afterwards. A
    quota written month by month is taken as written.
    """
    months = plan_months(plan)
    if isinstance(quota.monthly, dict):
        return {m: quota.monthly.get(m, ZERO) for m in months}
    member = plan.member(quota.rep)
    return {m: quota.monthly * ramp_share(member, m) for m in months}


def ramp_share(member: Member | None, month: str) -> Decimal:
    """The share of full quota a member carries in ``month`` (1 with no start or ramp)."""
    if member is None or member.start is None:
        return Decimal(1)
    start = month_key(member.start)
    if month < start:
        return ZERO
    index = (int(month[:4]) - int(start[:4])) * 12 + int(month[5:7]) - int(start[5:7])
    if index < len(member.ramp):
        return member.ramp[index]
    return Decimal(1)


def full_quota(plan: Plan, quota: Quota) -> dict[str, Decimal]:
    """The quota every month without start and ramp (what the rep would carry at full speed)."""
    if isinstance(quota.monthly, dict):
        return {m: quota.monthly.get(m, ZERO) for m in plan_months(plan)}
    return {m: quota.monthly for m in plan_months(plan)}


def full_monthly_quota(quota: Quota) -> Decimal:
    """A rep's full monthly quota: the flat amount, or the mean of a quota written month by month."""
    if isinstance(quota.monthly, dict):
        values = list(quota.monthly.values())
        return sum(values, ZERO) / len(values) if values else ZERO
    return quota.monthly


def quota_in_month(plan: Plan, quota: Quota, month: str) -> Decimal:
    """A rep's effective quota in any month, also outside the plan period (a forecast's months).

    A flat quota is scaled by :func:`ramp_share` (start month and ramp). A quota written month
    by month is taken as written for the months it lists; for another month it is its mean
    (:func:`full_monthly_quota`) scaled like a flat quota.
    """
    if isinstance(quota.monthly, dict) and month in quota.monthly:
        return quota.monthly[month]
    return full_monthly_quota(quota) * ramp_share(plan.member(quota.rep), month)


def typical_ramp(plan: Plan) -> list[Decimal]:
    """The ramp a new hire is expected to follow: the mean of the plan's members' ramps.

    Averaged step by step over the members that have a ramp; a shorter ramp counts as full
    quota (1) past its end. Empty when no member has a ramp (a new hire is at full quota at once).
    """
    ramps = [m.ramp for m in plan.members if m.ramp]
    if not ramps:
        return []
    length = max(map(len, ramps))
    return [sum((r[i] if i < len(r) else Decimal(1) for r in ramps), ZERO) / len(ramps) for i in range(length)]


def ramp_at(ramp: list[Decimal], index: int) -> Decimal:
    """The share of full quota in the ``index``-th month of a ramp (0 before it starts, 1 after it)."""
    if index < 0:
        return ZERO
    return ramp[index] if index < len(ramp) else Decimal(1)


def quotas_for_goal(plan: Plan, goal: Goal) -> list[Quota]:
    return [q for q in (plan.quotas or []) if quota_goal(plan, q).id == goal.id]


def quota_totals(plan: Plan, goal: Goal) -> dict[str, Decimal]:
    """Sum of the effective rep quotas that carry ``goal``, month by month."""
    totals = {m: ZERO for m in plan_months(plan)}
    for quota in quotas_for_goal(plan, goal):
        for month, amount in effective_quota(plan, quota).items():
            totals[month] += amount
    return totals


def over_assignment(plan: Plan, goal: Goal) -> dict[str, Decimal | None]:
    """Quota over-assignment per month: sum of rep quotas / team target (None for a zero target)."""
    targets = monthly_targets(plan, goal)
    totals = quota_totals(plan, goal)
    return {m: (totals[m] / targets[m] if targets[m] else None) for m in targets}


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return numerator / denominator if denominator else None


def period_over_assignment(plan: Plan, goal: Goal) -> Decimal | None:
    """Over-assignment over the whole period: all rep quotas / the goal's target."""
    return ratio(sum(quota_totals(plan, goal).values(), ZERO), sum(monthly_targets(plan, goal).values(), ZERO))


def ramping_reps(plan: Plan, goal: Goal) -> list[Quota]:
    """Quotas of ``goal`` whose rep carries less than the full quota in some month of the period."""
    return [q for q in quotas_for_goal(plan, goal) if effective_quota(plan, q) != full_quota(plan, q)]


# --------------------------------------------------------------------------- pacing


def clip_as_of(plan: Plan, as_of: dt.date) -> dt.date:
    """The date a progress report is made at: a date after the period is clipped to its end.

    A date before the start stays as given (nothing is expected yet).
    """
    return min(as_of, plan.plan.end)


def month_span(plan: Plan, month: str) -> tuple[dt.date, dt.date]:
    """The first and last day of ``month`` that lie inside the plan period."""
    return max(month_start(month), plan.plan.start), min(month_end(month), plan.plan.end)


def elapsed_days_in_month(plan: Plan, month: str, as_of: dt.date) -> tuple[int, int]:
    """(days of ``month`` inside the period on or before ``as_of``, days of ``month`` inside the period)."""
    first, last = month_span(plan, month)
    span = (last - first).days + 1
    return max(0, min((as_of - first).days + 1, span)), span


def prorate(plan: Plan, month: str, amount: Decimal, as_of: dt.date) -> Decimal:
    """``amount`` times the elapsed share of ``month``, multiplied before dividing (exact when it can be)."""
    elapsed, span = elapsed_days_in_month(plan, month, as_of)
    if elapsed == span:
        return amount
    return amount * elapsed / span


def expected_to_date(plan: Plan, monthly: dict[str, Decimal], as_of: dt.date) -> Decimal:
    """Targets pacing: the months ended by ``as_of`` in full, the month of ``as_of`` pro rata."""
    return sum((prorate(plan, month, amount, as_of) for month, amount in monthly.items()), ZERO)


def period_days(plan: Plan) -> int:
    return (plan.plan.end - plan.plan.start).days + 1


def elapsed_days(plan: Plan, as_of: dt.date) -> int:
    """Days of the period on or before ``as_of`` (0 before the start)."""
    return max(0, min((as_of - plan.plan.start).days + 1, period_days(plan)))


def linear_expected_to_date(plan: Plan, target: Decimal, as_of: dt.date) -> Decimal:
    """Linear pacing: the whole target spread evenly over the days of the period."""
    return target * Decimal(elapsed_days(plan, as_of)) / Decimal(period_days(plan))


def _days_after(plan: Plan, month: str, as_of: dt.date) -> int:
    first, last = month_span(plan, month)
    return max(0, (last - max(first - dt.timedelta(days=1), as_of)).days)


def needed_per_month(plan: Plan, monthly: dict[str, Decimal], actual: Decimal, as_of: dt.date,
                     *, linear: bool = False) -> dict[str, Decimal]:
    """What is still needed each remaining month to reach the target, in cents that add up.

    The rest of the target (target - actual to date) is spread over the month of ``as_of``
    and every later month in proportion to the part of each month's target still ahead: the
    month of ``as_of`` weighs its target times the days after ``as_of`` / its days, a later
    month its whole target. With ``linear`` pacing the rest is spread over the remaining days
    of the period instead. Only months that still carry part of the target are listed; the
    result is empty when the target is met or no day remains. When the remaining months carry
    no target at all (a plan whose targets end early) the rest is spread by remaining days.
    """
    rest = sum(monthly.values(), ZERO) - actual
    if rest <= 0:
        return {}
    days = {m: _days_after(plan, m, as_of) for m in monthly}
    if linear:
        weights = {m: Decimal(d) for m, d in days.items() if d}
    else:
        weights = {}
        for month, target in monthly.items():
            if days[month] and target:
                first, last = month_span(plan, month)
                weights[month] = target * Decimal(days[month]) / Decimal((last - first).days + 1)
        if not weights:
            weights = {m: Decimal(d) for m, d in days.items() if d}
    if not weights:
        return {}
    return dict(zip(weights, spread(rest, list(weights.values()), CENT)))


# --------------------------------------------------------------------------- funnel


@dataclass(frozen=True)
class FunnelRow:
    """One stage of the reverse funnel: what each month needs, and what the period needs.

    ``by_month`` rounds every month up on its own (a month's deals cannot come from another
    month), so the months may add up to more than ``total``, which is worked out once from
    the period's whole target: 30,000 at 3,000 a deal is 10 won deals for the period even
    when three months rounded up one by one ask for 3 + 3 + 5.
    """

    stage: str
    conversion: Decimal | None
    by_month: dict[str, int]
    total: int

    @property
    def months_sum(self) -> int:
        """The months' figures added up (at least :attr:`total`)."""
        return sum(self.by_month.values())


def ceil(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def revenue_goal(plan: Plan) -> Goal | None:
    """The most important revenue goal (the one the funnel and the budget ratio refer to)."""
    return next((g for g in plan.goals_by_priority() if g.metric == "revenue"), None)


def reverse_funnel(plan: Plan) -> list[FunnelRow]:
    """How many of each funnel stage every month needs, top stage first.

    Won deals = month target / average deal size, rounded up; then every stage above =
    the rounded figure of the stage below / its conversion, rounded up. Each row's ``total``
    follows the same rule from the period's whole target.
    """
    funnel = plan.prospecting.funnel if plan.prospecting else None
    goal = revenue_goal(plan)
    if funnel is None or goal is None:
        return []
    stages = [(stage.name, stage.conversion) for stage in funnel.stages]
    return funnel_needs(monthly_targets(plan, goal), funnel.average_deal_size, stages)


def funnel_needs(targets: dict[str, Decimal], deal_size: Decimal,
                 stages: list[tuple[str, Decimal | None]]) -> list[FunnelRow]:
    """The reverse funnel of monthly revenue ``targets``, top stage first (empty if it cannot be walked).

    ``stages`` are (name, conversion to the next stage), top to bottom; the last one is the won
    deals. Won deals = target / ``deal_size`` rounded up, then every stage above = the rounded
    figure of the stage below / its conversion, rounded up: month by month, and once for the
    period's total target (the row's ``total``).
    """
    if not stages or deal_size <= 0:
        return []
    needed = {m: max(ceil(t / deal_size), 0) for m, t in targets.items()}
    period = max(ceil(sum(targets.values(), ZERO) / deal_size), 0)
    rows = [FunnelRow(stages[-1][0], stages[-1][1], needed, period)]
    for name, conversion in reversed(stages[:-1]):
        if not conversion:
            return []  # reported by the cross-checks; nothing sensible to show
        needed = {m: ceil(Decimal(n) / conversion) for m, n in needed.items()}
        period = ceil(Decimal(period) / conversion)
        rows.append(FunnelRow(name, conversion, needed, period))
    rows.reverse()
    return rows


def deals_needed(plan: Plan) -> int | None:
    """Won deals the revenue target needs over the period (the funnel's exact period figure)."""
    rows = reverse_funnel(plan)
    return rows[-1].total if rows else None


@dataclass(frozen=True)
class DealsCheck:
    """A won-deals goal beside the won deals the reverse funnel needs for the revenue goal."""

    goal: Goal
    funnel_deals: int
    difference: Decimal  # goal target - funnel deals (+: the goal asks for more deals)


def deals_checks(plan: Plan) -> list[DealsCheck]:
    """Every won-deals goal against the funnel's won deals, when the plan has both."""
    deals = deals_needed(plan)
    if deals is None:
        return []
    return [DealsCheck(g, deals, g.target - deals) for g in plan.goals_by_priority() if g.metric == "deals"]


# --------------------------------------------------------------------------- actions


def key_actions(plan: Plan, count: int = 3) -> list[Action]:
    """The ``count`` most important actions: those serving the highest-priority goals first.

    Actions linked to a goal come in the order of the goals' priorities, then the actions
    linked to no goal; actions of equal rank keep their order in the plan.
    """
    rank = {goal.id: index for index, goal in enumerate(plan.goals_by_priority())}
    unlinked = len(rank)
    actions = plan.actions or []
    ordered = sorted(enumerate(actions), key=lambda pair: (rank.get(pair[1].goal or "", unlinked), pair[0]))
    return [action for _, action in ordered[:count]]


# --------------------------------------------------------------------------- budget


@dataclass(frozen=True)
class HireCost:
    """What a planned hire costs within the period: its months there times count and monthly cost."""

    hire: Hire
    months: int  # months of the period from the month of the start (a whole month, like a ramp)
    cost: Decimal | None  # None when the plan gives no monthly cost


def hire_costs(plan: Plan) -> list[HireCost]:
    """Every planned hire with its cost inside the plan period (0 months for a start after it)."""
    months = plan_months(plan)
    found = []
    for hire in plan.team.hires if plan.team else []:
        start = month_key(hire.start)
        inside = sum(1 for m in months if m >= start)
        cost = hire.monthly_cost * hire.count * inside if hire.monthly_cost is not None else None
        found.append(HireCost(hire, inside, cost))
    return found


@dataclass(frozen=True)
class BudgetSummary:
    total: Decimal
    by_category: dict[str, Decimal]
    ratio_to_revenue: Decimal | None
    revenue_target: Decimal | None
    cost_per_won_deal: Decimal | None
    """The budget lines / the won deals the funnel needs over the period (hires not counted)."""
    deals: int | None = None
    hires_cost: Decimal = ZERO
    """Salaries of the planned hires within the period (those with a monthly cost)."""
    hires_unpriced: int = 0
    """Planned hires the plan gives no monthly cost for (outside every figure)."""

    @property
    def total_with_hires(self) -> Decimal:
        return self.total + self.hires_cost

    @property
    def ratio_with_hires(self) -> Decimal | None:
        return ratio(self.total_with_hires, self.revenue_target) if self.revenue_target else None

    @property
    def revenue_per_cost(self) -> Decimal | None:
        """The other way round: revenue target for each unit of budget (``1.21`` for 30,000 / 24,800)."""
        return ratio(self.revenue_target, self.total) if self.revenue_target is not None else None


def budget_summary(plan: Plan) -> BudgetSummary:
    lines = plan.budget or []
    by_category: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        by_category[line.category] += line.amount
    ordered = {c: by_category[c] for c in BUDGET_CATEGORIES if c in by_category}
    total = sum(ordered.values(), ZERO)
    goal = revenue_goal(plan)
    deals = deals_needed(plan)
    hires = hire_costs(plan)
    return BudgetSummary(
        total=total,
        by_category=ordered,
        ratio_to_revenue=ratio(total, goal.target) if goal else None,
        revenue_target=goal.target if goal else None,
        cost_per_won_deal=(total / deals).quantize(CENT) if deals else None,
        deals=deals,
        hires_cost=sum((h.cost for h in hires if h.cost is not None), ZERO),
        hires_unpriced=sum(h.hire.count for h in hires if h.cost is None and h.months),
    )


def team_monthly_cost(plan: Plan) -> Decimal:
    """Monthly cost of the tools and resources listed (a figure the document shows)."""
    return sum((r.monthly_cost or ZERO for r in plan.resources or []), ZERO)

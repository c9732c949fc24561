"""The pacing rules (``tracking.md``): expected to date, pace, status, projection, needed per month.

:func:`build_report` applies them to a resolved :class:`~salesplan.tracking.tally.Tally` at an
``as_of`` date and returns the :class:`~salesplan.tracking.report.TrackingReport` every output
formats. Pure functions over the plan and the tally: no files, no click, no output format.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from salesplan.plan import derived
from salesplan.plan.derived import ZERO
from salesplan.plan.model import Goal, Plan
from salesplan.tracking.matching import check_rep
from salesplan.tracking.report import (NOT_TRACKED, GoalStatus, MonthStatus, Pacing, RepStatus, Status,
                                       TerritoryStatus, TrackingReport)
from salesplan.tracking.tally import Tally, goal_sums

__all__ = ["build_report", "month_statuses", "pace", "pacing", "status_of", "tracked_goal_problem"]

_ONE = Decimal(1)


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


def pace(actual: Decimal, expected: Decimal) -> Decimal | None:
    """Actual over expected; None while nothing is expected."""
    return actual / expected if expected > 0 else None


def pacing(target: Decimal, expected: Decimal, actual: Decimal, tolerance: Decimal) -> Pacing:
    """The six figures of one goal, rep or territory at ``as_of``."""
    return Pacing(
        expected_to_date=expected,
        actual_to_date=actual,
        pace=pace(actual, expected),
        status=status_of(actual, expected, tolerance),
        attainment=actual / target if target else None,
        projected=actual / expected * target if expected > 0 else None,
    )


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


def build_report(plan: Plan, tally: Tally, *, as_of: dt.date, rep: str | None = None) -> TrackingReport:
    """The progress report at ``as_of`` (clipped to the plan's end) from a tally of the rows.

    With ``rep`` the report narrows to that member: ``reps`` holds one entry per goal the rep
    carries a quota for, ``months`` that rep's months against their effective quota, and
    ``goals`` and ``territories`` are empty; ``rows`` still describes the whole file.

    :raises salesplan.tracking.matching.UnknownRep: ``rep`` is no member id, or the member carries no quota.
    """
    if rep is not None:
        rep = check_rep(plan, rep)
    as_of = derived.clip_as_of(plan, as_of)
    if tally.as_of is not None and tally.as_of != as_of:
        raise ValueError(f"the rows were tallied as of {tally.as_of}, not {as_of}")
    settings = plan.tracking_settings
    tolerance = settings.tolerance
    linear = settings.pacing == "linear"
    months = derived.plan_months(plan)
    goals = plan.goals_by_priority()
    problems = {g.id: tracked_goal_problem(g, tally.layout) for g in goals}

    counts = tally.counts
    sums, unknown_territory_rows = goal_sums(tally, goals, as_of, counts)
    warnings = [p for p in problems.values() if p]
    warnings += tally.reading_warnings
    warnings += _row_warnings(tally, unknown_territory_rows)

    goal_views: list[GoalStatus] = []
    territory_views: list[TerritoryStatus] = []
    month_views: list[MonthStatus] = []
    rep_views: list[RepStatus] = []
    names = {t.id: t.name for t in plan.territories}

    def expected_to_date(target: Decimal, targets: dict[str, Decimal]) -> Decimal:
        return (derived.linear_expected_to_date(plan, target, as_of) if linear
                else derived.expected_to_date(plan, targets, as_of))

    if rep is None:
        for goal in goals:
            targets = derived.monthly_targets(plan, goal)
            sums_of_goal = sums[goal.id]
            tracked = not problems[goal.id]
            if not tracked:
                goal_views.append(GoalStatus(goal.id, goal.label, goal.metric, goal.target, NOT_TRACKED,
                                             needed_per_month=None, pacing=settings.pacing))
            else:
                actual = sum(sums_of_goal.team.values(), ZERO)
                needed = derived.needed_per_month(plan, targets, actual, as_of, linear=linear)
                goal_views.append(GoalStatus(
                    goal.id, goal.label, goal.metric, goal.target,
                    pacing(goal.target, expected_to_date(goal.target, targets), actual, tolerance),
                    needed_per_month=needed, pacing=settings.pacing))
            for territory, sub_goal in (goal.territories or {}).items():
                if tracked:
                    sub_targets = derived.territory_monthly_targets(plan, goal, territory)
                    actual = sums_of_goal.territories.get(territory, ZERO)
                    progress = pacing(sub_goal, expected_to_date(sub_goal, sub_targets), actual, tolerance)
                else:
                    progress = NOT_TRACKED
                territory_views.append(TerritoryStatus(territory, names.get(territory, territory), goal.id,
                                                       goal.metric, sub_goal, progress))
            month_views += month_statuses(plan, goal, targets, sums_of_goal.team, as_of, tolerance, tracked=tracked)

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
            rep_views.append(RepStatus(quota.rep, name, goal.id, goal.metric, total, NOT_TRACKED,
                                       needed_per_month=None, territory=territory))
            if rep is not None:
                month_views += month_statuses(plan, goal, effective, {}, as_of, tolerance, tracked=False,
                                              rep=quota.rep)
            continue
        actual_months = sums[goal.id].rep_months(quota.rep, months)
        actual = sum(actual_months.values(), ZERO)
        expected = derived.expected_to_date(plan, effective, as_of)
        needed = derived.needed_per_month(plan, effective, actual, as_of)
        rep_views.append(RepStatus(quota.rep, name, goal.id, goal.metric, total,
                                   pacing(total, expected, actual, tolerance), needed_per_month=needed,
                                   territory=territory))
        if rep is not None:
            month_views += month_statuses(plan, goal, effective, actual_months, as_of, tolerance, tracked=True,
                                          rep=quota.rep)

    return TrackingReport(
        plan_title=plan.plan.title,
        company=plan.plan.company,
        currency=plan.plan.currency,
        start=plan.plan.start,
        end=plan.plan.end,
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
        unknown_reps=dict(tally.unknown_reps.most_common()),
        unknown_territories={tally.unknown_territories[i]: n for i, n in unknown_territory_rows.most_common()},
    )


def month_statuses(plan: Plan, goal: Goal, targets: dict[str, Decimal], actuals: dict[str, Decimal],
                   as_of: dt.date, tolerance: Decimal, *, tracked: bool, rep: str | None = None) -> list[MonthStatus]:
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
        out.append(MonthStatus(month, goal.id, goal.metric, target, expected, actual, pace(actual, expected),
                               status_of(actual, expected, tolerance), complete, rep))
    return out


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

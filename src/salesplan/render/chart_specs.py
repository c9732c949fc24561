"""Which charts the plan's data allows, with their data, caption and alternative text.

No matplotlib here: a :class:`~salesplan.render.blocks.ChartSpec` holds plain floats and
labels; :mod:`salesplan.render.chart_drawing` draws it. A function returns None when the plan
lacks the chart's data, so the document never shows an empty chart.
"""

from __future__ import annotations

from decimal import Decimal

from salesplan.plan import derived
from salesplan.plan.model import Goal
from salesplan.render.blocks import ChartSpec, Series
from salesplan.render.context import RenderContext

#: Up to this many months the alternative text lists every month's figure.
ALT_TEXT_MONTHS = 12

#: Up to this many reps the quota chart stacks one bar segment per rep; above, it draws a
#: grid (one row per rep, darker for a larger quota) under the team's total.
STACKED_MAX_REPS = 10


def uses_grid(reps: int) -> bool:
    return reps > STACKED_MAX_REPS


def floats(values) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def month_axis(ctx: RenderContext) -> dict:
    """Month labels for a chart's x axis: short names, initials for crowded axes, year spans.

    A period over several calendar years names each year once, under its months.
    """
    months = ctx.months
    years: list[tuple[str, int, int]] = []
    for index, month in enumerate(months):
        if years and years[-1][0] == month[:4]:
            years[-1] = (month[:4], years[-1][1], index)
        else:
            years.append((month[:4], index, index))
    return {
        "categories": tuple(ctx.fmt.month_short(m) for m in months),
        "narrow": tuple(ctx.fmt.month_initial(m) for m in months),
        "spans": tuple(years) if len(years) > 1 else (),
    }


def period_ends(ctx: RenderContext) -> tuple[str, str]:
    return ctx.fmt.month(ctx.months[0]), ctx.fmt.month(ctx.months[-1])


def legend(ctx: RenderContext, *keys: str) -> tuple[tuple[str, str], ...]:
    return tuple((key, ctx.words.legend(key)) for key in keys)


# --------------------------------------------------------------------------- goals


def targets_chart(ctx: RenderContext, goal: Goal) -> ChartSpec:
    """Monthly team target as bars, the cumulative target as a line."""
    targets = derived.monthly_targets(ctx.plan, goal)
    running = derived.cumulative(targets)
    first, last = period_ends(ctx)
    items = []
    if len(targets) <= ALT_TEXT_MONTHS:
        items = [(ctx.fmt.month_short(m), ctx.amount(v, goal)) for m, v in targets.items()]
    alt = ctx.words("charts.targets_alt", goal=goal.label, first=first, last=last, items=items,
                    low=ctx.amount(min(targets.values()), goal), high=ctx.amount(max(targets.values()), goal),
                    total=ctx.amount(running[ctx.months[-1]], goal))
    return ChartSpec(
        kind="targets", name=f"targets-{goal.id}",
        title=ctx.words("charts.targets_title", goal=goal.label), alt=alt,
        **month_axis(ctx),
        series=(Series(ctx.words.legend("target"), floats(targets.values())),),
        line=Series(ctx.words.legend("cumulative"), floats(running.values())),
        money=goal.metric == "revenue",
    )


def seasonality_chart(ctx: RenderContext, goal: Goal) -> ChartSpec | None:
    """The summary's small chart: each month's target, labelled with its share of the period."""
    targets = derived.monthly_targets(ctx.plan, goal)
    total = sum(targets.values(), Decimal(0))
    if len(targets) < 2 or not total:
        return None
    shares = {m: v / total for m, v in targets.items()}
    peak = max(shares, key=lambda m: shares[m])
    first, last = period_ends(ctx)
    return ChartSpec(
        kind="seasonality", name=f"seasonality-{goal.id}",
        title=ctx.words("charts.seasonality_title", goal=goal.label),
        alt=ctx.words("charts.seasonality_alt", goal=goal.label, first=first, last=last,
                      peak=ctx.fmt.month(peak), share=ctx.fmt.percent(shares[peak]),
                      items=[(ctx.fmt.month_short(m), ctx.fmt.percent(s)) for m, s in shares.items()]
                      if len(shares) <= ALT_TEXT_MONTHS else []),
        **month_axis(ctx),
        series=(Series(ctx.words.legend("target"), floats(targets.values())),),
        money=goal.metric == "revenue",
        notes=tuple(ctx.fmt.percent(s) for s in shares.values()),
    )


def quotas_chart(ctx: RenderContext, goal: Goal) -> ChartSpec | None:
    """Each rep's effective quota by month (ramps visible) against the team target."""
    plan = ctx.plan
    found = derived.quotas_for_goal(plan, goal)
    if not found:
        return None
    series = tuple(
        Series(ctx.member_name(q.rep), floats(derived.effective_quota(plan, q).values())) for q in found
    )
    targets = derived.monthly_targets(plan, goal)
    first, last = period_ends(ctx)
    alt = ctx.words(
        "charts.quotas_alt", goal=goal.label, reps=len(found), first=first, last=last,
        total=ctx.amount(sum(derived.quota_totals(plan, goal).values(), Decimal(0)), goal),
        target=ctx.amount(sum(targets.values(), Decimal(0)), goal),
        ramping=[ctx.member_name(q.rep) for q in derived.ramping_reps(plan, goal)],
        heatmap=uses_grid(len(found)),
    )
    return ChartSpec(
        kind="quotas", name=f"quotas-{goal.id}",
        title=ctx.words("charts.quotas_title", goal=goal.label), alt=alt,
        **month_axis(ctx), series=series,
        line=Series(ctx.words.legend("team_target"), floats(targets.values())),
        money=goal.metric == "revenue",
        labels=legend(ctx, "all_reps", "quota"),
    )


def territories_chart(ctx: RenderContext, goal: Goal) -> ChartSpec | None:
    split = derived.territory_split(goal)
    if len(split) < 2:
        return None
    names = [ctx.territory_name(tid) for tid in split]
    notes = [f"{ctx.amount(amount, goal)} · {ctx.fmt.percent(share)}" for amount, share in split.values()]
    alt = ctx.words("charts.territories_alt", goal=goal.label,
                    items=[(name, f"{ctx.amount(a, goal)} ({ctx.fmt.percent(s)})") for name, (a, s) in zip(names, split.values())])
    return ChartSpec(
        kind="territories", name=f"territories-{goal.id}",
        title=ctx.words("charts.territories_title", goal=goal.label), alt=alt,
        categories=tuple(names), series=(Series(goal.label, floats(a for a, _ in split.values())),),
        money=goal.metric == "revenue", notes=tuple(notes),
    )


# --------------------------------------------------------------------------- budget, funnel, journey


def budget_chart(ctx: RenderContext) -> ChartSpec | None:
    summary = derived.budget_summary(ctx.plan)
    if len(summary.by_category) < 2:
        return None  # one category: the budget table says it all
    ordered = sorted(summary.by_category.items(), key=lambda pair: -pair[1])  # stable: plan category order on ties
    names = [ctx.words.term("budget_categories", c) for c, _ in ordered]
    shares = [derived.ratio(amount, summary.total) for _, amount in ordered]
    notes = [f"{ctx.fmt.money(a)} · {ctx.fmt.percent(s)}" for (_, a), s in zip(ordered, shares)]
    alt = ctx.words("charts.budget_alt", total=ctx.fmt.money(summary.total),
                    items=[(n, f"{ctx.fmt.money(a)} ({ctx.fmt.percent(s)})") for n, (_, a), s in zip(names, ordered, shares)])
    return ChartSpec(
        kind="budget", name="budget", title=ctx.words("charts.budget_title"), alt=alt,
        categories=tuple(names), series=(Series("", floats(a for _, a in ordered)),), notes=tuple(notes),
    )


def funnel_chart(ctx: RenderContext) -> ChartSpec | None:
    rows = derived.reverse_funnel(ctx.plan)
    goal = derived.revenue_goal(ctx.plan)
    if not rows or goal is None:
        return None
    notes = [ctx.words("charts.funnel_conversion", share=ctx.fmt.percent(r.conversion))
             if r.conversion is not None and i < len(rows) - 1 else "" for i, r in enumerate(rows)]
    alt = ctx.words("charts.funnel_alt", goal=goal.label, items=[(ctx.fmt.number(r.total), r.stage) for r in rows])
    return ChartSpec(
        kind="funnel", name="funnel", title=ctx.words("charts.funnel_title"), alt=alt,
        categories=tuple(r.stage for r in rows), series=(Series("", tuple(float(r.total) for r in rows)),),
        money=False, notes=tuple(notes),
    )


def journey_chart(ctx: RenderContext) -> ChartSpec | None:
    stages = ctx.plan.market.journey if ctx.plan.market else []
    if not any(s.sentiment is not None for s in stages):
        return None
    words = ctx.words
    items = []
    for s in stages:
        if s.sentiment is not None:
            feeling = words.term("sentiment", str(s.sentiment))
            items.append((s.stage, f"{s.emotion}, {feeling}" if s.emotion else feeling))
    return ChartSpec(
        kind="journey", name="journey", title=words("charts.journey_title"),
        alt=words("charts.journey_alt", items=[(stage, f"({text})") for stage, text in items]),
        categories=tuple(s.stage for s in stages),
        series=(Series("", tuple(float(s.sentiment) if s.sentiment is not None else float("nan") for s in stages)),),
        money=False, notes=tuple(s.emotion or "" for s in stages),
        labels=tuple((str(level), words.term("sentiment", str(level))) for level in range(-2, 3))
        + legend(ctx, "positive", "negative"),
    )


# --------------------------------------------------------------------------- basis of the plan (--history)


def basis_chart(ctx: RenderContext) -> ChartSpec | None:
    """Last year's won revenue of each month beside the plan's target for the same month."""
    found = ctx.basis
    months = [m for m in found.months if m.month in ctx.months]
    if not months or all(m.plan is None for m in months):
        return None
    last_year = [m.last_year or Decimal(0) for m in months]
    plan = [m.plan or Decimal(0) for m in months]
    first, last = period_ends(ctx)
    items = []
    if len(months) <= ALT_TEXT_MONTHS:
        items = [(ctx.fmt.month_short(m.month),
                  ctx.words("charts.basis_pair", last_year=ctx.fmt.money(a), target=ctx.fmt.money(b)))
                 for m, a, b in zip(months, last_year, plan)]
    alt = ctx.words("charts.basis_alt", year=found.last_year_label, first=first, last=last, items=items,
                    last_year=ctx.fmt.money(sum(last_year, Decimal(0))), target=ctx.fmt.money(sum(plan, Decimal(0))))
    return ChartSpec(
        kind="basis", name="basis-months",
        title=ctx.words("charts.basis_title", year=found.last_year_label), alt=alt,
        **month_axis(ctx),
        series=(Series(ctx.words("charts.basis_last_year", year=found.last_year_label), floats(last_year)),
                Series(ctx.words.legend("plan_target"), floats(plan))),
    )

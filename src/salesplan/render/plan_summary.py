"""The front of the Word plan: the cover and the one-page summary that argues the plan.

The summary says, on one page: the target (and its growth on last year with ``--history``),
the team in one line, the goals, a small chart of the monthly targets, quota coverage, the
deals, budget and hires figures, the most important actions, and the points to watch: every
warning ``salesplan validate`` gives about the numbers (:func:`salesplan.plan.checks.concerns`),
in the document's language.
"""

from __future__ import annotations

import calendar
from decimal import Decimal

from salesplan.plan import derived
from salesplan.plan.checks import Concern, concerns
from salesplan.plan.model import Goal
from salesplan.render import chart_specs, plan_tables
from salesplan.render.blocks import Block, Bullets, Cover, Figure, Heading, Paragraph, Prose, TitleLine
from salesplan.render.context import RenderContext

Part = list[Block]

#: Up to this many short months are named one by one (with their shortfall) in a sentence.
NAMED_MONTHS = 4

#: Separators that join a company name to the rest of a plan title ("Northwind - Q1 plan").
TITLE_JOINTS = (" - ", " – ", " — ", ": ", ", ", " | ")


# --------------------------------------------------------------------------- the period in words


def period_span(ctx: RenderContext) -> tuple[str, dict[str, str]]:
    """What the period is, for titles: ``quarter``, ``half``, ``year``, ``month``, ``months`` or ``dates``.

    Whole calendar months make a named span (``Q1 2027``, ``2027``); a period that starts or
    ends inside a month is named by its dates.
    """
    info = ctx.plan.plan
    start, end = info.start, info.end
    months = ctx.months
    whole = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
    fmt = ctx.fmt
    values = {"year": str(start.year), "first": fmt.month(months[0]), "last": fmt.month(months[-1]),
              "first_name": fmt.month_name(months[0]), "number": "",
              "start": fmt.long_date(start), "end": fmt.long_date(end)}
    same_year = start.year == end.year
    if not whole:
        return "dates", values
    if len(months) == 12 and start.month == 1:
        return "year", values
    if same_year and len(months) == 3 and start.month % 3 == 1:
        return "quarter", {**values, "number": str(start.month // 3 + 1)}
    if same_year and len(months) == 6 and start.month in (1, 7):
        return "half", {**values, "number": "1" if start.month == 1 else "2"}
    if len(months) == 1:
        return "month", values
    return ("months" if same_year else "long"), values


def period_words(ctx: RenderContext) -> str:
    """``Q1 2027``, ``2027``, ``January – June 2027``: the period as titles name it."""
    span, values = period_span(ctx)
    return ctx.words("document.period_name", span=span, **values)


def plan_name(ctx: RenderContext) -> str:
    """A title that fits the period and the kind: ``Q1 2027 sales plan``, ``Sales plan 2027``."""
    span, _ = period_span(ctx)
    kind = ctx.plan.plan.kind
    return ctx.words("document.plan_name", kind=kind, kind_name=ctx.words.term("kinds", kind), span=span,
                     period=period_words(ctx))


def shown_title(ctx: RenderContext) -> str:
    """The plan's title without a leading company name (the cover names the company once)."""
    info = ctx.plan.plan
    title = info.title.strip()
    for joint in TITLE_JOINTS:
        head = info.company.strip() + joint
        if title.casefold().startswith(head.casefold()) and len(title) > len(head):
            rest = title[len(head):].strip()
            return rest[0].upper() + rest[1:]
    return title


def cover(ctx: RenderContext) -> Cover:
    info = ctx.plan.plan
    words = ctx.words
    title = shown_title(ctx)
    name = plan_name(ctx)
    goal = ctx.plan.main_goal
    facts = [(words.fact("period"), words("document.long_period", start=ctx.fmt.long_date(info.start),
                                          end=ctx.fmt.long_date(info.end)))]
    if info.owner:
        facts.append((words.fact("owner"), info.owner))
    if info.version:
        facts.append((words.fact("version"), info.version))
    facts.append((words.fact("dated"), ctx.fmt.long_date(info.date or info.start)))
    return Cover(
        company=info.company,
        title=title,
        subtitle=None if name.casefold() == title.casefold() else name,
        headline=ctx.amount(goal.target, goal),
        headline_line=words("document.cover_target", goal=goal.label, period=period_in_words(ctx)),
        facts=tuple(facts),
    )


def period_in_words(ctx: RenderContext) -> str:
    """``from January to March 2027`` / ``de janvier à mars 2027``: the period in a sentence."""
    span, values = period_span(ctx)
    return ctx.words("document.period_sentence", span=span, **values)


def title_line(ctx: RenderContext) -> TitleLine:
    """The cover's information on one line, for the one-page summary."""
    info = ctx.plan.plan
    line = ctx.words("document.one_page_line", company=info.company, period=ctx.words(
        "document.long_period", start=ctx.fmt.long_date(info.start), end=ctx.fmt.long_date(info.end)),
        owner=info.owner or "", version=info.version or "")
    return TitleLine(shown_title(ctx), line)


# --------------------------------------------------------------------------- the summary page


def summary(ctx: RenderContext) -> Part:
    words = ctx.words
    mission = ctx.plan.mission.statement
    part: Part = [Heading(words.heading("summary"), 1), Paragraph(lead(ctx), "Lead")]
    if mission and mission.strip():
        part.append(Prose(mission, "Quote"))
    team = team_line(ctx)
    if team:
        part.append(Paragraph(team))
    goals = plan_tables.summary_goals(ctx)
    if goals is not None:
        part.append(goals)
    chart = chart_specs.seasonality_chart(ctx, ctx.plan.main_goal)
    if chart is not None:
        part.append(Figure(chart))
    figures = plan_tables.facts("key-figures", key_figures(ctx))
    if figures is not None:
        part += [Heading(words.subheading("key_figures"), 2), figures]
    part += top_actions(ctx)
    part += [Heading(words.subheading("points_to_watch"), 2), *points_to_watch(ctx)]
    return part


def lead(ctx: RenderContext) -> str:
    """The target in one sentence, with its growth on last year when the history gives it."""
    goal = ctx.plan.main_goal
    basis = ctx.basis
    growth = basis.implied_growth if basis is not None else None
    return ctx.words("document.summary_lead", target=ctx.amount(goal.target, goal), goal=goal.label,
                     period=period_in_words(ctx), growth=ctx.fmt.change(growth) if growth is not None else "",
                     last_year=ctx.fmt.money(basis.last_year_total) if growth is not None else "",
                     year=basis.last_year_label if growth is not None else "")


def team_line(ctx: RenderContext) -> str:
    """The team in one line: people, reps with a quota, territories, planned hires."""
    plan = ctx.plan
    people = plan.members
    hires = plan.team.hires if plan.team else []
    if not people and not hires:
        return ""
    sellers = len({q.rep for q in plan.quotas or []})
    territories = [t.name for t in plan.territories]
    first = min((h.start for h in hires), default=None)
    return ctx.words("document.team_line", members=len(people), sellers=sellers, territories=len(territories),
                     names=territories if len(territories) <= 4 else [], hires=sum(h.count for h in hires),
                     first_hire=ctx.fmt.month(derived.month_key(first)) if first else "")


def key_figures(ctx: RenderContext) -> list[tuple[str, str]]:
    """Label/value pairs of the summary: quota coverage, deals, budget, hires, cost per deal."""
    words = ctx.words
    pairs = []
    quota_goals = ctx.quota_goals()
    for goal in quota_goals:
        pairs.append((words.fact("quotas") + (f" ({goal.label})" if len(quota_goals) > 1 else ""),
                      coverage_text(ctx, goal)))
    if not quota_goals:
        pairs.append((words.fact("quotas"), words("document.no_quotas")))
    deals = deals_text(ctx)
    if deals:
        pairs.append((words.fact("deals_needed"), deals))
    budget = derived.budget_summary(ctx.plan)
    if ctx.plan.budget:
        text = budget_text(ctx, budget)
        if budget.cost_per_won_deal is not None:
            text = words("document.cost_per_deal_fact", budget=text, cost=ctx.fmt.money(budget.cost_per_won_deal),
                         deals=budget.deals)
        pairs.append((words.fact("budget"), text))
    else:
        pairs.append((words.fact("budget"), words("document.no_budget")))
    hires = hires_text(ctx, budget)
    if hires:
        pairs.append((words.fact("hires"), hires))
    return pairs


def budget_text(ctx: RenderContext, budget: derived.BudgetSummary) -> str:
    """The budget and its ratio to the revenue target, both ways (share of target, target per unit)."""
    return ctx.words("document.budget_fact", total=ctx.fmt.money(budget.total),
                     ratio=ctx.fmt.percent(budget.ratio_to_revenue) if budget.ratio_to_revenue is not None else "",
                     revenue=ctx.fmt.money(budget.revenue_target) if budget.revenue_target is not None else "",
                     per_unit=unit_ratio(ctx, budget.revenue_per_cost))


def unit_ratio(ctx: RenderContext, value: Decimal | None) -> str:
    """The revenue target per unit of budget, two decimals (``1.21``: the target is 1.21 times the budget)."""
    if value is None:
        return ""
    return ctx.fmt.number(value, digits=2 if value < 10 else 0)


def hires_text(ctx: RenderContext, budget: derived.BudgetSummary) -> str:
    """What planned hires cost within the period, said as outside the budget lines."""
    costs = derived.hire_costs(ctx.plan)
    if not costs:
        return ""
    count = sum(c.hire.count for c in costs)
    return ctx.words("document.hires_fact", count=count, cost=ctx.fmt.money(budget.hires_cost),
                     priced=budget.hires_cost > 0, unpriced=budget.hires_unpriced, with_hires=ctx.fmt.money(budget.total_with_hires),
                     budget=bool(ctx.plan.budget),
                     ratio=ctx.fmt.percent(budget.ratio_with_hires) if budget.ratio_with_hires is not None else "")


def deals_text(ctx: RenderContext) -> str:
    """Won deals the funnel needs, beside every won-deals goal (both figures and the difference)."""
    deals = derived.deals_needed(ctx.plan)
    funnel = ctx.plan.prospecting.funnel if ctx.plan.prospecting else None
    if deals is None or funnel is None:
        return ""
    checks = [(c.goal.label, ctx.fmt.number(c.goal.target), c.difference) for c in derived.deals_checks(ctx.plan)]
    return ctx.words("document.deals_fact", deals=deals, deal_size=ctx.fmt.money(funnel.average_deal_size),
                     goals=[(name, target, ctx.fmt.number(abs(diff)), diff) for name, target, diff in checks])


# --------------------------------------------------------------------------- quota coverage


def short_months(ctx: RenderContext, goal: Goal) -> dict[str, Decimal]:
    """Month -> how much the rep quotas fall short of the team target (only the short months)."""
    targets = derived.monthly_targets(ctx.plan, goal)
    totals = derived.quota_totals(ctx.plan, goal)
    return {m: targets[m] - totals[m] for m in targets if totals[m] < targets[m]}


def month_label(ctx: RenderContext, month: str) -> str:
    """``May`` within one calendar year, ``May 2028`` in a period over several."""
    if len({m[:4] for m in ctx.months}) > 1:
        return ctx.fmt.month(month)
    return ctx.fmt.month_name(month)


def shortfall_text(ctx: RenderContext, goal: Goal) -> str:
    """``May and June fall €2,000 and €7,000 short`` (or the count and range for many months)."""
    short = short_months(ctx, goal)
    if not short:
        return ""
    names = [month_label(ctx, m) for m in short]
    amounts = [ctx.amount(v, goal) for v in short.values()]
    low = min(short, key=lambda m: short[m])
    high = max(short, key=lambda m: short[m])
    return ctx.words("document.shortfall", names=names if len(short) <= NAMED_MONTHS else [],
                     amounts=amounts, count=len(short), low=ctx.amount(short[low], goal), low_month=month_label(ctx, low),
                     high=ctx.amount(short[high], goal), high_month=month_label(ctx, high))


def coverage_text(ctx: RenderContext, goal: Goal) -> str:
    """Quota coverage in one sentence: over-assigned, exactly covered, or under-assigned with the short months."""
    plan = ctx.plan
    total = sum(derived.quota_totals(plan, goal).values(), Decimal(0))
    target = sum(derived.monthly_targets(plan, goal).values(), Decimal(0))
    ratio = derived.ratio(total, target)
    ratios = {m: r for m, r in derived.over_assignment(plan, goal).items() if r is not None}
    low = min(ratios, key=lambda m: ratios[m]) if len(ratios) > 1 else None
    high = max(ratios, key=lambda m: ratios[m]) if len(ratios) > 1 else None
    return ctx.words(
        "document.coverage", ratio=ratio, percent=ctx.fmt.percent(ratio), total=ctx.amount(total, goal),
        target=ctx.amount(target, goal), margin=ctx.fmt.percent(ratio - 1) if ratio is not None else "",
        shortfall=shortfall_text(ctx, goal),
        low=ctx.fmt.percent(ratios[low]) if low else "", low_month=month_label(ctx, low) if low else "",
        high=ctx.fmt.percent(ratios[high]) if high else "", high_month=month_label(ctx, high) if high else "",
    )


# --------------------------------------------------------------------------- actions and points to watch


def top_actions(ctx: RenderContext) -> Part:
    """The three most important actions (fewer when the plan has fewer), with a fitting heading."""
    items = []
    for action in derived.key_actions(ctx.plan, 3):
        dues = [step.due for step in action.initiatives if step.due]
        items.append(ctx.words(
            "document.top_action", objective=action.objective.rstrip(" ."),
            goal=ctx.goal_name(action.goal) if action.goal else "",
            count=len(action.initiatives), last_due=max(dues) if dues else None,
        ))
    if not items:
        return []
    return [Heading(ctx.words("document.top_actions_heading", count=len(items)), 2), Bullets(tuple(items))]


def points_to_watch(ctx: RenderContext) -> Part:
    """Every warning about the plan's numbers and dates, one plain sentence each (grouped by goal)."""
    found = concerns(ctx.plan)
    items: list[str] = []
    quota_goals = list(dict.fromkeys(c.values["goal"].id for c in found if c.kind == "quota_short"))
    for goal_id in quota_goals:
        goal = ctx.plan.goal(goal_id)
        items.append(ctx.words("document.watch_quotas", goal=goal.label, coverage=coverage_text(ctx, goal)))
    late = [c for c in found if c.kind == "due_after_end"]
    if late:
        items.append(ctx.words("document.watch_late", count=len(late), end=ctx.fmt.date(ctx.plan.plan.end),
                               tasks=[(c.values["task"], ctx.fmt.date(c.values["due"])) for c in late[:NAMED_MONTHS]],
                               more=max(len(late) - NAMED_MONTHS, 0)))
    for concern in found:
        if concern.kind not in ("quota_short", "due_after_end"):
            items.append(watch_sentence(ctx, concern))
    if not items:
        return [Paragraph(ctx.words("document.watch_none"))]
    return [Bullets(tuple(items))]


def watch_sentence(ctx: RenderContext, concern: Concern) -> str:
    """One concern in the document's words (amounts, dates and names formatted)."""
    v = concern.values
    goal: Goal | None = v.get("goal")
    shown = {}
    for key, value in v.items():
        if key == "goal":
            shown[key] = value.label
        elif isinstance(value, Decimal) and goal is not None:
            shown[key] = ctx.amount(value, goal)
        elif hasattr(value, "isoformat"):
            shown[key] = ctx.fmt.date(value)
        else:
            shown[key] = value
    if concern.kind == "territories_sum":
        gap = v["total"] - v["target"]
        shown.update(gap=ctx.amount(abs(gap), goal), over=gap > 0)
    return ctx.words(f"document.watch_{concern.kind}", **shown)

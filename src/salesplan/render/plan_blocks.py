"""The Word plan's content: cover, one-page summary, then the ten chapters in plan order
(with a "Basis of the plan" chapter after the goals when a history is given).

:func:`document_blocks` turns a plan into :mod:`~salesplan.render.blocks`; nothing here knows
about Word. A chapter (or a part of one) whose section the plan leaves out produces no
block at all, heading included.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from salesplan.plan import derived
from salesplan.render import chart_specs, plan_summary, plan_tables
from salesplan.render.blocks import (
    Block,
    Bullets,
    Contents,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Prose,
    Table,
)
from salesplan.render.context import RenderContext

Part = list[Block]


def present(*blocks: Block | None) -> Part:
    """The blocks that exist (a table function returns None for a table without rows)."""
    return [b for b in blocks if b is not None]


def section(title: str, *blocks: Block | None, level: int = 2) -> Part:
    """A titled part of a chapter, or nothing at all when it has no content."""
    content = present(*blocks)
    return [Heading(title, level), *content] if content else []


def bullets(items: list[str]) -> Bullets | None:
    items = [i for i in items if i and i.strip()]
    return Bullets(tuple(items)) if items else None


def prose(text: str | None, style: str | None = None) -> Prose | None:
    return Prose(text, style) if text and text.strip() else None


def figure(spec) -> Figure | None:
    return Figure(spec) if spec is not None else None


# --------------------------------------------------------------------------- chapters


def mission(ctx: RenderContext) -> Part:
    text = ctx.plan.mission
    words = ctx.words
    return [
        *present(prose(text.statement)),
        *section(words.subheading("vision"), prose(text.vision)),
        *section(words.subheading("history"), prose(text.history)),
        *section(words.subheading("values"), bullets(text.values)),
    ]


def team(ctx: RenderContext) -> Part:
    plan = ctx.plan
    if plan.team is None:
        return []
    words = ctx.words
    people = plan.members
    sellers = {q.rep for q in plan.quotas or []}
    intro = Paragraph(words("document.team_intro", members=len(people), sellers=len(sellers),
                            territories=len(plan.territories))) if people else None
    hires = plan.team.hires
    hires_intro = None
    if hires:
        cost = sum((h.monthly_cost * h.count for h in hires if h.monthly_cost is not None), Decimal(0))
        within = derived.budget_summary(plan).hires_cost
        hires_intro = Paragraph(words("document.hires_intro", count=sum(h.count for h in hires), monthly_cost=cost,
                                      within=within, budget=bool(plan.budget)))
    return [
        *present(intro),
        *section(words.subheading("members"), plan_tables.members(ctx)),
        *section(words.subheading("territories"), plan_tables.territories(ctx)),
        *section(words.subheading("hires"), hires_intro, plan_tables.hires(ctx)),
    ]


def market(ctx: RenderContext) -> Part:
    if ctx.plan.market is None:
        return []
    words = ctx.words
    personas: Part = []
    for person in ctx.plan.market.personas:
        title = f"{person.name}, {person.title}" if person.title else person.name
        personas += [Heading(title, 3), *present(plan_tables.persona(ctx, person))]
    return [
        *section(words.subheading("segments"), plan_tables.segments(ctx)),
        *section(words.subheading("personas"), *personas),
        *section(words.subheading("journey"), plan_tables.journey(ctx), figure(chart_specs.journey_chart(ctx))),
    ]


def resources(ctx: RenderContext) -> Part:
    found = ctx.plan.resources or []
    cost = derived.team_monthly_cost(ctx.plan)
    note = Paragraph(ctx.words("document.resources_cost", total=cost)) if cost and len(found) > 1 else None
    return present(plan_tables.resources(ctx), note)


def positioning(ctx: RenderContext) -> Part:
    found = ctx.plan.positioning
    if found is None:
        return []
    words = ctx.words
    return [
        *present(prose(found.statement)),
        *section(words.subheading("differentiators"), bullets(found.differentiators)),
        *section(words.subheading("competitors"), plan_tables.competitors(ctx)),
        *section(words.subheading("trends"), bullets(found.trends)),
    ]


def marketing(ctx: RenderContext) -> Part:
    found = ctx.plan.marketing
    if found is None:
        return []
    words = ctx.words
    return [
        *present(prose(found.strategy)),
        *section(words.subheading("channels"), bullets(found.channels)),
        *section(words.subheading("promotions"), plan_tables.promotions(ctx)),
    ]


def prospecting(ctx: RenderContext) -> Part:
    found = ctx.plan.prospecting
    if found is None:
        return []
    words = ctx.words
    qualification: Part = []
    if found.qualification is not None:
        criteria = found.qualification.criteria
        framework = found.qualification.framework
        lead = (words("document.qualification", framework=words.term("frameworks", framework))
                if framework != "custom" else words("document.qualification_plain"))
        qualification = section(words.subheading("qualification"), Paragraph(lead) if criteria else None,
                                bullets(criteria))
    return [
        *qualification,
        *section(words.subheading("inbound"), bullets(found.inbound)),
        *section(words.subheading("outbound"), bullets(found.outbound)),
        *funnel(ctx),
    ]


def funnel(ctx: RenderContext) -> Part:
    rows = derived.reverse_funnel(ctx.plan)
    goal = derived.revenue_goal(ctx.plan)
    if not rows or goal is None or ctx.plan.prospecting is None or ctx.plan.prospecting.funnel is None:
        return []
    words = ctx.words
    intro = Paragraph(words("document.funnel_intro", deal_size=ctx.plan.prospecting.funnel.average_deal_size,
                            goal=goal.label, won=rows[-1].total, target=ctx.amount(goal.target, goal)))
    checks = [Paragraph(words("document.funnel_deals_goal", goal=c.goal.label, target=c.goal.target,
                              deals=c.funnel_deals, difference=c.difference))
              for c in derived.deals_checks(ctx.plan)]
    months = plan_tables.funnel_months(ctx, rows)
    months_note = (Paragraph(words("document.funnel_months_note", total=rows[-1].total,
                                   months_sum=rows[-1].months_sum))
                   if months is not None and len(ctx.months) > 1 else None)
    return section(words.subheading("funnel"), intro, *checks, plan_tables.funnel_stages(ctx, rows),
                   figure(chart_specs.funnel_chart(ctx)), months_note, months)


def actions(ctx: RenderContext) -> Part:
    return present(plan_tables.actions(ctx))


def goals(ctx: RenderContext) -> Part:
    words = ctx.words
    part: Part = [Paragraph(words("document.goals_intro", count=len(ctx.goals))), *present(plan_tables.goals(ctx))]
    split: Part = []
    for goal in ctx.goals:
        split += present(plan_tables.territory_split(ctx, goal), figure(chart_specs.territories_chart(ctx, goal)))
    part += section(words.subheading("territory_split"), *split)
    monthly: Part = []
    for goal in ctx.goals:
        note = Paragraph(words("document.spread_note", goal=goal.label)) if goal.monthly is None else None
        chart = chart_specs.targets_chart(ctx, goal) if goal is ctx.plan.main_goal else None
        monthly += present(note, plan_tables.monthly_targets(ctx, goal), figure(chart))
    part += section(words.subheading("monthly_targets"), *monthly)
    quotas: Part = []
    for goal in ctx.quota_goals():
        carried = len(derived.quotas_for_goal(ctx.plan, goal))
        short = bool(plan_summary.short_months(ctx, goal))
        quotas += [Paragraph(words("document.quotas_intro", reps=carried, goal=goal.label)),
                   Paragraph(plan_summary.coverage_text(ctx, goal)
                             + (" " + words("document.shaded_note") if short else "")),
                   *present(plan_tables.rep_quotas(ctx, goal)), *plan_tables.rep_quota_months(ctx, goal),
                   *present(figure(chart_specs.quotas_chart(ctx, goal)))]
    part += section(words.subheading("quotas"), *quotas)
    return part


def budget(ctx: RenderContext) -> Part:
    if not ctx.plan.budget:
        return []
    summary = derived.budget_summary(ctx.plan)
    words = ctx.words
    text = words("document.budget_sentence", fact=plan_summary.budget_text(ctx, summary))
    if summary.cost_per_won_deal is not None:
        text += " " + words("document.cost_per_deal", cost=summary.cost_per_won_deal, deals=summary.deals)
    facts = [Paragraph(text)]
    hires = plan_summary.hires_text(ctx, summary)
    if hires:
        facts.append(Paragraph(hires + "."))
    return [
        *facts,
        # the chart by category first, the lines after: the document ends on a table, never on a
        # chart alone on the last page
        *present(figure(chart_specs.budget_chart(ctx))),
        *section(words.subheading("budget_lines"), plan_tables.budget_lines(ctx), plan_tables.budget_categories(ctx)),
    ]


def basis(ctx: RenderContext) -> Part:
    """Last year's history beside the plan (only with ``render --history``)."""
    found = ctx.basis
    if found is None:
        return []
    words = ctx.words
    intro = Paragraph(words("document.basis_intro", year=found.last_year_label,
                            total=ctx.fmt.money(found.last_year_total), target=ctx.fmt.money(found.target),
                            growth=ctx.fmt.change(found.implied_growth) if found.implied_growth is not None else "",
                            first=ctx.fmt.month(ctx.months[0]), last=ctx.fmt.month(ctx.months[-1])))
    trend = Paragraph(trend_text(ctx))
    staffing = Paragraph(staffing_text(ctx)) if found.capacity else None
    return [
        intro, trend,
        *section(words.subheading("basis_months"), figure(chart_specs.basis_chart(ctx)), plan_tables.basis_months(ctx)),
        *section(words.subheading("basis_capacity"), plan_tables.basis_capacity(ctx), staffing),
        *section(words.subheading("basis_funnel"), plan_tables.basis_funnel(ctx), plan_tables.basis_reverse(ctx)),
    ]


def trend_text(ctx: RenderContext) -> str:
    trend = ctx.basis.trend
    if trend.method == "year_over_year" and trend.growth is not None:
        return ctx.words("document.basis_trend_yoy", growth=ctx.fmt.change(trend.growth),
                         previous=trend.previous.label, last=trend.last.label)
    if trend.method == "linear" and trend.slope is not None:
        slope = trend.slope.quantize(Decimal(1))
        return ctx.words("document.basis_trend_linear", slope=ctx.fmt.money(abs(slope)), rising=slope >= 0,
                         months=trend.months)
    return ctx.words("document.basis_trend_none")


def staffing_text(ctx: RenderContext) -> str:
    found = ctx.basis
    capacity = sum((m.capacity for m in found.capacity), Decimal(0)).quantize(Decimal(1))
    target = sum((m.target for m in found.capacity), Decimal(0))
    gap = (found.capacity_gap or Decimal(0)).quantize(Decimal(1))
    short = [m for m in found.capacity if m.gap > 0]  # months the reps are expected to fall short in
    return ctx.words("document.basis_staffing", reps=found.additional_reps, capacity=ctx.fmt.money(capacity),
                     target=ctx.fmt.money(target), gap=ctx.fmt.money(gap),
                     short=[ctx.fmt.month(m.month) for m in short],
                     month=ctx.fmt.month(found.hire_month) if found.hire_month else "",
                     quota=ctx.fmt.money(found.hire_quota.quantize(Decimal(1))) if found.hire_quota else "")


#: The chapters, in the order of the plan format (the basis only with a history).
CHAPTERS: tuple[tuple[str, Callable[[RenderContext], Part]], ...] = (
    ("mission", mission),
    ("team", team),
    ("market", market),
    ("resources", resources),
    ("positioning", positioning),
    ("marketing", marketing),
    ("prospecting", prospecting),
    ("actions", actions),
    ("goals", goals),
    ("basis", basis),
    ("budget", budget),
)


def chapters(ctx: RenderContext) -> Part:
    blocks: Part = []
    for key, build in CHAPTERS:
        content = build(ctx)
        if content:
            blocks += [Heading(ctx.words.heading(key), 1), *content]
    return blocks


def document_blocks(ctx: RenderContext, *, one_page: bool = False) -> Part:
    """Everything the document shows, in order: the summary alone with ``one_page``.

    A contents list follows the summary when the document runs over :data:`CONTENTS_PAGES`
    pages (an estimate from its blocks: the page count is only known once Word lays it out).
    """
    if one_page:
        return [plan_summary.title_line(ctx), *plan_summary.summary(ctx)]
    body = chapters(ctx)
    front = [plan_summary.cover(ctx), PageBreak(), *plan_summary.summary(ctx), PageBreak()]
    if 2 + estimated_pages(body) > CONTENTS_PAGES:
        front += [Contents(ctx.words.heading("contents")), PageBreak()]
    return front + body


#: A document longer than this many pages gets a contents list.
CONTENTS_PAGES = 4

#: Rough heights in inches, to estimate the page count before Word lays the pages out.
PAGE_INCHES = 9.0


def estimated_pages(blocks: Part) -> float:
    """About how many pages ``blocks`` fill (text, table rows and charts by rough heights)."""
    inches = 0.0
    for block in blocks:
        if isinstance(block, Heading):
            inches += 0.55 if block.level == 1 else 0.4
        elif isinstance(block, (Paragraph, Prose)):
            inches += 0.22 * (1 + len(block.text) // 110)
        elif isinstance(block, Bullets):
            inches += 0.22 * len(block.items)
        elif isinstance(block, Table):
            inches += 0.35 + 0.2 * sum(1 + cells_lines(row.cells) for row in block.rows)
        elif isinstance(block, Figure):
            inches += 3.3
    return inches / PAGE_INCHES


def cells_lines(cells: tuple[str, ...]) -> int:
    """Extra lines of a table row whose cells hold several lines."""
    return max((cell.count("\n") for cell in cells), default=0)


def charts_in(blocks: Part):
    """The charts the document holds, in order."""
    return [b.chart for b in blocks if isinstance(b, Figure)]

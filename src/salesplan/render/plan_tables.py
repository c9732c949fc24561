"""The Word plan's tables, as :class:`~salesplan.render.blocks.Table` blocks.

Every number comes from :mod:`salesplan.derived` and is formatted by the document's
:class:`~salesplan.render.locale.Formats`; every heading comes from ``tables.j2``. A function
returns None when the plan has nothing for its table, so no empty table is ever printed.
Column weights keep every table inside the page width; tables with one column per month
are cut into half-years (:data:`MONTHS_PER_TABLE`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Sequence

from salesplan.plan import derived
from salesplan.plan.model import Goal, Persona
from salesplan.render.blocks import Column, Row, Table
from salesplan.render.context import RenderContext
from salesplan.render.locale import NOT_APPLICABLE, is_whole

#: Month columns per table: six months of amounts fit a portrait page with the row labels.
MONTHS_PER_TABLE = 6

DASH = NOT_APPLICABLE

#: Shading of the months whose rep quotas fall short of the team target (a light red).
SHORT_FILL = "F6D5D1"


def cell_list(items: Iterable[str]) -> str:
    """Several short items in one cell, one per line (bulleted when there are several)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return "\n".join(f"• {item}" for item in items)


def columns(ctx: RenderContext, table: str, spec: Sequence[tuple[str, float, bool]]) -> tuple[Column, ...]:
    """Columns of ``table`` from (key, weight, numeric) triples, titled from ``tables.j2``."""
    titles = ctx.words.columns(table)
    return tuple(Column(titles[key], weight, numeric) for key, weight, numeric in spec)


def table(name: str, cols: tuple[Column, ...], rows: list[Row], caption: str | None = None,
          *, header: bool = True) -> Table | None:
    if not rows:
        return None
    return Table(cols, tuple(rows), caption, header, name)


def body(*cells: str) -> Row:
    return Row(tuple(cells))


def keep_columns(cols: tuple[Column, ...], rows: list[Row], keep: Sequence[bool]) -> tuple[tuple[Column, ...], list[Row]]:
    """Drop the columns whose ``keep`` flag is False (an optional field no row has)."""
    kept_cols = tuple(c for c, k in zip(cols, keep) if k)
    kept_rows = [
        r if r.kind == "group" else Row(tuple(c for c, k in zip(r.cells, keep) if k), r.kind) for r in rows
    ]
    return kept_cols, kept_rows


def chunks(months: list[str], size: int = MONTHS_PER_TABLE) -> list[list[str]]:
    return [months[i:i + size] for i in range(0, len(months), size)]


# --------------------------------------------------------------------------- summary


def summary_goals(ctx: RenderContext) -> Table | None:
    cols = columns(ctx, "summary_goals", [("priority", 0.5, True), ("goal", 4.0, False),
                                          ("metric", 1.8, False), ("target", 1.7, True)])
    rows = [body(str(g.priority) if g.priority is not None else DASH, g.label,
                 ctx.words.term("metrics", g.metric), ctx.amount(g.target, g)) for g in ctx.goals]
    return table("summary-goals", cols, rows)


def facts(name: str, pairs: list[tuple[str, str]]) -> Table | None:
    """A label/value table without header (key figures)."""
    cols = (Column("", 1.6), Column("", 5.0))
    return table(name, cols, [body(label, value) for label, value in pairs if value], header=False)


# --------------------------------------------------------------------------- team


def territories(ctx: RenderContext) -> Table | None:
    cols = columns(ctx, "territories", [("name", 1.6, False), ("description", 3.0, False), ("members", 2.4, False)])
    rows = []
    for territory in ctx.plan.territories:
        members = [m.name for m in ctx.plan.members if m.territory == territory.id]
        rows.append(body(territory.name, territory.description or "", ", ".join(members)))
    cols, rows = keep_columns(cols, rows, [True, any(t.description for t in ctx.plan.territories), True])
    return table("territories", cols, rows)


def ramp_text(ctx: RenderContext, shares: Sequence[Decimal]) -> str:
    return ctx.words("document.ramp", shares=[ctx.fmt.percent(s) for s in shares]) if shares else ""


def members(ctx: RenderContext) -> Table | None:
    cols = columns(ctx, "members", [("name", 2.0, False), ("role", 2.2, False), ("territory", 1.5, False),
                                    ("start", 1.3, False), ("ramp", 1.6, False)])
    rows = [
        body(m.name, m.role or "", ctx.territory_name(m.territory),
             ctx.fmt.date(m.start) if m.start else "", ramp_text(ctx, m.ramp))
        for m in ctx.plan.members
    ]
    people = ctx.plan.members
    keep = [True, any(m.role for m in people), any(m.territory for m in people),
            any(m.start for m in people), any(m.ramp for m in people)]
    return table("members", *keep_columns(cols, rows, keep))


def hires(ctx: RenderContext) -> Table | None:
    planned = ctx.plan.team.hires if ctx.plan.team else []
    cols = columns(ctx, "hires", [("role", 3.0, False), ("territory", 1.4, False), ("start", 1.4, False),
                                  ("count", 0.9, True), ("monthly_cost", 1.4, True)])
    rows = [
        body(h.role, ctx.territory_name(h.territory), ctx.fmt.date(h.start), ctx.fmt.number(h.count),
             ctx.fmt.money(h.monthly_cost) if h.monthly_cost is not None else "")
        for h in planned
    ]
    keep = [True, any(h.territory for h in planned), True, True, any(h.monthly_cost is not None for h in planned)]
    return table("hires", *keep_columns(cols, rows, keep))


# --------------------------------------------------------------------------- market


def segments(ctx: RenderContext) -> Table | None:
    found = ctx.plan.market.segments if ctx.plan.market else []
    cols = columns(ctx, "segments", [("name", 2.0, False), ("description", 4.0, False), ("size", 1.4, False)])
    rows = [body(s.name, s.description or "", s.size or "") for s in found]
    keep = [True, any(s.description for s in found), any(s.size for s in found)]
    return table("segments", *keep_columns(cols, rows, keep))


def persona(ctx: RenderContext, person: Persona) -> Table | None:
    """A persona card: one labelled row per field the plan fills in."""
    labels = ctx.words.mapping("tables.persona_rows")
    values = {
        "title": person.title or "",
        "age_range": person.age_range or "",
        "region": person.region or "",
        "company_size": person.company_size or "",
        "summary": person.summary or "",
        "needs": cell_list(person.needs),
        "concerns": cell_list(person.concerns),
        "frustrations": cell_list(person.frustrations),
        "objections": cell_list(person.objections),
        "requirements": cell_list(person.requirements),
        "urgency": ctx.words.term("urgency", person.urgency) if person.urgency else "",
        "buying_role": ", ".join(ctx.words.term("buying_roles", r) for r in person.buying_role),
    }
    rows = [body(labels[key], value) for key, value in values.items() if value]
    return table(f"persona-{person.name}", (Column("", 1.5), Column("", 5.0)), rows, header=False)


def journey(ctx: RenderContext) -> Table | None:
    stages = ctx.plan.market.journey if ctx.plan.market else []
    cols = columns(ctx, "journey", [("stage", 1.3, False), ("touchpoints", 1.5, False), ("actions", 1.5, False),
                                    ("feeling", 1.1, False), ("pain_points", 1.5, False), ("solutions", 1.5, False)])
    rows = [
        body(s.stage, cell_list(s.touchpoints), cell_list(s.actions), feeling(ctx, s.emotion, s.sentiment),
             cell_list(s.pain_points), cell_list(s.solutions))
        for s in stages
    ]
    keep = [True, any(s.touchpoints for s in stages), any(s.actions for s in stages),
            any(s.emotion or s.sentiment is not None for s in stages),
            any(s.pain_points for s in stages), any(s.solutions for s in stages)]
    return table("journey", *keep_columns(cols, rows, keep))


def feeling(ctx: RenderContext, emotion: str | None, sentiment: int | None) -> str:
    parts = [emotion or ""]
    if sentiment is not None:
        parts.append(f"({ctx.words.term('sentiment', str(sentiment))})")
    return " ".join(p for p in parts if p)


# --------------------------------------------------------------------------- resources, positioning, marketing


def resources(ctx: RenderContext) -> Table | None:
    found = ctx.plan.resources or []
    cols = columns(ctx, "resources", [("name", 2.0, False), ("category", 1.3, False), ("purpose", 3.2, False),
                                      ("monthly_cost", 1.3, True)])
    rows = [
        body(r.name, category_label(ctx, r.category), r.purpose or "",
             ctx.fmt.money(r.monthly_cost) if r.monthly_cost is not None else "")
        for r in found
    ]
    costs = [r.monthly_cost for r in found if r.monthly_cost is not None]
    if len(costs) > 1:
        rows.append(Row((ctx.words.row("total"), "", "", ctx.fmt.money(derived.team_monthly_cost(ctx.plan))), "total"))
    keep = [True, any(r.category for r in found), any(r.purpose for r in found), bool(costs)]
    return table("resources", *keep_columns(cols, rows, keep))


def category_label(ctx: RenderContext, value: str | None) -> str:
    """A resource category as a label in the document's language: ``crm`` -> ``CRM``,
    ``enablement`` -> ``Enablement``; a category without a known label is capitalised
    (``sales-engagement`` -> ``Sales engagement``)."""
    if not value:
        return ""
    key = value.strip().lower().replace("_", "-").replace(" ", "-")
    known = ctx.words.mapping("terms.resource_categories")
    if key in known:
        return known[key]
    text = value.strip()
    if text.islower():
        text = text.replace("-", " ").replace("_", " ")
    return text[0].upper() + text[1:]


def competitors(ctx: RenderContext) -> Table | None:
    found = ctx.plan.positioning.competitors if ctx.plan.positioning else []
    cols = columns(ctx, "competitors", [("name", 1.6, False), ("strengths", 2.3, False),
                                        ("weaknesses", 2.3, False), ("pricing", 1.8, False)])
    rows = [body(c.name, cell_list(c.strengths), cell_list(c.weaknesses), c.pricing or "") for c in found]
    keep = [True, any(c.strengths for c in found), any(c.weaknesses for c in found), any(c.pricing for c in found)]
    return table("competitors", *keep_columns(cols, rows, keep))


def promotions(ctx: RenderContext) -> Table | None:
    found = ctx.plan.marketing.promotions if ctx.plan.marketing else []
    cols = columns(ctx, "promotions", [("product", 1.7, False), ("description", 3.0, False), ("start", 1.2, False),
                                       ("end", 1.2, False), ("impact", 1.1, True)])
    rows = [
        body(p.product, p.description or "", ctx.fmt.date(p.start), ctx.fmt.date(p.end) if p.end else "",
             ctx.fmt.change(p.expected_impact) if p.expected_impact is not None else "")
        for p in found
    ]
    keep = [True, any(p.description for p in found), True, any(p.end for p in found),
            any(p.expected_impact is not None for p in found)]
    return table("promotions", *keep_columns(cols, rows, keep))


# --------------------------------------------------------------------------- prospecting


def funnel_stages(ctx: RenderContext, funnel: list[derived.FunnelRow]) -> Table | None:
    cols = columns(ctx, "funnel_stages", [("stage", 3.0, False), ("conversion", 2.0, True), ("needed", 2.0, True)])
    rows = [
        body(row.stage, ctx.fmt.percent(row.conversion) if row.conversion is not None and i < len(funnel) - 1 else "",
             ctx.fmt.number(row.total))
        for i, row in enumerate(funnel)
    ]
    return table("funnel-stages", cols, rows)


def funnel_months(ctx: RenderContext, funnel: list[derived.FunnelRow]) -> Table | None:
    if not funnel:
        return None
    month_title = ctx.words.columns("funnel_months")["month"]
    weight = max(1.0, 6.0 / len(funnel))
    cols = (Column(month_title, 1.3),) + tuple(Column(row.stage, weight, True) for row in funnel)
    rows = [body(ctx.fmt.month(m), *(ctx.fmt.number(row.by_month[m]) for row in funnel)) for m in ctx.months]
    # no total row: months rounded up one by one add up to more than the period needs (the
    # stage table above gives the period's figures)
    return table("funnel-months", cols, rows, ctx.words("document.funnel_month_caption"))


# --------------------------------------------------------------------------- action plan


def actions(ctx: RenderContext) -> Table | None:
    cols = columns(ctx, "actions", [("initiative", 4.2, False), ("owner", 1.7, False),
                                    ("due", 1.3, False), ("status", 1.1, False)])
    rows: list[Row] = []
    for action in ctx.plan.actions or []:
        heading = action.objective
        if action.goal:
            heading += f" — {ctx.words('document.linked_goal', goal=ctx.goal_name(action.goal))}"
        rows.append(Row((heading,), "group"))
        for step in action.initiatives:
            rows.append(body(step.task, ctx.member_name(step.owner), ctx.fmt.date(step.due) if step.due else "",
                             ctx.words.term("statuses", step.status)))
    return table("actions", cols, rows)


# --------------------------------------------------------------------------- goals


def goals(ctx: RenderContext) -> Table | None:
    cols = columns(ctx, "goals", [("priority", 0.5, True), ("goal", 3.0, False), ("metric", 1.5, False),
                                  ("monthly", 1.9, False), ("target", 1.4, True)])
    rows = [
        body(str(g.priority) if g.priority is not None else DASH, g.label, ctx.words.term("metrics", g.metric),
             ctx.words.term("breakdown", "written" if g.monthly is not None else "even"), ctx.amount(g.target, g))
        for g in ctx.goals
    ]
    return table("goals", cols, rows)


def territory_split(ctx: RenderContext, goal: Goal) -> Table | None:
    split = derived.territory_split(goal)
    cols = columns(ctx, "territory_split", [("territory", 3.0, False), ("target", 2.0, True), ("share", 2.0, True)])
    rows = [body(ctx.territory_name(tid), ctx.amount(amount, goal), ctx.fmt.percent(share))
            for tid, (amount, share) in split.items()]
    if rows:
        total = sum((amount for amount, _ in split.values()), Decimal(0))
        rows.append(Row((ctx.words.row("total"), ctx.amount(total, goal), ctx.fmt.percent(total / goal.target)), "total"))
    return table(f"territory-split-{goal.id}", cols, rows, goal.label if len(ctx.goals) > 1 else None)


def monthly_targets(ctx: RenderContext, goal: Goal) -> Table | None:
    """Month rows with quarter (and year) roll-ups, the cumulative curve, quotas when carried."""
    plan = ctx.plan
    targets = derived.monthly_targets(plan, goal)
    running = derived.cumulative(targets)
    with_quotas = bool(derived.quotas_for_goal(plan, goal))
    quotas = derived.quota_totals(plan, goal)
    spec = [("month", 2.0, False), ("target", 1.5, True), ("cumulative", 1.5, True)]
    if with_quotas:
        spec += [("quotas", 1.5, True), ("over_assignment", 1.5, True)]
    cols = columns(ctx, "targets", spec)

    def line(label: str, months: list[str], kind: str) -> Row:
        target = sum((targets[m] for m in months), Decimal(0))
        cells = [label, ctx.amount(target, goal), ctx.amount(running[months[-1]], goal)]
        fills: tuple[str | None, ...] = ()
        if with_quotas:
            quota = sum((quotas[m] for m in months), Decimal(0))
            cells += [ctx.amount(quota, goal), ctx.fmt.percent(derived.ratio(quota, target))]
            if quota < target:
                fills = (None, None, None, SHORT_FILL, SHORT_FILL)
        return Row(tuple(cells), kind, fills)  # type: ignore[arg-type]

    return table(f"monthly-targets-{goal.id}", cols, rollup_rows(ctx, line),
                 ctx.words("document.targets_caption", goal=goal.label))


def rollup_rows(ctx: RenderContext, line) -> list[Row]:
    """Rows of the months, a subtotal after every quarter and year, and a total.

    Quarter rows appear when the period spans several quarters, year rows when it spans
    several years; a period of one quarter names that quarter on its total row.
    """
    months = ctx.months
    quarters = derived.quarterly(dict.fromkeys(months, Decimal(0)))
    years = {m[:4] for m in months}
    rows: list[Row] = []
    for index, month in enumerate(months):
        rows.append(line(ctx.fmt.month(month), [month], "body"))
        following = months[index + 1] if index + 1 < len(months) else None
        quarter = derived.quarter_of(month)
        if len(quarters) > 1 and (following is None or derived.quarter_of(following) != quarter):
            rows.append(line(quarter_label(ctx, quarter), [m for m in months if derived.quarter_of(m) == quarter],
                             "subtotal"))
        if len(years) > 1 and (following is None or following[:4] != month[:4]):
            rows.append(line(ctx.words("tables.year", year=month[:4]), [m for m in months if m[:4] == month[:4]],
                             "subtotal"))
    total_label = ctx.words.row("total")
    if len(quarters) == 1:
        total_label += f" ({quarter_label(ctx, next(iter(quarters)))})"
    rows.append(line(total_label, months, "total"))
    return rows


def quarter_label(ctx: RenderContext, quarter: str) -> str:
    """``2027-Q1`` -> ``Q1 2027`` (``T1 2027`` in French)."""
    year, number = quarter.split("-Q")
    return ctx.words("tables.quarter", number=number, year=year)


def rep_quotas(ctx: RenderContext, goal: Goal) -> Table | None:
    """One row per rep: territory, full quota, ramp-up and what they carry over the period."""
    plan = ctx.plan
    found = derived.quotas_for_goal(plan, goal)
    cols = columns(ctx, "rep_quotas", [("rep", 2.2, False), ("territory", 1.6, False), ("ramp", 2.0, False),
                                       ("full", 1.4, True), ("total", 1.4, True)])
    rows = []
    for quota in found:
        member = plan.member(quota.rep)
        full = ctx.words("document.as_written") if isinstance(quota.monthly, dict) else ctx.amount(quota.monthly, goal)
        ramp = ramp_cell(ctx, member) if not isinstance(quota.monthly, dict) else ""
        total = sum(derived.effective_quota(plan, quota).values(), Decimal(0))
        rows.append(body(ctx.member_name(quota.rep), ctx.territory_name(member.territory if member else None),
                         ramp, full, ctx.amount(total, goal)))
    if rows:
        total = sum(derived.quota_totals(plan, goal).values(), Decimal(0))
        rows.append(Row((ctx.words.row("all_reps"), "", "", "", ctx.amount(total, goal)), "total"))
    keep = [True, any(plan.member(q.rep) and plan.member(q.rep).territory for q in found),
            any(r.cells[2] for r in rows), True, True]
    return table(f"rep-quotas-{goal.id}", *keep_columns(cols, rows, keep))


def ramp_cell(ctx: RenderContext, member) -> str:
    """``25% / 50% / 75%, from Dec 1, 2026``; the start alone when the rep joins during the period."""
    if member is None or member.start is None:
        return ""
    joins = derived.month_key(member.start) >= ctx.months[0]
    start = ctx.words("tables.starts", day=member.start)
    if member.ramp:
        return f"{ramp_text(ctx, member.ramp)}, {start}"
    return start if joins else ""


def rep_quota_months(ctx: RenderContext, goal: Goal) -> list[Table]:
    """Each rep's effective quota month by month, half a year per table, with the team lines."""
    plan = ctx.plan
    found = derived.quotas_for_goal(plan, goal)
    if not found:
        return []
    effective = [(ctx.member_name(q.rep), derived.effective_quota(plan, q)) for q in found]
    totals = derived.quota_totals(plan, goal)
    targets = derived.monthly_targets(plan, goal)
    ratios = derived.over_assignment(plan, goal)
    rep_title = ctx.words.columns("rep_quota_months")["rep"]
    several_years = len({m[:4] for m in ctx.months}) > 1
    tables = []
    for part in chunks(ctx.months):
        cols = (Column(rep_title, 2.6),) + tuple(
            Column(ctx.fmt.month_short(m, year=several_years or len(ctx.months) > 12), 1.0, True) for m in part)
        rows = [body(name, *(ctx.amount(by_month[m], goal) for m in part)) for name, by_month in effective]
        rows.append(Row((ctx.words.row("all_reps"),) + tuple(ctx.amount(totals[m], goal) for m in part), "subtotal"))
        rows.append(Row((ctx.words.row("team_target"),) + tuple(ctx.amount(targets[m], goal) for m in part), "subtotal"))
        short = (None,) + tuple(SHORT_FILL if totals[m] < targets[m] else None for m in part)
        rows[-2] = Row(rows[-2].cells, rows[-2].kind, short)
        rows.append(Row((ctx.words.row("over_assignment"),) + tuple(ctx.fmt.percent(ratios[m]) for m in part), "total",
                        short))
        caption = ctx.words("document.quotas_caption", first=part[0], last=part[-1])
        tables.append(Table(cols, tuple(rows), caption, True, f"rep-quota-months-{goal.id}-{part[0]}"))
    return tables


# --------------------------------------------------------------------------- budget


def budget_lines(ctx: RenderContext) -> Table | None:
    lines = ctx.plan.budget or []
    summary = derived.budget_summary(ctx.plan)
    cols = columns(ctx, "budget", [("category", 1.7, False), ("item", 3.6, False), ("amount", 1.4, True),
                                   ("share", 1.0, True)])
    rows = [body(ctx.words.term("budget_categories", line.category),
                 line.item + (f"\n{line.notes}" if line.notes else ""), ctx.fmt.money(line.amount),
                 ctx.fmt.percent(derived.ratio(line.amount, summary.total)))
            for line in lines]
    if not rows:
        return None
    hires = [h for h in derived.hire_costs(ctx.plan) if h.cost]
    if not hires:
        rows.append(Row((ctx.words.row("total"), "", ctx.fmt.money(summary.total), ctx.fmt.percent(Decimal(1))), "total"))
        return table("budget", cols, rows)
    # the planned hires' salaries are not budget lines of the plan: shown apart, with the total they make
    rows.append(Row((ctx.words.row("budget_lines"), "", ctx.fmt.money(summary.total), ctx.fmt.percent(Decimal(1))),
                    "subtotal"))
    for found in hires:
        rows.append(body(ctx.words.row("planned_hires"),
                         ctx.words("tables.hire_item", role=found.hire.role, count=found.hire.count,
                                   months=found.months, monthly=ctx.fmt.money(found.hire.monthly_cost)),
                         ctx.fmt.money(found.cost), ""))
    rows.append(Row((ctx.words.row("total_with_hires"), "", ctx.fmt.money(summary.total_with_hires), ""), "total"))
    return table("budget", cols, rows)


def budget_categories(ctx: RenderContext) -> Table | None:
    """Totals by category; only when some category holds several lines (else it repeats the lines)."""
    lines = ctx.plan.budget or []
    summary = derived.budget_summary(ctx.plan)
    if len(summary.by_category) == len(lines) or len(summary.by_category) < 2:
        return None
    cols = columns(ctx, "budget_categories", [("category", 3.0, False), ("amount", 2.0, True), ("share", 1.5, True)])
    caption = ctx.words.subheading("budget_categories")
    rows = [body(ctx.words.term("budget_categories", category), ctx.fmt.money(amount),
                 ctx.fmt.percent(derived.ratio(amount, summary.total)))
            for category, amount in summary.by_category.items()]
    rows.append(Row((ctx.words.row("total"), ctx.fmt.money(summary.total), ctx.fmt.percent(Decimal(1))), "total"))
    return table("budget-categories", cols, rows, caption)


# --------------------------------------------------------------------------- basis of the plan (--history)


def whole_money(ctx: RenderContext, value: Decimal) -> str:
    """An amount rounded to whole currency units (capacity and gaps are products of shares)."""
    return ctx.fmt.money(value.quantize(Decimal(1)))


def basis_months(ctx: RenderContext) -> Table | None:
    """Month by month: the same month last year, the plan's target, the change."""
    found = ctx.basis
    cols = columns(ctx, "basis_months", [("month", 2.0, False), ("last_year", 1.7, True), ("target", 1.7, True),
                                         ("change", 1.3, True)])
    rows = []
    for month in found.months:
        change = month.plan / month.last_year - 1 if month.plan is not None and month.last_year else None
        rows.append(body(ctx.fmt.month(month.month),
                         ctx.fmt.money(month.last_year) if month.last_year is not None else DASH,
                         ctx.fmt.money(month.plan) if month.plan is not None else DASH, ctx.fmt.change(change)))
    if len(found.months) > 1:
        last = sum((m.last_year for m in found.months if m.last_year is not None), Decimal(0))
        plan = sum((m.plan for m in found.months if m.plan is not None), Decimal(0))
        rows.append(Row((ctx.words.row("total"), ctx.fmt.money(last), ctx.fmt.money(plan),
                         ctx.fmt.change(plan / last - 1 if last else None)), "total"))
    return table("basis-months", cols, rows, ctx.words("document.basis_months_caption", year=found.last_year_label))


def basis_capacity(ctx: RenderContext) -> Table | None:
    """Month by month: the target, what the reps bring at last year's attainment, and the margin
    (capacity - target: ``+`` is room to spare, ``-`` a shortfall)."""
    found = ctx.basis
    cols = columns(ctx, "basis_capacity", [("month", 2.0, False), ("target", 1.6, True), ("capacity", 1.8, True),
                                           ("gap", 1.8, True)])

    def margin(value: Decimal) -> str:
        text = whole_money(ctx, value)
        return "+" + text if value.quantize(Decimal(1)) > 0 else text

    rows = [body(ctx.fmt.month(m.month), ctx.fmt.money(m.target), whole_money(ctx, m.capacity),
                 margin(-m.gap)) for m in found.capacity]
    if len(found.capacity) > 1:
        target = sum((m.target for m in found.capacity), Decimal(0))
        capacity = sum((m.capacity for m in found.capacity), Decimal(0))
        rows.append(Row((ctx.words.row("total"), ctx.fmt.money(target), whole_money(ctx, capacity),
                         margin(capacity - target)), "total"))
    return table("basis-capacity", cols, rows, ctx.words("document.basis_capacity_caption"))


def funnel_figure(ctx: RenderContext, measure: str, value: Decimal | None) -> str:
    if value is None:
        return DASH
    if measure == "win_rate":
        return ctx.fmt.percent(value, digits=1)
    if measure == "average_deal_size":
        return ctx.fmt.money(value.quantize(Decimal(1)))
    return ctx.words("document.days", days=ctx.fmt.number(value, digits=0 if is_whole(value) else 1))


def basis_funnel(ctx: RenderContext) -> Table | None:
    """The plan's funnel figures beside the history's, flagged beyond the plan's tolerance."""
    found = ctx.basis
    cols = columns(ctx, "basis_funnel", [("measure", 2.4, False), ("plan", 1.4, True), ("history", 1.4, True),
                                         ("difference", 1.2, True), ("flag", 1.6, False)])
    rows = [body(ctx.words.row(f"funnel_{c.measure}"), funnel_figure(ctx, c.measure, c.plan),
                 funnel_figure(ctx, c.measure, c.observed), ctx.fmt.change(c.difference),
                 ctx.words.row("beyond_tolerance") if c.flagged else "")
            for c in found.funnel]
    return table("basis-funnel", cols, rows, ctx.words("document.basis_funnel_caption"))


def basis_reverse(ctx: RenderContext) -> Table | None:
    """Each funnel stage over the period: needed with the plan's figures, with the history's."""
    found = ctx.basis
    cols = columns(ctx, "basis_reverse", [("stage", 3.0, False), ("plan", 2.0, True), ("history", 2.0, True)])
    rows = [body(r.stage, ctx.fmt.number(r.plan_total), ctx.fmt.number(r.observed_total))
            for r in found.reverse_funnel]
    return table("basis-reverse", cols, rows, ctx.words("document.basis_reverse_caption"))

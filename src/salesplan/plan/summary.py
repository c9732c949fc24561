"""``salesplan summary``: the plan's derived numbers as data (JSON) and as terminal text."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from salesplan.plan import derived
from salesplan.jsonout import money, ratio
from salesplan.plan.model import Plan
from salesplan.texttable import amount, percent, table


def _money_map(values: dict[str, Decimal]) -> dict[str, Any]:
    return {k: money(v) for k, v in values.items()}


def summary_data(plan: Plan) -> dict[str, Any]:
    """Every derived number of the plan, JSON-ready (amounts 2 decimals, ratios 4)."""
    months = derived.plan_months(plan)
    goals = []
    for goal in plan.goals_by_priority():
        targets = derived.monthly_targets(plan, goal)
        quotas = derived.quotas_for_goal(plan, goal)
        totals = derived.quota_totals(plan, goal)
        goals.append({
            "goal": goal.id,
            "name": goal.label,
            "metric": goal.metric,
            "priority": goal.priority,
            "target": money(goal.target),
            "spread_evenly": goal.monthly is None,
            "monthly": _money_map(targets),
            "cumulative": _money_map(derived.cumulative(targets)),
            "quarters": _money_map(derived.quarterly(targets)),
            "years": _money_map(derived.yearly(targets)),
            "quota_total": _money_map(totals) if quotas else None,
            "over_assignment": (
                {m: ratio(r) for m, r in derived.over_assignment(plan, goal).items()} if quotas else None
            ),
            "territories": [
                {"territory": tid, "name": _territory_name(plan, tid), "target": money(amount_),
                 "share": ratio(share)}
                for tid, (amount_, share) in derived.territory_split(goal).items()
            ],
        })
    reps = []
    for quota in plan.quotas or []:
        effective = derived.effective_quota(plan, quota)
        member = plan.member(quota.rep)
        reps.append({
            "rep": quota.rep,
            "name": member.name if member else quota.rep,
            "goal": derived.quota_goal(plan, quota).id,
            "monthly": _money_map(effective),
            "total": money(sum(effective.values(), Decimal(0))),
        })
    funnel_rows = derived.reverse_funnel(plan)
    funnel = None
    if funnel_rows:
        funnel = {
            "goal": derived.revenue_goal(plan).id,  # type: ignore[union-attr]
            "average_deal_size": money(plan.prospecting.funnel.average_deal_size),  # type: ignore[union-attr]
            "stages": [
                {"stage": row.stage, "conversion": ratio(row.conversion), "monthly": row.by_month, "total": row.total}
                for row in funnel_rows
            ],
        }
    budget = None
    if plan.budget:
        b = derived.budget_summary(plan)
        budget = {
            "total": money(b.total),
            "by_category": _money_map(b.by_category),
            "ratio_to_revenue": ratio(b.ratio_to_revenue),
            "cost_per_won_deal": money(b.cost_per_won_deal),
            "won_deals": b.deals,
            "hires_cost": money(b.hires_cost),
            "total_with_hires": money(b.total_with_hires),
        }
    promotions = [
        {"product": p.product, "start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None,
         "expected_impact": ratio(p.expected_impact)}
        for p in (plan.marketing.promotions if plan.marketing else [])
    ]
    return {
        "plan": plan.plan.title,
        "company": plan.plan.company,
        "start": plan.plan.start.isoformat(),
        "end": plan.plan.end.isoformat(),
        "months": months,
        "currency": plan.plan.currency,
        "goals": goals,
        "reps": reps,
        "funnel": funnel,
        "budget": budget,
        "promotions": promotions,
    }


def _territory_name(plan: Plan, territory_id: str) -> str:
    return next((t.name for t in plan.territories if t.id == territory_id), territory_id)


def summary_text(plan: Plan) -> str:
    """The derived numbers as terminal tables (months as columns)."""
    months = derived.plan_months(plan)
    currency = f" {plan.plan.currency}" if plan.plan.currency else ""
    out = [f"{plan.plan.title}", f"{plan.plan.company}, {plan.plan.start} .. {plan.plan.end} ({len(months)} months)"]

    for goal in plan.goals_by_priority():
        unit = currency if goal.metric == "revenue" else " deals"
        targets = derived.monthly_targets(plan, goal)
        out += ["", f"Goal {goal.id} ({goal.label}): {amount(goal.target)}{unit}"
                + (", spread evenly" if goal.monthly is None else "")]
        cumul = derived.cumulative(targets)
        rows = [[m, amount(targets[m]), amount(cumul[m])] for m in months]
        headers = ["month", "target", "cumulative"]
        if derived.quotas_for_goal(plan, goal):
            totals = derived.quota_totals(plan, goal)
            over = derived.over_assignment(plan, goal)
            headers += ["rep quotas", "over-assignment"]
            for row, m in zip(rows, months):
                row += [amount(totals[m]), percent(over[m])]
        out.append(table(headers, rows))
        quarters = derived.quarterly(targets)
        if len(quarters) > 1:
            out.append("  quarters: " + ", ".join(f"{q} {amount(v)}" for q, v in quarters.items()))
        if goal.territories:
            out.append("  territories: " + ", ".join(
                f"{_territory_name(plan, t)} {amount(a)} ({percent(s)})"
                for t, (a, s) in derived.territory_split(goal).items()))

    if plan.quotas:
        out += ["", "Effective rep quotas (start month and ramp included)"]
        rows = []
        for quota in plan.quotas:
            eff = derived.effective_quota(plan, quota)
            rows.append([quota.rep, derived.quota_goal(plan, quota).id] + [amount(eff[m]) for m in months]
                        + [amount(sum(eff.values(), Decimal(0)))])
        out.append(table(["rep", "goal", *months, "total"], rows, numeric=[False, False] + [True] * (len(months) + 1)))

    funnel = derived.reverse_funnel(plan)
    if funnel:
        deal_size = plan.prospecting.funnel.average_deal_size  # type: ignore[union-attr]
        out += ["", f"Reverse funnel (average deal {amount(deal_size)}{currency})"]
        rows = [[r.stage, percent(r.conversion) if r.conversion is not None else ""]
                + [str(r.by_month[m]) for m in months] + [str(r.total)] for r in funnel]
        out.append(table(["stage", "conversion", *months, "total"], rows, numeric=[False] + [True] * (len(months) + 2)))
        if any(r.months_sum != r.total for r in funnel):
            out.append("  each month is rounded up on its own; the total is worked out from the whole period's target")

    if plan.budget:
        b = derived.budget_summary(plan)
        out += ["", f"Budget: {amount(b.total)}{currency}"
                + (f", {percent(b.ratio_to_revenue, 1)} of the revenue target" if b.ratio_to_revenue is not None else "")
                + (f", {amount(b.cost_per_won_deal)}{currency} per won deal ({b.deals} deals)"
                   if b.cost_per_won_deal is not None else "")]
        if b.hires_cost:
            out.append(f"  planned hires (not in the budget lines): {amount(b.hires_cost)}{currency} within the period;"
                       f" {amount(b.total_with_hires)}{currency} with them")
        out.append(table(["category", "amount", "share"],
                         [[c, amount(v), percent(v / b.total)] for c, v in b.by_category.items()]))
    return "\n".join(out)

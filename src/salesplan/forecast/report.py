"""``salesplan forecast`` outputs: a terminal table, JSON (a stable interface) and YAML to paste.

JSON conventions are the project's (:mod:`salesplan.jsonout`): amounts are numbers with at
most two decimals, shares and rates numbers rounded to four decimals, months ``YYYY-MM``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from salesplan.plan.derived import ZERO
from salesplan.forecast.build import Forecast
from salesplan.forecast.capacity import Capacity
from salesplan.forecast.funnel import FunnelCheck
from salesplan.forecast.planfile import number_text
from salesplan.forecast.seasonality import month_label
from salesplan.jsonout import dumps, money, ratio
from salesplan.texttable import amount, percent, table

__all__ = ["render_json", "render_table", "render_yaml", "to_dict", "percent_text", "period_text"]


def period_text(months: list[str]) -> str:
    return months[0] if len(months) == 1 else f"{months[0]}..{months[-1]}"


def percent_text(value: Decimal, places: int = 1, sign: bool = False) -> str:
    """0.15 -> ``15.0%`` (``+15.0%`` with ``sign``); whole tolerances print without decimals."""
    return f"{value * 100:{'+' if sign else ''}.{places}f}%"


def _tolerance(value: Decimal) -> str:
    shown = (value * 100).normalize()
    return f"{shown:f}%"


# --------------------------------------------------------------------------- JSON


def to_dict(result: Forecast) -> dict[str, Any]:
    """The JSON document of a forecast (see the README for its shape)."""
    history = result.history
    proposal = result.proposal
    trend = result.trend
    rows = history.rows
    data: dict[str, Any] = {
        "history": {
            "file": history.file,
            "sheet": history.sheet,
            "layout": history.layout,
            "currency": history.currency,
            "first_month": history.first_month,
            "last_month": history.last_month,
            "monthly": {m: money(v) for m, v in history.monthly.items()},
            "years": [
                {"first_month": y.first, "last_month": y.last, "label": y.label, "months": len(y.monthly),
                 "complete": y.complete, "total": money(y.total)}
                for y in result.years
            ],
            "rows": {
                "read": rows.read, "won": rows.won, "lost": rows.lost, "open": rows.open, "rejected": rows.rejected,
                "total_rows": rows.total_rows, "empty_amount": rows.empty_amount,
                "rejected_examples": [{"sheet": r.sheet, "row": r.row, "reason": r.reason}
                                      for r in rows.rejected_examples],
            },
        },
        "seasonality": {f"{c:02d}": ratio(s) for c, s in result.seasonality.shares.items()},
        "trend": {
            "method": trend.method,
            "growth": ratio(trend.growth),
            "slope_per_month": money(trend.slope),
            "from": trend.previous.label if trend.previous else None,
            "to": trend.last.label if trend.last else None,
        },
        "targets": {
            "basis": proposal.basis,
            "growth": ratio(proposal.growth),
            "last_year_total": money(proposal.last_year_total),
            "last_year_annualised": proposal.last_year_annualised,
            "reference": money(proposal.reference),
            "target": money(proposal.target),
            "round": money(proposal.step) if proposal.step >= Decimal("0.01") else float(proposal.step),
            "start": proposal.months[0],
            "end": proposal.months[-1],
            "monthly": {m: money(v) for m, v in proposal.monthly.items()},
            "last_year": {m: money(v) for m, v in proposal.last_year_monthly.items()},
        },
        "plan": None,
        "capacity": _capacity_dict(result.capacity),
        "funnel": _funnel_dict(result.funnel),
        "notes": list(result.notes),
        "warnings": list(result.warnings),
    }
    if result.goal is not None:
        data["plan"] = {
            "title": result.plan_title,
            "goal": result.goal.id,
            "target": money(result.goal.target),
            "monthly": {m: money(v) for m, v in (result.plan_monthly or {}).items()},
        }
    return data


def _capacity_dict(cap: Capacity | None) -> dict[str, Any] | None:
    if cap is None:
        return None
    return {
        "goal": cap.goal,
        "reps": [
            {"rep": r.rep, "name": r.name, "full_quota": money(r.full_quota), "attainment": ratio(r.attainment),
             "basis": r.basis, "last_year_actual": money(r.history_actual),
             "last_year_expected": money(r.history_expected)}
            for r in cap.reps
        ],
        "months": [
            {"month": m.month, "target": money(m.target), "quota": money(m.quota), "capacity": money(m.capacity),
             "gap": money(m.gap), "with_hires": money(m.with_hires)}
            for m in cap.months
        ],
        "target": money(cap.target),
        "capacity": money(cap.capacity),
        "gap": money(cap.gap),
        "additional_reps": cap.additional_reps,
        "hire_month": cap.hire_month,
        "hire_quota": money(cap.hire_quota),
        "ramp": [ratio(r) for r in cap.ramp],
    }


def _funnel_dict(check: FunnelCheck) -> dict[str, Any]:
    seen = check.observed
    shown = {"win_rate": ratio, "average_deal_size": money, "sales_cycle_days": money}
    return {
        "won_deals": seen.won,
        "lost_deals": seen.lost,
        "win_rate": ratio(seen.win_rate),
        "average_deal_size": money(seen.average_deal_size),
        "sales_cycle_days": money(seen.cycle_days),
        "cycle_deals": seen.cycle_deals,
        "tolerance": ratio(check.tolerance),
        "comparison": [
            {"measure": c.measure, "plan": shown[c.measure](c.plan), "observed": shown[c.measure](c.observed),
             "difference": ratio(c.difference), "flagged": c.flagged}
            for c in check.comparison
        ],
        "reverse_funnel": [
            {"stage": r.stage, "plan_conversion": ratio(r.plan_conversion),
             "observed_conversion": ratio(r.observed_conversion), "plan": r.plan_total,
             "observed": r.observed_total, "plan_by_month": r.plan, "observed_by_month": r.observed}
            for r in check.reverse
        ],
    }


def render_json(result: Forecast) -> str:
    return dumps(to_dict(result)) + "\n"


# --------------------------------------------------------------------------- YAML


def render_yaml(result: Forecast) -> str:
    """``target:`` and a ``monthly:`` mapping, ready to paste into a plan's goal."""
    proposal = result.proposal
    lines = [f"# salesplan forecast from {result.history.file}: {period_text(proposal.months)}, "
             f"{_basis_sentence(result)}",
             f"target: {number_text(proposal.target)}",
             "monthly:"]
    lines += [f"  {month}: {number_text(value)}" for month, value in proposal.monthly.items()]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- table


def _money(value: Decimal | None) -> str:
    if value is None:
        return "-"
    return amount(value.quantize(Decimal("0.01")))


def _basis_sentence(result: Forecast) -> str:
    proposal = result.proposal
    last = f"last year's {_money(proposal.reference)}"
    if proposal.basis == "growth":
        return f"{last} {percent_text(proposal.growth, sign=True)}"
    implied = f" (implied growth {percent_text(proposal.growth, sign=True)} on {last})" if proposal.growth is not None \
        else ""
    if proposal.basis == "plan":
        return f"the plan's target{implied}"
    return f"the target given{implied}"


def render_table(result: Forecast) -> str:
    out: list[str] = []
    history = result.history
    unit = f" {result.currency}" if result.currency else ""
    rows = history.rows
    layout = "deal list" if history.layout == "deals" else "rep-by-month grid"
    out.append(f"History  {history.file}{f' ({history.sheet})' if history.sheet else ''}: {layout}, "
               f"{period_text(history.months)} ({len(history.months)} month{'s' if len(history.months) != 1 else ''})"
               f"{',' + unit if unit else ''}")
    counts = [f"{rows.won:,} won"]
    if history.has_stage:
        counts += [f"{rows.lost:,} lost", f"{rows.open:,} open"]
    if rows.rejected:
        counts.append(f"{rows.rejected:,} rejected")
    out.append(f"  {rows.read:,} rows read: {', '.join(counts)}")
    out.append("")
    years = list(reversed(result.years))
    headers = ["Month", *(y.label for y in years), "Share"]
    body = []
    for c in range(1, 13):
        cells = []
        for y in years:
            value = y.by_calendar_month().get(c)
            cells.append("" if value is None else _money(value))
        body.append([month_label(c), *cells, percent(result.seasonality.shares[c], 1)])
    body.append(["Total", *(_money(y.total) for y in years), "100.0%"])
    out.append(table(headers, body))
    out.append("")
    out.append(f"Trend: {result.trend.describe(result.currency)}")
    out.append("")

    proposal = result.proposal
    out.append(f"Targets  {period_text(proposal.months)}: {_money(proposal.target)}{unit}, {_basis_sentence(result)}")
    with_plan = result.plan_monthly is not None and any(result.plan_monthly.values())
    headers = ["Month", "Last year", *(["Plan now"] if with_plan else []), "Target"]
    body = []
    for month, value in proposal.monthly.items():
        plan_cell = [_money(result.plan_monthly.get(month))] if with_plan else []
        body.append([month, _money(proposal.last_year_monthly[month]), *plan_cell, _money(value)])
    last_total = sum((v for v in proposal.last_year_monthly.values() if v is not None), ZERO)
    plan_total = [_money(sum(result.plan_monthly.values(), ZERO))] if with_plan else []
    body.append(["Total", _money(last_total), *plan_total, _money(proposal.target)])
    out.append(table(headers, body))

    if result.capacity is not None:
        out.append("")
        out += _capacity_lines(result.capacity, unit)
    out.append("")
    out += _funnel_lines(result.funnel, result.goal is not None)
    if result.notes:
        out.append("")
        out.append("Notes")
        out += [f"  - {note}" for note in result.notes]
    return "\n".join(out) + "\n"


def _capacity_lines(cap: Capacity, unit: str) -> list[str]:
    out = [f"Capacity  goal {cap.goal}: the reps' quotas at last year's attainment"]
    body = []
    for rep in cap.reps:
        basis = {"history": "last year", "capped": f"capped (made {_ratio_text(rep)})",
                 "no_history": "no history: 100%"}[rep.basis]
        body.append([rep.name, _money(rep.full_quota), _money(rep.history_actual), _money(rep.history_expected),
                     percent(rep.attainment, 1), basis])
    if body:
        out.append(table(["Rep", "Full quota", "Last year", "Asked", "Attainment", "Basis"], body,
                         numeric=[False, True, True, True, True, False]))
        out.append("")
    body = [[m.month, _money(m.target), _money(m.quota), _money(m.capacity), _money(m.gap), _money(m.with_hires)]
            for m in cap.months]
    body.append(["Total", _money(cap.target), _money(sum((m.quota for m in cap.months), ZERO)),
                 _money(cap.capacity), _money(cap.target - cap.capacity),
                 _money(sum((m.with_hires for m in cap.months), ZERO))])
    out.append(table(["Month", "Target", "Quotas", "Capacity", "Gap", "With hires"], body))
    short = [m for m in cap.months if m.gap > 0]
    if cap.gap <= 0 and short:
        listed = ", ".join(f"{m.month} by {_money(m.gap)}" for m in short[:6])
        listed += f" and {len(short) - 6} more" if len(short) > 6 else ""
        out.append(f"  Capacity covers the period's total ({_money(cap.capacity)} for {_money(cap.target)}{unit}) but "
                   f"falls short in {len(short)} month{'s' if len(short) != 1 else ''} ({listed}): no additional "
                   "rep is needed over the period, but those months rely on the others' margin; move target "
                   "to the stronger months or hire earlier.")
    elif cap.gap <= 0:
        out.append("  Capacity covers the target of every month: no additional rep needed.")
    elif cap.additional_reps is None:
        out.append(f"  Gap over the period: {_money(cap.gap)}{unit}; additional reps cannot close it (see the notes).")
    else:
        ramp = ", ".join(percent(r, 0) for r in cap.ramp) if cap.ramp else "none"
        out.append(f"  Gap over the period: {_money(cap.gap)}{unit}: {cap.additional_reps} additional "
                   f"rep{'s' if cap.additional_reps != 1 else ''} at {_money(cap.hire_quota)} a month from "
                   f"{cap.hire_month} (ramp {ramp}) close it.")
    return out


def _ratio_text(rep: Any) -> str:
    if not rep.history_expected:
        return "-"
    return percent(rep.history_actual / rep.history_expected, 0)


def _funnel_lines(check: FunnelCheck, with_plan: bool) -> list[str]:
    seen = check.observed
    title = "Funnel  plan vs history" if check.tolerance is not None else "Funnel  history"
    if check.tolerance is not None:
        title += f" (tolerance {_tolerance(check.tolerance)})"
    out = [title, f"  {seen.won:,} won and {seen.lost:,} lost deals"]
    labels = {"win_rate": "Win rate", "average_deal_size": "Average won deal", "sales_cycle_days": "Sales cycle (days)"}

    def show(measure: str, value: Decimal | None) -> str:
        if value is None:
            return "-"
        if measure == "win_rate":
            return percent(value, 1)
        if measure == "sales_cycle_days":
            return f"{value:,.1f}"
        return _money(value)

    if check.tolerance is not None:
        body = [[labels[c.measure], show(c.measure, c.plan), show(c.measure, c.observed),
                 "" if c.difference is None else percent_text(c.difference, sign=True),
                 "" if c.difference is None else "beyond tolerance" if c.flagged else "within"]
                for c in check.comparison]
        out.append(table(["Measure", "Plan", "History", "Difference", "Check"], body,
                         numeric=[False, True, True, True, False]))
    else:
        body = [[labels[c.measure], show(c.measure, c.observed)] for c in check.comparison]
        out.append(table(["Measure", "History"], body))
    if check.reverse:
        out.append("")
        out.append("  Reverse funnel of the targets: what they need with the plan's figures and the history's")
        body = [[r.stage, f"{r.plan_total:,}", f"{r.observed_total:,}"] for r in check.reverse]
        out.append(table(["Stage", "Plan", "History"], body))
    return out

"""``salesplan track --format json``: the stable interface scripts and dashboards read.

The shape is the contract's (``tracking.md``, "Output"): amounts are numbers with at most two
decimals, paces and shares numbers rounded to four decimals, dates ISO strings.
"""

from __future__ import annotations

from typing import Any

from salesplan.jsonout import dumps, money, ratio
from salesplan.tracking.report import GoalStatus, MonthStatus, Pacing, RepStatus, TerritoryStatus, TrackingReport


def _needed(values: dict | None) -> dict[str, Any] | None:
    return None if values is None else {month: money(v) for month, v in values.items()}


def pacing_dict(pacing: Pacing, *, full: bool = True) -> dict[str, Any]:
    """The figures of a :class:`Pacing`; a territory shows the first four (``full=False``)."""
    figures = {
        "expected_to_date": money(pacing.expected_to_date),
        "actual_to_date": money(pacing.actual_to_date),
        "pace": ratio(pacing.pace),
        "status": pacing.status,
    }
    if full:
        figures["attainment"] = ratio(pacing.attainment)
        figures["projected"] = money(pacing.projected)
    return figures


def goal_dict(view: GoalStatus) -> dict[str, Any]:
    return {"goal": view.goal, "metric": view.metric, "target": money(view.target), **pacing_dict(view.progress),
            "needed_per_month": _needed(view.needed_per_month)}


def rep_dict(view: RepStatus) -> dict[str, Any]:
    return {"rep": view.rep, "name": view.name, "goal": view.goal, "quota": money(view.quota),
            **pacing_dict(view.progress)}


def territory_dict(view: TerritoryStatus) -> dict[str, Any]:
    return {"territory": view.territory, "goal": view.goal, "target": money(view.target),
            **pacing_dict(view.progress, full=False)}


def month_dict(view: MonthStatus) -> dict[str, Any]:
    return {
        "month": view.month,
        "goal": view.goal,
        "target": money(view.target),
        "actual": money(view.actual),
        "status": view.status,
        "complete": view.complete,
    }


def report_dict(report: TrackingReport) -> dict[str, Any]:
    """The report as the JSON contract shapes it (plain dicts, lists, numbers and strings)."""
    rows = report.rows
    return {
        "plan": report.plan_title,
        "as_of": report.as_of.isoformat(),
        "currency": report.currency,
        "tolerance": ratio(report.tolerance),
        "goals": [goal_dict(v) for v in report.goals],
        "reps": [rep_dict(v) for v in report.reps],
        "territories": [territory_dict(v) for v in report.territories],
        "months": [month_dict(v) for v in report.months],
        "rows": {
            "read": rows.read,
            "counted": rows.counted,
            "not_won": rows.not_won,
            "outside_period": rows.outside_period,
            "after_as_of": rows.after_as_of,
            "rejected": rows.rejected,
            "total_rows": rows.total_rows,
            "empty_amount": rows.empty_amount,
            "rejected_examples": [{"sheet": r.sheet, "row": r.row, "reason": r.reason}
                                  for r in rows.rejected_examples],
        },
    }


def render_json(report: TrackingReport) -> str:
    return dumps(report_dict(report)) + "\n"

"""``salesplan track --format csv``: every view in one table, told apart by its ``view`` column.

Views: ``goal``, ``rep``, ``territory``, ``month`` (one row each, the columns that do not apply
left empty) and ``needed`` (one row per goal or rep and remaining month). Numbers are plain
and exact, as in the JSON (``4222.22``, paces as fractions ``0.9167``, a missing figure an
empty cell), so spreadsheets read and sum them as numbers: the csv is for computing, and the
people's rule of :mod:`salesplan.numberformat` (whole money from 1,000 up, rounded
percentages, an em dash for a missing figure) would turn its numbers into text. Text that
a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) gets a
leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from salesplan.jsonout import money, ratio
from salesplan.tracking.report import TrackingReport
from salesplan.tracking.format import formula_safe

COLUMNS = ["view", "goal", "metric", "rep", "name", "territory", "month", "target", "expected_to_date",
           "actual_to_date", "pace", "status", "attainment", "projected", "complete", "needed"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return formula_safe(str(value))


def _m(value: Decimal | None) -> Any:
    return money(value)


def report_rows(report: TrackingReport) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for v in report.goals:
        rows.append({"view": "goal", "goal": v.goal, "metric": v.metric, "name": v.name, "target": _m(v.target),
                     "expected_to_date": _m(v.expected_to_date), "actual_to_date": _m(v.actual_to_date),
                     "pace": ratio(v.pace), "status": v.status, "attainment": ratio(v.attainment),
                     "projected": _m(v.projected)})
    for v in report.reps:
        rows.append({"view": "rep", "goal": v.goal, "metric": v.metric, "rep": v.rep, "name": v.name,
                     "territory": v.territory, "target": _m(v.quota), "expected_to_date": _m(v.expected_to_date),
                     "actual_to_date": _m(v.actual_to_date), "pace": ratio(v.pace), "status": v.status,
                     "attainment": ratio(v.attainment), "projected": _m(v.projected)})
    for v in report.territories:
        rows.append({"view": "territory", "goal": v.goal, "metric": v.metric, "territory": v.territory,
                     "name": v.name, "target": _m(v.target), "expected_to_date": _m(v.expected_to_date),
                     "actual_to_date": _m(v.actual_to_date), "pace": ratio(v.pace), "status": v.status,
                     "attainment": ratio(v.attainment), "projected": _m(v.projected)})
    for v in report.months:
        rows.append({"view": "month", "goal": v.goal, "metric": v.metric, "rep": v.rep, "month": v.month,
                     "target": _m(v.target), "expected_to_date": _m(v.expected), "actual_to_date": _m(v.actual),
                     "pace": ratio(v.pace), "status": v.status, "complete": v.complete})
    for v in report.goals:
        for month, needed in (v.needed_per_month or {}).items():
            rows.append({"view": "needed", "goal": v.goal, "metric": v.metric, "month": month, "needed": _m(needed)})
    for r in report.reps:
        for month, needed in (r.needed_per_month or {}).items():
            rows.append({"view": "needed", "goal": r.goal, "metric": r.metric, "rep": r.rep, "name": r.name,
                         "month": month, "needed": _m(needed)})
    return rows


def render_csv(report: TrackingReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in report_rows(report):
        writer.writerow([_cell(row.get(column)) for column in COLUMNS])
    return buffer.getvalue()

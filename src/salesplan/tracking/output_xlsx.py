"""``salesplan track --format xlsx``: a workbook with one sheet per view.

Sheets: Summary (headline, settings, row counters, rejected rows, warnings), Goals, Needed,
Reps, Territories, Months. Figures are real numbers (exact, to the cent) with number formats
that show them by :mod:`salesplan.numberformat`'s rule (whole from 1,000 up, paces rounded but
never across their status boundary); a figure that does not exist yet (a month still to
come) is an empty cell. Status cells are coloured from :mod:`salesplan.tracking.palette`,
the header row is frozen and filters are on. Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``) is written as a string cell with Excel's
"quote prefix" style: Excel and LibreOffice show it as text and keep it text when edited.

The bytes depend only on the report and the date the workbook is stamped with (the plan's
date, or ``SOURCE_DATE_EPOCH``): no "now" inside, fixed timestamps in the zip.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any, Mapping, Sequence

from decimal import Decimal

from salesplan.jsonout import money, ratio
from salesplan.numberformat import amount_places, percent_places
from salesplan.reproducible import document_time, normalise_zip
from salesplan.tracking.report import TrackingReport
from salesplan.tracking.format import headline, needs_quote_prefix, status_word, upcoming
from salesplan.tracking.palette import PALETTE


def number_format(places: int, percent: bool = False) -> str:
    """Excel's format for a figure shown with ``places`` decimals (``#,##0``, ``#,##0.00``, ``0.0%``)."""
    if percent:
        return "0" + ("." + "0" * places if places else "") + "%"
    return "#,##0" + ("." + "0" * places if places else "")


def amount_format(value: Decimal, metric: str) -> str:
    """The cell keeps the exact amount; the format shows it by :mod:`salesplan.numberformat`'s rule."""
    return number_format(amount_places(value, metric))


def percent_format(value: Decimal, tolerance: Decimal | None = None) -> str:
    return number_format(percent_places(value, tolerance)[1], percent=True)

# column kinds: "text", "money" (amount or deals count, by the row's metric), "pct", "status", "int", "bool"
Column = tuple[str, str, int]  # header, kind, width


def _sheet(wb, title: str, columns: Sequence[Column], rows: list[list[Any]], metrics: list[str] | None = None,
           tolerance: Decimal | None = None):
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="D9E1F2")
    for col, (name, _, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=name)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    fills = {s: (PatternFill("solid", fgColor=c.fill), Font(color=c.ink, bold=c.bold)) for s, c in PALETTE.items()}
    for r, values in enumerate(rows, start=2):
        metric = metrics[r - 2] if metrics else "revenue"
        for col, ((_, kind, _), value) in enumerate(zip(columns, values), start=1):
            cell = ws.cell(row=r, column=col)
            if value is None:
                continue
            if kind == "money":
                cell.value = money(value)
                cell.number_format = amount_format(value, metric)
            elif kind in ("pct", "pace"):
                cell.value = ratio(value)
                cell.number_format = percent_format(value, tolerance if kind == "pace" else None)
            elif kind == "int":
                cell.value = int(value)
                cell.number_format = "#,##0"
            elif kind == "bool":
                cell.value = bool(value)
            elif kind == "status":
                cell.value = status_word(value)
                if value in fills:
                    cell.fill, cell.font = fills[value]
            else:
                _text(cell, str(value))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
    return ws


def _text(cell, text: str) -> None:
    """A string cell that never turns into a formula."""
    cell.value = text
    if needs_quote_prefix(text):
        cell.data_type = "s"
        cell.quotePrefix = True


def _summary(wb, report: TrackingReport) -> None:
    from openpyxl.styles import Font

    ws = wb.create_sheet("Summary")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 70
    row = 1

    def put(label: str, value: Any, *, bold: bool = False, fmt: str | None = None) -> None:
        nonlocal row
        ws.cell(row=row, column=1, value=label).font = Font(bold=True)
        cell = ws.cell(row=row, column=2)
        if isinstance(value, str):
            _text(cell, value)
        else:
            cell.value = value
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = Font(bold=True)
        row += 1

    put("Headline", headline(report), bold=True)
    put("Plan", report.plan_title)
    put("Company", report.company)
    put("Period", f"{report.start.isoformat()} to {report.end.isoformat()}")
    put("As of", report.as_of, fmt="yyyy-mm-dd")
    put("Currency", report.currency or "")
    put("Tolerance", float(report.tolerance), fmt=percent_format(report.tolerance))
    put("Pacing", report.pacing)
    put("Actuals layout", "rep-by-month grid" if report.layout == "grid" else "deal list")
    if report.rep:
        put("Rep", report.rep)
    row += 1
    counts = report.rows
    for label, value in (("Rows read", counts.read), ("Counted", counts.counted), ("Not won", counts.not_won),
                         ("Outside the period", counts.outside_period), ("After as of", counts.after_as_of),
                         ("Rejected", counts.rejected)):
        put(label, value, fmt="#,##0")
    for example in counts.rejected_examples:
        where = f"{example.sheet} row {example.row}" if example.sheet else f"row {example.row}"
        put("Rejected row", f"{where}: {example.reason}")
    if report.warnings:
        row += 1
        for warning in report.warnings:
            put("Warning", warning)


def render_xlsx(report: TrackingReport, *, stamp: dt.datetime) -> bytes:
    """The workbook's bytes; ``stamp`` is its created/modified date (and the zip members' time)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    _summary(wb, report)

    goal_columns: list[Column] = [("goal", "text", 18), ("name", "text", 26), ("metric", "text", 9),
                                  ("target", "money", 12), ("expected_to_date", "money", 16),
                                  ("actual_to_date", "money", 15), ("pace", "pace", 9), ("status", "status", 12),
                                  ("attainment", "pct", 11), ("projected", "money", 12)]
    _sheet(wb, "Goals", goal_columns,
           [[v.goal, v.name, v.metric, v.target, v.expected_to_date, v.actual_to_date, v.pace, v.status,
             v.attainment, v.projected] for v in report.goals], [v.metric for v in report.goals],
           tolerance=report.tolerance)

    needed = [(v.goal, None, v.metric, m, x) for v in report.goals for m, x in (v.needed_per_month or {}).items()]
    needed += [(r.goal, r.rep, r.metric, m, x) for r in report.reps for m, x in (r.needed_per_month or {}).items()]
    _sheet(wb, "Needed", [("goal", "text", 18), ("rep", "text", 12), ("month", "text", 9), ("needed", "money", 12)],
           [[g, rep, m, x] for g, rep, _, m, x in needed], [metric for _, _, metric, _, _ in needed])

    _sheet(wb, "Reps", [("rep", "text", 12), ("name", "text", 24), ("territory", "text", 12), ("goal", "text", 18),
                        ("quota", "money", 12), ("expected_to_date", "money", 16), ("actual_to_date", "money", 15),
                        ("pace", "pace", 9), ("status", "status", 12), ("attainment", "pct", 11),
                        ("projected", "money", 12)],
           [[v.rep, v.name, v.territory, v.goal, v.quota, v.expected_to_date, v.actual_to_date, v.pace, v.status,
             v.attainment, v.projected] for v in report.reps], [v.metric for v in report.reps],
           tolerance=report.tolerance)

    _sheet(wb, "Territories", [("territory", "text", 12), ("name", "text", 20), ("goal", "text", 18),
                               ("target", "money", 12), ("expected_to_date", "money", 16),
                               ("actual_to_date", "money", 15), ("pace", "pace", 9), ("status", "status", 12),
                               ("attainment", "pct", 11), ("projected", "money", 12)],
           [[v.territory, v.name, v.goal, v.target, v.expected_to_date, v.actual_to_date, v.pace, v.status,
             v.attainment, v.projected] for v in report.territories], [v.metric for v in report.territories],
           tolerance=report.tolerance)

    _sheet(wb, "Months", [("month", "text", 9), ("goal", "text", 18), ("rep", "text", 12), ("target", "money", 12),
                          ("expected", "money", 12), ("actual", "money", 12), ("pace", "pace", 9),
                          ("status", "status", 12), ("complete", "bool", 10)],
           [[v.month, v.goal, v.rep, v.target, *((None, None) if upcoming(report, v) else (v.expected, v.actual)),
             v.pace, v.status, v.complete] for v in report.months], [v.metric for v in report.months],
           tolerance=report.tolerance)

    wb.properties.creator = "salesplan"
    wb.properties.title = f"{report.plan_title}: progress as of {report.as_of.isoformat()}"
    naive = stamp.astimezone(dt.timezone.utc).replace(tzinfo=None) if stamp.tzinfo else stamp
    wb.properties.created = naive
    wb.properties.modified = naive
    wb.properties.lastModifiedBy = "salesplan"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()  # not openpyxl's save_workbook: that stamps "modified" with now
    return normalise_zip(buffer.getvalue(), stamp)


def document_stamp(plan_date: dt.date, environ: Mapping[str, str]) -> dt.datetime:
    """The date the workbook carries (naive UTC): ``SOURCE_DATE_EPOCH`` when set, else the plan's date.

    Raises :class:`salesplan.reproducible.EpochError` for a ``SOURCE_DATE_EPOCH`` that is not a number.
    """
    return document_time(plan_date, environ).replace(tzinfo=None)

"""Helpers of the forecast tests: history files written the way CRMs export them, plans, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

from salesplan.plan import load_plan_text

from cli_support import run_cli  # noqa: F401 (the one CLI runner, for the tests that import it from here)

REPO = Path(__file__).resolve().parents[2]
NORTHWIND = REPO / "plans" / "northwind-2027.yaml"
HEADERS = ["Close Date", "Deal owner", "Amount", "Deal Stage"]

# One year of won revenue (2026), figured so that the shares are round:
# Jan 6,000  Feb 6,000  Mar 12,000  Apr 9,000  May 9,000  Jun 12,000
# Jul 6,000  Aug 0 (no deal at all)  Sep 15,000  Oct 12,000  Nov 15,000  Dec 18,000
# total 120,000 -> shares 5%, 5%, 10%, 7.5%, 7.5%, 10%, 5%, 0%, 12.5%, 10%, 12.5%, 15%
ONE_YEAR = {
    "2026-01": 6000, "2026-02": 6000, "2026-03": 12000, "2026-04": 9000, "2026-05": 9000, "2026-06": 12000,
    "2026-07": 6000, "2026-08": 0, "2026-09": 15000, "2026-10": 12000, "2026-11": 15000, "2026-12": 18000,
}


def deal_rows(monthly: dict[str, int], rep: str = "Carol Diaz", *, split: bool = True) -> list[list]:
    """Won deals that add up to ``monthly`` (each month in two deals, on the 3rd and the 17th),
    with a lost and an open deal in every month that must not count (a month of 0 has only
    those: the export covers it, nothing was won)."""
    rows: list[list] = []
    for month, total in monthly.items():
        if total:
            first = total // 3 if split else total
            rows.append([f"{month}-03", rep, str(first), "Closed Won"])
            if total - first:
                rows.append([f"{month}-17", rep, str(total - first), "Closed Won"])
        rows.append([f"{month}-20", rep, "99999", "Closed Lost"])
        rows.append(["", rep, "", "Negotiation"])
    return rows


def save_csv(path: Path, rows: list[list], headers: list[str] = HEADERS, delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def save_xlsx(path: Path, rows: list[list], headers: list[str] = HEADERS, sheet: str = "Deals") -> Path:
    """The rows as a workbook of real cells: ISO text dates become date cells, amounts numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append([_cell(value) for value in row])
    wb.save(path)
    return path


def _cell(value):
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and value.lstrip("-").replace(".", "", 1).isdigit():
        return float(value) if "." in value else int(value)
    return value or None


def plan_text(body: str) -> str:
    return textwrap.dedent(body)


def plan_from(text: str):
    result = load_plan_text(textwrap.dedent(text), "plan.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.plan


def write_plan(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def D(value) -> Decimal:
    return Decimal(str(value))

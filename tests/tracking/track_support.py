"""Helpers of the engine, output and track command tests: the contract's example plan, rows, files, the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import textwrap
from decimal import Decimal
from pathlib import Path

from salesplan.plan import load_plan_text
from salesplan.tracking.deals import RawDeal

from cli_support import run_cli  # noqa: F401 (the one CLI runner, for the tests that import it from here)

REPO = Path(__file__).resolve().parents[2]

# The contract's example plan (plan-format.md), cut to what tracking reads: same period,
# team, goals, quotas and tracking settings.
CONTRACT_PLAN = textwrap.dedent("""\
    plan:
      title: Northwind Analytics - Q1 2027 sales plan
      company: Northwind Analytics
      start: 2027-01-01
      end: 2027-03-31
      currency: EUR
    mission:
      statement: Help mid-size retailers understand their customers.
    team:
      territories:
        - {id: west, name: West}
        - {id: east, name: East}
      members:
        - {id: carol, name: Carol Diaz, role: Account Executive, territory: west, start: 2024-03-01}
        - id: shane
          name: Shane Okafor
          role: Account Executive
          territory: east
          start: 2026-12-01
          ramp: [0.25, 0.5, 0.75]
        - {id: li, name: Li Wei, role: Account Executive, territory: east, start: 2025-06-01}
        - {id: mia, name: Mia Laurent, role: Sales Ops}
    goals:
      - id: revenue
        name: New-business revenue
        metric: revenue
        target: 30000
        priority: 1
        monthly: {2027-01: 8000, 2027-02: 8000, 2027-03: 14000}
        territories: {west: 18000, east: 12000}
      - id: enterprise-logos
        name: Enterprise logos
        metric: deals
        target: 20
        priority: 2
        monthly: {2027-01: 5, 2027-02: 7, 2027-03: 8}
        filter: {segment: Enterprise}
    quotas:
      - {rep: carol, monthly: 5000}
      - {rep: shane, monthly: 6000}
      - {rep: li, monthly: 3000}
    tracking:
      tolerance: "5%"
      pacing: targets
      actuals:
        sheet: Deals
        columns: {date: Close Date, rep: Deal owner, amount: Amount, stage: Deal Stage, territory: Region}
        won: [Closed Won]
        reps: {"Carol D.": carol}
    """)

HEADERS = ["Close Date", "Deal owner", "Amount", "Deal Stage", "Region", "Segment"]

# Rows that give the contract's worked example as of 2027-02-14 (see test_contract_example.py).
CONTRACT_ROWS = [
    ["2027-01-05", "Carol D.", "4000", "Closed Won", "West", "Enterprise"],
    ["2027-01-20", "Carol Diaz", "2100", "Closed Won", "East", "SMB"],
    ["2027-01-25", "Shane Okafor", "1500", "Closed Won", "East", "Enterprise"],
    ["2027-01-31", "li", "800", "Closed Won", "East", "Mid-Market"],
    ["2027-02-03", "Carol Diaz", "2000", "Closed Won", "West", "enterprise"],
    ["2027-02-14", "Li Wei", "600", "Closed Won", "", "SMB"],
    ["2027-02-15", "Carol Diaz", "5000", "Closed Won", "West", "Enterprise"],
    ["2026-12-20", "Shane Okafor", "3000", "Closed Won", "East", "SMB"],
    ["", "Carol Diaz", "", "Negotiation", "West", "Enterprise"],
    ["2027-02-10", "Li Wei", "n/a", "Closed Won", "East", "SMB"],
]


def plan_from(text: str = CONTRACT_PLAN, **_):
    result = load_plan_text(text, "plan.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.plan


def write_plan(folder: Path, text: str = CONTRACT_PLAN, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def save_csv(path: Path, rows: list[list[str]], headers: list[str] = HEADERS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def save_xlsx(path: Path, rows: list[list], headers: list[str] = HEADERS, sheet: str = "Deals") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def deal(row: int, date, rep: str, amount, stage: str | None = "Closed Won", territory: str | None = None,
         *, currency: str | None = None, fields: dict | None = None, problem: str | None = None,
         sheet: str | None = "Deals") -> RawDeal:
    """A normalized deal as the readers yield it (dates as date or text, amounts as Decimal)."""
    if isinstance(date, str) and len(date) == 10 and date[4] == "-":
        date = dt.date.fromisoformat(date)
    return RawDeal(sheet=sheet, row=row, rep=rep, date=date,
                   amount=None if amount is None else Decimal(str(amount)), currency=currency, stage=stage,
                   territory=territory or None, fields=fields or {}, problem=problem)


class FakeActuals:
    """An opened actuals file as the engine sees it, over a list of RawDeal."""

    def __init__(self, deals: list[RawDeal], *, layout: str = "deals", has_stage: bool = True,
                 day_first: bool = True) -> None:
        self.deals = deals
        self.layout = layout
        self.has_stage = has_stage
        self.day_first = day_first
        self.sheet = "Deals"

    def rows(self):
        return iter(self.deals)

    def parse_date(self, text: str):
        parts = text.replace(".", "/").split("/")
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            return None
        a, b, y = (int(p) for p in parts)
        day, month = (a, b) if self.day_first else (b, a)
        try:
            return dt.date(y, month, day)
        except ValueError:
            return None

    def date_problem(self, text: str):
        return None if self.parse_date(text) else f"date '{text}' is not a date"

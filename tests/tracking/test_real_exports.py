"""Real public sales exports (tests/data/real, see its README) through `track` and `forecast`.

Every expected figure is computed here from the file itself with the csv module, datetime and
Decimal, without salesplan: the sums of the amount column over the rows the plan's period
keeps, and their counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import textwrap
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from track_support import run_cli

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
CENT = Decimal("0.01")


def read(name: str, encoding: str = "utf-8-sig", delimiter: str = ",") -> tuple[list[str], list[list[str]]]:
    with (REAL / name).open(encoding=encoding, newline="") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))
    return rows[0], rows[1:]


def us_date(text: str) -> dt.date:
    """Superstore's two spellings of one month-first date: 11-08-16 and 4/15/2017."""
    for form in ("%m-%d-%y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            pass
    raise AssertionError(text)


def money(value: Decimal) -> float:
    """A figure as the JSON writes it: rounded half up to cents."""
    return float(value.quantize(CENT, rounding="ROUND_HALF_UP"))


def plan(tmp_path: Path, *, year: int, currency: str, members: list[tuple[str, str]], columns: str,
         territories: bool = False, extra: str = "") -> Path:
    territory_ids = [member_id for member_id, _ in members] if territories else []
    team = "".join(f"    - {{id: {i}, name: {json.dumps(n)}, role: Sales"
                   + (f", territory: {i}" if territories else "") + "}\n" for i, n in members)
    text = textwrap.dedent(f"""\
        plan: {{title: Real export {year}, company: Test, start: {year}-01-01, end: {year}-12-31, currency: {currency}}}
        mission: {{statement: Track a real export.}}
        team:
        """)
    if territory_ids:
        text += "  territories:\n" + "".join(f"    - {{id: {i}, name: {json.dumps(n)}}}\n" for i, n in members)
    text += "  members:\n" + team
    text += textwrap.dedent(f"""\
        goals:
          - {{id: revenue, name: Revenue, metric: revenue, target: 1000000, priority: 1,
             monthly: {{{", ".join(f"{year}-{m:02d}: {1000000 // 12 + (1000000 % 12 if m == 12 else 0)}" for m in range(1, 13))}}}}}
        tracking:
          actuals:
            columns: {columns}
        """) + extra
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def track(plan_path: Path, name: str, as_of: str) -> dict:
    result = run_cli("track", plan_path, REAL / name, "--as-of", as_of, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


REGIONS = [("central", "Central"), ("east", "East"), ("south", "South"), ("west", "West")]


def test_superstore_sales_read_as_written(tmp_path: Path) -> None:
    """The known failing case: 22.368 was read as 22,368 (the file came out 225 times too high)."""
    headers, rows = read("superstore-orders-excerpt.csv")
    date, sales = headers.index("Order Date"), headers.index("Sales")
    kept = [r for r in rows if us_date(r[date]).year == 2017]
    total = sum((Decimal(r[sales]) for r in kept), Decimal(0))
    assert len(rows) == 600 and len(kept) == 151
    assert total == Decimal("27347.7213")
    assert sum(1 for r in rows if re.fullmatch(r"\d+\.\d{3}", r[sales])) == 258

    path = plan(tmp_path, year=2017, currency="USD", members=REGIONS, territories=True,
                columns="{date: Order Date, rep: Region, amount: Sales}")
    report = track(path, "superstore-orders-excerpt.csv", "2017-12-31")
    assert report["goals"][0]["actual_to_date"] == money(total)
    assert report["rows"]["read"] == 600
    assert report["rows"]["counted"] == 151
    assert report["rows"]["outside_period"] == 449
    assert report["rows"]["rejected"] == 0
    months = {m["month"]: m["actual"] for m in report["months"]}
    for month in ("2017-01", "2017-09", "2017-12"):
        expected = sum((Decimal(r[sales]) for r in kept if us_date(r[date]).strftime("%Y-%m") == month), Decimal(0))
        assert months[month] == money(expected), month


def test_superstore_in_its_french_form_gives_the_same_amounts(tmp_path: Path) -> None:
    """';', cp1252, CRLF and decimal commas (22,368): the amounts of the US file, line for line."""
    headers, rows = read("superstore-orders-fr-excerpt.csv", encoding="cp1252", delimiter=";")
    us_headers, us_rows = read("superstore-orders-excerpt.csv")
    sales, us_sales = headers.index("Sales"), us_headers.index("Sales")
    assert [Decimal(r[sales].replace(",", ".")) for r in rows] == [Decimal(r[us_sales]) for r in us_rows]
    ship = headers.index("Ship Date")
    kept = [r for r in rows if r[ship].startswith("2016-")]
    total = sum((Decimal(r[sales].replace(",", ".")) for r in kept), Decimal(0))

    path = plan(tmp_path, year=2016, currency="USD", members=REGIONS,
                columns="{date: Ship Date, rep: Region, amount: Sales}")
    report = track(path, "superstore-orders-fr-excerpt.csv", "2016-12-31")
    assert report["goals"][0]["actual_to_date"] == money(total)
    assert (report["rows"]["read"], report["rows"]["counted"], report["rows"]["rejected"]) == (600, len(kept), 0)


def test_superstore_forecast_history(tmp_path: Path) -> None:
    """forecast reads the same file through the same readers: its monthly history is the file's."""
    headers, rows = read("superstore-orders-excerpt.csv")
    date, sales = headers.index("Order Date"), headers.index("Sales")
    monthly: Counter[str] = Counter()
    for r in rows:
        monthly[us_date(r[date]).strftime("%Y-%m")] += Decimal(r[sales])
    path = plan(tmp_path, year=2018, currency="USD", members=REGIONS,
                columns="{date: Order Date, rep: Region, amount: Sales}")
    result = run_cli("forecast", REAL / "superstore-orders-excerpt.csv", "--plan", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    history = json.loads(result.stdout)["history"]["monthly"]
    assert {m: v for m, v in history.items() if v} == {m: money(v) for m, v in monthly.items()}


def test_sap_order_list_with_employee_numbers(tmp_path: Path) -> None:
    headers, rows = read("sap-epm-sales-orders.csv")
    created, by, net = (headers.index(h) for h in ("HISTORY.CREATEDAT", "HISTORY.CREATEDBY.EMPLOYEEID", "NETAMOUNT"))
    kept = [r for r in rows if r[created].startswith("2015-")]
    total = sum((Decimal(r[net]) for r in kept), Decimal(0))
    employees = sorted({r[by] for r in rows}, key=int)
    assert len(rows) == 1029 and len(kept) == 977 and len(employees) == 33
    reps = ", ".join(f'"{e}": e{e}' for e in employees)
    path = plan(tmp_path, year=2015, currency="EUR", members=[(f"e{e}", f"Employee {e}") for e in employees],
                columns="{date: HISTORY.CREATEDAT, rep: HISTORY.CREATEDBY.EMPLOYEEID, amount: NETAMOUNT, "
                        "currency: CURRENCY}",
                extra=f"    reps: {{{reps}}}\n")
    report = track(path, "sap-epm-sales-orders.csv", "2015-12-31")
    assert report["goals"][0]["actual_to_date"] == money(total)
    assert (report["rows"]["counted"], report["rows"]["outside_period"], report["rows"]["rejected"]) == (977, 52, 0)


def test_crm_opportunity_export_counts_won_deals_only(tmp_path: Path) -> None:
    headers, rows = read("maven-crm-sales-pipeline-excerpt.csv")
    agent, stage, closed, value = (headers.index(h) for h in ("sales_agent", "deal_stage", "close_date", "close_value"))
    won = [r for r in rows if r[stage] == "Won"]
    kept = [r for r in won if r[closed].startswith("2017-")]
    total = sum((Decimal(r[value]) for r in kept), Decimal(0))
    assert len(rows) == 800 and len(won) == len(kept)  # every won deal of the excerpt closed in 2017
    agents = sorted({r[agent] for r in rows})
    members = [(re.sub(r"[^a-z]+", "-", name.lower()).strip("-"), name) for name in agents]
    path = plan(tmp_path, year=2017, currency="USD", members=members,
                columns="{date: close_date, rep: sales_agent, amount: close_value, stage: deal_stage}")
    report = track(path, "maven-crm-sales-pipeline-excerpt.csv", "2017-12-31")
    assert report["goals"][0]["actual_to_date"] == money(total)
    assert report["rows"]["counted"] == len(kept)
    assert report["rows"]["not_won"] == len(rows) - len(won)
    assert report["rows"]["rejected"] == 0


@pytest.mark.parametrize("name", ["superstore-orders-excerpt.csv", "superstore-orders-fr-excerpt.csv",
                                  "sap-epm-sales-orders.csv", "maven-crm-sales-pipeline-excerpt.csv"])
def test_the_readme_names_every_file(name: str) -> None:
    assert f"`{name}`" in (REAL / "README.md").read_text(encoding="utf-8")

"""Issue 10's amount and row rules through the real CLI, `track` and `forecast` alike: one reader
path, one set of rules. Figures are worked out by hand in each test."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from track_support import run_cli, save_csv

PLAN = textwrap.dedent("""\
    plan: {title: Amount rules, company: Test, start: 2027-01-01, end: 2027-12-31, currency: EUR}
    mission: {statement: Read every amount right.}
    team:
      members:
        - {id: carol, name: Carol Diaz, role: Account Executive}
    goals:
      - id: revenue
        name: Revenue
        metric: revenue
        target: 120000
        priority: 1
        monthly: {2027-01: 10000, 2027-02: 10000, 2027-03: 10000, 2027-04: 10000, 2027-05: 10000, 2027-06: 10000,
                  2027-07: 10000, 2027-08: 10000, 2027-09: 10000, 2027-10: 10000, 2027-11: 10000, 2027-12: 10000}
    """)
HEADERS = ["Close Date", "Deal owner", "Amount", "Deal Stage"]


def write_plan(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN + extra, encoding="utf-8")
    return path


def track(plan: Path, actuals: Path) -> tuple[dict, str]:
    result = run_cli("track", plan, actuals, "--as-of", "2027-12-31", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def forecast(plan: Path, actuals: Path) -> dict:
    result = run_cli("forecast", actuals, "--plan", plan, "--start", "2028-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_three_decimals_read_before_the_column_shows_its_mark(tmp_path: Path) -> None:
    """1,100 rows of '22.368' (more than one chunk with no evidence: they wait), then '261.96'
    shows '.' as the decimal mark: 1,100 x 22.368 + 261.96 = 24,604.80 + 261.96 = 24,866.76,
    not 1,100 x 22,368 + 261.96 as the file used to give."""
    rows = [["2027-01-05", "Carol Diaz", "22.368", "Won"]] * 1100 + [["2027-01-06", "Carol Diaz", "261.96", "Won"]]
    actuals = save_csv(tmp_path / "orders.csv", rows, HEADERS)
    plan = write_plan(tmp_path)
    report, stderr = track(plan, actuals)
    assert report["goals"][0]["actual_to_date"] == 24866.76
    assert report["rows"]["counted"] == 1101 and report["rows"]["rejected"] == 0
    assert "warning" not in stderr
    history = forecast(plan, actuals)["history"]
    assert history["monthly"]["2027-01"] == 24866.76


def test_no_evidence_groups_thousands_with_a_warning_in_both_commands(tmp_path: Path) -> None:
    """'1,500' and '2,250' show no mark: 1500 + 2250 = 3750, and one warning says so."""
    actuals = save_csv(tmp_path / "deals.csv", [["2027-01-05", "Carol Diaz", "1,500", "Won"],
                                               ["2027-02-05", "Carol Diaz", "2,250", "Won"]], HEADERS)
    plan = write_plan(tmp_path)
    report, stderr = track(plan, actuals)
    warning = ("column 'Amount': 2 amounts such as '1,234' or '1.234' read as thousands (1234): no cell of the "
               'column shows which mark is decimal; set tracking.actuals.decimal to "." or "," to say')
    assert report["goals"][0]["actual_to_date"] == 3750
    assert stderr == f"{actuals}: warning: {warning}\n"
    result = forecast(plan, actuals)
    assert result["history"]["monthly"]["2027-01"] == 1500
    assert warning in result["warnings"]
    fixed = write_plan(tmp_path, "tracking:\n  actuals:\n    decimal: \",\"\n")
    report, stderr = track(fixed, actuals)
    assert report["goals"][0]["actual_to_date"] == 3.75  # 1.5 + 2.25
    assert stderr == ""
    assert forecast(fixed, actuals)["history"]["monthly"]["2027-02"] == 2.25


def test_both_marks_reject_the_waiting_three_digit_amounts(tmp_path: Path) -> None:
    """'1.234' waits (no mark yet); '14,62' shows ',' and '957.5775' shows '.': the column shows
    both, so '1.234' is rejected as ambiguous and 14.62 + 957.5775 = 972.1975 count."""
    actuals = save_csv(tmp_path / "deals.csv", [["2027-01-05", "Carol Diaz", "1.234", "Won"],
                                               ["2027-01-06", "Carol Diaz", "14,62", "Won"],
                                               ["2027-01-07", "Carol Diaz", "957.5775", "Won"]], HEADERS)
    plan = write_plan(tmp_path)
    report, _ = track(plan, actuals)
    assert report["goals"][0]["actual_to_date"] == 972.2
    assert report["rows"]["rejected"] == 1
    assert report["rows"]["rejected_examples"] == [{
        "sheet": None, "row": 2, "reason": "amount '1.234' is ambiguous: this column shows both '.' and ',' as "
                                           "decimal marks ('14,62' and '957.5775'); set tracking.actuals.decimal"}]
    history = forecast(plan, actuals)["history"]
    assert history["rows"]["rejected"] == 1 and history["monthly"]["2027-01"] == 972.2


def test_total_rows_empty_amounts_and_huge_amounts(tmp_path: Path) -> None:
    """Counted: 100 + 0 (empty) + 1,500,000 (1.5E+06) = 1,500,100; the 'Total' and 'Grand total'
    rows are skipped and counted; 10^26 is a rejected row, not a traceback."""
    actuals = save_csv(tmp_path / "deals.csv", [
        ["2027-01-05", "Carol Diaz", "100", "Won"],
        ["2027-01-06", "Carol Diaz", "", "Won"],
        ["2027-01-07", "Carol Diaz", "1.5E+06", "Won"],
        ["2027-01-08", "Carol Diaz", "100000000000000000000000000", "Won"],
        ["", "Total", "1500100", ""],
        ["Grand total", "", "1500100", ""],
    ], HEADERS)
    plan = write_plan(tmp_path)
    report, stderr = track(plan, actuals)
    assert report["goals"][0]["actual_to_date"] == 1500100
    rows = report["rows"]
    assert (rows["read"], rows["counted"], rows["rejected"], rows["total_rows"], rows["empty_amount"]) == (4, 3, 1, 2, 1)
    assert rows["rejected_examples"] == [{"sheet": None, "row": 5, "reason": "amount '100000000000000000000000000' "
                                          "is too large (more than 15 digits before the decimal mark)"}]
    empty = "1 won row with an empty amount counted as deal of 0 (row 3): fill in the amount in the file"
    assert f"{actuals}: warning: {empty}\n" in stderr
    result = forecast(plan, actuals)
    assert result["history"]["monthly"]["2027-01"] == 1500100
    history_rows = result["history"]["rows"]
    assert (history_rows["won"], history_rows["total_rows"], history_rows["empty_amount"]) == (3, 2, 1)
    assert empty in result["warnings"]


@pytest.mark.parametrize("suffix", [".tsv", ".txt"])
def test_text_files_with_tabs(tmp_path: Path, suffix: str) -> None:
    actuals = tmp_path / f"deals{suffix}"
    actuals.write_text("Close Date\tDeal owner\tAmount\tDeal Stage\n15 mars 2027\tCarol Diaz\t1 234,50 €\tGagné\n"
                       "20270316\tCarol Diaz\t765,50\tGagné\n", encoding="utf-8")
    report, _ = track(write_plan(tmp_path), actuals)
    assert report["goals"][0]["actual_to_date"] == 2000  # 1234.50 + 765.50

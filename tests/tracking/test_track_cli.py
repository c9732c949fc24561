"""``salesplan track`` as a process: the contract's worked example, real files, exit codes, messages."""

from __future__ import annotations

import json

import pytest
from track_support import CONTRACT_PLAN, CONTRACT_ROWS, REPO, run_cli, save_csv, save_xlsx, write_plan


@pytest.fixture
def plan_path(tmp_path):
    return write_plan(tmp_path)


def test_contract_worked_example_through_the_json(tmp_path, plan_path):
    """tracking.md's example, as of 2027-02-14, from a csv and from an xlsx of the same rows.

    Rows (Close Date, Deal owner, Amount, Deal Stage, Region, Segment), figured by hand:
      Jan  5 Carol D. 4000 West | Jan 20 Carol Diaz 2100 East | Jan 25 Shane 1500 East | Jan 31 li 800 East
      -> January 8400 against 8000: pace 1.05 exactly -> ahead (decimal comparison)
      Feb  3 Carol 2000 West | Feb 14 Li Wei 600 (no region: Li's territory, east)
      -> team actual 8400 + 2600 = 11000
      Feb 15 Carol 5000 -> after as_of | 2026-12-20 Shane 3000 -> outside the period
      an open deal (Negotiation, no date, no amount) -> not_won | Feb 10 Li 'n/a' -> rejected, row 11
    Team revenue: expected 8000 + 8000 * 14/28 = 12000; pace 11000 / 12000 = 0.9167 -> behind;
      attainment 11000 / 30000 = 0.3667; projected 11000 / 12000 * 30000 = 27500;
      needed: rest 19000 spread over Feb's remaining 8000 * 14/28 = 4000 and March's 14000:
      19000 * 4000 / 18000 = 4222.22 and 19000 * 14000 / 18000 = 14777.78.
    Carol: quota 3 x 5000 = 15000; expected 5000 + 2500 = 7500; actual 4000 + 2100 + 2000 = 8100
      (whatever the region); pace 1.08 -> ahead; attainment 0.54; projected 8100 / 7500 * 15000 = 16200.
    West: 60% of each month (4800, 4800, 8400); expected 4800 + 2400 = 7200; West rows 4000 + 2000
      = 6000; pace 0.8333 -> behind.
    """
    files = [save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)]
    xlsx_rows = [[r[0] or None, r[1], r[2] or None, *r[3:]] for r in CONTRACT_ROWS]
    files.append(save_xlsx(tmp_path / "deals.xlsx", xlsx_rows))
    for actuals in files:
        result = run_cli("track", plan_path, actuals, "--as-of", "2027-02-14", "--format", "json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert (data["plan"], data["as_of"], data["currency"], data["tolerance"]) == (
            "Northwind Analytics - Q1 2027 sales plan", "2027-02-14", "EUR", 0.05)
        assert data["goals"][0] == {
            "goal": "revenue", "metric": "revenue", "target": 30000, "expected_to_date": 12000,
            "actual_to_date": 11000, "pace": 0.9167, "status": "behind", "attainment": 0.3667,
            "projected": 27500, "needed_per_month": {"2027-02": 4222.22, "2027-03": 14777.78},
        }
        assert data["reps"][0] == {
            "rep": "carol", "name": "Carol Diaz", "goal": "revenue", "quota": 15000, "expected_to_date": 7500,
            "actual_to_date": 8100, "pace": 1.08, "status": "ahead", "attainment": 0.54, "projected": 16200,
        }
        assert data["territories"][0] == {
            "territory": "west", "goal": "revenue", "target": 18000, "expected_to_date": 7200,
            "actual_to_date": 6000, "pace": 0.8333, "status": "behind",
        }
        assert data["months"][0] == {
            "month": "2027-01", "goal": "revenue", "target": 8000, "actual": 8400, "status": "ahead",
            "complete": True,
        }
        sheet = "Deals" if actuals.suffix == ".xlsx" else None
        assert data["rows"] == {
            "read": 10, "counted": 6, "not_won": 1, "outside_period": 1, "after_as_of": 1, "rejected": 1,
            "total_rows": 0, "empty_amount": 0,
            "rejected_examples": [{"sheet": sheet, "row": 11, "reason": "amount 'n/a' is not a number"}],
        }
        assert list(data) == ["plan", "as_of", "currency", "tolerance", "goals", "reps", "territories", "months",
                              "rows"]
        assert "1 row rejected (first: " in result.stderr


def test_rep_option_keeps_the_json_shape(tmp_path, plan_path):
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    result = run_cli("track", plan_path, actuals, "--as-of", "2027-02-14", "--format", "json", "--rep", "carol")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["goals"] == [] and data["territories"] == []
    assert [r["rep"] for r in data["reps"]] == ["carol"]
    assert [(m["month"], m["target"], m["actual"], m["status"]) for m in data["months"]] == [
        ("2027-01", 5000, 6100, "ahead"), ("2027-02", 5000, 2000, "behind"), ("2027-03", 5000, 0, "not_started")]
    assert data["rows"]["read"] == 10


def test_grid_file_and_not_tracked_deals_goal(tmp_path):
    # the plan names the deal list's columns; a hand-kept grid goes with a plan that does not
    plan_path = write_plan(tmp_path, CONTRACT_PLAN.replace(
        "    columns: {date: Close Date, rep: Deal owner, amount: Amount, stage: Deal Stage, territory: Region}\n", ""))
    grid = save_xlsx(tmp_path / "grid.xlsx", [["Carol Diaz", 5000, 3000, 2000], ["Li Wei", 0, None, None]],
                     headers=["Commercial", "janv. 2027", "févr. 2027", "mars 2027"], sheet="Suivi")
    result = run_cli("track", plan_path, grid, "--as-of", "2027-02-14", "--format", "json", "--sheet", "Suivi")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    revenue, logos = data["goals"]
    # Jan 5000 + Feb 3000 (February has started); March's cell waits for March 1
    assert (revenue["actual_to_date"], revenue["expected_to_date"], revenue["status"]) == (8000, 12000, "behind")
    assert logos == {"goal": "enterprise-logos", "metric": "deals", "target": 20, "expected_to_date": None,
                     "actual_to_date": None, "pace": None, "status": "not_tracked", "attainment": None,
                     "projected": None, "needed_per_month": None}
    assert "goal 'enterprise-logos' (deals) is not tracked" in result.stderr
    # four non-empty month cells (0 is not empty): three counted, March after as_of
    assert (data["rows"]["read"], data["rows"]["counted"], data["rows"]["after_as_of"]) == (4, 3, 1)


def test_sample_workbook_reads_cleanly():
    result = run_cli("track", REPO / "plans/northwind-2027.yaml", REPO / "plans/northwind-2027-actuals.xlsx",
                     "--as-of", "2027-03-15", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = data["rows"]
    assert rows["read"] == rows["counted"] + rows["not_won"] + rows["outside_period"] + rows["after_as_of"] + \
        rows["rejected"]
    assert rows["rejected"] == 3 and rows["not_won"] > 100 and rows["counted"] > 100
    assert {"sheet": "Deals", "row": 132, "reason": "amount 'n/a' is not a number"} in rows["rejected_examples"]
    assert "'Benelux' (1)" in result.stderr and "'Tom Becker' (1)" in result.stderr


# --------------------------------------------------------------------------- errors and exit codes


def test_missing_actuals_file(tmp_path, plan_path):
    result = run_cli("track", plan_path, tmp_path / "nope.xlsx", "--as-of", "2027-02-14")
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'nope.xlsx'}: no such file\n"
    assert result.stdout == ""


def test_actuals_folder(tmp_path, plan_path):
    result = run_cli("track", plan_path, tmp_path, "--as-of", "2027-02-14")
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path}: is a folder, not a spreadsheet (give a .xlsx or .csv file)\n"


def test_not_a_spreadsheet(tmp_path, plan_path):
    fake = tmp_path / "deals.xlsx"
    fake.write_text("this is not a workbook", encoding="utf-8")
    result = run_cli("track", plan_path, fake, "--as-of", "2027-02-14")
    assert result.returncode == 1
    assert result.stderr == ("deals.xlsx: is not an xlsx workbook (it is not a zip archive; a text file renamed "
                             ".xlsx?)\n")
    other = tmp_path / "notes.pdf"
    other.write_text("hello", encoding="utf-8")
    result = run_cli("track", plan_path, other, "--as-of", "2027-02-14")
    assert result.returncode == 1
    assert result.stderr == ("notes.pdf: unsupported file type '.pdf'; supported: .xlsx, .xlsm, .xlsb, .xls, .ods, "
                             ".csv, .tsv, .txt\n")


def test_strict_with_a_bad_row(tmp_path, plan_path):
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    result = run_cli("track", plan_path, actuals, "--as-of", "2027-02-14", "--strict", "--format", "json")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (f"{actuals}: row 11: amount 'n/a' is not a number\n"
                             f"{actuals}: 1 row rejected (--strict accepts none)\n")
    clean = save_csv(tmp_path / "clean.csv", [r for r in CONTRACT_ROWS if r[2] != "n/a"])
    assert run_cli("track", plan_path, clean, "--as-of", "2027-02-14", "--strict").returncode == 0


def test_unknown_rep(tmp_path, plan_path):
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    result = run_cli("track", plan_path, actuals, "--as-of", "2027-02-14", "--rep", "carl")
    assert result.returncode == 1
    assert result.stderr == "--rep carl: no member of the plan has this id (did you mean 'carol'?)\n"
    # checked before the file: a missing file does not hide it
    result = run_cli("track", plan_path, tmp_path / "missing.csv", "--rep", "carl")
    assert result.returncode == 1 and "did you mean 'carol'" in result.stderr


def test_bad_as_of_is_a_usage_error(tmp_path, plan_path):
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    result = run_cli("track", plan_path, actuals, "--as-of", "14/02/2027")
    assert result.returncode == 2
    assert "'14/02/2027' is not a date as YYYY-MM-DD (such as 2027-02-14)" in result.stderr


def test_invalid_plan_exits_1(tmp_path):
    plan = write_plan(tmp_path, CONTRACT_PLAN.replace("target: 30000", "target: 31000"))
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    result = run_cli("track", plan, actuals, "--as-of", "2027-02-14")
    assert result.returncode == 1 and "adds up to 30000, target is 31000" in result.stderr


def test_outputs_never_overwrite_inputs(tmp_path, plan_path):
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    before = actuals.read_bytes()
    result = run_cli("track", plan_path, actuals, "--as-of", "2027-02-14", "--format", "csv", "-o", actuals)
    assert result.returncode == 1 and "refusing to overwrite the input file" in result.stderr
    assert actuals.read_bytes() == before


def test_xlsx_default_output_next_to_the_actuals(tmp_path, plan_path):
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    result = run_cli("track", plan_path, actuals, "--as-of", "2027-02-14", "--format", "xlsx")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "deals-report.xlsx").is_file() and result.stdout == ""
    assert f"Wrote {tmp_path / 'deals-report.xlsx'}" in result.stderr


def test_format_follows_the_output_extension(tmp_path, plan_path):
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    out = tmp_path / "report.json"
    assert run_cli("track", plan_path, actuals, "--as-of", "2027-02-14", "-o", out).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8"))["goals"][0]["actual_to_date"] == 11000


def test_help_has_an_example():
    result = run_cli("track", "--help")
    assert result.returncode == 0 and "Example:" in result.stdout and "--as-of DATE" in result.stdout


def test_day_month_order_decided_by_the_whole_column(tmp_path):
    """A csv whose dates are month first (3/18/2027 says so): ambiguous dates follow the column."""
    import datetime as dt

    from track_support import plan_from

    from salesplan.tracking.run import track_file

    rows = [
        ["02/03/2027 10:15", "Carol Diaz", "100", "Closed Won", "West", "SMB"],   # Feb 3 (month first)
        ["02/03/2027 16:40", "Carol Diaz", "200", "Closed Won", "West", "SMB"],   # same day, another time
        ["15/03/2027", "Carol Diaz", "400", "Closed Won", "West", "SMB"],         # day first only: rejected
        ["3/18/2027", "Carol Diaz", "800", "Closed Won", "West", "SMB"],          # month first only: Mar 18
        ["2027-01-05", "Carol Diaz", "1600", "Closed Won", "West", "SMB"],        # ISO: never ambiguous
    ]
    report = track_file(plan_from(), save_csv(tmp_path / "us.csv", rows), as_of=dt.date(2027, 3, 31))
    months = {m.month: m.actual for m in report.months if m.goal == "revenue"}
    assert months == {"2027-01": 1600, "2027-02": 300, "2027-03": 800}
    assert report.rows.rejected == 1
    assert [(e.row, e.reason) for e in report.rows.rejected_examples] == [
        (4, "date '15/03/2027' is not a date in this column, which is month first (see '3/18/2027')")]

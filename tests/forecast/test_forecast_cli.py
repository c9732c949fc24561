"""``salesplan forecast`` on the command line: exact messages, exit codes, outputs, and the same file
errors as ``track``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from forecast_support import NORTHWIND, ONE_YEAR, D, deal_rows, plan_from, run_cli, save_csv, write_plan

from salesplan.cli import main
from salesplan.forecast import HistoryError, basis

SIMPLE_PLAN = """\
plan: {title: Simple 2027, company: S, start: 2027-01-01, end: 2027-12-31, currency: EUR}
mission: {statement: Sell.}
team:
  members: [{id: carol, name: Carol Diaz}]
goals:
  - id: revenue
    target: 150000
    priority: 1
    monthly: {2027-01: 12500, 2027-02: 12500, 2027-03: 12500, 2027-04: 12500, 2027-05: 12500, 2027-06: 12500,
              2027-07: 12500, 2027-08: 12500, 2027-09: 12500, 2027-10: 12500, 2027-11: 12500, 2027-12: 12500}
quotas:
  - {rep: carol, monthly: 12500}
"""


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def history(tmp_path):
    return save_csv(tmp_path / "deals-2026.csv", deal_rows(ONE_YEAR))


def invoke(runner, *args):
    return runner.invoke(main, ["forecast", *map(str, args)])


# --------------------------------------------------------------------------- usage errors (exit 2)


def test_growth_and_target_together(runner, history):
    result = invoke(runner, history, "--growth", "10%", "--target", "5000")
    assert result.exit_code == 2
    assert result.output == (
        "Usage: main forecast [OPTIONS] HISTORY\n"
        "Try 'main forecast --help' for help.\n\n"
        "Error: --growth and --target cannot be used together: give the growth on last year's total, or the "
        "period's target\n")


def test_write_without_plan(runner, history):
    result = invoke(runner, history, "--write")
    assert result.exit_code == 2
    assert result.output.endswith("Error: --write needs --plan: the plan file to update\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--growth", "15"], "Error: Invalid value for '--growth': '15' is ambiguous: write 15% for a percentage (a bare "
                         "number is a fraction: 0.15 is 15%)\n"),
    (["--growth", "lots"], "Error: Invalid value for '--growth': 'lots' is not a growth such as 15% or -5%\n"),
    (["--growth", "-100%"], "Error: Invalid value for '--growth': '-100%' would leave nothing: a growth must be "
                            "above -100%\n"),
    (["--start", "2027-13"], "Error: Invalid value for '--start': '2027-13' is not a month as YYYY-MM (such as "
                             "2027-01)\n"),
    (["--target", "-5"], "Error: Invalid value for '--target': '-5' is not an amount: it must be above 0\n"),
    (["--round", "n/a"], "Error: Invalid value for '--round': 'n/a' is not a rounding step\n"),
    (["--target", "100050", "--round", "100"], "Error: --target 100050 is not a multiple of --round 100\n"),
    (["--months", "0"], "Error: Invalid value for '--months': 0 is not in the range 1<=x<=120.\n"),
    (["--format", "xml"], "Error: Invalid value for '--format': 'xml' is not one of 'table', 'json', 'yaml'.\n"),
])
def test_bad_options(runner, history, args, message):
    result = invoke(runner, history, *args)
    assert result.exit_code == 2
    assert result.output.endswith(message)


# --------------------------------------------------------------------------- data errors (exit 1)


def test_missing_history(runner, tmp_path):
    result = invoke(runner, tmp_path / "nope.csv")
    assert (result.exit_code, result.output) == (1, f"{tmp_path / 'nope.csv'}: no such file\n")


def test_history_without_won_deals(runner, tmp_path):
    path = save_csv(tmp_path / "lost.csv", [["2026-01-05", "Carol", "100", "Closed Lost"],
                                            ["2026-01-07", "Carol", "100", "Perdu"],
                                            ["", "Carol", "", "Negotiation"],
                                            ["2026-02-01", "Carol", "n/a", "Won"]])
    result = invoke(runner, path)
    assert result.exit_code == 1
    assert result.output == ("lost.csv: no won deal with a readable date and amount to forecast from (4 rows read, 2 "
                             "lost, 1 open, 1 rejected, first: row 5: amount 'n/a' is not a number)\n")


def test_invalid_plan(runner, tmp_path, history):
    plan = write_plan(tmp_path, SIMPLE_PLAN.replace("quotas:", "  - {id: revenue, target: 1}\nquotas:"))
    result = invoke(runner, history, "--plan", plan)
    assert result.exit_code == 1
    assert result.output == (f"{plan}:11:5: warning: goals[1]: goal 'revenue' has no monthly breakdown; its target "
                             "is spread evenly over the 12 months of the period\n"
                             f"{plan}:11:10: error: goals[1].id: duplicate goal id 'revenue'; ids must be unique\n")


@pytest.fixture
def bad_files(tmp_path):
    """Files track refuses, each with one sentence."""
    files = {}
    files["renamed"] = tmp_path / "renamed.xlsx"
    files["renamed"].write_text("this is not a workbook", encoding="utf-8")
    files["protected"] = tmp_path / "protected.xlsx"
    files["protected"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    files["text"] = tmp_path / "notes.txt"
    files["text"].write_text("hello", encoding="utf-8")
    files["empty"] = tmp_path / "empty.csv"
    files["empty"].write_text("", encoding="utf-8")
    files["columns"] = save_csv(tmp_path / "columns.csv", [["a", "b"]], ["Name", "Notes"])
    files["folder"] = tmp_path / "folder.csv"
    files["folder"].mkdir()
    files["missing"] = tmp_path / "missing.csv"
    files["sheet"] = tmp_path / "sheet.xlsx"
    from forecast_support import save_xlsx

    save_xlsx(files["sheet"], [["2026-01-05", "Carol", 100, "Won"]], sheet="Ventes")
    return files


@pytest.mark.parametrize("kind", ["renamed", "protected", "text", "empty", "columns", "folder", "missing", "sheet"])
def test_bad_history_files_get_the_same_errors_as_track(tmp_path, bad_files, kind):
    plan = write_plan(tmp_path, SIMPLE_PLAN)
    path = bad_files[kind]
    extra = ["--sheet", "Deals"] if kind == "sheet" else []
    tracked = run_cli("track", plan, path, "--as-of", "2027-02-01", *extra)
    forecast = run_cli("forecast", path, "--plan", plan, *extra)
    assert tracked.returncode == forecast.returncode == 1
    assert forecast.stderr == tracked.stderr and forecast.stdout == ""
    assert forecast.stderr.count("\n") == 1 and "Traceback" not in forecast.stderr
    without_plan = run_cli("forecast", path, *extra)
    assert (without_plan.returncode, without_plan.stderr) == (1, tracked.stderr)


def test_rejected_rows_are_reported_like_track(runner, tmp_path):
    rows = deal_rows(ONE_YEAR) + [["2026-05-05", "Carol Diaz", "n/a", "Closed Won"],
                                  ["31/31/2026", "Carol Diaz", "100", "Closed Won"]]
    path = save_csv(tmp_path / "deals.csv", rows)
    result = run_cli("forecast", path, "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["history"]["rows"]["rejected"] == 2
    assert data["history"]["rows"]["rejected_examples"] == [
        {"sheet": None, "row": len(rows), "reason": "amount 'n/a' is not a number"},
        {"sheet": None, "row": len(rows) + 1, "reason": "date '31/31/2026' is not a date"}]
    assert result.stderr == (f"{path}: warning: 2 rows rejected (first: row {len(rows)}: amount 'n/a' is not a "
                             "number)\n")


# --------------------------------------------------------------------------- outputs


def test_yaml_output_is_ready_to_paste(runner, history):
    result = invoke(runner, history, "--growth", "15%", "--format", "yaml")
    assert result.exit_code == 0
    assert result.stdout == (
        "# salesplan forecast from deals-2026.csv: 2027-01..2027-12, last year's 120,000 +15.0%\n"
        "target: 138000\n"
        "monthly:\n"
        "  2027-01: 6900\n  2027-02: 6900\n  2027-03: 13800\n  2027-04: 10350\n  2027-05: 10350\n"
        "  2027-06: 13800\n  2027-07: 6900\n  2027-08: 0\n  2027-09: 17250\n  2027-10: 13800\n  2027-11: 17250\n"
        "  2027-12: 20700\n")
    assert f"{history}: note: no sales in Aug in the history: that month gets no share of the target\n" in \
        result.stderr


def test_json_shape(runner, tmp_path, history):
    plan = write_plan(tmp_path, SIMPLE_PLAN)
    result = invoke(runner, history, "--plan", plan, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert list(data) == ["history", "seasonality", "trend", "targets", "plan", "capacity", "funnel", "notes",
                          "warnings"]
    assert list(data["history"]) == ["file", "sheet", "layout", "currency", "first_month", "last_month", "monthly",
                                     "years", "rows"]
    assert data["seasonality"]["09"] == 0.125 and list(data["seasonality"])[0] == "01"
    assert data["trend"]["method"] == "linear" and data["trend"]["growth"] is None
    targets = data["targets"]
    # the plan's 150,000 spread with the shares: 150,000 x 5% = 7,500 in January ...
    assert (targets["basis"], targets["target"], targets["monthly"]["2027-01"], targets["round"]) == ("plan", 150000,
                                                                                                        7500, 1)
    assert targets["growth"] == 0.25  # 150,000 on last year's 120,000
    assert data["plan"] == {"title": "Simple 2027", "goal": "revenue", "target": 150000,
                            "monthly": {f"2027-{m:02d}": 12500 for m in range(1, 13)}}
    carol = data["capacity"]["reps"][0]
    # Carol sold 120,000 on a 12 x 12,500 = 150,000 quota: 80%
    assert carol == {"rep": "carol", "name": "Carol Diaz", "full_quota": 12500, "attainment": 0.8,
                     "basis": "history", "last_year_actual": 120000, "last_year_expected": 150000}
    assert data["capacity"]["months"][0] == {"month": "2027-01", "target": 7500, "quota": 12500, "capacity": 10000,
                                             "gap": -2500, "with_hires": 22500}
    # capacity 12 x 10,000 = 120,000, gap 150,000 - 120,000 = 30,000: one more rep at 12,500 a month from
    # January (no hires, no ramp) brings 150,000 -> 1
    assert (data["capacity"]["gap"], data["capacity"]["additional_reps"], data["capacity"]["hire_month"]) == (
        30000, 1, "2027-01")
    funnel = data["funnel"]
    assert (funnel["won_deals"], funnel["lost_deals"], funnel["win_rate"]) == (22, 12, 0.6471)
    assert [c["measure"] for c in funnel["comparison"]] == ["win_rate", "average_deal_size", "sales_cycle_days"]


def test_table_output(runner, history):
    result = invoke(runner, history, "--growth", "15%")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "History  deals-2026.csv: deal list, 2026-01..2026-12 (12 months)"
    assert lines[1] == "  46 rows read: 22 won, 12 lost, 12 open"
    assert "  Sep     15,000   12.5%" in lines and "  Aug          0    0.0%" in lines
    assert "Targets  2027-01..2027-12: 138,000, last year's 120,000 +15.0%" in lines
    assert "  2027-12     18,000   20,700" in lines
    assert all(line == line.rstrip() for line in lines)


def test_help_has_an_example():
    result = run_cli("forecast", "--help")
    assert result.returncode == 0 and "Example:" in result.stdout and "--growth PCT" in result.stdout


def test_listed_in_the_main_help():
    assert "forecast" in run_cli("--help").stdout


# --------------------------------------------------------------------------- the Word plan's basis


def test_basis_for_the_render_code(tmp_path):
    plan = plan_from(NORTHWIND.read_text(encoding="utf-8"))
    path = save_csv(tmp_path / "deals-2026.csv", deal_rows({"2026-01": 9000, "2026-02": 9000, "2026-03": 12000}
                                                           | {f"2026-{m:02d}": 10000 for m in range(4, 13)}))
    result = basis(plan, path)
    assert (result.history_file, result.currency, result.last_year_label) == ("deals-2026.csv", "EUR", "2026")
    assert result.last_year[:3] == [("2026-01", 9000), ("2026-02", 9000), ("2026-03", 12000)]
    assert (result.last_year_total, result.target) == (120000, 30000)
    assert result.implied_growth == 0  # 30,000 on Q1's 30,000
    assert [(m.month, m.last_year, m.plan, m.proposed) for m in result.months] == [
        ("2027-01", 9000, 8000, 9000), ("2027-02", 9000, 8000, 9000), ("2027-03", 12000, 14000, 12000)]
    assert [r.rep for r in result.reps] == ["carol", "shane", "li"]
    assert [m.month for m in result.capacity] == ["2027-01", "2027-02", "2027-03"]
    assert [c.measure for c in result.funnel] == ["win_rate", "average_deal_size", "sales_cycle_days"]
    assert [r.stage for r in result.reverse_funnel] == ["Leads", "Qualified leads", "Opportunities", "Won"]
    assert result.seasonality[3] == D("0.1")
    no_goal = plan.model_copy(update={"goals": [g.model_copy(update={"metric": "deals"}) for g in plan.goals]})
    with pytest.raises(HistoryError, match="the plan has no revenue goal"):
        basis(no_goal, path)

"""``--write``: the plan's revenue goal updated in place, comments and layout kept, still valid."""

from __future__ import annotations

import shutil
import textwrap
from decimal import Decimal

import pytest
from forecast_support import NORTHWIND, D, deal_rows, run_cli, save_csv

from salesplan.forecast.planfile import update_goal
from salesplan.plan import load_plan, load_plan_text

# 2026: Jan 9,000, Feb 9,000, Mar 12,000, then 10,000 a month: 120,000; Q1 is 7.5% + 7.5% + 10% = 25%.
HISTORY = {"2026-01": 9000, "2026-02": 9000, "2026-03": 12000} | {f"2026-{m:02d}": 10000 for m in range(4, 13)}


@pytest.fixture
def plan_copy(tmp_path):
    return shutil.copy(NORTHWIND, tmp_path / "northwind-2027.yaml")


@pytest.fixture
def history(tmp_path):
    return save_csv(tmp_path / "deals-2026.csv", deal_rows(HISTORY))


def test_write_keeps_every_other_byte_and_validates(tmp_path, plan_copy, history):
    """--growth 10%: Q1 last year 30,000 (25% of 120,000) + 10% = 33,000 -> 9,900, 9,900, 13,200.
    Only the goal's target and monthly lines change; the quotas (11,000 / 12,500 / 14,000) still
    cover every month; the territory sub-goals (30,000) no longer add up: a warning, written anyway."""
    before = NORTHWIND.read_bytes().decode("utf-8").splitlines(keepends=True)
    result = run_cli("forecast", history, "--plan", plan_copy, "--growth", "10%", "--write", "--format", "yaml")
    assert result.returncode == 0, result.stderr
    after = plan_copy.read_bytes().decode("utf-8").splitlines(keepends=True)
    assert len(after) == len(before)
    changed = [i for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert [before[i] for i in changed] == ["    target: 30000\n",
                                            "    monthly: {2027-01: 8000, 2027-02: 8000, 2027-03: 14000}\n"]
    assert [after[i] for i in changed] == ["    target: 33000\n",
                                           "    monthly: {2027-01: 9900, 2027-02: 9900, 2027-03: 13200}\n"]
    comments = [line for line in before if line.lstrip().startswith("#") or " # " in line]
    assert comments and all(line in after for line in comments)  # byte for byte
    loaded = load_plan(plan_copy)
    assert loaded.ok
    goal = loaded.plan.goals[0]
    assert (goal.target, goal.monthly) == (33000, {"2027-01": 9900, "2027-02": 9900, "2027-03": 13200})
    assert [d.message for d in loaded.warnings] == ["territory sub-goals add up to 30000, target is 33000 "
                                                    "(short by 3000)"]
    assert "territory sub-goals add up to 30000, target is 33000" in result.stderr
    assert f"Wrote {plan_copy}: goal 'revenue' target 30000 -> 33000, monthly 2027-01..2027-03" in result.stderr
    assert result.stdout.splitlines()[1:] == ["target: 33000", "monthly:", "  2027-01: 9900", "  2027-02: 9900",
                                              "  2027-03: 13200"]
    assert run_cli("validate", plan_copy).returncode == 0
    assert list(tmp_path.glob(".*.tmp")) == []


def test_write_refuses_an_invalid_plan(tmp_path, plan_copy, history):
    """-99.99% of 30,000 is 3, which rounds to 0 in hundreds: a target of 0 is invalid, nothing is written."""
    before = plan_copy.read_bytes()
    result = run_cli("forecast", history, "--plan", plan_copy, "--growth", "-99.99%", "--round", "100", "--write",
                     "--format", "json")
    assert result.returncode == 1
    assert plan_copy.read_bytes() == before
    assert f"{plan_copy}:162:13: error: goals[0].target: must be above 0, got 0" in result.stderr
    assert result.stderr.endswith(f"{plan_copy}: not updated: the plan with the forecast's targets would not be "
                                  "valid\n")
    assert list(tmp_path.glob(".*.tmp")) == []


def test_quota_coverage_is_only_a_warning(plan_copy, history):
    """+50%: 45,000 -> 13,500 / 13,500 / 18,000; the quotas (carol 5,000 + shane ramped 3,000 / 4,500 / 6,000 +
    li 3,000 = 11,000 / 12,500 / 14,000) fall short every month: written, with one warning listing the months."""
    result = run_cli("forecast", history, "--plan", plan_copy, "--growth", "50%", "--write", "--format", "yaml")
    assert result.returncode == 0, result.stderr
    assert ("rep quotas fall short of the team target in 3 months: 2027-01 11000 of 13500 (81%), "
            "2027-02 12500 of 13500 (93%), 2027-03 14000 of 18000 (78%)") in result.stderr
    assert load_plan(plan_copy).plan.goals[0].monthly == {"2027-01": 13500, "2027-02": 13500, "2027-03": 18000}


def test_plan_target_that_the_step_does_not_divide(plan_copy, history):
    result = run_cli("forecast", history, "--plan", plan_copy, "--round", "7000")
    assert result.returncode == 1
    assert result.stderr.endswith("the plan's target 30,000 is not a multiple of the rounding step 7,000: choose "
                                  "another --round, or give --target\n")


def test_write_needs_the_plan_period(plan_copy, history):
    result = run_cli("forecast", history, "--plan", plan_copy, "--start", "2027-04", "--write")
    assert result.returncode == 1
    assert result.stderr == (f"{plan_copy}: --write needs the forecast to cover the plan's period "
                             "(2027-01..2027-03); --start and --months give 2027-04..2027-06\n")


def test_walk_through_forecast_write_validate(tmp_path, plan_copy, history):
    """The README's three commands."""
    first = run_cli("forecast", history)
    assert first.returncode == 0 and "Targets  2027-01..2027-12: 120,000" in first.stdout
    second = run_cli("forecast", history, "--plan", plan_copy, "--round", "100", "--write")
    assert second.returncode == 0, second.stderr
    # the plan's 30,000 spread in the proportions 7.5 : 7.5 : 10 -> 9,000 / 9,000 / 12,000 (the territory
    # split still adds up, the quotas 11,000 / 12,500 / 14,000 cover every month: no warning)
    assert load_plan(plan_copy).plan.goals[0].monthly == {"2027-01": 9000, "2027-02": 9000, "2027-03": 12000}
    third = run_cli("validate", plan_copy)
    assert third.returncode == 0 and third.stderr == ""


PLAN_WITHOUT_MONTHLY = """\
    # a plan whose goal has no monthly breakdown
    plan: {title: T, company: C, start: 2027-01-01, end: 2027-03-31}
    mission:
      statement: S   # why
    goals:
      - id: revenue
        target: 900     # the year
        priority: 1
"""


def test_a_goal_without_monthly_gets_one_below_its_target():
    text = textwrap.dedent(PLAN_WITHOUT_MONTHLY)
    new = update_goal(text, 0, D(1000), {"2027-01": D(300), "2027-02": D(300), "2027-03": D(400)})
    assert new == text.replace("    target: 900     # the year\n",
                               "    target: 1000     # the year\n"
                               "    monthly:\n      2027-01: 300\n      2027-02: 300\n      2027-03: 400\n")
    assert load_plan_text(new).ok


def test_line_endings_bom_quotes_and_cents_survive():
    text = "\ufeff" + textwrap.dedent("""\
        plan: {title: T, company: C, start: 2027-01-01, end: 2027-02-28}
        mission: {statement: S}
        goals:
          - id: revenue
            target: "100"
            monthly:
              2027-01: 50   # half
              '2027-02': 50
        """).replace("\n", "\r\n")
    new = update_goal(text, 0, D("100.5"), {"2027-01": D("50.25"), "2027-02": D("50.25")})
    assert new.startswith("\ufeff") and "\n" not in new.replace("\r\n", "")
    assert "    target: 100.5\r\n" in new
    assert "      2027-01: 50.25   # half\r\n      '2027-02': 50.25\r\n" in new
    plan = load_plan_text(new.lstrip("\ufeff")).plan
    assert plan.goals[0].monthly == {"2027-01": Decimal("50.25"), "2027-02": Decimal("50.25")}


def test_flow_goal_and_merged_keys_go_through_the_round_trip_dump():
    text = textwrap.dedent("""\
        defaults: &defaults
          metric: revenue
        plan: {title: T, company: C, start: 2027-01-01, end: 2027-02-28}
        mission: {statement: S}   # kept
        goals:
          - {id: revenue, target: 100, priority: 1}
          - <<: *defaults
            id: other
            target: 10
            priority: 2
        """)
    new = update_goal(text, 0, D(120), {"2027-01": D(60), "2027-02": D(60)})
    assert "  - {id: revenue, target: 120, monthly: {2027-01: 60, 2027-02: 60}, priority: 1}\n" in new
    assert "mission: {statement: S}   # kept\n" in new and "<<: *defaults" in new


def test_readme_walk_through_with_the_sample_history(tmp_path, plan_copy):
    """The README's figures: Q1 2026 is 8,300 + 10,700 + 11,550 = 30,550; +12% = 34,216 -> 34,200 in
    hundreds, spread 8,300 : 10,700 : 11,550: exact 9,291.65 / 11,978.40 / 12,929.95, in hundreds
    92.92 / 119.78 / 129.30; floors 92 + 119 + 129 = 340 of 342, the 2 units left go to the largest
    remainders, January's .92 and February's .78 -> 9,300 / 12,000 / 12,900."""
    sample = NORTHWIND.parent / "northwind-2026-deals.csv"
    result = run_cli("forecast", sample, "--plan", plan_copy, "--growth", "12%", "--round", "100", "--write",
                     "--format", "json")
    assert result.returncode == 0, result.stderr
    import json

    data = json.loads(result.stdout)
    assert data["targets"]["monthly"] == {"2027-01": 9300, "2027-02": 12000, "2027-03": 12900}
    assert (data["targets"]["reference"], data["targets"]["target"]) == (30550, 34200)
    assert (data["funnel"]["win_rate"], data["funnel"]["sales_cycle_days"]) == (0.413, 45.5)
    assert load_plan(plan_copy).plan.goals[0].target == 34200


def test_sample_history_is_what_its_generator_writes(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_sample_history",
                                                  NORTHWIND.parent / "make_sample_history.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path / "again.csv")
    module.main()
    assert (tmp_path / "again.csv").read_bytes() == (NORTHWIND.parent / "northwind-2026-deals.csv").read_bytes()

"""The capacity check, figured by hand: reps at last year's attainment, a ramping member, a hire."""

from __future__ import annotations

import pytest
from forecast_support import D, plan_from, save_csv, write_plan

from salesplan.plan import derived
from salesplan.forecast import forecast_file
from salesplan.forecast.capacity import ATTAINMENT_CAP
from salesplan.forecast.report import render_table as render_text

PLAN = """\
plan:
  title: Capacity 2027
  company: Cap
  start: 2027-01-01
  end: 2027-12-31
  currency: EUR
mission:
  statement: Sell.
team:
  members:
    - {id: carol, name: Carol Diaz, start: 2024-03-01}
    - {id: dan, name: Dan Brook, start: 2026-07-01, ramp: [0.5]}
    - {id: erin, name: Erin Vale, start: 2027-03-01, ramp: [0.25, 0.5, 0.75]}
  hires:
    - {role: Account Executive, count: 1, start: 2027-04-15}
goals:
  - id: revenue
    metric: revenue
    target: 420000
    priority: 1
quotas:
  - {rep: carol, monthly: 10000}
  - {rep: dan, monthly: 12000}
  - {rep: erin, monthly: 8000}
"""


def history_rows() -> list[list[str]]:
    """2026, 20,000 won every month (uniform seasonality), of which:
    Carol 8,000 a month (96,000 = 80% of 12 x 10,000);
    Dan from July (ramp 0.5 in July): 5,400 in July, 10,800 a month after (59,400 = 90% of
    12,000 x (0.5 + 5) = 66,000); Frank, who left, the rest (counts for the team only)."""
    rows = []
    for m in range(1, 13):
        month = f"2026-{m:02d}"
        dan = 0 if m < 7 else 5400 if m == 7 else 10800
        rows.append([f"{month}-10", "Carol Diaz", "8000", "Closed Won"])
        if dan:
            rows.append([f"{month}-12", "dan", str(dan), "Closed Won"])
        rows.append([f"{month}-14", "Frank Old", str(20000 - 8000 - dan), "Closed Won"])
    return rows


def test_capacity_with_a_ramping_member_and_a_hire(tmp_path):
    """Target: the plan's 420,000, uniform history -> 35,000 every month.

    Attainment: Carol 96,000 / 120,000 = 0.8; Dan 59,400 / 66,000 = 0.9; Erin no history -> 1.
    Effective quotas: Carol 10,000; Dan 12,000 (ramp over in 2026); Erin from March with
    0.25, 0.5, 0.75: Jan 0, Feb 0, Mar 2,000, Apr 4,000, May 6,000, then 8,000.
    Capacity: 8,000 + 10,800 + Erin -> Jan 18,800, Feb 18,800, Mar 20,800, Apr 22,800,
    May 24,800, Jun-Dec 26,800; the year 293,600; gap 420,000 - 293,600 = 126,400.
    A new rep: mean full quota (10,000 + 12,000 + 8,000) / 3 = 10,000, from the plan's hire month
    (2027-04), ramping like the team: mean of [0.5] and [0.25, 0.5, 0.75] step by step, a short
    ramp counting 1 past its end: 0.375, 0.75, 0.875 -> Apr 3,750, May 7,500, Jun 8,750,
    Jul-Dec 10,000: 80,000 in the year. 126,400 / 80,000 = 1.58 -> 2 reps.
    """
    plan = plan_from(PLAN)
    history = save_csv(tmp_path / "deals-2026.csv", history_rows())
    result = forecast_file(history, plan)
    assert result.proposal.basis == "plan"
    assert set(result.proposal.monthly.values()) == {35000}
    cap = result.capacity
    assert [(r.rep, r.attainment, r.basis) for r in cap.reps] == [
        ("carol", D("0.8"), "history"), ("dan", D("0.9"), "history"), ("erin", 1, "no_history")]
    assert (cap.reps[1].history_actual, cap.reps[1].history_expected) == (59400, 66000)
    assert [m.quota for m in cap.months] == [22000, 22000, 24000, 26000, 28000] + [30000] * 7
    assert [m.capacity for m in cap.months] == [18800, 18800, 20800, 22800, 24800] + [26800] * 7
    assert cap.months[0].gap == 35000 - 18800
    assert (cap.capacity, cap.gap) == (293600, 126400)
    assert derived.typical_ramp(plan) == [D("0.375"), D("0.75"), D("0.875")]
    assert (cap.hire_quota, cap.hire_month, cap.additional_reps) == (10000, "2027-04", 2)
    # two new reps: nothing before April, then 2 x 3,750, 2 x 7,500, 2 x 8,750, 2 x 10,000
    assert [m.hires for m in cap.months] == [0, 0, 0, 7500, 15000, 17500] + [20000] * 6
    assert cap.months[3].with_hires == 22800 + 7500
    assert "Erin Vale has no won deal in the history's last year: attainment taken as 100% (a name the file " \
           "spells differently maps to a member in tracking.actuals.reps)" in result.notes
    assert any(n.startswith("12 won rows name someone who is not in the plan: 'Frank Old' (12)") for n in result.notes)


def test_capacity_that_covers_the_target_needs_nobody(tmp_path):
    plan = plan_from(PLAN.replace("target: 420000", "target: 240000"))
    result = forecast_file(save_csv(tmp_path / "deals.csv", history_rows()), plan)
    # 20,000 a month against 18,800 .. 26,800: the year's capacity 293,600 covers 240,000
    assert (result.capacity.gap, result.capacity.additional_reps) == (0, 0)
    assert all(m.hires == 0 for m in result.capacity.months)
    # ... but January and February (18,800 each) fall short of 20,000 by 1,200: the sentence says so
    text = render_text(result)
    assert ("  Capacity covers the period's total (293,600 for 240,000 EUR) but falls short in 2 months "
            "(2027-01 by 1,200, 2027-02 by 1,200): no additional rep is needed over the period, but those "
            "months rely on the others' margin; move target to the stronger months or hire earlier.\n") in text
    assert "no additional rep needed." not in text


@pytest.mark.parametrize("language,sentence", [
    ("en", "At last year's attainment, the current reps are expected to sell €293,600 for a target of €240,000: no "
           "additional rep is needed over the period, but 2 months (January 2027, February 2027) fall short and rely "
           "on the other months' margin."),
    ("fr", "Au niveau de réussite de l'an dernier, les commerciaux actuels devraient vendre 293\u202f600\u00a0€ pour "
           "un objectif de 240\u202f000\u00a0€\u00a0: aucun recrutement supplémentaire n'est nécessaire sur la "
           "période, mais 2 mois (janvier 2027, février 2027) restent en deçà et dépendent de l'avance des autres "
           "mois."),
])
def test_the_word_basis_says_which_months_fall_short(tmp_path, language, sentence):
    """The same plan in the Word plan's Basis chapter (render --history): the staffing sentence agrees
    with its own monthly table (January and February: 18,800 against 20,000)."""
    from docx import Document

    from click.testing import CliRunner

    from salesplan.cli import main

    plan = write_plan(tmp_path, PLAN.replace("target: 420000", "target: 240000"))
    history = save_csv(tmp_path / "deals-2026.csv", history_rows())
    out = tmp_path / "plan.docx"
    result = CliRunner().invoke(main, ["render", str(plan), "--history", str(history), "--language", language,
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert sentence in texts, [t for t in texts if "293" in t]


def test_attainment_is_capped(tmp_path):
    """Carol sold 30,000 a month on a 10,000 quota: 300%, counted at 150%."""
    rows = [[f"2026-{m:02d}-10", "Carol Diaz", "30000", "Won"] for m in range(1, 13)]
    result = forecast_file(save_csv(tmp_path / "deals.csv", rows), plan_from(PLAN))
    carol = result.capacity.reps[0]
    assert (carol.attainment, carol.basis) == (ATTAINMENT_CAP, "capped")
    assert "Carol Diaz made 300% of the current quota last year: counted at 150%" in result.notes


def test_no_hire_in_the_plan_counts_from_the_first_month(tmp_path):
    """Without hires and without ramps, a new rep brings 10,000 every month from January: 120,000
    a year. Capacity: Carol 8,000 + Dan 9,900 (below) = 17,900 in Jan and Feb, + Erin's full
    8,000 from March = 25,900: 294,800 in the year; the gap 420,000 - 294,800 = 125,200 needs 2."""
    text = PLAN.replace("  hires:\n    - {role: Account Executive, count: 1, start: 2027-04-15}\n", "")
    text = text.replace(", ramp: [0.5]", "").replace(", ramp: [0.25, 0.5, 0.75]", "")
    result = forecast_file(save_csv(tmp_path / "deals.csv", history_rows()), plan_from(text))
    cap = result.capacity
    # Dan without ramp: expected 12,000 x 6 = 72,000 -> 59,400 / 72,000 = 0.825
    assert cap.reps[1].attainment == D("0.825")
    assert (cap.hire_month, cap.ramp, cap.gap, cap.additional_reps) == ("2027-01", [], 125200, 2)
    assert [m.hires for m in cap.months][:2] == [cap.additional_reps * 10000] * 2
    assert "the plan lists no hires: additional reps are counted from 2027-01" in result.notes


@pytest.mark.parametrize("written", ["{2027-01: 9000, 2027-02: 11000}", "10000"])
def test_quota_in_month_outside_the_plan(written):
    """A forecast period may leave the plan's: a month-by-month quota weighs its mean there."""
    plan = plan_from(f"""\
        plan: {{title: T, company: C, start: 2027-01-01, end: 2027-02-28}}
        mission: {{statement: S}}
        team:
          members: [{{id: ann, name: Ann, start: 2027-02-01, ramp: [0.5]}}]
        goals: [{{id: revenue, target: 20000, priority: 1}}]
        quotas: [{{rep: ann, monthly: {written}}}]
        """)
    quota = plan.quotas[0]
    if written.startswith("{"):
        assert derived.quota_in_month(plan, quota, "2027-01") == 9000  # as written
        assert derived.quota_in_month(plan, quota, "2027-03") == 10000  # the mean, past the ramp
    else:
        assert derived.quota_in_month(plan, quota, "2027-01") == 0  # before her start
        assert derived.quota_in_month(plan, quota, "2027-02") == 5000  # ramp 0.5
        assert derived.quota_in_month(plan, quota, "2027-03") == 10000

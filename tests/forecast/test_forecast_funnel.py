"""The funnel reality check, figured by hand from a small history with won and lost deals."""

from __future__ import annotations

import datetime as dt

import pytest
from forecast_support import D, plan_from, save_csv, save_xlsx

from salesplan.forecast import forecast_file, read_history
from salesplan.forecast.funnel import funnel_check, observe

HEADERS = ["Close Date", "Deal owner", "Amount", "Deal Stage", "Create Date"]

# Won: 3,000 (created 2025-12-01, closed 2026-01-10: 40 days), 5,000 (19 days), 4,000 (59 days),
# 2,000 (29 days), and 1,000 with no created date; a refund of 500 (no deal).
# Lost: six, spelled as CRMs do (Closed Lost, lost, PERDU, Perdue, Closed lost, Perdu).
# Open: two (Negotiation, Proposal).
ROWS = [
    ["2026-01-10", "Carol", "3000", "Closed Won", "2025-12-01"],
    ["2026-02-20", "Carol", "5000", "Won", "2026-02-01"],
    ["2026-03-15", "Li", "4000", "Gagnée", "2026-01-15"],
    ["2026-04-30", "Li", "2000", "closed won", "2026-04-01"],
    ["2026-04-30", "Li", "1000", "Closed Won", ""],
    ["2026-05-02", "Carol", "-500", "Closed Won", "2026-01-10"],
    ["2026-01-20", "Carol", "7000", "Closed Lost", "2025-11-02"],
    ["2026-02-11", "Li", "1000", "lost", "2026-01-02"],
    ["2026-03-03", "Li", "", "PERDU", ""],
    ["2026-03-09", "Carol", "2500", "Perdue", "2026-02-01"],
    ["2026-04-21", "Carol", "800", "Closed lost", ""],
    ["", "Li", "", "Perdu", ""],
    ["", "Carol", "4000", "Negotiation", "2026-04-02"],
    ["2026-09-30", "Li", "9000", "Proposal", "2026-04-20"],
]

PLAN = """\
plan: {title: Funnel 2027, company: F, start: 2027-01-01, end: 2027-03-31, currency: EUR}
mission: {statement: Sell.}
team:
  members: [{id: carol, name: Carol}, {id: li, name: Li}]
prospecting:
  funnel:
    average_deal_size: 3000
    stages:
      - {name: Leads, conversion: 0.25}
      - {name: Qualified leads, conversion: 0.4}
      - {name: Opportunities, conversion: 0.5}
      - {name: Won}
goals:
  - {id: revenue, target: 21000, priority: 1, monthly: {2027-01: 7000, 2027-02: 7000, 2027-03: 7000}}
tracking: {tolerance: "5%"}
"""


@pytest.fixture(params=["csv", "xlsx"])
def history_file(request, tmp_path):
    if request.param == "csv":
        return save_csv(tmp_path / "pipeline.csv", ROWS, HEADERS)
    return save_xlsx(tmp_path / "pipeline.xlsx", ROWS, HEADERS)


def test_observed_figures(history_file):
    """Won deals 5 (the refund is none), lost 6: win rate 5 / 11. Deal size (3,000 + 5,000 +
    4,000 + 2,000 + 1,000) / 5 = 3,000. Cycles of the four won deals with a created date:
    19, 29, 40, 59 days -> median (29 + 40) / 2 = 34.5."""
    history = read_history(history_file)
    assert history.has_created
    assert (history.rows.read, history.rows.won, history.rows.lost, history.rows.open) == (14, 6, 6, 2)
    seen = observe(history)
    assert (seen.won, seen.lost, seen.win_rate) == (5, 6, D(5) / D(11))
    assert seen.average_deal_size == 3000
    assert history.cycle_days == {19: 1, 29: 1, 40: 1, 59: 1}
    assert (seen.cycle_days, seen.cycle_deals, history.cycle_unknown) == (D("34.5"), 4, 1)
    assert "1 won deal without a usable created date (empty, unreadable or after the close) left out of the " \
           "sales cycle" in seen.notes
    # the months the history covers run from the first to the last won or lost deal (open deals' dates are guesses)
    assert (history.first_month, history.last_month) == ("2026-01", "2026-05")


def test_plan_against_history_and_the_reverse_funnel(history_file):
    """Plan win rate: the opportunities' conversion, 0.5; observed 5/11 = 0.4545: -9.1%, beyond 5%.
    Deal size 3,000 both: 0%, within. Reverse funnel of 7,000 a month:
    plan: won 7,000 / 3,000 -> 3, opportunities 3 / 0.5 = 6, qualified 6 / 0.4 = 15, leads 15 / 0.25 = 60;
    history: won 3, opportunities 3 / (5/11) = 6.6 -> 7, qualified 7 / 0.4 = 17.5 -> 18, leads 18 / 0.25 = 72."""
    plan = plan_from(PLAN)
    check = funnel_check(read_history(history_file, plan), plan, {"2027-01": D(7000)})
    win, size, cycle = check.comparison
    assert (win.plan, win.observed, win.flagged) == (D("0.5"), D(5) / D(11), True)
    assert round(win.difference, 4) == D("-0.0909")
    assert (size.plan, size.observed, size.difference, size.flagged) == (3000, 3000, 0, False)
    assert (cycle.measure, cycle.plan, cycle.observed) == ("sales_cycle_days", None, D("34.5"))
    assert [(r.stage, r.plan["2027-01"], r.observed["2027-01"]) for r in check.reverse] == [
        ("Leads", 60, 72), ("Qualified leads", 15, 18), ("Opportunities", 6, 7), ("Won", 3, 3)]
    assert check.warnings == ["observed win rate 45.5% differs from the plan's 50.0% by -9.1% (tolerance 5%)"]


def test_day_first_created_dates_in_their_own_column(tmp_path):
    """Close dates ISO, created dates day first: the created column's order is decided on its own."""
    rows = [["2026-03-20", "Carol", "1000", "Won", "13/03/2026"],
            ["2026-03-20", "Carol", "1000", "Won", "02/03/2026"],
            ["2026-03-20", "Carol", "1000", "Lost", "01/03/2026"]]
    history = read_history(save_csv(tmp_path / "fr.csv", rows, ["Date", "Commercial", "Montant", "Étape",
                                                                 "Date de création"]))
    assert history.cycle_days == {7: 1, 18: 1}  # 13 March and 2 March, not 3 December and 3 February


def test_without_stage_or_created_columns_nothing_is_guessed(tmp_path):
    path = save_csv(tmp_path / "won-only.csv", [["2026-01-05", "Carol", "100"]], ["Close Date", "Owner", "Amount"])
    seen = observe(read_history(path))
    assert (seen.win_rate, seen.cycle_days, seen.average_deal_size) == (None, None, 100)
    assert "the history has no stage column: every row is a won deal, the win rate is not measured" in seen.notes
    no_lost = save_csv(tmp_path / "no-lost.csv", [["2026-01-05", "Carol", "100", "Won"]])
    assert observe(read_history(no_lost)).win_rate is None


def test_funnel_through_the_whole_forecast(tmp_path):
    """The plan's Q1 with a history from January to May 2026: the funnel compares, the reverse funnel
    is walked over the proposed targets."""
    result = forecast_file(save_csv(tmp_path / "pipeline.csv", ROWS, HEADERS), plan_from(PLAN))
    assert [c.measure for c in result.funnel.comparison] == ["win_rate", "average_deal_size", "sales_cycle_days"]
    assert [r.stage for r in result.funnel.reverse] == ["Leads", "Qualified leads", "Opportunities", "Won"]
    assert sum(result.proposal.monthly.values()) == 21000
    assert "observed win rate 45.5% differs from the plan's 50.0% by -9.1% (tolerance 5%)" in result.warnings


def test_grid_history_has_no_funnel(tmp_path):
    path = save_xlsx(tmp_path / "grid.xlsx", [["Carol", 1000, 2000, 3000]], ["Commercial", dt.date(2026, 1, 1),
                                                                              dt.date(2026, 2, 1),
                                                                              dt.date(2026, 3, 1)])
    history = read_history(path)
    assert (history.layout, history.monthly) == ("grid", {"2026-01": 1000, "2026-02": 2000, "2026-03": 3000})
    seen = observe(history)
    assert seen.win_rate is None and seen.average_deal_size is None
    assert "a rep-by-month grid holds amounts, not deals: no win rate, deal size or sales cycle" in seen.notes

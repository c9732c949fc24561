"""Reading a history: the tracking readers (with the optional created-date column), streaming
aggregation, rep matching, currencies."""

from __future__ import annotations

import datetime as dt
import tracemalloc
from decimal import Decimal

import pytest
from forecast_support import D, plan_from, save_csv, save_xlsx

from salesplan.forecast.history import HistoryTally, read_history
from salesplan.tracking.feed import DateResolvers
from salesplan.tracking.deals import RawDeal
from salesplan.tracking.readers import open_actuals

PLAN = """\
plan: {title: H, company: C, start: 2027-01-01, end: 2027-12-31, currency: EUR}
mission: {statement: S}
team:
  members: [{id: carol, name: Carol Diaz}, {id: li, name: Li Wei}]
goals: [{id: revenue, target: 1000, priority: 1}]
tracking:
  rates: {USD: 0.9}
  actuals:
    reps: {"C. Diaz": carol}
"""


@pytest.mark.parametrize("header", ["Create Date", "Created", "Date de création", "created date",
                                    "Deal - Deal created"])
def test_created_column_presets(tmp_path, header):
    path = save_csv(tmp_path / "h.csv", [["2026-02-10", "Carol", "100", "Won", "2026-01-31"]],
                    ["Close Date", "Deal owner", "Amount", "Deal Stage", header])
    actuals = open_actuals(path)
    assert actuals.has_created and actuals.columns["created"] == header
    assert actuals.columns["date"] == "Close Date"  # the created date never takes the close date's place
    assert [d.created for d in actuals.rows()] == ["2026-01-31"]


def test_created_column_named_in_the_plan(tmp_path):
    path = save_csv(tmp_path / "h.csv", [["2026-02-10", "Carol", "100", "Won", "2026-01-31"]],
                    ["Close Date", "Deal owner", "Amount", "Deal Stage", "Opened"])
    plan = plan_from(PLAN.replace("    reps:", "    columns: {created: Opened}\n    reps:"))
    assert read_history(path, plan).cycle_days == {10: 1}


def test_fast_and_general_paths_read_the_created_column_alike(tmp_path):
    """A clean chunk goes column by column; an empty rep sends its chunk row by row: same deals."""
    rows = [[dt.date(2026, 3, 1 + i % 20), "Carol", 100 + i, "Won", dt.date(2026, 2, 1 + i % 20) if i % 3 else None]
            for i in range(40)]
    clean = save_xlsx(tmp_path / "clean.xlsx", rows, ["Close Date", "Deal owner", "Amount", "Deal Stage",
                                                      "Create Date"])
    messy = save_xlsx(tmp_path / "messy.xlsx", rows + [[dt.date(2026, 3, 1), None, 5, "Won", None]],
                      ["Close Date", "Deal owner", "Amount", "Deal Stage", "Create Date"])
    first = [(d.date, d.amount, d.created) for d in open_actuals(clean).rows()]
    second = [(d.date, d.amount, d.created) for d in open_actuals(messy).rows()][:40]
    assert first == second
    assert first[1] == (dt.date(2026, 3, 2), 101, dt.date(2026, 2, 2)) and first[0][2] is None


def test_reps_are_matched_like_track_and_others_count_for_the_team(tmp_path):
    path = save_csv(tmp_path / "h.csv", [["2026-01-05", "C. Diaz", "100", "Won"],
                                         ["2026-01-06", "carol diaz", "200", "Won"],
                                         ["2026-01-07", "LI WEI", "300", "Won"],
                                         ["2026-01-08", "Tom Becker", "400", "Won"],
                                         ["2026-01-09", "", "500", "Won"]])
    history = read_history(path, plan_from(PLAN))
    assert history.monthly == {"2026-01": 1500}
    assert history.rep_monthly == {("carol", "2026-01"): 300, ("li", "2026-01"): 300}
    assert history.unknown_reps == {"Tom Becker": 1, "(empty)": 1}


def test_currencies_with_a_plan(tmp_path):
    path = save_csv(tmp_path / "h.csv", [["2026-01-05", "Carol Diaz", "$1,000.00", "Won"],
                                         ["2026-01-06", "Carol Diaz", "1 000,00 €", "Won"],
                                         ["2026-01-07", "Carol Diaz", "1000 CHF", "Won"]])
    history = read_history(path, plan_from(PLAN))
    assert history.monthly == {"2026-01": D("1900.00")}  # 1,000 USD at 0.9 + 1,000 EUR
    assert [(r.row, r.reason) for r in history.rows.rejected_examples] == [
        (4, "amount in CHF, not the plan's EUR, and tracking.rates gives no CHF rate")]


def test_currency_without_a_plan_is_the_first_one_marked(tmp_path):
    path = save_csv(tmp_path / "h.csv", [["2026-01-05", "Carol", "1000", "Won"],
                                         ["2026-01-06", "Carol", "€500", "Won"],
                                         ["2026-01-07", "Carol", "$300", "Won"]])
    history = read_history(path)
    assert (history.currency, history.monthly) == ("EUR", {"2026-01": 1500})
    assert history.rows.rejected_examples[0].reason == "amount in USD, not EUR like the history's other amounts"


def test_day_first_text_dates_are_resolved_per_column(tmp_path):
    """'03/02/2026' alone could be either; '25/02/2026' settles the column as day first."""
    path = save_csv(tmp_path / "h.csv", [["03/02/2026", "Carol", "100", "Won"],
                                         ["25/02/2026", "Carol", "200", "Won"]])
    assert read_history(path).monthly == {"2026-02": 300}
    month_first = save_csv(tmp_path / "us.csv", [["03/02/2026", "Carol", "100", "Won"],
                                                 ["02/25/2026", "Carol", "200", "Won"]])
    assert read_history(month_first).monthly == {"2026-02": 200, "2026-03": 100}


def test_a_grid_history(tmp_path):
    path = save_xlsx(tmp_path / "grid.xlsx", [["Carol Diaz", 1000, None, 3000], ["Li Wei", 500, 0, None],
                                              ["Total", 1500, 0, 3000]],
                     ["Commercial", "janv. 2026", "févr. 2026", "mars 2026"], sheet="Suivi")
    history = read_history(path, plan_from(PLAN))
    assert (history.layout, history.sheet) == ("grid", "Suivi")
    assert history.monthly == {"2026-01": 1500, "2026-02": 0, "2026-03": 3000}
    assert history.rep_monthly[("carol", "2026-03")] == 3000


def test_the_tally_streams(tmp_path):
    """200,000 deals from a generator: the tally keeps a few buckets, not the rows."""
    def deals():
        for i in range(200_000):
            yield RawDeal(None, i + 2, "Carol", dt.date(2026, 1 + i % 12, 1 + i % 28), Decimal(100), None, "Won")

    tracemalloc.start()
    tally = HistoryTally(None, has_stage=True).add(deals())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(tally.buckets) == 12 and tally.rows.read == 200_000
    assert peak < 2 * 1024 * 1024  # a list of 200,000 deals alone would take tens of MiB
    history = tally.resolve_dates(DateResolvers(lambda text: None)).history("gen", None)
    assert history.total == 20_000_000

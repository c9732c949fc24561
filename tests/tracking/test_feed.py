"""One pass over an actuals file feeds several tallies (``tracking.feed.tally_actuals``): each gets
exactly what a pass of its own gives it. ``track`` and ``forecast`` share this driver; the next
tally of the same rows (the open pipeline) is one more argument."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from track_support import CONTRACT_PLAN, CONTRACT_ROWS, FakeActuals, deal, plan_from, save_csv

from salesplan.forecast.history import HistoryTally
from salesplan.tracking.feed import tally_actuals
from salesplan.tracking.output_json import report_dict
from salesplan.tracking.pacing import build_report
from salesplan.tracking.run import open_for_plan
from salesplan.tracking.tally import Tally

AS_OF = dt.date(2027, 2, 14)


def both_tallies(plan, actuals) -> tuple[Tally, HistoryTally]:
    return (Tally(plan, has_stage=True, as_of=AS_OF),
            HistoryTally(plan, has_stage=True, has_created=bool(getattr(actuals, "has_created", False))))


def test_one_pass_feeds_the_track_and_the_history_tallies(tmp_path):
    # 256 clean copies of the contract's first 8 rows (2,048 rows: two chunks of 1,024 tallied column by
    # column), then the 10 contract rows once (a chunk with an unreadable amount: the row path).
    rows = CONTRACT_ROWS[:8] * 256 + CONTRACT_ROWS
    plan = plan_from(CONTRACT_PLAN)
    path = save_csv(tmp_path / "deals.csv", rows)
    together = both_tallies(plan, open_for_plan(plan, path))
    tally_actuals(plan, open_for_plan(plan, path), *together)
    alone = []
    for index in range(2):
        tally = both_tallies(plan, open_for_plan(plan, path))[index]
        tally_actuals(plan, open_for_plan(plan, path), tally)
        alone.append(tally)

    report = build_report(plan, together[0], as_of=AS_OF)
    assert report_dict(report) == report_dict(build_report(plan, alone[0], as_of=AS_OF))
    # by 2027-02-14 each copy counts 4000 + 2100 + 1500 + 800 + 2000 + 600 = 11,000; 257 copies
    assert report.goals[0].actual_to_date == 257 * 11_000
    assert (report.rows.read, report.rows.not_won, report.rows.rejected) == (2058, 1, 1)

    history = together[1].history("deals.csv", None)
    assert history == alone[1].history("deals.csv", None)
    # every won row with an amount, in or out of the plan period: 19,000 a copy
    assert history.total == 257 * 19_000 and history.won_deals == 257 * 8
    assert (history.rows.open, history.rows.rejected) == (1, 1)


def test_rows_without_chunks_are_fed_in_batches_to_every_tally():
    plan = plan_from(CONTRACT_PLAN)
    deals = [deal(n, dt.date(2027, 1, 1 + n % 28), "carol", 10) for n in range(2, 70_002)]  # 70,000 rows
    together = both_tallies(plan, FakeActuals(deals))
    tally_actuals(plan, FakeActuals(deals), *together)
    # every row is in January 2027, before as_of: 70,000 x 10
    assert build_report(plan, together[0], as_of=AS_OF).goals[0].actual_to_date == 700_000
    assert together[1].history("fake", None).monthly == {"2027-01": Decimal(700_000)}

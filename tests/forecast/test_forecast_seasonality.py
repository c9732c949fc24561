"""Seasonality, trend and proposed targets, figured by hand from small history files."""

from __future__ import annotations

from decimal import Decimal

import pytest
from forecast_support import D, ONE_YEAR, deal_rows, save_csv, save_xlsx

from salesplan.forecast import ForecastOptions, forecast_file, read_history
from salesplan.forecast.history import HistoryError
from salesplan.forecast.seasonality import history_years, seasonality, trend

SHARES = {1: "0.05", 2: "0.05", 3: "0.1", 4: "0.075", 5: "0.075", 6: "0.1", 7: "0.05", 8: "0", 9: "0.125",
          10: "0.1", 11: "0.125", 12: "0.15"}


@pytest.fixture(params=["csv", "xlsx"])
def one_year(request, tmp_path):
    rows = deal_rows(ONE_YEAR)
    if request.param == "csv":
        return save_csv(tmp_path / "deals-2026.csv", rows)
    return save_xlsx(tmp_path / "deals-2026.xlsx", rows)


def test_one_year_seasonality_and_growth(one_year):
    """120,000 in 2026 (see ONE_YEAR): each month's share is its total / 120,000.

    --growth 15%: 120,000 * 1.15 = 138,000 spread with the shares:
    Jan 6,900  Feb 6,900  Mar 13,800  Apr 10,350  May 10,350  Jun 13,800  Jul 6,900  Aug 0
    Sep 17,250  Oct 13,800  Nov 17,250  Dec 20,700 (all whole: nothing to round).
    """
    result = forecast_file(one_year, options=ForecastOptions(growth=D("0.15")))
    history = result.history
    assert (history.first_month, history.last_month, history.total) == ("2026-01", "2026-12", 120000)
    assert history.monthly["2026-08"] == 0
    # two won deals a month (none in August), a lost one, an open one (no date, no amount: not read further)
    assert (history.rows.won, history.rows.lost, history.rows.open, history.rows.rejected) == (22, 12, 12, 0)
    assert result.seasonality.shares == {c: D(s) for c, s in SHARES.items()}
    proposal = result.proposal
    assert proposal.months == [f"2027-{m:02d}" for m in range(1, 13)]  # the month after the history, 12 months
    assert (proposal.basis, proposal.last_year_total, proposal.target) == ("growth", 120000, 138000)
    assert list(proposal.monthly.values()) == [6900, 6900, 13800, 10350, 10350, 13800, 6900, 0, 17250, 13800,
                                               17250, 20700]
    assert proposal.last_year_monthly["2027-09"] == 15000 and proposal.last_year_monthly["2027-08"] == 0
    assert "no sales in Aug in the history: that month gets no share of the target" in result.notes
    # a single year: the trend is the slope of the twelve monthly totals
    assert result.trend.method == "linear"


def test_rounding_to_hundreds_adds_up_exactly(one_year):
    """--round 100: 138,000 in hundreds is 1,380 units; exact units per month
    69, 69, 138, 103.5, 103.5, 138, 69, 0, 172.5, 138, 172.5, 207 -> floors add up to 1,378;
    the 2 units left go to the largest remainders, all .5, so the earliest: April and May."""
    result = forecast_file(one_year, options=ForecastOptions(growth=D("0.15"), step=D(100)))
    assert list(result.proposal.monthly.values()) == [6900, 6900, 13800, 10400, 10400, 13800, 6900, 0, 17200,
                                                      13800, 17200, 20700]
    assert sum(result.proposal.monthly.values()) == 138000


def test_target_that_does_not_divide_evenly(one_year):
    """--target 100,001: exact parts 5,000.05 5,000.05 10,000.1 7,500.075 7,500.075 10,000.1 5,000.05 0
    12,500.125 10,000.1 12,500.125 15,000.15; floors add up to 100,000, the one unit left goes to
    the largest remainder, December's .15."""
    result = forecast_file(one_year, options=ForecastOptions(target=D(100001)))
    monthly = result.proposal.monthly
    assert list(monthly.values()) == [5000, 5000, 10000, 7500, 7500, 10000, 5000, 0, 12500, 10000, 12500, 15001]
    assert result.proposal.basis == "target"
    assert result.proposal.growth == D(100001) / 120000 - 1  # implied growth on last year


def test_equal_shares_tie_goes_to_the_earliest_month(one_year):
    """Two months of equal share (Jan and Feb, 5% each): 101 -> 50.5 and 50.5 -> 51 and 50."""
    result = forecast_file(one_year, options=ForecastOptions(start="2027-01", months=2, target=D(101)))
    assert result.proposal.monthly == {"2027-01": 51, "2027-02": 50}


def test_growth_on_part_of_a_year(one_year):
    """March to May is 10% + 7.5% + 7.5% = 25% of a year: last year's 30,000 for those months,
    +10% = 33,000 -> 13,200, 9,900, 9,900."""
    result = forecast_file(one_year, options=ForecastOptions(start="2027-03", months=3, growth=D("0.1")))
    assert result.proposal.reference == 30000
    assert result.proposal.monthly == {"2027-03": 13200, "2027-04": 9900, "2027-05": 9900}


def test_growth_versus_target_give_the_same_split(one_year):
    by_growth = forecast_file(one_year, options=ForecastOptions(growth=D("0.15"))).proposal
    by_target = forecast_file(one_year, options=ForecastOptions(target=D(138000))).proposal
    assert by_growth.monthly == by_target.monthly
    assert by_target.growth == D("0.15")


def test_two_years_are_averaged_share_by_share(tmp_path):
    """2025 (100,000): Jan 20,000, Apr 20,000, Jul 20,000, Oct 40,000 -> 20%, 20%, 20%, 40%.
    2026 (200,000): Jan 20,000, Apr 60,000, Jul 40,000, Oct 80,000 -> 10%, 30%, 20%, 40%.
    Averaged: Jan 15%, Apr 25%, Jul 20%, Oct 40% (pooled totals would give Jan 13.3%).
    Trend: 200,000 / 100,000 - 1 = +100% year over year.
    Default target (no plan, no growth): last year's 200,000 -> Jan 30,000, Apr 50,000,
    Jul 40,000, Oct 80,000."""
    months = {f"{y}-{m:02d}": 0 for y in (2025, 2026) for m in range(1, 13)}
    months.update({"2025-01": 20000, "2025-04": 20000, "2025-07": 20000, "2025-10": 40000,
                   "2026-01": 20000, "2026-04": 60000, "2026-07": 40000, "2026-10": 80000})
    path = save_csv(tmp_path / "two-years.csv", deal_rows(months))
    result = forecast_file(path)
    shares = result.seasonality.shares
    assert (shares[1], shares[4], shares[7], shares[10]) == (D("0.15"), D("0.25"), D("0.2"), D("0.4"))
    assert sum(shares.values()) == 1
    assert [y.label for y in result.years] == ["2026", "2025"] and all(y.complete for y in result.years)
    assert (result.trend.method, result.trend.growth) == ("year_over_year", 1)
    assert result.trend.describe() == "+100.0% year over year (2025 -> 2026)"
    monthly = result.proposal.monthly
    assert (monthly["2027-01"], monthly["2027-04"], monthly["2027-07"], monthly["2027-10"]) == (30000, 50000, 40000,
                                                                                               80000)
    assert sum(monthly.values()) == 200000
    assert ("no sales in Feb, Mar, May, Jun, Aug, Sep, Nov, Dec in the history: those months get no share of the "
            "target") in result.notes


def test_partial_oldest_year_refines_the_months_it_covers(tmp_path):
    """2026 complete, 10,000 every month: 1/12 each. 2025 covers July to December only:
    10,000, 10,000, 10,000, 10,000, 20,000, 40,000 (100,000). Those six months keep together the
    share 2026 gives them (6/12), split in 2025's proportions: 5%, 5%, 5%, 5%, 10%, 20%.
    Averaged with 2026: Jan-Jun 1/12; Jul-Oct (1/12 + 1/20) / 2 = 1/15; Nov (1/12 + 1/10) / 2 = 11/120;
    Dec (1/12 + 1/5) / 2 = 17/120. --target 120,000: 10,000 x 6, 8,000 x 4, 11,000, 17,000."""
    months = {f"2026-{m:02d}": 10000 for m in range(1, 13)}
    months.update({"2025-07": 10000, "2025-08": 10000, "2025-09": 10000, "2025-10": 10000, "2025-11": 20000,
                   "2025-12": 40000})
    path = save_csv(tmp_path / "eighteen-months.csv", deal_rows(dict(sorted(months.items()))))
    result = forecast_file(path, options=ForecastOptions(target=D(120000)))
    assert [(y.label, y.complete, len(y.monthly)) for y in result.years] == [("2026", True, 12),
                                                                              ("2025-07..2025-12", False, 6)]
    assert list(result.proposal.monthly.values()) == [10000] * 6 + [8000] * 4 + [11000, 17000]
    assert ("the oldest year (2025-07..2025-12) is partial, 6 of 12 months: its months keep the share the complete "
            "years give them, split in its own proportions") in result.notes
    # one complete year only: the trend is linear
    assert result.trend.method == "linear"


def test_less_than_a_year_is_annualised(tmp_path):
    """October to December 2026: 10,000, 20,000, 30,000 (60,000). They weigh 1/24, 2/24, 3/24
    (their proportions of the quarter an average quarter, 3/12); the nine months the history does
    not reach are average months, 2/24 each. Last year annualised: 60,000 / (6/24) = 240,000.
    Default period 2027-01..2027-12 at 0% growth: Jan-Sep 20,000, Oct 10,000, Nov 20,000, Dec 30,000.
    Trend: 10,000 more every month."""
    path = save_csv(tmp_path / "quarter.csv", deal_rows({"2026-10": 10000, "2026-11": 20000, "2026-12": 30000}))
    result = forecast_file(path)
    assert (result.proposal.last_year_total, result.proposal.last_year_annualised) == (240000, True)
    assert list(result.proposal.monthly.values()) == [20000] * 9 + [10000, 20000, 30000]
    assert (result.trend.method, result.trend.slope) == ("linear", 10000)
    assert ("the history covers 3 months (2026-10..2026-12): the months it does not reach (Jan, Feb, Mar, Apr, May, "
            "Jun, Jul, Aug, Sep) are taken as average months") in result.notes
    assert "the history covers less than a year: last year's total is annualised to 240,000" in result.notes


def test_every_month_zero_splits_evenly(tmp_path):
    """A history whose won rows add up to nothing (a deal refunded in full): even split, said in a note."""
    path = save_csv(tmp_path / "zero.csv", [["2026-03-01", "Carol", "500", "Won"], ["2026-03-09", "Carol", "(500)",
                                                                                   "Won"]])
    result = forecast_file(path, options=ForecastOptions(target=D(1200)))
    assert list(result.proposal.monthly.values()) == [100] * 12
    assert "the history has no positive monthly total: the target is split evenly over the months" in result.notes
    with pytest.raises(HistoryError, match="last year's won revenue is 0: nothing to grow from"):
        forecast_file(path, options=ForecastOptions(growth=D("0.1")))


def test_refunds_lower_revenue_and_are_no_deals(tmp_path):
    path = save_csv(tmp_path / "refund.csv", [["2026-01-05", "Carol", "1000", "Closed Won"],
                                              ["2026-01-06", "Carol", "-200", "Closed Won"],
                                              ["2026-02-05", "Carol", "600", "Won"]])
    history = read_history(path)
    assert history.monthly == {"2026-01": 800, "2026-02": 600}
    assert (history.won_deals, history.won_deals_amount) == (2, 1600)


def test_years_are_counted_back_from_the_last_month(tmp_path):
    """History from 2025-07 to 2026-06: one complete year that is no calendar year."""
    months = {f"2025-{m:02d}": 1000 for m in range(7, 13)} | {f"2026-{m:02d}": 1000 for m in range(1, 7)}
    history = read_history(save_csv(tmp_path / "fiscal.csv", deal_rows(months)))
    years = history_years(history)
    assert [(y.first, y.last, y.complete, y.label) for y in years] == [("2025-07", "2026-06", True,
                                                                         "2025-07..2026-06")]
    shares = seasonality(history, years).shares
    assert {c: round(s, 20) for c, s in shares.items()} == {c: round(Decimal(1) / 12, 20) for c in range(1, 13)}
    assert trend(history, years).slope == 0

"""The pacing engine against hand-computed figures (tracking.md: pacing rules and settled edge cases).

Rows are given as the readers yield them (RawDeal) through a fake opened file, so every
figure below depends only on the engine. The plan is the contract's example unless said:
Q1 2027 (Jan 31 + Feb 28 + Mar 31 = 90 days), revenue target 30000 = 8000 / 8000 / 14000,
west 18000 (60%), east 12000; enterprise-logos 20 deals = 5 / 7 / 8 filtered on segment;
quotas carol 5000 flat (full all quarter), shane 6000 ramped 0.25/0.5/0.75 from 2026-12
(Jan 3000, Feb 4500, Mar 6000), li 3000 flat.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from track_support import CONTRACT_PLAN, FakeActuals, deal, plan_from

from salesplan.plan import derived
from salesplan.tracking.feed import DateResolvers
from salesplan.tracking.matching import UnknownRep, check_rep
from salesplan.tracking.pacing import build_report, status_of
from salesplan.tracking.run import track
from salesplan.tracking.tally import OUTSIDE, Tally

D = Decimal
NO_TEXT_DATES = DateResolvers(lambda text: None)  # no date text to decide in these rows


def contract_deals() -> list:
    """The contract's worked example rows (the same as track_support.CONTRACT_ROWS, already read)."""
    seg = lambda s: {"segment": s}  # noqa: E731
    return [
        deal(2, "2027-01-05", "Carol D.", 4000, territory="West", fields=seg("Enterprise")),
        deal(3, "2027-01-20", "Carol Diaz", 2100, territory="East", fields=seg("SMB")),
        deal(4, "2027-01-25", "Shane Okafor", 1500, territory="East", fields=seg("Enterprise")),
        deal(5, "2027-01-31", "li", 800, territory="East", fields=seg("Mid-Market")),
        deal(6, "2027-02-03", "Carol Diaz", 2000, territory="West", fields=seg("enterprise")),
        deal(7, "2027-02-14", "Li Wei", 600, territory=None, fields=seg("SMB")),
        deal(8, "2027-02-15", "Carol Diaz", 5000, territory="West", fields=seg("Enterprise")),
        deal(9, "2026-12-20", "Shane Okafor", 3000, territory="East", fields=seg("SMB")),
        deal(10, None, "Carol Diaz", None, stage="Negotiation", territory="West", fields=seg("Enterprise"),
             problem="amount '' is not a number"),
        deal(11, "2027-02-10", "Li Wei", None, territory="East", fields=seg("SMB"),
             problem="amount 'n/a' is not a number"),
    ]


def report(deals=None, as_of="2027-02-14", plan_text=CONTRACT_PLAN, rep=None, **fake):
    plan = plan_from(plan_text)
    return track(plan, FakeActuals(contract_deals() if deals is None else deals, **fake),
                 as_of=dt.date.fromisoformat(as_of), rep=rep)


def goal(rep_, goal_id="revenue"):
    return next(g for g in rep_.goals if g.goal == goal_id)


def rep_view(rep_, rep_id, goal_id="revenue"):
    return next(r for r in rep_.reps if r.rep == rep_id and r.goal == goal_id)


def months(rep_, goal_id="revenue"):
    return {m.month: m for m in rep_.months if m.goal == goal_id}


# --------------------------------------------------------------------------- status


@pytest.mark.parametrize("actual, expected, status", [
    ("8400", "8000", "ahead"),        # pace 1.05 exactly: ahead (decimal, not float)
    ("8399.99", "8000", "on_track"),
    ("7600", "8000", "on_track"),     # pace 0.95 exactly: not behind
    ("7599.99", "8000", "behind"),
    ("0", "0", "not_started"),
    ("10", "0", "ahead"),
    ("-10", "0", "behind"),           # only refunds before anything is expected
])
def test_status_boundaries(actual, expected, status):
    assert status_of(D(actual), D(expected), D("0.05")) == status


def test_pace_exactly_one_plus_tolerance_with_thirds():
    # expected 7000/3 (not a finite decimal); 1.05 * 7000/3 = 2450: ahead exactly at 2450
    expected = D(7000) / D(3)
    assert status_of(D(2450), expected, D("0.05")) == "ahead"
    assert status_of(D("2449.99"), expected, D("0.05")) == "on_track"


def test_pace_exactly_one_plus_tolerance_in_a_report():
    # tolerance 10%: as of Feb 14 the team expects 12000; 13200 / 12000 = 1.1 exactly -> ahead
    text = CONTRACT_PLAN.replace('tolerance: "5%"', 'tolerance: "10%"')
    deals = [deal(2, "2027-01-10", "carol", 13200)]
    team = goal(report(deals, plan_text=text))
    assert (team.expected_to_date, team.actual_to_date, team.pace, team.status) == (12000, 13200, D("1.1"), "ahead")
    deals = [deal(2, "2027-01-10", "carol", "13199.99")]
    assert goal(report(deals, plan_text=text)).status == "on_track"


# --------------------------------------------------------------------------- the worked example


def test_contract_example_engine_figures():
    r = report()
    team = goal(r)
    # expected: January 8000 in full + February 8000 * 14/28 = 12000; actual 8400 + 2600 = 11000
    assert (team.target, team.expected_to_date, team.actual_to_date) == (30000, 12000, 11000)
    assert team.status == "behind" and round(team.pace, 4) == D("0.9167")
    assert round(team.attainment, 4) == D("0.3667")  # 11000 / 30000
    assert team.projected == 27500                     # 11000 / 12000 * 30000
    # rest 19000 over Feb 8000 * 14/28 = 4000 and Mar 14000: 19000 * 4/18, 19000 * 14/18
    assert team.needed_per_month == {"2027-02": D("4222.22"), "2027-03": D("14777.78")}
    carol = rep_view(r, "carol")
    # carol: 5000 + 5000 * 14/28 = 7500 expected; 4000 + 2100 + 2000 = 8100 (any region)
    assert (carol.quota, carol.expected_to_date, carol.actual_to_date, carol.pace) == (15000, 7500, 8100, D("1.08"))
    assert (carol.status, carol.attainment, carol.projected) == ("ahead", D("0.54"), 16200)
    west = next(t for t in r.territories if t.territory == "west")
    # west: 60% of each month: 4800 + 4800 * 14/28 = 7200; West rows 4000 + 2000 = 6000
    assert (west.target, west.expected_to_date, west.actual_to_date) == (18000, 7200, 6000)
    assert west.status == "behind" and round(west.pace, 4) == D("0.8333")
    east = next(t for t in r.territories if t.territory == "east")
    # east: 2100 + 1500 + 800 from East rows + Li's 600 with an empty region (Li is in east)
    assert east.actual_to_date == 5000
    january = months(r)["2027-01"]
    assert (january.target, january.actual, january.pace, january.status, january.complete) == (
        8000, 8400, D("1.05"), "ahead", True)
    rows = r.rows
    assert (rows.read, rows.counted, rows.not_won, rows.outside_period, rows.after_as_of, rows.rejected) == (
        10, 6, 1, 1, 1, 1)
    assert [(e.sheet, e.row, e.reason) for e in rows.rejected_examples] == [
        ("Deals", 11, "amount 'n/a' is not a number")]


# --------------------------------------------------------------------------- reps


RAMP_PLAN = CONTRACT_PLAN.replace(
    "    - {id: mia, name: Mia Laurent, role: Sales Ops}\n",
    "    - {id: mia, name: Mia Laurent, role: Sales Ops}\n"
    "    - {id: dana, name: Dana Ruiz, territory: west, start: 2027-02-10, ramp: [0.5]}\n",
).replace("  - {rep: li, monthly: 3000}\n", "  - {rep: li, monthly: 3000}\n  - {rep: dana, monthly: 4000}\n")


def test_rep_starting_mid_period_with_ramp():
    # dana starts 2027-02-10 with ramp [0.5]: Jan 0, Feb 2000 (ramp[0] for the whole start month), Mar 4000
    plan = plan_from(RAMP_PLAN)
    quota = next(q for q in plan.quotas if q.rep == "dana")
    assert derived.effective_quota(plan, quota) == {"2027-01": 0, "2027-02": 2000, "2027-03": 4000}
    deals = [deal(2, "2027-02-11", "Dana Ruiz", 1200)]
    dana = rep_view(report(deals, plan_text=RAMP_PLAN), "dana")
    # expected 0 + 2000 * 14/28 = 1000; 1200 / 1000 = 1.2; projected 1.2 * 6000 = 7200
    assert (dana.quota, dana.expected_to_date, dana.actual_to_date, dana.pace, dana.status) == (
        6000, 1000, 1200, D("1.2"), "ahead")
    assert (dana.attainment, dana.projected) == (D("0.2"), 7200)
    # needed: rest 4800 over Feb 2000 * 14/28 = 1000 and Mar 4000: 960 and 3840
    assert dana.needed_per_month == {"2027-02": 960, "2027-03": 3840}
    # before her first quota month nothing is expected: not started, no pace, no projection
    early = rep_view(report([], as_of="2027-01-20", plan_text=RAMP_PLAN), "dana")
    assert (early.expected_to_date, early.actual_to_date, early.pace, early.projected, early.status) == (
        0, 0, None, None, "not_started")


def test_ramped_rep_against_effective_quota():
    # shane: Jan 3000 + Feb 4500 * 14/28 = 5250 expected; 1500 -> 0.2857 behind
    shane = rep_view(report(), "shane")
    assert (shane.quota, shane.expected_to_date, shane.actual_to_date, shane.status) == (13500, 5250, 1500, "behind")


def test_rep_names_matched_by_mapping_name_or_id_ignoring_case_and_accents():
    deals = [deal(2, "2027-01-05", "carol d.", 100), deal(3, "2027-01-05", "  CAROL DÍAZ ", 200),
             deal(4, "2027-01-05", "Caroline", 400), deal(5, "2027-01-05", "LI", 800),
             deal(6, "2027-01-05", "Carol", 1600)]
    r = report(deals)
    assert rep_view(r, "carol").actual_to_date == 1900  # the mapping, the name, the id
    assert rep_view(r, "li").actual_to_date == 800
    assert r.rows.rejected == 1 and r.rows.rejected_examples[0].reason == "rep 'Caroline' is not in the plan"
    assert any("'Caroline' (1)" in w and "tracking.actuals.reps" in w for w in r.warnings)


# --------------------------------------------------------------------------- as_of


def test_as_of_last_day_of_a_month():
    deals = [d for d in contract_deals() if d.row <= 5]  # January: 8400
    r = report(deals, as_of="2027-01-31")
    team = goal(r)
    assert (team.expected_to_date, team.actual_to_date, team.pace, team.status) == (8000, 8400, D("1.05"), "ahead")
    # January ended with as_of: left out; rest 21600 over Feb 8000 and Mar 14000 -> 7854.55 / 13745.45
    assert team.needed_per_month == {"2027-02": D("7854.55"), "2027-03": D("13745.45")}
    m = months(r)
    assert m["2027-01"].complete and m["2027-01"].status == "ahead"
    assert (m["2027-02"].complete, m["2027-02"].status, m["2027-02"].actual) == (False, "not_started", 0)


def test_as_of_first_day_of_a_month():
    deals = [d for d in contract_deals() if d.row <= 5]  # January: 8400
    team = goal(report(deals, as_of="2027-02-01"))
    # 8000 + 8000 * 1/28 = 8285.714285...
    assert team.expected_to_date == D(8000) + D(8000) / D(28)
    assert team.status == "on_track"  # 8400 / 8285.71 = 1.0138
    # rest 21600 over Feb 8000 * 27/28 = 7714.2857 and Mar 14000 (together 21714.2857):
    # 21600 * 7714.2857 / 21714.2857 = 7673.68 and 21600 * 14000 / 21714.2857 = 13926.32
    assert team.needed_per_month == {"2027-02": D("7673.68"), "2027-03": D("13926.32")}
    feb = months(report(deals, as_of="2027-02-01"))["2027-02"]
    assert (feb.complete, feb.expected, feb.actual, feb.status) == (False, D(8000) / D(28), 0, "behind")


def test_as_of_before_start_is_kept_and_nothing_is_started():
    r = report(as_of="2026-12-15")
    assert r.as_of == dt.date(2026, 12, 15)
    for view in [*r.goals, *r.reps, *r.territories]:
        assert (view.expected_to_date, view.actual_to_date, view.pace, view.projected, view.status) == (
            0, 0, None, None, "not_started")
    assert {m.status for m in r.months} == {"not_started"} and not any(m.complete for m in r.months)
    # the whole target is still ahead, spread as the months' targets
    assert goal(r).needed_per_month == {"2027-01": 8000, "2027-02": 8000, "2027-03": 14000}
    # the December deal lies before the period, every 2027 deal after as_of
    assert (r.rows.counted, r.rows.outside_period, r.rows.after_as_of) == (0, 1, 7)


def test_as_of_after_end_is_clipped():
    r = report(as_of="2027-06-30")
    assert r.as_of == dt.date(2027, 3, 31)
    team = goal(r)
    # everything expected; 11000 + 5000 (the Feb 15 deal now counts) = 16000
    assert (team.expected_to_date, team.actual_to_date, team.needed_per_month) == (30000, 16000, {})
    assert all(m.complete for m in r.months)
    assert r.rows.after_as_of == 0 and r.rows.counted == 7


def test_needed_is_empty_when_the_target_is_met():
    deals = [deal(2, "2027-01-10", "carol", 31000)]
    assert goal(report(deals)).needed_per_month == {}


# --------------------------------------------------------------------------- linear pacing


def test_linear_pacing_for_goals_and_territories_not_reps_or_months():
    text = CONTRACT_PLAN.replace("pacing: targets", "pacing: linear")
    r = report(plan_text=text)
    team = goal(r)
    # 45 of 90 days elapsed: 30000 * 45 / 90 = 15000; 11000 / 15000 = 0.7333
    assert (team.expected_to_date, team.status) == (15000, "behind")
    # rest 19000 over the 45 remaining days: Feb 14 days, Mar 31 days -> 5911.11 / 13088.89
    assert team.needed_per_month == {"2027-02": D("5911.11"), "2027-03": D("13088.89")}
    west = next(t for t in r.territories if t.territory == "west")
    assert west.expected_to_date == 9000  # 18000 * 45 / 90
    assert rep_view(r, "carol").expected_to_date == 7500  # reps keep their monthly figures
    assert months(r)["2027-02"].expected == 4000           # so do months


# --------------------------------------------------------------------------- deals goals, filters, refunds


def test_deals_goal_with_filter_counts_won_rows_of_the_segment():
    logos = goal(report(), "enterprise-logos")
    # Enterprise rows on or before Feb 14: Jan 5, Jan 25, Feb 3 ("enterprise" matches ignoring case) = 3
    # expected 5 + 7 * 14/28 = 8.5; 3 / 8.5 = 0.3529; projected 3 / 8.5 * 20 = 7.0588
    assert (logos.target, logos.expected_to_date, logos.actual_to_date, logos.status) == (20, D("8.5"), 3, "behind")
    assert round(logos.pace, 4) == D("0.3529") and round(logos.projected, 2) == D("7.06")
    # rest 17 over Feb 7 * 14/28 = 3.5 and Mar 8: 5.17 / 11.83 (two decimals)
    assert logos.needed_per_month == {"2027-02": D("5.17"), "2027-03": D("11.83")}


def test_refund_lowers_revenue_and_is_no_deal():
    deals = [deal(2, "2027-01-05", "carol", 4000, fields={"segment": "Enterprise"}),
             deal(3, "2027-01-20", "carol", -500, fields={"segment": "Enterprise"}),
             deal(4, "2027-01-21", "carol", 0, fields={"segment": "Enterprise"})]
    r = report(deals)
    assert goal(r).actual_to_date == 3500
    assert goal(r, "enterprise-logos").actual_to_date == 2  # 4000 and 0 count, the refund does not
    assert months(r)["2027-01"].actual == 3500


def test_default_won_stages_when_the_plan_lists_none():
    text = CONTRACT_PLAN.replace("    won: [Closed Won]\n", "")
    deals = [deal(2, "2027-01-05", "carol", 100, stage="Gagnée"), deal(3, "2027-01-05", "carol", 200, stage="WON"),
             deal(4, "2027-01-05", "carol", 400, stage=" signe "), deal(5, "2027-01-05", "carol", 800,
                                                                         stage="closed won"),
             deal(6, "2027-01-05", "carol", 1600, stage="Closed Lost"), deal(7, None, "carol", None, stage=None)]
    r = report(deals, plan_text=text)
    assert goal(r).actual_to_date == 1500
    assert (r.rows.counted, r.rows.not_won) == (4, 2)


def test_no_stage_column_counts_every_row():
    deals = [deal(2, "2027-01-05", "carol", 100, stage=None), deal(3, "2027-01-06", "carol", 200, stage=None)]
    r = report(deals, has_stage=False)
    assert goal(r).actual_to_date == 300 and r.rows.not_won == 0


# --------------------------------------------------------------------------- territories


def test_unknown_territory_counts_for_team_and_rep_only_with_a_warning():
    deals = [deal(2, "2027-01-05", "carol", 1000, territory="Benelux"),
             deal(3, "2027-01-06", "carol", 500, territory="benelux"),
             deal(4, "2027-01-07", "carol", 250, territory="WEST"),
             deal(5, "2027-03-07", "carol", 250, territory="Nord")]  # after as_of: not in the warning
    r = report(deals)
    assert goal(r).actual_to_date == 1750 and rep_view(r, "carol").actual_to_date == 1750
    assert {t.territory: t.actual_to_date for t in r.territories} == {"west": 250, "east": 0}
    assert r.warnings == ["2 counted rows name a territory that is not in the plan: 'Benelux' (2); they count "
                          "for the team and the rep, for no territory"]


def test_territory_column_decides_over_the_reps_territory():
    deals = [deal(2, "2027-01-05", "carol", 1000, territory="East"), deal(3, "2027-01-05", "li", 10, territory="west")]
    terr = {t.territory: t.actual_to_date for t in report(deals).territories}
    assert terr == {"west": 10, "east": 1000}


# --------------------------------------------------------------------------- currencies


RATES_PLAN = CONTRACT_PLAN.replace("  pacing: targets\n", "  pacing: targets\n  rates: {USD: 0.92}\n")


def test_foreign_currency_with_and_without_rate():
    deals = [deal(2, "2027-01-05", "carol", 1000, currency="USD"), deal(3, "2027-01-06", "carol", 100, currency="EUR"),
             deal(4, "2027-01-07", "carol", 50, currency="GBP")]
    r = report(deals, plan_text=RATES_PLAN)
    assert goal(r).actual_to_date == 1020  # 1000 USD * 0.92 + 100 EUR
    assert r.rows.rejected == 1
    assert r.rows.rejected_examples[0].reason == ("amount in GBP, not the plan's EUR, and tracking.rates gives no "
                                                  "GBP rate")
    r = report(deals)  # no rates at all: USD is rejected too
    assert goal(r).actual_to_date == 100 and r.rows.rejected == 2


def test_plan_without_currency_ignores_marks():
    text = CONTRACT_PLAN.replace("  currency: EUR\n", "")
    deals = [deal(2, "2027-01-05", "carol", 1000, currency="USD"), deal(3, "2027-01-06", "carol", 100, currency="EUR")]
    r = report(deals, plan_text=text)
    assert goal(r).actual_to_date == 1100 and r.currency is None and r.rows.rejected == 0


# --------------------------------------------------------------------------- grids


def test_grid_counts_cells_once_their_month_started_and_does_not_track_deals_goals():
    grid = [deal(2, dt.date(2027, 1, 1), "Carol Diaz", 5000, stage=None, sheet="Grid"),
            deal(2, dt.date(2027, 2, 1), "Carol Diaz", 3000, stage=None, sheet="Grid"),
            deal(2, dt.date(2027, 3, 1), "Carol Diaz", 2000, stage=None, sheet="Grid"),
            deal(3, dt.date(2027, 1, 1), "Li Wei", 0, stage=None, sheet="Grid"),
            deal(3, dt.date(2026, 12, 1), "Li Wei", 700, stage=None, sheet="Grid")]
    r = report(grid, layout="grid", has_stage=False)
    team = goal(r)
    # Jan and Feb cells count on Feb 14 (Feb started), March's does not yet
    assert (team.expected_to_date, team.actual_to_date, team.status) == (12000, 8000, "behind")
    assert (r.rows.read, r.rows.counted, r.rows.after_as_of, r.rows.outside_period) == (5, 3, 1, 1)
    logos = goal(r, "enterprise-logos")
    assert (logos.status, logos.target) == ("not_tracked", 20)
    assert (logos.expected_to_date, logos.actual_to_date, logos.pace, logos.attainment, logos.projected,
            logos.needed_per_month) == (None,) * 6
    assert {m.status for m in r.months if m.goal == "enterprise-logos"} == {"not_tracked"}
    assert any("enterprise-logos" in w and "not tracked" in w for w in r.warnings)
    # on the first day of March the March cell counts
    assert goal(report(grid, as_of="2027-03-01", layout="grid", has_stage=False)).actual_to_date == 10000


# --------------------------------------------------------------------------- --rep


def test_rep_narrows_the_report():
    r = report(rep="shane")
    assert r.goals == [] and r.territories == []
    assert [(v.rep, v.goal) for v in r.reps] == [("shane", "revenue")]
    # shane's months against his effective quota: Jan 3000 (ramp 0.5), Feb 4500 (0.75), Mar 6000
    assert [(m.month, m.target, m.actual, m.status, m.rep) for m in r.months] == [
        ("2027-01", 3000, 1500, "behind", "shane"), ("2027-02", 4500, 0, "behind", "shane"),
        ("2027-03", 6000, 0, "not_started", "shane")]
    assert r.rows.read == 10 and r.rows.counted == 6  # rows still describe the whole file


def test_unknown_rep_and_rep_without_quota():
    plan = plan_from()
    with pytest.raises(UnknownRep, match=r"--rep carl: no member of the plan has this id \(did you mean 'carol'\?\)"):
        check_rep(plan, "carl")
    with pytest.raises(UnknownRep, match="Mia Laurent carries no quota"):
        check_rep(plan, "mia")
    assert check_rep(plan, "Carol Diaz") == "carol"


# --------------------------------------------------------------------------- counters


def test_counters_partition_the_rows_in_order_of_precedence():
    deals = [
        deal(2, None, "nobody", None, stage="Contract Sent", problem="amount 'x' is not a number"),  # not_won
        deal(3, "2026-12-01", "nobody", 10),                          # rejected (rep) before outside_period
        deal(4, "2027-05-01", "carol", None, problem="amount '?' is not a number"),  # rejected (amount)
        deal(5, "2026-12-31", "carol", 10),                           # outside_period
        deal(6, "2027-04-01", "carol", 10),                           # outside_period (after the end)
        deal(7, "2027-02-15", "carol", 10),                           # after_as_of
        deal(8, "2027-02-14", "carol", 10),                           # counted
        deal(9, "31/02/2027", "carol", 10),                           # rejected (date text)
        deal(10, None, "carol", 10),                                  # rejected (empty date)
        deal(11, "2027-01-05", "", 10),                               # rejected (empty rep)
        deal(12, "03/02/2027", "carol", 10),                          # counted (day first: Feb 3)
    ]
    r = report(deals)
    c = r.rows
    assert (c.read, c.not_won, c.rejected, c.outside_period, c.after_as_of, c.counted) == (11, 1, 5, 2, 1, 2)
    assert c.read == c.counted + c.not_won + c.outside_period + c.after_as_of + c.rejected
    assert [(e.row, e.reason) for e in c.rejected_examples] == [
        (3, "rep 'nobody' is not in the plan"),
        (4, "amount '?' is not a number"),
        (9, "date '31/02/2027' is not a date"),   # found after reading, shown in row order
        (10, "date is empty"),
        (11, "rep is empty"),
    ]


def test_rejected_examples_are_the_first_five_in_row_order():
    deals = [deal(n, "2027-01-05", f"ghost {n}", 10) for n in range(30, 20, -1)]
    deals += [deal(n, "99/99/2027", "carol", 10) for n in (2, 40)]
    c = report(deals).rows
    assert c.rejected == 12
    assert [e.row for e in c.rejected_examples] == [2, 21, 22, 23, 24]


def test_goal_filters_do_not_change_the_counters():
    deals = [deal(2, "2027-01-05", "carol", 10, fields={"segment": "SMB"})]
    assert report(deals).rows.counted == 1


def test_day_first_setting_of_the_plan_decides_text_dates():
    text = CONTRACT_PLAN.replace("    won: [Closed Won]\n", "    won: [Closed Won]\n    day_first: false\n")
    deals = [deal(2, "02/03/2027", "carol", 10)]  # month first: Feb 3
    r = report(deals, plan_text=text, as_of="2027-02-10")
    assert r.rows.counted == 1 and months(r)["2027-02"].actual == 10
    r = report([deal(2, "25/01/2027", "carol", 10)], plan_text=text)
    assert r.rows.rejected_examples[0].reason == (
        "date '25/01/2027' is not a date month first (tracking.actuals.day_first)")


def test_tally_streams_into_compact_buckets():
    # 5000 rows on 3 days by 2 reps: a handful of buckets, not one object per row
    plan = plan_from()
    tally = Tally(plan, has_stage=True)
    rows = (deal(n, dt.date(2027, 1, 1 + n % 3), ("Carol Diaz", "Li Wei")[n % 2], 10) for n in range(2, 5002))
    tally.add(rows)
    assert len(tally.buckets) == 6 and tally.counts.read == 5000
    r = build_report(plan, tally.resolve_dates(NO_TEXT_DATES), as_of=dt.date(2027, 2, 14))
    assert goal(r).actual_to_date == 50000


PARTIAL_PLAN = """\
plan: {title: Spring push, company: Northwind, start: 2027-01-15, end: 2027-03-14, currency: EUR}
mission: {statement: Sell.}
team:
  members: [{id: carol, name: Carol Diaz}]
goals:
  - {id: revenue, target: 5900, monthly: {2027-01: 1700, 2027-02: 2800, 2027-03: 1400}}
"""


@pytest.mark.parametrize("as_of, expected", [
    ("2027-01-20", 600),    # 6 of January's 17 days inside the period: 1700 * 6/17
    ("2027-01-31", 1700),   # January's part of the period has ended
    ("2027-02-14", 3100),   # 1700 + 2800 * 14/28
    ("2027-03-14", 5900),   # the end: everything
])
def test_months_partly_inside_the_period_pace_on_their_days_inside(as_of, expected):
    team = goal(report([], as_of=as_of, plan_text=PARTIAL_PLAN))
    assert team.expected_to_date == expected
    linear = goal(report([], as_of=as_of, plan_text=PARTIAL_PLAN.replace(
        "goals:", "tracking: {pacing: linear}\ngoals:")))
    assert linear.expected_to_date == D(5900) * ((dt.date.fromisoformat(as_of) - dt.date(2027, 1, 14)).days) / 59


def test_progress_is_reported_while_streaming():
    plan = plan_from()
    seen = []
    rows = (deal(n, dt.date(2027, 1, 5), "carol", 1) for n in range(2, 140_002))
    Tally(plan, has_stage=True, as_of=dt.date(2027, 2, 14)).add(rows, progress=seen.append)
    assert seen == [65_536, 131_072]


def test_a_tally_made_for_one_date_refuses_another():
    plan = plan_from()
    tally = Tally(plan, has_stage=True, as_of=dt.date(2027, 2, 14)).add([])
    with pytest.raises(ValueError, match="tallied as of 2027-02-14"):
        build_report(plan, tally.resolve_dates(NO_TEXT_DATES), as_of=dt.date(2027, 2, 15))
    # a tally without as_of keeps dates and serves any date
    tally = Tally(plan, has_stage=True).add(contract_deals()).resolve_dates(NO_TEXT_DATES)
    assert goal(build_report(plan, tally, as_of=dt.date(2027, 2, 14))).actual_to_date == 11000
    assert goal(build_report(plan, tally, as_of=dt.date(2027, 3, 31))).actual_to_date == 16000


def test_date_texts_with_times_share_their_buckets():
    # 6000 distinct spellings of two ambiguous days (05/02 and 02/05) with times: 2 pending buckets
    plan = plan_from()
    tally = Tally(plan, has_stage=True, as_of=dt.date(2027, 3, 31))
    def spelling(n: int) -> str:
        day = "05/02/2027" if n % 2 else "02/05/2027"
        return f"{day} {n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}"

    rows = (deal(n, spelling(n), "carol", 1) for n in range(2, 6002))
    tally.add(rows)
    assert len(tally.buckets) == 2
    tally.resolve_dates(DateResolvers(lambda text: FakeActuals([]).parse_date(text.split()[0])))  # day first
    assert {when for when, _ in tally.buckets} == {1, OUTSIDE}  # February (month index 1), after the end
    r = build_report(plan, tally, as_of=dt.date(2027, 3, 31))
    # day first: 05/02 is Feb 5 (in the period), 02/05 is May 2 (after the end)
    assert months(r)["2027-02"].actual == 3000 and r.rows.outside_period == 3000

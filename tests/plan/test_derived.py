"""Derived numbers against figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

from salesplan.plan import derived
from salesplan.plan import load_plan_text
from tests.conftest import NORTHWIND
from salesplan.plan import load_plan


def plan_from(text: str):
    result = load_plan_text(text, "test.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.plan


def northwind():
    return load_plan(NORTHWIND).plan


def test_northwind_monthly_targets_roll_ups_and_cumulative():
    plan = northwind()
    revenue = plan.goal("revenue")
    targets = derived.monthly_targets(plan, revenue)
    assert targets == {"2027-01": D(8000), "2027-02": D(8000), "2027-03": D(14000)}
    # 8000, 8000+8000, 16000+14000
    assert derived.cumulative(targets) == {"2027-01": D(8000), "2027-02": D(16000), "2027-03": D(30000)}
    assert derived.quarterly(targets) == {"2027-Q1": D(30000)}


def test_ramped_rep_starting_before_the_period():
    # shane starts 2026-12-01 with ramp [0.25, 0.5, 0.75]: Dec = ramp[0], Jan = ramp[1] ...
    # 6000 * 0.5 = 3000 in Jan, 6000 * 0.75 = 4500 in Feb, full 6000 in Mar.
    plan = northwind()
    shane = next(q for q in plan.quotas if q.rep == "shane")
    assert derived.effective_quota(plan, shane) == {"2027-01": D(3000), "2027-02": D(4500), "2027-03": D(6000)}


def test_quota_totals_and_over_assignment():
    # carol 5000 + shane (3000, 4500, 6000) + li 3000 = 11000, 12500, 14000
    plan = northwind()
    revenue = plan.goal("revenue")
    assert derived.quota_totals(plan, revenue) == {"2027-01": D(11000), "2027-02": D(12500), "2027-03": D(14000)}
    # 11000 / 8000 = 1.375; 12500 / 8000 = 1.5625; 14000 / 14000 = 1
    assert derived.over_assignment(plan, revenue) == {"2027-01": D("1.375"), "2027-02": D("1.5625"), "2027-03": D(1)}


def test_reverse_funnel_rounds_up_at_every_stage():
    # Jan: 8000 / 3000 = 2.67 -> 3 won; 3 / 0.5 = 6 opportunities; 6 / 0.4 = 15 qualified; 15 / 0.25 = 60 leads.
    # Mar: 14000 / 3000 = 4.67 -> 5 won; 10 opportunities; 25 qualified; 100 leads.
    rows = derived.reverse_funnel(northwind())
    assert [r.stage for r in rows] == ["Leads", "Qualified leads", "Opportunities", "Won"]
    assert [r.by_month["2027-01"] for r in rows] == [60, 15, 6, 3]
    assert [r.by_month["2027-03"] for r in rows] == [100, 25, 10, 5]
    assert rows[-1].months_sum == 11  # 3 + 3 + 5: each month rounded up on its own
    # the period from its whole target: 30000 / 3000 = 10 won deals, then 20, 50, 200
    assert [r.total for r in rows] == [200, 50, 20, 10]


def test_budget_totals_ratio_and_cost_per_won_deal():
    # 18000 + 1500 + 2700 + 600 + 500 + 1200 + 300 = 24800; 24800 / 30000 = 0.82666...
    # cost per won deal: 24800 / 10 deals (the period's won deals) = 2480
    summary = derived.budget_summary(northwind())
    assert summary.total == D(24800)
    assert summary.ratio_to_revenue.quantize(D("0.0001")) == D("0.8267")
    assert summary.cost_per_won_deal == D("2480")
    assert summary.deals == 10
    # one Sales Development Rep from 2027-02-01 at 2100 a month: February and March = 4200
    assert summary.hires_cost == D(4200) and summary.total_with_hires == D(29000)
    assert summary.revenue_per_cost.quantize(D("0.01")) == D("1.21")  # 30000 / 24800
    assert summary.by_category["compensation"] == D(18000)


PLAN_6_MONTHS = """
plan: {title: T, company: C, start: 2027-01-01, end: 2027-06-30}
mission: {statement: S}
team:
  members:
    - {id: ana, name: Ana, start: 2027-03-15, ramp: [0.2, "60%"]}
    - {id: bo, name: Bo}
goals:
  - id: revenue
    target: 100000
quotas:
  - {rep: ana, monthly: 10000}
  - {rep: bo, monthly: {2027-01: 1000, 2027-02: 2000, 2027-03: 3000, 2027-04: 4000, 2027-05: 5000, 2027-06: 6000}}
  - {rep: bo, goal: logos, monthly: 1}
"""


def test_rep_starting_mid_period_mid_month():
    # ana starts 2027-03-15: nothing in Jan, Feb; ramp[0] = 0.2 for the whole of March (2000),
    # ramp[1] = 60% in April (6000), full 10000 from May.
    plan = plan_from(PLAN_6_MONTHS.replace("    target: 100000", "    target: 100000\n  - {id: logos, metric: deals, target: 7}"))
    ana = plan.quotas[0]
    assert list(derived.effective_quota(plan, ana).values()) == [0, 0, D(2000), D(6000), D(10000), D(10000)]


def test_quota_written_month_by_month_is_taken_as_written():
    plan = plan_from(PLAN_6_MONTHS.replace("    target: 100000", "    target: 100000\n  - {id: logos, metric: deals, target: 7}"))
    bo = plan.quotas[1]
    assert list(derived.effective_quota(plan, bo).values()) == [D(n) for n in (1000, 2000, 3000, 4000, 5000, 6000)]


def test_uneven_spread_adds_up_exactly():
    # 100000 / 6 = 16666.666...: five months of 16666.67 would overshoot; largest remainder gives
    # 16666.67 to the first four months (remainders tie, earliest first) and 16666.66 to the last two.
    plan = plan_from(PLAN_6_MONTHS.replace("    target: 100000", "    target: 100000\n  - {id: logos, metric: deals, target: 7}"))
    targets = derived.monthly_targets(plan, plan.goal("revenue"))
    assert list(targets.values()) == [D("16666.67")] * 4 + [D("16666.66")] * 2
    assert sum(targets.values()) == D(100000)
    # 7 deals over 6 months in whole deals: 2 in January, 1 in every other month
    logos = derived.monthly_targets(plan, plan.goal("logos"))
    assert list(logos.values()) == [2, 1, 1, 1, 1, 1]


def test_quota_goal_defaults_to_priority_one():
    plan = plan_from(PLAN_6_MONTHS.replace("    target: 100000", "    target: 100000\n  - {id: logos, metric: deals, target: 7}"))
    assert derived.quota_goal(plan, plan.quotas[0]).id == "revenue"
    assert derived.quota_goal(plan, plan.quotas[2]).id == "logos"
    assert [q.rep for q in derived.quotas_for_goal(plan, plan.goal("logos"))] == ["bo"]


def test_territory_split_and_monthly_share():
    # west 18000 of 30000 = 60%; its months are 60% of 8000, 8000, 14000 = 4800, 4800, 8400
    plan = northwind()
    revenue = plan.goal("revenue")
    assert derived.territory_split(revenue)["west"] == (D(18000), D("0.6"))
    assert list(derived.territory_monthly_targets(plan, revenue, "west").values()) == [D(4800), D(4800), D(8400)]


def test_months_between_touches_partial_months():
    import datetime as dt

    assert derived.months_between(dt.date(2026, 11, 15), dt.date(2027, 2, 1)) == ["2026-11", "2026-12", "2027-01", "2027-02"]

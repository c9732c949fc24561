"""Invariants, checked with hypothesis over many generated inputs."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from salesplan.plan import derived
from salesplan.plan import load_plan_text
from salesplan.plan.starter import starter_plan

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("10000000"), places=2)


@given(total=amounts, weights=st.lists(st.decimals(min_value=0, max_value=1000, places=3), min_size=1, max_size=36))
def test_spread_adds_up_to_the_total(total, weights):
    parts = derived.spread(total, weights)
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)


@given(
    target=st.integers(min_value=1, max_value=10**9),
    months=st.integers(min_value=1, max_value=36),
    metric=st.sampled_from(["revenue", "deals"]),
)
@settings(max_examples=60, deadline=None)
def test_monthly_targets_add_up_to_the_target(target, months, metric):
    end_year, end_month = 2027 + (months - 1) // 12, (months - 1) % 12 + 1
    text = f"""
plan: {{title: T, company: C, start: 2027-01-01, end: {end_year}-{end_month:02d}-28}}
mission: {{statement: S}}
goals: [{{id: g, metric: {metric}, target: {target}}}]
"""
    result = load_plan_text(text)
    assert result.ok
    targets = derived.monthly_targets(result.plan, result.plan.goals[0])
    assert len(targets) == months
    assert sum(targets.values()) == target


@given(
    ramp=st.lists(st.decimals(min_value=0, max_value=1, places=2), max_size=6),
    start_month=st.integers(min_value=1, max_value=12),
    quota=st.integers(min_value=1, max_value=10**6),
)
@settings(max_examples=80, deadline=None)
def test_effective_quota_never_exceeds_full_quota(ramp, start_month, quota):
    ramp_text = "[" + ", ".join(str(r) for r in ramp) + "]"
    text = f"""
plan: {{title: T, company: C, start: 2027-01-01, end: 2027-12-31}}
mission: {{statement: S}}
team:
  members: [{{id: rep, name: Rep, start: 2027-{start_month:02d}-10, ramp: {ramp_text}}}]
goals: [{{id: g, target: 1}}]
quotas: [{{rep: rep, monthly: {quota}}}]
"""
    result = load_plan_text(text)
    assert result.ok, [d.format() for d in result.diagnostics]
    plan = result.plan
    effective = derived.effective_quota(plan, plan.quotas[0])
    full = derived.full_quota(plan, plan.quotas[0])
    for month in effective:
        assert 0 <= effective[month] <= full[month]
        if month < f"2027-{start_month:02d}":
            assert effective[month] == 0


@given(
    language=st.sampled_from(["en", "fr"]),
    kind=st.sampled_from(["annual", "30-60-90", "marketing-aligned", "business-development", "market-expansion",
                          "new-product"]),
    year=st.integers(min_value=2001, max_value=2098),
)
@settings(max_examples=40, deadline=None)
def test_a_plan_written_by_init_always_validates_without_warning(language, kind, year):
    result = load_plan_text(starter_plan(language, kind=kind, year=year))
    assert result.ok and not result.diagnostics, [d.format() for d in result.diagnostics]
    assert result.plan.plan.kind == kind
    assert result.plan.plan.start.year == year

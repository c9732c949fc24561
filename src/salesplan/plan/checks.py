"""Cross-checks of a plan that validated against the model: references, sums, periods.

Every rule of ``plan-format.md`` that involves more than one value lives here. Each check
yields :class:`Diagnostic` objects pointing at the second place involved (the ``monthly``
mapping for a sum, the second occurrence of a duplicate, ``plan.end`` before ``plan.start``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Iterable, Iterator

from salesplan.plan import derived
from salesplan.plan.diagnostics import Diagnostic, Path, Severity, dotted, num, suggestion
from salesplan.plan.model import Plan
from salesplan.text import fold
from salesplan.plan.yamlio import Positions


class _Reporter:
    def __init__(self, file: str, positions: Positions, data: Any = None):
        self.file = file
        self.positions = positions
        self.data = data
        self.found: list[Diagnostic] = []

    def raw(self, path: Path) -> Any:
        """The value as written in the file (None when absent)."""
        node = self.data
        for item in path:
            try:
                node = node[item]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def at(self, severity: Severity, path: Path, message: str, *, key: bool = False) -> None:
        line, col = self.positions.of_key(path) if key else self.positions.of_value(path)
        self.found.append(Diagnostic(self.file, line, col, severity, dotted(path), message))

    def error(self, path: Path, message: str, *, key: bool = False) -> None:
        self.at("error", path, message, key=key)

    def warning(self, path: Path, message: str, *, key: bool = False) -> None:
        self.at("warning", path, message, key=key)


def cross_check(plan: Plan, data: dict[str, Any], positions: Positions, file: str) -> list[Diagnostic]:
    """Every cross-check error and warning of the plan, in no particular order."""
    report = _Reporter(file, positions, data)
    checks = [_period, _ids, _references, _funnel, _promotions]
    if plan.plan.start <= plan.plan.end:  # the month checks need a period to compare with
        checks += [_months, _goals, _dates]
    for check in checks:
        check(plan, report)
    found = concerns(plan)
    short: dict[str, list[Concern]] = {}
    for concern in found:
        if concern.kind == "quota_short":
            short.setdefault(concern.values["goal"].id, []).append(concern)
    for concern in found:
        months = short.get(concern.values["goal"].id, []) if concern.kind == "quota_short" else []
        if len(months) > 1:  # one warning per goal, listing the months
            if concern is months[0]:
                _quota_shortfall(report, months)
            continue
        report.warning(concern.path, message(concern), key=concern.key)
    return report.found


def _quota_shortfall(report: _Reporter, months: list[Concern]) -> None:
    """A goal's rep quotas below the team target in several months: one warning naming them all."""
    first = months[0]
    path = first.path[:-1] if first.key else first.path
    line, col = report.positions.of_key(first.path) if first.key else report.positions.of_value(path)
    listed = ", ".join(f"{c.values['month']} {num(c.values['quotas'])} of {num(c.values['target'])} "
                       f"({c.values['ratio']:.0%})" for c in months)
    report.found.append(Diagnostic(report.file, line, col, "warning", dotted(path),
                                   f"rep quotas fall short of the team target in {len(months)} months: {listed}; "
                                   "the goal cannot be met even if every rep makes quota"))


# --------------------------------------------------------------------------- warnings as data


@dataclass(frozen=True)
class Concern:
    """A warning about the plan's numbers or dates, as data.

    ``salesplan validate`` prints it with :func:`message` (file, line, English); the Word plan
    says it in its own language under "Points to watch" from ``kind`` and ``values``:

    * ``spread_evenly``: goal, months;
    * ``territories_sum``: goal, total, target;
    * ``quota_short``: goal, month, quotas, target, ratio (one per month short);
    * ``budget_above_target``: goal, total, target;
    * ``due_after_end``: task, due, end;
    * ``hire_outside``: role, start, first, last.
    """

    kind: str
    path: Path
    values: dict[str, Any] = field(default_factory=dict, hash=False)
    key: bool = False  # the message points at the key of ``path`` rather than its value


def concerns(plan: Plan) -> list[Concern]:
    """Every warning of the plan (none of its errors), as :class:`Concern` data, in plan order."""
    if plan.plan.start > plan.plan.end:
        return []
    found: list[Concern] = []
    for check in (_goal_concerns, _quota_concerns, _budget_concerns, _date_concerns):
        found += check(plan)
    return found


def message(concern: Concern) -> str:
    """The English sentence ``validate`` prints for a concern."""
    v = concern.values
    kind = concern.kind
    if kind == "spread_evenly":
        return (f"goal '{v['goal'].id}' has no monthly breakdown; "
                f"its target is spread evenly over the {v['months']} months of the period")
    if kind == "territories_sum":
        return (f"territory sub-goals add up to {num(v['total'])}, target is {num(v['target'])} "
                f"({_diff(v['total'], v['target'])})")
    if kind == "quota_short":
        return (("" if concern.key else f"{v['month']}: ") + f"rep quotas add up to {num(v['quotas'])}, below the "
                f"team target {num(v['target'])} (over-assignment {v['ratio']:.0%}); the goal cannot be met even "
                "if every rep makes quota")
    if kind == "budget_above_target":
        return (f"budget total {num(v['total'])} is above the revenue target {num(v['target'])} of goal "
                f"'{v['goal'].id}': the plan costs more than it brings in")
    if kind == "due_after_end":
        return f"due {v['due']}, after the plan ends ({v['end']})"
    if kind == "hire_outside":
        return f"hire starts {v['start']}, outside the plan period ({v['first']} .. {v['last']})"
    raise ValueError(f"unknown concern {kind!r}")


# --------------------------------------------------------------------------- helpers


def _duplicates(items: Iterable[tuple[Path, str]]) -> Iterator[tuple[Path, str]]:
    seen: set[str] = set()
    for path, value in items:
        if value in seen:
            yield path, value
        seen.add(value)


def _known(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _diff(total: Decimal, target: Decimal) -> str:
    gap = total - target
    return f"short by {num(-gap)}" if gap < 0 else f"over by {num(gap)}"


# --------------------------------------------------------------------------- checks


def _period(plan: Plan, report: _Reporter) -> None:
    if plan.plan.end < plan.plan.start:
        report.error(("plan", "end"), f"the plan ends ({plan.plan.end}) before it starts ({plan.plan.start})")


def _ids(plan: Plan, report: _Reporter) -> None:
    lists = [
        ("territory", [(("team", "territories", i, "id"), t.id) for i, t in enumerate(plan.territories)]),
        ("member", [(("team", "members", i, "id"), m.id) for i, m in enumerate(plan.members)]),
        ("goal", [(("goals", i, "id"), g.id) for i, g in enumerate(plan.goals)]),
    ]
    for what, items in lists:
        for path, value in _duplicates(items):
            report.error(path, f"duplicate {what} id '{value}'; ids must be unique")
    priorities = [(("goals", i, "priority"), str(g.priority)) for i, g in enumerate(plan.goals) if g.priority is not None]
    for path, value in _duplicates(priorities):
        first = next(g for g in plan.goals if str(g.priority) == value)
        report.error(path, f"priority {value} is already given to goal '{first.id}'; each goal needs its own priority")
    quota_keys = [
        (("quotas", i, "rep"), f"{q.rep}/{derived.quota_goal(plan, q).id}") for i, q in enumerate(plan.quotas or [])
    ]
    for path, value in _duplicates(quota_keys):
        rep, goal = value.split("/", 1)
        report.error(path, f"rep '{rep}' already has a quota for goal '{goal}'")


def _references(plan: Plan, report: _Reporter) -> None:
    territories = _known(t.id for t in plan.territories)
    members = _known(m.id for m in plan.members)
    goals = _known(g.id for g in plan.goals)

    known_sets = {id(territories): set(territories), id(members): set(members), id(goals): set(goals)}

    names = {fold(m.name): m.id for m in plan.members}
    names.update({fold(t.name): t.id for t in plan.territories})

    def check(path: Path, value: str | None, known: list[str], what: str, *, key: bool = False) -> None:
        if value is not None and value not in known_sets[id(known)]:
            named = names.get(fold(value))
            hint = (f" (did you mean '{named}'? '{value}' is the {what}'s name; quotas and references use its id)"
                    if named in known_sets[id(known)] else suggestion(value, known))
            report.error(path, f"unknown {what} '{value}'" + hint, key=key)

    for i, member in enumerate(plan.members):
        check(("team", "members", i, "territory"), member.territory, territories, "territory")
    for i, hire in enumerate(plan.team.hires if plan.team else []):
        check(("team", "hires", i, "territory"), hire.territory, territories, "territory")
    for i, quota in enumerate(plan.quotas or []):
        check(("quotas", i, "rep"), quota.rep, members, "member")
        check(("quotas", i, "goal"), quota.goal, goals, "goal")
    for i, goal in enumerate(plan.goals):
        for tid in goal.territories or {}:
            check(("goals", i, "territories", tid), tid, territories, "territory", key=True)
    for i, action in enumerate(plan.actions or []):
        check(("actions", i, "goal"), action.goal, goals, "goal")
    actuals = plan.tracking.actuals if plan.tracking else None
    for name, member_id in (actuals.reps if actuals else {}).items():
        check(("tracking", "actuals", "reps", name), member_id, members, "member")


def _months(plan: Plan, report: _Reporter) -> None:
    period = derived.plan_months(plan)
    inside = set(period)
    span = f"{period[0]} .. {period[-1]}" if period else "empty"

    def check_mapping(path: Path, mapping: dict[str, Decimal]) -> None:
        for month in mapping:
            if month not in inside:
                report.error(path + (month,), f"month {month} is outside the plan period ({span})", key=True)
        missing = [m for m in period if m not in mapping]
        if missing:
            shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
            report.error(path, f"leaves out {shown}; give a figure for every month of the period ({span})")

    for i, goal in enumerate(plan.goals):
        if goal.monthly is not None:
            check_mapping(("goals", i, "monthly"), goal.monthly)
    for i, quota in enumerate(plan.quotas or []):
        if isinstance(quota.monthly, dict):
            check_mapping(("quotas", i, "monthly"), quota.monthly)


def _goals(plan: Plan, report: _Reporter) -> None:
    for i, goal in enumerate(plan.goals):
        if goal.monthly is not None:
            total = sum((v for m, v in goal.monthly.items()), Decimal(0))
            if total != goal.target:
                report.error(("goals", i, "monthly"),
                             f"adds up to {num(total)}, target is {num(goal.target)} ({_diff(total, goal.target)})")


def _goal_concerns(plan: Plan) -> list[Concern]:
    months = derived.plan_months(plan)
    found = []
    for i, goal in enumerate(plan.goals):
        if goal.monthly is None:
            found.append(Concern("spread_evenly", ("goals", i), {"goal": goal, "months": len(months)}))
        if goal.territories:
            total = sum(goal.territories.values(), Decimal(0))
            if total != goal.target:
                found.append(Concern("territories_sum", ("goals", i, "territories"),
                                     {"goal": goal, "total": total, "target": goal.target}))
    return found


def _funnel(plan: Plan, report: _Reporter) -> None:
    funnel = plan.prospecting.funnel if plan.prospecting else None
    if funnel is None:
        return
    for i, stage in enumerate(funnel.stages[:-1]):
        path = ("prospecting", "funnel", "stages", i)
        if stage.conversion is None:
            report.error(path, f"stage '{stage.name}' needs a conversion (the share that reaches the next stage)")
        elif stage.conversion == 0:
            report.error(path + ("conversion",), f"a conversion of 0 means no '{stage.name}' ever moves on; "
                         "give a share above 0")


def _dates(plan: Plan, report: _Reporter) -> None:
    for i, promo in enumerate(plan.marketing.promotions if plan.marketing else []):
        if promo.end and promo.end < promo.start:
            report.error(("marketing", "promotions", i, "end"), f"the promotion ends ({promo.end}) before it starts ({promo.start})")


def _date_concerns(plan: Plan) -> list[Concern]:
    start, end = plan.plan.start, plan.plan.end
    found = []
    for a, action in enumerate(plan.actions or []):
        for i, initiative in enumerate(action.initiatives):
            if initiative.due and initiative.due > end:
                found.append(Concern("due_after_end", ("actions", a, "initiatives", i, "due"),
                                     {"task": initiative.task, "due": initiative.due, "end": end}))
    for i, hire in enumerate(plan.team.hires if plan.team else []):
        if not start <= hire.start <= end:
            found.append(Concern("hire_outside", ("team", "hires", i, "start"),
                                 {"role": hire.role, "start": hire.start, "first": start, "last": end}))
    return found


def _quota_concerns(plan: Plan) -> list[Concern]:
    found = []
    for i, goal in enumerate(plan.goals):
        if not derived.quotas_for_goal(plan, goal):
            continue
        targets = derived.monthly_targets(plan, goal)
        totals = derived.quota_totals(plan, goal)
        for month, target in targets.items():
            if totals[month] < target:
                at_month = bool(goal.monthly) and month in goal.monthly  # type: ignore[operator]
                path: Path = ("goals", i, "monthly", month) if at_month else ("goals", i)
                found.append(Concern("quota_short", path, {
                    "goal": goal, "month": month, "quotas": totals[month], "target": target,
                    "ratio": totals[month] / target}, key=at_month))
    return found


def _promotions(plan: Plan, report: _Reporter) -> None:
    """An expected impact beyond +-100% is most likely a percentage written as a whole number."""
    for i, promo in enumerate(plan.marketing.promotions if plan.marketing else []):
        impact = promo.expected_impact
        if impact is None or abs(impact) <= 1:
            continue
        path = ("marketing", "promotions", i, "expected_impact")
        shown = f"{impact * 100:+.0f}%"
        if report.raw(path) is not None and not isinstance(report.raw(path), str):
            written = num(impact)
            report.warning(path, f"{written} means {shown}; write {num(impact / 100):0<4} or \"{written}%\"")
        else:
            report.warning(path, f"an expected change of {shown} is more than doubling or losing every sale; "
                           "check the figure")


def _budget_concerns(plan: Plan) -> list[Concern]:
    if not plan.budget:
        return []
    summary = derived.budget_summary(plan)
    goal = derived.revenue_goal(plan)
    if goal is not None and summary.total > goal.target:
        return [Concern("budget_above_target", ("budget",), {"goal": goal, "total": summary.total,
                                                              "target": goal.target})]
    return []

"""The rules that match a spreadsheet row to the plan: rep, territory, stage, goal filters.

Names are compared folded (ignoring case, accents and surrounding spaces). A :class:`Matcher`
holds the plan's look-up tables; the tallies keep their own caches per distinct spelling, so
each spelling is matched once however many rows repeat it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from salesplan.errors import SalesplanError
from salesplan.plan.model import Plan
from salesplan.text import fold

__all__ = ["DEFAULT_WON_STAGES", "LOST_STAGES", "Credit", "Matcher", "Stage", "UnknownRep", "check_rep",
           "count_unknown", "filter_columns", "missing_rate", "rep_lookup", "rep_names", "territory_lookup", "won_stages"]

DEFAULT_WON_STAGES = ("Closed Won", "Won", "Gagné", "Gagnée", "Signé")
"""Stages that count when the file has a stage column and the plan lists no ``won`` stages."""

LOST_STAGES = ("Closed Lost", "Lost", "Perdu", "Perdue")
"""Stages of lost deals (compared ignoring case and accents); every other stage is open."""

UNKNOWN_KEPT = 1000
"""Distinct unknown rep / territory spellings remembered for the warnings."""

Credit = tuple[str, Any, int]
"""Who a won row counts for: (member id, territory, goal-filter mask); see :meth:`Matcher.credit`."""


class Stage(IntEnum):
    """What a row's stage says of the deal."""

    WON = 1
    LOST = 2
    OPEN = 3


class UnknownRep(SalesplanError, LookupError):
    """``--rep`` names no member of the plan; ``str()`` says so with a suggestion."""


def rep_lookup(plan: Plan) -> dict[str, str]:
    """Folded spreadsheet name -> member id: member ids, then names, then ``tracking.actuals.reps``.

    Later sources win, so an explicit mapping in the plan always decides.
    """
    lookup: dict[str, str] = {}
    for member in plan.members:
        lookup[fold(member.id)] = member.id
    for member in plan.members:
        lookup[fold(member.name)] = member.id
    actuals = plan.tracking_settings.actuals
    for name, member_id in (actuals.reps if actuals else {}).items():
        lookup[fold(name)] = member_id
    return lookup


def rep_names(plan: Plan) -> list[str]:
    """Every spelling a rep may have in a spreadsheet (the readers use them to spot a grid's rep column)."""
    actuals = plan.tracking_settings.actuals
    names = [m.name for m in plan.members] + [m.id for m in plan.members]
    names += list(actuals.reps) if actuals else []
    return list(dict.fromkeys(names))


def territory_lookup(plan: Plan) -> dict[str, str]:
    """Folded territory id or name -> territory id."""
    lookup: dict[str, str] = {}
    for territory in plan.territories:
        lookup[fold(territory.id)] = territory.id
    for territory in plan.territories:
        lookup[fold(territory.name)] = territory.id
    return lookup


def won_stages(plan: Plan | None) -> frozenset[str]:
    """The folded won stages: the plan's ``tracking.actuals.won``, else :data:`DEFAULT_WON_STAGES`."""
    actuals = plan.tracking_settings.actuals if plan is not None else None
    listed = actuals.won if actuals and actuals.won else DEFAULT_WON_STAGES
    return frozenset(fold(s) for s in listed)


def filter_columns(plan: Plan) -> list[str]:
    """The columns the goals' filters name (what the readers must read besides the usual ones)."""
    return list(dict.fromkeys(column for goal in plan.goals for column in (goal.filter or {})))


def check_rep(plan: Plan, rep: str) -> str:
    """The member id ``--rep`` names (an id, or a name as the spreadsheets spell it).

    :raises UnknownRep: no member matches (with a did-you-mean), or the member carries no quota.
    """
    from salesplan.plan.diagnostics import suggestion

    member_id = plan.member(rep).id if plan.member(rep) else rep_lookup(plan).get(fold(rep))
    if member_id is None:
        ids = [m.id for m in plan.members]
        raise UnknownRep(f"--rep {rep}: no member of the plan has this id" + suggestion(rep, ids))
    if not any(q.rep == member_id for q in plan.quotas or []):
        member = plan.member(member_id)
        with_quota = list(dict.fromkeys(q.rep for q in plan.quotas or []))
        raise UnknownRep(f"--rep {rep}: {member.name if member else member_id} carries no quota in the plan"
                         + (f" (reps with a quota: {', '.join(with_quota)})" if with_quota else ""))
    return member_id


class Matcher:
    """A plan's matching rules, for rows as the readers wrote them (``plan`` None: no plan, every
    stage rule the default, no rep known).

    * :meth:`stage`: won, lost or open;
    * :meth:`member`: the member id a rep name stands for;
    * :meth:`credit`: who a won row counts for, with its territory and the goal filters it meets.
    """

    def __init__(self, plan: Plan | None) -> None:
        self.plan = plan
        self.won = won_stages(plan)
        self.lost = frozenset(map(fold, LOST_STAGES))
        self.reps = rep_lookup(plan) if plan is not None else {}
        self.territories = territory_lookup(plan) if plan is not None else {}
        self.rep_territory = {m.id: m.territory for m in plan.members} if plan is not None else {}
        goals = plan.goals if plan is not None else []
        self.filtered_goals = [g.id for g in goals if g.filter]
        """Goals with a filter: bit ``i`` of a credit's mask is set when the row meets ``filtered_goals[i]``'s."""
        self.filters = [[(column, fold(value)) for column, value in g.filter.items()] for g in goals if g.filter]
        self.filter_columns = filter_columns(plan) if plan is not None else []
        self.unknown_territories: list[str] = []
        """Territory texts that name no territory of the plan (a credit's territory indexes them)."""

    def stage(self, stage: str | None) -> Stage:
        folded = fold(stage) if stage else ""
        return Stage.WON if folded in self.won else Stage.LOST if folded in self.lost else Stage.OPEN

    def is_won(self, stage: str | None) -> bool:
        return stage is not None and fold(stage) in self.won

    def member(self, name: str | None) -> str | None:
        """The member id of a rep as the spreadsheet names them; None for an empty name or no member."""
        return self.reps.get(fold(name)) if name else None

    def credit(self, name: str | None, territory: str | None, values: Any) -> Credit | None:
        """Who a won row counts for: ``(member id, territory, filter mask)``; None for no member.

        ``territory`` is the row's territory text (the rep's territory when empty), matched to a
        territory id, or an int indexing :attr:`unknown_territories`. ``values`` are the row's
        :attr:`filter_columns` (one value for one column, a tuple for more).
        """
        rep = self.member(name)
        if rep is None:
            return None
        where = self.territory(territory) if territory else self.rep_territory.get(rep)
        if not self.filter_columns:
            mask = 0
        else:
            fields = dict(zip(self.filter_columns, values if isinstance(values, tuple) else (values,)))
            mask = self.mask(fields)
        return rep, where, mask

    def territory(self, text: str) -> Any:
        """A territory id, or the index of the text in :attr:`unknown_territories`."""
        folded = fold(text)
        found = self.territories.get(folded)
        if found is not None:
            return found
        unknown = self.unknown_territories
        for index, known in enumerate(unknown):
            if fold(known) == folded:
                return index
        if len(unknown) < UNKNOWN_KEPT:
            unknown.append(text)
        return len(unknown) - 1  # past the limit, the last spelling stands for the rest

    def mask(self, fields: dict[str, str]) -> int:
        mask = 0
        for bit, conditions in enumerate(self.filters):
            if all(fold(fields.get(column) or "") == value for column, value in conditions):
                mask |= 1 << bit
        return mask


def missing_rate(code: str, currency: str | None) -> str:
    """Why an amount in another currency than the plan's cannot be counted."""
    return f"amount in {code}, not the plan's {currency}, and tracking.rates gives no {code} rate"


def count_unknown(counter: dict[str, int], names: Iterable[str]) -> None:
    """Count names that are no member, keeping at most :data:`UNKNOWN_KEPT` distinct ones."""
    for name in names:
        if name in counter or len(counter) < UNKNOWN_KEPT:
            counter[name] = counter.get(name, 0) + 1

"""What every part of the document needs: the plan, its formats, its wording, name look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from salesplan.plan import derived
from salesplan.plan.model import Goal, Plan
from salesplan.render.locale import Formats
from salesplan.render.wording import Wording

if TYPE_CHECKING:
    from salesplan.forecast import ForecastBasis


@dataclass
class RenderContext:
    plan: Plan
    fmt: Formats
    basis: "ForecastBasis | None" = None
    """Last year's history beside the plan (``render --history``): the "Basis of the plan" chapter."""
    words: Wording = field(init=False)

    def __post_init__(self) -> None:
        self.words = Wording(self.fmt)

    @classmethod
    def for_plan(cls, plan: Plan, language: str | None = None, basis: "ForecastBasis | None" = None) -> "RenderContext":
        """The context of ``plan`` in ``language`` (default: the plan's own ``language``)."""
        return cls(plan, Formats(language or plan.plan.language, plan.plan.currency), basis)

    # ----- the plan's ids shown as names

    def member_name(self, member_id: str | None) -> str:
        """A member's name for an id; any other text (an initiative owner) as written."""
        if not member_id:
            return ""
        member = self.plan.member(member_id)
        return member.name if member else member_id

    def territory_name(self, territory_id: str | None) -> str:
        if not territory_id:
            return ""
        found = next((t for t in self.plan.territories if t.id == territory_id), None)
        return found.name if found else territory_id

    def goal_name(self, goal_id: str | None) -> str:
        goal = self.plan.goal(goal_id) if goal_id else None
        return goal.label if goal else (goal_id or "")

    # ----- numbers every chapter shares

    @cached_property
    def months(self) -> list[str]:
        return derived.plan_months(self.plan)

    @cached_property
    def goals(self) -> list[Goal]:
        return self.plan.goals_by_priority()

    def quota_goals(self) -> list[Goal]:
        """Goals that at least one rep quota carries, in priority order."""
        return [g for g in self.goals if derived.quotas_for_goal(self.plan, g)]

    def amount(self, value: Decimal, goal: Goal) -> str:
        return self.fmt.amount(value, goal.metric)

    def ratio(self, value: Decimal | None) -> str:
        return self.fmt.percent(value)

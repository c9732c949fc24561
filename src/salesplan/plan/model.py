"""The plan model: every key of the plan contract (``plan-format.md``), as pydantic v2 models.

Unknown keys are forbidden everywhere except where users name things freely (goal filters,
spreadsheet names, currency rates). Money is :class:`~decimal.Decimal`; shares accept ``0.25``
and ``"25%"``; months are ``YYYY-MM`` strings; ids are lower-case slugs.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from salesplan.plan.diagnostics import describe, num

# --------------------------------------------------------------------------- scalar types

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _number(value: Any, what: str) -> Decimal:
    if isinstance(value, bool):
        raise PydanticCustomError("number", f"expected {what}, got {str(value).lower()}")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):  # only from Python callers; YAML floats arrive as Decimal
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.strip().replace("_", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            hint = "; write a plain number, such as 5000" if what == "an amount" else ""
            raise PydanticCustomError("number", f"expected {what}, got '{value}'{hint}") from None
        return number
    raise PydanticCustomError("number", f"expected {what}, got {describe(value)}")


def _finite(number: Decimal, what: str) -> Decimal:
    if not number.is_finite():
        raise PydanticCustomError("number", f"expected {what}, got {number}")
    return number


def _money(value: Any) -> Decimal:
    return _finite(_number(value, "an amount"), "an amount")


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise PydanticCustomError("positive", "must be above 0, got {value}", {"value": _show(value)})
    return value


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError("not_negative", "must be 0 or more, got {value}", {"value": _show(value)})
    return value


def _show(value: Decimal) -> str:
    return num(value)


def _fraction(value: Any, what: str) -> Decimal:
    if isinstance(value, str) and value.strip().endswith("%"):
        number = _number(value.strip()[:-1].strip(), what)
        return _finite(number, what) / 100
    return _finite(_number(value, what), what)


def _share(value: Any) -> Decimal:
    share = _fraction(value, 'a share such as 0.25 or "25%"')
    if 1 < share <= 100 and not (isinstance(value, str) and value.strip().endswith("%")):
        raise PydanticCustomError(
            "share", "must be a share between 0 and 1 ({value}% is {fraction}), got {value}",
            {"value": num(share), "fraction": num(share / 100)},
        )
    if not 0 <= share <= 1:
        raise PydanticCustomError(
            "share", "a share must lie between 0 and 1 (0% to 100%), got {value}", {"value": str(value)}
        )
    return share


def _percent(value: Any) -> Decimal:
    return _fraction(value, 'a change such as "-2%", "+15%" or -0.02')


def _month(value: Any) -> str:
    if isinstance(value, str) and _MONTH.match(value.strip()):
        return value.strip()
    if isinstance(value, str) and re.match(r"^\d{4}-\d\d$", value.strip()):
        raise PydanticCustomError("month", "'{value}' is not a month: months run from 01 to 12 (such as 2027-12)",
                                  {"value": value.strip()})
    raise PydanticCustomError("month", "expected a month as YYYY-MM (such as 2027-01), got {value}",
                              {"value": describe(value)})


def _slug(value: Any) -> str:
    if isinstance(value, str) and _ID.match(value):
        return value
    raise PydanticCustomError(
        "id", "{value} is not a valid id: use lower-case letters, digits, '-' and '_' (such as 'west' or 'carol')",
        {"value": describe(value)},
    )


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("date", "expected a date as YYYY-MM-DD (such as 2027-01-31), got {value}",
                              {"value": describe(value)})


def _currency(value: Any) -> str:
    if isinstance(value, str) and _CURRENCY.match(value.strip().upper()):
        return value.strip().upper()
    raise PydanticCustomError("currency", "expected an ISO 4217 currency code such as EUR or USD, got {value}",
                              {"value": describe(value)})


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise PydanticCustomError("text", "expected text, got {value}", {"value": describe(value)})
    if isinstance(value, (int, Decimal, float)):
        return str(value)
    if isinstance(value, str):
        return value
    raise PydanticCustomError("text", "expected text, got {value}", {"value": describe(value)})


def _spelling(text: str) -> str:
    return re.sub(r"[\s_-]+", "-", text.strip().lower())


def choice(literal: Any) -> Any:
    """An enumeration field: the values as the contract spells them (``in-progress``), and the same
    words written with ``_`` or spaces, in any case (``in_progress``, ``In progress``), meaning the same."""
    canonical = {_spelling(v): v for v in literal.__args__}

    def normalise(value: Any) -> Any:
        return canonical.get(_spelling(value), value) if isinstance(value, str) else value

    return Annotated[literal, BeforeValidator(normalise)]


def _reference(value: Any) -> str:
    """An id that names something else (a member, a territory, a goal): any text here, so the
    cross-checks can say what it should be (``Sam``: did you mean ``sam``?)."""
    text = _text(value).strip()
    if not text:
        raise PydanticCustomError("id", "expected an id (such as 'west' or 'carol'), got nothing")
    return text


_NUMBER = {"type": "number"}
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string"})]
Money = Annotated[Decimal, BeforeValidator(_money), WithJsonSchema(_NUMBER)]
PositiveMoney = Annotated[
    Decimal, BeforeValidator(_money), AfterValidator(_positive), WithJsonSchema({**_NUMBER, "exclusiveMinimum": 0})
]
NonNegativeMoney = Annotated[
    Decimal, BeforeValidator(_money), AfterValidator(_not_negative), WithJsonSchema({**_NUMBER, "minimum": 0})
]
Share = Annotated[Decimal, BeforeValidator(_share), WithJsonSchema({
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": 1},
        {"type": "string", "pattern": r"^\s*(100(\.0+)?|\d{1,2}(\.\d+)?)\s*%\s*$"},
    ],
    "description": 'a share: 0.25 or "25%"',
})]
Percent = Annotated[Decimal, BeforeValidator(_percent), WithJsonSchema({
    "anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^\s*[-+]?\d+(\.\d+)?\s*%\s*$"}],
    "description": 'a signed change: "-2%", "+15%" or -0.02',
})]
Month = Annotated[str, BeforeValidator(_month), WithJsonSchema({"type": "string", "pattern": _MONTH.pattern})]
Id = Annotated[str, BeforeValidator(_slug), WithJsonSchema({"type": "string", "pattern": _ID.pattern})]
Ref = Annotated[str, BeforeValidator(_reference), WithJsonSchema({"type": "string", "pattern": _ID.pattern})]
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema({"type": "string", "format": "date"})]
Currency = Annotated[str, BeforeValidator(_currency), WithJsonSchema({"type": "string", "pattern": _CURRENCY.pattern})]
TextList = list[Text]


def _monthly_kind(value: Any) -> str:
    return "by_month" if isinstance(value, dict) else "flat"


#: A quota's ``monthly``: one amount for every month, or a mapping month -> amount.
QuotaMonthly = Annotated[
    Union[
        Annotated[PositiveMoney, Tag("flat")],
        Annotated[dict[Month, NonNegativeMoney], Tag("by_month")],
    ],
    Discriminator(_monthly_kind),
]


class Section(BaseModel):
    """Base of every mapping in a plan: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", validate_default=False, defer_build=True)


# --------------------------------------------------------------------------- 1. plan

PlanKind = Literal[
    "annual", "30-60-90", "marketing-aligned", "business-development", "market-expansion", "new-product"
]


class PlanInfo(Section):
    title: Text
    company: Text
    kind: choice(PlanKind) = "annual"
    start: Date
    end: Date
    currency: Currency | None = None
    language: choice(Literal["en", "fr"]) = "en"
    owner: Text | None = None
    version: Text | None = None
    date: Date | None = Field(None, description="Date printed on the documents (default: the plan's start).")


class Mission(Section):
    statement: Text
    vision: Text | None = None
    history: Text | None = None
    values: TextList = []


# --------------------------------------------------------------------------- 2. team


class Territory(Section):
    id: Id
    name: Text
    description: Text | None = None


class Member(Section):
    id: Id
    name: Text
    role: Text | None = None
    territory: Ref | None = None
    start: Date | None = None
    ramp: list[Share] = Field(default_factory=list, description="Share of full quota in the start month and the ones after it.")
    email: Text | None = None


class Hire(Section):
    role: Text
    count: int = Field(1, ge=1)
    start: Date
    monthly_cost: NonNegativeMoney | None = None
    territory: Ref | None = None


class Team(Section):
    territories: list[Territory] = []
    members: list[Member] = []
    hires: list[Hire] = []


# --------------------------------------------------------------------------- 3. market


class Segment(Section):
    name: Text
    description: Text | None = None
    size: Text | None = None


BuyingRole = Literal["initiator", "user", "influencer", "decision-maker", "buyer", "gatekeeper"]


class Persona(Section):
    name: Text
    title: Text | None = None
    age_range: Text | None = None
    region: Text | None = None
    company_size: Text | None = None
    summary: Text | None = None
    needs: TextList = []
    concerns: TextList = []
    frustrations: TextList = []
    objections: TextList = []
    requirements: TextList = []
    urgency: choice(Literal["low", "medium", "high"]) | None = None
    buying_role: list[choice(BuyingRole)] = []


class JourneyStage(Section):
    stage: Text
    touchpoints: TextList = []
    actions: TextList = []
    emotion: Text | None = None
    sentiment: int | None = Field(None, ge=-2, le=2, description="-2 (very negative) .. 2 (very positive)")
    pain_points: TextList = []
    solutions: TextList = []


class Market(Section):
    segments: list[Segment] = []
    personas: list[Persona] = []
    journey: list[JourneyStage] = []


# --------------------------------------------------------------------------- 4. resources


class Resource(Section):
    name: Text
    category: Text | None = None
    purpose: Text | None = None
    monthly_cost: NonNegativeMoney | None = None
    url: Text | None = None


# --------------------------------------------------------------------------- 5. positioning


class Competitor(Section):
    name: Text
    strengths: TextList = []
    weaknesses: TextList = []
    pricing: Text | None = None
    website: Text | None = None


class Positioning(Section):
    statement: Text | None = None
    differentiators: TextList = []
    competitors: list[Competitor] = []
    trends: TextList = []


# --------------------------------------------------------------------------- 6. marketing


class Promotion(Section):
    product: Text
    description: Text | None = None
    start: Date
    end: Date | None = None
    expected_impact: Percent | None = None


class Marketing(Section):
    strategy: Text | None = None
    channels: TextList = []
    promotions: list[Promotion] = []


# --------------------------------------------------------------------------- 7. prospecting


class Qualification(Section):
    framework: choice(Literal["BANT", "CHAMP", "MEDDIC", "custom"]) = "BANT"
    criteria: TextList = []


class FunnelStage(Section):
    name: Text
    conversion: Share | None = Field(None, description="Share that reaches the next stage (none on the last stage).")


class Funnel(Section):
    average_deal_size: PositiveMoney
    stages: list[FunnelStage] = Field(min_length=2)


class Prospecting(Section):
    qualification: Qualification | None = None
    inbound: TextList = []
    outbound: TextList = []
    funnel: Funnel | None = None


# --------------------------------------------------------------------------- 8. actions

Status = Literal["planned", "in-progress", "done", "cancelled"]


class Initiative(Section):
    task: Text
    owner: Text | None = None
    due: Date | None = None
    status: choice(Status) = "planned"


class Action(Section):
    objective: Text
    goal: Ref | None = None
    initiatives: list[Initiative] = []


# --------------------------------------------------------------------------- 9. goals and quotas


class Goal(Section):
    id: Id
    name: Text | None = None
    metric: choice(Literal["revenue", "deals"]) = "revenue"
    target: PositiveMoney
    priority: int | None = Field(None, ge=1, description="1 = most important; unique across goals.")
    monthly: dict[Month, NonNegativeMoney] | None = None
    territories: dict[Ref, NonNegativeMoney] | None = None
    filter: dict[str, Text] | None = Field(None, description="column = value, applied to the actuals rows")

    @property
    def label(self) -> str:
        return self.name or self.id


class Quota(Section):
    rep: Ref
    monthly: QuotaMonthly
    goal: Ref | None = Field(None, description="Goal the quota carries (default: the priority-1 goal).")


# --------------------------------------------------------------------------- 10. budget

BUDGET_CATEGORIES = (
    "compensation", "training", "tools", "contests", "team-building", "travel", "food", "marketing", "other",
)
BudgetCategory = Literal[BUDGET_CATEGORIES]  # type: ignore[valid-type]


class BudgetLine(Section):
    category: choice(BudgetCategory)
    item: Text
    amount: PositiveMoney
    notes: Text | None = None


# --------------------------------------------------------------------------- tracking


class ActualColumns(Section):
    date: Text | None = None
    rep: Text | None = None
    amount: Text | None = None
    stage: Text | None = None
    territory: Text | None = None
    currency: Text | None = None
    created: Text | None = Field(None, description="Column of the day a deal was created (read by salesplan forecast).")


class Actuals(Section):
    sheet: Text | None = None
    columns: ActualColumns | None = None
    won: TextList | None = None
    reps: dict[str, Ref] = Field(default_factory=dict, description="names in the spreadsheet -> member ids")
    day_first: bool | None = Field(None, description="Force day/month order of text dates (default: detected).")
    decimal: Literal[".", ","] | None = Field(
        None, description="Decimal mark of text amounts, '.' or ',' (default: decided per column from its cells)."
    )


class Tracking(Section):
    tolerance: Share = Decimal("0.05")
    pacing: choice(Literal["targets", "linear"]) = "targets"
    actuals: Actuals | None = None
    rates: dict[Currency, PositiveMoney] = Field(
        default_factory=dict, description="1 unit of that currency = this much of the plan's currency"
    )


# --------------------------------------------------------------------------- the plan


class Plan(Section):
    """A whole sales plan, sections in the order of the rendered document."""

    plan: PlanInfo
    mission: Mission
    team: Team | None = None
    market: Market | None = None
    resources: list[Resource] | None = None
    positioning: Positioning | None = None
    marketing: Marketing | None = None
    prospecting: Prospecting | None = None
    actions: list[Action] | None = None
    goals: list[Goal] = Field(min_length=1)
    quotas: list[Quota] | None = None
    budget: list[BudgetLine] | None = None
    tracking: Tracking | None = None

    _members_by_id: dict[str, Member] | None = PrivateAttr(None)
    _source: Any = PrivateAttr(None)
    """(file name, positions) of the YAML the plan was read from; set by the loader (see ``plan_place``)."""

    # ----- conveniences used by every consumer

    @property
    def members(self) -> list[Member]:
        return self.team.members if self.team else []

    @property
    def territories(self) -> list[Territory]:
        return self.team.territories if self.team else []

    def member(self, member_id: str) -> Member | None:
        if self._members_by_id is None:
            self._members_by_id = {}
            for m in self.members:
                self._members_by_id.setdefault(m.id, m)
        return self._members_by_id.get(member_id)

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    @property
    def main_goal(self) -> Goal:
        """The priority-1 goal (lowest priority number; the first goal when none has one)."""
        ranked = [g for g in self.goals if g.priority is not None]
        return min(ranked, key=lambda g: g.priority) if ranked else self.goals[0]

    def goals_by_priority(self) -> list[Goal]:
        big = 10**9
        order = {id(g): i for i, g in enumerate(self.goals)}
        return sorted(self.goals, key=lambda g: (g.priority if g.priority is not None else big, order[id(g)]))

    @property
    def tracking_settings(self) -> Tracking:
        return self.tracking or Tracking()

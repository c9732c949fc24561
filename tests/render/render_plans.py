"""Plans built in tests: the example plans as data, and awkward variants of them."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path

import yaml

from salesplan.plan import Plan, load_plan_text

REPO = Path(__file__).resolve().parents[2]
NORTHWIND = REPO / "plans" / "northwind-2027.yaml"
ATELIER = REPO / "plans" / "atelier-lumen-2027.yaml"


def northwind_data() -> dict:
    return yaml.safe_load(NORTHWIND.read_text(encoding="utf-8"))


def plan_from(data: dict) -> Plan:
    """A valid plan from plain data, through the real loader (cross-checks included)."""
    text = yaml.safe_dump(_plain(data), allow_unicode=True, sort_keys=False)
    result = load_plan_text(text, "<test plan>")
    assert result.ok, "\n".join(d.format() for d in result.errors)
    return result.plan


def _plain(value):
    if isinstance(value, dict):
        return {str(k) if not isinstance(k, str) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def months(first_year: int, count: int) -> list[str]:
    return [f"{first_year + i // 12}-{i % 12 + 1:02d}" for i in range(count)]


LONG = "Maximiliana Konstantinopoulou-Villanueva de la Fuente y Montenegro"


def stress_data(reps: int = 40, month_count: int = 24, *, long_names: bool = True) -> dict:
    """A big plan: ``reps`` reps (some ramping), ``month_count`` months, long names everywhere."""
    data = copy.deepcopy(northwind_data())
    data.pop("tracking")
    period = months(2027, month_count)
    last = period[-1]
    end_day = "31" if last[5:] in ("01", "03", "05", "07", "08", "10", "12") else "30" if last[5:] != "02" else "28"
    data["plan"].update({"start": "2027-01-01", "end": f"{last}-{end_day}",
                         "title": "Stress test plan with a title long enough to wrap on the cover page " * 2})
    territories = [{"id": f"t{i}", "name": (f"Territory number {i} of the extended northern region"
                                            if long_names else f"T{i}")} for i in range(8)]
    members = []
    for i in range(reps):
        member = {"id": f"rep{i}", "name": f"{LONG} {i}" if long_names else f"Rep {i}",
                  "role": "Account Executive", "territory": f"t{i % 8}", "start": "2026-01-01"}
        if i % 7 == 3:
            member["start"] = f"{period[min(i % month_count, month_count - 1)]}-15"
            member["ramp"] = [0.25, 0.5, 0.75]
        members.append(member)
    data["team"] = {"territories": territories, "members": members, "hires": data["team"]["hires"]}
    per_month = 50_000 * reps // 40
    target = per_month * month_count
    data["goals"] = [{
        "id": "revenue", "name": "New-business revenue", "metric": "revenue", "target": target, "priority": 1,
        "monthly": {m: per_month for m in period},
        "territories": {f"t{i}": target // 8 for i in range(8)},
    }]
    data["quotas"] = [{"rep": f"rep{i}", "monthly": 2_000} for i in range(reps)]
    data["actions"][0]["goal"] = "revenue"
    data["market"]["journey"] = [
        {"stage": f"Stage {i}: evaluation of the vendor shortlist by the committee", "emotion": "uncertain and busy",
         "sentiment": (i % 5) - 2, "touchpoints": ["Webinar"], "pain_points": ["Too many options"]}
        for i in range(10)
    ]
    data["prospecting"]["funnel"]["stages"] = [
        {"name": "Marketing-qualified leads from every inbound channel", "conversion": 0.5},
        {"name": "Sales-accepted leads", "conversion": 0.5},
        {"name": "Discovery calls held", "conversion": 0.5},
        {"name": "Opportunities", "conversion": 0.5},
        {"name": "Proposals sent to the buying committee", "conversion": 0.5},
        {"name": "Won"},
    ]
    for line in data["budget"]:
        line["amount"] = line["amount"] * 8
    data["budget"].append({"category": "marketing", "item": "Trade shows, sponsored content and a very long list of "
                           "campaign items that wraps", "amount": 90_000})
    return data

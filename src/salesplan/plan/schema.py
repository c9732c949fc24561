"""The plan's JSON Schema (``salesplan schema``), for editors that check YAML as it is typed."""

from __future__ import annotations

import json

from salesplan.plan.model import Plan

SCHEMA_ID = "https://github.com/salesplan/salesplan/schema/plan.schema.json"


def plan_schema() -> dict:
    schema = Plan.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "salesplan plan",
        "description": "A sales plan for salesplan: plan, mission, team, market, resources, positioning, "
                       "marketing, prospecting, actions, goals, quotas, budget, tracking.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def schema_text() -> str:
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"

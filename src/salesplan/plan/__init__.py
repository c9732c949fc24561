"""The plan: its model, loading with positions, and cross-checks."""

from salesplan.plan.diagnostics import Diagnostic
from salesplan.plan.loader import LoadResult, PlanError, load_plan, load_plan_text, require_plan
from salesplan.plan.model import Plan

__all__ = ["Diagnostic", "LoadResult", "Plan", "PlanError", "load_plan", "load_plan_text", "require_plan"]

"""Tracking a file end to end: open the actuals the way the plan describes them, report at a date.

What ``salesplan track`` does between checking its arguments and formatting the report, as
functions tests and other programs call directly.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from salesplan.plan.loader import plan_place
from salesplan.plan.model import Plan
from salesplan.tracking.feed import tally_actuals
from salesplan.tracking.matching import DEFAULT_WON_STAGES, check_rep, filter_columns, rep_names
from salesplan.tracking.pacing import build_report
from salesplan.tracking.readers import Actuals, open_actuals
from salesplan.tracking.report import TrackingReport
from salesplan.tracking.tally import Tally

__all__ = ["open_for_plan", "track", "track_file"]


def open_for_plan(plan: Plan, path: str | Path, *, sheet: str | None = None) -> Actuals:
    """Open an actuals file with the plan's ``tracking.actuals`` settings (``sheet`` overrides its sheet).

    :raises salesplan.tracking.readers.ActualsError: the file cannot be used (one sentence).
    """
    settings = plan.tracking_settings.actuals
    columns = settings.columns.model_dump(exclude_none=True) if settings and settings.columns else None
    return open_actuals(
        path,
        sheet=sheet or (settings.sheet if settings else None),
        columns=columns,
        extra_columns=filter_columns(plan),
        rep_names=rep_names(plan),
        decimal=settings.decimal if settings else None,
        origins=_origins(plan, columns or {}, sheet_from_plan=sheet is None),
    )


def track(plan: Plan, actuals: Any, *, as_of: dt.date, rep: str | None = None,
          progress: Callable[[int], None] | None = None) -> TrackingReport:
    """Read an opened actuals file (:func:`open_for_plan`) and report at ``as_of``.

    ``actuals`` needs ``layout``, ``has_stage``, ``chunks()`` or ``rows()``, ``parse_date(text)``
    and ``date_problem(text)``. When the plan sets ``tracking.actuals.day_first``, text dates are
    read in that order instead of the order the readers detected.

    :raises salesplan.tracking.matching.UnknownRep: ``rep`` is not a member with a quota (checked
        before reading any row).
    """
    if rep is not None:
        rep = check_rep(plan, rep)
    tally = Tally(plan, has_stage=bool(actuals.has_stage), layout=actuals.layout, as_of=as_of)
    tally_actuals(plan, actuals, tally, progress=progress)
    return build_report(plan, tally, as_of=as_of, rep=rep)


def _origins(plan: Plan, columns: dict[str, str], *, sheet_from_plan: bool) -> dict[str, str]:
    """Where the plan sets the sheet and each column, for the readers' messages."""
    origins = {}
    for logical in columns:
        path = ("tracking", "actuals", "columns", logical)
        place = plan_place(plan, path)
        origins[logical] = f"set by {'.'.join(path)}" + (f" at {place}" if place else " in the plan")
    settings = plan.tracking_settings.actuals
    if sheet_from_plan and settings and settings.sheet:
        place = plan_place(plan, ("tracking", "actuals", "sheet"), column=False)
        origins["sheet"] = "tracking.actuals.sheet" + (f", {place}" if place else "")
    return origins


def track_file(plan: Plan, path: str | Path, *, as_of: dt.date, rep: str | None = None, sheet: str | None = None,
               progress: Callable[[int], None] | None = None) -> TrackingReport:
    """The progress report of the actuals file at ``path`` against ``plan`` at ``as_of``.

    :raises salesplan.tracking.readers.ActualsError: the file cannot be used.
    :raises salesplan.tracking.matching.UnknownRep: ``rep`` is not a member with a quota.
    """
    actuals = open_for_plan(plan, path, sheet=sheet)
    report = track(plan, actuals, as_of=as_of, rep=rep, progress=progress)
    if actuals.has_stage and report.rows.not_won and not report.rows.counted:
        report.warnings.append(_no_won_stage(plan, actuals))
    return report


def _no_won_stage(plan: Plan, actuals: Actuals) -> str:
    """Nothing counted because no stage is a won stage: the stages seen, and where the won ones are set."""
    seen = Counter(deal.stage or "(empty)" for deal in actuals.rows())
    listed = ", ".join(f"{stage} ({n})" for stage, n in seen.most_common(8))
    listed += f", and {len(seen) - 8} more" if len(seen) > 8 else ""
    settings = plan.tracking_settings.actuals
    if settings and settings.won:
        place = plan_place(plan, ("tracking", "actuals", "won"), column=False)
        where = f"tracking.actuals.won{f', {place}' if place else ''}"
        return (f"no row has a won stage, so nothing is counted: the stages in the file are {listed}; the won "
                f"stages are {', '.join(settings.won)} ({where}): add the file's own there")
    return (f"no row has a won stage, so nothing is counted: the stages in the file are {listed}; the won stages "
            f"are {', '.join(DEFAULT_WON_STAGES)} unless tracking.actuals.won lists the file's own")

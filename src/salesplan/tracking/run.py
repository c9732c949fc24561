"""Tracking a file end to end: open the actuals the way the plan describes them, report at a date.

What ``salesplan track`` does between checking its arguments and formatting the report, as
functions tests and other programs call directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from salesplan.plan.model import Plan
from salesplan.tracking.engine import TrackingReport, filter_columns, rep_names, track
from salesplan.tracking.readers import Actuals, open_actuals

__all__ = ["open_for_plan", "track_file"]


def open_for_plan(plan: Plan, path: str | Path, *, sheet: str | None = None) -> Actuals:
    """Open an actuals file with the plan's ``tracking.actuals`` settings (``sheet`` overrides its sheet).

    :raises salesplan.tracking.readers.ActualsError: the file cannot be used (one sentence).
    """
    settings = plan.tracking_settings.actuals
    return open_actuals(
        path,
        sheet=sheet or (settings.sheet if settings else None),
        columns=settings.columns.model_dump(exclude_none=True) if settings and settings.columns else None,
        extra_columns=filter_columns(plan),
        rep_names=rep_names(plan),
    )


def track_file(plan: Plan, path: str | Path, *, as_of: dt.date, rep: str | None = None, sheet: str | None = None,
               progress: Callable[[int], None] | None = None) -> TrackingReport:
    """The progress report of the actuals file at ``path`` against ``plan`` at ``as_of``.

    :raises salesplan.tracking.readers.ActualsError: the file cannot be used.
    :raises salesplan.tracking.engine.UnknownRep: ``rep`` is not a member with a quota.
    """
    return track(plan, open_for_plan(plan, path, sheet=sheet), as_of=as_of, rep=rep, progress=progress)

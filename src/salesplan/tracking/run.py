"""Tracking a file end to end: open the actuals the way the plan describes them, report at a date.

What ``salesplan track`` does between checking its arguments and formatting the report, as
functions tests and other programs call directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from salesplan.plan.model import Plan
from salesplan.tracking.feed import tally_actuals
from salesplan.tracking.matching import check_rep, filter_columns, rep_names
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
    return open_actuals(
        path,
        sheet=sheet or (settings.sheet if settings else None),
        columns=settings.columns.model_dump(exclude_none=True) if settings and settings.columns else None,
        extra_columns=filter_columns(plan),
        rep_names=rep_names(plan),
        decimal=settings.decimal if settings else None,
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


def track_file(plan: Plan, path: str | Path, *, as_of: dt.date, rep: str | None = None, sheet: str | None = None,
               progress: Callable[[int], None] | None = None) -> TrackingReport:
    """The progress report of the actuals file at ``path`` against ``plan`` at ``as_of``.

    :raises salesplan.tracking.readers.ActualsError: the file cannot be used.
    :raises salesplan.tracking.matching.UnknownRep: ``rep`` is not a member with a quota.
    """
    return track(plan, open_for_plan(plan, path, sheet=sheet), as_of=as_of, rep=rep, progress=progress)

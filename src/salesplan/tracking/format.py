"""Formatting shared by the human-facing outputs (table, csv, xlsx): words, numbers, safe text.

Numbers follow the one rule of :mod:`salesplan.numberformat` (money whole from 1,000 up,
percentages rounded, a pace never shown across its status boundary, an em dash for a
missing figure).
"""

from __future__ import annotations

import re
from decimal import Decimal

from salesplan.numberformat import MISSING, plain_amount, plain_percent
from salesplan.tracking.report import GoalStatus, MonthStatus, RepStatus, TrackingReport

STATUS_WORDS = {
    "ahead": "ahead",
    "on_track": "on track",
    "behind": "behind",
    "not_started": "not started",
    "not_tracked": "not tracked",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def status_word(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def amount(value: Decimal | None, metric: str = "revenue") -> str:
    """``30,000``, ``32,288`` (whole from 1,000 up), ``540.50``; deals counts as ``12`` or ``3.2``."""
    return plain_amount(value, metric)


def percent(value: Decimal | None, tolerance: Decimal | None = None) -> str:
    """A pace or share as a rounded percentage (``107%``); with ``tolerance``, a pace that keeps
    to the side of the status boundary its exact value is on (``94.7%`` when behind)."""
    return plain_percent(value, tolerance)


def upcoming(report: TrackingReport, view: MonthStatus) -> bool:
    """True for a month that starts after ``as_of``: nothing expected or done yet, shown as a dash."""
    return not view.complete and view.month > report.as_of.strftime("%Y-%m")


def with_unit(value: Decimal | None, unit: str) -> str:
    text = amount(value, "deals" if unit == "deals" else "revenue")
    return f"{text} {unit}" if unit and text != MISSING else text


def clean(text: str) -> str:
    """Text for a terminal: control characters (escape sequences) from the user's files shown as '?'."""
    return _CONTROL.sub("?", text)


def formula_safe(text: str) -> str:
    """Text for csv: a cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(_FORMULA_START)


def headline(report: TrackingReport) -> str:
    """``Team: behind - 91% of the 12,000 EUR expected by 2027-02-14`` (or the rep's, with --rep)."""
    view = report.headline_view
    if view is None:
        return "Nothing to track: the plan has no goal" if report.rep is None else f"{report.rep}: no quota"
    who = "Team" if isinstance(view, GoalStatus) else view.name
    unit = report.unit(view.metric)
    goal_note = f" ({view.goal})" if isinstance(view, RepStatus) and len(report.reps) > 1 else ""
    status = status_word(view.status)
    if view.status == "not_tracked":
        why = ("a rep-by-month grid holds amounts, not deals" if view.metric == "deals"
               else "a rep-by-month grid cannot tell which amounts match the goal's filter")
        return f"{who}{goal_note}: not tracked - {why}"
    assert view.expected_to_date is not None and view.actual_to_date is not None
    if view.expected_to_date == 0:
        if report.as_of < report.start:
            return f"{who}{goal_note}: {status} - the plan starts on {report.start.isoformat()}"
        if view.actual_to_date == 0:
            return f"{who}{goal_note}: {status} - nothing expected by {report.as_of.isoformat()}"
        return (f"{who}{goal_note}: {status} - {with_unit(view.actual_to_date, unit)} with nothing expected by "
                f"{report.as_of.isoformat()}")
    return (f"{who}{goal_note}: {status} - {percent(view.pace, report.tolerance)} of the {with_unit(view.expected_to_date, unit)} "
            f"expected by {report.as_of.isoformat()}")

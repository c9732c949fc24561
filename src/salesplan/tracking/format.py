"""Formatting shared by the human-facing outputs (table, csv, xlsx): words, numbers, safe text."""

from __future__ import annotations

import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from salesplan.tracking.report import GoalStatus, RepStatus, TrackingReport

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
    """``30,000``, ``4,222.22``: two decimals unless whole; deals counts as ``8.5``; '' for None."""
    if value is None:
        return ""
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    text = f"{rounded:,.2f}"
    return text.rstrip("0") if metric == "deals" else text


def percent(value: Decimal | None) -> str:
    """A pace or share as a whole percentage, rounded down so it never overstates progress.

    Rounding down keeps the figure consistent with the status: with a 5% tolerance every
    pace shown as 105% or more is ``ahead`` and every pace shown under 95% is ``behind``.
    """
    if value is None:
        return ""
    return f"{int((value * 100).to_integral_value(rounding=ROUND_FLOOR)):,}%"


def with_unit(value: Decimal | None, unit: str) -> str:
    text = amount(value, "deals" if unit == "deals" else "revenue")
    return f"{text} {unit}" if unit and text else text


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
    return (f"{who}{goal_note}: {status} - {percent(view.pace)} of the {with_unit(view.expected_to_date, unit)} "
            f"expected by {report.as_of.isoformat()}")

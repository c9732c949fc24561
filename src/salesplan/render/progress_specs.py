"""What the progress report's charts show, before any drawing: data that agrees with the headline.

Built by :func:`progress_charts` from the :class:`~salesplan.tracking.engine.TrackingReport`
(every figure is the report's own), drawn by :mod:`salesplan.render.progress_charts`.

The two time charts share a continuous month axis: month ``i`` of the period spans ``[i, i+1]``
(its label sits at ``i + 0.5``), so the as-of date has a place of its own inside its month
(January 20 is at ``20/31``). The cumulative expected line joins the month ends: under the
plan's pacing rule the value it passes at the as-of date *is* the expected to date of the
headline (a month's target earned pro rata over its days), so a team that is ahead is drawn
above the line, never below a whole month's target. The projection runs from the as-of point
at the same pace along the rest of the expected line (run rate on the plan's own
seasonality), ending at the projected figure of the headline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from salesplan.plan import derived
from salesplan.plan.months import month_key
from salesplan.render.blocks import ChartSpec, Series
from salesplan.render.chart_specs import ALT_TEXT_MONTHS
from salesplan.tracking.report import GoalStatus, MonthStatus, RepStatus, TrackingReport
from salesplan.tracking.palette import colours

if TYPE_CHECKING:
    from salesplan.render.progress_report import ReportText

__all__ = ["AsOf", "ProgressChart", "cumulative_chart", "monthly_chart", "pace_chart", "progress_charts"]

NAN = float("nan")

#: The statuses a rep's bar can have, in legend order.
PACE_STATUSES = ("ahead", "on_track", "behind", "not_started")


@dataclass(frozen=True)
class AsOf:
    """The as-of date on a chart: where it falls and the figures the headline gives for it."""

    x: float  # on the month axis (cumulative chart) or the month's index (monthly chart)
    label: str  # "Jan 20"
    expected: float  # expected to date (whole period, or the month's share of its target)
    actual: float


@dataclass(frozen=True)
class ProgressChart(ChartSpec):
    """A progress chart: a :class:`ChartSpec` with where its points stand and the as-of date.

    ``xs[i]`` holds the month-axis positions of ``series[i]``'s values and ``line_x`` those of
    ``line`` (the projection); ``colours`` one colour per category (a rep's bar by status).
    """

    xs: tuple[tuple[float, ...], ...] = ()
    line_x: tuple[float, ...] = ()
    as_of: AsOf | None = None
    colours: tuple[str, ...] = ()


def _f(value: Decimal | None) -> float:
    return float(value) if value is not None else NAN


def _axis(text: "ReportText", months: list[str]) -> dict:
    return {"categories": tuple(text.fmt.month_short(m) for m in months),
            "narrow": tuple(text.fmt.month_initial(m) for m in months)}


def _day_label(text: "ReportText", day: dt.date) -> str:
    from babel.dates import format_skeleton

    return format_skeleton("MMMd", day, locale=text.fmt.locale)


def month_end_expected(view: GoalStatus | RepStatus, months: list[MonthStatus], plan) -> list[Decimal]:
    """Expected to date at each month's end, by the pacing rule the headline uses: the targets of
    the months gone (``targets``; a rep always), or the period's target by days (``linear``)."""
    if isinstance(view, GoalStatus) and view.pacing == "linear":
        return [derived.linear_expected_to_date(plan, view.target, derived.month_span(plan, m.month)[1])
                for m in months]
    out, total = [], Decimal(0)
    for m in months:
        total += m.target
        out.append(total)
    return out


def as_of_position(plan, months: list[str], as_of: dt.date) -> float:
    """Where ``as_of`` falls on the month axis: months fully gone plus the share of its month."""
    current = month_key(as_of)
    if current not in months:
        return 0.0 if as_of < plan.plan.start else float(len(months))
    index = months.index(current)
    elapsed, span = derived.elapsed_days_in_month(plan, current, as_of)
    return index + elapsed / span


def cumulative_chart(text: "ReportText", report: TrackingReport, view: GoalStatus | RepStatus,
                     months: list[MonthStatus], index: int) -> ProgressChart | None:
    """Cumulative actual against cumulative expected, the as-of point and the projection."""
    if not months or view.expected_to_date is None or view.actual_to_date is None:
        return None
    plan = text.ctx.plan
    metric, keys = view.metric, [m.month for m in months]
    goal_name = text.goal(view.goal)
    expected_ends = month_end_expected(view, months, plan)
    at = as_of_position(plan, keys, report.as_of)
    target_x = tuple(float(i) for i in range(len(keys) + 1))
    target_values = (0.0, *(float(v) for v in expected_ends))
    # actual: month ends already gone, then the as-of point
    actual_x, actual_values, done = [0.0], [0.0], Decimal(0)
    for i, m in enumerate(months):
        if i + 1 > at:
            break
        done += m.actual or 0
        actual_x.append(float(i + 1))
        actual_values.append(float(done))
    if at > actual_x[-1]:
        actual_x.append(at)
        actual_values.append(float(view.actual_to_date))
    line = None
    line_x: tuple[float, ...] = ()
    pace = view.pace
    if pace is not None and at < len(keys):
        later = [i + 1 for i in range(len(keys)) if i + 1 > at]
        line_x = (at, *(float(i) for i in later))
        values = (float(view.actual_to_date), *(float(pace * expected_ends[i - 1]) for i in later))
        line = Series(text.label("legend", "projection"), values)
    as_of = AsOf(at, _day_label(text, report.as_of), float(view.expected_to_date), float(view.actual_to_date))
    total = expected_ends[-1]
    return ProgressChart(
        kind="cumulative", name="progress-cumulative" + (f"-{index + 1}" if index else ""),
        title=text("cumulative_title", goal=goal_name),
        alt=text("cumulative_alt", goal=goal_name, first=text.fmt.month(keys[0]), last=text.fmt.month(keys[-1]),
                 target=text.amount(total, metric), actual=text.amount(view.actual_to_date, metric),
                 expected=text.amount(view.expected_to_date, metric), as_of=text.fmt.date(report.as_of),
                 projected=text.amount(view.projected, metric) if line is not None else ""),
        series=(Series(text.label("legend", "cumulative_target"), target_values),
                Series(text.label("legend", "cumulative_actual"), tuple(actual_values))),
        xs=(target_x, tuple(actual_x)), line=line, line_x=line_x, as_of=as_of,
        money=metric == "revenue",
        labels=(("as_of", text("as_of_marker", day=as_of.label)),
                ("expected_at", text("expected_marker", day=as_of.label))),
        **_axis(text, keys))


def monthly_chart(text: "ReportText", report: TrackingReport, view: GoalStatus | RepStatus,
                  months: list[MonthStatus]) -> ProgressChart | None:
    """Each month's target beside its actual; the current month also shows its pro-rata expected."""
    if not months:
        return None
    metric, keys = view.metric, [m.month for m in months]
    goal_name = text.goal(view.goal)
    current = month_key(report.as_of)
    reached = [m for m in months if m.complete or m.month <= current]
    as_of = None
    running = next((i for i, m in enumerate(months) if m.month == current and not m.complete), None)
    if running is not None and months[running].expected is not None:
        m = months[running]
        as_of = AsOf(float(running), _day_label(text, report.as_of), float(m.expected), _f(m.actual))
    shown = months[:ALT_TEXT_MONTHS]
    return ProgressChart(
        kind="monthly", name="progress-monthly", title=text("monthly_title", goal=goal_name),
        alt=text("monthly_alt", goal=goal_name,
                 items=[(text.fmt.month(m.month), text.amount(m.target, metric),
                         text.amount(m.actual, metric) if m in reached else "") for m in shown]),
        series=(Series(text.label("legend", "target"), tuple(float(m.target) for m in months)),
                Series(text.label("legend", "actual"), tuple(float(m.actual or 0) for m in reached))),
        as_of=as_of, money=metric == "revenue",
        labels=(("expected_at", text("expected_marker", day=as_of.label if as_of else "")),),
        **_axis(text, keys))


def pace_chart(text: "ReportText", report: TrackingReport, goal_id: str) -> ProgressChart | None:
    """Each rep's pace, fastest first, coloured by status, against the tolerance band."""
    reps = sorted((r for r in report.reps if r.goal == goal_id and r.pace is not None),
                  key=lambda r: (-r.pace, r.name))
    if not reps:
        return None
    goal_name = text.goal(goal_id)
    tolerance = report.tolerance
    paces = [text.pace(r.pace) for r in reps]
    present = [s for s in PACE_STATUSES if any(r.status == s for r in reps)]
    return ProgressChart(
        kind="pace", name="progress-pace", title=text("pace_title", goal=goal_name),
        alt=text("pace_alt", goal=goal_name, low=text.fmt.share(1 - tolerance), high=text.fmt.share(1 + tolerance),
                 items=list(zip([r.name for r in reps], paces, [text.status(r.status) for r in reps]))),
        categories=tuple(r.name for r in reps),
        series=(Series(text.label("legend", "pace"), tuple(float(r.pace) for r in reps)),),
        notes=tuple(f"{p} · {text.status(r.status)}" for p, r in zip(paces, reps)),
        colours=tuple(colours(r.status).chart for r in reps),
        money=False,
        labels=(("tolerance", str(tolerance)), ("band", text.label("legend", "band")),
                ("full_pace", text.label("legend", "full_pace")),
                ("statuses", "|".join(f"{colours(s).chart}={text.status(s)}" for s in present))))


def progress_charts(text: "ReportText", report: TrackingReport) -> list[ChartSpec]:
    """The report's charts: the cumulative chart of every tracked goal (or of the rep's quota),
    then the monthly and rep pace charts of the headline's goal. A chart without data is left out."""
    views: list[GoalStatus | RepStatus] = list(report.reps if report.rep is not None else report.goals)
    views = [v for v in views if v.status != "not_tracked"]
    charts: list[ChartSpec] = []
    for index, view in enumerate(views):
        chart = cumulative_chart(text, report, view, [m for m in report.months if m.goal == view.goal], index)
        if chart is not None:
            charts.append(chart)
    head = report.headline_view
    if head is None or head.status == "not_tracked":
        return charts
    monthly = monthly_chart(text, report, head, [m for m in report.months if m.goal == head.goal])
    pace = pace_chart(text, report, head.goal) if report.rep is None else None
    return charts + [c for c in (monthly, pace) if c is not None]

"""The Word progress report: a :class:`~salesplan.tracking.report.TrackingReport` as a .docx.

What ``salesplan track --format docx`` writes for leadership, in the plan's language, with
the Word plan's machinery: the same base document, styles, table writer
(:class:`~salesplan.render.word_writer.DocumentWriter`), Babel formats, Jinja2 wording
(``templates/render/<language>/report.j2``), chart style and deterministic packaging.

Content: a title, the as-of line and the headline status; a table per view (goals, reps,
territories, months) with the status written out and its cell shaded; three charts
(cumulative actual against cumulative target with the projection, monthly target against
actual, each rep's pace against the tolerance band); the row counts, the first rejected
rows and the warnings. Paces are shown rounded down to a whole percent, as in the terminal
table, so a pace shown under 95% is never ``on track``.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Mapping

from salesplan.plan.months import month_key
from salesplan.plan.model import Plan
from salesplan.render.blocks import (
    Block,
    Bullets,
    ChartSpec,
    Column,
    Figure,
    Heading,
    Paragraph,
    Picture,
    Row,
    Series,
    Table,
    TitleLine,
)
from salesplan.render.context import RenderContext
from salesplan.render.chart_specs import ALT_TEXT_MONTHS
from salesplan.tracking.report import GoalStatus, TrackingReport
from salesplan.tracking.palette import colours

__all__ = ["progress_blocks", "progress_charts", "render_progress_docx"]

NAN = float("nan")


class ReportText:
    """Formatting and wording of one report: amounts, paces and statuses in the plan's language."""

    def __init__(self, ctx: RenderContext):
        self.ctx = ctx
        self.fmt = ctx.fmt

    def __call__(self, name: str, **values) -> str:
        return self.ctx.words(f"report.{name}", **values)

    def label(self, mapping: str, key: str) -> str:
        return self.ctx.words.label(f"report.{mapping}", key)

    def columns(self, table: str) -> dict[str, str]:
        return dict(self.ctx.words.mapping("report.columns")[table])

    def amount(self, value: Decimal | None, metric: str) -> str:
        return "" if value is None else self.fmt.amount(value, metric)

    def pace(self, value: Decimal | None) -> str:
        """A pace or share rounded down to a whole percent (never overstates progress)."""
        if value is None:
            return ""
        return self.fmt.percent((value * 100).to_integral_value(rounding=ROUND_FLOOR) / 100, digits=0)

    def status(self, status: str) -> str:
        return self.label("statuses", status)

    def goal(self, goal_id: str) -> str:
        return self.ctx.goal_name(goal_id)


def status_fill(status: str) -> str:
    return colours(status).fill


def _table(text: ReportText, name: str, spec: list[tuple[str, float, bool]], rows: list[Row]) -> Table | None:
    if not rows:
        return None
    titles = text.columns(name)
    return Table(tuple(Column(titles[key], weight, numeric) for key, weight, numeric in spec), tuple(rows), name=name)


def _row(cells: list[str], status_index: int, status: str) -> Row:
    fills = tuple(status_fill(status) if i == status_index else None for i in range(len(cells)))
    return Row(tuple(cells), fills=fills)


def goals_table(text: ReportText, report: TrackingReport) -> Table | None:
    rows = []
    for v in report.goals:
        rows.append(_row([v.name or text.goal(v.goal), text.amount(v.target, v.metric),
                          text.amount(v.expected_to_date, v.metric), text.amount(v.actual_to_date, v.metric),
                          text.pace(v.pace), text.status(v.status), text.pace(v.attainment),
                          text.amount(v.projected, v.metric)], 5, v.status))
    spec = [("goal", 2.2, False), ("target", 1.2, True), ("expected", 1.2, True), ("actual", 1.2, True),
            ("pace", 0.8, True), ("status", 1.3, False), ("attainment", 1.0, True), ("projected", 1.2, True)]
    return _table(text, "goals", spec, rows)


def reps_table(text: ReportText, report: TrackingReport) -> Table | None:
    rows = [_row([v.name, text.goal(v.goal), text.amount(v.quota, v.metric), text.amount(v.expected_to_date, v.metric),
                  text.amount(v.actual_to_date, v.metric), text.pace(v.pace), text.status(v.status),
                  text.amount(v.projected, v.metric)], 6, v.status) for v in report.reps]
    spec = [("rep", 1.6, False), ("goal", 1.5, False), ("quota", 1.1, True), ("expected", 1.1, True),
            ("actual", 1.1, True), ("pace", 0.8, True), ("status", 1.3, False), ("projected", 1.1, True)]
    return _table(text, "reps", spec, rows)


def territories_table(text: ReportText, report: TrackingReport) -> Table | None:
    rows = [_row([v.name, text.goal(v.goal), text.amount(v.target, v.metric),
                  text.amount(v.expected_to_date, v.metric), text.amount(v.actual_to_date, v.metric),
                  text.pace(v.pace), text.status(v.status)], 6, v.status) for v in report.territories]
    spec = [("territory", 1.5, False), ("goal", 1.6, False), ("target", 1.1, True), ("expected", 1.1, True),
            ("actual", 1.1, True), ("pace", 0.8, True), ("status", 1.3, False)]
    return _table(text, "territories", spec, rows)


def months_table(text: ReportText, report: TrackingReport) -> Table | None:
    rows = [_row([text.fmt.month(v.month), text.goal(v.goal), text.amount(v.target, v.metric),
                  text.amount(v.expected, v.metric), text.amount(v.actual, v.metric), text.pace(v.pace),
                  text.status(v.status)], 6, v.status) for v in report.months]
    spec = [("month", 1.3, False), ("goal", 1.6, False), ("target", 1.1, True), ("expected", 1.1, True),
            ("actual", 1.1, True), ("pace", 0.8, True), ("status", 1.3, False)]
    return _table(text, "months", spec, rows)


def rejected_table(text: ReportText, report: TrackingReport) -> Table | None:
    rows = [Row((e.sheet or "", text.fmt.number(e.row), e.reason)) for e in report.rows.rejected_examples]
    return _table(text, "rejected", [("sheet", 1.0, False), ("row", 0.6, True), ("reason", 5.0, False)], rows)


# --------------------------------------------------------------------------- headline


def who(text: ReportText, report: TrackingReport) -> str:
    view = report.headline_view
    if view is None or isinstance(view, GoalStatus):
        return text("team")
    return view.name


def headline(text: ReportText, report: TrackingReport) -> str:
    """``Team: behind — 92% of the €12,000 expected by Feb 14, 2027`` in the plan's language."""
    view = report.headline_view
    if view is None:
        return text("no_goal")
    name = who(text, report)
    if len(report.goals) > 1 or (report.rep is not None and len(report.reps) > 1):
        name = f"{name} ({text.goal(view.goal)})"
    if view.status == "not_tracked" or view.expected_to_date is None or view.actual_to_date is None:
        return text("headline_untracked", who=name)
    status = text.status(view.status)
    as_of = text.fmt.date(report.as_of)
    if view.expected_to_date == 0:
        if report.as_of < report.start:
            return text("headline_before", who=name, status=status, start=text.fmt.date(report.start))
        return text("headline_nothing", who=name, status=status, actual=text.amount(view.actual_to_date, view.metric),
                    as_of=as_of)
    return text("headline", who=name, status=status, pace=text.pace(view.pace),
                expected=text.amount(view.expected_to_date, view.metric), as_of=as_of)


# --------------------------------------------------------------------------- charts


def _month_axis(text: ReportText, months: list[str]) -> dict:
    return {"categories": tuple(text.fmt.month_short(m) for m in months),
            "narrow": tuple(text.fmt.month_initial(m) for m in months)}


def progress_charts(text: ReportText, report: TrackingReport) -> list[ChartSpec]:
    """The report's charts, for the headline view's goal; a chart without data is left out."""
    view = report.headline_view
    if view is None or view.status == "not_tracked":
        return []
    goal_id, metric = view.goal, view.metric
    goal_name = text.goal(goal_id)
    money = metric == "revenue"
    months = [m for m in report.months if m.goal == goal_id]
    charts: list[ChartSpec] = []
    if months and all(m.actual is not None for m in months):
        keys = [m.month for m in months]
        current = month_key(report.as_of)
        reached = [m for m in months if m.complete or m.month <= current]
        cumulative_target, cumulative_actual, total, done = [], [], Decimal(0), Decimal(0)
        for m in months:
            total += m.target
            cumulative_target.append(float(total))
        for m in reached:
            done += m.actual or 0
            cumulative_actual.append(float(done))
        line = None
        projected = view.projected
        if projected is not None and reached and len(reached) < len(months):
            values = [NAN] * len(months)
            last = len(reached) - 1
            values[last] = float(done)
            remaining = len(months) - 1 - last
            for step in range(1, remaining + 1):
                values[last + step] = float(done + (projected - done) * step / remaining)
            line = Series(text.label("legend", "projection"), tuple(values))
        axis = _month_axis(text, keys)
        charts.append(ChartSpec(
            kind="cumulative", name="progress-cumulative", title=text("cumulative_title", goal=goal_name),
            alt=text("cumulative_alt", goal=goal_name, first=text.fmt.month(keys[0]), last=text.fmt.month(keys[-1]),
                     target=text.amount(total, metric), actual=text.amount(done, metric),
                     as_of=text.fmt.date(report.as_of),
                     projected=text.amount(projected, metric) if line is not None else ""),
            series=(Series(text.label("legend", "cumulative_target"), tuple(cumulative_target)),
                    Series(text.label("legend", "cumulative_actual"), tuple(cumulative_actual))),
            line=line, money=money, **axis))
        shown = months[:ALT_TEXT_MONTHS]
        charts.append(ChartSpec(
            kind="monthly", name="progress-monthly", title=text("monthly_title", goal=goal_name),
            alt=text("monthly_alt", goal=goal_name,
                     items=[(text.fmt.month(m.month), text.amount(m.target, metric),
                             text.amount(m.actual if m in reached else Decimal(0), metric)) for m in shown]),
            series=(Series(text.label("legend", "target"), tuple(float(m.target) for m in months)),
                    Series(text.label("legend", "actual"), tuple(float(m.actual or 0) for m in reached))),
            money=money, **axis))
    reps = [r for r in report.reps if r.goal == goal_id and r.pace is not None]
    if reps:
        tolerance = report.tolerance
        paces = [text.pace(r.pace) for r in reps]
        charts.append(ChartSpec(
            kind="pace", name="progress-pace", title=text("pace_title", goal=goal_name),
            alt=text("pace_alt", goal=goal_name, low=text.fmt.percent(1 - tolerance), high=text.fmt.percent(1 + tolerance),
                     items=list(zip([r.name for r in reps], paces))),
            categories=tuple(r.name for r in reps),
            series=(Series(text.label("legend", "pace"), tuple(float(r.pace) for r in reps)),),
            notes=tuple(f"{p} · {text.status(r.status)}" for p, r in zip(paces, reps)),
            money=False,
            labels=(("tolerance", str(tolerance)), ("band", text.label("legend", "band")),
                    ("full_pace", text.label("legend", "full_pace")))))
    return charts


# --------------------------------------------------------------------------- blocks


def progress_blocks(text: ReportText, report: TrackingReport, charts: list[ChartSpec]) -> list[Block]:
    """The report's content, in reading order."""
    fmt = text.fmt
    title = text("title", who=who(text, report) if report.rep is not None else "")
    line = text("as_of_line", plan=report.plan_title, as_of=fmt.date(report.as_of), start=fmt.date(report.start),
                end=fmt.date(report.end), tolerance=fmt.percent(report.tolerance))
    blocks: list[Block] = [TitleLine(title, line), Paragraph(headline(text, report), "Subtitle")]

    def part(key: str, table: Table | None, *after: Block) -> None:
        if table is not None:
            blocks.extend([Heading(text.label("headings", key), 1), table, *after])

    part("goals", goals_table(text, report))
    if charts:
        blocks.append(Heading(text.label("headings", "charts"), 1))
        blocks.extend(Figure(c) for c in charts)
    part("reps", reps_table(text, report))
    part("territories", territories_table(text, report))
    part("months", months_table(text, report), Paragraph(text("complete_note"), "Caption"))
    counts = report.rows
    n = fmt.number
    blocks.append(Heading(text.label("headings", "rows"), 1))
    blocks.append(Paragraph(text("rows_line", read=n(counts.read), counted=n(counts.counted),
                                 not_won=n(counts.not_won), outside=n(counts.outside_period),
                                 after=n(counts.after_as_of), rejected=n(counts.rejected), as_of=fmt.date(report.as_of))))
    rejected = rejected_table(text, report)
    if rejected is not None:
        blocks.extend([Heading(text.label("headings", "rejected"), 2), rejected])
    if report.warnings:
        blocks.extend([Heading(text.label("headings", "warnings"), 2), Bullets(tuple(report.warnings))])
    return blocks


def render_progress_docx(report: TrackingReport, plan: Plan, *, environ: Mapping[str, str] | None = None,
                         language: str | None = None) -> bytes:
    """The progress report as .docx bytes: the same report and plan always give the same bytes.

    Dated like the Word plan (``SOURCE_DATE_EPOCH``, else the plan's date); the report's own
    date is ``as_of``, printed in it. :class:`~salesplan.render.RenderError` for a bad epoch.
    """
    from salesplan.render import RenderError
    from salesplan.render.word_writer import build_document, chart_width, open_base
    from salesplan.render.package import EpochError, docx_bytes, document_time, set_properties

    try:
        when = document_time(plan, environ)
    except EpochError as exc:
        raise RenderError(str(exc)) from None
    ctx = RenderContext.for_plan(plan, language)
    text = ReportText(ctx)
    doc = open_base()
    charts = progress_charts(text, report)
    pictures: dict[str, Picture] = {}
    if charts:
        from salesplan.render.progress_charts import draw_progress

        width = chart_width(doc)
        pictures = {spec.name: draw_progress(spec, ctx.fmt, width) for spec in charts}
    build_document(doc, ctx, progress_blocks(text, report, charts), pictures)
    kind = text("title", who="")
    set_properties(doc, plan, when, language=ctx.fmt.language, category=kind)
    doc.core_properties.keywords = "sales progress report"
    doc.core_properties.title = f"{kind} — {plan.plan.title}"
    return docx_bytes(doc, when)


"""The Word progress report: a :class:`~salesplan.tracking.report.TrackingReport` as a .docx.

What ``salesplan track --format docx`` writes for leadership, in the plan's language, with
the Word plan's machinery: the same base document, styles, table writer
(:class:`~salesplan.render.word_writer.DocumentWriter`), Babel formats, Jinja2 wording
(``templates/render/<language>/report.j2``), chart style and deterministic packaging.

Content: a title, the as-of line and a headline for every goal (or every quota of the rep,
with ``--rep``); a table per view (goals; reps, territories and months grouped under their
goal's name) with the status written out and its cell shaded from the one status palette
(:mod:`salesplan.tracking.palette`); the charts (:mod:`salesplan.render.progress_specs`);
a sentence where the reps' and the territories' statuses seem to disagree; and "about the
figures": the row counts, the first rejected rows and what the reader should know of the
file (a deal by a rep the plan does not know is not counted...), said to the reader; how to
fix the plan stays on stderr. Numbers follow :mod:`salesplan.numberformat` (whole money from
1,000 up, paces rounded but never across their status boundary, a dash for a month to come).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Mapping

from salesplan.numberformat import MISSING
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
    Table,
    TitleLine,
)
from salesplan.render.context import RenderContext
from salesplan.render.progress_specs import progress_charts
from salesplan.tracking.format import upcoming
from salesplan.tracking.palette import colours
from salesplan.tracking.report import GoalStatus, MonthStatus, RepStatus, TerritoryStatus, TrackingReport

__all__ = ["ReportText", "headlines", "progress_blocks", "progress_charts", "reader_notes",
           "render_progress_docx", "territory_notes"]


class ReportText:
    """Formatting and wording of one report: amounts, paces and statuses in the plan's language."""

    def __init__(self, ctx: RenderContext, tolerance: Decimal | None = None):
        self.ctx = ctx
        self.fmt = ctx.fmt
        self.tolerance = tolerance

    def __call__(self, name: str, **values) -> str:
        return self.ctx.words(f"report.{name}", **values)

    def label(self, mapping: str, key: str) -> str:
        return self.ctx.words.label(f"report.{mapping}", key)

    def columns(self, table: str) -> dict[str, str]:
        return dict(self.ctx.words.mapping("report.columns")[table])

    def amount(self, value: Decimal | None, metric: str) -> str:
        return MISSING if value is None else self.fmt.amount(value, metric)

    def pace(self, value: Decimal | None) -> str:
        """A pace, rounded, never shown across its status boundary (94.7%, not 95%, when behind)."""
        return self.fmt.share(value, self.tolerance)

    def share(self, value: Decimal | None) -> str:
        return self.fmt.share(value)

    def status(self, status: str) -> str:
        return self.label("statuses", status)

    def goal(self, goal_id: str) -> str:
        return self.ctx.goal_name(goal_id)


def status_fill(status: str) -> str:
    return colours(status).fill


# --------------------------------------------------------------------------- tables


def _table(text: ReportText, name: str, spec: list[tuple[str, float, bool]], rows: list[Row]) -> Table | None:
    if not rows:
        return None
    titles = text.columns(name)
    columns = tuple(Column(titles[key], weight, numeric, nowrap=key == "status") for key, weight, numeric in spec)
    return Table(columns, tuple(rows), name=name)


def _row(cells: list[str], status_index: int, status: str) -> Row:
    fills = tuple(status_fill(status) if i == status_index else None for i in range(len(cells)))
    return Row(tuple(cells), fills=fills)


def _grouped(text: ReportText, views: list, make) -> list[Row]:
    """Rows under a group row with their goal's name, goals in the order they first come."""
    rows: list[Row] = []
    for goal in dict.fromkeys(v.goal for v in views):
        rows.append(Row((text.goal(goal),), kind="group"))
        rows += [make(v) for v in views if v.goal == goal]
    return rows


def _pacing_row(text: ReportText, name: str, target: Decimal, v: GoalStatus | RepStatus | TerritoryStatus) -> Row:
    """A view's name, target, expected, actual, pace, status, attainment and projection."""
    return _row([name, text.amount(target, v.metric), text.amount(v.expected_to_date, v.metric),
                 text.amount(v.actual_to_date, v.metric), text.pace(v.pace), text.status(v.status),
                 text.share(v.attainment), text.amount(v.projected, v.metric)], 5, v.status)


def _pacing_spec(name: str, target: str, width: float) -> list[tuple[str, float, bool]]:
    return [(name, width, False), (target, 1.1, True), ("expected", 1.1, True), ("actual", 1.1, True),
            ("pace", 0.8, True), ("status", 1.2, False), ("attainment", 1.0, True), ("projected", 1.1, True)]


def goals_table(text: ReportText, report: TrackingReport) -> Table | None:
    rows = [_pacing_row(text, v.name or text.goal(v.goal), v.target, v) for v in report.goals]
    return _table(text, "goals", _pacing_spec("goal", "target", 2.2), rows)


def reps_table(text: ReportText, report: TrackingReport) -> Table | None:
    rows = _grouped(text, report.reps, lambda v: _pacing_row(text, v.name, v.quota, v))
    return _table(text, "reps", _pacing_spec("rep", "quota", 2.0), rows)


def territories_table(text: ReportText, report: TrackingReport) -> Table | None:
    rows = _grouped(text, report.territories, lambda v: _pacing_row(text, v.name, v.target, v))
    return _table(text, "territories", _pacing_spec("territory", "target", 2.0), rows)


def months_table(text: ReportText, report: TrackingReport) -> Table | None:
    def make(v: MonthStatus) -> Row:
        if upcoming(report, v):  # nothing expected or done yet: a dash, not "expected 0"
            return _row([text.fmt.month(v.month), text.amount(v.target, v.metric), MISSING, MISSING, MISSING,
                         text.status("upcoming")], 5, "not_started")
        return _row([text.fmt.month(v.month), text.amount(v.target, v.metric), text.amount(v.expected, v.metric),
                     text.amount(v.actual, v.metric), text.pace(v.pace), text.status(v.status)], 5, v.status)

    spec = [("month", 2.0, False), ("target", 1.2, True), ("expected", 1.2, True), ("actual", 1.2, True),
            ("pace", 0.8, True), ("status", 1.3, False)]
    return _table(text, "months", spec, _grouped(text, report.months, make))


def rejected_table(text: ReportText, report: TrackingReport) -> Table | None:
    rows = [Row((e.sheet or "", text.fmt.number(e.row), e.reason)) for e in report.rows.rejected_examples]
    return _table(text, "rejected", [("sheet", 1.0, False), ("row", 0.6, True), ("reason", 5.0, False)], rows)


# --------------------------------------------------------------------------- headlines


def who(text: ReportText, report: TrackingReport) -> str:
    view = report.headline_view
    if view is None or isinstance(view, GoalStatus):
        return text("team")
    return view.name


def headline(text: ReportText, report: TrackingReport, view: GoalStatus | RepStatus) -> str:
    """``New-business revenue: ahead — 108% of the €5,161 expected by Jan 20, 2027; heading for
    €32,288 of €30,000`` in the plan's language (the rep's name first with ``--rep``)."""
    name = text.goal(view.goal)
    if isinstance(view, RepStatus):
        name = f"{view.name} ({name})"
    if view.status == "not_tracked" or view.expected_to_date is None or view.actual_to_date is None:
        return text("headline_untracked", who=name)
    status = text.status(view.status)
    as_of = text.fmt.date(report.as_of)
    deals = view.metric == "deals"
    target = view.target if isinstance(view, GoalStatus) else view.quota
    if view.expected_to_date == 0:
        if report.as_of < report.start:
            return text("headline_before", who=name, status=status, start=text.fmt.date(report.start))
        return text("headline_nothing", who=name, status=status, actual=text.amount(view.actual_to_date, view.metric),
                    as_of=as_of, deals=deals)
    return text("headline", who=name, status=status, pace=text.pace(view.pace),
                expected=text.amount(view.expected_to_date, view.metric), as_of=as_of, deals=deals,
                projected=text.amount(view.projected, view.metric), target=text.amount(target, view.metric))


def headlines(text: ReportText, report: TrackingReport) -> list[str]:
    """One headline per goal, in priority order (per quota of the rep with ``--rep``)."""
    views: list[GoalStatus | RepStatus] = list(report.reps if report.rep is not None else report.goals)
    if not views:
        return [text("no_goal")]
    return [headline(text, report, v) for v in views]


# --------------------------------------------------------------------------- sentences for the reader


def territory_notes(text: ReportText, report: TrackingReport) -> list[str]:
    """Where a territory is ahead (or on track) while reps of it are behind because their quotas
    add up to more than its sub-goal: one sentence each, so the reader is not left puzzled."""
    notes = []
    for territory in report.territories:
        if territory.status not in ("ahead", "on_track"):
            continue
        reps = [r for r in report.reps if r.territory == territory.territory and r.goal == territory.goal]
        behind = [r for r in reps if r.status == "behind"]
        quotas = sum((r.quota for r in reps), Decimal(0))
        if behind and quotas > territory.target:
            notes.append(text("territory_note", territory=territory.name, status=text.status(territory.status),
                              reps=[r.name for r in behind], quotas=text.amount(quotas, territory.metric),
                              target=text.amount(territory.target, territory.metric)))
    return notes


def reader_notes(text: ReportText, report: TrackingReport) -> list[str]:
    """What the reader should know about the figures, said to them (the fix goes to stderr)."""
    notes = [text("untracked_note", goal=text.goal(v.goal), grid=report.layout == "grid")
             for v in (*report.goals, *report.reps) if v.status == "not_tracked"]
    notes = list(dict.fromkeys(notes))
    unknown = sum(report.unknown_reps.values())
    if unknown:
        notes.append(text("unknown_reps_note", count=unknown, names=list(report.unknown_reps)))
    if report.unknown_territories:
        notes.append(text("unknown_territories_note", count=sum(report.unknown_territories.values()),
                          names=list(report.unknown_territories)))
    other = report.rows.rejected - unknown
    if other > 0:
        notes.append(text("rejected_note", count=other))
    return notes


# --------------------------------------------------------------------------- blocks


def progress_blocks(text: ReportText, report: TrackingReport, charts: list[ChartSpec]) -> list[Block]:
    """The report's content, in reading order."""
    fmt = text.fmt
    title = text("title", who=who(text, report) if report.rep is not None else "")
    line = text("as_of_line", plan=report.plan_title, as_of=fmt.date(report.as_of), start=fmt.date(report.start),
                end=fmt.date(report.end), tolerance=fmt.share(report.tolerance))
    blocks: list[Block] = [TitleLine(title, line)]
    blocks += [Paragraph(sentence, "Subtitle") for sentence in headlines(text, report)]

    def part(key: str, table: Table | None, *after: Block) -> None:
        if table is not None:
            blocks.extend([Heading(text.label("headings", key), 1), table, *after])

    part("goals", goals_table(text, report))
    if charts:
        blocks.append(Heading(text.label("headings", "charts"), 1))
        blocks.extend(Figure(c) for c in charts)
    part("reps", reps_table(text, report))
    part("territories", territories_table(text, report), *(Paragraph(n) for n in territory_notes(text, report)))
    part("months", months_table(text, report), Paragraph(text("complete_note"), "Caption"))
    counts = report.rows
    n = fmt.number
    blocks.append(Heading(text.label("headings", "rows"), 1))
    notes = reader_notes(text, report)
    if notes:
        blocks.append(Bullets(tuple(notes)))
    blocks.append(Paragraph(text("rows_line", read=n(counts.read), counted=n(counts.counted),
                                 not_won=n(counts.not_won), outside=n(counts.outside_period),
                                 after=n(counts.after_as_of), rejected=n(counts.rejected), as_of=fmt.date(report.as_of))))
    rejected = rejected_table(text, report)
    if rejected is not None:
        blocks.extend([Heading(text.label("headings", "rejected"), 2), rejected])
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
    text = ReportText(ctx, report.tolerance)
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


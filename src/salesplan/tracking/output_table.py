"""``salesplan track --format table`` (the default): a headline, then one aligned table per view.

Statuses are coloured only when asked (the command asks on a terminal without ``NO_COLOR``).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Sequence

from salesplan.numberformat import MISSING
from salesplan.tracking.pacing import status_of
from salesplan.tracking.report import TrackingReport
from salesplan.tracking.format import amount, clean, headline, percent, status_word, upcoming
from salesplan.tracking.palette import PALETTE

Cell = tuple[str, str | None]  # text, status for colouring (None: plain)


def _render(title: str, headers: Sequence[str], rows: list[list[Cell]], right: set[int], colour: bool) -> list[str]:
    import click

    widths = [len(h) for h in headers]
    for row in rows:
        for i, (text, _) in enumerate(row):
            widths[i] = max(widths[i], len(text))

    def line(cells: Sequence[Cell]) -> str:
        parts = []
        for i, (text, status) in enumerate(cells):
            padded = text.rjust(widths[i]) if i in right else text.ljust(widths[i])
            if colour and status in PALETTE:
                padded = click.style(padded, fg=PALETTE[status].terminal, bold=PALETTE[status].bold)
            parts.append(padded)
        return "  ".join(parts).rstrip()

    out = [title, line([(h, None) for h in headers])]
    out += [line(row) for row in rows]
    return out


def _plain(text: str) -> Cell:
    return clean(text), None


def _num(value: Decimal | None, metric: str = "revenue") -> Cell:
    return amount(value, metric), None


def _status(status: str) -> Cell:
    return status_word(status), status


def _whole_deals(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)


def _figures(v, *names: str) -> list[Cell]:
    """The view's amounts (or deal counts) named, formatted by its metric."""
    return [_num(getattr(v, name), v.metric) for name in names]


def _pct(value: Decimal | None, tolerance: Decimal | None = None) -> Cell:
    return percent(value, tolerance), None


def _total(values: list[Decimal | None]) -> Decimal | None:
    return None if any(v is None for v in values) else sum(values, Decimal(0))  # type: ignore[arg-type]


def _month_rows(report: TrackingReport) -> list[list[Cell]]:
    """Per goal: the months to date and the current month, the months to come in one line, a total."""
    tolerance = report.tolerance
    goals: dict[str, list] = {}
    for v in report.months:
        goals.setdefault(v.goal, []).append(v)
    rows: list[list[Cell]] = []
    for goal, months in goals.items():
        metric = months[0].metric
        later = [v for v in months if upcoming(report, v)]
        for v in months:
            if v not in later:
                rows.append([_plain(v.month), _plain(goal), *_figures(v, "target", "expected", "actual"),
                             _pct(v.pace, tolerance), _status(v.status),
                             ("complete" if v.complete else "to date", None)])
        if later:  # nothing expected or done yet: the targets only
            span = later[0].month if len(later) == 1 else f"{later[0].month}..{later[-1].month}"
            rows.append([_plain(span), _plain(goal), _num(_total([v.target for v in later]), metric),
                         (MISSING, None), (MISSING, None), _pct(None), _status(later[0].status), ("later", None)])
        expected, actual = _total([v.expected for v in months]), _total([v.actual for v in months])
        pace = actual / expected if expected and actual is not None else None
        status = "not_tracked" if expected is None or actual is None else status_of(actual, expected, tolerance)
        rows.append([_plain("total"), _plain(goal), _num(_total([v.target for v in months]), metric),
                     _num(expected, metric), _num(actual, metric), _pct(pace, tolerance), _status(status),
                     ("to date", None)])
    return rows


def render_table(report: TrackingReport, *, colour: bool = False) -> str:
    """The whole report as text for a terminal (ends with a newline)."""
    out = [clean(headline(report)), ""]
    tolerance = report.tolerance
    period = f"{report.start.isoformat()} to {report.end.isoformat()}"
    out.append(clean(f"{report.plan_title} ({period}), as of {report.as_of.isoformat()}, "
                     f"tolerance {percent(report.tolerance)}, {report.pacing} pacing"
                     + (f", rep {report.rep}" if report.rep else "")))
    out.append((f"Amounts in {report.currency}; " if report.currency else "") + "deals goals count won deals.")

    if report.goals:
        rows = [[_plain(v.goal), _plain(v.metric), *_figures(v, "target", "expected_to_date", "actual_to_date"),
                 _pct(v.pace, tolerance), _status(v.status), _pct(v.attainment), *_figures(v, "projected")]
                for v in report.goals]
        out += [""] + _render("Goals", ["goal", "metric", "target", "expected", "actual", "pace", "status",
                                         "attainment", "projected"], rows, {2, 3, 4, 5, 7, 8}, colour)
        months = list(dict.fromkeys(m for v in report.goals for m in (v.needed_per_month or {})))
        if months:
            rows = []
            for v in report.goals:
                if v.needed_per_month is None:
                    continue
                shown = {m: (_whole_deals(x) if v.metric == "deals" else x) for m, x in v.needed_per_month.items()}
                rows.append([_plain(v.goal)] + [(amount(shown[m], v.metric) if m in shown else MISSING, None)
                                                 for m in months])
            out += [""] + _render("Needed per remaining month", ["goal"] + months, rows,
                                  set(range(1, len(months) + 1)), colour)

    if report.reps:
        rows = [[_plain(v.rep), _plain(v.name), _plain(v.goal), *_figures(v, "quota", "expected_to_date",
                                                                           "actual_to_date"),
                 _pct(v.pace, tolerance), _status(v.status), _pct(v.attainment), *_figures(v, "projected")]
                for v in report.reps]
        out += [""] + _render("Reps", ["rep", "name", "goal", "quota", "expected", "actual", "pace", "status",
                                        "attainment", "projected"], rows, {3, 4, 5, 6, 8, 9}, colour)

    if report.territories:
        rows = [[_plain(v.territory), _plain(v.name), _plain(v.goal),
                 *_figures(v, "target", "expected_to_date", "actual_to_date"), _pct(v.pace, tolerance),
                 _status(v.status)]
                for v in report.territories]
        out += [""] + _render("Territories", ["territory", "name", "goal", "target", "expected", "actual", "pace",
                                               "status"], rows, {3, 4, 5, 6}, colour)

    if report.months:
        title = f"Months of {report.rep}" if report.rep else "Months"
        out += [""] + _render(title, ["month", "goal", "target", "expected", "actual", "pace", "status", "period"],
                              _month_rows(report), {2, 3, 4, 5}, colour)

    rows = report.rows
    out += ["", f"Rows: {rows.read:,} read, {rows.counted:,} counted, {rows.not_won:,} not won, "
                f"{rows.outside_period:,} outside the period, {rows.after_as_of:,} after "
                f"{report.as_of.isoformat()}, {rows.rejected:,} rejected"]
    for example in rows.rejected_examples:
        where = f"{example.sheet} row {example.row}" if example.sheet else f"row {example.row}"
        out.append(clean(f"  {where}: {example.reason}"))
    if rows.rejected > len(rows.rejected_examples):
        out.append(f"  ... and {rows.rejected - len(rows.rejected_examples):,} more")
    return "\n".join(out) + "\n"

"""The progress report's three charts, drawn in the Word plan's style (:mod:`salesplan.render.chart_drawing`).

Imported only when a progress report is rendered (it imports matplotlib). Each function takes
a :class:`~salesplan.render.progress_specs.ProgressChart` built by
:mod:`salesplan.render.progress_specs`:

* ``cumulative``: on a continuous month axis (month ``i`` spans ``[i, i+1]``), series 0 the
  cumulative expected line through the month ends, series 1 the cumulative actual up to the
  as-of date, ``line`` the projection (dashed), and the as-of date marked with the expected
  to date on the line: the picture says what the headline says;
* ``monthly``: series 0 the monthly target, series 1 the monthly actual, side by side, the
  running month's pro-rata expected marked across its target bar;
* ``pace``: series 0 each rep's pace (1.0 = 100%), fastest first, each bar in its status's
  colour, the tolerance band shaded around 1 and every label to the right of the band.
"""

from __future__ import annotations

import math
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from salesplan.render.chart_drawing import (
    INK,
    LIGHT,
    MID,
    PRIMARY,
    axis_inches,
    category_ticks,
    draw,
    fit_labels,
    legend_outside,
    new_figure,
    text_inches,
    value_axis,
    wrap,
)
from salesplan.render.locale import Formats
from salesplan.render.progress_specs import ProgressChart

#: Grey of the as-of marker.
MARKER = "#6b6b6b"


def _top(*values) -> float:
    finite = [v for series in values for v in series if not math.isnan(v)]
    return max(finite, default=0.0)


def month_axis(ax, spec: ProgressChart, plot_width: float) -> None:
    """Month labels in the middle of their months, light rules at the month ends."""
    count = len(spec.categories)
    shown, size, rotation = fit_labels(spec.categories, plot_width / max(count, 1), narrow=spec.narrow)
    ax.set_xticks([i + 0.5 for i in range(count)])
    ax.set_xticklabels(shown, fontsize=size, rotation=rotation, ha="right" if rotation == 45 else "center",
                       rotation_mode="anchor" if rotation == 45 else "default")
    ax.set_xticks(range(count + 1), minor=True)
    ax.tick_params(axis="x", which="minor", length=3, color="#9a9a9a")
    ax.set_xlim(0, count)


def draw_cumulative(spec: ProgressChart, fmt: Formats, width: float) -> Figure:
    """Cumulative expected (grey), cumulative actual (blue), projection (dashed), the as-of date."""
    fig = new_figure(width, 3.0)
    ax = fig.add_subplot()
    (target_x, actual_x), (target, actual) = spec.xs, spec.series
    handles = []
    (line,) = ax.plot(target_x, target.values, color=MID, marker="s", markersize=3, linewidth=1.6,
                      label=target.label, zorder=2)
    handles.append(line)
    if len(actual.values) > 1:
        (line,) = ax.plot(actual_x, actual.values, color=PRIMARY, marker="o", markersize=3.6, linewidth=2.2,
                          label=actual.label, zorder=4)
        handles.append(line)
    if spec.line is not None:
        (line,) = ax.plot(spec.line_x, spec.line.values, color=INK, linestyle=(0, (4, 3)), linewidth=1.3,
                          marker="o", markersize=2.6, markerfacecolor="white", label=spec.line.label, zorder=3)
        handles.append(line)
    top = _top(target.values, actual.values, spec.line.values if spec.line else ())
    ax.set_ylim(0, top * 1.15 or 1)
    marker = spec.as_of
    if marker is not None and 0 < marker.x < len(spec.categories) + 1e-9:
        ax.axvline(marker.x, color=MARKER, linewidth=0.9, linestyle=(0, (2, 2)), zorder=1)
        left = marker.x < len(spec.categories) * 0.75  # the label on the side with room
        ax.annotate(spec.label("as_of"), xy=(marker.x, 1), xycoords=("data", "axes fraction"),
                    xytext=(3 if left else -3, -2), textcoords="offset points", ha="left" if left else "right",
                    va="top", fontsize=7, color=MARKER)
        (point,) = ax.plot([marker.x], [marker.expected], linestyle="none", marker="D", markersize=5,
                           markerfacecolor="white", markeredgecolor=INK, markeredgewidth=1.1,
                           label=spec.label("expected_at"), zorder=5)
        handles.append(point)
    ax.grid(axis="y")
    value_axis(ax.yaxis, fmt, spec.money)
    month_axis(ax, spec, width - axis_inches(fmt, spec.money, top) - 0.1)
    legend_outside(fig, handles, [h.get_label() for h in handles])
    return fig


def draw_monthly(spec: ProgressChart, fmt: Formats, width: float) -> Figure:
    """Each month's target (light, hatched) and actual (slate blue) side by side; the running
    month's expected to date marked across its target bar."""
    count = len(spec.categories)
    fig = new_figure(width, 3.0)
    ax = fig.add_subplot()
    target, actual = spec.series[0], spec.series[1]
    left = [i - 0.19 for i in range(count)]
    right = [i + 0.19 for i in range(len(actual.values))]
    handles = [ax.bar(left, target.values, width=0.36, color=LIGHT, hatch="///", edgecolor="#555555",
                      linewidth=0.5, label=target.label, zorder=2)]
    if actual.values:
        handles.append(ax.bar(right, actual.values, width=0.36, color=PRIMARY, label=actual.label, zorder=2))
    marker = spec.as_of
    if marker is not None:
        middle = marker.x - 0.19  # across the running month's target bar, as wide as it
        handles.append(ax.hlines([marker.expected], [middle - 0.18], [middle + 0.18], colors=INK, linewidth=2,
                                 label=spec.label("expected_at"), zorder=4))
    top = _top(target.values, actual.values)
    ax.set_ylim(0, top * 1.12 or 1)
    ax.grid(axis="y")
    value_axis(ax.yaxis, fmt, spec.money)
    category_ticks(ax, spec, width - axis_inches(fmt, spec.money, top) - 0.1)
    legend_outside(fig, handles, [h.get_label() for h in handles])
    return fig


def draw_pace(spec: ProgressChart, fmt: Formats, width: float) -> Figure:
    """One horizontal bar per rep (its pace) in its status's colour, fastest at the top; the band
    1 +- tolerance shaded, a line at 100%, each label right of its bar and of the band."""
    count = len(spec.categories)
    tolerance = float(spec.label("tolerance"))
    paces = spec.series[0].values
    step = min(0.36, 7.2 / max(count, 1))  # 20 reps and more: thinner rows, the chart stays on a page
    fig = new_figure(width, 1.1 + step * count)
    ax = fig.add_subplot()
    band = ax.axvspan(1 - tolerance, 1 + tolerance, color=LIGHT, alpha=0.9, zorder=0, hatch="..",
                      label=spec.label("band"))
    ax.barh(range(count), paces, height=0.62, color=list(spec.colours) or PRIMARY, zorder=2)
    full = ax.axvline(1.0, color=INK, linewidth=1.2, zorder=3, label=spec.label("full_pace"))
    size = 8 if count <= 12 else 7 if count <= 24 else 6
    names = [wrap(c, 24, 1 if count > 12 else 2) for c in spec.categories]
    ax.set_yticks(range(count))
    ax.set_yticklabels(names, fontsize=size)
    ax.set_ylim(count - 0.5, -0.5)
    peak = max(max(paces, default=0), 1 + tolerance)
    low = min(0, min(paces, default=0))
    starts = [max(value, 1 + tolerance) + peak * 0.02 for value in paces]
    # the x range R that holds every label: start + (label inches / plot inches) * R <= R
    widest = max((text_inches(name, size) for name in names), default=0)
    plot = max(width - min(widest, width * 0.35) - 0.35, 1.0)
    shares = [text_inches(note, size - 0.5) / plot for note in spec.notes]
    span = max([(start - low) / (1 - share) for start, share in zip(starts, shares) if share < 0.9] + [peak - low])
    ax.set_xlim(low, low + span * 1.03)
    for index, (start, note) in enumerate(zip(starts, spec.notes)):
        ax.text(start, index, note, va="center", fontsize=size - 0.5, color=INK, zorder=4)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.share(Decimal(str(round(v, 2))))))
    ax.grid(axis="x")
    ax.spines["left"].set_visible(False)
    for label in ax.get_xticklabels():
        label.set_fontsize(7)
    statuses = [item.split("=", 1) for item in spec.label("statuses").split("|") if item]
    handles = [Patch(color=colour, label=word) for colour, word in statuses]
    handles += [band, full]
    legend_outside(fig, handles, [h.get_label() for h in handles])
    return fig


DRAWERS = {"cumulative": draw_cumulative, "monthly": draw_monthly, "pace": draw_pace}


def draw_progress(spec: ProgressChart, fmt: Formats, width: float):
    """The chart as a :class:`~salesplan.render.blocks.Picture` (same PNG settings as the plan's)."""
    return draw(spec, fmt, width, DRAWERS)


__all__ = ["DRAWERS", "draw_cumulative", "draw_monthly", "draw_pace", "draw_progress"]

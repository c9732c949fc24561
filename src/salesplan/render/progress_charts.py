"""The progress report's three charts, drawn in the Word plan's style (:mod:`salesplan.render.chart_drawing`).

Imported only when a progress report is rendered (it imports matplotlib). Each function takes
a :class:`~salesplan.render.blocks.ChartSpec` built by :mod:`salesplan.render.progress_report`:

* ``cumulative``: series 0 the cumulative target, series 1 the cumulative actual (months up to
  ``as_of``), ``line`` the projection (NaN before the last actual point), dashed;
* ``monthly``: series 0 the monthly target, series 1 the monthly actual, side by side;
* ``pace``: series 0 each rep's pace (1.0 = 100%), the tolerance band shaded around 1.
"""

from __future__ import annotations

import math
from decimal import Decimal

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from salesplan.render.blocks import ChartSpec
from salesplan.render.chart_drawing import (
    INK,
    LIGHT,
    MID,
    PRIMARY,
    axis_inches,
    category_ticks,
    draw,
    legend_outside,
    new_figure,
    text_inches,
    value_axis,
    wrap,
)
from salesplan.render.locale import Formats


def _top(*values) -> float:
    finite = [v for series in values for v in series if not math.isnan(v)]
    return max(finite, default=0.0)


def draw_cumulative(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """Cumulative target (grey line with points), cumulative actual (blue), projection (dashed)."""
    count = len(spec.categories)
    fig = new_figure(width, 3.0)
    ax = fig.add_subplot()
    x = list(range(count))
    target, actual = spec.series[0], spec.series[1]
    handles = []
    (line,) = ax.plot(x, target.values, color=MID, marker="s", markersize=3.2, linewidth=1.6,
                      label=target.label, zorder=2)
    handles.append(line)
    if actual.values:
        done = list(range(len(actual.values)))
        (line,) = ax.plot(done, actual.values, color=PRIMARY, marker="o", markersize=3.6, linewidth=2.2,
                          label=actual.label, zorder=3)
        handles.append(line)
    if spec.line is not None:
        (line,) = ax.plot(x, spec.line.values, color=INK, linestyle=(0, (4, 3)), linewidth=1.4,
                          marker="o", markersize=2.6, markerfacecolor="white", label=spec.line.label, zorder=3)
        handles.append(line)
    top = _top(target.values, actual.values, spec.line.values if spec.line else ())
    ax.set_ylim(0, top * 1.12 or 1)
    ax.grid(axis="y")
    value_axis(ax.yaxis, fmt, spec.money)
    category_ticks(ax, spec, width - axis_inches(fmt, spec.money, top) - 0.1)
    legend_outside(fig, handles, [h.get_label() for h in handles])
    return fig


def draw_monthly(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """Each month's target (light, hatched) and actual (slate blue) side by side."""
    count = len(spec.categories)
    fig = new_figure(width, 3.0)
    ax = fig.add_subplot()
    target, actual = spec.series[0], spec.series[1]
    left = [i - 0.19 for i in range(count)]
    right = [i + 0.19 for i in range(len(actual.values))]
    bars = [ax.bar(left, target.values, width=0.36, color=LIGHT, hatch="///", edgecolor="#555555",
                   linewidth=0.5, label=target.label, zorder=2)]
    if actual.values:
        bars.append(ax.bar(right, actual.values, width=0.36, color=PRIMARY, label=actual.label, zorder=2))
    top = _top(target.values, actual.values)
    ax.set_ylim(0, top * 1.12 or 1)
    ax.grid(axis="y")
    value_axis(ax.yaxis, fmt, spec.money)
    category_ticks(ax, spec, width - axis_inches(fmt, spec.money, top) - 0.1)
    legend_outside(fig, bars, [b.get_label() for b in bars])
    return fig


def draw_pace(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """One horizontal bar per rep (its pace), the band 1 +- tolerance shaded, a line at 100%."""
    count = len(spec.categories)
    tolerance = float(spec.label("tolerance"))
    paces = spec.series[0].values
    fig = new_figure(width, 1.0 + 0.36 * count)
    ax = fig.add_subplot()
    band = ax.axvspan(1 - tolerance, 1 + tolerance, color=LIGHT, alpha=0.9, zorder=0, hatch="..",
                      label=spec.label("band"))
    bars = ax.barh(range(count), paces, height=0.58, color=PRIMARY, zorder=2, label=spec.series[0].label)
    full = ax.axvline(1.0, color=INK, linewidth=1.2, zorder=3, label=spec.label("full_pace"))
    ax.set_yticks(range(count))
    ax.set_yticklabels([wrap(c, 24) for c in spec.categories], fontsize=8 if count <= 12 else 7)
    ax.invert_yaxis()
    peak = max(max(paces, default=0), 1 + tolerance)
    longest = max((text_inches(n, 7.5) for n in spec.notes), default=0)
    room = longest / max(width * 0.55, 1)
    ax.set_xlim(0, peak * (1.08 + room * 1.2))
    for index, (value, note) in enumerate(zip(paces, spec.notes)):
        ax.text(value + peak * 0.015, index, note, va="center", fontsize=7.5, color=INK, zorder=4)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.percent(Decimal(str(round(v, 2))), digits=0)))
    ax.grid(axis="x")
    ax.spines["left"].set_visible(False)
    for label in ax.get_xticklabels():
        label.set_fontsize(7)
    legend_outside(fig, [bars, band, full], [bars.get_label(), band.get_label(), full.get_label()])
    return fig


DRAWERS = {"cumulative": draw_cumulative, "monthly": draw_monthly, "pace": draw_pace}


def draw_progress(spec: ChartSpec, fmt: Formats, width: float):
    """The chart as a :class:`~salesplan.render.blocks.Picture` (same PNG settings as the plan's)."""
    return draw(spec, fmt, width, DRAWERS)


__all__ = ["DRAWERS", "draw_cumulative", "draw_monthly", "draw_pace", "draw_progress"]

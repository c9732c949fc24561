"""The Word plan's charts, drawn with the helpers of :mod:`salesplan.render.chart_drawing`.

One function per :class:`~salesplan.render.blocks.ChartSpec` kind (:data:`DRAWERS`): the
monthly targets (one value axis for the months and the cumulative curve, or two small
panels when the cumulative dwarfs the months), the summary's seasonality bars, last year
beside the plan, rep quotas (stacked, or a grid for many reps), territory and budget bars,
the reverse funnel and the customer journey.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Callable, Iterable

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from salesplan.render.blocks import ChartSpec
from salesplan.render.chart_drawing import (
    INK,
    JOURNEY_NOTES_MAX,
    LIGHT,
    MAX_HEIGHT,
    MID,
    PALETTE,
    PRIMARY,
    QUOTA_MAP,
    axis_inches,
    category_ticks,
    fit_labels,
    label_depth,
    legend_inches,
    legend_on_right,
    legend_outside,
    new_figure,
    shorten_middle,
    text_inches,
    value_axis,
    wrap,
)
from salesplan.render.chart_specs import uses_grid
from salesplan.render.locale import Formats


#: The cumulative curve shares the months' axis up to this many times the largest month;
#: beyond, the months would be flattened, so the curve gets a small panel of its own.
SHARED_AXIS_RATIO = 4.0

#: The team target across the quota bars: a colour apart from the slate and grey fills.
TARGET_MARK = "#c2410c"


def draw_targets(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """Bars of the monthly target with the cumulative target as a line on the same axis (an
    8,000 bar and an 8,000 point stand at the same height), or in a panel below when the
    cumulative is many times the largest month."""
    values = list(spec.series[0].values)
    running = list(spec.line.values) if spec.line is not None else []
    if running and max(running) > SHARED_AXIS_RATIO * max(values):
        return draw_target_panels(spec, fmt, width)
    count = len(spec.categories)
    fig = new_figure(width, 3.0)
    ax = fig.add_subplot()
    x = range(count)
    bars = ax.bar(x, values, width=0.66, color=PRIMARY, label=spec.series[0].label, zorder=2)
    top = max(values + running)
    ax.grid(axis="y")
    value_axis(ax.yaxis, fmt, spec.money)
    ax.set_ylim(0, top * 1.1 or 1)
    category_ticks(ax, spec, width - axis_inches(fmt, spec.money, top) - 0.1)
    handles = [bars]
    if running:
        (line,) = ax.plot(x, running, color=INK, marker="o", markersize=3.2, linewidth=1.5,
                          label=spec.line.label, zorder=3)
        handles.append(line)
    legend_outside(fig, handles, [h.get_label() for h in handles])
    return fig


def draw_target_panels(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """The monthly targets as bars above, the cumulative target as a line below, one x axis."""
    count = len(spec.categories)
    values = list(spec.series[0].values)
    running = list(spec.line.values)
    fig = new_figure(width, 3.8)
    months, total = fig.subplots(2, 1, sharex=True, height_ratios=[1.2, 1])
    x = range(count)
    bars = months.bar(x, values, width=0.66, color=PRIMARY, label=spec.series[0].label, zorder=2)
    months.grid(axis="y")
    value_axis(months.yaxis, fmt, spec.money)
    months.set_ylim(0, max(values) * 1.12 or 1)
    months.tick_params(labelbottom=False)
    (line,) = total.plot(x, running, color=INK, marker="o", markersize=2.6, linewidth=1.4, label=spec.line.label,
                         zorder=3)
    total.fill_between(x, running, 0, color=LIGHT, zorder=1)
    total.grid(axis="y")
    value_axis(total.yaxis, fmt, spec.money)
    total.set_ylim(0, max(running) * 1.1 or 1)
    category_ticks(total, spec, width - axis_inches(fmt, spec.money, max(running)) - 0.1)
    legend_outside(fig, [bars, line], [bars.get_label(), line.get_label()])
    return fig


def draw_seasonality(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """The summary's small chart: the monthly targets, each bar labelled with its share of the period."""
    count = len(spec.categories)
    values = list(spec.series[0].values)
    labels = [wrap(n, 8) for n in spec.notes]
    plot = width - axis_inches(fmt, spec.money, max(values)) - 0.1
    slot = plot / max(count, 1)
    size = 7.5 if all(text_inches(n, 7.5) <= slot * 0.9 for n in labels) else 6.5
    shown = all(text_inches(n, size) <= slot * 0.95 for n in labels)
    fig = new_figure(width, 1.4)
    ax = fig.add_subplot()
    ax.bar(range(count), values, width=0.66, color=PRIMARY, zorder=2)
    ax.grid(axis="y")
    value_axis(ax.yaxis, fmt, spec.money)
    ax.yaxis.get_major_locator().set_params(nbins=3)
    for label in ax.get_yticklabels():
        label.set_fontsize(7)
    ax.set_ylim(0, max(values) * 1.25 or 1)
    if shown:
        for index, (value, note) in enumerate(zip(values, labels)):
            ax.annotate(note, (index, value), textcoords="offset points", xytext=(0, 2), ha="center", va="bottom",
                        fontsize=size, color=INK)
    category_ticks(ax, spec, plot)
    return fig


def draw_basis(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """Two bars a month: last year's won revenue (light) beside the new target (dark)."""
    count = len(spec.categories)
    fig = new_figure(width, 3.0)
    ax = fig.add_subplot()
    before, after = spec.series
    bar = 0.4
    left = ax.bar([i - bar / 2 for i in range(count)], before.values, width=bar, color=MID, label=before.label,
                  zorder=2)
    right = ax.bar([i + bar / 2 for i in range(count)], after.values, width=bar, color=PRIMARY, label=after.label,
                   zorder=2)
    top = max(max(before.values), max(after.values))
    ax.grid(axis="y")
    value_axis(ax.yaxis, fmt, spec.money)
    ax.set_ylim(0, top * 1.12 or 1)
    category_ticks(ax, spec, width - axis_inches(fmt, spec.money, top) - 0.1)
    legend_outside(fig, [left, right], [before.label, after.label])
    return fig


def draw_quotas(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    if uses_grid(len(spec.series)):
        return draw_quota_grid(spec, fmt, width)
    return draw_quota_stack(spec, fmt, width)


def target_marks(ax, values: Iterable[float], label: str):
    """The team target as a line across each month's bar, centred exactly on the target value
    (no halo, which would make it look higher or lower than it is)."""
    values = list(values)
    x = list(range(len(values)))
    marks = ax.hlines(values, [i - 0.45 for i in x], [i + 0.45 for i in x], colors=TARGET_MARK, linewidth=1.8,
                      label=label, zorder=4)
    return marks


def draw_quota_stack(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """One bar segment per rep, stacked, so a ramping rep's growing share shows month by month."""
    count = len(spec.categories)
    fig = new_figure(width, 3.1)
    ax = fig.add_subplot()
    bottom = [0.0] * count
    handles = []
    for index, series in enumerate(spec.series):
        colour, hatch = PALETTE[index % len(PALETTE)]
        bars = ax.bar(range(count), series.values, bottom=bottom, width=0.66, color=colour, hatch=hatch,
                      edgecolor="#333333", linewidth=0.4, label=series.label, zorder=2)
        handles.append(bars)
        bottom = [b + v for b, v in zip(bottom, series.values)]
    tops = list(bottom)
    if spec.line is not None:
        handles.append(target_marks(ax, spec.line.values, spec.line.label))
        tops += list(spec.line.values)
    ax.grid(axis="y")
    value_axis(ax.yaxis, fmt, spec.money)
    ax.set_ylim(0, max(tops) * 1.1 or 1)
    labels = [h.get_label() for h in handles]
    plot = width - axis_inches(fmt, spec.money, max(tops)) - 0.1
    if legend_on_right(labels):
        plot -= legend_inches(labels)
    category_ticks(ax, spec, plot)
    legend_outside(fig, handles, labels)
    return fig


def draw_quota_grid(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """Many reps: their total against the team target above, one grid row per rep below."""
    reps = len(spec.series)
    count = len(spec.categories)
    row = min(0.16, (MAX_HEIGHT - 2.6) / reps)
    fig = new_figure(width, 2.6 + row * reps)
    top, grid = fig.subplots(2, 1, sharex=True, height_ratios=[1.6, row * reps])
    totals = [sum(values) for values in zip(*(s.values for s in spec.series))]
    bars = top.bar(range(count), totals, width=0.66, color=MID, label=spec.label("all_reps"), zorder=2)
    handles = [bars]
    if spec.line is not None:
        handles.append(target_marks(top, spec.line.values, spec.line.label))
    top.grid(axis="y")
    value_axis(top.yaxis, fmt, spec.money)
    top.set_ylim(0, max(totals + list(spec.line.values if spec.line else [])) * 1.12 or 1)
    top.tick_params(labelbottom=False)

    matrix = [list(s.values) for s in spec.series]
    image = grid.imshow(matrix, aspect="auto", cmap=QUOTA_MAP, vmin=0, interpolation="nearest")
    grid.set_yticks([i + 0.5 for i in range(reps - 1)], minor=True)
    grid.grid(which="minor", axis="y", color="white", linewidth=0.8)
    grid.tick_params(which="minor", length=0)
    name_size = max(5.5, min(7.5, row * 72 * 0.8))
    grid.set_yticks(range(reps))
    grid.set_yticklabels([shorten_middle(s.label, 26) for s in spec.series], fontsize=name_size)
    grid.spines[:].set_visible(False)
    names = max(text_inches(label.get_text(), name_size) for label in grid.get_yticklabels())
    top_value = max(max(s.values) for s in spec.series)
    colourbar_width = 0.35 + axis_inches(fmt, spec.money, top_value) + 0.25
    category_ticks(grid, spec, width - names - colourbar_width - 0.1)
    colourbar = fig.colorbar(image, ax=grid, location="right", shrink=min(1.0, 2.5 / (row * reps)), pad=0.02)
    colourbar.outline.set_visible(False)
    colourbar.set_label(spec.label("quota"))
    value_axis(colourbar.ax.yaxis, fmt, spec.money)
    legend_outside(fig, handles, [h.get_label() for h in handles])
    return fig


def horizontal_bars(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """One bar per category, largest first, each labelled with its amount and share."""
    count = len(spec.categories)
    fig = new_figure(width, 0.7 + 0.36 * count)
    ax = fig.add_subplot()
    values = spec.series[0].values
    ax.barh(range(count), values, height=0.62, color=PRIMARY, zorder=2)
    ax.set_yticks(range(count))
    ax.set_yticklabels([wrap(c, 24) for c in spec.categories], fontsize=8 if count <= 12 else 7)
    ax.invert_yaxis()
    peak = max(values) or 1
    for index, (value, note) in enumerate(zip(values, spec.notes)):
        ax.text(value + peak * 0.015, index, note, va="center", fontsize=7.5, color=INK)
    longest_note = max((text_inches(n, 7.5) for n in spec.notes), default=0)
    room = longest_note / max(width * 0.55, 1)  # share of the plot the labels need
    ax.set_xlim(0, peak * (1.05 + room * 1.2))
    ax.grid(axis="x")
    value_axis(ax.xaxis, fmt, spec.money)
    ax.spines["left"].set_visible(False)
    for label in ax.get_xticklabels():
        label.set_fontsize(7)
    return fig


def draw_funnel(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """Bars centred on one axis, widest at the top, each with its count and, right beside it,
    the share that reaches the next stage."""
    count = len(spec.categories)
    fig = new_figure(width, 0.6 + 0.48 * count)
    ax = fig.add_subplot()
    values = spec.series[0].values
    peak = max(values) or 1
    names = [wrap(c, 22) for c in spec.categories]
    counts = [fmt.number(Decimal(round(value))) for value in values]
    inside = [value / peak > 0.18 for value in values]
    beside = [(note if fits_in else f"{number}    {note}".rstrip()) for note, number, fits_in
              in zip(spec.notes, counts, inside)]
    # the x range leaves room right of each bar for its label: a label starting at data x
    # and text_inches wide ends inside when x + text * xmax / plot <= xmax
    plot = width - max((text_inches(n, 8) for n in names), default=0) - 0.35
    xmax = peak * 1.02
    for text, value in zip(beside, values):
        share = min((text_inches(text, 7.5) + 0.08) / plot, 0.6)
        xmax = max(xmax, ((peak + value) / 2 + peak * 0.02) / (1 - share))
    shades = [PRIMARY, "#4a6585", MID, "#a9b5c3", LIGHT, "#e8ecf0"]
    for index, value in enumerate(values):
        shade = shades[min(index, len(shades) - 1)]
        ax.barh(index, value, left=(peak - value) / 2, height=0.7, color=shade, edgecolor="#333333", linewidth=0.4)
        if inside[index]:
            colour = "white" if index < 2 else INK
            ax.text(peak / 2, index, counts[index], va="center", ha="center", fontsize=8, color=colour,
                    fontweight="bold")
        right = (peak + value) / 2 + peak * 0.02
        if not inside[index]:
            ax.text(right, index, counts[index], va="center", ha="left", fontsize=8, color=INK, fontweight="bold")
        if spec.notes[index]:
            gap = 0 if inside[index] else text_inches(counts[index], 8) * 72 + 10
            ax.annotate(spec.notes[index], (right, index), textcoords="offset points", xytext=(gap, 0),
                        va="center", ha="left", fontsize=7.5, color="#444444")
    ax.set_yticks(range(count))
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    ax.set_xlim(0, xmax)
    ax.set_xticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return fig


def draw_journey(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """The customer's sentiment at each stage, from very negative to very positive."""
    count = len(spec.categories)
    levels = max(text_inches(spec.label(str(level)), 8) for level in range(-2, 3))
    plot = width - levels - 0.25
    shown, size, rotation = fit_labels(spec.categories, plot / max(count, 1), wrap_lines=3)
    fig = new_figure(width, 2.6 + label_depth(shown, size, rotation))
    ax = fig.add_subplot()
    values = list(spec.series[0].values)
    x = list(range(count))
    ax.axhline(0, color="#777777", linewidth=0.8, zorder=1)
    known = [v if not math.isnan(v) else 0.0 for v in values]
    ax.fill_between(x, known, 0, where=[v >= 0 for v in known], interpolate=True, color=LIGHT, zorder=1)
    ax.fill_between(x, known, 0, where=[v <= 0 for v in known], interpolate=True, facecolor="white",
                    hatch="///", edgecolor=MID, linewidth=0, zorder=1)
    ax.plot(x, values, color=PRIMARY, marker="o", markersize=5, linewidth=1.8, zorder=3)
    legend_outside(fig, [Patch(facecolor=LIGHT, edgecolor=LIGHT), Patch(facecolor="white", hatch="///", edgecolor=MID)],
                   [spec.label("positive"), spec.label("negative")])
    for index, (value, note) in enumerate(zip(values, spec.notes)):
        if count <= JOURNEY_NOTES_MAX and note and not math.isnan(value):
            offset = 9 if value >= 0 else -9
            ax.annotate(wrap(note, 16), (index, value), textcoords="offset points", xytext=(0, offset),
                        ha="center", va="bottom" if value >= 0 else "top", fontsize=7, color=INK)
    ax.set_ylim(-2.9, 2.9)
    ax.set_yticks(range(-2, 3))
    ax.set_yticklabels([spec.label(str(level)) for level in range(-2, 3)])
    ax.grid(axis="y")
    category_ticks(ax, spec, plot, wrap_lines=3)
    return fig


DRAWERS: dict[str, Callable[[ChartSpec, Formats, float], Figure]] = {
    "targets": draw_targets,
    "seasonality": draw_seasonality,
    "basis": draw_basis,
    "quotas": draw_quotas,
    "territories": horizontal_bars,
    "budget": horizontal_bars,
    "funnel": draw_funnel,
    "journey": draw_journey,
}



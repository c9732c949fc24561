"""Drawing the charts with matplotlib (Agg, no pyplot, no display), one PNG per chart.

Imported only when a document is rendered: matplotlib costs about half a second to import.
One sober style for every chart: a dark slate blue, greys and hatching that stay apart in
black and white, axes in the document's language (Babel-formatted amounts with the
currency), labels wrapped, shortened or turned so they never overlap, figures sized by the
number of bars, legends outside the plot. PNGs carry no timestamp and no software tag, at
a fixed resolution, so the same plan always gives the same bytes.
"""

from __future__ import annotations

import io
import math
import textwrap
from decimal import Decimal
from typing import Callable, Iterable

import matplotlib
import numpy
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from salesplan.render.blocks import ChartSpec, Picture
from salesplan.render.figures import uses_grid
from salesplan.render.locale import Formats

#: Print resolution of the pictures.
DPI = 200
#: The tallest picture, in inches (an A4 or Letter page less its margins and a caption).
MAX_HEIGHT = 8.4

INK = "#1a1a1a"
PRIMARY = "#2f4b6e"
MID = "#8696a8"
LIGHT = "#d5dbe2"
GRID = "#dcdcdc"

#: Fills for stacked series: tones far apart in grey, with hatching for the lighter ones.
PALETTE: tuple[tuple[str, str], ...] = (
    (PRIMARY, ""),
    (LIGHT, "///"),
    (MID, ""),
    ("#ffffff", "..."),
    ("#4d4d4d", ""),
    ("#bcc5cf", "\\\\\\"),
    ("#6b7f96", "xx"),
    ("#eeeeee", "---"),
    ("#a3a3a3", ""),
    ("#ffffff", "ooo"),
)

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": "#555555",
    "axes.linewidth": 0.6,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.axisbelow": True,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "xtick.major.size": 0,
    "ytick.major.size": 0,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "hatch.color": "#333333",
    "hatch.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": 7.5,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
}


# --------------------------------------------------------------------------- text helpers


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrap(text: str, width: int, lines: int = 2) -> str:
    """``text`` on at most ``lines`` lines of ``width`` characters, the rest shortened."""
    parts = textwrap.wrap(" ".join(text.split()), width, break_long_words=True) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [shorten(" ".join(parts[lines - 1:]), width)]
    return "\n".join(parts)


def text_inches(text: str, points: float) -> float:
    """A rough width of the longest line of ``text`` set at ``points`` (DejaVu Sans)."""
    longest = max((len(line) for line in text.split("\n")), default=0)
    return longest * points * 0.6 / 72


# --------------------------------------------------------------------------- axes helpers


def value_formatter(fmt: Formats, money: bool) -> FuncFormatter:
    def label(value: float, _position: int) -> str:
        number = Decimal(round(value))
        return fmt.money(number) if money else fmt.number(number)

    return FuncFormatter(label)


def value_axis(axis, fmt: Formats, money: bool) -> None:
    axis.set_major_formatter(value_formatter(fmt, money))
    axis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=3))


def category_ticks(ax, labels: tuple[str, ...], width: float, *, wrap_at: int = 0) -> None:
    """Category labels on the x axis: smaller, then turned, as their count grows."""
    count = len(labels)
    size = 8 if count <= 12 else 7 if count <= 18 else 6.5
    shown = [wrap(label, wrap_at) if wrap_at else label for label in labels]
    slot = width * 0.8 / max(count, 1)
    widest = max((text_inches(label, size) for label in shown), default=0)
    rotation = 0 if widest <= slot * 0.95 else 90 if widest > slot * 2.2 else 45
    ax.set_xticks(range(count))
    ax.set_xticklabels(shown, fontsize=size, rotation=rotation,
                       ha="right" if rotation == 45 else "center", rotation_mode="anchor" if rotation == 45 else "default")
    ax.set_xlim(-0.6, count - 0.4)


def legend_outside(fig: Figure, handles: list, labels: list[str], *, columns: int | None = None) -> None:
    """The legend above the plot for a few short entries, on the right for many or long ones."""
    labels = [shorten(label, 26) for label in labels]
    if len(labels) <= 4 and sum(len(label) for label in labels) <= 70:
        fig.legend(handles, labels, loc="outside upper left", ncols=len(labels), handlelength=1.6)
    else:
        fig.legend(handles, labels, loc="outside right upper", ncols=columns or 1, handlelength=1.6)


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, min(height, MAX_HEIGHT)), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def png(fig: Figure) -> bytes:
    """The figure as an opaque RGB PNG at :data:`DPI`, with no timestamp or software tag.

    Drawn once on the Agg canvas and encoded once by Pillow (``savefig`` would encode an
    RGBA PNG that would then need decoding to drop the alpha channel).
    """
    fig.canvas.draw()
    pixels = numpy.asarray(fig.canvas.buffer_rgba())
    image = Image.fromarray(pixels).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6, dpi=(DPI, DPI))
    return out.getvalue()


# --------------------------------------------------------------------------- the charts


def draw_targets(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """Bars of the monthly target, the cumulative target as a line on its own axis."""
    count = len(spec.categories)
    fig = new_figure(width, 3.0)
    ax = fig.add_subplot()
    x = range(count)
    values = spec.series[0].values
    bars = ax.bar(x, values, width=0.66, color=PRIMARY, label=spec.series[0].label, zorder=2)
    ax.grid(axis="y")
    value_axis(ax.yaxis, fmt, spec.money)
    ax.set_ylim(0, max(values) * 1.12 or 1)
    category_ticks(ax, spec.categories, width)
    handles = [bars]
    if spec.line is not None:
        right = ax.twinx()
        right.spines["right"].set_visible(True)
        (line,) = right.plot(x, spec.line.values, color=INK, marker="o", markersize=3.2, linewidth=1.5,
                             label=spec.line.label, zorder=3)
        right.set_ylim(0, max(spec.line.values) * 1.08 or 1)
        value_axis(right.yaxis, fmt, spec.money)
        handles.append(line)
    legend_outside(fig, handles, [h.get_label() for h in handles])
    return fig


def draw_quotas(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    if uses_grid(len(spec.series)):
        return draw_quota_grid(spec, fmt, width)
    return draw_quota_stack(spec, fmt, width)


def target_marks(ax, values: Iterable[float], label: str):
    """The team target as a short thick line across each month's bar."""
    values = list(values)
    x = list(range(len(values)))
    return ax.hlines(values, [i - 0.42 for i in x], [i + 0.42 for i in x], colors=INK, linewidth=1.8,
                     label=label, zorder=4)


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
    category_ticks(ax, spec.categories, width * 0.75)
    legend_outside(fig, handles, [h.get_label() for h in handles])
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
    image = grid.imshow(matrix, aspect="auto", cmap="Greys", vmin=0, interpolation="nearest")
    name_size = max(5.5, min(7.5, row * 72 * 0.8))
    grid.set_yticks(range(reps))
    grid.set_yticklabels([shorten(s.label, 24) for s in spec.series], fontsize=name_size)
    grid.spines[:].set_visible(False)
    category_ticks(grid, spec.categories, width * 0.8)
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
    """Bars centred on one axis, widest at the top, each with its count; conversions between."""
    count = len(spec.categories)
    fig = new_figure(width, 0.6 + 0.48 * count)
    ax = fig.add_subplot()
    values = spec.series[0].values
    peak = max(values) or 1
    shades = [PRIMARY, "#4a6585", MID, "#a9b5c3", LIGHT, "#e8ecf0"]
    for index, value in enumerate(values):
        shade = shades[min(index, len(shades) - 1)]
        ax.barh(index, value, left=(peak - value) / 2, height=0.7, color=shade, edgecolor="#333333", linewidth=0.4)
        text = fmt.number(Decimal(round(value)))
        inside = value / peak > 0.18
        colour = "white" if inside and index < 2 else INK
        x = peak / 2 if inside else (peak + value) / 2 + peak * 0.02
        ax.text(x, index, text, va="center", ha="center" if inside else "left", fontsize=8, color=colour,
                fontweight="bold")
    for index, note in enumerate(spec.notes):
        if note:
            ax.text(peak * 1.03, index + 0.5, f"↓ {note}", va="center", ha="left", fontsize=7.5, color="#444444")
    ax.set_yticks(range(count))
    ax.set_yticklabels([wrap(c, 22) for c in spec.categories])
    ax.invert_yaxis()
    ax.set_xlim(0, peak * 1.18)
    ax.set_xticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    return fig


def draw_journey(spec: ChartSpec, fmt: Formats, width: float) -> Figure:
    """The customer's sentiment at each stage, from very negative to very positive."""
    count = len(spec.categories)
    fig = new_figure(width, 3.0)
    ax = fig.add_subplot()
    values = list(spec.series[0].values)
    x = list(range(count))
    ax.axhline(0, color="#777777", linewidth=0.8, zorder=1)
    known = [v if not math.isnan(v) else 0.0 for v in values]
    ax.fill_between(x, known, 0, where=[v >= 0 for v in known], interpolate=True, color=LIGHT, zorder=1)
    ax.fill_between(x, known, 0, where=[v <= 0 for v in known], interpolate=True, facecolor="white",
                    hatch="///", edgecolor=MID, linewidth=0, zorder=1)
    ax.plot(x, values, color=PRIMARY, marker="o", markersize=5, linewidth=1.8, zorder=3)
    note_size = 7 if count <= 8 else 6
    for index, (value, note) in enumerate(zip(values, spec.notes)):
        if note and not math.isnan(value):
            offset = 9 if value >= 0 else -9
            ax.annotate(wrap(note, 16), (index, value), textcoords="offset points", xytext=(0, offset),
                        ha="center", va="bottom" if value >= 0 else "top", fontsize=note_size, color=INK)
    ax.set_ylim(-2.9, 2.9)
    ax.set_yticks(range(-2, 3))
    ax.set_yticklabels([spec.label(str(level)) for level in range(-2, 3)])
    ax.grid(axis="y")
    category_ticks(ax, spec.categories, width * 0.8, wrap_at=14 if count <= 8 else 12)
    return fig


DRAWERS: dict[str, Callable[[ChartSpec, Formats, float], Figure]] = {
    "targets": draw_targets,
    "quotas": draw_quotas,
    "territories": horizontal_bars,
    "budget": horizontal_bars,
    "funnel": draw_funnel,
    "journey": draw_journey,
}


def draw(spec: ChartSpec, fmt: Formats, width: float) -> Picture:
    """The chart as a PNG ``width`` inches wide."""
    with matplotlib.rc_context(STYLE):
        fig = DRAWERS[spec.kind](spec, fmt, width)
        data = png(fig)
    return Picture(spec, data, width)

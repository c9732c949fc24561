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
import textwrap
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import Callable

import matplotlib
import numpy
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import FT2Font
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from salesplan.render.blocks import ChartSpec, Picture, Series
from salesplan.render.locale import Formats

#: Print resolution of the pictures.
DPI = 200
#: Up to this many journey stages, each point is labelled with the customer's emotion.
JOURNEY_NOTES_MAX = 8
#: The tallest picture, in inches (an A4 or Letter page less its margins and a caption).
MAX_HEIGHT = 8.4

INK = "#1a1a1a"
PRIMARY = "#2f4b6e"
MID = "#8696a8"
LIGHT = "#d5dbe2"
GRID = "#dcdcdc"

#: Fills for stacked series: tones far apart in grey, hatching on every other one, nothing
#: near black (the team target is drawn in black across the bars).
PALETTE: tuple[tuple[str, str], ...] = (
    (PRIMARY, ""),
    (LIGHT, "///"),
    (MID, ""),
    ("#ffffff", "..."),
    ("#bcc5cf", "\\\\\\"),
    ("#5f7592", ""),
    ("#eeeeee", "xx"),
    ("#a3adb8", ""),
    ("#ffffff", "---"),
    ("#d9d9d9", "ooo"),
)

#: Quota grid: from almost white (no quota) to the slate blue of full quotas.
QUOTA_MAP = LinearSegmentedColormap.from_list("salesplan-quota", ["#f4f6f8", "#9fb0c3", PRIMARY])

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


def shorten_middle(text: str, width: int) -> str:
    """``text`` cut in the middle (``Maximiliana Kon…Montenegro 17``): both ends stay, so
    names that share a long beginning remain apart."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = (width - 1) // 2
    tail = width - 1 - head
    return text[:head].rstrip() + "…" + text[-tail:].lstrip()


def wrap(text: str, width: int, lines: int = 2) -> str:
    """``text`` on at most ``lines`` lines of ``width`` characters, the rest shortened.

    Words are not broken: a single word longer than ``width`` stays whole on its line.
    """
    parts = textwrap.wrap(" ".join(text.split()), width, break_long_words=False) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [shorten(" ".join(parts[lines - 1:]), width)]
    return "\n".join(parts)


#: Average width of a character of DejaVu Sans, in ems, to size labels before drawing.
CHAR_EM = 0.58
FONT = "DejaVu Sans"


@lru_cache(maxsize=1)
def _measuring_renderer() -> RendererAgg:
    return RendererAgg(8, 8, 72)


@lru_cache(maxsize=4096)
def text_inches(text: str, points: float) -> float:
    """The width of the longest line of ``text`` set in DejaVu Sans at ``points``, in inches."""
    renderer = _measuring_renderer()
    font = FontProperties(family=FONT, size=points)
    widths = [renderer.get_text_width_height_descent(line, font, ismath=False)[0]
              for line in text.split("\n") if line]
    return max(widths, default=0.0) / 72


# --------------------------------------------------------------------------- axes helpers


def value_formatter(fmt: Formats, money: bool) -> FuncFormatter:
    def label(value: float, _position: int) -> str:
        number = Decimal(round(value))
        return fmt.money(number) if money else fmt.number(number)

    return FuncFormatter(label)


def value_axis(axis, fmt: Formats, money: bool) -> None:
    axis.set_major_formatter(value_formatter(fmt, money))
    axis.set_major_locator(MaxNLocator(nbins=5, integer=True, min_n_ticks=3))


def fits(labels: list[str], size: float, slot: float) -> bool:
    """True when every label leaves a gap to its neighbours within its slot."""
    return all(text_inches(label, size) <= slot * 0.86 for label in labels)


def fit_labels(labels: tuple[str, ...], slot: float, *, wrap_lines: int = 1,
               narrow: tuple[str, ...] = ()) -> tuple[list[str], float, int]:
    """Labels, font size and rotation that keep neighbouring category labels apart.

    Smaller sizes first, long labels wrapped on up to ``wrap_lines`` lines (never cut);
    then the ``narrow`` labels (month initials); when nothing fits, the labels are turned
    (45 degrees for short ones, upright for long ones, cut to 28 characters).
    """
    for size in (8, 7.5, 7, 6.5):
        chars = max(3, int(slot / (size * CHAR_EM / 72)))
        shown = [wrap(label, chars, wrap_lines) for label in labels] if wrap_lines > 1 else list(labels)
        cut = any(s.replace("\n", " ") != " ".join(label.split()) for s, label in zip(shown, labels))
        if not cut and fits(shown, size, slot):
            return shown, size, 0
    if narrow and fits(list(narrow), 7, slot):
        return list(narrow), 7, 0
    size = 7 if len(labels) <= 24 else 6.5
    longest = max((len(label) for label in labels), default=0)
    return [shorten_middle(label, 28) for label in labels], size, 45 if longest <= 10 else 90


def label_depth(labels: list[str], size: float, rotation: int) -> float:
    """Height the category labels take under the axis, in inches."""
    if rotation == 90:
        return max((text_inches(label, size) for label in labels), default=0)
    if rotation == 45:
        return max((text_inches(label, size) for label in labels), default=0) * 0.71
    return max((label.count("\n") + 1 for label in labels), default=1) * size * 1.25 / 72


def category_ticks(ax, spec: ChartSpec, plot_width: float, *, wrap_lines: int = 1) -> None:
    """Category labels on the x axis, sized, wrapped, narrowed or turned so neighbours never
    touch; years (``spec.spans``) named once under their months, with a rule between them."""
    labels = spec.categories
    count = len(labels)
    shown, size, rotation = fit_labels(labels, plot_width / max(count, 1), wrap_lines=wrap_lines,
                                       narrow=spec.narrow)
    ax.set_xticks(range(count))
    ax.set_xticklabels(shown, fontsize=size, rotation=rotation, ha="right" if rotation == 45 else "center",
                       rotation_mode="anchor" if rotation == 45 else "default")
    ax.set_xlim(-0.6, count - 0.4)
    below = label_depth(shown, size, rotation) * 72 + 6
    for year, first, last in spec.spans:
        ax.annotate(year, xy=((first + last) / 2, 0), xycoords=("data", "axes fraction"),
                    xytext=(0, -below), textcoords="offset points",
                    ha="center", va="top", fontsize=size + 0.5, fontweight="bold", color="#333333")
        if first > 0:
            ax.axvline(first - 0.5, color="#9a9a9a", linewidth=0.7, linestyle=(0, (2, 2)), zorder=1)


LEGEND_POINTS = 7.5


def legend_on_right(labels: list[str]) -> bool:
    return not (len(labels) <= 4 and sum(len(label) for label in labels) <= 70)


def legend_inches(labels: list[str]) -> float:
    """Width a legend on the right takes: the longest entry, its key and the gaps."""
    return max((text_inches(shorten_middle(label, 26), LEGEND_POINTS) for label in labels), default=0) + 0.5


def legend_outside(fig: Figure, handles: list, labels: list[str]) -> None:
    """The legend above the plot for a few short entries, on the right for many or long ones."""
    labels = [shorten_middle(label, 26) for label in labels]
    if legend_on_right(labels):
        fig.legend(handles, labels, loc="outside right upper", ncols=1, handlelength=1.6)
    else:
        fig.legend(handles, labels, loc="outside upper left", ncols=len(labels), handlelength=1.6)


def axis_inches(fmt: Formats, money: bool, top: float) -> float:
    """Width of a value axis: its widest tick label (about the top value) and the gap."""
    return text_inches(value_formatter(fmt, money)(top, 0), 8) + 0.15


def new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, min(height, MAX_HEIGHT)), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def png(fig: Figure) -> bytes:
    """The figure as a palette PNG at :data:`DPI`, with no timestamp or software tag.

    Drawn once on the Agg canvas, reduced to 256 colours (charts use a handful of tones
    plus their anti-aliasing: no visible difference, a PNG two to three times smaller) and
    encoded once by Pillow.
    """
    fig.canvas.draw()
    pixels = numpy.asarray(fig.canvas.buffer_rgba())
    image = Image.fromarray(pixels).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, format="PNG", compress_level=6, dpi=(DPI, DPI))
    return out.getvalue()


@lru_cache(maxsize=1)
def font_characters() -> frozenset[int]:
    """Code points the chart font can draw."""
    path = font_manager.findfont(FontProperties(family=FONT), fallback_to_default=True)
    return frozenset(FT2Font(path).get_charmap())


def drawable(text: str) -> str:
    """``text`` without the characters the chart font lacks (emoji), which would print as boxes."""
    known = font_characters()
    kept = "".join(ch for ch in text if ord(ch) in known or ch == "\n")
    return " ".join(kept.split()) if kept != text else text


def drawable_spec(spec: ChartSpec) -> ChartSpec:
    """The spec with every label cleaned by :func:`drawable` (alt text keeps the plan's text)."""
    def series(s: Series | None) -> Series | None:
        return None if s is None else replace(s, label=drawable(s.label))

    return replace(
        spec,
        categories=tuple(drawable(c) for c in spec.categories),
        narrow=tuple(drawable(c) for c in spec.narrow),
        series=tuple(series(s) for s in spec.series),
        line=series(spec.line),
        notes=tuple(drawable(n) for n in spec.notes),
        labels=tuple((key, drawable(text)) for key, text in spec.labels),
    )


def draw(spec: ChartSpec, fmt: Formats, width: float,
         drawers: dict[str, Callable[[ChartSpec, Formats, float], Figure]] | None = None) -> Picture:
    """The chart as a PNG ``width`` inches wide (``drawers``: other charts' drawing functions by kind)."""
    if drawers is None:
        from salesplan.render.plan_charts import DRAWERS as drawers
    with matplotlib.rc_context(STYLE):
        fig = drawers[spec.kind](drawable_spec(spec), fmt, width)
        data = png(fig)
    return Picture(spec, data, width)

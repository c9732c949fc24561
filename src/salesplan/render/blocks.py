"""What the Word plan is made of, before any Word format: headings, text, tables, figures.

:mod:`salesplan.render.plan_blocks` turns a plan into a list of these blocks (every number
already formatted, every word already translated); :mod:`salesplan.render.word_writer` writes
them with python-docx. Keeping the two apart lets tests read the document's content without
opening Word files, and keeps layout decisions in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

RowKind = Literal["body", "group", "subtotal", "total"]


@dataclass(frozen=True)
class Cover:
    """The cover page: the company (once), the title, a name fitting the period when the
    title is not already that, the headline target with the period in words, labelled facts."""

    company: str
    title: str
    subtitle: str | None
    headline: str
    headline_line: str
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class TitleLine:
    """The one-page summary's top: the title and one line of cover information."""

    title: str
    line: str


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1 = chapter (Heading 1), 2 = part of a chapter (Heading 2), 3 = Heading 3


@dataclass(frozen=True)
class Paragraph:
    """A sentence of fixed wording."""

    text: str
    style: str | None = None


@dataclass(frozen=True)
class Prose:
    """The plan's own free text: blank lines separate paragraphs, ``- `` lines are bullets."""

    text: str
    style: str | None = None


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    title: str
    weight: float = 1.0  # share of the table's width, relative to the other columns
    numeric: bool = False  # right-aligned, never wrapped
    nowrap: bool = False  # short text kept on one line (a status word)


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    kind: RowKind = "body"  # group: one cell across the table; subtotal/total: bold
    fills: tuple[str | None, ...] = ()  # per-cell shading (hex colour), such as a status cell


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    caption: str | None = None
    header: bool = True  # False for label/value tables (facts, persona cards)
    name: str = ""  # what the table shows (``monthly-targets``...), for tests and debugging


@dataclass(frozen=True)
class Figure:
    """A chart: drawn by :mod:`salesplan.render.chart_drawing`, captioned with its title."""

    chart: "ChartSpec"


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Contents:
    """A table of contents of the chapters (Heading 1 and 2) that follow, with links."""

    title: str


Block = Union[Cover, TitleLine, Heading, Paragraph, Prose, Bullets, Table, Figure, PageBreak, Contents]


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """One chart's data, in plain floats and labels, with its caption and alt text.

    ``kind`` picks the drawing function: ``targets``, ``quotas``, ``territories``,
    ``budget``, ``funnel``, ``journey``. ``money`` says whether the values are amounts (axes
    then show the currency) or counts.
    """

    kind: str
    name: str  # file-name-like id, unique in the document
    title: str
    alt: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    line: Series | None = None  # drawn over the bars: cumulative target, team target
    narrow: tuple[str, ...] = ()  # shorter category labels for crowded axes (month initials)
    spans: tuple[tuple[str, int, int], ...] = ()  # (label, first, last index): years under months
    money: bool = True
    notes: tuple[str, ...] = ()  # per-category annotations (shares, emotions, conversions)
    labels: tuple[tuple[str, str], ...] = ()  # other fixed words the chart needs (key, text)

    def label(self, key: str) -> str:
        return dict(self.labels)[key]


@dataclass(frozen=True)
class Picture:
    """A drawn chart: its spec (caption, alt text) and the PNG to embed at ``width`` inches."""

    spec: ChartSpec
    png: bytes
    width: float

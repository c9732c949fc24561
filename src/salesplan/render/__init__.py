"""The Word plan: a plan rendered as a .docx (or PDF) for leadership.

>>> from salesplan.plan import require_plan
>>> from salesplan.render import render_docx
>>> data = render_docx(require_plan("plans/northwind-2027.yaml"))  # doctest: +SKIP

The steps, each usable on its own (the benchmark times them apart):

1. :func:`prepare`: the document's content as blocks, and the base document
   (``templates/reference.docx`` or a ``--template``) with an empty body;
2. :func:`draw_charts`: the charts the content holds, as PNGs (matplotlib, imported here);
3. :func:`assemble`: the blocks written into the base document, properties set, bytes out.

Importing this package is cheap; python-docx and matplotlib load on first use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from salesplan.errors import SalesplanError
from salesplan.plan.model import Plan
from salesplan.render.blocks import Block, ChartSpec, Picture
from salesplan.render.context import RenderContext

if TYPE_CHECKING:
    from docx.document import Document

    from salesplan.forecast import ForecastBasis

#: Called after each chart is drawn with (charts done, charts in all).
Progress = Callable[[int, int], None]


class RenderError(SalesplanError):
    """A user's mistake that stops rendering (bad template, bad SOURCE_DATE_EPOCH, no PDF)."""


@dataclass
class Prepared:
    ctx: RenderContext
    blocks: list[Block]
    doc: "Document"
    when: dt.datetime

    @property
    def charts(self) -> list[ChartSpec]:
        from salesplan.render.plan_blocks import charts_in

        return charts_in(self.blocks)


def prepare(plan: Plan, *, language: str | None = None, template: str | Path | None = None,
            one_page: bool = False, environ: Mapping[str, str] | None = None,
            basis: "ForecastBasis | None" = None) -> Prepared:
    """Content, base document and timestamp of the document; :class:`RenderError` for bad input.

    ``basis`` (:func:`salesplan.forecast.basis`, computed by the caller from a history file)
    adds the "Basis of the plan" chapter after the goals.
    """
    from salesplan.render.plan_blocks import document_blocks
    from salesplan.render.word_writer import TemplateError, open_base
    from salesplan.render.package import EpochError, document_time

    try:
        when = document_time(plan, environ)
        doc = open_base(template)
    except (TemplateError, EpochError) as exc:
        raise RenderError(str(exc)) from None
    ctx = RenderContext.for_plan(plan, language, basis)
    return Prepared(ctx, document_blocks(ctx, one_page=one_page), doc, when)


def draw_charts(prepared: Prepared, progress: Progress | None = None) -> dict[str, Picture]:
    """Every chart of the document, drawn at the base document's text width."""
    specs = prepared.charts
    if not specs:
        return {}  # the one-page summary has none: matplotlib is not even imported
    from salesplan.render.chart_drawing import draw
    from salesplan.render.word_writer import chart_width

    width = chart_width(prepared.doc)
    pictures = {}
    for done, spec in enumerate(specs, start=1):
        pictures[spec.name] = draw(spec, prepared.ctx.fmt, width)
        if progress is not None:
            progress(done, len(specs))
    return pictures


def assemble(prepared: Prepared, pictures: dict[str, Picture]) -> bytes:
    """The finished .docx: blocks written, core properties set, package normalised."""
    from salesplan.render.word_writer import build_document
    from salesplan.render.package import docx_bytes, set_properties

    ctx = prepared.ctx
    build_document(prepared.doc, ctx, prepared.blocks, pictures)
    set_properties(prepared.doc, ctx.plan, prepared.when, language=ctx.fmt.language,
                   category=ctx.words.term("kinds", ctx.plan.plan.kind))
    return docx_bytes(prepared.doc, prepared.when)


def render_docx(plan: Plan, *, language: str | None = None, template: str | Path | None = None,
                one_page: bool = False, environ: Mapping[str, str] | None = None,
                progress: Progress | None = None, basis: "ForecastBasis | None" = None) -> bytes:
    """The Word plan as .docx bytes: the same plan and options always give the same bytes."""
    prepared = prepare(plan, language=language, template=template, one_page=one_page, environ=environ,
                       basis=basis)
    return assemble(prepared, draw_charts(prepared, progress))


__all__ = ["Prepared", "RenderError", "assemble", "draw_charts", "prepare", "render_docx"]

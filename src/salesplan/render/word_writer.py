"""Writing the blocks into a Word document with python-docx.

Layers, from the bottom: :mod:`salesplan.render.docxutil` (raw WordprocessingML), then
:class:`DocumentWriter` (one method per kind of block: headings, prose, tables, figures),
then :func:`build_document` (page furniture: header, footer with page numbers, cover page).

The base document is :file:`templates/reference.docx` or the user's ``--template``: its
body is emptied, its sections, headers, footers and styles kept. The writer uses built-in
style names (Title, Heading 1/2/3, List Bullet, Caption, Quote, Header, Footer) plus
``Table Text``, so a corporate template restyles the whole document.
"""

from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import Any, Callable

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Emu, Inches, Pt, RGBColor

from salesplan.errors import SalesplanError
from salesplan.render import docxutil
from salesplan.render.blocks import (
    Block,
    Bullets,
    Contents,
    Cover,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Picture,
    Prose,
    Row,
    Table,
    TitleLine,
)
from salesplan.render.context import RenderContext
from salesplan.resources import templates_dir

HEADER_FILL = "E4E8ED"
GROUP_FILL = "F2F4F7"
MUTED = RGBColor(0x59, 0x59, 0x59)

#: A table with at most this many rows is kept on one page (it moves whole to the next).
KEEP_TOGETHER_ROWS = 14

#: A longer table keeps this many rows with its header and with its total row, so neither
#: stands alone at a page top or bottom.
KEEP_EDGE_ROWS = 2

#: Heading levels the contents list shows.
CONTENTS_LEVELS = 2

#: For column widths: the size of table text, the width of its characters in ems and the
#: cell's left and right padding in twips. The widths are DejaVu Sans's (what LibreOffice
#: draws when Arial is missing, about 15% wider than Arial), so a figure fits on one line
#: whichever of the two fonts the reader has.
TABLE_POINTS = 8.5
CHAR_EM = 0.62
CHAR_EMS = {**dict.fromkeys("0123456789$€£¥#+=<>~^_", 0.64), **dict.fromkeys(".,:;'|!il \u00a0", 0.33),
            **dict.fromkeys("tfrjI()[]-", 0.42), **dict.fromkeys("mwMW%@—", 1.0), "\u202f": 0.2}
UPPER_EM = 0.76
BOLD = 1.13
CELL_PADDING = 2 * 85 + 30

#: The header line is cut to this many characters, to stay on one line.
HEADER_CHARS = 110

_BULLET = re.compile(r"^\s*[-*•]\s+")


def shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class TemplateError(SalesplanError):
    """The reference document cannot be used; the message names the file."""


def reference_docx() -> Path:
    return templates_dir() / "reference.docx"


def open_base(template: str | Path | None = None) -> Document:
    """The document to write into: the template (or ``reference.docx``) with an empty body."""
    path = Path(template) if template is not None else reference_docx()
    if not path.exists():
        raise TemplateError(f"{path}: no such file; --template needs a Word document (.docx)")
    if path.is_dir():
        raise TemplateError(f"{path}: is a folder; --template needs a Word document (.docx)")
    try:
        doc = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise TemplateError(f"{path}: not a Word document (.docx); --template needs a .docx file "
                            "such as one saved from Word") from exc
    except Exception as exc:  # a damaged package: bad zip, bad XML
        raise TemplateError(f"{path}: not a readable Word document (.docx): {exc}") from exc
    docxutil.clear_body(doc)
    docxutil.ensure_styles(doc)
    return doc


def chart_width(doc: Document) -> float:
    """Width of a chart, in inches: the text width, at most 6.7 inches."""
    return math.floor(min(Emu(docxutil.text_width(doc)).inches, 6.7) * 100) / 100


def text_ems(text: str) -> float:
    """The width of ``text`` in ems of table text, character by character (generous)."""
    return sum(CHAR_EMS.get(ch, UPPER_EM if ch.isupper() else CHAR_EM) for ch in text)


def needed_twips(text: str, *, bold: bool = False) -> int:
    """The width ``text`` takes on one line in table text (8.5 pt), padding included."""
    points = text_ems(text) * TABLE_POINTS * (BOLD if bold else 1.0)
    return int(points * 20) + CELL_PADDING


def column_need(block: Table, index: int) -> int:
    """The narrowest a column can be without breaking a word (or a number) across lines."""
    column = block.columns[index]
    texts = [row.cells[index] for row in block.rows if row.kind != "group" and index < len(row.cells)]
    needs = [needed_twips(word, bold=True) for word in column.title.split()]
    for text in texts:
        for line in text.split("\n"):
            pieces = [line] if column.numeric or column.nowrap else line.split()
            needs += [needed_twips(piece) for piece in pieces]
    return max(needs, default=CELL_PADDING)


def fit_widths(block: Table, total: int) -> list[int]:
    """Column widths (twips) that share ``total`` by the columns' weights, then widen any
    column too narrow for its longest word, taking the room from the columns with some to
    spare. When that cannot fit, the figures (numeric columns) keep their width, so a number
    never breaks, and the text columns share the rest by weight; when even the figures cannot
    fit, the weights alone decide."""
    weights = [c.weight for c in block.columns]
    widths = [total * w / sum(weights) for w in weights]
    needs = [column_need(block, i) for i in range(len(widths))]
    numeric = [i for i, c in enumerate(block.columns) if c.numeric or c.nowrap]
    text = [i for i in range(len(widths)) if i not in numeric]
    figures = sum(needs[i] for i in numeric)
    if sum(needs) > total and text and figures + CELL_PADDING * 4 * len(text) <= total:
        rest = total - figures
        text_weight = sum(weights[i] for i in text)
        for i in range(len(widths)):
            widths[i] = needs[i] if i in numeric else rest * weights[i] / text_weight
    elif sum(needs) <= total:
        for _ in range(len(widths)):
            short = [i for i, w in enumerate(widths) if w < needs[i] - 0.5]
            if not short:
                break
            deficit = sum(needs[i] - widths[i] for i in short)
            for i in short:
                widths[i] = needs[i]
            spare = {i: widths[i] - needs[i] for i in range(len(widths)) if widths[i] > needs[i]}
            room = sum(spare.values())
            for i, extra in spare.items():
                widths[i] -= deficit * extra / room
    whole = [int(w) for w in widths]
    whole[-1] += total - sum(whole)
    return whole


def following_block(blocks: list[Block], index: int) -> Block | None:
    """The block after ``blocks[index]``; for a sentence followed by more sentences and then a
    table, figure or list, that table (the run of sentences introducing it stays with it)."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if isinstance(blocks[index], Paragraph) and isinstance(following, Paragraph):
        after = next((b for b in blocks[index + 1:] if not isinstance(b, Paragraph)), None)
        if isinstance(after, (Table, Figure, Bullets)):
            return after
    return following


def keep_with_next(block: Table, index: int, whole: bool) -> bool:
    """Whether row ``index`` stays on the page of the row after it.

    A short table (``whole``) never splits. A long one splits anywhere except: its first
    rows stay with the header, its last rows with the total, and a row with the subtotal
    that follows it (no header, subtotal or total alone at a page top or bottom).
    """
    rows = block.rows
    if index == len(rows) - 1:
        return False
    if whole:
        return True
    following = rows[index + 1]
    return (index < KEEP_EDGE_ROWS or index >= len(rows) - 1 - KEEP_EDGE_ROWS
            or following.kind in ("subtotal", "total") or rows[index].kind == "group")


class DocumentWriter:
    """Writes blocks at the end of the document, one method per kind of block."""

    def __init__(self, doc: Document, ctx: RenderContext, pictures: dict[str, Picture]):
        self.doc = doc
        self.ctx = ctx
        self.pictures = pictures
        self.width = docxutil.text_width(doc)
        self.list_numbering = docxutil.style_has_numbering(doc, "List Bullet")
        self.style_ids: dict[str, str] = {}
        self.break_before = False  # the next paragraph starts a new page
        self.contents = None  # the paragraph that will hold the contents list, when there is one
        self.entries: list[tuple[int, str, str]] = []  # (level, heading, bookmark) for the contents

    def write(self, blocks: list[Block]) -> None:
        writers = self.writers()
        for index, block in enumerate(blocks):
            writers[type(block)](block, following_block(blocks, index))
        if self.contents is not None:
            self.fill_contents()

    def writers(self) -> dict[type, Callable[[Any, Block | None], None]]:
        """The method that writes each kind of block (every kind in :data:`Block` has one)."""
        return {
            Cover: self.write_cover,
            TitleLine: self.write_title_line,
            Heading: self.write_heading,
            Paragraph: self.write_paragraph,
            Prose: self.write_prose,
            Bullets: self.write_bullets,
            Table: self.write_table,
            Figure: self.write_figure,
            PageBreak: self.write_page_break,
            Contents: self.write_contents,
        }

    # ----- text

    def style_id(self, name: str) -> str:
        """The id of a paragraph style, looked up once (python-docx searches all styles by name)."""
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def set_style(self, paragraph, name: str | None) -> None:
        if name:
            paragraph._p.get_or_add_pPr().style = self.style_id(name)

    def paragraph(self, text: str = "", style: str | None = None):
        paragraph = self.doc.add_paragraph()
        self.set_style(paragraph, style)
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False
        if text:
            paragraph.add_run(docxutil.xml_safe(text))
        return paragraph

    def write_heading(self, block: Heading, following: Block | None) -> None:
        paragraph = self.paragraph(block.text, f"Heading {block.level}")
        paragraph.paragraph_format.keep_with_next = True
        if self.contents is not None and block.level <= CONTENTS_LEVELS:
            name = f"_Toc{len(self.entries) + 1:05d}"
            docxutil.bookmark(paragraph, name, len(self.entries) + 1)
            self.entries.append((block.level, block.text, name))

    # ----- contents

    def write_contents(self, block: Contents, following: Block | None) -> None:
        """The contents list's title and a place for its entries, filled once the headings are known."""
        self.paragraph(block.title, "TOC Heading")
        self.contents = self.paragraph()

    def fill_contents(self) -> None:
        """The chapter headings, each linked to its heading, with a page reference that
        LibreOffice and Word compute."""
        styles = {level: self.style_id(f"TOC {level}") for level in range(1, CONTENTS_LEVELS + 1)}
        docxutil.contents_field(self.contents, self.entries, style_ids=styles,
                                tab_position=int(Emu(self.width).twips))

    def write_paragraph(self, block: Paragraph, following: Block | None) -> None:
        paragraph = self.paragraph(block.text, block.style)
        if isinstance(following, (Table, Figure, Bullets, Paragraph)):
            paragraph.paragraph_format.keep_with_next = True

    def write_prose(self, block: Prose, following: Block | None) -> None:
        """The plan's text: blank lines part paragraphs, ``- `` lines become bullets."""
        for chunk in re.split(r"\n\s*\n", block.text.strip()):
            lines = [line for line in chunk.splitlines() if line.strip()]
            buffer: list[str] = []
            for line in lines:
                if _BULLET.match(line):
                    if buffer:
                        self.paragraph(" ".join(buffer), block.style)
                        buffer = []
                    self.bullet(_BULLET.sub("", line).strip())
                else:
                    buffer.append(line.strip())
            if buffer:
                self.paragraph(" ".join(buffer), block.style)

    def bullet(self, text: str):
        if self.list_numbering:
            return self.paragraph(text, "List Bullet")
        paragraph = self.paragraph(f"•\t{text}")
        paragraph.paragraph_format.left_indent = Pt(18)
        paragraph.paragraph_format.first_line_indent = Pt(-12)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(18))
        return paragraph

    def write_bullets(self, block: Bullets, following: Block | None) -> None:
        for item in block.items:
            self.bullet(item)

    def write_page_break(self, block: PageBreak, following: Block | None) -> None:
        """The next paragraph starts a page (a break paragraph would leave a blank page
        behind a page that ends full)."""
        self.break_before = True

    def caption(self, text: str) -> None:
        paragraph = self.paragraph(text, "Caption")
        paragraph.paragraph_format.keep_with_next = True

    # ----- cover

    def write_cover(self, block: Cover, following: Block | None) -> None:
        """Company, title (and the period's name), the headline target, then labelled facts."""
        spacer = self.paragraph()
        spacer.paragraph_format.space_before = Pt(130)
        company = self.paragraph(block.company, "Subtitle")
        company.paragraph_format.space_after = Pt(6)
        for run in company.runs:
            run.font.all_caps = True  # shown in capitals, kept as written
        self.paragraph(block.title, "Title")
        if block.subtitle:
            self.paragraph(block.subtitle, "Subtitle")
        gap = self.paragraph()
        gap.paragraph_format.space_after = Pt(24)
        headline = self.paragraph(block.headline, "Title")
        headline.paragraph_format.space_after = Pt(0)
        line = self.paragraph(block.headline_line, "Subtitle")
        line.paragraph_format.space_after = Pt(36)
        tab = Inches(1.4)
        for label, value in block.facts:
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.paragraph_format.tab_stops.add_tab_stop(tab)
            name = paragraph.add_run(docxutil.xml_safe(label))
            name.font.color.rgb = MUTED
            paragraph.add_run("\t" + docxutil.xml_safe(value))

    def write_title_line(self, block: TitleLine, following: Block | None) -> None:
        title = self.paragraph(block.title, "Title")
        title.paragraph_format.space_after = Pt(2)
        line = self.paragraph(block.line)
        line.paragraph_format.space_after = Pt(6)
        for run in line.runs:
            run.font.color.rgb = MUTED

    # ----- tables

    def column_widths(self, block: Table) -> list[int]:
        return fit_widths(block, int(Emu(self.width).twips))

    def write_table(self, block: Table, following: Block | None) -> None:
        if block.caption:
            self.caption(block.caption)
        widths = self.column_widths(block)
        keep = len(block.rows) + block.header <= KEEP_TOGETHER_ROWS
        rows = []
        if block.header:
            rows.append(docxutil.row_xml([
                self.cell(column.title, width, bold=True, right=column.numeric, fill=HEADER_FILL, keep_next=True)
                for column, width in zip(block.columns, widths)
            ], header=True))
        for index, spec in enumerate(block.rows):
            rows.append(docxutil.row_xml(self.row_cells(block, spec, widths,
                                                        keep_next=keep_with_next(block, index, keep))))
        docxutil.append_to_body(self.doc, docxutil.table_element(rows, widths))
        spacer = self.paragraph()
        spacer.paragraph_format.space_after = Pt(0)
        spacer.paragraph_format.line_spacing = Pt(6)  # a small gap under the table, not a blank line

    def row_cells(self, block: Table, spec: Row, widths: list[int], *, keep_next: bool) -> list[str]:
        """The cells of one row: a group row spans the table; totals are bold with a rule above."""
        if spec.kind == "group":
            return [self.cell(spec.cells[0], sum(widths), bold=True, fill=GROUP_FILL, span=len(widths),
                              keep_next=True)]
        strong = spec.kind in ("subtotal", "total")
        cells = []
        for index, (column, width, text) in enumerate(zip(block.columns, widths, spec.cells)):
            label = index == 0 and not block.header
            fill = GROUP_FILL if spec.kind == "subtotal" or label else None
            if index < len(spec.fills) and spec.fills[index]:
                fill = spec.fills[index]
            cells.append(self.cell(text, width, bold=strong or label, right=column.numeric, fill=fill,
                                   rule=spec.kind == "total", keep_next=keep_next,
                                   nowrap=column.numeric or column.nowrap))
        return cells

    def cell(self, text: str, width: int, **options) -> str:
        return docxutil.cell_xml(text, width, style_id=self.style_id(docxutil.TABLE_TEXT), **options)

    # ----- figures

    def write_figure(self, block: Figure, following: Block | None) -> None:
        picture = self.pictures.get(block.chart.name)
        if picture is None:
            return
        self.caption(block.chart.title)
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_together = True
        shape = paragraph.add_run().add_picture(io.BytesIO(picture.png), width=Inches(picture.width))
        docxutil.set_alt_text(shape, block.chart.alt, block.chart.title)


# --------------------------------------------------------------------------- page furniture


def page_furniture(doc: Document, ctx: RenderContext, *, cover: bool) -> None:
    """A header line and page numbers where the base document has none; no furniture on the cover."""
    info = ctx.plan.plan
    for section in doc.sections:
        if cover:
            section.different_first_page_header_footer = True
        header = section.header
        if docxutil.is_blank(header):
            paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            paragraph.style = doc.styles["Header"]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            company = "" if info.company.casefold() in info.title.casefold() else info.company
            line = ctx.words("document.header_line", title=info.title, company=company)
            run = paragraph.add_run(docxutil.xml_safe(shorten(line, HEADER_CHARS)))
            run.font.color.rgb = MUTED
            run.font.size = Pt(8)
        footer = section.footer
        if not docxutil.has_page_field(footer):
            page_numbers(doc, footer, ctx)


def page_numbers(doc: Document, footer, ctx: RenderContext) -> None:
    """``Page 3 of 12`` (worded by the template), centred, with live PAGE/NUMPAGES fields."""
    blank = docxutil.is_blank(footer) and footer.paragraphs
    paragraph = footer.paragraphs[0] if blank else footer.add_paragraph()
    paragraph.style = doc.styles["Footer"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = ctx.words("document.footer_page", page="{PAGE}", pages="{NUMPAGES}")
    for piece in re.split(r"(\{PAGE\}|\{NUMPAGES\})", text):
        if piece in ("{PAGE}", "{NUMPAGES}"):
            docxutil.add_field(paragraph, piece[1:-1])
        elif piece:
            paragraph.add_run(piece)
    for run in paragraph.runs:
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED


def build_document(doc: Document, ctx: RenderContext, blocks: list[Block], pictures: dict[str, Picture]) -> None:
    """Write ``blocks`` into the (emptied) base document, with header and footer."""
    DocumentWriter(doc, ctx, pictures).write(blocks)
    page_furniture(doc, ctx, cover=any(isinstance(b, Cover) for b in blocks))

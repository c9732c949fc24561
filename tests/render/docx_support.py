"""Ways to read a generated .docx as a reader sees it (headings, tables, pictures, text)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.oxml.ns import qn



@dataclass
class Item:
    """One block of a document body, in reading order."""

    kind: str  # "p" or "table"
    style: str = ""
    text: str = ""
    rows: list[list[str]] | None = None


def read(data: bytes):
    return docx.Document(io.BytesIO(data))


def body_items(document) -> list[Item]:
    """Paragraphs and tables in the order a reader meets them."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    items = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            items.append(Item("p", paragraph.style.name if paragraph.style is not None else "", paragraph.text))
        elif child.tag == qn("w:tbl"):
            table = Table(child, document)
            items.append(Item("table", rows=[[cell.text for cell in row.cells] for row in table.rows]))
    return items


def headings(document, level: int | None = None) -> list[tuple[str, str]]:
    found = [(i.style, i.text) for i in body_items(document) if i.kind == "p" and i.style.startswith("Heading")]
    if level is not None:
        found = [(s, t) for s, t in found if s == f"Heading {level}"]
    return found


def table_after(document, text: str) -> list[list[str]]:
    """The first table after the paragraph (caption or heading) whose text is ``text``."""
    items = body_items(document)
    for index, item in enumerate(items):
        if item.kind == "p" and item.text == text:
            for following in items[index + 1:]:
                if following.kind == "table":
                    return following.rows
    raise AssertionError(f"no table after {text!r}")


def row(rows: list[list[str]], label: str) -> list[str]:
    for cells in rows:
        if cells and cells[0] == label:
            return cells
    raise AssertionError(f"no row {label!r} in {[r[0] for r in rows]}")


def pictures(document) -> list[tuple[str, str]]:
    """(alt text, title) of every picture."""
    return [(pr.get("descr"), pr.get("title")) for pr in document.element.body.iter(qn("wp:docPr"))]


def all_text(document) -> str:
    return "\n".join(t for t in document.element.body.itertext())


@dataclass
class Cell:
    """A table cell as Word lays it out: its text, width (twips), shading and wrapping."""

    text: str
    width: int
    fill: str | None
    nowrap: bool
    span: int


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(qn("w:t")))


def cells_after(document, text: str) -> list[list[Cell]]:
    """The cells of the first table after the paragraph ``text``, with their properties."""
    body = list(document.element.body.iterchildren())
    for index, child in enumerate(body):
        if child.tag == qn("w:p") and _text(child) == text:
            table = next(c for c in body[index + 1:] if c.tag == qn("w:tbl"))
            rows = []
            for tr in table.iter(qn("w:tr")):
                row = []
                for tc in tr.iter(qn("w:tc")):
                    pr = tc.find(qn("w:tcPr"))
                    shd = pr.find(qn("w:shd"))
                    span = pr.find(qn("w:gridSpan"))
                    row.append(Cell(_text(tc), int(pr.find(qn("w:tcW")).get(qn("w:w"))),
                                    shd.get(qn("w:fill")) if shd is not None else None,
                                    pr.find(qn("w:noWrap")) is not None,
                                    int(span.get(qn("w:val"))) if span is not None else 1))
                rows.append(row)
            return rows
    raise AssertionError(f"no table after {text!r}")

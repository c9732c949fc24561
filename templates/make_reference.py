"""Build ``templates/reference.docx``, the default look of the Word plan.

    PYTHONPATH=src python templates/make_reference.py

The reference document holds only styles and page setup (A4, margins); ``salesplan
render`` empties its body and writes the plan into it, with the header line and page
numbers (the wording of those depends on the document's language). A corporate template
given with ``--template`` replaces this file. The output is byte-for-byte reproducible, so
running the script again changes nothing in git unless the script changed.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from salesplan.render.docxutil import P_PR, TABLE_TEXT, put  # noqa: E402
from salesplan.render.package import docx_bytes  # noqa: E402

FONT = "Arial"  # LibreOffice shows it with the metric-compatible Liberation Sans
INK = "262626"
ACCENT = "2F4B6E"
MUTED = "595959"
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
KEEP_TABLE_STYLES = {"Normal Table", "Table Grid"}


def plain_fonts(rpr) -> None:
    """Explicit fonts and colour: drop theme references, which would win over them."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), FONT)
    colour = rpr.find(qn("w:color"))
    if colour is not None:
        for attribute in (qn("w:themeColor"), qn("w:themeShade"), qn("w:themeTint")):
            colour.attrib.pop(attribute, None)


def restyle(style, *, size: float, bold: bool = False, italic: bool = False, colour: str = INK,
            before: float | None = None, after: float | None = None, keep_next: bool | None = None) -> None:
    font = style.font
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = RGBColor.from_string(colour)
    plain_fonts(style.element.get_or_add_rPr())
    layout = style.paragraph_format
    if before is not None:
        layout.space_before = Pt(before)
    if after is not None:
        layout.space_after = Pt(after)
    if keep_next is not None:
        layout.keep_with_next = keep_next


def rule_below(style, colour: str = ACCENT) -> None:
    """A thin line under the paragraph (Heading 1)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "3"), ("w:color", colour)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    put(style.element.get_or_add_pPr(), borders, P_PR)


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.left_margin = section.right_margin = Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.0)


def document_defaults(doc) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    plain_fonts(rpr)


def styles(doc) -> None:
    s = doc.styles
    restyle(s["Normal"], size=10, after=6)
    s["Normal"].paragraph_format.line_spacing = 1.1
    restyle(s["Title"], size=26, bold=True, colour=ACCENT, after=6)
    title_ppr = s["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    restyle(s["Subtitle"], size=13, colour=MUTED, after=4)
    restyle(s["Heading 1"], size=16, bold=True, colour=ACCENT, before=20, after=8, keep_next=True)
    rule_below(s["Heading 1"])
    restyle(s["Heading 2"], size=12.5, bold=True, colour=ACCENT, before=14, after=4, keep_next=True)
    restyle(s["Heading 3"], size=10.5, bold=True, colour="404040", before=10, after=3, keep_next=True)
    restyle(s["Caption"], size=8.5, bold=True, colour=MUTED, before=8, after=3, keep_next=True)
    restyle(s["Quote"], size=11.5, italic=True, colour=ACCENT, before=4, after=8)
    s["Quote"].paragraph_format.left_indent = Cm(0.6)
    restyle(s["List Bullet"], size=10, after=3)
    restyle(s["Header"], size=8, colour=MUTED)
    restyle(s["Footer"], size=8, colour=MUTED)
    table_text = s.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = s["Normal"]
    table_text.quick_style = True
    restyle(table_text, size=8.5, before=1, after=1)
    table_text.paragraph_format.line_spacing = 1.0


def prune_table_styles(doc) -> None:
    """Drop the hundred table styles of python-docx's default template: the plan's tables
    are formatted directly, and every style lookup by name walks the whole list."""
    root = doc.styles.element
    for style in root.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type")) == "table" and name is not None and name.get(qn("w:val")) not in KEEP_TABLE_STYLES:
            root.remove(style)


def properties(doc) -> None:
    props = doc.core_properties
    props.title = "salesplan reference document"
    props.author = props.last_modified_by = "salesplan"
    props.subject = props.keywords = props.comments = props.category = ""
    props.revision = 1
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)


def build() -> bytes:
    doc = docx.Document()
    page_setup(doc)
    document_defaults(doc)
    styles(doc)
    prune_table_styles(doc)
    properties(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return docx_bytes(doc, FIXED_TIME)


if __name__ == "__main__":
    target = HERE / "reference.docx"
    target.write_bytes(build())
    print(f"wrote {target}")

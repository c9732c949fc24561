"""Small python-docx helpers for what its API does not cover: raw WordprocessingML.

Emptying a template's body while keeping its sections, headers, footers and styles; adding
the styles a corporate template may lack; fields (page numbers); alternative text on
pictures; and tables written directly as XML (fixed column widths, header rows repeated on
every page, rows that never split, shading and rules), which is a hundred times faster than
python-docx's cell-by-cell API.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt
from docx.text.paragraph import Paragraph

TABLE_TEXT = "Table Text"

#: Schema order of the children of ``w:pPr`` (ECMA-376), for :func:`put`.
P_PR = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
        "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
        "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
        "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def put(parent, child, sequence: tuple[str, ...]) -> None:
    """Set ``child`` in ``parent`` at its schema position, replacing one with the same tag.

    Word refuses a document whose property elements come in the wrong order, so children
    go before the first sibling that the schema's ``sequence`` lists after them.
    """
    for existing in parent.findall(child.tag):
        parent.remove(existing)
    tag = child.tag
    names = [qn(name) for name in sequence]
    successors = names[names.index(tag) + 1:] if tag in names else []
    for sibling in parent:
        if sibling.tag in successors:
            sibling.addprevious(child)
            return
    parent.append(child)

# --------------------------------------------------------------------------- body and sections


def clear_body(doc: Document) -> None:
    """Remove every paragraph and table of the body; keep the last section's properties.

    The section properties carry the page size, margins and the references to the headers
    and footers, so a corporate template keeps all of them.
    """
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def text_width(doc: Document) -> Emu:
    """Width between the margins of the document's last section."""
    section = doc.sections[-1]
    return Emu(section.page_width - section.left_margin - section.right_margin)


def is_blank(part) -> bool:
    """True when a header or footer shows nothing: no text, no picture, no field."""
    element = part._element
    text = "".join(element.itertext()).strip()
    drawings = element.xpath(".//w:drawing | .//w:pict | .//w:fldSimple | .//w:instrText")
    return not text and not drawings


def has_page_field(part) -> bool:
    element = part._element
    instructions = " ".join(t.text or "" for t in element.xpath(".//w:instrText"))
    simple = " ".join(f.get(qn("w:instr")) or "" for f in element.xpath(".//w:fldSimple"))
    return "PAGE" in (instructions + " " + simple).upper()


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) in the paragraph, computed when the document opens."""
    def fld_char(kind: str):
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
        return run

    paragraph._p.append(fld_char("begin"))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    paragraph._p.append(run)
    paragraph._p.append(fld_char("separate"))
    paragraph.add_run(placeholder)
    paragraph._p.append(fld_char("end"))


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark around the paragraph's text (a contents entry links to it)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p_pr = paragraph._p.find(qn("w:pPr"))
    if p_pr is not None:
        p_pr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _field_runs(instruction: str, result: str = "") -> str:
    """The runs of a complex field: begin, instruction, separate, cached result, end."""
    shown = f'<w:r><w:t xml:space="preserve">{escape(result)}</w:t></w:r>' if result else ""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{shown}'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def contents_field(placeholder: Paragraph, entries: list[tuple[int, str, str]], *,
                   style_ids: dict[int, str], tab_position: int = 9000) -> None:
    """Replace ``placeholder`` by a contents list of ``entries`` (level, text, bookmark).

    Each entry links to its heading's bookmark and ends with a PAGEREF field, which
    LibreOffice computes as it lays the pages out (the PDF shows the page numbers) and Word
    when its fields are updated or the document is printed. The entries are not wrapped in
    a TOC field: LibreOffice would print the TOC field's stored text, without page numbers.
    """
    anchor = placeholder._p
    for level, text, name in entries:
        page = _field_runs(f"PAGEREF {name} \\h")
        props = (f'<w:pPr><w:pStyle w:val="{escape(style_ids[level])}"/><w:tabs>'
                 f'<w:tab w:val="right" w:leader="dot" w:pos="{tab_position}"/></w:tabs></w:pPr>')
        link = (f'<w:hyperlink w:anchor="{escape(name)}" w:history="1">'
                f'<w:r><w:t xml:space="preserve">{escape(xml_safe(text))}</w:t></w:r><w:r><w:tab/></w:r>'
                f'{page}</w:hyperlink>')
        anchor.addprevious(parse_xml(f"<w:p {nsdecls('w')}>{props}{link}</w:p>"))
    anchor.getparent().remove(anchor)


# --------------------------------------------------------------------------- styles


def has_style(doc: Document, name: str) -> bool:
    try:
        doc.styles[name]
    except KeyError:
        return False
    return True


def ensure_styles(doc: Document) -> None:
    """Add the styles the document uses and the base document lacks.

    Built-in names (``Heading 1`` ...) are created as Word's built-in styles, headings with
    their outline level so the navigation pane and a table of contents find them.
    """
    styles = doc.styles
    for level in (1, 2, 3):
        name = f"Heading {level}"
        if not has_style(doc, name):
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold = True
            style.font.size = Pt({1: 16, 2: 13, 3: 11}[level])
            style.paragraph_format.space_before = Pt({1: 18, 2: 12, 3: 8}[level])
            style.paragraph_format.space_after = Pt(4)
            style.paragraph_format.keep_with_next = True
            put(style.element.get_or_add_pPr(), _outline(level - 1), P_PR)
    simple = {"Title": 26, "Subtitle": 14, "Caption": 8.5, "Quote": None, "List Bullet": None,
              "Header": 8, "Footer": 8}
    for name, size in simple.items():
        if not has_style(doc, name):
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            if size:
                style.font.size = Pt(size)
            if name == "Title":
                style.font.bold = True
            if name in ("Caption", "Quote"):
                style.font.italic = True
    if not has_style(doc, "Lead"):
        style = styles.add_style("Lead", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(12)
        style.font.bold = True
        style.paragraph_format.space_after = Pt(8)
    if not has_style(doc, "TOC Heading"):
        style = styles.add_style("TOC Heading", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Heading 1"]
        put(style.element.get_or_add_pPr(), _outline(9), P_PR)  # the contents title is not an entry
    for level in (1, 2):
        if not has_style(doc, f"TOC {level}"):
            style = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.paragraph_format.left_indent = Pt(14 * (level - 1))
            style.paragraph_format.space_before = Pt(6 if level == 1 else 0)
            style.paragraph_format.space_after = Pt(2)
            style.font.bold = level == 1
    if not has_style(doc, TABLE_TEXT):
        style = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(9)
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0


def _outline(level: int):
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    return outline


def style_has_numbering(doc: Document, name: str) -> bool:
    """True when the paragraph style (or one it is based on) carries list numbering (bullets)."""
    style = doc.styles[name] if has_style(doc, name) else None
    while style is not None:
        if style.element.xpath("./w:pPr/w:numPr"):
            return True
        style = style.base_style
    return False


# --------------------------------------------------------------------------- pictures


def set_alt_text(inline_shape, description: str, title: str) -> None:
    """The picture's alternative text (``descr``, read by screen readers) and title."""
    doc_pr = inline_shape._inline.docPr
    doc_pr.set("descr", description)
    doc_pr.set("title", title)


# --------------------------------------------------------------------------- text

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the control characters XML 1.0 cannot hold (a YAML "\\x07" escape)."""
    return _NOT_XML.sub("", text)


# --------------------------------------------------------------------------- tables as XML
#
# A table of a few hundred cells built through python-docx's object API costs about a
# second; the same table written as WordprocessingML and parsed once costs milliseconds.


def cell_xml(text: str, width: int, *, style_id: str, bold: bool = False, right: bool = False,
             fill: str | None = None, rule: bool = False, span: int = 1, keep_next: bool = False,
             nowrap: bool = False) -> str:
    """One ``w:tc``: width (twips), optional span, top rule and shading; one line per text line;
    ``nowrap`` keeps a figure on one line (Word's "wrap text" off)."""
    props = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        props.append(f'<w:gridSpan w:val="{span}"/>')
    if rule:
        props.append('<w:tcBorders><w:top w:val="single" w:sz="8" w:space="0" w:color="595959"/></w:tcBorders>')
    if fill:
        props.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
    if nowrap:
        props.append("<w:noWrap/>")
    paragraph = [f'<w:pStyle w:val="{escape(style_id)}"/>']
    if keep_next:
        paragraph.append("<w:keepNext/>")
    if right:
        paragraph.append('<w:jc w:val="right"/>')
    run_props = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    runs = []
    for index, line in enumerate(xml_safe(text).split("\n")):
        brk = "<w:br/>" if index else ""
        runs.append(f'<w:r>{run_props}{brk}<w:t xml:space="preserve">{escape(line)}</w:t></w:r>')
    return (f"<w:tc><w:tcPr>{''.join(props)}</w:tcPr>"
            f"<w:p><w:pPr>{''.join(paragraph)}</w:pPr>{''.join(runs)}</w:p></w:tc>")


def row_xml(cells: list[str], *, header: bool = False) -> str:
    """One ``w:tr`` that never splits across pages; a header row repeats on every page."""
    props = "<w:cantSplit/>" + ("<w:tblHeader/>" if header else "")
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def table_element(rows: list[str], widths: list[int], *, rule_colour: str = "A6A6A6"):
    """A ``w:tbl`` with fixed column widths (twips), thin horizontal rules and no side borders."""
    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="{rule_colour}"/>'
        if edge in ("top", "bottom", "insideH") else f'<w:{edge} w:val="nil"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    xml = (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="left"/>'
        f"<w:tblBorders>{edges}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:top w:w="25" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="25" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/>'
        f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )
    return parse_xml(xml)


def append_to_body(doc: Document, element) -> None:
    """Add a block element (table) at the end of the body, before the section properties."""
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is not None:
        sect_pr.addprevious(element)
    else:
        body.append(element)

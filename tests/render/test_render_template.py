"""--template: the document takes a corporate file's styles, page setup, headers and footers."""

from __future__ import annotations

import docx
import pytest
from docx_support import all_text, headings, read
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from salesplan.render import RenderError, render_docx


def corporate_template(path, *, page_field: bool = False):
    """A company file: a header line, Courier New as Normal font, Letter landscape, some body text."""
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(3)
    section.header.paragraphs[0].text = "ACME Corporation · Confidential"
    section.footer.paragraphs[0].text = "ACME Corporation, 1 Main Street"
    normal = document.styles["Normal"]
    normal.font.name = "Courier New"
    normal.font.size = Pt(11)
    document.styles["Heading 1"].font.size = Pt(22)
    document.add_paragraph("Lorem ipsum: the template's own body text, which the plan replaces.")
    document.add_table(rows=2, cols=2)
    document.save(path)
    return path


def test_the_template_header_styles_and_page_setup_are_used(tmp_path, northwind_plan):
    template = corporate_template(tmp_path / "acme.docx")
    document = read(render_docx(northwind_plan, template=template, environ={}))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "ACME Corporation · Confidential"
    assert document.styles["Normal"].font.name == "Courier New"
    assert document.styles["Normal"].font.size == Pt(11)
    assert document.styles["Heading 1"].font.size == Pt(22)
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.left_margin - Cm(3)) < Cm(0.01)
    # the template's body is gone, the plan is there
    assert "Lorem ipsum" not in all_text(document)
    assert headings(document, 1)[0][1] == "Summary"
    # the footer keeps the template's words and gains page numbers
    footer = section.footer._element
    assert "ACME Corporation, 1 Main Street" in "".join(footer.itertext())
    assert "PAGE" in " ".join(t.text for t in footer.iter(qn("w:instrText")))


def test_charts_and_tables_follow_the_template_width(tmp_path, northwind_plan):
    template = corporate_template(tmp_path / "acme.docx")
    document = read(render_docx(northwind_plan, template=template, environ={}))
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    assert all(shape.width <= width for shape in document.inline_shapes)
    grid = document.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))
    assert abs(sum(int(c.get(qn("w:w"))) for c in grid) - width / 635) <= 2


def test_a_template_without_heading_styles_gets_them(tmp_path, northwind_plan):
    """A Word file whose styles part lacks Heading 1/2 (only latent in Word) still works."""
    template = tmp_path / "bare.docx"
    document = docx.Document()
    root = document.styles.element
    for style in root.findall(qn("w:style")):
        name = style.find(qn("w:name")).get(qn("w:val"))
        if name.startswith("heading") or name in ("List Bullet", "Caption", "Quote", "Title", "Subtitle"):
            root.remove(style)
    document.save(template)
    rendered = read(render_docx(northwind_plan, template=template, environ={}))
    heading = rendered.styles["Heading 1"]
    assert heading.style_id == "Heading1"
    assert heading.element.find(qn("w:pPr")).find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    assert [t for _, t in headings(rendered, 1)][:2] == ["Summary", "Mission and context"]


@pytest.mark.parametrize("content", [b"not a zip at all", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_word_document_is_refused(tmp_path, northwind_plan, content):
    template = tmp_path / "corporate.docx"
    template.write_bytes(content)
    with pytest.raises(RenderError) as error:
        render_docx(northwind_plan, template=template)
    assert str(error.value).startswith(f"{template}: not ")
    assert ".docx" in str(error.value)


def test_a_missing_template_is_refused(tmp_path, northwind_plan):
    with pytest.raises(RenderError, match="no such file"):
        render_docx(northwind_plan, template=tmp_path / "missing.docx")


def test_a_spreadsheet_is_not_a_template(tmp_path, northwind_plan):
    import openpyxl

    book = tmp_path / "styles.xlsx"
    openpyxl.Workbook().save(book)
    with pytest.raises(RenderError, match="not a Word document"):
        render_docx(northwind_plan, template=book)


def test_the_committed_reference_document_is_what_its_script_builds():
    import importlib.util

    from salesplan.resources import templates_dir

    script = templates_dir() / "make_reference.py"
    spec = importlib.util.spec_from_file_location("make_reference", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (templates_dir() / "reference.docx").read_bytes()

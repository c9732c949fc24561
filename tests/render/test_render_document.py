"""What a reader of the Northwind plan sees: chapters, numbers, pictures, page furniture.

Every figure below is worked out by hand from plans/northwind-2027.yaml.
"""

from __future__ import annotations

import zlib
from io import BytesIO
from zipfile import ZipFile

from docx_support import all_text, body_items, headings, pictures, read, row, table_after
from docx.oxml.ns import qn

from salesplan.render import render_docx

CHAPTERS = [
    "Mission and context", "Team", "Target market", "Tools and resources", "Positioning",
    "Marketing strategy", "Prospecting strategy", "Action plan", "Goals", "Budget",
]


def test_cover_then_summary_then_the_ten_chapters_in_plan_order(northwind_doc):
    assert [text for _, text in headings(northwind_doc, 1)] == ["Summary", *CHAPTERS]
    items = body_items(northwind_doc)
    cover = [i.text for i in items[:12] if i.kind == "p" and i.text]
    # the company once (the title "Northwind Analytics - Q1 2027 sales plan" loses its company
    # prefix), a three-month plan named for its quarter, the target with the period in words
    assert cover[:4] == ["Northwind Analytics", "Q1 2027 sales plan", "€30,000",
                         "New-business revenue, from January to March 2027"]
    assert "Period\tJanuary 1, 2027 – March 31, 2027" in cover
    assert "Prepared by\tDana Whitfield, VP Sales" in cover
    assert "Version\t3" in cover
    assert "Dated\tJanuary 1, 2027" in cover
    assert sum("Northwind Analytics" in text for text in cover) == 1
    assert items[2].style == "Title" and items[2].text == "Q1 2027 sales plan"


def test_headings_use_the_built_in_styles(northwind_doc):
    styles = {style for style, _ in headings(northwind_doc)}
    assert styles <= {"Heading 1", "Heading 2", "Heading 3"}
    assert ("Heading 2", "Monthly targets") in headings(northwind_doc)
    assert ("Heading 3", "Lucy, Marketing Director") in headings(northwind_doc)
    for name in ("Heading 1", "Heading 2"):
        style = northwind_doc.styles[name]
        assert style.style_id == name.replace(" ", "")  # Word's own built-in style
        assert style.paragraph_format.keep_with_next


def test_no_heading_is_left_empty(northwind_doc):
    """Every heading is followed by content before the next heading of its level or above."""
    items = body_items(northwind_doc)
    for index, item in enumerate(items):
        if item.kind == "p" and item.style.startswith("Heading"):
            level = int(item.style[-1])
            following = next(i for i in items[index + 1:] if i.kind == "table" or i.text)
            if following.kind == "p" and following.style.startswith("Heading"):
                assert int(following.style[-1]) > level, f"empty heading {item.text!r}"


def test_summary_page(northwind_doc):
    items = body_items(northwind_doc)
    start = next(i for i, item in enumerate(items) if item.text == "Summary")
    end = next(i for i, item in enumerate(items) if item.text == "Mission and context")
    summary = items[start:end]
    texts = [i.text for i in summary if i.kind == "p"]
    assert "Help mid-size retailers understand their customers." in texts
    assert texts[1] == "The plan sets a target of €30,000 for New-business revenue from January to March 2027."
    assert "Team: 4 people, 3 of them with a quota, in 2 territories (West and East); 1 hire planned, the first " \
           "in February 2027." in texts
    goals = next(i.rows for i in summary if i.kind == "table")
    # goals in priority order with their targets
    assert goals[1] == ["1", "New-business revenue", "Revenue", "€30,000"]
    assert goals[2] == ["2", "Enterprise logos", "Won deals", "20"]
    facts = [i.rows for i in summary if i.kind == "table"][1]
    # 11,000 + 12,500 + 14,000 = 37,500 of quotas for 30,000 of target: 125 %; by month
    # 11,000/8,000 = 137.5 % -> 138 %, 12,500/8,000 = 156.25 % -> 156 %, 14,000/14,000 = 100 %
    assert row(facts, "Quota coverage")[1] == ("Over-assigned by 25%: quotas cover 125% of the target (€37,500 for "
                                               "€30,000); by month, from 100% (March) to 156% (February).")
    # 30,000 / 3,000 = 10 won deals; the Enterprise logos goal counts 20: 10 more
    assert row(facts, "Won deals needed")[1] == ("10 won deals over the period at €3,000 a deal (reverse funnel); "
                                                 "Enterprise logos counts 20, 10 more")
    # 24,800 / 30,000 = 82.67 % -> 83 %; 30,000 / 24,800 = 1.2097 -> 1.21
    # 24,800 / 10 won deals = 2,480 a deal
    assert row(facts, "Budget")[1] == ("€24,800, 83% of the revenue target of €30,000; the target is 1.21 times "
                                       "the budget; €2,480 per won deal (the budget lines over the 10 won deals "
                                       "the funnel needs)")
    # the SDR from Feb 1 at 2,100 a month: February and March = 4,200; 24,800 + 4,200 = 29,000 = 96.67 % -> 97 %
    assert row(facts, "Planned hires")[1] == ("1 planned hire costs €4,200 within the period, outside the budget "
                                              "lines; €29,000 with it, 97% of the revenue target")
    assert ("Heading 2", "The most important action") in headings(northwind_doc)
    assert any(t.startswith("Increase referral rate by 30% this quarter (goal: New-business revenue)") for t in texts)
    assert ("Heading 2", "Points to watch") in headings(northwind_doc)
    assert "None: every figure adds up, quotas cover every month and every date falls within the plan." in texts
    # the small chart of the monthly targets: March is 14,000 / 30,000 = 46.67 % -> 47 % of the quarter
    alt, title = pictures(northwind_doc)[0]
    assert title == "Monthly targets and each month's share of the period: New-business revenue"
    assert "Jan 27%, Feb 27%, Mar 47%" in alt


def test_monthly_targets_with_roll_up_and_cumulative(northwind_doc):
    rows = table_after(northwind_doc, "New-business revenue: target by month, with quarter roll-ups and the cumulative curve")
    assert rows[0] == ["Month", "Target", "Cumulative", "Rep quotas", "Coverage"]
    # targets 8,000 / 8,000 / 14,000; quotas 5,000+3,000+3,000 / 5,000+4,500+3,000 / 5,000+6,000+3,000
    # 137.5 % and 156.25 % in whole percent (the document's one precision rule)
    assert row(rows, "January 2027") == ["January 2027", "€8,000", "€8,000", "€11,000", "138%"]
    assert row(rows, "February 2027") == ["February 2027", "€8,000", "€16,000", "€12,500", "156%"]
    assert row(rows, "March 2027") == ["March 2027", "€14,000", "€30,000", "€14,000", "100%"]
    assert row(rows, "Total (Q1 2027)") == ["Total (Q1 2027)", "€30,000", "€30,000", "€37,500", "125%"]
    deals = table_after(northwind_doc, "Enterprise logos: target by month, with quarter roll-ups and the cumulative curve")
    assert [r[1] for r in deals[1:]] == ["5", "7", "8", "20"]


def test_rep_quotas_by_month_show_the_ramp(northwind_doc):
    rows = table_after(northwind_doc, "Quotas by month, January 2027 to March 2027")
    assert rows[0] == ["Rep", "Jan", "Feb", "Mar"]
    assert row(rows, "Carol Diaz")[1:] == ["€5,000", "€5,000", "€5,000"]
    # Shane started 2026-12 with ramp 25/50/75 %: Jan is index 1 (50 %), Feb 75 %, Mar full 6,000
    assert row(rows, "Shane Okafor")[1:] == ["€3,000", "€4,500", "€6,000"]
    assert row(rows, "Li Wei")[1:] == ["€3,000", "€3,000", "€3,000"]
    assert row(rows, "All reps")[1:] == ["€11,000", "€12,500", "€14,000"]
    assert row(rows, "Team target")[1:] == ["€8,000", "€8,000", "€14,000"]
    assert row(rows, "Quota coverage")[1:] == ["138%", "156%", "100%"]
    summary = table_after(northwind_doc, "Rep quotas")
    assert row(summary, "Shane Okafor") == ["Shane Okafor", "East", "25% / 50% / 75%, from Dec 1, 2026", "€6,000", "€13,500"]
    assert row(summary, "All reps")[-1] == "€37,500"


def test_territory_split_and_reverse_funnel(northwind_doc):
    split = table_after(northwind_doc, "New-business revenue")
    assert split[1:] == [["West", "€18,000", "60%"], ["East", "€12,000", "40%"], ["Total", "€30,000", "100%"]]
    funnel = table_after(northwind_doc, "Prospects needed at each stage, month by month")
    assert funnel[0] == ["Month", "Leads", "Qualified leads", "Opportunities", "Won"]
    # 8,000 / 3,000 -> 3 won; 3 / 0.5 = 6; 6 / 0.4 = 15; 15 / 0.25 = 60
    assert row(funnel, "January 2027")[1:] == ["60", "15", "6", "3"]
    # 14,000 / 3,000 -> 5 won; 10; 25; 100
    assert row(funnel, "March 2027")[1:] == ["100", "25", "10", "5"]
    # no total row: the months (3 + 3 + 5 = 11 won) add up to more than the period needs; the
    # stage table gives the period from its whole target: 30,000 / 3,000 = 10 won, 20, 50, 200
    assert [r[0] for r in funnel][-1] == "March 2027"
    stages = table_after(northwind_doc, "Reverse funnel")
    assert [r[-1] for r in stages[1:]] == ["200", "50", "20", "10"]
    text = all_text(northwind_doc)
    assert "the €30,000 target of New-business revenue needs 10 won deals over the period" in text
    assert "The goal Enterprise logos counts 20 won deals: 10 more than the 10 the funnel needs." in text
    assert "the months add up to 11 won deals where the period as a whole needs 10." in text


def test_budget_table(northwind_doc):
    rows = table_after(northwind_doc, "Budget lines")
    assert rows[0] == ["Category", "Item", "Amount", "Share"]
    # 18,000 / 24,800 = 72.58 % -> 73 %; 500 / 24,800 = 2.02 % -> 2 % (one decimal under 10 %)
    assert row(rows, "Compensation") == ["Compensation", "Commissions", "€18,000", "73%"]
    assert row(rows, "Training") == ["Training", "Referral workshop", "€1,500", "6%"]  # 6.05 % -> 6.0
    assert row(rows, "Sales contests")[-1] == "2.4%"  # 600 / 24,800 = 2.42 %
    # the hires are a line of their own beside the budget lines: 2 months at 2,100
    assert row(rows, "Budget lines")[2:] == ["€24,800", "100%"]
    assert row(rows, "Planned hires") == ["Planned hires", "Sales Development Rep: 2 months at €2,100 (not a budget line)",
                                          "€4,200", ""]
    assert row(rows, "Total with the hires")[2] == "€29,000"
    text = all_text(northwind_doc)
    assert ("The budget totals €24,800, 83% of the revenue target of €30,000; the target is 1.21 times the budget."
            in text)
    # 24,800 / 10 won deals = 2,480
    assert ("Cost per won deal: €2,480, the budget lines divided by the 10 won deals the funnel needs over the "
            "period (hires not counted).") in text


def test_tables_of_every_section(northwind_doc):
    assert row(table_after(northwind_doc, "Sales team"), "Shane Okafor") == [
        "Shane Okafor", "Account Executive", "East", "Dec 1, 2026", "25% / 50% / 75%"]
    assert row(table_after(northwind_doc, "Planned hires"), "Sales Development Rep") == [
        "Sales Development Rep", "Feb 1, 2027", "1", "€2,100"]
    assert table_after(northwind_doc, "Customer journey")[1][0] == "Awareness"
    assert row(table_after(northwind_doc, "Tools and resources"), "HubSpot CRM")[-1] == "€900"
    assert row(table_after(northwind_doc, "Competitors"), "Globex Insights")[-1] == "From 1,200 per month"
    promotions = table_after(northwind_doc, "Promotions")
    assert row(promotions, "Product A") == ["Product A", "Price rises from 40 to 45", "Feb 2, 2027", "", "-2%"]
    assert row(promotions, "Product B")[-1] == "+20%"
    actions = table_after(northwind_doc, "Action plan")
    assert actions[0] == ["Initiative", "Owner", "Due", "Status"]
    # owners are member ids in the plan: the document shows their names
    assert row(actions, "Three-day workshop on referral techniques") == [
        "Three-day workshop on referral techniques", "Mia Laurent", "Feb 15, 2027", "Planned"]
    assert row(actions, "Referral sales contest")[1] == "Carol Diaz"


def test_seven_pictures_each_with_alt_text(northwind_doc):
    found = pictures(northwind_doc)
    assert [title for _, title in found] == [
        "Monthly targets and each month's share of the period: New-business revenue",
        "Customer sentiment along the journey",
        "Reverse funnel: prospects needed over the period",
        "Territory split: New-business revenue",
        "Monthly team target and cumulative curve: New-business revenue",
        "Rep quotas by month against the team target: New-business revenue",
        "Budget by category",
    ]
    alts = dict((title, alt) for alt, title in found)
    assert all(alt and len(alt) > 40 for alt, _ in found)
    assert "Jan €8,000, Feb €8,000, Mar €14,000" in alts["Monthly team target and cumulative curve: New-business revenue"]
    assert "West €18,000 (60%), East €12,000 (40%)" in alts["Territory split: New-business revenue"]
    assert "Ramping up during the period: Shane Okafor." in alts[
        "Rep quotas by month against the team target: New-business revenue"]
    assert "200 Leads, 50 Qualified leads, 20 Opportunities, 10 Won" in alts[
        "Reverse funnel: prospects needed over the period"]


def test_pngs_carry_no_timestamp_or_software_tag(northwind_bytes):
    with ZipFile(BytesIO(northwind_bytes)) as package:
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(media) == 7
        for name in media:
            chunks = png_chunks(package.read(name))
            assert "tIME" not in chunks
            assert not {"tEXt", "iTXt", "zTXt"} & set(chunks)


def png_chunks(data: bytes) -> list[str]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        length = int.from_bytes(data[offset:offset + 4], "big")
        kind = data[offset + 4:offset + 8].decode("ascii")
        chunks.append(kind)
        if kind == "IDAT":
            zlib.decompressobj()  # the data itself is not looked at
        offset += 12 + length
    return chunks


def test_header_rows_repeat_and_rows_never_split(northwind_doc):
    tables = northwind_doc.tables
    with_header = [t for t in tables if t.rows[0]._tr.trPr is not None
                   and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(with_header) >= 15
    for table in tables:
        for table_row in table.rows:
            assert table_row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_page_numbers_in_the_footer_and_no_furniture_on_the_cover(northwind_doc):
    section = northwind_doc.sections[0]
    assert section.different_first_page_header_footer
    footer = section.footer._element
    instructions = " ".join(t.text for t in footer.iter(qn("w:instrText")))
    assert "PAGE" in instructions and "NUMPAGES" in instructions
    assert "Page" in "".join(footer.itertext())
    assert section.header.paragraphs[0].text == "Northwind Analytics - Q1 2027 sales plan"
    assert not "".join(section.first_page_header._element.itertext()).strip()


def test_tables_and_pictures_fit_the_page_width(northwind_doc):
    section = northwind_doc.sections[0]
    text_twips = int((section.page_width - section.left_margin - section.right_margin) / 635)
    for table in northwind_doc.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) <= text_twips + 1
    for shape in northwind_doc.inline_shapes:
        assert shape.width <= section.page_width - section.left_margin - section.right_margin


def test_core_properties_come_from_the_plan(northwind_doc):
    props = northwind_doc.core_properties
    assert props.title == "Northwind Analytics - Q1 2027 sales plan"
    assert props.author == "Dana Whitfield, VP Sales"
    assert props.subject == "Northwind Analytics"
    assert props.revision == 3
    assert props.created.isoformat() == "2027-01-01T00:00:00+00:00"
    assert props.modified == props.created
    assert props.language == "en"


def test_one_page_renders_only_the_summary(northwind_plan):
    document = read(render_docx(northwind_plan, one_page=True, environ={}))
    assert [text for _, text in headings(document, 1)] == ["Summary"]
    # the summary's one chart: the monthly targets with their shares
    assert [title for _, title in pictures(document)] == [
        "Monthly targets and each month's share of the period: New-business revenue"]
    first = body_items(document)[:2]
    assert first[0].style == "Title" and first[0].text == "Q1 2027 sales plan"
    assert first[1].text == ("Northwind Analytics · January 1, 2027 – March 31, 2027 · Dana Whitfield, VP Sales · "
                             "version 3")
    assert not northwind_plan_has_page_break(document)


def northwind_plan_has_page_break(document) -> bool:
    return any(br.get(qn("w:type")) == "page" for br in document.element.body.iter(qn("w:br")))

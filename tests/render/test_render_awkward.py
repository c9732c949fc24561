"""Awkward plans: huge, tiny, empty lists, accents and emoji, missing sections, template syntax."""

from __future__ import annotations

import copy

import pytest
from docx_support import all_text, body_items, headings, pictures, read, row, table_after
from docx.oxml.ns import qn
from render_plans import LONG, northwind_data, plan_from, stress_data

from salesplan.render import render_docx


def render(data: dict, **options):
    return read(render_docx(plan_from(data), environ={}, **options))


def assert_fits_the_page(document) -> None:
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    for table in document.tables:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) <= width / 635 + 1
    for shape in document.inline_shapes:
        assert shape.width <= width
        assert shape.height <= section.page_height - section.top_margin - section.bottom_margin


def assert_no_empty_heading(document) -> None:
    items = body_items(document)
    for index, item in enumerate(items):
        if item.kind == "p" and item.style.startswith("Heading"):
            following = next((i for i in items[index + 1:] if i.kind == "table" or i.text), None)
            assert following is not None, f"{item.text!r} ends the document"
            if following.kind == "p" and following.style.startswith("Heading"):
                assert int(following.style[-1]) > int(item.style[-1]), f"empty heading {item.text!r}"


@pytest.fixture(scope="module")
def stress_doc():
    return render(stress_data(reps=40, month_count=24))


def test_forty_reps_over_twenty_four_months(stress_doc):
    assert_fits_the_page(stress_doc)
    assert_no_empty_heading(stress_doc)
    assert len(pictures(stress_doc)) == 7  # the six chapter charts and the summary's monthly targets
    # the month-by-month quota tables are cut into half-years: 4 tables of 6 months
    captions = [i.text for i in body_items(stress_doc) if i.text.startswith("Quotas by month, ")]
    assert captions == ["Quotas by month, January 2027 to June 2027", "Quotas by month, July 2027 to December 2027",
                        "Quotas by month, January 2028 to June 2028", "Quotas by month, July 2028 to December 2028"]
    first = table_after(stress_doc, captions[0])
    assert first[0] == ["Rep", "Jan 2027", "Feb 2027", "Mar 2027", "Apr 2027", "May 2027", "Jun 2027"]
    assert len(first) == 1 + 40 + 3
    assert row(first, f"{LONG} 0")[1] == "€2,000"
    # quarter and year roll-ups in the monthly targets
    targets = table_after(stress_doc, "New-business revenue: target by month, with quarter roll-ups and the cumulative curve")
    labels = [r[0] for r in targets]
    assert labels.count("Year 2027") == 1 and "Q4 2028" in labels and labels[-1] == "Total"
    assert row(targets, "Year 2027")[1] == "€600,000"
    quota_alt = next(alt for alt, title in pictures(stress_doc) if title.startswith("Rep quotas"))
    assert quota_alt.startswith("Grid of the monthly quotas of 40 reps")


def test_a_minimal_plan_has_only_its_chapters():
    data = northwind_data()
    minimal = {"plan": data["plan"], "mission": {"statement": "Sell."},
               "goals": [{"id": "revenue", "target": 30000}]}
    document = render(minimal)
    assert [t for _, t in headings(document, 1)] == ["Summary", "Mission and context", "Goals"]
    assert_no_empty_heading(document)
    # only the monthly target chart: no quotas, funnel, budget, territories or journey
    assert [title for _, title in pictures(document)] == [
        "Monthly targets and each month's share of the period: revenue",  # the summary's small chart
        "Monthly team target and cumulative curve: revenue"]
    text = all_text(document)
    assert "The plan sets no rep quotas." in text
    assert "The plan sets no budget." in text
    assert "revenue has no monthly breakdown in the plan: its target is spread evenly over the months." in text
    spread = table_after(document, "revenue: target by month, with quarter roll-ups and the cumulative curve")
    assert [r[1] for r in spread[1:]] == ["€10,000", "€10,000", "€10,000", "€30,000"]


def test_empty_optional_lists_leave_no_heading_behind():
    data = northwind_data()
    data["team"] = {"territories": [], "members": [], "hires": []}
    data["market"] = {"segments": [], "personas": [], "journey": []}
    data["positioning"] = {"competitors": [], "trends": [], "differentiators": []}
    data["marketing"] = {"promotions": [], "channels": []}
    data["prospecting"] = {"inbound": [], "outbound": []}
    data["resources"] = []
    data["actions"] = []
    data["quotas"] = []
    data["goals"][0].pop("territories")
    data.pop("tracking")
    document = render(data)
    assert [t for _, t in headings(document, 1)] == ["Summary", "Mission and context", "Goals", "Budget"]
    assert_no_empty_heading(document)
    titles = [title for _, title in pictures(document)]
    assert titles == ["Monthly targets and each month's share of the period: New-business revenue",
                      "Monthly team target and cumulative curve: New-business revenue", "Budget by category"]


def test_no_quotas_and_no_budget():
    data = northwind_data()
    data.pop("quotas")
    data.pop("budget")
    data.pop("tracking")
    document = render(data)
    names = [t for _, t in headings(document, 1)]
    assert "Budget" not in names
    assert ("Heading 2", "Rep quotas") not in headings(document)
    titles = [title for _, title in pictures(document)]
    assert not any(t.startswith("Rep quotas") or t == "Budget by category" for t in titles)
    facts = table_after(document, "Key figures")
    assert row(facts, "Quota coverage")[1] == "The plan sets no rep quotas."
    assert row(facts, "Budget")[1] == "The plan sets no budget."
    assert_no_empty_heading(document)


def test_accents_emoji_and_template_syntax_are_printed_as_written():
    data = northwind_data()
    data.pop("tracking")
    data["plan"]["title"] = "{{ 7*7 }} Plan {% if true %}yes{% endif %} — Zoë 🚀"
    data["plan"]["company"] = "Ñandú & Søn {# not a comment #}"
    data["mission"]["statement"] = "Ça marche 👍 — {{ plan.title }}"
    data["team"]["members"][0]["name"] = "Zoë Ñúñez-Çelik 🚀"
    document = render(data)
    text = all_text(document)
    assert "{{ 7*7 }} Plan {% if true %}yes{% endif %} — Zoë 🚀" in text
    assert "49" not in text.split("Plan")[0]
    assert "Ñandú & Søn {# not a comment #}" in text
    assert "Ça marche 👍 — {{ plan.title }}" in text
    assert row(table_after(document, "Sales team"), "Zoë Ñúñez-Çelik 🚀")[1] == "Account Executive"
    assert row(table_after(document, "Action plan"), "Referral sales contest")[1] == "Zoë Ñúñez-Çelik 🚀"
    assert document.core_properties.title == "{{ 7*7 }} Plan {% if true %}yes{% endif %} — Zoë 🚀"


def test_control_characters_in_plan_text_do_not_break_the_document():
    data = northwind_data()
    data.pop("tracking")
    data["mission"]["statement"] = "Bell\x07 and form feed\x0c inside"
    document = render(data)
    assert "Bell and form feed inside" in all_text(document)


def test_prose_keeps_paragraphs_and_bullets():
    data = northwind_data()
    data.pop("tracking")
    data["mission"]["history"] = "Founded in 2019\nin Nantes.\n\nMilestones:\n- first customer\n- 140 customers\n"
    document = render(data)
    items = [i for i in body_items(document) if i.kind == "p"]
    texts = [i.text for i in items]
    assert "Founded in 2019 in Nantes." in texts
    assert "Milestones:" in texts
    bullets = [i for i in items if i.text in ("first customer", "140 customers")]
    assert [b.style for b in bullets] == ["List Bullet", "List Bullet"]


def test_a_deals_goal_first_and_a_plan_without_currency():
    data = northwind_data()
    data.pop("tracking")
    data["plan"].pop("currency")
    data["goals"][0]["priority"], data["goals"][1]["priority"] = 2, 1
    document = render(data)
    goals = table_after(document, "Summary")  # the goals open the summary
    assert goals[1] == ["1", "Enterprise logos", "Won deals", "20"]
    assert goals[2] == ["2", "New-business revenue", "Revenue", "30,000"]
    assert "€" not in all_text(document)


def test_many_stages_segments_and_reps_with_a_stacked_chart():
    data = stress_data(reps=10, month_count=12, long_names=False)
    document = render(data)
    assert_fits_the_page(document)
    quota_alt = next(alt for alt, title in pictures(document) if title.startswith("Rep quotas"))
    assert quota_alt.startswith("Stacked bar chart of the monthly quotas of 10 reps")


def test_french_stress_plan():
    data = copy.deepcopy(stress_data(reps=30, month_count=18))
    document = render(data, language="fr")
    assert_fits_the_page(document)
    assert headings(document, 1)[0][1] == "Synthèse"

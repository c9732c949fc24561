"""The Word plan argues the plan: a cover that fits the period, a summary that tells the story
(points to watch included), under-assignment said and shaded, one deal count, the hires in the
budget, a contents list, pages that keep things together.

Every figure is worked out by hand in the comments; plans are made in the tests from the
Northwind example (tests/render/render_plans.py) and read back from the generated .docx.
"""

from __future__ import annotations

import copy
import typing

from docx.oxml.ns import qn
from docx_support import all_text, body_items, read, row, table_after
from render_plans import northwind_data, plan_from

from salesplan.plan import checks
from salesplan.render import render_docx
from salesplan.render.blocks import Block
from salesplan.render.context import RenderContext
from salesplan.render.plan_summary import plan_name, shown_title
from salesplan.render.plan_tables import SHORT_FILL
from salesplan.render.word_writer import DocumentWriter

SIX_MONTHS = ["2027-01", "2027-02", "2027-03", "2027-04", "2027-05", "2027-06"]


def base(**plan) -> dict:
    data = northwind_data()
    data.pop("tracking")
    data["plan"].update(plan)
    return data


def months_plan(start: str, end: str, months: list[str], **plan) -> dict:
    """Northwind over another period: one revenue goal of 10,000 a month, no quotas."""
    data = base(start=start, end=end, **plan)
    data["goals"] = [{"id": "revenue", "name": "New-business revenue", "metric": "revenue",
                      "target": 10_000 * len(months), "priority": 1, "monthly": {m: 10_000 for m in months}}]
    data.pop("quotas")
    data["actions"][0]["initiatives"][1]["due"] = end
    return data


def under_assigned() -> dict:
    """Six months, targets 10,000 x 4, 12,000, 18,000 = 70,000; one rep's quota written month by
    month 10,000, 10,000, 10,000, 12,000, 10,000, 11,000 = 63,000: 63,000 / 70,000 = 90 %.
    May falls 12,000 - 10,000 = 2,000 short, June 18,000 - 11,000 = 7,000 short."""
    data = months_plan("2027-01-01", "2027-06-30", SIX_MONTHS)
    data["goals"][0].update(target=70_000, monthly=dict(zip(SIX_MONTHS, [10_000] * 4 + [12_000, 18_000])))
    data["quotas"] = [{"rep": "carol", "monthly": dict(zip(SIX_MONTHS, [10_000, 10_000, 10_000, 12_000, 10_000,
                                                                       11_000]))}]
    return data


def texts(document) -> list[str]:
    return [i.text for i in body_items(document) if i.kind == "p"]


# --------------------------------------------------------------------------- cover


def test_the_title_fits_the_period_and_the_kind():
    def name(data, language=None):
        return plan_name(RenderContext.for_plan(plan_from(data), language))

    quarter = base()  # Jan 1 - Mar 31 2027
    assert name(quarter) == "Q1 2027 sales plan"
    assert name(quarter, "fr") == "Plan commercial T1 2027"
    year = months_plan("2027-01-01", "2027-12-31", [f"2027-{m:02d}" for m in range(1, 13)])
    assert name(year) == "Sales plan 2027"
    assert name(year, "fr") == "Plan commercial 2027"
    half = months_plan("2027-01-01", "2027-06-30", SIX_MONTHS)
    assert name(half) == "H1 2027 sales plan"
    spring = months_plan("2027-04-01", "2027-08-31", ["2027-04", "2027-05", "2027-06", "2027-07", "2027-08"])
    assert name(spring) == "Sales plan, April – August 2027"
    assert name(spring, "fr") == "Plan commercial, avril – août 2027"
    expansion = copy.deepcopy(quarter)
    expansion["plan"]["kind"] = "market-expansion"
    assert name(expansion) == "Market expansion plan, Q1 2027"


def test_a_three_month_plan_is_not_an_annual_plan_on_its_cover():
    data = base(title="Northwind Analytics: Annual sales plan")  # the user's own title says "annual"
    document = read(render_docx(plan_from(data), environ={}))
    cover = [t for t in texts(document)[:8] if t]
    # the company once, the title without its company, then the name the period gives
    assert cover[:3] == ["Northwind Analytics", "Annual sales plan", "Q1 2027 sales plan"]
    assert "ANNUAL SALES PLAN" not in all_text(document)


def test_the_cover_in_french():
    document = read(render_docx(plan_from(base(language="fr")), environ={}))
    cover = [t for t in texts(document)[:10] if t]
    # the English title is the plan's own text; the name of the period is French
    assert cover[:5] == ["Northwind Analytics", "Q1 2027 sales plan", "Plan commercial T1 2027", "30\u202f000\u00a0€",
                         "New-business revenue, de janvier à mars 2027"]
    assert "Période\tDu 1er janvier 2027 au 31 mars 2027" in cover


def test_a_title_without_the_company_stays_as_written():
    ctx = RenderContext.for_plan(plan_from(base(title="Winning the Benelux")))
    assert shown_title(ctx) == "Winning the Benelux"


# --------------------------------------------------------------------------- under-assignment


def test_under_assignment_is_said_as_such_and_the_short_months_shaded():
    document = read(render_docx(plan_from(under_assigned()), environ={}))
    sentence = ("Under-assigned: quotas cover 90% of the target (€63,000 for €70,000); May and June fall €2,000 "
                "and €7,000 short.")
    facts = table_after(document, "Key figures")
    assert row(facts, "Quota coverage")[1] == sentence
    assert "New-business revenue — " + sentence in texts(document)  # among the points to watch
    assert "over-assign" not in all_text(document).lower()
    assert sentence + " Shaded in the tables below: the months whose quotas fall short of the team target." \
        in texts(document)
    # the monthly targets table: May and June (and the second quarter, 36,000 of 40,000) shaded
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "Coverage")
    shaded = {r.cells[0].text: [c._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") for c in r.cells] for r in table.rows}
    fill = [cell.get(qn("w:fill")) if cell is not None else None for cell in shaded["May 2027"]]
    assert fill[-2:] == [SHORT_FILL, SHORT_FILL]
    assert [c.get(qn("w:fill")) if c is not None else None for c in shaded["April 2027"]][-1] != SHORT_FILL
    assert row(table_after(document, "New-business revenue: target by month, with quarter roll-ups and the "
                                     "cumulative curve"), "June 2027")[-1] == "61%"  # 11,000 / 18,000


def test_every_month_short_is_a_validation_warning_and_a_point_to_watch():
    plan = plan_from(under_assigned())
    found = [c for c in checks.concerns(plan) if c.kind == "quota_short"]
    assert [c.values["month"] for c in found] == ["2027-05", "2027-06"]
    # the document groups them in one sentence per goal
    ctx = RenderContext.for_plan(plan)
    from salesplan.render.plan_summary import points_to_watch
    bullets = points_to_watch(ctx)[0].items
    assert len(bullets) == 1 and bullets[0].startswith("New-business revenue — Under-assigned")


# --------------------------------------------------------------------------- points to watch


def test_points_to_watch_say_every_warning_in_plain_words():
    data = base()
    data["goals"][0]["territories"] = {"west": 18_000, "east": 10_000}  # 28,000: 2,000 short of 30,000
    data["goals"][1].pop("monthly")  # spread evenly over the 3 months
    data["budget"].append({"category": "marketing", "item": "Big campaign", "amount": 10_000})  # 34,800 > 30,000
    data["actions"][0]["initiatives"][1]["due"] = "2027-04-15"  # after the plan ends
    data["team"]["hires"].append({"role": "Account Executive", "start": "2027-05-01", "monthly_cost": 4000})
    plan = plan_from(data)
    kinds = sorted(c.kind for c in checks.concerns(plan))
    assert kinds == ["budget_above_target", "due_after_end", "hire_outside", "spread_evenly", "territories_sum"]
    document = read(render_docx(plan, environ={}))
    said = texts(document)
    assert ("1 initiative is due after the plan ends (Mar 31, 2027): Referral sales contest (Apr 15, 2027)."
            in said)
    assert ("The territory sub-goals of New-business revenue add up to €28,000, €2,000 short of its target of "
            "€30,000.") in said
    assert ("Enterprise logos has no monthly breakdown: its target is spread evenly over the 3 months of the "
            "period.") in said
    assert ("The budget (€34,800) is above the target of New-business revenue (€30,000): the plan costs more than "
            "it brings in.") in said
    assert ("The Account Executive hire starts on May 1, 2027, outside the plan period (Jan 1, 2027 – Mar 31, "
            "2027).") in said
    # goal names, never ids, in sentences
    assert "'revenue'" not in all_text(document) and "enterprise-logos" not in all_text(document)


def test_points_to_watch_in_french():
    data = base(language="fr")
    data["goals"][0]["territories"] = {"west": 18_000, "east": 10_000}
    document = read(render_docx(plan_from(data), environ={}))
    assert ("Les sous-objectifs par secteur de « New-business revenue » totalisent 28\u202f000\u00a0€, soit "
            "2\u202f000\u00a0€ de moins que sa cible de 30\u202f000\u00a0€.") in texts(document)


# --------------------------------------------------------------------------- deals, budget, hires


def test_one_deal_count_for_the_period():
    # 30,000 at 3,000 a deal is 10 won deals for the period, whatever the months round to
    data = base()
    data["goals"][0]["monthly"] = {"2027-01": 10_000, "2027-02": 10_000, "2027-03": 10_000}
    document = read(render_docx(plan_from(data), environ={}))
    stages = table_after(document, "Reverse funnel")
    assert row(stages, "Won")[-1] == "10"
    months = table_after(document, "Prospects needed at each stage, month by month")
    # 10,000 / 3,000 = 3.33 -> 4 won deals each month (a month's deals cannot come from another)
    assert [r[-1] for r in months[1:]] == ["4", "4", "4"]
    text = all_text(document)
    assert "the months add up to 12 won deals where the period as a whole needs 10." in text
    assert "€2,480 per won deal (the budget lines over the 10 won deals the funnel needs)" in text


def test_a_hire_without_a_cost_is_said_to_be_outside_the_budget():
    data = base()
    data["team"]["hires"] = [{"role": "Sales Development Rep", "start": "2027-02-01"}]
    document = read(render_docx(plan_from(data), environ={}))
    facts = table_after(document, "Key figures")
    assert row(facts, "Planned hires")[1] == ("The plan gives no cost for its 1 planned hire: its salary is outside "
                                              "the budget")
    assert "Planned hires" not in [r[0] for r in table_after(document, "Budget lines")]


def test_singular_hire_sentence(northwind_doc):
    assert ("1 hire planned, costing €2,100 a month once it has started: €4,200 within the period, outside the "
            "budget lines (see Budget).") in texts(northwind_doc)


# --------------------------------------------------------------------------- labels, contents, pages


def test_category_values_are_shown_with_their_label(northwind_doc, atelier_doc):
    tools = table_after(northwind_doc, "Tools and resources")
    assert [r[1] for r in tools[1:3]] == ["CRM", "Enablement"]
    outils = table_after(atelier_doc, "Outils et ressources")
    assert "Accompagnement" in [r[1] for r in outils]


def test_a_contents_list_after_the_summary_links_to_every_chapter(northwind_doc):
    items = body_items(northwind_doc)
    index = next(i for i, item in enumerate(items) if item.text == "Contents")
    assert items[index].style == "TOC Heading"
    entries = [i for i in items[index + 1:] if i.style in ("TOC 1", "TOC 2")]
    assert [e.text.strip() for e in entries if e.style == "TOC 1"] == [
        "Mission and context", "Team", "Target market", "Tools and resources", "Positioning", "Marketing strategy",
        "Prospecting strategy", "Action plan", "Goals", "Budget"]
    body = northwind_doc.element.body
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert len(anchors) == len(entries) and set(anchors) <= bookmarks
    pages = [t.text.strip() for t in body.iter(qn("w:instrText")) if "PAGEREF" in t.text]
    assert pages == [f"PAGEREF {name} \\h" for name in anchors]  # page numbers Word and LibreOffice fill in


def test_a_short_plan_has_no_contents_list():
    data = northwind_data()
    minimal = {"plan": data["plan"], "mission": {"statement": "Sell."}, "goals": [{"id": "revenue", "target": 30000}]}
    document = read(render_docx(plan_from(minimal), environ={}))
    assert "Contents" not in texts(document)


def keeps(paragraph) -> bool:
    return paragraph.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None


def test_headings_captions_and_charts_stay_together_and_no_total_row_stands_alone(northwind_doc):
    body = list(northwind_doc.element.body.iterchildren())
    for index, element in enumerate(body):
        if element.tag == qn("w:p") and element.findall(f".//{qn('w:drawing')}"):
            caption = body[index - 1]
            assert keeps(caption), "a chart's caption stays with its chart"
    # the summary's chapter opens a page without a blank break paragraph
    breaks = [p for p in northwind_doc.paragraphs if p.paragraph_format.page_break_before]
    assert [p.text for p in breaks][:2] == ["Summary", "Contents"]
    # a long table (the 40-rep quota table) keeps its last rows with its total row
    data = copy.deepcopy(under_assigned())
    document = read(render_docx(plan_from(data), environ={}))
    table = next(t for t in document.tables if t.rows[0].cells[-1].text == "Coverage")
    rows = table._tbl.findall(qn("w:tr"))
    before_total = rows[-2].find(f".//{qn('w:p')}")
    assert keeps(before_total)


def test_every_kind_of_block_has_a_writer():
    kinds = set(typing.get_args(Block))
    writer = DocumentWriter.__new__(DocumentWriter)
    assert set(DocumentWriter.writers(writer)) == kinds

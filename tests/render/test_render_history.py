"""``salesplan render --history FILE``: the "Basis of the plan" chapter from last year's deals."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXED_ENV
from docx_support import all_text, headings, pictures, read, row, table_after
from render_plans import NORTHWIND, REPO

from salesplan.cli import main
from salesplan.forecast import basis
from salesplan.render import render_docx
from salesplan.render.locale import Formats

HISTORY = REPO / "plans" / "northwind-2026-deals.csv"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def northwind_basis(northwind_plan):
    return basis(northwind_plan, HISTORY)


@pytest.fixture(scope="session")
def basis_bytes(northwind_plan, northwind_basis) -> bytes:
    return render_docx(northwind_plan, environ=FIXED_ENV, basis=northwind_basis)


@pytest.fixture()
def basis_doc(basis_bytes):
    return read(basis_bytes)


@pytest.fixture()
def french_history(tmp_path) -> Path:
    """A small history with the French plan's column names (tracking.actuals.columns)."""
    lines = ["Date,Commercial,Montant,Étape"]
    for month in range(1, 13):
        for day, rep in ((10, "Camille"), (11, "Julien"), (12, "Sophie")):
            lines.append(f"2026-{month:02d}-{day},{rep},{20000 + month * 1000},Gagné")
        lines.append(f"2026-{month:02d}-20,Julien,9000,Perdu")
    path = tmp_path / "historique-2026.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_chapter_comes_right_after_the_goals(basis_doc, northwind_doc):
    chapters = [t for _, t in headings(basis_doc, 1)]
    assert chapters.index("Basis of the plan") == chapters.index("Goals") + 1
    assert chapters[chapters.index("Basis of the plan") + 1] == "Budget"
    assert "Basis of the plan" not in [t for _, t in headings(northwind_doc, 1)]


def test_month_table_shows_the_basis_figures(basis_doc, northwind_basis):
    fmt = Formats("en", "EUR")
    rows = table_after(basis_doc, "The plan's monthly target beside the same month of 2026.")
    assert rows[0] == ["Month", "Last year", "Plan target", "Change"]
    for month in northwind_basis.months:
        assert row(rows, fmt.month(month.month)) == [
            fmt.month(month.month), fmt.money(month.last_year), fmt.money(month.plan),
            fmt.change(month.plan / month.last_year - 1)]
    assert row(rows, "January 2027") == ["January 2027", "€8,300", "€8,000", "-3.6%"]  # 8,000 / 8,300 - 1
    assert row(rows, "Total") == ["Total", "€30,550", "€30,000", fmt.change(northwind_basis.implied_growth)]


def test_capacity_table_and_staffing_sentence(basis_doc, northwind_basis):
    fmt = Formats("en", "EUR")
    caption = next(p.text for p in basis_doc.paragraphs if p.text.startswith("The target is the plan's own monthly"))
    # the reps are checked against the plan as written: 8,000, 8,000 and 14,000 a month
    assert [m.target for m in northwind_basis.capacity] == [Decimal(8000), Decimal(8000), Decimal(14000)]
    rows = table_after(basis_doc, caption)
    assert rows[0] == ["Month", "Team target", "Expected from reps", "Margin (+) or gap (-)"]
    for month in northwind_basis.capacity:
        margin = (month.capacity - month.target).quantize(Decimal(1))
        assert row(rows, fmt.month(month.month)) == [
            fmt.month(month.month), fmt.money(month.target), fmt.money(month.capacity.quantize(Decimal(1))),
            ("+" if margin > 0 else "") + fmt.money(margin)]
    # January: the reps bring 11,429 against 8,000, a margin of +3,429
    assert row(rows, "January 2027")[3] == "+€3,429"
    assert northwind_basis.additional_reps == 0
    assert ("At last year's attainment, the current reps are expected to sell €41,038 for a target of €30,000: "
            "no additional rep is needed.") in [p.text for p in basis_doc.paragraphs]


def test_funnel_comparison_and_reverse_funnel(basis_doc, northwind_basis):
    rows = table_after(basis_doc, "Funnel against the history")
    assert rows[0] == ["Figure", "Plan", "History", "Difference", "Check"]
    assert row(rows, "Win rate") == ["Win rate", "50%", "41.3%", "-17%", "Beyond tolerance"]
    assert row(rows, "Average won deal") == ["Average won deal", "€3,000", "€3,029", "+1%", ""]  # +0.96 %: one decimal, trailing zero dropped
    assert row(rows, "Sales cycle (median)")[2] == "45.5 days"
    caption = next(p.text for p in basis_doc.paragraphs if p.text.startswith("Reverse funnel of the target"))
    reverse = table_after(basis_doc, caption)
    for stage in northwind_basis.reverse_funnel:
        assert row(reverse, stage.stage) == [stage.stage, f"{stage.plan_total:,}", f"{stage.observed_total:,}"]


def test_intro_paragraphs(basis_doc):
    text = all_text(basis_doc)
    assert ("Last year (2026) the team won €115,100. The plan's target is €30,000 from January 2027 to March 2027, "
            "a change of -1.8% against the same months of last year.") in text
    assert "Over the last 12 months, monthly sales rose by about €132 a month (linear trend)." in text


def test_one_more_picture_with_alt_text(basis_doc, northwind_doc):
    with_history, without = pictures(basis_doc), pictures(northwind_doc)
    assert len(with_history) == len(without) + 1
    added = [p for p in with_history if p not in without]
    assert len(added) == 1
    alt, title = added[0]
    assert title == "Last year's monthly sales (2026) against the plan's monthly targets"
    assert alt.startswith("Grouped bar chart of each month's won revenue in 2026")
    assert "Jan: €8,300 last year, target €8,000" in alt


def test_french_wording(atelier_plan, french_history):
    found = basis(atelier_plan, french_history)
    doc = read(render_docx(atelier_plan, environ=FIXED_ENV, basis=found))
    chapters = [t for _, t in headings(doc, 1)]
    assert chapters.index("Fondements du plan") == chapters.index("Objectifs") + 1
    subheadings = [t for _, t in headings(doc, 2)]
    for title in ("L'an dernier face au plan", "Capacité de l'équipe", "Entonnoir face à l'historique"):
        assert title in subheadings
    rows = table_after(doc, "L'objectif mensuel du plan face au même mois de 2026.")
    assert rows[0] == ["Mois", "An dernier", "Objectif du plan", "Évolution"]
    fmt = Formats("fr", "EUR")
    first = found.months[0]
    assert row(rows, "janvier 2027") == ["janvier 2027", fmt.money(first.last_year), fmt.money(first.plan),
                                         fmt.change(first.plan / first.last_year - 1)]
    assert "Taux de réussite" in [r[0] for r in table_after(doc, "Entonnoir face à l'historique")]
    assert any(title.startswith("Ventes mensuelles de l'an dernier (2026)") for _, title in pictures(doc))


def test_cli_writes_the_chapter_and_renders_twice_identically(tmp_path):
    first, second = tmp_path / "one.docx", tmp_path / "two.docx"
    for out in (first, second):
        result = invoke("render", str(NORTHWIND), "--history", str(HISTORY), "-o", str(out))
        assert result.exit_code == 0, result.output
        assert result.stdout == f"Wrote {out}\n"
    assert first.read_bytes() == second.read_bytes()
    assert "Basis of the plan" in [t for _, t in headings(read(first.read_bytes()), 1)]


def test_cli_bad_history_is_one_message_and_no_file(tmp_path):
    bad = tmp_path / "deals.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    out = tmp_path / "plan.docx"
    result = invoke("render", str(NORTHWIND), "--history", str(bad), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == ("deals.csv: the file does not have the needed columns (found: a, b; expected a "
                             "date, a rep and an amount column, e.g. 'Close Date', 'Deal owner', 'Amount', or a rep "
                             "column beside month columns)\n")
    assert not out.exists()
    forecast = invoke("forecast", str(bad), "--plan", str(NORTHWIND))
    assert forecast.exit_code == 1 and forecast.stderr == result.stderr


def test_cli_missing_history(tmp_path):
    out = tmp_path / "plan.docx"
    missing = tmp_path / "nope.csv"
    result = invoke("render", str(NORTHWIND), "--history", str(missing), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: no such file\n"
    assert not out.exists()


def test_cli_sheet_needs_history(tmp_path):
    result = CliRunner().invoke(main, ["render", str(NORTHWIND), "--sheet", "Deals", "-o", str(tmp_path / "p.docx")])
    assert result.exit_code == 2
    assert "--sheet needs --history" in result.output


def test_the_summary_states_the_growth_on_last_year(basis_doc, northwind_basis):
    # the same months of 2026 won 30,550; the target is 30,000: 30,000 / 30,550 - 1 = -1.8 %
    assert northwind_basis.last_year_label == "2026"
    assert ("The plan sets a target of €30,000 for New-business revenue from January to March 2027, -1.8% on the "
            "same months of 2026.") in [p.text for p in basis_doc.paragraphs]

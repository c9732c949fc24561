"""A French plan (or --language fr) gives a French document: words, numbers, money, dates."""

from __future__ import annotations

from docx_support import all_text, headings, pictures, read, row, table_after

from salesplan.render import render_docx

NNBSP = "\u202f"  # Babel's group separator in French: a narrow no-break space
NBSP = "\u00a0"  # before the currency sign and the percent sign

CHAPITRES = [
    "Synthèse", "Mission et contexte", "Équipe", "Marché cible", "Outils et ressources", "Positionnement",
    "Stratégie marketing", "Stratégie de prospection", "Plan d'action", "Objectifs", "Budget",
]


def test_atelier_lumen_is_french_throughout(atelier_doc):
    assert [text for _, text in headings(atelier_doc, 1)] == CHAPITRES
    text = all_text(atelier_doc)
    for english in ("Summary", "Monthly targets", "Total (", "Prepared by", "Over-assignment", "Rep quotas"):
        assert english not in text
    # a calendar year of an annual plan: "Plan commercial 2027" (the title loses its company prefix)
    assert "Plan commercial 2027" in text and "ANNUEL" not in text.upper()
    assert "Préparé par\tNathalie Roussel, directrice commerciale" in text
    assert "Période\tDu 1er janvier 2027 au 31 décembre 2027" in text
    assert "Chiffre d'affaires, en 2027" in text


def test_french_numbers_money_and_dates(atelier_doc):
    goals = table_after(atelier_doc, "Synthèse")
    assert goals[1] == ["1", "Chiffre d'affaires", "Chiffre d'affaires", f"1{NNBSP}800{NNBSP}000{NBSP}€"]
    months = table_after(atelier_doc, "Chiffre d'affaires : objectif par mois, cumuls trimestriels et cumul de la période"
                         .replace(" :", f"{NBSP}:"))
    assert months[0] == ["Mois", "Objectif", "Cumul", "Quotas", "Couverture"]
    # 125 000 in January; quotas 50 000 + 32 000 + 30 000 + 30 000 = 142 000 -> 113,6 % -> 114 %
    assert row(months, "janvier 2027") == [
        "janvier 2027", f"125{NNBSP}000{NBSP}€", f"125{NNBSP}000{NBSP}€", f"142{NNBSP}000{NBSP}€", f"114{NBSP}%"]
    assert row(months, "T1 2027")[1] == f"415{NNBSP}000{NBSP}€"
    assert row(months, "Total")[1] == f"1{NNBSP}800{NNBSP}000{NBSP}€"
    hires = table_after(atelier_doc, "Recrutements prévus")
    assert row(hires, "Assistant(e) administration des ventes")[1:3] == ["1 mars 2027", "1"]
    actions = table_after(atelier_doc, "Plan d'action")
    assert row(actions, "Publier la bibliothèque BIM complète")[1:] == ["Julien Marchand", "26 févr. 2027", "Terminée"]


def test_french_alt_text(atelier_doc):
    found = dict((title, alt) for alt, title in pictures(atelier_doc))
    assert "Budget par catégorie" in found
    assert found["Répartition par secteur\u00a0: Chiffre d'affaires"].startswith("Diagramme en barres")
    assert f"Île-de-France 960{NNBSP}000{NBSP}€ (53{NBSP}%)" in found["Répartition par secteur\u00a0: Chiffre d'affaires"]


def test_language_option_turns_an_english_plan_french(northwind_plan):
    document = read(render_docx(northwind_plan, language="fr", environ={}))
    assert headings(document, 1)[0][1] == "Synthèse"
    text = all_text(document)
    assert f"30{NNBSP}000{NBSP}€" in text  # the contract's example
    assert "1 févr. 2027" in text  # the hire's start
    goals = table_after(document, "Synthèse")
    assert goals[1][-1] == f"30{NNBSP}000{NBSP}€"
    assert document.core_properties.language == "fr"


def test_english_forms(northwind_doc):
    text = all_text(northwind_doc)
    assert "€30,000" in text and "Feb 1, 2027" in text

"""``salesplan track --format docx``: the Word progress report, through the CLI."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx_support import all_text, headings, pictures, read, table_after

from salesplan.cli import main
from salesplan.render.locale import Formats

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "plans" / "northwind-2027.yaml"
ACTUALS = ROOT / "plans" / "northwind-2027-actuals.xlsx"
AS_OF = "2027-02-14"


def run(*args: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(main, ["track", *args], env={"SOURCE_DATE_EPOCH": "", **(env or {})})
    assert result.exit_code == 0, result.output
    return result


def report_docx(tmp_path: Path, plan: Path = PLAN, *extra: str, name: str = "report.docx") -> bytes:
    out = tmp_path / name
    run(str(plan), str(ACTUALS), "--as-of", AS_OF, "--format", "docx", "-o", str(out), *extra)
    return out.read_bytes()


@pytest.fixture(scope="module")
def report_bytes(tmp_path_factory) -> bytes:
    return report_docx(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def document(report_bytes):
    return read(report_bytes)


@pytest.fixture(scope="module")
def as_json() -> dict:
    result = run(str(PLAN), str(ACTUALS), "--as-of", AS_OF, "--format", "json")
    return json.loads(result.stdout)


def test_headings_and_headline(document):
    assert [text for _, text in headings(document, 1)] == [
        "Goals", "Charts", "Reps", "Territories", "Months", "Rows read"]
    text = all_text(document)
    assert "Progress report" in text
    assert "as of Feb 14, 2027" in text
    assert "Team (New-business revenue): ahead — 113% of the €12,000 expected by Feb 14, 2027" in text


def test_goals_table_matches_json(document, as_json):
    fmt = Formats("en", as_json["currency"])
    rows = table_after(document, "Goals")
    assert rows[0][:4] == ["Goal", "Target", "Expected to date", "Actual to date"]
    assert len(rows) == 1 + len(as_json["goals"])
    for cells, goal in zip(rows[1:], as_json["goals"]):
        metric = goal["metric"]
        for index, key in ((1, "target"), (2, "expected_to_date"), (3, "actual_to_date"), (7, "projected")):
            assert cells[index] == fmt.amount(Decimal(str(goal[key])), metric), (key, cells)
        assert cells[5] == {"ahead": "Ahead", "behind": "Behind", "on_track": "On track"}[goal["status"]]


def test_status_words_and_shading(document, report_bytes):
    text = all_text(document)
    for word in ("Ahead", "Behind", "On track", "Not started"):
        assert word in text
    assert b"C6EFCE" in _document_xml(report_bytes) and b"FFC7CE" in _document_xml(report_bytes)


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def test_rows_and_rejected_examples(document, as_json):
    rows = table_after(document, "Rejected rows (first ones)")
    assert rows[0] == ["Sheet", "Row", "Reason"]
    assert [(r[0], int(r[1]), r[2]) for r in rows[1:]] == [
        (e["sheet"], e["row"], e["reason"]) for e in as_json["rows"]["rejected_examples"]]
    assert f"{as_json['rows']['read']} rows read" in all_text(document)


def test_three_pictures_with_alt_text(document):
    found = pictures(document)
    assert len(found) == 3
    for alt, title in found:
        assert alt and title and len(alt) > 40


def test_same_input_same_bytes(tmp_path, report_bytes):
    assert report_docx(tmp_path, name="again.docx") == report_bytes


def test_rep_narrows(tmp_path):
    document = read(report_docx(tmp_path, PLAN, "--rep", "carol"))
    text = all_text(document)
    assert "Progress report: Carol Diaz" in text
    assert "Shane Okafor" not in text
    assert len(pictures(document)) == 3


def test_default_output_beside_the_actuals(tmp_path):
    actuals = tmp_path / "deals.xlsx"
    shutil.copy(ACTUALS, actuals)
    run(str(PLAN), str(actuals), "--as-of", AS_OF, "--format", "docx")
    assert (tmp_path / "deals-report.docx").stat().st_size > 10_000
    run(str(PLAN), str(actuals), "--as-of", AS_OF, "-o", str(tmp_path / "inferred.docx"))
    assert read((tmp_path / "inferred.docx").read_bytes()).paragraphs


def test_never_over_the_inputs(tmp_path):
    actuals = tmp_path / "deals.xlsx"
    shutil.copy(ACTUALS, actuals)
    before = actuals.read_bytes()
    result = CliRunner().invoke(main, ["track", str(PLAN), str(actuals), "--as-of", AS_OF, "--format", "docx",
                                       "-o", str(actuals)])
    assert result.exit_code == 1
    assert actuals.read_bytes() == before


def test_french_plan_gives_french_words(tmp_path):
    french = tmp_path / "plan-fr.yaml"
    source = PLAN.read_text(encoding="utf-8")
    assert "  language: en" in source
    french.write_text(source.replace("  language: en", "  language: fr", 1), encoding="utf-8")
    document = read(report_docx(tmp_path, french))
    assert [text for _, text in headings(document, 1)][:2] == ["Objectifs", "Graphiques"]
    text = all_text(document)
    assert "Rapport d'avancement" in text
    assert "En avance" in text and "En retard" in text
    assert "Équipe" in text and "févr. 2027" in text
    assert all("Graphique" in alt for alt, _ in pictures(document))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_conversion(report_bytes):
    from test_render_pdf import page_count

    from salesplan.render.pdf import docx_to_pdf

    pdf = docx_to_pdf(report_bytes, "report")
    assert pdf.startswith(b"%PDF-")
    assert 2 <= page_count(pdf) <= 5

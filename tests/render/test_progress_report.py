"""``salesplan track --format docx``: the Word progress report, through the CLI."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx_support import all_text, cells_after, headings, pictures, read, table_after

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


def test_headings_and_a_headline_for_every_goal(document):
    assert [text for _, text in headings(document, 1)] == [
        "Goals", "Charts", "Reps", "Territories", "Months", "About the figures"]
    text = all_text(document)
    assert "Progress report" in text
    assert "as of Feb 14, 2027" in text
    # revenue: 13,643.50 of 12,000 expected = 113.7%, rounded 114%; projected 13,643.50 / 12,000 * 30,000
    # = 34,108.75, whole from 1,000 up. Logos: 6 won of 5 + 7 * 14/28 = 8.5 expected = 70.6%, 71%;
    # projected 6 / 8.5 * 20 = 14.1 deals.
    subtitles = [p.text for p in document.paragraphs if p.style.name == "Subtitle"]
    assert subtitles == [
        "New-business revenue: ahead — 114% of the €12,000 expected by Feb 14, 2027; heading for €34,109 of €30,000",
        "Enterprise logos: behind — 71% of the 8.5 deals expected by Feb 14, 2027; heading for 14.1 of 20 deals",
    ]


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


def test_status_cells_coloured_the_usual_way(document):
    """Ahead and on track in greens, behind red, months to come grey: from the one palette."""
    fills = {}
    for heading in ("Goals", "Reps", "Territories", "Months"):
        rows = cells_after(document, heading)
        status = [c.text for c in rows[0]].index("Status")
        for row in rows[1:]:
            if len(row) > status:
                fills.setdefault(row[status].text, set()).add(row[status].fill)
    # January revenue 8,113.50 of 8,000 is on track; carol 8,370.50 of 7,500 ahead; shane behind
    assert fills == {"Ahead": {"C6EFCE"}, "On track": {"E2EFDA"}, "Behind": {"FFC7CE"}, "Upcoming": {"EDEDED"}}


def test_figures_never_wrap_and_columns_fit_them(document):
    """Every figure and status cell is no-wrap, and each column is at least as wide as its widest
    figure set in DejaVu Sans (the wider of the fonts a reader may see: LibreOffice draws it when
    Arial is missing) plus the cell margins; header words fit whole too."""
    from matplotlib.font_manager import FontProperties

    from salesplan.render.chart_drawing import _measuring_renderer

    renderer = _measuring_renderer()

    def twips(text: str, bold: bool = False) -> float:
        font = FontProperties(family="DejaVu Sans", size=8.5, weight="bold" if bold else "normal")
        return renderer.get_text_width_height_descent(text, font, ismath=False)[0] / 72 * 1440 + 170

    for heading in ("Goals", "Reps", "Territories", "Months"):
        rows = cells_after(document, heading)
        header, body = rows[0], [r for r in rows[1:] if len(r) == len(rows[0])]
        assert body
        for index, title in enumerate(header):
            column = [row[index] for row in body]
            figures = index > 0  # every column but the name is a figure or a status
            assert all(c.nowrap for c in column) == figures, (heading, title.text)
            for cell in column:
                if figures:
                    assert twips(cell.text) <= cell.width, (heading, cell.text, cell.width)
            for word in title.text.split():
                assert twips(word, bold=True) <= title.width, (heading, word, title.width)


def test_goal_names_are_group_headers_and_months_to_come_a_dash(document):
    rows = cells_after(document, "Months")
    assert [c.text for c in rows[0]] == ["Month", "Target", "Expected", "Actual", "Pace", "Status"]
    groups = [row[0].text for row in rows if len(row) == 1]
    assert groups == ["New-business revenue", "Enterprise logos"]
    assert all(row[0].span == 6 for row in rows if len(row) == 1)
    march = [[c.text for c in row] for row in rows if row[0].text == "March 2027"]
    assert march == [["March 2027", "€14,000", "—", "—", "—", "Upcoming"], ["March 2027", "8", "—", "—", "—", "Upcoming"]]
    # February is running: 8,000 * 14/28 = 4,000 expected, 5,530 done (JSON)
    assert [c.text for c in rows[3]] == ["February 2027", "€8,000", "€4,000", "€5,530", "138%", "Ahead"]
    reps = cells_after(document, "Reps")
    assert "Goal" not in [c.text for c in reps[0]] and reps[1][0].text == "New-business revenue"


def test_a_sentence_for_a_territory_ahead_with_its_reps_behind(document):
    # East: 5,140 of 4,800 expected, ahead; Shane and Li behind; their quotas 13,500 + 9,000 = 22,500
    # are more than East's 12,000 sub-goal. West (carol ahead) needs no sentence.
    paragraphs = [p.text for p in document.paragraphs]
    assert ("East is ahead while Shane Okafor and Li Wei are behind: the quotas of its reps add up to €22,500, "
            "more than the territory's €12,000 sub-goal, so the territory can be ahead of its own target with "
            "its reps below theirs.") in paragraphs
    assert not any(p.startswith("West is") for p in paragraphs)


def test_warnings_are_said_to_the_reader_and_fixes_stay_on_stderr(document):
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet" or p.text.startswith("•")]
    bullets = [b.lstrip("•\t") for b in bullets]
    # Tom Becker's won deal is rejected; the amount 'n/a' and the date 'TBD' rows are the 2 others
    assert bullets == [
        "1 won deal by a rep the plan does not know (Tom Becker) is not counted.",
        "2 other won deals could not be read (an amount or a date the file does not give clearly) and are "
        "not counted; the first ones are listed below.",
    ]
    assert "tracking.actuals.reps" not in all_text(document)


def test_fix_advice_on_stderr(tmp_path):
    result = run(str(PLAN), str(ACTUALS), "--as-of", AS_OF, "--format", "docx", "-o", str(tmp_path / "r.docx"))
    assert "(map spreadsheet names to member ids in tracking.actuals.reps)" in result.stderr


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def test_rows_and_rejected_examples(document, as_json):
    rows = table_after(document, "Rejected rows (first ones)")
    assert rows[0] == ["Sheet", "Row", "Reason"]
    assert [(r[0], int(r[1]), r[2]) for r in rows[1:]] == [
        (e["sheet"], e["row"], e["reason"]) for e in as_json["rows"]["rejected_examples"]]
    assert f"{as_json['rows']['read']} rows read" in all_text(document)


def test_pictures_with_alt_text(document):
    """A cumulative chart per goal (2), the monthly chart and the rep pace chart."""
    found = pictures(document)
    assert len(found) == 4
    for alt, title in found:
        assert alt and title and len(alt) > 40
    assert any("Feb 14, 2027 against €12,000 expected by then" in alt for alt, _ in found)


def test_same_input_same_bytes(tmp_path, report_bytes):
    assert report_docx(tmp_path, name="again.docx") == report_bytes


def test_rep_narrows(tmp_path):
    document = read(report_docx(tmp_path, PLAN, "--rep", "carol"))
    text = all_text(document)
    assert "Progress report: Carol Diaz" in text
    assert "Shane Okafor" not in text
    assert len(pictures(document)) == 2  # her cumulative and monthly charts
    subtitles = [p.text for p in document.paragraphs if p.style.name == "Subtitle"]
    # 8,370.50 of 7,500 expected: 111.6%, 112%; projected 8,370.50 / 7,500 * 15,000 = 16,741
    assert subtitles == ["Carol Diaz (New-business revenue): ahead — 112% of the €7,500 expected by Feb 14, 2027; "
                         "heading for €16,741 of €15,000"]


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
    assert "Nouveaux" not in text and "févr. 2027" in text and "À venir" in text
    assert "1 affaire gagnée par un commercial absent du plan (Tom Becker) n'est pas comptée." in text
    assert all("Graphique" in alt for alt, _ in pictures(document))


LUMEN = ROOT / "plans" / "atelier-lumen-2027.yaml"
LUMEN_ACTUALS = ROOT / "plans" / "atelier-lumen-2027-ventes.csv"


def _one_line(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) or pdftotext is not installed")
@pytest.mark.parametrize("example", ["northwind", "lumen"])
def test_goals_money_whole_on_one_line_in_pdf(example, report_bytes, tmp_path):
    """Through LibreOffice to PDF, every money figure of the Goals table comes out on one line
    (``pdftotext -layout`` keeps each printed line): none is broken as ``€32,288.4`` / ``4``.
    The French example has the widest figures (``2 172 669 €``, seven digits)."""
    from salesplan.render.pdf import docx_to_pdf

    if example == "northwind":
        data = report_bytes
    else:
        out = tmp_path / "lumen.docx"
        run(str(LUMEN), str(LUMEN_ACTUALS), "--as-of", "2027-06-15", "--format", "docx", "-o", str(out))
        data = out.read_bytes()
    rows = table_after(read(data), "Goals" if example == "northwind" else "Objectifs")
    money = [cell for row in rows[1:] for cell in row[1:] if "€" in cell]
    assert len(money) >= 4
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(docx_to_pdf(data, "report"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [_one_line(line) for line in text.splitlines()]
    for figure in money:
        assert any(_one_line(figure) in line for line in lines), (figure, [l for l in lines if "€" in l][:8])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_conversion(report_bytes):
    from test_render_pdf import page_count

    from salesplan.render.pdf import docx_to_pdf

    pdf = docx_to_pdf(report_bytes, "report")
    assert pdf.startswith(b"%PDF-")
    assert 2 <= page_count(pdf) <= 5


def test_a_goal_a_grid_cannot_track_is_said_to_the_reader(tmp_path):
    """A rep-by-month grid holds amounts: the deals goal gets a headline and a sentence saying it is
    not tracked, and no chart; revenue (Jan 5,000 + Feb 3,000 against 12,000 expected) is behind."""
    import yaml
    from openpyxl import Workbook

    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    data["tracking"]["actuals"] = {"reps": data["tracking"]["actuals"]["reps"]}
    plan = tmp_path / "plan.yaml"
    plan.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    wb = Workbook()
    wb.active.append(["Rep", "Jan 2027", "Feb 2027", "Mar 2027"])
    wb.active.append(["Carol Diaz", 5000, 3000, None])
    wb.save(tmp_path / "grid.xlsx")
    out = tmp_path / "grid.docx"
    run(str(plan), str(tmp_path / "grid.xlsx"), "--as-of", AS_OF, "--format", "docx", "-o", str(out))
    document = read(out.read_bytes())
    subtitles = [p.text for p in document.paragraphs if p.style.name == "Subtitle"]
    assert subtitles[0].startswith("New-business revenue: behind — 67% of the €12,000 expected by Feb 14, 2027")
    assert subtitles[1] == "Enterprise logos: not tracked — the actuals cannot tell this goal's figures"
    assert ("Enterprise logos is not tracked in this report: the sales file gives amounts by rep and month, which "
            "cannot tell which deals count for this goal.") in all_text(document)
    assert not any("Enterprise logos" in title for _, title in pictures(document))

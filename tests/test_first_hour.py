"""The first hour of a new user: from ``init`` to a correct tracking report, and the messages on the way.

Every test goes through the real CLI with real files written here, and checks the exact output.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from click.testing import CliRunner

from salesplan.cli import main


def _journey(runner, folder: Path, language: str, deals: str) -> tuple[Path, dict]:
    """``init`` in ``language``, the export written as ``deals.csv``, ``track --format json``: exit 0, no
    message on stderr; the plan and the report."""
    plan = folder / "plan.yaml"
    result = runner.invoke(main, ["init", str(plan), "--language", language, "--year", "2027"])
    assert result.exit_code == 0, result.output
    (folder / "deals.csv").write_text(deals, encoding="utf-8")
    result = runner.invoke(main, ["track", str(plan), str(folder / "deals.csv"), "--as-of", "2027-02-14",
                                  "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    return plan, json.loads(result.stdout)


def test_journey_init_then_track_an_ordinary_export(runner, tmp_path):
    """``init``, then a plain ``Date,Rep,Amount,Stage`` export with the names as people type them.

    Counted by hand: the won rows inside 2027 up to 2027-02-14 are Alex Smith 4000 (Jan 10),
    sam taylor 2500 (Jan 20), ALEX 1500.50 (Feb 3): 3 rows, 8000.50. Lost (9999) and Open (700)
    are not won; the Won row of 2027-03-02 is after the as-of date.
    """
    plan, report = _journey(runner, tmp_path, "en", "Date,Rep,Amount,Stage\n"
                            "2027-01-10,Alex Smith,4000,Won\n"
                            "2027-01-20,sam taylor,2500,Won\n"
                            "2027-01-22,Sam Taylor,9999,Lost\n"
                            "2027-02-03,ALEX,1500.50,Won\n"
                            "2027-02-05,Alex Smith,700,Open\n"
                            "2027-03-02,Sam Taylor,1200,Won\n")
    assert report["rows"]["counted"] == 3
    assert report["rows"]["not_won"] == 2
    assert report["rows"]["after_as_of"] == 1
    assert report["rows"]["rejected"] == 0
    revenue = next(g for g in report["goals"] if g["goal"] == "revenue")
    assert revenue["actual_to_date"] == 8000.5
    reps = {r["rep"]: r["actual_to_date"] for r in report["reps"]}
    assert reps == {"alex": 5500.5, "sam": 2500}
    # the table (the default) too: exit 0, no warning
    result = runner.invoke(main, ["track", str(plan), str(tmp_path / "deals.csv"), "--as-of", "2027-02-14"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert "Rows: 6 read, 3 counted, 2 not won, 0 outside the period, 1 after 2027-02-14, 0 rejected" in result.stdout


def test_journey_in_french(runner, tmp_path):
    """The French starter and a French export: semicolons, day-first dates, decimal commas, Gagné.
    Counted by hand: alex martin 4 000,00 (Jan 10) and SAM DUPONT 2 500,50 (Feb 2): 6,500.50;
    the Perdu row is not won."""
    _, report = _journey(runner, tmp_path, "fr", "Date;Commercial;Montant;Étape\n"
                         "10/01/2027;alex martin;4 000,00;Gagné\n"
                         "12/01/2027;Alex Martin;1 500;Perdu\n"
                         "02/02/2027;SAM DUPONT;2 500,50;gagne\n")
    assert (report["rows"]["counted"], report["rows"]["not_won"]) == (2, 1)
    assert report["goals"][0]["actual_to_date"] == 6500.5


def test_validate_a_spreadsheet_says_so_in_one_line(runner, tmp_path):
    deals = tmp_path / "deals.csv"
    deals.write_text("Date,Rep,Amount,Stage\n2027-01-10,Alex Smith,4000,Won\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(deals)])
    assert result.exit_code == 1
    assert result.stderr == (f"{deals}: error: this is a spreadsheet, not a plan; a plan is a YAML file "
                             f"(salesplan init writes one)\n{deals}: invalid (1 error)\n")


def test_validate_a_workbook_under_another_name_says_so(runner, tmp_path):
    """An xlsx is a zip file: recognised by its first bytes, whatever its name."""
    book = tmp_path / "export"
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    result = runner.invoke(main, ["validate", str(book)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"{book}: error: this is a spreadsheet, not a plan; a plan is a YAML "
                                             "file (salesplan init writes one)")


def test_plain_text_file_is_not_pasted_into_the_message(runner, tmp_path):
    notes = tmp_path / "notes.yaml"
    notes.write_text("These are my notes about the plan, they go on for quite a while and are not YAML keys.\n",
                     encoding="utf-8")
    result = runner.invoke(main, ["validate", str(notes)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (f"{notes}:1:1: error: a plan is a mapping of sections (plan:, "
                                             "mission:, goals: ...), found plain text at the top")


# --------------------------------------------------------------------------- names the plan sets


def _starter_with(runner, tmp_path, old: str, new: str):
    """The starter plan with one commented tracking line made active; returns (path, its line number)."""
    plan = tmp_path / "plan.yaml"
    runner.invoke(main, ["init", str(plan), "--year", "2027"])
    text = plan.read_text(encoding="utf-8")
    assert old in text
    plan.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    return plan, line


def _deals_csv(tmp_path):
    deals = tmp_path / "deals.csv"
    deals.write_text("Date,Rep,Amount,Stage\n2027-01-10,Alex Smith,4000,Won\n2027-01-12,Sam Taylor,900,Lost\n",
                     encoding="utf-8")
    return deals


@pytest.mark.parametrize("written,header,logical,below,col", [
    # the value 'Close Date' stands on the line after 'columns:', at column 13
    ("    columns:\n      date: Close Date\n", "Close Date", "date", 1, 13),
    # a stage column the plan names is never silently ignored (every row would count, lost deals too)
    ("    columns: {stage: Deal Stage}\n", "Deal Stage", "stage", 0, 22),
], ids=["date", "stage"])
def test_a_column_the_plan_names_and_the_file_lacks(runner, tmp_path, written, header, logical, below, col):
    plan, line = _starter_with(runner, tmp_path, "    # columns:                       # uncomment to force a column "
                               "name\n", written)
    result = runner.invoke(main, ["track", str(plan), str(_deals_csv(tmp_path)), "--as-of", "2027-02-14"])
    assert result.exit_code == 1
    assert result.stderr == (f"deals.csv: no column '{header}' (set by tracking.actuals.columns.{logical} at "
                             f"{plan}:{line + below}:{col}); found: Date, Rep, Amount, Stage\n")


def test_a_sheet_the_plan_names_and_the_workbook_lacks(runner, tmp_path):
    from openpyxl import Workbook

    plan, line = _starter_with(runner, tmp_path, "    # sheet: Deals  ", "    sheet: Deals    ")
    book = Workbook()
    book.active.title = "Sheet1"
    book.active.append(["Date", "Rep", "Amount", "Stage"])
    book.active.append(["2027-01-10", "Alex Smith", 4000, "Won"])
    book.save(tmp_path / "deals.xlsx")
    result = runner.invoke(main, ["track", str(plan), str(tmp_path / "deals.xlsx"), "--as-of", "2027-02-14"])
    assert result.exit_code == 1
    assert result.stderr == (f"deals.xlsx: no sheet named 'Deals' (tracking.actuals.sheet, {plan}:{line}); "
                             "sheets: Sheet1; or pass --sheet Sheet1\n")
    # and --sheet does what the message says
    result = runner.invoke(main, ["track", str(plan), str(tmp_path / "deals.xlsx"), "--as-of", "2027-02-14",
                                  "--sheet", "Sheet1", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rows"]["counted"] == 1


def test_won_stages_the_plan_names_that_no_row_has(runner, tmp_path):
    plan, line = _starter_with(runner, tmp_path, "    # won: [Closed Won, Won]  ", "    won: [Closed Won]       ")
    deals = _deals_csv(tmp_path)
    result = runner.invoke(main, ["track", str(plan), str(deals), "--as-of", "2027-02-14", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["rows"]["counted"] == 0
    assert result.stderr == (f"{deals}: warning: no row has a won stage, so nothing is counted: the stages in the "
                             f"file are Won (1), Lost (1); the won stages are Closed Won (tracking.actuals.won, "
                             f"{plan}:{line}): add the file's own there\n")


def test_track_table_collapses_later_months_and_adds_a_total(runner, tmp_path):
    """The starter (twelve months): as of 2027-02-14, January is complete, February to date, March to
    December (102,000 = 120,000 - 9,000 - 9,000) in one line; total expected 9,000 + 9,000 * 14 / 28 = 13,500,
    actual 4,000 + 1,500.50 = 5,500.50 (amounts from 1,000 up are shown whole: 5,501), pace 40.74%: 41%.
    The deals goal: one deal in January, one in February: 2 of the 3 expected (67%)."""
    plan = tmp_path / "plan.yaml"
    runner.invoke(main, ["init", str(plan), "--year", "2027"])
    deals = tmp_path / "deals.csv"
    deals.write_text("Date,Rep,Amount,Stage\n2027-01-10,Alex Smith,4000,Won\n2027-02-03,Alex Smith,1500.50,Won\n",
                     encoding="utf-8")
    result = runner.invoke(main, ["track", str(plan), str(deals), "--as-of", "2027-02-14"])
    assert result.exit_code == 0
    months = result.stdout[result.stdout.index("Months\n"):result.stdout.index("\nRows:")]
    assert months.splitlines() == [
        "Months",
        "month             goal            target  expected  actual  pace  status       period",
        "2027-01           revenue          9,000     9,000   4,000   44%  behind       complete",
        "2027-02           revenue          9,000     4,500   1,501   33%  behind       to date",
        "2027-03..2027-12  revenue        102,000         —       —     —  not started  later",
        "total             revenue        120,000    13,500   5,501   41%  behind       to date",
        "2027-01           new-customers        2         2       1   50%  behind       complete",
        "2027-02           new-customers        2         1       1  100%  on track     to date",
        "2027-03..2027-12  new-customers       20         —       —     —  not started  later",
        "total             new-customers       24         3       2   67%  behind       to date",
    ]


# --------------------------------------------------------------------------- the Word files


def _with_thumbnail(source, target):
    """A Word template that carries a preview picture, as Word saves them."""
    import re as _re

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "_rels/.rels":
                data = _re.sub(rb"</Relationships>", b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org'
                               b'/package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>'
                               b"</Relationships>", data)
            if info.filename == "[Content_Types].xml" and b'Extension="jpeg"' not in data:
                data = data.replace(b"<Default ", b'<Default Extension="jpeg" ContentType="image/jpeg"/><Default ', 1)
            zout.writestr(info, data)
        zout.writestr("docProps/thumbnail.jpeg", b"\xff\xd8\xff\xe0 not really a picture")


def _thumbnails(docx) -> list[str]:
    with zipfile.ZipFile(docx) as archive:
        rels = archive.read("_rels/.rels").decode("utf-8")
        return [n for n in archive.namelist() if "thumbnail" in n] + (["rel"] if "thumbnail" in rels else [])


def test_rendered_documents_carry_no_blank_thumbnail(runner, tmp_path):
    from tests.conftest import NORTHWIND, ROOT

    assert _thumbnails(ROOT / "templates" / "reference.docx") == []
    result = runner.invoke(main, ["render", str(NORTHWIND), "-o", str(tmp_path / "plan.docx")])
    assert result.exit_code == 0, result.output
    assert _thumbnails(tmp_path / "plan.docx") == []
    template = tmp_path / "corporate.docx"
    _with_thumbnail(ROOT / "templates" / "reference.docx", template)
    assert _thumbnails(template) == ["docProps/thumbnail.jpeg", "rel"]
    result = runner.invoke(main, ["render", str(NORTHWIND), "--template", str(template), "-o",
                                  str(tmp_path / "corporate-plan.docx")])
    assert result.exit_code == 0, result.output
    assert _thumbnails(tmp_path / "corporate-plan.docx") == []


# --------------------------------------------------------------------------- LibreOffice where it is installed


def test_soffice_standard_places_on_each_system():
    from salesplan.render.pdf import standard_places

    assert standard_places("darwin", {"HOME": "/Users/dana"}) == [
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        "/Users/dana/Applications/LibreOffice.app/Contents/MacOS/soffice"]
    assert standard_places("win32", {}) == [r"C:\Program Files\LibreOffice\program\soffice.exe",
                                            r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"]


def test_missing_soffice_says_where_it_looked():
    """A Windows machine's places do not exist here, and the PATH is empty: nothing is found."""
    from salesplan.render.pdf import PdfError, docx_to_pdf

    with pytest.raises(PdfError) as caught:
        docx_to_pdf(b"", environ={"PATH": ""}, platform="win32")
    assert str(caught.value) == (
        r"LibreOffice was not found, so no PDF can be made (looked for soffice on the PATH and in C:\Program "
        r"Files\LibreOffice\program\soffice.exe, C:\Program Files (x86)\LibreOffice\program\soffice.exe); "
        "install it from https://www.libreoffice.org, or set SALESPLAN_SOFFICE to its soffice program, or "
        "write a .docx instead")


def test_salesplan_soffice_that_is_not_a_program(tmp_path):
    from salesplan.render.pdf import PdfError, find_soffice

    with pytest.raises(PdfError) as caught:
        find_soffice({"SALESPLAN_SOFFICE": str(tmp_path / "nowhere" / "soffice")})
    assert str(caught.value) == (f"SALESPLAN_SOFFICE is set to '{tmp_path / 'nowhere' / 'soffice'}', which is not "
                                 "the soffice program; point it at soffice (soffice.exe on Windows) or unset it")


def test_salesplan_soffice_finds_libreoffice_off_the_path(tmp_path):
    """LibreOffice in a folder the PATH does not name (here: the real one, with an empty PATH)."""
    from salesplan.render.pdf import docx_to_pdf, find_soffice
    from tests.conftest import NORTHWIND

    real = shutil.which("soffice")
    if real is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    real = str(Path(real).resolve())
    assert find_soffice({"PATH": "", "SALESPLAN_SOFFICE": real}, "win32") == real
    runner_result = CliRunner().invoke(main, ["render", str(NORTHWIND), "--one-page", "-o", str(tmp_path / "s.docx")])
    assert runner_result.exit_code == 0
    pdf = docx_to_pdf((tmp_path / "s.docx").read_bytes(), "s", environ={"PATH": "", "SALESPLAN_SOFFICE": real})
    assert pdf.startswith(b"%PDF-")

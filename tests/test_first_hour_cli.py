"""The first hour, command side: choices in any case, outputs that agree with their names, the same
success message everywhere, folders refused, Word holding a file open, names with spaces and accents,
consoles that are not UTF-8. Real CLI, real files, exact messages."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from salesplan.cli import main
from tests.conftest import NORTHWIND, PLANS, run_cli

ACTUALS = PLANS / "northwind-2027-actuals.xlsx"


def _deals(folder: Path, name: str = "deals.csv") -> Path:
    deals = folder / name
    deals.write_text("Date,Rep,Amount,Stage\n2027-01-10,Alex Smith,4000,Won\n2027-01-12,Sam Taylor,900,Lost\n",
                     encoding="utf-8")
    return deals


def _starter(runner, folder: Path, name: str = "plan.yaml") -> Path:
    plan = folder / name
    assert runner.invoke(main, ["init", str(plan), "--year", "2027"]).exit_code == 0
    return plan


# --------------------------------------------------------------------------- choices in any case


def test_format_choices_ignore_case(runner, tmp_path):
    result = runner.invoke(main, ["validate", "--format", "JSON", str(NORTHWIND)])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["valid"] is True
    result = runner.invoke(main, ["summary", str(NORTHWIND), "--format", "Json"])
    assert result.exit_code == 0
    json.loads(result.stdout)
    result = runner.invoke(main, ["track", str(NORTHWIND), str(ACTUALS), "--as-of", "2027-02-14", "--format", "JSON"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["as_of"] == "2027-02-14"


def test_init_choices_accept_case_and_underscores(runner, tmp_path):
    plan = tmp_path / "plan.yaml"
    result = runner.invoke(main, ["init", str(plan), "--language", "FR", "--kind", "Market_Expansion", "--year", "2027"])
    assert result.exit_code == 0, result.output
    assert "  kind: market-expansion\n" in plan.read_text(encoding="utf-8")
    assert "  language: fr " in plan.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- -o and --format agree


def test_track_format_follows_the_extension(runner, tmp_path):
    out = tmp_path / "progress.xlsx"
    result = runner.invoke(main, ["track", str(NORTHWIND), str(ACTUALS), "--as-of", "2027-02-14", "-o", str(out)])
    assert result.exit_code == 0
    assert zipfile.is_zipfile(out)
    out = tmp_path / "progress.json"
    result = runner.invoke(main, ["track", str(NORTHWIND), str(ACTUALS), "--as-of", "2027-02-14", "-o", str(out)])
    assert result.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["as_of"] == "2027-02-14"


def test_track_refuses_an_extension_it_cannot_write(runner, tmp_path):
    out = tmp_path / "report.pdf"
    result = runner.invoke(main, ["track", str(NORTHWIND), str(ACTUALS), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"{out}: track writes .txt (table), .json, .csv, .xlsx or .docx; give -o one of "
                             "those extensions\n")
    assert not out.exists()


@pytest.mark.parametrize("fmt,name,right", [("json", "r.xlsx", "r.json"), ("table", "report.pdf", "report.txt"),
                                             ("xlsx", "r.csv", "r.xlsx")])
def test_track_refuses_a_format_that_disagrees_with_the_extension(runner, tmp_path, fmt, name, right):
    out = tmp_path / name
    result = runner.invoke(main, ["track", str(NORTHWIND), str(ACTUALS), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"{out}: --format {fmt} does not write a {out.suffix} file; name it "
                             f"{tmp_path / right}, or leave out --format and the extension chooses\n")
    assert not out.exists()


# --------------------------------------------------------------------------- init, Wrote X


def test_init_into_a_folder_is_refused(runner, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    result = runner.invoke(main, ["init", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == (f"{folder}: is a folder; give the plan a file name, such as "
                             f"{folder / 'sales-plan.yaml'}\n")
    assert list(folder.iterdir()) == []


def test_every_command_says_wrote(runner, tmp_path):
    plan = tmp_path / "plan.yaml"
    result = runner.invoke(main, ["init", str(plan), "--year", "2027"])
    assert result.stdout == f"Wrote {plan}. Next: edit it, then run: salesplan validate {plan}\n"
    result = runner.invoke(main, ["render", str(plan), "-o", str(tmp_path / "plan.docx")])
    assert result.exit_code == 0
    assert result.stdout == f"Wrote {tmp_path / 'plan.docx'}\n"
    result = runner.invoke(main, ["track", str(plan), str(_deals(tmp_path)), "--as-of", "2027-02-14", "-o",
                                  str(tmp_path / "progress.xlsx")])
    assert result.exit_code == 0
    assert result.stderr == f"Wrote {tmp_path / 'progress.xlsx'}\n"
    copy = tmp_path / "northwind.yaml"
    shutil.copy(NORTHWIND, copy)
    result = runner.invoke(main, ["forecast", str(PLANS / "northwind-2026-deals.csv"), "--plan", str(copy),
                                  "--growth", "12%", "--round", "100", "--write"])
    assert result.exit_code == 0
    assert (f"Wrote {copy}: goal 'revenue' target 30000 -> 34200, monthly 2027-01..2027-03\n") in result.stderr


# --------------------------------------------------------------------------- where sales managers work


def test_a_document_open_in_word(runner, tmp_path):
    """Windows refuses to replace a file Word holds open (PermissionError on rename); an immutable file
    (chattr +i) is refused the same way here."""
    target = tmp_path / "plan.docx"
    target.write_bytes(b"the document Word has open")
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(target)]).returncode != 0:
        pytest.skip("no way to make a file that cannot be replaced here")
    try:
        result = runner.invoke(main, ["render", str(NORTHWIND), "-o", str(target)])
    finally:
        subprocess.run(["chattr", "-i", str(target)])
    assert result.exit_code == 1
    assert result.stderr == (f"{target}: cannot replace the file: it is open in another program; close it in Word "
                             "and run again\n")
    assert target.read_bytes() == b"the document Word has open"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.docx"]  # no temporary file left


def test_names_with_spaces_and_accents(runner, tmp_path):
    folder = tmp_path / "Équipe commerciale"
    folder.mkdir()
    plan = _starter(runner, folder, "plan de l'été 2027.yaml")
    result = runner.invoke(main, ["validate", str(plan)])
    assert result.exit_code == 0
    assert result.stdout == f"{plan}: ok\n"
    deals = _deals(folder, "ventes de janvier é.csv")
    result = runner.invoke(main, ["track", str(plan), str(deals), "--as-of", "2027-02-14", "-o",
                                  str(folder / "suivi été.xlsx")])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(folder / "suivi été.xlsx")
    result = runner.invoke(main, ["render", str(plan), "-o", str(folder / "plan été.docx")])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(folder / "plan été.docx")


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_a_console_that_is_not_utf8_prints_no_traceback(tmp_path, encoding):
    """French names on a Windows code page (and on a console that claims ascii, which click writes as
    UTF-8): the report prints, exit 0. A name the code page has no letter for (Ł) is one message, exit 1."""
    plan = tmp_path / "plan.yaml"
    assert run_cli("init", str(plan), "--language", "fr", "--year", "2027").returncode == 0
    deals = tmp_path / "ventes.csv"
    deals.write_text("Date,Commercial,Montant,Étape\n10/01/2027,Alex Martin,4000,Gagné\n"
                     "11/01/2027,Zoé Lefèvre,10,Gagné\n", encoding="utf-8")
    env = {"PYTHONIOENCODING": encoding}
    shown = "cp1252" if encoding == "cp1252" else "utf-8"
    for args in (["track", plan, deals, "--as-of", "2027-02-14"], ["summary", plan],
                 ["track", plan, deals, "--as-of", "2027-02-14", "--format", "json"]):
        result = run_cli(*args, env=env, encoding=shown)
        assert (result.returncode, "Traceback" in result.stderr) == (0, False), (args, result.stderr)
    assert json.loads(result.stdout)["rows"]["rejected"] == 1  # Zoé Lefèvre is not in the plan
    assert "'Zoé Lefèvre' (1)" in result.stderr
    plan.write_text(plan.read_text(encoding="utf-8").replace("Alex Martin", "Łukasz Martin"), encoding="utf-8")
    result = run_cli("track", plan, deals, "--as-of", "2027-02-14", env=env, encoding=shown)
    assert "Traceback" not in result.stderr
    if encoding == "cp1252":
        assert (result.returncode, result.stderr) == (1, "cannot print '\\u0141': the output's encoding (charmap) "
                                                         "has no such character; set PYTHONIOENCODING=utf-8 and run "
                                                         "again\n")


# --------------------------------------------------------------------------- track with its arguments swapped


def test_track_with_its_arguments_swapped_says_which_comes_first(runner, tmp_path):
    plan = _starter(runner, tmp_path)
    deals = _deals(tmp_path)
    result = runner.invoke(main, ["track", str(deals), str(plan)])
    assert result.exit_code == 1
    assert result.stderr == (f"{deals}: this is a spreadsheet, not a plan; the plan comes first: "
                             f"salesplan track {plan} {deals}\n")

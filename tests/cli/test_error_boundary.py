"""Every kind of bad input, to every command: exit status 1, one exact message, never a traceback.

The commands run in-process through click's CliRunner from a folder of test files (so the
messages show the short names typed), a few in a real process (``run_cli``). A message is
"one" when it is the only thing on stderr and nothing reached stdout; where the message
has several lines (a plan with errors, --strict's rejected rows) each line belongs to it.
"""

from __future__ import annotations

import os
import shutil

import click
import pytest
from cli_support import ROOT, run_cli
from click.testing import CliRunner

from salesplan.cli import COMMANDS, main
from salesplan.tracking.sources import ActualsError

NORTHWIND = ROOT / "plans" / "northwind-2027.yaml"
NORTHWIND_ACTUALS = ROOT / "plans" / "northwind-2027-actuals.xlsx"
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0  # root reads any file: no permission error to test

CURRENCY = ("invalid.yaml:22:13: error: plan.currency: expected an ISO 4217 currency code such as EUR or USD, "
            "got 'EURO'")
NOT_A_PLAN = ("list.yaml:1:1: error: a plan is a mapping of sections (plan:, mission:, goals: ...), found a list "
              "at the top")
NO_COLUMNS = ("nocols.csv: the file does not have the needed columns (found: a, b; expected a date, a rep and an "
              "amount column, e.g. 'Close Date', 'Deal owner', 'Amount', or a rep column beside month columns)")


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A folder with one file (or folder) for each kind of bad input, as the current directory."""
    shutil.copy(NORTHWIND, tmp_path / "plan.yaml")
    shutil.copy(NORTHWIND_ACTUALS, tmp_path / "actuals.xlsx")
    text = NORTHWIND.read_text(encoding="utf-8")
    assert text.count("  currency: EUR ") == 1
    (tmp_path / "invalid.yaml").write_text(text.replace("  currency: EUR ", "  currency: EURO "), encoding="utf-8")
    (tmp_path / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("plan: [\n", encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes(b'plan:\n  title: "caf\xe9"\n')
    (tmp_path / "folder").mkdir()
    # the plan's columns; row 3 names a rep the plan does not have (rejected, counted)
    deals = ("Close Date,Deal owner,Amount,Deal Stage,Region,Segment\n"
             "2027-01-05,Carol Diaz,100,Closed Won,West,SMB\n"
             "2027-01-06,Nobody,100,Closed Won,West,SMB\n")
    (tmp_path / "deals.csv").write_text(deals, encoding="utf-8")
    (tmp_path / "deals.pdf").write_text(deals, encoding="utf-8")
    (tmp_path / "nocols.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "text.xlsx").write_text("hello\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), prog_name="salesplan", env=env)


def assert_one_message(result, expected: str, *, status: int = 1) -> None:
    assert result.stderr == expected + "\n"
    assert result.stdout == ""
    assert result.exit_code == status
    # an exception that escaped the command would be here instead of click's SystemExit
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


BAD_INPUT = [
    # ---- validate: its report is the message (each diagnostic, then the file's status line)
    ("validate missing.yaml", "missing.yaml: error: no such file\nmissing.yaml: invalid (1 error)"),
    ("validate folder", "folder: error: is a folder, not a plan file\nfolder: invalid (1 error)"),
    ("validate list.yaml", f"{NOT_A_PLAN}\nlist.yaml: invalid (1 error)"),
    ("validate broken.yaml", "broken.yaml:2:1: error: YAML syntax: did not find expected node content\n"
                             "broken.yaml: invalid (1 error)"),
    ("validate latin1.yaml", "latin1.yaml:2:14: error: the file is not UTF-8 text (byte 0xE9); save it as UTF-8\n"
                             "latin1.yaml: invalid (1 error)"),
    ("validate invalid.yaml", f"{CURRENCY}\ninvalid.yaml: invalid (1 error)"),
    # ---- summary
    ("summary missing.yaml", "missing.yaml: error: no such file"),
    ("summary folder", "folder: error: is a folder, not a plan file"),
    ("summary list.yaml", NOT_A_PLAN),
    ("summary invalid.yaml", CURRENCY),
    # ---- render
    ("render missing.yaml", "missing.yaml: error: no such file"),
    ("render folder", "folder: error: is a folder, not a plan file"),
    ("render list.yaml", NOT_A_PLAN),
    ("render invalid.yaml", CURRENCY),
    ("render plan.yaml -o nofolder/plan.docx", "nofolder/plan.docx: cannot write, folder 'nofolder' does not exist"),
    ("render plan.yaml -o folder", "folder: is a folder; give the output a file name"),
    ("render plan.yaml -o plan.odt", "plan.odt: the output must be a .docx or a .pdf file"),
    ("render plan.yaml -o plan.yaml", "plan.yaml: refusing to overwrite the input file; choose another output with -o"),
    ("render plan.yaml -o out.docx --template missing.docx",
     "missing.docx: no such file; --template needs a Word document (.docx)"),
    ("render plan.yaml -o out.docx --template folder", "folder: is a folder; --template needs a Word document (.docx)"),
    ("render plan.yaml -o out.docx --template deals.csv",
     "deals.csv: not a Word document (.docx); --template needs a .docx file such as one saved from Word"),
    ("render plan.yaml -o out.docx --history missing.csv", "missing.csv: no such file"),
    ("render plan.yaml -o out.docx --history folder",
     "folder: is a folder, not a spreadsheet (give a .xlsx or .csv file)"),
    ("render plan.yaml -o out.docx --history nocols.csv", NO_COLUMNS),
    ("render plan.yaml -o out.docx --history actuals.xlsx --sheet Nope",
     "actuals.xlsx: no sheet named 'Nope' (sheets: 'Deals')"),
    # ---- track
    ("track missing.yaml deals.csv", "missing.yaml: error: no such file"),
    ("track invalid.yaml deals.csv", CURRENCY),
    ("track plan.yaml missing.csv", "missing.csv: no such file"),
    ("track plan.yaml folder", "folder: is a folder, not a spreadsheet (give a .xlsx or .csv file)"),
    ("track plan.yaml text.xlsx", "text.xlsx: is not an xlsx workbook (it is not a zip archive; a text file renamed "
                                  ".xlsx?)"),
    ("track plan.yaml deals.pdf", "deals.pdf: unsupported file type '.pdf'; supported: .xlsx, .xlsm, .xlsb, .xls, "
                                  ".ods, .csv, .tsv, .txt"),
    # the plan names its columns: the message says where
    ("track plan.yaml nocols.csv", "nocols.csv: no column 'Close Date' (set by tracking.actuals.columns.date at "
                                   "plan.yaml:204:21); found: a, b"),
    ("track plan.yaml actuals.xlsx --sheet Nope", "actuals.xlsx: no sheet named 'Nope' (sheets: 'Deals')"),
    ("track plan.yaml deals.csv --rep carl", "--rep carl: no member of the plan has this id (did you mean 'carol'?)"),
    ("track plan.yaml deals.csv --rep mia",
     "--rep mia: Mia Laurent carries no quota in the plan (reps with a quota: carol, shane, li)"),
    # -o is checked before the actuals are read: nocols.csv would fail later
    ("track plan.yaml nocols.csv -o nofolder/report.json",
     "nofolder/report.json: cannot write, folder 'nofolder' does not exist"),
    ("track plan.yaml nocols.csv -o folder", "folder: is a folder; give the output a file name"),
    ("track plan.yaml deals.csv -o deals.csv", "deals.csv: refusing to overwrite the input file; choose another output "
                                               "with -o"),
    ("track plan.yaml deals.csv --as-of 2027-02-14 --strict",
     "deals.csv: row 3: rep 'Nobody' is not in the plan\ndeals.csv: 1 row rejected (--strict accepts none)"),
    # ---- forecast
    ("forecast missing.csv", "missing.csv: no such file"),
    ("forecast folder", "folder: is a folder, not a spreadsheet (give a .xlsx or .csv file)"),
    ("forecast text.xlsx", "text.xlsx: is not an xlsx workbook (it is not a zip archive; a text file renamed .xlsx?)"),
    ("forecast nocols.csv", NO_COLUMNS),
    ("forecast actuals.xlsx --sheet Nope", "actuals.xlsx: no sheet named 'Nope' (sheets: 'Deals')"),
    ("forecast deals.csv --plan missing.yaml", "missing.yaml: error: no such file"),
    ("forecast deals.csv --plan invalid.yaml", CURRENCY),
    ("forecast deals.csv --plan plan.yaml --start 2027-04 --write",
     "plan.yaml: --write needs the forecast to cover the plan's period (2027-01..2027-03); --start and --months "
     "give 2027-04..2027-06"),
    # ---- init
    ("init plan.yaml", "plan.yaml: already exists; use --force to overwrite it"),
    ("init folder", "folder: is a folder; give the plan a file name, such as folder/sales-plan.yaml"),
    ("init folder --force", "folder: is a folder; give the plan a file name, such as folder/sales-plan.yaml"),
    ("init nofolder/plan.yaml", "nofolder/plan.yaml: cannot write, folder 'nofolder' does not exist"),
]
# schema reads nothing and writes only to stdout: it has no bad input (its stdout is tested below).


@pytest.mark.parametrize(("command", "expected"), BAD_INPUT, ids=[c for c, _ in BAD_INPUT])
def test_bad_input_gives_one_message_and_exit_1(workspace, command, expected):
    before = sorted(p.name for p in workspace.iterdir())
    assert_one_message(invoke(*command.split()), expected)
    assert sorted(p.name for p in workspace.iterdir()) == before  # nothing written, not even half


@pytest.mark.parametrize("command", ["render plan.yaml -o out.docx", "track plan.yaml deals.csv --format xlsx"])
def test_a_bad_source_date_epoch_is_one_message(workspace, command):
    result = invoke(*command.split(), env={"SOURCE_DATE_EPOCH": "soon"})
    assert_one_message(result, "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, got 'soon'")


@pytest.mark.skipif(AS_ROOT, reason="running as root: every file is readable")
@pytest.mark.parametrize(("command", "expected"), [
    ("summary locked.yaml", "locked.yaml: error: cannot be read (permission denied)"),
    ("track plan.yaml locked.csv", "locked.csv: cannot be read (permission denied)"),
    ("forecast locked.csv", "locked.csv: cannot be read (permission denied)"),
])
def test_unreadable_files(workspace, command, expected):
    for name in ("locked.yaml", "locked.csv"):
        (workspace / name).write_text("x", encoding="utf-8")
        (workspace / name).chmod(0)
    assert_one_message(invoke(*command.split()), expected)


def test_a_bad_option_value_is_clicks_usage_error(workspace):
    """A malformed value typed on the command line is wrong usage (the contract's exit status 2):
    click's usage lines, then the one error, no traceback."""
    result = invoke("track", "plan.yaml", "deals.csv", "--as-of", "2027-13-01")
    assert_one_message(result, "Usage: salesplan track [OPTIONS] PLAN ACTUALS\n"
                               "Try 'salesplan track --help' for help.\n\n"
                               "Error: Invalid value for '--as-of': '2027-13-01' is not a date as YYYY-MM-DD "
                               "(such as 2027-02-14)", status=2)


# --------------------------------------------------------------------------- the boundary itself


@click.command()
@click.argument("what")
def forgetful(what: str) -> None:
    """A new command that converts no error itself."""
    if what == "actuals":
        raise ActualsError("deals.csv: the file is empty")
    if what == "open":
        open("no-such-file.csv", encoding="utf-8")
    if what == "write":
        open("folder", "w", encoding="utf-8")
    raise RuntimeError("a bug, not a user's mistake")


@pytest.fixture
def with_forgetful(monkeypatch):
    monkeypatch.setitem(COMMANDS, "forgetful", f"{__name__}:forgetful")


@pytest.mark.parametrize(("what", "expected"), [
    ("actuals", "deals.csv: the file is empty"),
    ("open", "no-such-file.csv: no such file or folder"),
    ("write", "folder: is a folder, not a file"),
])
def test_a_new_command_that_forgets_a_case_still_gives_one_message(workspace, with_forgetful, what, expected):
    assert_one_message(invoke("forgetful", what), expected)


def test_a_bug_is_not_dressed_as_a_users_mistake(workspace, with_forgetful):
    """An unexpected internal error keeps its traceback (the contract allows it; it helps a bug report)."""
    result = invoke("forgetful", "bug")
    assert isinstance(result.exception, RuntimeError) and result.exit_code == 1


# --------------------------------------------------------------------------- real processes


def test_in_a_real_process_there_is_no_traceback(workspace):
    result = run_cli("track", "plan.yaml", "text.xlsx", cwd=workspace)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "text.xlsx: is not an xlsx workbook (it is not a zip archive; a text file renamed .xlsx?)\n"


def test_a_console_that_cannot_show_a_character(workspace):
    """A latin-1 console has no arrow: one message saying what to do, no traceback, exit 1."""
    text = (workspace / "plan.yaml").read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("  title: "))
    (workspace / "arrow.yaml").write_text(text.replace(title, '  title: "Northwind \u2192 2027"'), encoding="utf-8")
    result = run_cli("summary", "arrow.yaml", cwd=workspace, env={"PYTHONIOENCODING": "latin-1"})
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == ("cannot print '\\u2192': the output's encoding (latin-1) has no such character; "
                             "set PYTHONIOENCODING=utf-8 and run again\n")
    # and with a UTF-8 console the same plan prints
    assert "Northwind \u2192 2027" in run_cli("summary", "arrow.yaml", cwd=workspace).stdout


def test_a_message_naming_a_file_the_console_cannot_show(workspace):
    """The message itself is kept: what latin-1 has is written in latin-1, the rest escaped."""
    result = run_cli("summary", "pr\u00e9vision\u2192.yaml", cwd=workspace, env={"PYTHONIOENCODING": "latin-1"},
                     encoding="latin-1")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "pr\u00e9vision\\u2192.yaml: error: no such file\n"


def test_schema_prints_without_error():
    result = invoke("schema")
    assert result.exit_code == 0 and result.stderr == "" and result.stdout.startswith("{")

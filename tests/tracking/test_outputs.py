"""The report's outputs reopened: xlsx with openpyxl, csv with the csv module, the table as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from click.testing import CliRunner
from track_support import CONTRACT_PLAN, CONTRACT_ROWS, FakeActuals, deal, plan_from, run_cli, save_csv, write_plan

from salesplan.tracking.run import track
from salesplan.tracking.format import amount, formula_safe, headline, percent
from salesplan.tracking.output_csv import render_csv
from salesplan.tracking.output_table import render_table
from salesplan.cli import main
from salesplan.reproducible import EpochError
from salesplan.tracking.output_xlsx import document_stamp, render_xlsx

EVIL = "=cmd|' /C calc'!A0"
EVIL_PLAN = CONTRACT_PLAN.replace("{id: west, name: West}", "{id: west, name: \"=cmd|' /C calc'!A0\"}").replace(
    "{id: li, name: Li Wei,", "{id: li, name: \"@SUM(1+1)\",")


def small_report(plan_text=CONTRACT_PLAN, as_of="2027-02-14", rep=None):
    """As of Feb 14: team actual 4000 + 2500 - 500 = 6000 against 8000 + 8000 * 14/28 = 12000 (50%).

    The unknown rep's row is rejected, the row whose stage is formula-looking text is not won.
    """
    deals = [
        deal(2, "2027-01-05", "Carol Diaz", 4000, territory="West"),
        deal(3, "2027-01-20", "li", 2500),
        deal(4, "2027-02-03", "Carol Diaz", -500, territory="West"),
        deal(5, "2027-02-04", EVIL, 100),
        deal(6, "2027-02-05", "Carol Diaz", 100, stage=EVIL),
    ]
    return track(plan_from(plan_text), FakeActuals(deals), as_of=dt.date.fromisoformat(as_of), rep=rep)


# --------------------------------------------------------------------------- formatting


def test_number_and_percent_formatting():
    # whole money from 1,000 up (rounded half up), cents below where there are some
    assert [amount(Decimal(x)) for x in ("30000", "4222.224", "4222.5", "999.994", "8.5", "-500", "-1234.5", "0")] == [
        "30,000", "4,222", "4,223", "999.99", "8.50", "-500", "-1,235", "0"]
    # counts whole when whole, one decimal for a share of a count; an em dash for a missing figure
    assert [amount(Decimal(x), "deals") for x in ("8.5", "12", "3.2308", "150.4")] == ["8.5", "12", "3.2", "150"]
    assert amount(None) == "\u2014" and percent(None) == "\u2014"
    # rounded half up (not cut), one decimal under 10% unless it is zero
    assert [percent(Decimal(x)) for x in ("0.91666", "1.0499", "1.05", "0.0804", "0.045", "0.05", "0")] == [
        "92%", "105%", "105%", "8%", "4.5%", "5%", "0%"]
    # a pace keeps to its side of the status boundaries (95% and 105% with a 5% tolerance):
    # 94.99% is behind, so it is not shown as 95%; 104.96% is on track, not shown as 105%
    tolerance = Decimal("0.05")
    assert [percent(Decimal(x), tolerance) for x in ("0.9499", "0.94999", "1.0496", "0.9466", "0.95", "1.05")] == [
        "94.9%", "94.9%", "104.9%", "94.6%", "95%", "105%"]


def test_formula_safe_text():
    assert [formula_safe(t) for t in ("=1+1", "+33", "-x", "@SUM(A1)", "West", "")] == [
        "'=1+1", "'+33", "'-x", "'@SUM(A1)", "West", ""]


def test_headline_forms():
    assert headline(small_report()) == "Team: behind - 50% of the 12,000 EUR expected by 2027-02-14"
    assert headline(small_report(as_of="2026-12-01")) == "Team: not started - the plan starts on 2027-01-01"
    # 3,500 / 7,500 = 46.67%, rounded: 47%
    assert headline(small_report(rep="carol")) == "Carol Diaz: behind - 47% of the 7,500 EUR expected by 2027-02-14"


# --------------------------------------------------------------------------- table


def test_table_output_exact():
    r = small_report()
    # revenue: attainment 6000 / 30000 = 20%, projected 6000 / 12000 * 30000 = 15000; needed: the
    # rest 24000 over Feb 8000 * 14/28 = 4000 and Mar 14000 = 5333.33 / 18666.67, shown whole (from 1,000
    # up). Deals: none of the rows is an Enterprise deal; needed 20 * 3.5 / 11.5 = 6.09 and 20 * 8 / 11.5
    # = 13.91, rounded up to whole deals. carol 4000 - 500 = 3500 of 7500 (46.67%: 47%); li 2500 of 4500
    # (55.56%: 56%), in east by his territory; west 3500 / 7200 = 48.6%: 49%. January 6500 / 8000 = 81.25%;
    # February -500 against 4000 pro rata = -12.5%, rounded half away from zero: -13%. March is still
    # to come: a dash for what is neither expected nor done yet.
    # Months: March, still to come, in one line; the total row is the goal's figures (8000 + 4000 =
    # 12000 expected, 6500 - 500 = 6000, 50%).
    assert render_table(r) == """\
Team: behind - 50% of the 12,000 EUR expected by 2027-02-14

Northwind Analytics - Q1 2027 sales plan (2027-01-01 to 2027-03-31), as of 2027-02-14, tolerance 5%, targets pacing
Amounts in EUR; deals goals count won deals.

Goals
goal              metric   target  expected  actual  pace  status  attainment  projected
revenue           revenue  30,000    12,000   6,000   50%  behind         20%     15,000
enterprise-logos  deals        20       8.5       0    0%  behind          0%          0

Needed per remaining month
goal              2027-02  2027-03
revenue             5,333   18,667
enterprise-logos        7       14

Reps
rep    name          goal      quota  expected  actual  pace  status  attainment  projected
carol  Carol Diaz    revenue  15,000     7,500   3,500   47%  behind         23%      7,000
shane  Shane Okafor  revenue  13,500     5,250       0    0%  behind          0%          0
li     Li Wei        revenue   9,000     4,500   2,500   56%  behind         28%      5,000

Territories
territory  name  goal     target  expected  actual  pace  status
west       West  revenue  18,000     7,200   3,500   49%  behind
east       East  revenue  12,000     4,800   2,500   52%  behind

Months
month    goal              target  expected  actual  pace  status       period
2027-01  revenue            8,000     8,000   6,500   81%  behind       complete
2027-02  revenue            8,000     4,000    -500  -13%  behind       to date
2027-03  revenue           14,000         —       —     —  not started  later
total    revenue           30,000    12,000   6,000   50%  behind       to date
2027-01  enterprise-logos       5         5       0    0%  behind       complete
2027-02  enterprise-logos       7       3.5       0    0%  behind       to date
2027-03  enterprise-logos       8         —       —     —  not started  later
total    enterprise-logos      20       8.5       0    0%  behind       to date

Rows: 5 read, 3 counted, 1 not won, 0 outside the period, 0 after 2027-02-14, 1 rejected
  Deals row 5: rep '=cmd|' /C calc'!A0' is not in the plan
"""


def test_table_colours_only_when_asked():
    r = small_report()
    assert "\x1b[" not in render_table(r)
    coloured = render_table(r, colour=True)
    assert "\x1b[31m\x1b[1mbehind" in coloured or "\x1b[1m\x1b[31mbehind" in coloured


def test_table_shows_control_characters_from_files_harmlessly():
    deals = [deal(2, "2027-01-05", "\x1b[2Jevil", 10)]
    text = render_table(track(plan_from(), FakeActuals(deals), as_of=dt.date(2027, 2, 14)))
    assert "\x1b" not in text and "rep '?[2Jevil' is not in the plan" in text


def test_cli_table_honours_no_color(tmp_path):
    plan = write_plan(tmp_path)
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    result = run_cli("track", plan, actuals, "--as-of", "2027-02-14", env={"NO_COLOR": "1"})
    assert result.returncode == 0
    assert result.stdout.startswith("Team: behind - 92% of the 12,000 EUR expected by 2027-02-14\n")
    assert "\x1b" not in result.stdout


# --------------------------------------------------------------------------- csv


def test_csv_reopened():
    text = render_csv(small_report(EVIL_PLAN))
    rows = list(csv.DictReader(io.StringIO(text)))
    goal = rows[0]
    assert (goal["view"], goal["goal"], goal["target"], goal["actual_to_date"], goal["pace"], goal["status"]) == (
        "goal", "revenue", "30000", "6000", "0.5", "behind")
    assert {r["view"] for r in rows} == {"goal", "rep", "territory", "month", "needed"}
    west = next(r for r in rows if r["view"] == "territory" and r["territory"] == "west")
    assert west["name"] == "'" + EVIL  # formula-looking text from the user's files is defused
    li = next(r for r in rows if r["view"] == "rep" and r["rep"] == "li")
    assert li["name"] == "'@SUM(1+1)"
    feb = next(r for r in rows if r["view"] == "month" and r["month"] == "2027-02" and r["goal"] == "revenue")
    assert feb["actual_to_date"] == "-500"  # numbers stay numbers, negative ones too
    needed = [(r["goal"], r["month"], r["needed"]) for r in rows if r["view"] == "needed" and not r["rep"]]
    assert needed[:2] == [("revenue", "2027-02", "5333.33"), ("revenue", "2027-03", "18666.67")]


def test_cli_csv_file_has_a_bom_and_stdout_none(tmp_path):
    plan = write_plan(tmp_path)
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    out = tmp_path / "out.csv"
    assert run_cli("track", plan, actuals, "--as-of", "2027-02-14", "-o", out).returncode == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfview,goal,")
    result = run_cli("track", plan, actuals, "--as-of", "2027-02-14", "--format", "csv")
    assert result.stdout.startswith("view,goal,")


# --------------------------------------------------------------------------- xlsx


@pytest.fixture
def workbook(tmp_path):
    from openpyxl import load_workbook

    data = render_xlsx(small_report(EVIL_PLAN), stamp=dt.datetime(2027, 1, 1))
    path = tmp_path / "report.xlsx"
    path.write_bytes(data)
    return load_workbook(path)


def test_xlsx_sheets_numbers_and_formats(workbook):
    assert workbook.sheetnames == ["Summary", "Goals", "Needed", "Reps", "Territories", "Months"]
    goals = workbook["Goals"]
    assert [c.value for c in goals[1]] == ["goal", "name", "metric", "target", "expected_to_date", "actual_to_date",
                                          "pace", "status", "attainment", "projected"]
    revenue = [c for c in goals[2]]
    # exact numbers in the cells, shown by the people's rule: whole money, rounded percentages
    assert revenue[3].value == 30000 and revenue[3].data_type == "n" and revenue[3].number_format == "#,##0"
    assert revenue[6].value == 0.5 and revenue[6].number_format == "0%"
    assert revenue[7].value == "behind" and revenue[7].fill.fgColor.rgb.endswith("FFC7CE")
    logos = [c for c in goals[3]]
    assert logos[4].value == 8.5 and logos[4].number_format == "#,##0.0"
    assert logos[3].value == 20 and logos[3].number_format == "#,##0"
    # needed in March: 18,666.67 kept to the cent, shown whole
    needed = [row for row in workbook["Needed"].iter_rows(min_row=2) if row[2].value == "2027-03"][0]
    assert needed[3].value == 18666.67 and needed[3].number_format == "#,##0"
    for sheet in workbook.sheetnames[1:]:
        assert workbook[sheet].freeze_panes == "A2"
        assert workbook[sheet].auto_filter.ref.startswith("A1:")
    months = workbook["Months"]
    feb = next(row for row in months.iter_rows(min_row=2, values_only=True) if row[:2] == ("2027-02", "revenue"))
    assert feb[5] == -500 and feb[8] is False
    # March is still to come: nothing expected or done yet, empty cells rather than zeros
    march = next(row for row in months.iter_rows(min_row=2, values_only=True) if row[:2] == ("2027-03", "revenue"))
    assert march[3] == 14000 and march[4] is None and march[5] is None and march[7] == "not started"


def test_xlsx_formula_text_stays_text(workbook, tmp_path):
    west = workbook["Territories"]["B2"]
    assert west.value == EVIL and west.data_type == "s" and west.quotePrefix
    li = next(row for row in workbook["Reps"].iter_rows(min_row=2) if row[0].value == "li")
    assert li[1].value == "@SUM(1+1)" and li[1].data_type == "s"
    summary = [row for row in workbook["Summary"].iter_rows(values_only=True)]
    assert ("Rejected row", f"Deals row 5: rep '{EVIL}' is not in the plan") in summary
    # no formula anywhere in the file: the text is an inline string, never an <f> element
    data = render_xlsx(small_report(EVIL_PLAN), stamp=dt.datetime(2027, 1, 1))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_xlsx_bytes_are_deterministic():
    """Same report, same stamp: same bytes; and no clock time anywhere in the package (every zip
    entry and the core properties carry the stamp), so a later run cannot differ either."""
    first = render_xlsx(small_report(), stamp=dt.datetime(2027, 1, 1))
    assert render_xlsx(small_report(), stamp=dt.datetime(2027, 1, 1)) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2027, 1, 1, 0, 0, 0)}
        assert b"2027-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_document_stamp():
    assert document_stamp(dt.date(2027, 1, 1), {}) == dt.datetime(2027, 1, 1)
    assert document_stamp(dt.date(2027, 1, 1), {"SOURCE_DATE_EPOCH": "1800000000"}) == dt.datetime(2027, 1, 15, 8, 0)
    # a SOURCE_DATE_EPOCH that is not a number is an error, as for the Word documents
    with pytest.raises(EpochError, match="SOURCE_DATE_EPOCH must be a whole number"):
        document_stamp(dt.date(2027, 1, 1), {"SOURCE_DATE_EPOCH": "soon"})


def test_cli_xlsx_with_a_bad_source_date_epoch_writes_nothing(tmp_path):
    plan = write_plan(tmp_path)
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    out = tmp_path / "report.xlsx"
    result = CliRunner().invoke(main, ["track", str(plan), str(actuals), "--as-of", "2027-02-14", "-o", str(out)],
                                env={"SOURCE_DATE_EPOCH": "soon"})
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, got 'soon'"
    assert not out.exists()


def test_cli_xlsx_is_byte_identical_across_runs(tmp_path):
    plan = write_plan(tmp_path)
    actuals = save_csv(tmp_path / "deals.csv", CONTRACT_ROWS)
    outs = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for out in outs:
        result = run_cli("track", plan, actuals, "--as-of", "2027-02-14", "-o", out)
        assert result.returncode == 0, result.stderr
    assert outs[0].read_bytes() == outs[1].read_bytes()
    epoch = run_cli("track", plan, actuals, "--as-of", "2027-02-14", "-o", tmp_path / "c.xlsx",
                    env={"SOURCE_DATE_EPOCH": "1800000000"})
    assert epoch.returncode == 0 and (tmp_path / "c.xlsx").read_bytes() != outs[0].read_bytes()

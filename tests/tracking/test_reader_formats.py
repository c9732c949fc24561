"""Issue 10's reader rules: every workbook format, text files, total rows, extra fields, formulas
without a saved value, 1904 workbooks, ERP and month-name dates, the decimal mark per column."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from salesplan.tracking.readers import ActualsError, open_actuals
from salesplan.tracking.sources import FORMULA_WITHOUT_VALUE

D = dt.date
WORKBOOKS = Path(__file__).resolve().parents[1] / "data" / "workbooks"
HEADER = ["Close Date", "Deal owner", "Amount", "Deal Stage", "Region"]


def read(path: Path, **options):
    actuals = open_actuals(path, **options)
    return actuals, list(actuals.rows())


def settled(actuals, deals) -> list[tuple]:
    """(row, rep, date, amount or problem) with the pending amounts settled as the tally does."""
    out = []
    for deal in deals:
        amount = deal.amount
        if deal.pending is not None:
            factor = actuals.settle_amount(deal.pending)
            amount = None if factor is None else amount * factor
        date = actuals.parse_date(deal.date) if isinstance(deal.date, str) else deal.date
        out.append((deal.row, deal.rep, date, deal.problem or amount))
    return out


# --- formats ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["deals.ods", "deals.xls"])
def test_ods_and_xls_workbooks(name: str) -> None:
    """Kept fixtures (tests/data/workbooks/README.md): sheet 'Notes' has the headers but no row,
    so 'Deals' is read; its 'Total' row is skipped and counted, never read as a deal."""
    actuals, deals = read(WORKBOOKS / name)
    assert actuals.sheet == "Deals"
    assert settled(actuals, deals) == [
        (2, "Carol Diaz", D(2027, 1, 5), Decimal("4000")),
        (3, "Shane Okafor", D(2027, 1, 20), Decimal("1500.5")),
        (4, "Carol Diaz", D(2027, 2, 3), Decimal("2000.50")),  # '2.000,50': '.' groups, ',' is decimal
        (5, "Li Wei", D(2027, 2, 10), Decimal("800")),
    ]
    assert (len(deals), actuals.total_rows) == (4, 1)


def test_an_xls_that_is_no_xls(tmp_path: Path) -> None:
    fake = tmp_path / "renamed.xls"
    shutil.copy(WORKBOOKS / "deals.ods", fake)
    with pytest.raises(ActualsError) as caught:
        open_actuals(fake)
    assert str(caught.value) == "renamed.xls: is not an xls workbook (an xlsx workbook named .xls? rename it .xlsx)"
    text = tmp_path / "notes.ods"
    text.write_text("Close Date,Deal owner,Amount\n")
    with pytest.raises(ActualsError) as caught:
        open_actuals(text)
    assert str(caught.value) == "notes.ods: is not an ods workbook (it is not a zip archive; a text file renamed .ods?)"


def test_first_sheet_with_columns_and_a_data_row(write_xlsx) -> None:
    path = write_xlsx("book.xlsx", {
        "Template": [HEADER],
        "Blank": [HEADER, [None] * 5, [None] * 5],
        "Q1": [HEADER, [D(2027, 1, 5), "Carol Diaz", 100, "Closed Won", "West"]],
    })
    actuals, deals = read(path)
    assert actuals.sheet == "Q1" and [d.amount for d in deals] == [Decimal(100)]
    only_headers = write_xlsx("empty.xlsx", {"Template": [HEADER], "Other": [["Foo"], ["bar"]]})
    actuals, deals = read(only_headers)
    assert actuals.sheet == "Template" and deals == []  # no sheet has rows: the one with the columns


@pytest.mark.parametrize(("name", "delimiter", "encoding"),
                         [("deals.tsv", "\t", "utf-8"), ("deals.txt", "\t", "utf-8"), ("deals.txt", ";", "cp1252")])
def test_tsv_and_txt_with_the_delimiter_detected(write_csv, name: str, delimiter: str, encoding: str) -> None:
    path = write_csv(name, [HEADER, ["05/02/2027", "Héloïse Roux", "1 234,50", "Gagné", "Ouest"]],
                     delimiter=delimiter, encoding=encoding)
    actuals, deals = read(path)
    assert settled(actuals, deals) == [(2, "Héloïse Roux", D(2027, 2, 5), Decimal("1234.50"))]


def test_a_line_with_more_fields_than_the_header(write_csv) -> None:
    """An unquoted '1.234,56' in a comma file splits into two fields: the row is rejected, not shifted."""
    path = write_csv("deals.csv", [HEADER,
                                   ["2027-01-05", "Carol Diaz", "1.234", "56", "Closed Won", "West"],
                                   ["2027-01-06", "Carol Diaz", "1.234", "56", "Closed Won", "West", "x"],
                                   ["2027-01-07", "Carol Diaz", "99.5", "Closed Won", "West"]])
    actuals, deals = read(path)
    assert [d.problem for d in deals] == ["6 fields, the header has 5: an unquoted comma in a number?",
                                          "7 fields, the header has 5: an unquoted comma in a number?", None]
    semicolons = write_csv("fr.csv", [HEADER, ["05/01/2027", "Carol Diaz", "1", "234", "Gagné", "Ouest"]], delimiter=";")
    assert read(semicolons)[1][0].problem == "6 fields, the header has 5: an unquoted semicolon in a number?"


# --- xlsx: formulas and the 1904 date system ------------------------------------------------


def _rewrite(path: Path, member: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_formula_saved_without_its_value(write_xlsx) -> None:
    """openpyxl writes formulas with no value (and flags the workbook fullCalcOnLoad): never 0."""
    path = write_xlsx("formulas.xlsx", {"Deals": [
        HEADER,
        [D(2027, 1, 5), "Carol Diaz", "=1200+300", "Closed Won", "West"],
        [D(2027, 1, 6), "Carol Diaz", 700, "Closed Won", "West"],
        ["=DATE(2027,1,7)", "Carol Diaz", 50, "Closed Won", "West"],
    ]})
    actuals, deals = read(path)
    assert [(d.row, d.problem) for d in deals] == [(2, FORMULA_WITHOUT_VALUE), (3, None), (4, FORMULA_WITHOUT_VALUE)]
    assert FORMULA_WITHOUT_VALUE == "formula without a saved value (open and save the file in Excel or LibreOffice)"
    # The same workbook as Excel saves it: each formula with its value, no fullCalcOnLoad flag.
    _rewrite(path, "xl/worksheets/sheet1.xml",
             lambda xml: xml.replace(b"<f>1200+300</f><v></v>", b"<f>1200+300</f><v>1500</v>")
             .replace(b"<f>DATE(2027,1,7)</f><v></v>", b"<f>DATE(2027,1,7)</f><v>46394</v>"))
    _rewrite(path, "xl/workbook.xml", lambda xml: xml.replace(b' fullCalcOnLoad="1"', b""))
    actuals, deals = read(path)
    assert [(d.problem, d.amount, d.date) for d in deals] == [
        (None, Decimal("1500"), D(2027, 1, 5)), (None, Decimal("700"), D(2027, 1, 6)),
        (None, Decimal("50"), D(2027, 1, 7)),  # serial 46394 in the 1900 system: 2027-01-07
    ]


def test_serial_dates_in_a_1904_workbook(tmp_path: Path) -> None:
    """Excel for Mac's 1904 system: serial 44999 is 1904-01-01 + 44999 days = 2027-03-15 (the 1900
    system's 46461, 1462 days apart). A real date cell reads the same in either system."""
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    workbook = Workbook()
    workbook.epoch = CALENDAR_MAC_1904
    sheet = workbook.active
    sheet.append(["Close Date", "Deal owner", "Amount"])
    sheet.append([44999, "Carol Diaz", 10])
    sheet.append([D(2027, 3, 16), "Carol Diaz", 20])
    path = tmp_path / "mac.xlsx"
    workbook.save(path)
    actuals, deals = read(path)
    assert [d.date for d in deals] == [D(2027, 3, 15), D(2027, 3, 16)]


# --- dates --------------------------------------------------------------------------------


def test_erp_and_month_name_dates(write_csv, write_xlsx) -> None:
    path = write_csv("dates.csv", [["Close Date", "Deal owner", "Amount"],
                                   ["20180111", "Carol Diaz", "1"],
                                   ["March 15, 2027", "Carol Diaz", "2"],
                                   ["15 Mar 2027", "Carol Diaz", "3"],
                                   ["15 mars 2027", "Carol Diaz", "4"],
                                   ["1er mars 2027", "Carol Diaz", "5"],
                                   ["lundi 15 mars 2027", "Carol Diaz", "6"],
                                   ["20181301", "Carol Diaz", "7"]])
    actuals, deals = read(path)
    assert [actuals.parse_date(d.date) for d in deals] == [
        D(2018, 1, 11), D(2027, 3, 15), D(2027, 3, 15), D(2027, 3, 15), D(2027, 3, 1), D(2027, 3, 15), None]
    assert actuals.date_problem("20181301") == "date '20181301' is not a date"
    sap = write_xlsx("sap.xlsx", {"VBAK": [["Close Date", "Deal owner", "Amount"], [20180111, "Carol Diaz", 5]]})
    actuals, deals = read(sap)
    assert [actuals.parse_date(d.date) for d in deals] == [D(2018, 1, 11)]  # a number, not a serial date


# --- total rows, empty amounts, big amounts -----------------------------------------------------


def test_total_rows_are_skipped_and_counted(write_csv) -> None:
    path = write_csv("deals.csv", [
        HEADER,
        ["2027-01-05", "Carol Diaz", "100", "Closed Won", "West"],
        ["", "Carol Diaz Total", "100", "", ""],  # Excel's Data > Subtotal
        ["Total", "", "100", "", ""],
        ["", "Sous-total :", "100", "", ""],
        ["", "GRAND TOTAL", "100", "", ""],
        ["2027-01-06", "Total Beverages", "5", "Closed Won", "West"],  # a date: a deal, whatever its rep
        ["n/a", "Carol Diaz", "7", "Closed Won", "West"],  # not a date, not a total: rejected later
    ])
    actuals, deals = read(path)
    assert [(d.row, d.rep) for d in deals] == [(2, "Carol Diaz"), (7, "Total Beverages"), (8, "Carol Diaz")]
    assert (len(deals), actuals.total_rows) == (3, 4)


def test_an_empty_amount_is_flagged(write_csv) -> None:
    path = write_csv("deals.csv", [HEADER, ["2027-01-05", "Carol Diaz", "", "Closed Won", "West"],
                                   ["2027-01-06", "Carol Diaz", "0", "Closed Won", "West"]])
    _, deals = read(path)
    assert [(d.amount, d.empty_amount) for d in deals] == [(Decimal(0), True), (Decimal(0), False)]


def test_amounts_too_large_are_rejected_rows(write_csv, write_xlsx) -> None:
    path = write_csv("deals.csv", [["Close Date", "Deal owner", "Amount"],
                                   ["2027-01-05", "Carol Diaz", "100000000000000000000000000"],
                                   ["2027-01-05", "Carol Diaz", "1.5E+06"]])
    _, deals = read(path)
    assert [(d.amount, d.problem) for d in deals] == [
        (None, "amount '100000000000000000000000000' is too large (more than 15 digits before the decimal mark)"),
        (Decimal("1500000"), None)]
    book = write_xlsx("big.xlsx", {"Deals": [["Close Date", "Deal owner", "Amount"], [D(2027, 1, 5), "Carol", 1e26]]})
    assert read(book)[1][0].problem == "amount '1e+26' is too large (more than 15 digits before the decimal mark)"


# --- the decimal mark, per column, streaming ------------------------------------------------


def test_three_decimals_before_the_evidence_wait_and_are_settled(write_csv) -> None:
    """Read row by row (the empty date sends the chunk down the general path), 22.368 comes before
    261.96 shows '.' as the decimal mark: it waits as 22368 and '.', and is settled as 22.368."""
    rows = [["Order Date", "Sales Rep", "Sales"], ["2027-01-05", "Carol Diaz", "22.368"],
            ["2027-01-06", "Carol Diaz", "261.96"], ["2027-01-07", "Carol Diaz", "1,234"], ["", "Carol Diaz", "5"]]
    columns = {"date": "Order Date", "rep": "Sales Rep", "amount": "Sales"}
    actuals, deals = read(write_csv("orders.csv", rows), columns=columns)
    assert [(d.amount, d.pending) for d in deals[:3]] == [(Decimal(22368), "."), (Decimal("261.96"), None),
                                                          (Decimal(1234), None)]
    assert [a for *_, a in settled(actuals, deals)][:3] == [Decimal("22.368"), Decimal("261.96"), Decimal("1234")]
    assert actuals.amount_warnings == []
    actuals, deals = read(write_csv("orders.csv", rows[:4]), columns=columns)  # clean: one chunk, column by column
    assert [(d.amount, d.pending) for d in deals] == [(Decimal("22.368"), None), (Decimal("261.96"), None),
                                                      (Decimal(1234), None)]


def test_a_column_without_evidence_warns_once(write_csv) -> None:
    rows = [["Close Date", "Deal owner", "Amount"]] + [["2027-01-05", "Carol Diaz", f"{n},500"] for n in range(1, 4)]
    actuals, deals = read(write_csv("deals.csv", rows))
    assert [a for *_, a in settled(actuals, deals)] == [Decimal(1500), Decimal(2500), Decimal(3500)]
    assert actuals.amount_warnings == [
        "column 'Amount': 3 amounts such as '1,234' or '1.234' read as thousands (1234): no cell of the column "
        'shows which mark is decimal; set tracking.actuals.decimal to "." or "," to say']
    actuals, deals = read(write_csv("deals.csv", rows), decimal=",")
    assert [a for *_, a in settled(actuals, deals)] == [Decimal("1.5"), Decimal("2.5"), Decimal("3.5")]
    assert actuals.amount_warnings == []


def test_the_fast_path_learns_the_mark_too(write_csv) -> None:
    """Thousands of clean rows take the column path: '957.5775' there shows '.', so the later
    '22.368' is read at once, and a chunk of three-decimal cells before it waits."""
    rows = [["Close Date", "Deal owner", "Amount"]]
    rows += [["2027-01-05", "Carol Diaz", "22.368"]] * 1500 + [["2027-01-06", "Carol Diaz", "957.5775"]]
    rows += [["2027-01-07", "Carol Diaz", "10.125"]] * 1500
    actuals = open_actuals(write_csv("many.csv", rows))
    chunks = list(actuals.chunks())
    deals = [d for chunk in chunks for d in (chunk.deals() if hasattr(chunk, "deals") else chunk)]
    amounts = [a for *_, a in settled(actuals, deals)]
    assert amounts == [Decimal("22.368")] * 1500 + [Decimal("957.5775")] + [Decimal("10.125")] * 1500
    assert sum(d.pending is not None for d in deals) == 1024  # the first chunk only: it showed no mark
    assert re.fullmatch(r"\d+", str(len(chunks)))

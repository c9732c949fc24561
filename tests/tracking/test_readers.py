"""Actuals readers on real-looking exports: layouts, presets, encodings, bad rows, bad files."""

from __future__ import annotations

import datetime as dt
import struct
import tracemalloc
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from salesplan.tracking.deals import RawDeal
from salesplan.tracking.readers import ActualsError, open_actuals
from salesplan.tracking.streams import CHUNK

D = dt.date


def deals(path: Path, **options) -> list[RawDeal]:
    return list(open_actuals(path, **options).rows())


# --- CRM presets -------------------------------------------------------------------------


def test_hubspot_xlsx(write_xlsx) -> None:
    path = write_xlsx(
        "hubspot.xlsx",
        {
            "Deals": [
                ["Deal Name", "Close Date", "Deal owner", "Amount", "Deal Stage", "Pipeline"],
                ["Acme renewal", dt.datetime(2027, 1, 14, 9, 30), "Carol Diaz", 12500.5, "Closed Won", "Sales"],
                ["Globex", D(2027, 2, 3), " Bob Martin ", 4000, "Closed Lost", "Sales"],
            ]
        },
    )
    actuals = open_actuals(path)
    assert (actuals.layout, actuals.sheet, actuals.header_row) == ("deals", "Deals", 1)
    assert actuals.columns == {"date": "Close Date", "rep": "Deal owner", "amount": "Amount", "stage": "Deal Stage"}
    assert actuals.has_stage and "territory" not in actuals.columns
    first, second = actuals.rows()
    assert first == RawDeal("Deals", 2, "Carol Diaz", D(2027, 1, 14), Decimal("12500.5"), None, "Closed Won", None)
    assert second == RawDeal("Deals", 3, "Bob Martin", D(2027, 2, 3), Decimal("4000"), None, "Closed Lost", None)
    assert list(actuals.rows()) == [first, second]  # every call reads the sheet again


def test_salesforce_xlsx_with_currency_column(write_xlsx) -> None:
    path = write_xlsx(
        "salesforce.xlsx",
        {
            "Report": [
                ["Opportunity Name", "Opportunity Owner", "Amount Currency", "Amount", "Close Date", "Stage"],
                ["Initech", "Alice Stone", "USD", 1500, "3/18/2027", "Closed Won"],
                ["Umbrella", "Alice Stone", "EUR", "2.000,00", "3/5/2027", "Closed Won"],
                ["Hooli", "Alice Stone", "", 10, "3/6/2027", "Closed Won"],
            ]
        },
    )
    actuals = open_actuals(path)
    assert actuals.columns["currency"] == "Amount Currency"
    rows = list(actuals.rows())
    assert [(r.amount, r.currency) for r in rows] == [(Decimal(1500), "USD"), (Decimal("2000.00"), "EUR"), (10, None)]
    # 3/18/2027 can only be month first: the whole column is, so 3/5/2027 is March 5
    assert [actuals.parse_date(r.date) for r in rows] == [D(2027, 3, 18), D(2027, 3, 5), D(2027, 3, 6)]


def test_pipedrive_csv(write_csv) -> None:
    path = write_csv(
        "pipedrive.csv",
        [
            ["Deal - Title", "Deal - Value", "Deal - Currency", "Deal - Owner", "Deal - Stage", "Deal - Status",
             "Deal - Won time"],
            ["Big one", "25000", "EUR", "Emma Stone", "Contract sent", "won", "2027-03-02 14:21:07"],
            ["Small one", "990.5", "EUR", "Emma Stone", "Proposal", "open", ""],
        ],
    )
    actuals = open_actuals(path)
    assert actuals.columns == {
        "date": "Deal - Won time", "rep": "Deal - Owner", "amount": "Deal - Value",
        "stage": "Deal - Status", "currency": "Deal - Currency",
    }
    won, open_deal = actuals.rows()
    assert won == RawDeal(None, 2, "Emma Stone", "2027-03-02 14:21:07", Decimal(25000), "EUR", "won", None)
    assert actuals.parse_date(won.date) == D(2027, 3, 2)
    assert (open_deal.stage, open_deal.date, open_deal.problem) == ("open", None, "date is empty")


def test_french_cp1252_semicolon_csv(write_csv) -> None:
    path = write_csv(
        "ventes.csv",
        [
            ["Date de clôture", "Commercial", "Montant", "Étape", "Région", "Devise"],
            ["15/03/2027", "Hélène Dupré", "1 234,50", "Gagné", "Île-de-France", "EUR"],
            ["02/03/2027", "Léa Girard", "87,25 €", "Perdu", "", ""],
        ],
        delimiter=";",
        encoding="cp1252",
    )
    actuals = open_actuals(path)
    assert actuals.columns == {
        "date": "Date de clôture", "rep": "Commercial", "amount": "Montant",
        "stage": "Étape", "territory": "Région", "currency": "Devise",
    }
    first, second = actuals.rows()
    assert first == RawDeal(None, 2, "Hélène Dupré", "15/03/2027", Decimal("1234.50"), "EUR", "Gagné", "Île-de-France")
    assert second == RawDeal(None, 3, "Léa Girard", "02/03/2027", Decimal("87.25"), "EUR", "Perdu", None)
    assert actuals.parse_date("02/03/2027") == D(2027, 3, 2)  # day first: nothing says otherwise


def test_utf8_bom_csv(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffDate,Vendeur,Montant,Statut\n2027-01-05,Zoé,\"1,5\",Signé\n".encode())
    actuals = open_actuals(path)
    assert actuals.columns["date"] == "Date"  # the BOM is not part of the header
    (row,) = actuals.rows()
    assert (row.rep, row.amount, row.stage) == ("Zoé", Decimal("1.5"), "Signé")


def test_utf8_csv_with_stray_cp1252_bytes_reads(tmp_path: Path) -> None:
    head = "Date,Owner,Amount\n" + "2027-01-05,Ann,1\n" * 5000  # more than the encoding probe
    path = tmp_path / "mixed.csv"
    path.write_bytes(head.encode() + "2027-01-06,Andr\xe9,2\n".encode("cp1252"))
    rows = deals(path)
    assert rows[-1].rep == "André" and rows[-1].row == 5002


def test_explicit_columns_override_presets(write_csv) -> None:
    path = write_csv(
        "custom.csv",
        [["Amount", "Booked", "Seller", "Net", "Segment", "Date"], ["999", "2027-01-31", "Kim", "100", "SMB", "1999-01-01"]],
    )
    actuals = open_actuals(path, columns={"date": "booked", "amount": "NET", "rep": "Seller"}, extra_columns=["segment"])
    assert actuals.columns == {"date": "Booked", "rep": "Seller", "amount": "Net"}
    (row,) = actuals.rows()
    assert (row.date, row.amount, row.fields) == ("2027-01-31", Decimal(100), {"segment": "SMB"})


def test_amount_header_names_the_currency(write_csv) -> None:
    path = write_csv("usd.csv", [["Close Date", "Owner", "Amount (USD)"], ["2027-01-02", "Kim", "10"], ["2027-01-03", "Kim", "€5"]])
    first, second = deals(path)
    assert (first.currency, second.currency) == ("USD", "EUR")  # a mark in the cell wins


# --- header position, row numbers, bad rows --------------------------------------------


def test_title_rows_above_header_and_bad_rows(write_xlsx) -> None:
    path = write_xlsx(
        "report.xlsx",
        {
            "Export": [
                ["Closed deals - Q1 2027"],
                ["Generated 2027-04-01"],
                [],
                ["Close Date", "Owner", "Amount", "Stage", "Region"],  # row 4
                [D(2027, 1, 5), "Ann", 100, "Won", "West"],  # row 5
                [D(2027, 1, 6), "Ann", "n/a", "Won", "West"],  # row 6: amount unreadable
                [None, "Ann", 50, "Won", None],  # row 7: date empty
                [],  # row 8: entirely empty, skipped and not counted
                ["31/31/2027", "Ann", 10, "Won", "West"],  # row 9: date text resolved later
                [D(2027, 1, 9), None, 10, "Won", "West"],  # row 10: rep empty (engine rejects)
                [None, None, None, "Won", None],  # row 11: not entirely empty
                [46461, 7, "1 000", "Won", "East"],  # row 12: serial date, numeric rep
            ]
        },
    )
    actuals = open_actuals(path)
    assert actuals.header_row == 4
    rows = list(actuals.rows())
    assert [r.row for r in rows] == [5, 6, 7, 9, 10, 11, 12]
    assert [r.problem for r in rows] == [
        None, "amount 'n/a' is not a number", "date is empty", None, None, "date is empty", None
    ]
    assert rows[1].amount is None
    assert rows[3].date == "31/31/2027" and actuals.parse_date("31/31/2027") is None
    assert actuals.date_problem("31/31/2027") == "date '31/31/2027' is not a date"
    assert rows[4].rep == ""
    assert (rows[5].stage, rows[5].amount, rows[5].territory) == ("Won", Decimal(0), None)
    assert (rows[6].date, rows[6].rep, rows[6].amount) == (D(2027, 3, 15), "7", Decimal(1000))


def test_csv_rows_are_numbered_like_a_spreadsheet(write_csv) -> None:
    path = write_csv(
        "numbered.csv",
        [["Export"], [], ["Date", "Owner", "Amount"], ["2027-01-01", "Ann", "1"], ["", "", ""], ["2027-01-02", "Bo", "x"], ["2027-01-03", "Cy"]],
    )
    actuals = open_actuals(path)
    rows = list(actuals.rows())
    assert [(r.row, r.rep, r.amount, r.problem) for r in rows] == [
        (4, "Ann", Decimal(1), None),
        (6, "Bo", None, "amount 'x' is not a number"),
        (7, "Cy", Decimal(0), None),  # a short row: the missing amount cell is empty, so zero
    ]  # row 5, entirely empty, is skipped


def test_month_first_value_late_in_a_long_column_decides_it(write_csv) -> None:
    rows = [["Close Date", "Owner", "Amount"]] + [["05/03/2027", "Ann", "10"]] * (3 * CHUNK) + [["3/18/2027", "Ann", "1"]]
    actuals = open_actuals(write_csv("late.csv", rows))
    dates = {deal.date for deal in actuals.rows()}
    assert dates == {"05/03/2027", "3/18/2027"}
    assert actuals.month_first
    assert actuals.parse_date("05/03/2027") == D(2027, 5, 3)


def test_fast_and_general_paths_agree(write_csv) -> None:
    """Clean chunks go column by column, a chunk with a bad row goes row by row: same deals."""
    good = [["2027-02-%02d" % (i % 28 + 1), f" Rep {i % 7} ", f"{i}.{i % 100:02d}", "Won", "West" if i % 3 else ""]
            for i in range(2 * CHUNK + 10)]
    bad = [*good[: CHUNK + 5], ["2027-02-01", "Rep 1", "oops", "Won", "West"], *good[CHUNK + 5 :]]
    header = ["Close Date", "Owner", "Amount", "Stage", "Territory"]
    clean = deals(write_csv("clean.csv", [header, *good]))
    mixed = deals(write_csv("mixed.csv", [header, *bad]))
    assert mixed[CHUNK + 5].problem == "amount 'oops' is not a number"
    del mixed[CHUNK + 5]
    for deal in mixed[CHUNK + 5 :]:
        deal.row -= 1
    assert mixed == clean
    assert clean[10] == RawDeal(None, 12, "Rep 3", "2027-02-11", Decimal("10.10"), None, "Won", "West")
    assert clean[9].territory is None


def test_rows_stream_with_flat_memory(write_csv) -> None:
    path = write_csv("big.csv", [["Close Date", "Owner", "Amount", "Stage"]] + [["2027-01-15", "Ann Lee", "1234.50", "Won"]] * 40_000)
    actuals = open_actuals(path)
    tracemalloc.start()
    count = sum(1 for _ in actuals.rows())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 40_000
    assert peak < 3 * 2**20  # a few chunks of rows at most, never the whole file (about 40 MB as deals)


def test_extra_columns(write_xlsx) -> None:
    path = write_xlsx("extra.xlsx", {"S": [["Close Date", "Owner", "Amount", "Segment"], [D(2027, 1, 1), "Ann", 1, "Enterprise"]]})
    (row,) = deals(path, extra_columns=["SEGMENT"])
    assert row.fields == {"SEGMENT": "Enterprise"}
    with pytest.raises(ActualsError) as caught:
        open_actuals(path, extra_columns=["Industry"])
    assert str(caught.value) == (
        "extra.xlsx: sheet 'S' has no column 'Industry', which a goal filter names "
        "(found: Close Date, Owner, Amount, Segment)"
    )


# --- rep-by-month grids ------------------------------------------------------------------


def test_grid_with_english_text_months_and_totals(write_xlsx) -> None:
    path = write_xlsx(
        "grid.xlsx",
        {
            "Q1": [
                ["Actuals Q1 2027"],
                ["Rep", "Jan 2027", "Feb 2027", "March 2027", "Total"],  # row 2
                ["Carol Diaz", 8100, None, 0, 8100],  # row 3: Feb empty, March 0 (not empty)
                ["Bob Martin", "1 200,50", 3000, None, 4200.5],  # row 4
                [None, None, None, None, None],  # row 5: empty
                ["Total", 9300.5, 3000, 0, 12300.5],  # row 6: ignored
            ]
        },
    )
    actuals = open_actuals(path)
    assert (actuals.layout, actuals.header_row, actuals.months) == ("grid", 2, (D(2027, 1, 1), D(2027, 2, 1), D(2027, 3, 1)))
    assert actuals.columns == {"rep": "Rep"} and not actuals.has_stage
    rows = list(actuals.rows())
    assert [(r.row, r.rep, r.date, r.amount) for r in rows] == [
        (3, "Carol Diaz", D(2027, 1, 1), Decimal(8100)),
        (3, "Carol Diaz", D(2027, 3, 1), Decimal(0)),
        (4, "Bob Martin", D(2027, 1, 1), Decimal("1200.50")),
        (4, "Bob Martin", D(2027, 2, 1), Decimal(3000)),
    ]  # row 5 (empty) and row 6 (the "Total" row) give no deal


def test_grid_with_french_months_and_unnamed_rep_column(write_csv) -> None:
    path = write_csv(
        "grille.csv",
        [["", "janv. 2027", "févr. 2027", "mars 2027", "Région"], ["Hélène", "1 000", "n/a", "", "Sud"], ["Somme", "1 000", "", "", ""]],
        delimiter=";",
    )
    actuals = open_actuals(path)
    assert actuals.layout == "grid" and actuals.columns["territory"] == "Région"
    jan, feb = actuals.rows()
    assert (jan.rep, jan.date, jan.amount, jan.territory) == ("Hélène", D(2027, 1, 1), Decimal(1000), "Sud")
    assert (feb.date, feb.amount, feb.problem) == (D(2027, 2, 1), None, "amount 'n/a' is not a number")
    # the "Somme" (total) row gives no deal: the two above are all


def test_grid_with_date_cell_headers_and_rep_names(write_xlsx) -> None:
    path = write_xlsx(
        "dates.xlsx",
        {
            "Sheet1": [
                ["Team", "Member", D(2027, 1, 1), D(2027, 2, 1)],
                ["North", "carol", 10, 20],
                ["North", "bob", None, 5],
            ]
        },
    )
    # "Member" names the rep column; the plan's rep names confirm it over "Team"
    actuals = open_actuals(path, rep_names=["Carol", "Bob"])
    assert actuals.columns["rep"] == "Member"
    assert [(r.rep, r.date, r.amount) for r in actuals.rows()] == [
        ("carol", D(2027, 1, 1), Decimal(10)),
        ("carol", D(2027, 2, 1), Decimal(20)),
        ("bob", D(2027, 2, 1), Decimal(5)),
    ]


def test_grid_rep_column_told_by_rep_names(write_xlsx) -> None:
    path = write_xlsx("names.xlsx", {"S": [["Team", "Who", "2027-01"], ["North", "Carol", 10], ["South", "Bob", 5]]})
    assert open_actuals(path).columns["rep"] == "Team"  # the first text column, without names
    assert open_actuals(path, rep_names=["carol", "BOB"]).columns["rep"] == "Who"


# --- sheets --------------------------------------------------------------------------------


def test_hidden_sheets_are_read_only_when_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    lookup = workbook.active
    lookup.title = "Lookup"
    lookup.append(["Close Date", "Owner", "Amount"])
    lookup.append([D(2020, 1, 1), "Old", 1])
    lookup.sheet_state = "hidden"
    deals_sheet = workbook.create_sheet("Deals")
    deals_sheet.append(["Close Date", "Owner", "Amount"])
    deals_sheet.append([D(2027, 1, 1), "Ann", 2])
    workbook.active = 1
    workbook.save(tmp_path / "hidden.xlsx")
    assert open_actuals(tmp_path / "hidden.xlsx").sheet == "Deals"
    assert open_actuals(tmp_path / "hidden.xlsx", sheet="Lookup").sheet == "Lookup"


def test_sheet_by_detection_and_by_name(write_xlsx) -> None:
    path = write_xlsx(
        "book.xlsx",
        {
            "Summary": [["Quarter", "Total"], ["Q1", 100]],
            "Deals": [["Close Date", "Owner", "Amount"], [D(2027, 1, 1), "Ann", 1]],
            "Old deals": [["Close Date", "Owner", "Amount"], [D(2026, 1, 1), "Ann", 2]],
        },
    )
    assert open_actuals(path).sheet == "Deals"
    actuals = open_actuals(path, sheet="old DEALS")
    assert actuals.sheet == "Old deals"
    assert [r.amount for r in actuals.rows()] == [Decimal(2)]
    with pytest.raises(ActualsError) as caught:
        open_actuals(path, sheet="2027")
    assert str(caught.value) == "book.xlsx: no sheet named '2027' (sheets: 'Summary', 'Deals', 'Old deals')"
    with pytest.raises(ActualsError) as caught:
        open_actuals(path, sheet="Summary")
    assert str(caught.value).startswith("book.xlsx: sheet 'Summary' does not have the needed columns (found: Quarter, Total;")


# --- files that cannot be used -------------------------------------------------------------


def message(path: Path, **options) -> str:
    with pytest.raises(ActualsError) as caught:
        open_actuals(path, **options)
    return str(caught.value)


def test_no_needed_columns(write_xlsx, write_csv) -> None:
    expected = "expected a date, a rep and an amount column, e.g. 'Close Date', 'Deal owner', 'Amount', or a rep column beside month columns"
    path = write_xlsx("actuals.xlsx", {"Data": [["Foo", "Bar"], [1, 2]]})
    assert message(path) == f"actuals.xlsx: no sheet has the needed columns (found: Foo, Bar; {expected})"
    path = write_csv("partial.csv", [["Close Date", "Owner", "Price"], ["2027-01-01", "Ann", "1"]])
    assert message(path) == f"partial.csv: the file does not have the needed columns (found: Close Date, Owner, Price; no amount column; {expected})"
    path = write_csv("explicit.csv", [["Won", "Owner", "Amount"]])
    assert message(path, columns={"date": "Won on"}) == (
        "explicit.csv: the file does not have the needed columns (found: Won, Owner, Amount; no column 'Won on' for the date; "
        "expected a date, a rep and an amount column, e.g. 'Won on', 'Deal owner', 'Amount', or a rep column beside month columns)"
    )


def test_missing_directory_and_unsupported(tmp_path: Path) -> None:
    assert message(tmp_path / "nope.xlsx") == f"nope.xlsx: file not found ({tmp_path / 'nope.xlsx'})"
    (tmp_path / "folder.csv").mkdir()
    assert message(tmp_path / "folder.csv") == "folder.csv: is a directory, not a spreadsheet file"
    (tmp_path / "deals.json").write_text("{}")
    supported = ".xlsx, .xlsm, .xlsb, .xls, .ods, .csv, .tsv, .txt"
    assert message(tmp_path / "deals.json") == f"deals.json: unsupported file type '.json'; supported: {supported}"
    (tmp_path / "deals.numbers").write_bytes(b"x")
    assert message(tmp_path / "deals.numbers") == (
        f"deals.numbers: unsupported file type '.numbers' (export it as .xlsx or .csv); supported: {supported}")
    (tmp_path / "old.xls").write_bytes(b"x")
    assert message(tmp_path / "old.xls") == "old.xls: is not an xls workbook"


def test_not_a_spreadsheet(tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("Close Date,Owner,Amount\n2027-01-01,Ann,1\n")
    assert message(text) == "notes.xlsx: is not an xlsx workbook (it is not a zip archive; a text file renamed .xlsx?)"
    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(bytes(range(256)) * 4)
    assert message(noise).startswith("noise.xlsx: is not an xlsx workbook")
    binary = tmp_path / "noise.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    assert message(binary) == "noise.csv: is not a csv text file (it holds binary data)"
    other_zip = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert message(other_zip) == "archive.xlsx: is not an xlsx workbook (a zip archive without a workbook inside)"


def test_password_protected_or_old_xls(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE2 compound file header
    assert message(path) == "locked.xlsx: is password-protected or an old .xls workbook; save it as an unprotected .xlsx"


def _declare_size(path: Path, member: str, size: int) -> None:
    """Rewrite the zip directory so that ``member`` claims to unpack to ``size`` bytes."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == name:
            struct.pack_into("<I", data, at + 24, size)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


def test_decompression_bomb_is_refused_from_the_zip_directory(write_xlsx) -> None:
    path = write_xlsx("bomb.xlsx", {"Deals": [["Close Date", "Owner", "Amount"], [D(2027, 1, 1), "Ann", 1]]})
    packed = path.stat().st_size
    _declare_size(path, "xl/worksheets/sheet1.xml", 600 * 2**20)  # 600 MiB from a few KiB
    assert message(path) == (
        f"bomb.xlsx: refused: it would unpack to 600 MiB from {packed / 2**20:,.1f} MiB "
        "(more than 100 times its size and over 512 MiB: a decompression bomb)"
    )


def test_big_ratio_under_512_mib_is_not_a_bomb(write_xlsx) -> None:
    path = write_xlsx("ok.xlsx", {"Deals": [["Close Date", "Owner", "Amount"], [D(2027, 1, 1), "Ann", 1]]})
    _declare_size(path, "docProps/app.xml", 300 * 2**20)  # a huge ratio, but under 512 MiB
    assert not message_or_none(path).startswith("ok.xlsx: refused")


def message_or_none(path: Path) -> str:
    try:
        open_actuals(path)
    except ActualsError as exc:
        return str(exc)
    return ""


def test_empty_files(write_xlsx, tmp_path: Path) -> None:
    assert message(write_xlsx("empty.xlsx", {"Sheet1": [], "Sheet2": []})) == "empty.xlsx: the workbook is empty"
    assert message(write_xlsx("blank.xlsx", {"Only": []}), sheet="Only") == "blank.xlsx: sheet 'Only' is empty"
    (tmp_path / "empty.csv").write_bytes(b"")
    assert message(tmp_path / "empty.csv") == "empty.csv: the file is empty"
    (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    assert message(tmp_path / "bom.csv") == "bom.csv: the file is empty"
    (tmp_path / "zero.xlsx").write_bytes(b"")
    assert message(tmp_path / "zero.xlsx") == "zero.xlsx: the file is empty"


def test_unknown_logical_column(write_csv) -> None:
    path = write_csv("x.csv", [["Close Date", "Owner", "Amount"]])
    assert message(path, columns={"price": "Amount"}) == (
        "x.csv: unknown column 'price' in tracking.actuals.columns (known: date, rep, amount, stage, territory, currency, created)"
    )

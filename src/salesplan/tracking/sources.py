"""Opening an actuals file safely and handing out its tables as streams of rows.

A *table* is a sheet of a workbook (``.xlsx``, ``.xlsm``, ``.xlsb``, ``.xls``, ``.ods``) or the
whole of a text file (``.csv``, ``.tsv``, ``.txt``); ``with table.open() as rows:`` gives a
fresh stream of its rows (lists of cell values, row 1 first) each time.

Safety, before any sheet is read: the file must exist and be a file; an xlsx, xlsb or ods must
be a zip archive (an OLE2 compound file named .xlsx is a password-protected workbook or an old
``.xls``) whose directory does not promise more than 100 times its packed size and over 512 MiB
(a decompression bomb); an ``.xls`` must be an OLE2 compound file. Sheets are parsed by
python-calamine, which never resolves XML external entities; openpyxl is not used for reading.

Two things calamine does not say are read from an xlsx's own XML, without an XML parser: the
workbook's date system (``date1904``: serial numbers then count from 1904-01-01), and, only
when a reader asks (an empty or zero cell where a value is needed), which cells hold a formula
saved without its value (no ``<v>``, or a workbook its writer flagged ``fullCalcOnLoad``
because it computed none: openpyxl, xlsxwriter).
"""

from __future__ import annotations

import codecs
import csv
import html
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from salesplan.errors import SalesplanError

__all__ = ["ActualsError", "Table", "XLSX_SUFFIXES", "WORKBOOK_SUFFIXES", "CSV_SUFFIXES", "open_tables",
           "CSV_DELIMITERS", "FORMULA_WITHOUT_VALUE"]

XLSX_SUFFIXES = (".xlsx", ".xlsm")
WORKBOOK_SUFFIXES = (*XLSX_SUFFIXES, ".xlsb", ".xls", ".ods")
"""Every workbook python-calamine reads."""
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
CSV_DELIMITERS = (",", ";", "\t")
"""Tried in this order (a .tsv tries the tab first); the first one under which a header row is
recognised wins."""
FORMULA_WITHOUT_VALUE = "formula without a saved value (open and save the file in Excel or LibreOffice)"

MAX_UNPACKED = 512 * 1024 * 1024
MAX_RATIO = 100
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_CSV_HEAD = 64 * 1024


class ActualsError(SalesplanError):
    """An actuals file that cannot be used; ``str()`` is one sentence for the user, naming the file."""


@dataclass(slots=True)
class Table:
    """One sheet of a workbook, or a csv file read with one delimiter."""

    name: str | None
    """Sheet name; None for csv."""
    open: Callable[[], AbstractContextManager[Iterator[list]]]
    """A fresh stream of the rows, from row 1, as a context manager that releases it."""
    delimiter: str | None = None
    """The csv delimiter; None for a sheet."""
    hidden: bool = False
    """A hidden sheet: read only when named."""
    date1904: bool = False
    """The workbook counts serial dates from 1904-01-01 (Excel for Mac's old date system)."""
    formulas: Callable[[], frozenset[tuple[int, int]]] | None = None
    """``(row number, column index)`` of the cells holding a formula saved without its value,
    worked out on the first call; None when the format cannot have such cells."""


def open_tables(path: Path) -> tuple[list[Table], Callable[[], None]]:
    """Check the file and list its tables (csv: one per candidate delimiter), with a ``close``.

    ``close`` releases the file once the table to read has been streamed at least once
    (an xlsx sheet stays in memory, parsed, after its workbook is closed).

    :raises ActualsError: missing file, directory, unsupported type, not a spreadsheet,
        password-protected or old ``.xls`` workbook, decompression bomb, empty file.
    """
    if not path.exists():
        raise ActualsError(f"{path.name}: file not found ({path})")
    if path.is_dir():
        raise ActualsError(f"{path.name}: is a directory, not a spreadsheet file")
    suffix = path.suffix.lower()
    try:
        if suffix in WORKBOOK_SUFFIXES:
            return _workbook_tables(path, suffix)
        if suffix in CSV_SUFFIXES:
            return _csv_tables(path, suffix), _nothing
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or _one_line(exc)})") from None
    supported = ", ".join((*WORKBOOK_SUFFIXES, *CSV_SUFFIXES))
    hint = " (export it as .xlsx or .csv)" if suffix == ".numbers" else ""
    raise ActualsError(f"{path.name}: unsupported file type {suffix or '(none)'!r}{hint}; supported: {supported}")


def _nothing() -> None:
    """Nothing to release: csv tables open the file for each stream."""


def _fail(path: Path, reason: str) -> ActualsError:
    return ActualsError(f"{path.name}: {reason}")


_KIND = {".xls": "an xls", ".ods": "an ods", ".xlsb": "an xlsb"}


def _workbook_tables(path: Path, suffix: str) -> tuple[list[Table], Callable[[], None]]:
    kind = _KIND.get(suffix, "an xlsx")
    with path.open("rb") as fh:
        magic = fh.read(8)
    if not magic:
        raise _fail(path, "the file is empty")
    if suffix == ".xls":
        if magic != _OLE2:
            hint = " (an xlsx workbook named .xls? rename it .xlsx)" if magic.startswith(_ZIP) else ""
            raise _fail(path, f"is not an xls workbook{hint}")
    elif magic == _OLE2:
        if suffix != ".xlsx" and suffix != ".xlsm":
            raise _fail(path, f"is password-protected or not {kind} workbook; save it as an unprotected .xlsx")
        raise _fail(path, "is password-protected or an old .xls workbook; save it as an unprotected .xlsx")
    elif not magic.startswith(_ZIP):
        raise _fail(path, f"is not {kind} workbook (it is not a zip archive; a text file renamed {suffix}?)")
    parts = _check_zip_directory(path, suffix, kind) if suffix != ".xls" else None

    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise _fail(path, "is password-protected; save it without a password") from None
    except (CalamineError, OSError, ValueError) as exc:
        raise _fail(path, f"cannot be read as {kind} workbook ({_one_line(exc)})") from None
    sheets = [m for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    date1904 = parts is not None and parts.date1904
    loaded: dict[str, object] = {}

    def load(name: str):
        sheet = loaded.get(name)
        if sheet is None:
            try:
                sheet = loaded[name] = workbook.get_sheet_by_name(name)
            except (CalamineError, ValueError) as exc:
                raise _fail(path, f"sheet {name!r} cannot be read ({_one_line(exc)})") from None
        return sheet

    def loader(name: str) -> Callable[[], AbstractContextManager[Iterator[list]]]:
        def rows() -> AbstractContextManager[Iterator[list]]:
            return nullcontext(load(name).iter_rows())  # type: ignore[attr-defined]

        return rows

    def formulas(name: str) -> Callable[[], frozenset[tuple[int, int]]] | None:
        member = parts.sheets.get(name) if parts is not None else None
        if member is None:
            return None
        found: frozenset[tuple[int, int]] | None = None

        def cells() -> frozenset[tuple[int, int]]:
            nonlocal found
            if found is None:
                first_column = load(name).start[1] if load(name).start else 0  # type: ignore[attr-defined]
                found = _unsaved_formulas(path, member, parts.computed_none, first_column)
            return found

        return cells

    hidden = SheetVisibleEnum.Visible
    tables = [Table(m.name, loader(m.name), hidden=m.visible != hidden, date1904=date1904, formulas=formulas(m.name))
              for m in sheets]
    return tables, workbook.close


@dataclass(slots=True)
class _Parts:
    """What an xlsx's workbook part says besides what calamine reads."""

    sheets: dict[str, str]
    """Sheet name -> its zip member (``xl/worksheets/sheet1.xml``)."""
    date1904: bool = False
    computed_none: bool = False
    """``fullCalcOnLoad``: the writer saved no formula value worth reading (every formula waits for
    Excel to compute it)."""


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"[^>]*?\br:id=\"([^\"]*)\"")
_SHEET_ID_FIRST = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]*)\"[^>]*?\bname=\"([^\"]*)\"")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?\bId=\"([^\"]*)\"[^>]*?\bTarget=\"([^\"]*)\"")
_RELATION_TARGET_FIRST = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?\bTarget=\"([^\"]*)\"[^>]*?\bId=\"([^\"]*)\"")
_DATE1904 = re.compile(rb"\bdate1904=\"(?:1|true)\"")
_FULL_CALC = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad=\"(?:1|true)\"")
_CELL_REF = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]+)\"")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>\s*[^<\s]")
_STRING_RESULT = re.compile(rb"\bt=\"str\"")
_PART_LIMIT = 4 * 1024 * 1024
_BLOCK = 1 << 20


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as fh:
            return fh.read(_PART_LIMIT)
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error):
        return b""


def _workbook_parts(archive: zipfile.ZipFile) -> _Parts:
    book = _read_part(archive, "xl/workbook.xml")
    rels = _read_part(archive, "xl/_rels/workbook.xml.rels")
    targets = {rid: target for rid, target in _RELATION.findall(rels)}
    targets.update({rid: target for target, rid in _RELATION_TARGET_FIRST.findall(rels)})
    pairs = _SHEET.findall(book) + [(name, rid) for rid, name in _SHEET_ID_FIRST.findall(book)]
    sheets = {}
    for name, rid in pairs:
        target = targets.get(rid)
        if target is None:
            continue
        member = target.decode("utf-8", "replace").lstrip("/")
        sheets[html.unescape(name.decode("utf-8", "replace"))] = member if member.startswith("xl/") else f"xl/{member}"
    return _Parts(sheets, bool(_DATE1904.search(book)), bool(_FULL_CALC.search(book)))


def _unsaved_formulas(path: Path, member: str, computed_none: bool, first_column: int) -> frozenset[tuple[int, int]]:
    """The cells of one sheet part holding a formula without a saved value, read block by block."""
    found: set[tuple[int, int]] = set()
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member) as fh:
            carry = b""
            while True:
                block = fh.read(_BLOCK)
                data = carry + block
                end = data.rfind(b"</row>") + 6 if block else len(data)
                if end < 6:
                    carry = data
                    continue
                _scan_formulas(data[:end], computed_none, first_column, found)
                carry = data[end:]
                if not block:
                    break
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error, EOFError):
        return frozenset(found)
    return frozenset(found)


def _scan_formulas(data: bytes, computed_none: bool, first_column: int, found: set[tuple[int, int]]) -> None:
    if b"<f" not in data and b":f" not in data:  # a C-level scan: most sheets hold no formula at all
        return
    at = 0
    while (hit := _FORMULA.search(data, at)) is not None:
        start = max(data.rfind(b"<c ", 0, hit.start()), data.rfind(b":c ", 0, hit.start()))
        close = data.find(b"</", hit.end())
        end = data.find(b"c>", close)
        if start < 0 or close < 0 or end < 0:
            return
        cell = data[start:end]
        at = end
        if not computed_none and (_VALUE.search(cell) or _STRING_RESULT.search(cell[: cell.find(b">")])):
            continue  # a saved value (an empty text result is a value too)
        ref = _CELL_REF.search(cell, 0, cell.find(b">"))
        if ref is None:
            continue
        column = 0
        for letter in ref[1]:
            column = column * 26 + letter - 64
        found.add((int(ref[2]), column - 1 - first_column))


def _check_zip_directory(path: Path, suffix: str = ".xlsx", kind: str = "an xlsx") -> _Parts | None:
    """Refuse a decompression bomb from the zip directory alone, and a zip that is no workbook;
    an xlsx's sheet parts, date system and formula flag."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            parts = _workbook_parts(archive) if "xl/workbook.xml" in names else None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(path, f"is not a readable {kind[3:]} workbook (damaged zip archive: {_one_line(exc)})") from None
    packed = path.stat().st_size
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_RATIO * packed and unpacked > MAX_UNPACKED:
        raise _fail(
            path,
            f"refused: it would unpack to {unpacked / 2**20:,.0f} MiB from {packed / 2**20:,.1f} MiB "
            f"(more than {MAX_RATIO} times its size and over {MAX_UNPACKED // 2**20} MiB: a decompression bomb)",
        )
    if suffix == ".ods":
        if "content.xml" not in names:
            raise _fail(path, "is not an ods workbook (a zip archive without a spreadsheet inside)")
        return None
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise _fail(path, f"is not {kind} workbook (a zip archive without a workbook inside)")
    return parts


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] or type(exc).__name__


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode bytes that are not UTF-8 as cp1252: files that mix both still read sensibly."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("salesplan.cp1252", _cp1252_fallback)


def _csv_encoding(head: bytes) -> tuple[str, str]:
    """``(encoding, errors)`` for a csv whose first bytes are ``head``."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "salesplan.cp1252"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252", "replace"
    return "utf-8", "salesplan.cp1252"


def _csv_tables(path: Path, suffix: str = ".csv") -> list[Table]:
    with path.open("rb") as fh:
        head = fh.read(_CSV_HEAD)
    if b"\x00" in head:
        raise _fail(path, "is not a csv text file (it holds binary data)")
    encoding, errors = _csv_encoding(head)
    if not head.removeprefix(codecs.BOM_UTF8).strip():
        raise _fail(path, "the file is empty")

    def reader(delimiter: str) -> Callable[[], AbstractContextManager[Iterator[list]]]:
        @contextmanager
        def rows() -> Iterator[Iterator[list]]:
            with path.open(encoding=encoding, errors=errors, newline="") as fh:
                records = csv.reader(fh, delimiter=delimiter)
                try:
                    yield records
                except csv.Error as exc:
                    raise _fail(path, f"line {records.line_num} cannot be read ({_one_line(exc)})") from None

        return rows

    delimiters = sorted(CSV_DELIMITERS, key=lambda d: d != "\t") if suffix == ".tsv" else CSV_DELIMITERS
    return [Table(None, reader(d), d) for d in delimiters]

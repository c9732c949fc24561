"""Opening an actuals file safely and handing out its tables as streams of rows.

A *table* is a sheet of an xlsx workbook or the whole of a csv file; ``with table.open() as
rows:`` gives a fresh stream of its rows (lists of cell values, row 1 first) each time.

Safety, before any sheet is read: the file must exist and be a file; an xlsx must be a zip
archive (an OLE2 compound file is a password-protected workbook or an old ``.xls``) whose
directory does not promise more than 100 times its packed size and over 512 MiB (a
decompression bomb). Sheets are parsed by python-calamine, which never resolves XML external
entities; openpyxl is not used for reading.
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from salesplan.errors import SalesplanError

__all__ = ["ActualsError", "Table", "XLSX_SUFFIXES", "CSV_SUFFIXES", "open_tables", "CSV_DELIMITERS"]

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)
CSV_DELIMITERS = (",", ";", "\t")
"""Tried in this order; the first one under which a header row is recognised wins."""

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
        if suffix in XLSX_SUFFIXES:
            return _workbook_tables(path)
        if suffix in CSV_SUFFIXES:
            return _csv_tables(path), _nothing
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror or _one_line(exc)})") from None
    supported = ", ".join((*XLSX_SUFFIXES, *CSV_SUFFIXES))
    hint = " (save it as .xlsx)" if suffix in (".xls", ".ods", ".numbers") else ""
    raise ActualsError(f"{path.name}: unsupported file type {suffix or '(none)'!r}{hint}; supported: {supported}")


def _nothing() -> None:
    """Nothing to release: csv tables open the file for each stream."""


def _fail(path: Path, reason: str) -> ActualsError:
    return ActualsError(f"{path.name}: {reason}")


def _workbook_tables(path: Path) -> tuple[list[Table], Callable[[], None]]:
    with path.open("rb") as fh:
        magic = fh.read(8)
    if not magic:
        raise _fail(path, "the file is empty")
    if magic == _OLE2:
        raise _fail(path, "is password-protected or an old .xls workbook; save it as an unprotected .xlsx")
    if not magic.startswith(_ZIP):
        raise _fail(path, "is not an xlsx workbook (it is not a zip archive; a text file renamed .xlsx?)")
    _check_zip_directory(path)

    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise _fail(path, "is password-protected; save it without a password") from None
    except (CalamineError, OSError, ValueError) as exc:
        raise _fail(path, f"cannot be read as an xlsx workbook ({_one_line(exc)})") from None
    sheets = [m for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]

    def loader(name: str) -> Callable[[], AbstractContextManager[Iterator[list]]]:
        sheet = None

        def rows() -> AbstractContextManager[Iterator[list]]:
            nonlocal sheet
            if sheet is None:
                try:
                    sheet = workbook.get_sheet_by_name(name)
                except (CalamineError, ValueError) as exc:
                    raise _fail(path, f"sheet {name!r} cannot be read ({_one_line(exc)})") from None
            return nullcontext(sheet.iter_rows())

        return rows

    hidden = SheetVisibleEnum.Visible
    return [Table(m.name, loader(m.name), hidden=m.visible != hidden) for m in sheets], workbook.close


def _check_zip_directory(path: Path) -> None:
    """Refuse a decompression bomb from the zip directory alone, and a zip that is no workbook."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(path, f"is not a readable xlsx workbook (damaged zip archive: {_one_line(exc)})") from None
    packed = path.stat().st_size
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_RATIO * packed and unpacked > MAX_UNPACKED:
        raise _fail(
            path,
            f"refused: it would unpack to {unpacked / 2**20:,.0f} MiB from {packed / 2**20:,.1f} MiB "
            f"(more than {MAX_RATIO} times its size and over {MAX_UNPACKED // 2**20} MiB: a decompression bomb)",
        )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise _fail(path, "is not an xlsx workbook (a zip archive without a workbook inside)")


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


def _csv_tables(path: Path) -> list[Table]:
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

    return [Table(None, reader(d), d) for d in CSV_DELIMITERS]

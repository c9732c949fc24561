"""Turning the data rows of a recognised table into :class:`RawDeal` objects, streaming.

Deal lists are read in chunks of :data:`CHUNK` rows. A chunk whose columns are all of the
common, clean kind (text or real dates, plain numbers, no empty rep or date) is converted
column by column with C-level ``map`` calls; any other chunk goes row by row through the
general path, which handles every case. Both paths give the same deals (the tests check it),
the first one is just several times cheaper: on big exports the per-row Python work is then
little more than building the :class:`RawDeal`.

Each stream learns its amount column's decimal mark as it goes (:class:`AmountColumn`): a
chunk's cells show it at C speed when they are plain decimals, else through one cached
reading per distinct text; an ambiguous cell (``1,234``) met before any evidence goes out
pending (``RawDeal.pending`` / ``DealColumns.pending``) for the tally to settle at the end.

The general path also skips total rows (counted in ``totals``), rejects a text-file line with
more fields than its header, and names a formula cell saved without its value.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from itertools import chain, islice
from operator import itemgetter

from salesplan.text import fold
from salesplan.tracking.amounts import BOTH, LIMIT, MAX_DIGITS, AmountColumn, currency_code, text_reading
from salesplan.tracking.dates import DateColumn, month_first_only, parse_date_text, serial_to_date
from salesplan.tracking.deals import DealColumns, RawDeal
from salesplan.tracking.presets import TOTAL_KEYS, header_key
from salesplan.tracking.sources import FORMULA_WITHOUT_VALUE, Table

__all__ = ["CHUNK", "DealStream", "GridStream", "cell_text", "is_empty", "is_blank"]

CHUNK = 1024
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_SEEN_DATES_LIMIT = 20_000
_FLOAT_LIMIT = float(LIMIT)
_strip = str.strip
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


def cell_text(value: object) -> str:
    """A cell as stripped text: numbers as typed (12.0 -> '12'), dates in ISO form."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def is_empty(value: object) -> bool:
    """An empty cell: nothing, or only spaces."""
    return value is None or (type(value) is str and not value.strip())


def is_blank(row: Sequence[object]) -> bool:
    """An entirely empty row."""
    return all(map(is_empty, row))


def _skip(rows: Iterator[list], count: int) -> None:
    """Advance past the first ``count`` rows (title rows and the header)."""
    next(islice(rows, count, count), None)


def _date_cell(value: object, date1904: bool = False) -> dt.date | str | None:
    """A date cell: a real date, date text (stripped, resolved later), or None when empty.

    A number is a serial date in the workbook's date system, or a compact ``20270315`` (left
    as text: :func:`~salesplan.tracking.dates.parse_date_text` reads it).
    """
    if type(value) is str:
        return value.strip() or None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        day = serial_to_date(value, date1904) if value < 10_000_000 else None
        if day is not None:
            return day
    return cell_text(value) or None


def total_label(row: Sequence[object]) -> bool:
    """Whether the row's first non-empty text cell is a total label (``Total``, ``Grand total``,
    ``Sous-total``, ``Carol Total`` as Excel's subtotals write it ...)."""
    for value in row:
        if type(value) is str and value.strip():
            return is_total_text(value)
    return False


def is_total_text(text: str) -> bool:
    """A total label, ignoring case, accents, a trailing colon and a ``(note)``."""
    key = header_key(text.strip().rstrip(":").rstrip())
    if key in TOTAL_KEYS or key in _TOTAL_WORDS:
        return True
    words = key.split()
    return len(words) > 1 and (words[-1] in _TOTAL_WORDS or words[0] in _TOTAL_WORDS)


_TOTAL_WORDS = frozenset(("total", "totals", "subtotal", "sub-total", "sous-total", "totaux", "grand total"))


def _no_date(text: str) -> bool:
    """Date text that no day/month order reads (a total row's label, 'n/a' ...)."""
    return parse_date_text(text) is None and parse_date_text(text, True) is None


def _currency_column(cell: object, amount_cell: object, marked: str | None, problem: str | None):
    """Combine a currency column cell with the currency the amount cell marks itself."""
    text = cell_text(cell)
    if not text:
        return marked, problem
    code = currency_code(text)
    if code is None:
        return marked, problem or f"currency {text!r} is not a currency code"
    if marked is not None and marked != code and problem is None:
        return code, f"amount {cell_text(amount_cell)!r} is in {marked} but its currency column says {code}"
    return code, problem


def _texts(column: Iterable[object]) -> list[str] | None:
    """The stripped texts of a column chunk, or None when some cell is not text."""
    try:
        return list(map(_strip, column))  # str.strip refuses any other type: no separate type check
    except TypeError:
        return None


def _plain_decimals(joined: str, dot: bool = False) -> int:
    """Whether text amounts, one per line, are all digits, '.' and '-' with no decimal point that
    ends a number or, unless the column's decimal mark is known to be ``dot``, stands before
    exactly three digits (``1.234``: the column decides). ``Decimal`` then reads each one as the
    general path would, or refuses it. 0: no; 1: yes; 2: yes, but some line holds more than 15
    digits in a row (an amount that may be too large: to check)."""
    if not joined.isascii():
        return 0
    shape = joined.encode().translate(_DIGITS_TO_ZERO)  # C-level byte scans, no regex per line
    if shape.translate(None, b"0.-\n") or b".\n" in shape or shape.endswith(b"."):
        return 0
    if not dot and (b".000\n" in shape or shape.endswith(b".000")):
        return 0
    return 2 if _LONG in shape else 1


_LONG = b"0" * (MAX_DIGITS + 1)


class DealStream:
    """Rows of a deal list -> deals; counts what it reads and skips, learns the date order."""

    def __init__(
        self,
        sheet: str | None,
        index: dict[str, int],
        extras: dict[str, int],
        column_currency: str | None,
        dates: DateColumn,
        created_dates: DateColumn | None = None,
        *,
        amounts: AmountColumn | None = None,
        header_width: int | None = None,
    ) -> None:
        self.sheet = sheet
        self.index = index
        self.extras = extras
        self.column_currency = column_currency
        self.dates = dates
        self.created_dates = created_dates or DateColumn()
        """Day/month order of the optional ``created`` column, learned like the date column's."""
        self.amounts = amounts or AmountColumn()
        """The amount column's decimal mark, learned while streaming."""
        self.width = 1 + max((*index.values(), *extras.values()))
        self.header_width = header_width
        """Fields of the header row: a text-file line with more is rejected (None: not checked)."""
        self.transpose_width = 3 * (len(index) + len(extras))
        """Rows up to this long are transposed whole by the fast path; from wider ones it picks columns."""
        self.read = 0
        self.empty = 0
        self.totals = 0
        """Total rows skipped (not read)."""
        self._seen_dates: set[str] = set()
        self._table: Table | None = None
        self._max_fields: int | None = None

    def deals(self, table: Table, header_index: int) -> Iterator[RawDeal]:
        """Stream the deals of ``table`` below its header row (0-based ``header_index``)."""
        chunks = self.chunks(table, header_index)
        return chain.from_iterable(c.deals() if c.__class__ is DealColumns else c for c in chunks)

    def chunks(self, table: Table, header_index: int) -> Iterator[DealColumns | Iterator[RawDeal]]:
        """Stream the rows below the header row in chunks: clean ones as :class:`DealColumns`
        (the engine tallies them column by column), the others as deals made row by row."""
        first = header_index + 2
        self._table = table
        self._max_fields = self.header_width if table.delimiter is not None else None
        with table.open() as rows:
            _skip(rows, header_index + 1)
            while chunk := list(islice(rows, CHUNK)):
                fast = self._column_chunk(chunk, first)
                yield self._rows(chunk, first) if fast is None else fast
                first += len(chunk)

    def _columns(self, chunk: list[list], first: int) -> Iterator[RawDeal] | None:
        """The fast path as deals, or None if the chunk needs the general path."""
        columns = self._column_chunk(chunk, first)
        return None if columns is None else columns.deals()

    def _column_chunk(self, chunk: list[list], first: int) -> DealColumns | None:
        """The fast path: the chunk converted column by column, or None if it needs the general path."""
        count = len(chunk)
        index = self.index
        max_fields = self._max_fields
        if len(chunk[0]) <= self.transpose_width:  # narrow rows: one C-level transpose is cheapest
            try:
                table = list(zip(*chunk, strict=True))  # rows of one length: the commonest case
            except ValueError:  # ragged rows: as long as the shortest one, unless one is too long
                if max_fields is not None and max(map(len, chunk)) > max_fields:
                    return None  # a line with more fields than the header: rejected by the general path
                table = list(zip(*chunk))
            else:
                if max_fields is not None and len(chunk[0]) > max_fields:
                    return None
            if len(table) < self.width:
                return None
            cells: Callable[[int], Iterable[object]] = table.__getitem__
        else:  # wide rows: only the columns read
            if min(map(len, chunk)) < self.width or (max_fields is not None and max(map(len, chunk)) > max_fields):
                return None

            def cells(i: int) -> Iterable[object]:
                return map(itemgetter(i), chunk)

        def column(logical: str) -> Iterable[object]:
            return cells(index[logical])

        reps = _texts(column("rep"))
        if reps is None or "" in reps:
            return None
        dates = self._dates(column("date")) or self._date_cells(list(column("date")))
        if dates is None:
            return None
        read = self._amounts(list(column("amount")))
        if read is None:
            return None
        amounts, marks, pending = read
        if "currency" in index:
            codes = _texts(column("currency"))
            currencies = None if codes is None else list(map(currency_code, codes))
            if currencies is None or None in currencies:
                return None
            if marks is not None and any(m is not None and m != c for m, c in zip(marks, currencies)):
                return None  # an amount marked in another currency than its column says
        elif marks is not None and any(marks):
            currencies = [mark or self.column_currency for mark in marks]
        else:
            currencies = [self.column_currency] * count
        stages = None
        if "stage" in index:
            stages = _texts(column("stage"))
            if stages is None:
                return None
        territories = None
        if "territory" in index:
            territories = _texts(column("territory"))
            if territories is None:
                return None
            if "" in territories:
                territories = [t or None for t in territories]
        fields = {}
        for name, i in self.extras.items():
            values = _texts(cells(i))
            if values is None:
                return None
            fields[name] = values
        created = self._created(column("created")) if "created" in index else None  # only forecast reads it
        self.read += count
        return DealColumns(self.sheet, first, reps, dates, amounts, currencies, stages, territories, fields, created,
                           pending)

    def _dates(self, cells: Iterator[object]) -> list[str] | None:
        """A chunk of text dates, stripped (None: some are empty, not text, or no date: a total row?)."""
        texts = _texts(cells)
        if texts is None or "" in texts:
            return None
        seen = self._seen_dates
        new = set(texts).difference(seen)
        if new:
            if not self.dates.month_first and any(map(month_first_only, new)):
                self.dates.month_first = True
                self.dates.evidence = next(filter(month_first_only, texts))
            if any(not text[:1].isdigit() and _no_date(text) for text in new):
                return None  # a total row (skipped) or a date to reject: the general path
            if len(seen) < _SEEN_DATES_LIMIT:  # bounded: date-times can all differ
                seen |= new
        return texts

    @staticmethod
    def _date_cells(cells: list) -> Sequence[dt.date] | None:
        """A chunk of real date cells (None: some are not, or dates and date-times are mixed)."""
        kinds = set(map(type, cells))
        if kinds == {dt.date}:
            return cells
        if kinds == {dt.datetime}:
            return list(map(dt.datetime.date, cells))
        return None

    def _created(self, cells: list) -> list[dt.date | str | None]:
        """A chunk of the optional created-date column: every cell goes, an empty one is None."""
        out = list(map(_date_cell, cells))
        column = self.created_dates
        if not column.month_first:
            for value in out:
                if type(value) is str:
                    column.see(value)
        return out

    def _amounts(self, cells: list) -> tuple[list[Decimal], list | None, list | None] | None:
        """``(amounts, marks, pending)``: the chunk's amounts, the currencies the cells mark (None:
        no cell marks one) and the separators of the ambiguous cells still to settle (None: none).

        None when some amount cannot be read, or is empty, or may be a formula without its
        value: the general path reports it.
        """
        try:
            shown = list(map(float.__repr__, cells))  # refuses anything but floats
        except TypeError:
            pass
        else:
            if (not all(map(math.isfinite, cells)) or max(cells) >= _FLOAT_LIMIT or min(cells) <= -_FLOAT_LIMIT
                    or (self._table is not None and self._table.formulas is not None and 0.0 in cells)):
                return None
            return list(map(Decimal, shown)), None, None
        try:
            joined = "\n".join(cells)
        except TypeError:
            return None
        column = self.amounts
        mark = column.mark
        plain = _plain_decimals(joined, dot=mark == ".") if mark != "," else 0
        if plain:
            try:
                amounts = list(map(Decimal, cells))
            except InvalidOperation:  # '1-2', '1.2.3', '': the general path says why
                pass
            else:
                if plain == 2 and not all(-LIMIT < a < LIMIT for a in amounts):
                    return None
                if mark is None and "." in joined:  # every '.' here shows the decimal mark
                    column.show(".", next(c for c in cells if "." in c).strip())
                return amounts, None, None
        # Typed amounts (1 234,50 €, $1,234.50 ...): one cached reading per distinct text.
        amounts, marks, problems, shows, ambiguous, empty = zip(*map(text_reading, cells))
        if any(problems) or any(empty):
            return None
        marked = set(shows)
        marked.discard(None)
        for shown_mark in sorted(marked, key=shows.index):  # in row order: messages quote the first
            if column.fixed is not None and shown_mark[0] != column.fixed:
                return None  # refused by the general path, with the reason
            if len(shown_mark) == 1 and shown_mark not in column.shown:
                column.show(shown_mark, cells[shows.index(shown_mark)].strip())
        pending = None
        if any(ambiguous):
            mark = column.mark
            if mark == BOTH:
                return None  # rejected as ambiguous by the general path
            if mark is None:
                pending = list(ambiguous)
                column.waiting += len(pending) - pending.count(None)
            else:
                amounts = tuple(a if s is None else a * column.settle(s, mark) for a, s in zip(amounts, ambiguous))
                if column.fixed is None:
                    column.early += len(ambiguous) - ambiguous.count(None)
        return list(amounts), list(marks), pending

    def _rows(self, chunk: list[list], first: int) -> Iterator[RawDeal]:
        """The general path, row by row: empty and total rows, unreadable cells, odd cell types."""
        index, width, dates, amounts = self.index, self.width, self.dates, self.amounts
        di, ri, ai = index["date"], index["rep"], index["amount"]
        si, ti, ci = index.get("stage"), index.get("territory"), index.get("currency")
        cri, created_dates = index.get("created"), self.created_dates
        table = self._table
        date1904 = table is not None and table.date1904
        formulas = table.formulas if table is not None else None
        max_fields = self._max_fields
        for number, row in enumerate(chunk, first):
            fields_count = len(row)
            if fields_count < width:
                row = [*row, *([""] * (width - fields_count))]
            date = _date_cell(row[di], date1904)
            rep = cell_text(row[ri])
            if date is None and not rep and is_blank(row):
                self.empty += 1
                continue
            if (date is None or (type(date) is str and _no_date(date))) and total_label(row):
                self.totals += 1
                continue
            if type(date) is str and not dates.month_first:
                dates.see(date)
            amount, currency, problem, pending = amounts.read(row[ai])
            empty_amount = problem is None and is_empty(row[ai])
            if ci is not None:
                currency, problem = _currency_column(row[ci], row[ai], currency, problem)
            if currency is None:
                currency = self.column_currency
            if date is None:
                problem = "date is empty"
            if formulas is not None and (empty_amount or date is None or not rep or row[ai] == 0):
                if formulas().intersection((number, i) for i in (di, ri, ai)):
                    problem, pending, empty_amount = FORMULA_WITHOUT_VALUE, None, False
            if max_fields is not None and fields_count > max_fields:
                problem, pending, empty_amount = (
                    f"{fields_count} fields, the header has {max_fields}: an unquoted "
                    f"{_DELIMITER_NAMES.get(table.delimiter or ',', 'delimiter')} in a number?", None, False)
            stage = None if si is None else cell_text(row[si])
            territory = None if ti is None else (cell_text(row[ti]) or None)
            fields = {name: cell_text(row[i]) for name, i in self.extras.items()}
            created = None
            if cri is not None:
                created = _date_cell(row[cri], date1904)
                if type(created) is str and not created_dates.month_first:
                    created_dates.see(created)
            self.read += 1
            yield RawDeal(self.sheet, number, rep, date, amount, currency, stage, territory, fields, problem, created,
                          pending, empty_amount)


class GridStream:
    """Rows of a rep-by-month grid -> one deal per non-empty month cell (0 is not empty).

    A row whose rep cell says "Total" (or another of :data:`~salesplan.tracking.presets.TOTAL_LABELS`)
    is ignored and counted in ``totals``; "Total" columns were never taken as months.
    """

    def __init__(
        self, sheet: str | None, index: dict[str, int], months: list[tuple[int, dt.date]],
        amounts: AmountColumn | None = None,
    ) -> None:
        self.sheet = sheet
        self.index = index
        self.months = months
        self.amounts = amounts or AmountColumn()
        """The decimal mark of the grid's month cells, decided for all of them together."""
        columns = [index["rep"], *(i for i, _ in months), *(index[k] for k in ("territory", "currency") if k in index)]
        self.width = 1 + max(columns)
        self.read = 0
        self.empty = 0
        self.totals = 0

    def deals(self, table: Table, header_index: int) -> Iterator[RawDeal]:
        """Stream the deals of ``table`` below its header row (0-based ``header_index``)."""
        with table.open() as rows:
            _skip(rows, header_index + 1)
            yield from self._cells(rows, header_index + 2)

    def _cells(self, rows: Iterator[list], first: int) -> Iterator[RawDeal]:
        ri, ti, ci = self.index["rep"], self.index.get("territory"), self.index.get("currency")
        for number, row in enumerate(rows, first):
            if len(row) < self.width:
                row = [*row, *([""] * (self.width - len(row)))]
            rep = cell_text(row[ri])
            if rep and (header_key(rep) in TOTAL_KEYS or is_total_text(rep)):
                self.totals += 1
                continue
            cells = [(row[i], month) for i, month in self.months if not is_empty(row[i])]
            if not cells:
                if not rep and is_blank(row):
                    self.empty += 1
                continue
            territory = None if ti is None else (cell_text(row[ti]) or None)
            for value, month in cells:
                amount, currency, problem, pending = self.amounts.read(value)
                if ci is not None:
                    currency, problem = _currency_column(row[ci], value, currency, problem)
                self.read += 1
                yield RawDeal(self.sheet, number, rep, month, amount, currency, None, territory, {}, problem, None,
                              pending)

"""Actuals readers: a workbook or text export in, a stream of normalized :class:`RawDeal` out.

:func:`open_actuals` checks the file (see :mod:`salesplan.tracking.sources`), picks the sheet,
finds the header row and recognises one of two layouts:

* **deals**: one row per deal, with a date, a rep and an amount column (optionally stage,
  territory, currency and the extra columns goal filters name); headers come from the plan's
  ``columns`` or the CRM presets (:mod:`salesplan.tracking.presets`);
* **grid**: a rep column and one column per month, as managers keep them by hand; every
  non-empty month cell (0 is not empty) becomes one deal dated the first day of its month.
  A "Total" row (its rep cell says Total, Grand total, Somme ...) and "Total" columns are
  ignored: they repeat what the other cells say.

Rows stream: :meth:`Actuals.rows` holds one row at a time (python-calamine keeps the parsed
sheet in native memory; a csv is read line by line). Text dates are yielded as they are and
resolved afterwards with :meth:`Actuals.parse_date`, because a column's day/month order is
only known once all of it has been seen; likewise an ambiguous amount (``1,234`` before the
column showed its decimal mark) is yielded pending and settled with
:meth:`Actuals.settle_amount`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from salesplan.text import fold
from salesplan.tracking.amounts import AmountColumn, currency_code, read_amount
from salesplan.tracking.dates import DateColumn, month_of_header
from salesplan.tracking.deals import DealColumns, RawDeal
from salesplan.tracking.presets import (
    GRID_REP_HEADERS,
    LOGICAL_COLUMNS,
    PRESETS,
    REQUIRED,
    TOTAL_KEYS,
    header_key,
    match_columns,
)
from salesplan.tracking.sources import ActualsError, Table, open_tables
from salesplan.tracking.streams import DealStream, GridStream, cell_text, is_blank, is_empty

__all__ = ["Actuals", "ActualsError", "open_actuals"]

HEADER_SEARCH_ROWS = 20
"""The header row must be among the first rows (title rows above it are tolerated)."""
_SAMPLE_ROWS = HEADER_SEARCH_ROWS + 10  # a few data rows below, to tell a grid's rep column
_GRID_PRESETS = {**PRESETS, "rep": GRID_REP_HEADERS}


def open_actuals(
    path: str | Path,
    *,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
    extra_columns: Iterable[str] = (),
    rep_names: Iterable[str] = (),
    decimal: str | None = None,
    origins: Mapping[str, str] | None = None,
) -> Actuals:
    """Open an actuals file and recognise its layout; the rows are read by :meth:`Actuals.rows`.

    :param sheet: the xlsx sheet to read (ignored for csv); default: the first visible sheet
        that has the needed columns (a deal list or a grid).
    :param columns: logical column (date, rep, amount, stage, territory, currency, created) -> header,
        from ``tracking.actuals.columns``; overrides the presets for those columns.
    :param extra_columns: headers goal filters name; each deal carries them in ``fields``.
    :param rep_names: the plan's rep names and ids, if known: they help find a grid's rep column.
    :param decimal: the amounts' decimal mark, ``"."`` or ``","`` (``tracking.actuals.decimal``);
        default: decided per column from the cells.
    :param origins: where the plan sets ``sheet`` and each of ``columns`` (``tracking.actuals.sheet,
        plan.yaml:186``), so a name that does not match the file is reported with its plan line.
    :raises ActualsError: the file cannot be used (the message is one sentence naming it).
    """
    path = Path(path)
    explicit = dict(columns or {})
    unknown = sorted(set(explicit) - set(LOGICAL_COLUMNS))
    if unknown:
        raise ActualsError(
            f"{path.name}: unknown column {', '.join(map(repr, unknown))} in tracking.actuals.columns "
            f"(known: {', '.join(LOGICAL_COLUMNS)})"
        )
    tables, close = open_tables(path)
    try:
        actuals = _recognise(path, tables, sheet, explicit, tuple(extra_columns), frozenset(map(fold, rep_names)),
                             dict(origins or {}))
    finally:
        close()
    actuals.decimal = decimal
    return actuals


def _recognise(
    path: Path,
    tables: list[Table],
    sheet: str | None,
    explicit: dict[str, str],
    extra_columns: tuple[str, ...],
    rep_names: frozenset[str],
    origins: dict[str, str],
) -> Actuals:
    """Pick the table (the named sheet, else the first one with a recognised layout)."""
    if not tables:
        raise ActualsError(f"{path.name}: the workbook has no worksheet")
    is_workbook = tables[0].name is not None
    if sheet is not None and is_workbook:
        tables = [_pick_sheet(path, tables, sheet, origins.get("sheet"))]
    else:
        tables = [t for t in tables if not t.hidden] or tables
    seen: list[_Candidate] = []
    without_rows: Actuals | None = None
    for table in tables:
        with table.open() as stream:
            sample = list(islice(stream, _SAMPLE_ROWS))
            layout = _detect(sample, explicit, rep_names)
            if layout is not None and layout.kind == "grid" and {"date", "amount"} & explicit.keys():
                layout = None  # the plan describes a deal list: a grid guess would misread it
            # a sheet with the needed columns but no data row gives way to a later one that has rows
            has_rows = layout is not None and (
                not all(map(is_blank, sample[layout.header_index + 1 :]))
                or (len(sample) == _SAMPLE_ROWS and not all(map(is_blank, stream))))
        if layout is not None:
            _explicit_found(path, layout, explicit, origins)
            actuals = Actuals(path, table, layout, extra_columns)
            if has_rows or not is_workbook or len(tables) == 1:
                return actuals
            without_rows = without_rows or actuals
            continue
        seen.append(_best_candidate(table, sample, explicit))
    if without_rows is not None:
        return without_rows
    raise _no_columns(path, seen, explicit, sheet if is_workbook else None, origins)


def _explicit_found(path: Path, layout: _Layout, explicit: Mapping[str, str], origins: Mapping[str, str]) -> None:
    """A column the plan names (stage, territory ...) must be in a deal list, never silently ignored."""
    if layout.kind != "deals":
        return
    for logical, header in explicit.items():
        if logical not in layout.index and logical in origins:
            raise ActualsError(f"{path.name}: no column {header!r} ({origins[logical]}); "
                               f"found: {_listing(layout.headers)}")


@dataclass(slots=True)
class _Layout:
    kind: str
    header_index: int
    """0-based index of the header row in the table's rows."""
    headers: list
    index: dict[str, int]
    """Logical column -> column index."""
    months: list[tuple[int, dt.date]] = field(default_factory=list)


@dataclass(slots=True)
class _Candidate:
    """The row that came closest to a header, for the error message."""

    table: Table
    headers: list
    matched: dict[str, int]
    empty: bool
    """The table has no data at all."""


class Actuals:
    """An opened actuals file: what was recognised in it, and its rows as :class:`RawDeal`.

    :meth:`parse_date` and :meth:`date_problem` resolve the text dates yielded, in the
    day/month order decided from every date seen; :meth:`settle_amount` settles the amounts
    yielded pending, with the decimal mark decided from every amount seen. After a full pass,
    :attr:`total_rows` counts the total rows skipped and :attr:`amount_warnings` says what the
    amount column gave to say.
    """

    def __init__(self, path: Path, table: Table, layout: _Layout, extra_columns: tuple[str, ...]) -> None:
        self.path = path
        self.layout: str = layout.kind
        """``'deals'`` or ``'grid'``."""
        self.sheet: str | None = table.name
        """Sheet read (None for csv)."""
        self.header_row: int = layout.header_index + 1
        """Row number of the header row."""
        self.columns: dict[str, str] = {k: cell_text(layout.headers[i]) for k, i in layout.index.items()}
        """Logical column -> header actually used."""
        self.months: tuple[dt.date, ...] = tuple(month for _, month in layout.months)
        """A grid's months (first days), in column order; empty for a deal list."""
        self.has_stage = "stage" in layout.index
        self.has_created = "created" in layout.index
        """The deal list has a created-date column: its deals carry ``created``."""
        self.amount_currency: str | None = None
        """Currency a deal list's amount header names (``Amount (USD)``), for unmarked amounts."""
        self.decimal: str | None = None
        """The decimal mark the plan fixes (``tracking.actuals.decimal``), else None: decided per column."""
        self._amounts = AmountColumn()
        self._stream: DealStream | GridStream | None = None
        self._table = table
        self._layout = layout
        self._dates = DateColumn()
        self._created_dates = DateColumn()
        keys = [header_key(h) for h in layout.headers]
        self._extras = {name: keys.index(header_key(name)) for name in extra_columns if header_key(name) in keys}
        self.missing_columns: tuple[str, ...] = tuple(n for n in extra_columns if n not in self._extras)
        """Extra columns asked for but absent (always all of them for a grid)."""
        if self.layout == "deals":
            if self.missing_columns:
                where = f"sheet {self.sheet!r}" if self.sheet else "the file"
                raise ActualsError(
                    f"{path.name}: {where} has no column {self.missing_columns[0]!r}, which a goal filter names "
                    f"(found: {_listing(layout.headers)})"
                )
            note = layout.headers[layout.index["amount"]]
            if isinstance(note, str) and note.rstrip().endswith(")") and "(" in note:
                self.amount_currency = currency_code(note.rstrip()[note.rindex("(") + 1 : -1])

    def __repr__(self) -> str:
        return f"<Actuals {self.path.name} {self.layout} sheet={self.sheet!r} columns={self.columns}>"

    def rows(self) -> Iterator[RawDeal]:
        """Stream the deals, first data row first; each call starts again."""
        layout = self._layout
        self._amounts = AmountColumn(self.decimal, self.columns.get("amount", ""))
        if layout.kind == "grid":
            stream: DealStream | GridStream = GridStream(self.sheet, layout.index, layout.months, self._amounts)
        else:
            stream = self._deal_stream()
        self._stream = stream
        return stream.deals(self._table, layout.header_index)

    def chunks(self) -> Iterator[DealColumns | Iterable[RawDeal]]:
        """Like :meth:`rows`, in chunks: clean deal-list rows as :class:`DealColumns`, the rest as deals."""
        layout = self._layout
        if layout.kind == "grid":
            return iter([self.rows()])
        self._amounts = AmountColumn(self.decimal, self.columns.get("amount", ""))
        stream = self._stream = self._deal_stream()
        return stream.chunks(self._table, layout.header_index)

    def _deal_stream(self) -> DealStream:
        layout = self._layout
        return DealStream(self.sheet, layout.index, self._extras, self.amount_currency, self._dates,
                          self._created_dates, amounts=self._amounts, header_width=len(layout.headers))

    def settle_amount(self, separator: str) -> Decimal | None:
        """What a pending amount (``RawDeal.pending`` = ``separator``) is multiplied by, once every row
        has been read: 0.001 (its separator is the column's decimal mark), 1 (thousands), or None:
        the column shows both marks, the amount is rejected with :meth:`amount_problem`."""
        return self._amounts.settle(separator)

    def amount_problem(self, text: str) -> str:
        """Why a pending amount is rejected (the column shows both decimal marks)."""
        return self._amounts.ambiguity(text)

    @property
    def amount_warnings(self) -> list[str]:
        """After a full pass: the warning for ambiguous amounts read as thousands (none, or one)."""
        warning = self._amounts.warning()
        return [warning] if warning else []

    @property
    def total_rows(self) -> int:
        """Total rows ("Total", "Grand total", "Sous-total" ...) the last full pass skipped, not read."""
        return self._stream.totals if self._stream else 0

    def parse_date(self, text: str) -> dt.date | None:
        """The date a yielded text date stands for, in its column's day/month order; None if none."""
        return self._dates.parse(text)

    def date_problem(self, text: str) -> str:
        """Why :meth:`parse_date` gives None for ``text``, e.g. ``date '31/31/2027' is not a date``."""
        return self._dates.problem(text)

    def parse_created(self, text: str) -> dt.date | None:
        """The date a yielded created-date text stands for, in that column's own day/month order."""
        return self._created_dates.parse(text)

    @property
    def month_first(self) -> bool:
        """Whether the date column reads month first (decided from every row seen so far)."""
        return self._dates.month_first


def _pick_sheet(path: Path, tables: list[Table], wanted: str, origin: str | None = None) -> Table:
    for table in tables:
        if table.name == wanted:
            return table
    for table in tables:
        if fold(table.name or "") == fold(wanted):
            return table
    if origin:
        names = ", ".join(str(t.name) for t in tables) or "none"
        first = tables[0].name if tables else "NAME"
        raise ActualsError(f"{path.name}: no sheet named {wanted!r} ({origin}); sheets: {names}; "
                           f"or pass --sheet {first if ' ' not in str(first) else repr(first)}")
    names = ", ".join(repr(t.name) for t in tables) or "none"
    raise ActualsError(f"{path.name}: no sheet named {wanted!r} (sheets: {names})")


def _detect(sample: list[list], explicit: Mapping[str, str], reps: frozenset[str]) -> _Layout | None:
    """Find the header row among the first rows and recognise the layout it heads."""
    for position, headers in enumerate(sample[:HEADER_SEARCH_ROWS]):
        if is_blank(headers):
            continue
        found = match_columns(headers, explicit)
        if all(k in found for k in REQUIRED):
            return _Layout("deals", position, list(headers), found)
        grid = _grid_layout(position, headers, sample[position + 1 :], explicit, reps)
        if grid is not None:
            return grid
    return None


def _grid_layout(
    position: int, headers: list, below: list[list], explicit: Mapping[str, str], reps: frozenset[str]
) -> _Layout | None:
    """A rep-by-month grid headed by this row, or None (no month columns, or no rep column)."""
    months = [(i, month) for i, h in enumerate(headers) if (month := month_of_header(h)) is not None]
    if not months:
        return None
    taken = {i for i, _ in months}
    others = [i for i, h in enumerate(headers) if i not in taken and header_key(h) not in TOTAL_KEYS]
    masked = [h if i in others else None for i, h in enumerate(headers)]
    found = match_columns(masked, explicit, ("rep", "territory", "currency"), _GRID_PRESETS)
    if "rep" not in found and "rep" not in explicit:
        column = _rep_column(others, below, reps, first_month=months[0][0])
        if column is None:
            return None
        found["rep"] = column
    if "rep" not in found:
        return None
    return _Layout("grid", position, list(headers), found, months)


def _rep_column(others: list[int], below: list[list], reps: frozenset[str], first_month: int) -> int | None:
    """Tell a grid's rep column without a known header: the one naming plan reps, else the first text one."""
    rows = [row for row in below if not is_blank(row)]

    def values(i: int) -> list[object]:
        return [row[i] for row in rows if i < len(row) and not is_empty(row[i])]

    if reps:
        hits = {i: sum(fold(cell_text(v)) in reps for v in values(i)) for i in others}
        best = max(hits, key=hits.__getitem__, default=None)
        if best is not None and hits[best]:
            return best
    for i in others:
        cells = values(i)
        texts = [v for v in cells if isinstance(v, str) and read_amount(v)[2] is not None]
        if cells and len(texts) * 2 >= len(cells):
            return i
    if not rows:
        left = [i for i in others if i < first_month]
        return left[0] if left else None
    return None


def _best_candidate(table: Table, sample: list[list], explicit: Mapping[str, str]) -> _Candidate:
    best: _Candidate | None = None
    for headers in sample[:HEADER_SEARCH_ROWS]:
        if is_blank(headers):
            continue
        matched = match_columns(headers, explicit, REQUIRED)
        if best is None or len(matched) > len(best.matched):
            best = _Candidate(table, headers, matched, False)
    # Empty: no rows at all, or only blank ones before the table ends.
    empty = len(sample) < _SAMPLE_ROWS and all(map(is_blank, sample))
    return best or _Candidate(table, [], {}, empty)


def _no_columns(path: Path, seen: list[_Candidate], explicit: Mapping[str, str], sheet: str | None,
                origins: Mapping[str, str] | None = None) -> ActualsError:
    is_workbook = seen[0].table.name is not None
    if all(c.empty for c in seen):
        if sheet:
            return ActualsError(f"{path.name}: sheet {sheet!r} is empty")
        return ActualsError(f"{path.name}: the {'workbook' if is_workbook else 'file'} is empty")
    if seen[0].table.delimiter is not None:  # csv: report what the likeliest delimiter shows
        seen = [max(seen, key=lambda c: (len(c.matched), len(c.headers)))]
    best = max(seen, key=lambda c: len(c.matched))
    named = [k for k in REQUIRED if k in explicit and k not in best.matched and k in (origins or {})]
    if named and len(seen) == 1:  # the plan names a column the file does not have: say where
        return ActualsError(f"{path.name}: no column {explicit[named[0]]!r} ({origins[named[0]]}); "  # type: ignore[index]
                            f"found: {_listing(best.headers)}")
    found = "; ".join(
        (f"{c.table.name}: " if len(seen) > 1 and c.table.name else "") + _listing(c.headers)
        for c in seen
        if not c.empty
    )
    missing = [
        f"no column {explicit[k]!r} for the {k}" if k in explicit else f"no {k} column"
        for k in REQUIRED
        if k not in best.matched
    ]
    examples = ", ".join(repr(explicit.get(k) or PRESETS[k][0]) for k in REQUIRED)
    if sheet:
        where = f"sheet {sheet!r} does not have"
    else:
        where = "no sheet has" if is_workbook else "the file does not have"
    return ActualsError(
        f"{path.name}: {where} the needed columns (found: {found}"
        + (f"; {', '.join(missing)}" if best.matched else "")
        + f"; expected a date, a rep and an amount column, e.g. {examples}, or a rep column beside month columns)"
    )


def _listing(headers: list, limit: int = 12) -> str:
    """The non-empty header cells, for a message: ``Foo, Bar`` (at most ``limit`` of them)."""
    texts = [cell_text(h) for h in headers if not is_empty(h)]
    return ", ".join(texts[:limit]) + (", ..." if len(texts) > limit else "") or "nothing"

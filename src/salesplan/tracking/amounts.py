"""Amounts as spreadsheets hold them: numbers, or text the way people type money.

The rules (contract, "Edge cases, settled"):

* a number cell is taken as written: a float goes through its shortest text form
  (``Decimal(repr(f))``), never through float arithmetic, so ``0.1`` stays ``0.1``;
* empty text is zero;
* ``(500)`` and ``-500`` are negative (a refund);
* a separator that repeats groups thousands: ``1,234,567`` and ``1.234.567`` are 1234567;
* a lone ``,`` or ``.`` followed by exactly three digits is *ambiguous* (``1,234``: 1234 or
  1.234?) unless what stands before it is ``0`` (``0,500`` is 0.5) or is longer than a
  thousands group (``12345,678`` is 12345.678); the column decides (below), and read alone
  such a cell groups thousands (1234);
* otherwise the last separator is the decimal mark: ``1.234,50``, ``1,234.50``, ``87,25``;
* spaces (also non-breaking and thin spaces) and apostrophes group thousands
  (``1 234,50``, ``1'234.50``); once spaces group, a remaining ``,`` or ``.`` can only be
  the decimal mark (``1 234,500`` is 1234.5);
* ``€``, ``$`` and ``£`` mark EUR, USD and GBP; three letters beside the number mark an
  ISO code (``1234 CHF``, ``CHF 1234``, ``chf1234``);
* scientific notation as spreadsheets write big numbers is read (``1.5E+06`` is 1500000);
* at most 15 digits before the decimal mark (what a spreadsheet number holds exactly): a
  larger amount is not read, with that reason.

The decimal mark is decided per column (contract), streaming: :class:`AmountColumn` notes the
mark every cell shows (``1.234,50``, ``1,234,567``, ``14,62`` and ``957.5775`` show one; real
number cells show none) and reads an ambiguous cell with the column's mark once one is known.
Until then the cell waits as its thousands reading and a flag (``,`` or ``.``); the column's
:meth:`AmountColumn.settle` says at the end what such cells are: ``x / 1000`` when the column
shows that mark as decimal, ``x`` when it shows the other mark or none (with a warning), and
rejected when it shows both. ``tracking.actuals.decimal`` fixes the mark instead.

:func:`parse_amount` raises :class:`AmountError` for what cannot be read; readers use
:func:`read_amount`, which returns the reason instead of raising.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache

from salesplan.errors import SalesplanError

__all__ = ["AmountColumn", "AmountError", "MAX_DIGITS", "parse_amount", "read_amount", "text_reading",
           "currency_code", "ZERO"]

ZERO = Decimal(0)
_ONE = Decimal(1)
MAX_DIGITS = 15
"""Digits an amount may have before its decimal mark (spreadsheets hold 15 exactly)."""
LIMIT = Decimal(10) ** MAX_DIGITS
_FLOAT_LIMIT = float(10**MAX_DIGITS)
_SCIENTIFIC = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]{1,4}")

CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "£": "GBP"}
"""Currency signs and the ISO code each one marks."""

_AMOUNT = re.compile(
    r"""
    (?P<open>\()?\s*
    (?P<sign1>[-+\u2212])?\s*
    (?P<cur1>[€$£]|[A-Za-z]{3}(?![A-Za-z]))?\s*
    (?P<sign2>[-+\u2212])?\s*
    (?P<num>[0-9](?:[0-9.,'\u2019\s]*[0-9])?|[.,][0-9]+)\s*
    (?P<cur2>[€$£]|[A-Za-z]{3})?\s*
    (?P<sign3>-)?\s*
    (?P<close>\))?
    """,
    re.VERBOSE,
)


class AmountError(SalesplanError, ValueError):
    """An amount that cannot be read; ``str()`` is the reason, e.g. ``amount 'n/a' is not a number``."""


def parse_amount(value: object) -> tuple[Decimal, str | None]:
    """Read one amount cell: a number, or text such as ``1 234,50 €`` or ``(500)``.

    Returns the amount and the ISO currency code the cell marks (None when it marks none).

    >>> parse_amount("1.234,50 €")
    (Decimal('1234.50'), 'EUR')
    >>> parse_amount("(500)")
    (Decimal('-500'), None)

    :raises AmountError: the cell holds no readable amount.
    """
    amount, currency, problem = read_amount(value)
    if problem is not None:
        raise AmountError(problem)
    return amount, currency  # type: ignore[return-value]


def read_amount(value: object) -> tuple[Decimal | None, str | None, str | None]:
    """Like :func:`parse_amount` but never raises: ``(amount, currency, problem)``.

    Exactly one of ``amount`` and ``problem`` is None.
    """
    kind = type(value)
    if kind is str:
        return text_reading(value)[:3]  # type: ignore[arg-type]
    return number_reading(value)


def number_reading(value: object) -> tuple[Decimal | None, str | None, str | None]:
    """A cell that is no text: a number as written, empty (None) as zero; never raises."""
    kind = type(value)
    if kind is float:
        amount = _from_float(value)  # type: ignore[arg-type]
        if amount is not None:
            return amount, None, None
        return None, None, _too_large(value) if math.isfinite(value) else _not_a_number(value)  # type: ignore[arg-type]
    if kind is int:
        return _checked(Decimal(value), value)  # type: ignore[arg-type]
    if value is None:
        return ZERO, None, None
    if isinstance(value, float):
        return number_reading(float(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return _checked(Decimal(int(value)), value)
    if isinstance(value, Decimal) and value.is_finite():
        return _checked(value, value)
    return None, None, _not_a_number(value)


def _checked(amount: Decimal, shown: object) -> tuple[Decimal | None, str | None, str | None]:
    if -LIMIT < amount < LIMIT:
        return amount, None, None
    return None, None, _too_large(shown)


def _from_float(value: float) -> Decimal | None:
    """A float cell as the decimal it displays (its shortest repr), or None when not finite or too large."""
    if math.isfinite(value) and -_FLOAT_LIMIT < value < _FLOAT_LIMIT:
        return Decimal(repr(value))
    return None


Reading = tuple  # (amount, currency, problem, shows, ambiguous, empty)
"""What one text cell says, alone: ``amount``, ``currency`` and ``problem`` as :func:`read_amount`
gives them; ``shows``, the decimal mark the cell shows by itself (``"."``, ``","`` or None; with a
``?`` after it, ``0,500``, when the cell reads so by its shape but is no evidence for the column);
``ambiguous``, the lone separator of a cell such as ``1,234`` that the column must decide (its
``amount`` is then the thousands reading); ``empty``, whether the cell is empty text."""


@lru_cache(maxsize=16384)
def text_reading(text: str) -> Reading:
    """Read one text cell on its own (see :data:`Reading`); cached per distinct text."""
    if text.isdigit() and text.isascii():
        return _checked(Decimal(text), text) + (None, None, False)
    plain = _plain_decimal(text)
    if plain is not None:
        return _checked(plain, text) + ("." if "." in text else None, None, False)  # never .ddd: see below
    return _parse_text(text)


def _plain_decimal(text: str) -> Decimal | None:
    """Fast path for the commonest text amounts: ``1234``, ``1234.5``, ``-1234.50``."""
    body = text[1:] if text[:1] == "-" else text
    head, dot, tail = body.partition(".")
    if not (head.isdigit() and head.isascii()):
        return None
    if dot and not (tail.isdigit() and tail.isascii() and len(tail) != 3):
        return None  # a lone '.' before exactly three digits may group thousands: slow path
    return Decimal(text)


def _parse_text(text: str) -> Reading:
    stripped = text.strip()
    if not stripped:
        return ZERO, None, None, None, None, True
    match = _AMOUNT.fullmatch(stripped)
    if match is None:
        if _SCIENTIFIC.fullmatch(stripped):
            amount = Decimal(stripped)
            if not -LIMIT < amount < LIMIT:
                return None, None, _too_large(stripped), None, None, False
            return (amount.quantize(_ONE) if amount == amount.to_integral_value() else amount), None, None, \
                None, None, False
        return None, None, _not_a_number(stripped), None, None, False
    opening, sign1, cur1, sign2, number, cur2, sign3, closing = match.groups()
    sign = sign1 or sign2 or sign3
    signs = (sign1 is not None) + (sign2 is not None) + (sign3 is not None)
    if (opening is None) != (closing is None) or signs > 1 or (opening and sign):
        return None, None, _not_a_number(stripped), None, None, False
    currency = None
    if cur1 or cur2:
        first, second = _code(cur1 or cur2), _code(cur2 or cur1)
        if first != second:
            a, b = sorted((first, second))
            return None, None, f"amount {stripped!r} names two currencies ({a} and {b})", None, None, False
        currency = first
    digits, shows, ambiguous = _digits(number)
    if digits is None:
        return None, None, _not_a_number(stripped), None, None, False
    amount = Decimal(digits)
    if not -LIMIT < amount < LIMIT:
        return None, None, _too_large(stripped), None, None, False
    if not amount:
        amount = ZERO
    elif opening or (sign is not None and sign != "+"):
        amount = -amount
    return amount, currency, None, shows, ambiguous, False


def _digits(number: str) -> tuple[str | None, str | None, str | None]:
    """``(digits, shows, ambiguous)``: the number's text as ``Decimal`` reads it (``1234.50``; None
    when grouping is wrong), the decimal mark it shows, and its lone separator when that one
    could be either mark (``1,234``: the digits are then the thousands reading ``1234``).

    ``number`` holds ASCII digits, ``,``, ``.``, spaces and apostrophes, and ends with a digit.
    """
    if number.isdigit():
        return number, None, None
    if "'" in number or "\u2019" in number:
        number = number.replace("'", " ").replace("\u2019", " ")
    groups = number.split()
    if len(groups) > 1:
        # Spaces group thousands; a ',' or '.' can then only be the decimal mark, in the last group.
        last = groups[-1]
        shows = "," if "," in last else "." if "." in last else None
        last = last.replace(",", ".")
        whole, mark, fraction = last.partition(".")
        groups[-1] = whole
        if "." in fraction or not _is_grouping(groups):
            return None, None, None
        return "".join(groups) + mark + fraction, shows, None
    commas, dots = number.count(","), number.count(".")
    if commas and dots:
        # Both marks: the last one is the decimal mark and must appear once; the other groups.
        at = max(number.rfind(","), number.rfind("."))
        mark = number[at]
        groups = number[:at].split("." if mark == "," else ",")
        if number.count(mark) != 1 or not _is_grouping(groups):
            return None, None, None
        return "".join(groups) + "." + number[at + 1 :], mark, None
    separator = "," if commas else "."
    pieces = number.split(separator)
    if len(pieces) > 2:  # a separator that repeats groups thousands: the other one is the decimal mark
        return ("".join(pieces), "." if commas else ",", None) if _is_grouping(pieces) else (None, None, None)
    whole, fraction = pieces
    if len(fraction) == 3:
        if whole.strip("0") and len(whole) <= 3:
            return whole + fraction, None, separator  # 1,234: 1234 or 1.234, as the column says
        # 0,500 and 12345,678 read as decimals by their shape, but show nothing of the column's
        # mark (contract: only a lone separator before other than three digits does)
        return f"{whole or '0'}.{fraction}", separator + "?", None
    return f"{whole or '0'}.{fraction}", separator, None  # 87,25, 114,9


def _is_grouping(groups: list[str]) -> bool:
    """Thousands groups: a first group of 1 to 3 digits, then groups of exactly 3 digits."""
    if not (1 <= len(groups[0]) <= 3 and groups[0].isdigit()):
        return False
    for group in groups[1:]:
        if len(group) != 3 or not group.isdigit():
            return False
    return True


def _code(mark: str) -> str:
    return CURRENCY_SIGNS.get(mark) or mark.upper()


def _too_large(value: object) -> str:
    shown = value.strip() if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)
    return f"amount {shown!r} is too large (more than {MAX_DIGITS} digits before the decimal mark)"


def _not_a_number(value: object) -> str:
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    elif not isinstance(value, str):
        value = str(value)
    return f"amount {value.strip()!r} is not a number"


@lru_cache(maxsize=1024)
def currency_code(text: str) -> str | None:
    """The ISO code a currency column cell names (``eur``, ``€`` -> ``EUR``); None if it names none.

    An empty cell also gives None; callers tell the two apart by the text.
    """
    mark = text.strip()
    if mark in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[mark]
    if len(mark) == 3 and mark.isalpha() and mark.isascii():
        return mark.upper()
    return None


BOTH = "both"
"""What :attr:`AmountColumn.mark` is when the column shows both marks as decimal."""


class AmountColumn:
    """The decimal mark of one column of amounts, learned while the rows stream by (contract:
    "the decimal mark is decided per column").

    ``fixed`` is ``tracking.actuals.decimal`` ("." or ","), or None to decide from the cells.
    :meth:`read` reads one cell: an ambiguous one (``1,234``) is read with the column's mark
    as soon as some cell has shown one; before that it comes back *pending*, as its thousands
    reading and its separator, for :meth:`settle` once the whole column has been seen.
    """

    __slots__ = ("fixed", "shown", "waiting", "header", "early")

    def __init__(self, fixed: str | None = None, header: str = "") -> None:
        self.fixed = fixed
        self.shown: dict[str, str] = {}
        """Decimal mark -> the first cell that showed it (``{'.': '957.5775'}``)."""
        self.waiting = 0
        """Ambiguous cells handed out pending (before any cell showed a mark)."""
        self.header = header
        """The column's header, for messages."""
        self.early = 0
        """Ambiguous cells read with the one mark the column showed so far (if a cell later shows the
        other mark, they cannot be taken back: :meth:`warnings` says so)."""

    @property
    def mark(self) -> str | None:
        """The decimal mark read so far: fixed, or the one the cells show; :data:`BOTH`; None (no evidence)."""
        if self.fixed is not None:
            return self.fixed
        if len(self.shown) == 1:
            return next(iter(self.shown))
        return BOTH if self.shown else None

    def show(self, mark: str, text: str) -> None:
        """Note that a cell shows ``mark`` as its decimal mark."""
        if mark not in self.shown:
            self.shown[mark] = text

    def read(self, value: object) -> tuple[Decimal | None, str | None, str | None, str | None]:
        """``(amount, currency, problem, pending)`` for one cell; ``pending`` is the separator of an
        ambiguous cell still to settle (its ``amount`` is then the thousands reading), else None."""
        if type(value) is not str:
            return (*number_reading(value), None)
        amount, currency, problem, shows, ambiguous, _ = text_reading(value)  # type: ignore[arg-type]
        if problem is not None:
            return None, None, problem, None
        if shows is not None:
            if self.fixed is not None and shows[0] != self.fixed:
                return None, None, self.against_fixed(value), None  # type: ignore[arg-type]
            if shows not in self.shown and len(shows) == 1:
                self.shown[shows] = value.strip()  # type: ignore[union-attr]
            return amount, currency, None, None
        if ambiguous is None:
            return amount, currency, None, None
        mark = self.mark
        if mark is None:
            self.waiting += 1
            return amount, currency, None, ambiguous
        factor = self.settle(ambiguous, mark)
        if factor is None:
            return None, None, self.ambiguity(value), None
        if self.fixed is None:
            self.early += 1
        return amount * factor if factor is not _ONE else amount, currency, None, None

    def settle(self, separator: str, mark: str | None = "") -> Decimal | None:
        """What a pending cell's thousands reading is multiplied by, once the column is read:
        ``0.001`` when ``separator`` is the column's decimal mark, ``1`` when it is not or the
        column shows no mark, None (rejected) when the column shows both."""
        if mark == "":
            mark = self.mark
        if mark == BOTH:
            return None
        return _THOUSANDTH if separator == mark else _ONE

    def against_fixed(self, value: str) -> str:
        return (f"amount {value.strip()!r} does not read with the decimal mark {self.fixed!r} "
                "(tracking.actuals.decimal)")

    def ambiguity(self, value: object) -> str:
        """Why an ambiguous cell is rejected in a column that shows both marks."""
        examples = " and ".join(f"{t!r}" for t in self.shown.values())
        return (f"amount {str(value).strip()!r} is ambiguous: this column shows both '.' and ',' as decimal "
                f"marks ({examples}); set tracking.actuals.decimal")

    def warning(self, count: int | None = None) -> str | None:
        """The warning once the column is read (None: nothing to say): ambiguous cells read as
        thousands in a column that shows no mark, or read with one mark before a later cell showed
        the other one."""
        count = self.waiting if count is None else count
        column = f"column {self.header!r}" if self.header else "the amount column"
        if self.mark == BOTH and self.early:
            first = next(iter(self.shown))
            cells = f"{self.early:,} amount{'s' if self.early != 1 else ''}"
            return (f"{column} shows both '.' and ',' as decimal marks ({' and '.join(map(repr, self.shown.values()))}): "
                    f"{cells} such as '1,234' {'was' if self.early == 1 else 'were'} read with {first!r} as decimal before the other mark appeared, "
                    "the later ones are rejected; set tracking.actuals.decimal")
        if not count or self.mark is not None:
            return None
        cells = f"{count:,} amount{'s' if count != 1 else ''}"
        return (f"{column}: {cells} such as '1,234' or '1.234' read as thousands (1234): no cell of the "
                'column shows which mark is decimal; set tracking.actuals.decimal to "." or "," to say')


_THOUSANDTH = Decimal("0.001")

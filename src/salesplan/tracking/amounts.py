"""Amounts as spreadsheets hold them: numbers, or text the way people type money.

The rules (contract, "Edge cases, settled"):

* a number cell is taken as written: a float goes through its shortest text form
  (``Decimal(repr(f))``), never through float arithmetic, so ``0.1`` stays ``0.1``;
* empty text is zero;
* ``(500)`` and ``-500`` are negative (a refund);
* a separator that repeats groups thousands: ``1,234,567`` and ``1.234.567`` are 1234567;
* a lone ``,`` or ``.`` followed by exactly three digits groups thousands (``1,234`` and
  ``1.234`` are 1234) unless what stands before it is ``0`` (``0,500`` is 0.5) or is longer
  than a thousands group (``12345,678`` is 12345.678);
* otherwise the last separator is the decimal mark: ``1.234,50``, ``1,234.50``, ``87,25``;
* spaces (also non-breaking and thin spaces) and apostrophes group thousands
  (``1 234,50``, ``1'234.50``); once spaces group, a remaining ``,`` or ``.`` can only be
  the decimal mark (``1 234,500`` is 1234.5);
* ``€``, ``$`` and ``£`` mark EUR, USD and GBP; three letters beside the number mark an
  ISO code (``1234 CHF``, ``CHF 1234``, ``chf1234``).

:func:`parse_amount` raises :class:`AmountError` for what cannot be read; readers use
:func:`read_amount`, which returns the reason instead of raising.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from functools import lru_cache

from salesplan.errors import SalesplanError

__all__ = ["AmountError", "parse_amount", "read_amount", "currency_code", "ZERO"]

ZERO = Decimal(0)

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
    if kind is float:
        amount = _from_float(value)  # type: ignore[arg-type]
        return (amount, None, None) if amount is not None else (None, None, _not_a_number(value))
    if kind is str:
        if value.isdigit() and value.isascii():  # type: ignore[union-attr]
            return Decimal(value), None, None  # type: ignore[arg-type]
        return _from_text(value)  # type: ignore[arg-type]
    if kind is int:
        return Decimal(value), None, None  # type: ignore[arg-type]
    if value is None:
        return ZERO, None, None
    if isinstance(value, float):
        return read_amount(float(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(int(value)), None, None
    if isinstance(value, Decimal) and value.is_finite():
        return value, None, None
    return None, None, _not_a_number(value)


def _from_float(value: float) -> Decimal | None:
    """A float cell as the decimal it displays (its shortest repr), or None when not finite."""
    if math.isfinite(value):
        return Decimal(repr(value))
    return None


def _from_text(text: str) -> tuple[Decimal | None, str | None, str | None]:
    plain = _plain_decimal(text)
    if plain is not None:
        return plain, None, None
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


@lru_cache(maxsize=16384)
def _parse_text(text: str) -> tuple[Decimal | None, str | None, str | None]:
    stripped = text.strip()
    if not stripped:
        return ZERO, None, None
    match = _AMOUNT.fullmatch(stripped)
    if match is None:
        return None, None, _not_a_number(stripped)
    opening, sign1, cur1, sign2, number, cur2, sign3, closing = match.groups()
    sign = sign1 or sign2 or sign3
    signs = (sign1 is not None) + (sign2 is not None) + (sign3 is not None)
    if (opening is None) != (closing is None) or signs > 1 or (opening and sign):
        return None, None, _not_a_number(stripped)
    currency = None
    if cur1 or cur2:
        first, second = _code(cur1 or cur2), _code(cur2 or cur1)
        if first != second:
            a, b = sorted((first, second))
            return None, None, f"amount {stripped!r} names two currencies ({a} and {b})"
        currency = first
    digits = _digits(number)
    if digits is None:
        return None, None, _not_a_number(stripped)
    amount = Decimal(digits)
    if not amount:
        amount = ZERO
    elif opening or (sign is not None and sign != "+"):
        amount = -amount
    return amount, currency, None


def _digits(number: str) -> str | None:
    """The number's text as ``Decimal`` reads it (``1234.50``), or None when grouping is wrong.

    ``number`` holds ASCII digits, ``,``, ``.``, spaces and apostrophes, and ends with a digit.
    """
    if number.isdigit():
        return number
    if "'" in number or "\u2019" in number:
        number = number.replace("'", " ").replace("\u2019", " ")
    groups = number.split()
    if len(groups) > 1:
        # Spaces group thousands; a ',' or '.' can then only be the decimal mark, in the last group.
        last = groups.pop().replace(",", ".")
        whole, mark, fraction = last.partition(".")
        groups.append(whole)
        if "." in fraction or not _is_grouping(groups):
            return None
        return "".join(groups) + mark + fraction
    commas, dots = number.count(","), number.count(".")
    if commas and dots:
        # Both marks: the last one is the decimal mark and must appear once; the other groups.
        at = max(number.rfind(","), number.rfind("."))
        mark = number[at]
        groups = number[:at].split("." if mark == "," else ",")
        if number.count(mark) != 1 or not _is_grouping(groups):
            return None
        return "".join(groups) + "." + number[at + 1 :]
    pieces = number.split("," if commas else ".")
    if len(pieces) > 2:
        return "".join(pieces) if _is_grouping(pieces) else None
    whole, fraction = pieces
    if len(fraction) == 3 and whole.strip("0") and len(whole) <= 3:
        return whole + fraction  # 1,234 -> 1234 (but 0,500 -> 0.5 and 12345,678 -> 12345.678)
    return f"{whole or '0'}.{fraction}"


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

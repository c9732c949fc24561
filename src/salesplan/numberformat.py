"""Numbers for people: the one rule for money, counts, percentages and missing values.

Every output a person reads uses it: the terminal table (:mod:`salesplan.tracking.output_table`),
the workbook's number formats (:mod:`salesplan.tracking.output_xlsx`) and the Word documents
(:class:`salesplan.render.locale.Formats`, which adds the language's signs through Babel).
The machine outputs do not: ``--format json`` and ``--format csv`` keep exact figures (cents,
paces to four decimals, an empty csv cell for a missing value; :mod:`salesplan.jsonout`) so
scripts and spreadsheets compute with them.

The rule:

* **money**: whole units from 1,000 up (``€32,288``), cents below only where there are some
  (``€540.50``, ``€540``); rounded half up, as an accountant rounds.
* **counts** (a ``deals`` goal): a whole number as a whole number (``12``); a share of a count
  (3.23 deals expected by mid-month) with one decimal (``3.2``), whole from 100 up.
* **percentages**: rounded half up (never cut) to a whole percent (``107%``), with one decimal
  under 10% unless it is zero (``4.5%``, ``5%``). A pace shown beside its status never
  contradicts it: when rounding would carry a pace over a status boundary (94.7% shown as 95%
  while ``behind``, with a 5% tolerance), it gets one more decimal, rounded toward its true
  side (``94.7%``).
* **missing** (no pace without an expectation, a month still to come): :data:`MISSING`, an em
  dash, never a blank or a zero.

This module only decides digits and rounding (plain :class:`~decimal.Decimal` work, no
imports of note); :func:`plain_money` and friends write the terminal's plain form.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

__all__ = [
    "MISSING", "amount_places", "count_places", "money_places", "percent_places", "plain_amount", "plain_count",
    "plain_money", "plain_percent", "rounded",
]

#: What a person sees where there is no figure.
MISSING = "\u2014"

THOUSAND = Decimal(1000)
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
CENT = Decimal("0.01")


def rounded(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)


def money_places(value: Decimal) -> int:
    """Decimals an amount is shown with: 0 from 1,000 up or when whole to the cent, else 2."""
    value = Decimal(value)
    if abs(value) >= THOUSAND:
        return 0
    cents = rounded(value, 2)
    return 0 if cents == cents.to_integral_value() else 2


def count_places(value: Decimal) -> int:
    """Decimals a count is shown with: 0 when whole (to the tenth) or from 100 up, else 1."""
    value = Decimal(value)
    if abs(value) >= HUNDRED:
        return 0
    tenths = rounded(value, 1)
    return 0 if tenths == tenths.to_integral_value() else 1


def amount_places(value: Decimal, metric: str) -> int:
    """Decimals of a goal's figure: money for ``revenue``, a count for ``deals``."""
    return count_places(value) if metric == "deals" else money_places(value)


def percent_places(ratio: Decimal, tolerance: Decimal | None = None) -> tuple[Decimal, int]:
    """``ratio`` as the percentage shown (a Decimal such as ``107`` or ``94.7``) and its decimals.

    With ``tolerance`` the ratio is a pace: the shown figure stays on the same side of the
    status boundaries (100% -+ tolerance) as the exact one.
    """
    exact = Decimal(ratio) * 100
    places = 1 if abs(exact) < 10 and rounded(exact, 1) != rounded(exact, 0) else 0
    shown = rounded(exact, places)
    if tolerance is None:
        return shown, places
    bounds = (HUNDRED * (1 - tolerance), HUNDRED * (1 + tolerance))
    while places < 4 and any((shown >= b) != (exact >= b) for b in bounds):
        places += 1
        shown = rounded(exact, places, ROUND_FLOOR)
    return shown, places


# --------------------------------------------------------------------------- plain text (the terminal)


def _grouped(value: Decimal, places: int) -> str:
    return f"{rounded(value, places):,.{places}f}"


def plain_money(value: Decimal | None) -> str:
    """``30,000``, ``32,288`` (from 32,288.44), ``540.50``; :data:`MISSING` for None."""
    if value is None:
        return MISSING
    return _grouped(Decimal(value), money_places(value))


def plain_count(value: Decimal | None) -> str:
    """``12``, ``3.2``; :data:`MISSING` for None."""
    if value is None:
        return MISSING
    return _grouped(Decimal(value), count_places(value))


def plain_amount(value: Decimal | None, metric: str) -> str:
    return plain_count(value) if metric == "deals" else plain_money(value)


def plain_percent(ratio: Decimal | None, tolerance: Decimal | None = None) -> str:
    """``107%``, ``4.5%``, ``94.7%`` (a pace just under a 95% boundary); :data:`MISSING` for None."""
    if ratio is None:
        return MISSING
    shown, places = percent_places(ratio, tolerance)
    return f"{shown:,.{places}f}%"

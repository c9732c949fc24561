"""Amount cells: every form the contract lists, worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesplan.tracking.amounts import BOTH, AmountColumn, AmountError, currency_code, parse_amount, read_amount


@pytest.mark.parametrize(
    ("cell", "amount", "currency"),
    [
        # numbers from cells, taken as displayed, never through float arithmetic
        (1234, "1234", None),
        (1234.5, "1234.5", None),
        (1234.0, "1234.0", None),  # repr(1234.0): equal to 1234
        (0.1, "0.1", None),  # Decimal(0.1) would be 0.1000000000000000055...
        (-87.25, "-87.25", None),
        # empty is zero
        ("", "0", None),
        ("   ", "0", None),
        (None, "0", None),
        # plain text
        ("1234", "1234", None),
        ("1234.50", "1234.50", None),
        ("-1234.50", "-1234.50", None),
        ("  42  ", "42", None),
        # refunds: parentheses and minus signs
        ("(500)", "-500", None),  # accounting negative: -500
        ("-500", "-500", None),
        ("- 500", "-500", None),
        ("500-", "-500", None),  # trailing minus, as some ERPs export
        ("\u2212500", "-500", None),  # U+2212 MINUS SIGN
        ("($1,234.50)", "-1234.50", "USD"),  # -(1234 + 0.50)
        ("€-500", "-500", "EUR"),
        ("+5", "5", None),
        # a separator that repeats groups thousands
        ("1,234,567", "1234567", None),  # 1*10^6 + 234*10^3 + 567
        ("1.234.567", "1234567", None),
        # a lone separator before exactly three digits groups thousands...
        ("1,234", "1234", None),
        ("1.234", "1234", None),
        ("999,000", "999000", None),
        # ... unless what stands before it is 0
        ("0,500", "0.500", None),  # 0 + 500/1000 = 0.5
        ("0.500", "0.500", None),
        (",500", "0.500", None),
        # ... or is longer than a thousands group
        ("12345,678", "12345.678", None),
        ("1234.500", "1234.500", None),
        # otherwise the last separator is the decimal mark
        ("87,25", "87.25", None),
        ("1,5", "1.5", None),
        ("1.234,50", "1234.50", None),  # '.' groups, ',' is decimal: 1234 + 0.50
        ("1,234.50", "1234.50", None),
        ("1.234.567,89", "1234567.89", None),
        ("12,345.678", "12345.678", None),  # both marks: the last one is decimal
        (".5", "0.5", None),
        # spaces group thousands, also non-breaking, narrow and thin spaces, and apostrophes
        ("1 234,50 €", "1234.50", "EUR"),
        ("1\u00a0234,50", "1234.50", None),
        ("1\u202f234\u202f567", "1234567", None),
        ("1\u2009234", "1234", None),
        ("1'234.50", "1234.50", None),
        ("1 234,500", "1234.500", None),  # with space grouping, ',' can only be the decimal mark
        # currency marks
        ("$1,234.50", "1234.50", "USD"),
        ("£99.99", "99.99", "GBP"),
        ("99,99 €", "99.99", "EUR"),
        ("1234 CHF", "1234", "CHF"),
        ("CHF 1234", "1234", "CHF"),
        ("chf1234", "1234", "CHF"),
        ("$12 USD", "12", "USD"),  # the same currency twice is fine
    ],
)
def test_amount_forms(cell: object, amount: str, currency: str | None) -> None:
    got, got_currency = parse_amount(cell)
    assert got == Decimal(amount)
    assert str(got) == amount  # the scale is kept as written: 1234.50 stays 1234.50
    assert got_currency == currency


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("n/a", "amount 'n/a' is not a number"),
        ("abc", "amount 'abc' is not a number"),
        ("GBP", "amount 'GBP' is not a number"),
        ("12 34", "amount '12 34' is not a number"),  # a space group must have three digits
        ("1. 234", "amount '1. 234' is not a number"),
        ("1 ,234", "amount '1 ,234' is not a number"),
        ("1 234,5,6", "amount '1 234,5,6' is not a number"),
        ("1,,234", "amount '1,,234' is not a number"),
        ("1,23,456", "amount '1,23,456' is not a number"),
        ("1.2.3,45", "amount '1.2.3,45' is not a number"),
        ("1,234.567.8", "amount '1,234.567.8' is not a number"),
        ("NaN", "amount 'NaN' is not a number"),
        ("-(500)", "amount '-(500)' is not a number"),
        ("(500", "amount '(500' is not a number"),
        ("12%", "amount '12%' is not a number"),
        (" #N/A ", "amount '#N/A' is not a number"),
        ("1e", "amount '1e' is not a number"),
        (True, "amount 'TRUE' is not a number"),
        (float("nan"), "amount 'nan' is not a number"),
        (float("inf"), "amount 'inf' is not a number"),
        ("€ 12 USD", "amount '€ 12 USD' names two currencies (EUR and USD)"),
    ],
)
def test_unreadable_amounts(cell: object, reason: str) -> None:
    with pytest.raises(AmountError) as caught:
        parse_amount(cell)
    assert str(caught.value) == reason
    assert read_amount(cell) == (None, None, reason)


def test_currency_column_cells() -> None:
    assert currency_code(" eur ") == "EUR"
    assert currency_code("€") == "EUR"
    assert currency_code("US Dollar") is None
    assert currency_code("") is None


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_plain_two_decimal_text_round_trips(value: Decimal) -> None:
    assert parse_amount(f"{value:.2f}") == (value, None)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_grouped_forms_agree(whole: int, cents: int) -> None:
    """The same amount typed the US, the European and the French way reads the same."""
    expected = Decimal(f"{whole}.{cents:02d}")
    us = f"{whole:,}.{cents:02d}"
    eu = us.replace(",", "_").replace(".", ",").replace("_", ".")
    fr = us.replace(",", "\u202f").replace(".", ",")
    for text in (us, eu, fr):
        assert parse_amount(text)[0] == expected, text


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_float_cells_read_as_displayed(value: float) -> None:
    amount, _ = parse_amount(value)
    assert float(amount) == value  # the shortest repr reads back to the same float
    assert Decimal(repr(value)) == amount


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1.5E+06", "1500000"),  # 1.5 * 10^6, as a spreadsheet writes a big number as text
        ("1E+05", "100000"),
        ("1e5", "100000"),
        ("-2.5e3", "-2500"),
        ("1.25E-01", "0.125"),
        ("999999999999999", "999999999999999"),  # 15 digits: exact
        ("-999999999999999.99", "-999999999999999.99"),
        (999999999999999.0, "999999999999999.0"),
    ],
)
def test_scientific_and_fifteen_digits(cell: object, amount: str) -> None:
    assert parse_amount(cell)[0] == Decimal(amount)


@pytest.mark.parametrize(
    "cell",
    ["1000000000000000", "100000000000000000000000000", "1.5E+20", "1,000,000,000,000,000", 1e26, 10**26,
     1e15, Decimal("1E+15")],
)
def test_amounts_past_fifteen_digits_are_refused(cell: object) -> None:
    """10^26 used to crash the report with a traceback: now it is one rejected row's reason."""
    amount, _, problem = read_amount(cell)
    assert amount is None
    assert problem is not None and problem.endswith("is too large (more than 15 digits before the decimal mark)")


def _column(cells: list, fixed: str | None = None) -> tuple[list, AmountColumn]:
    """Read cells as a reader does; settle the pending ones at the end as the engine does."""
    column = AmountColumn(fixed, "Sales")
    read = [column.read(cell) for cell in cells]
    out = []
    for amount, _, problem, pending in read:
        if pending is not None:
            factor = column.settle(pending)
            amount, problem = (None, column.ambiguity("?")) if factor is None else (amount * factor, None)
        out.append(problem if problem else amount)
    return out, column


def test_a_column_that_shows_a_dot_reads_three_decimals_as_decimals() -> None:
    """The Superstore case: 261.96 shows '.', so 22.368 is 22.368, not 22,368 (it was read 1,000 times too high)."""
    got, column = _column(["22.368", "261.96", "957.5775", "1,234", "3.000", 14.5])
    assert got == [Decimal("22.368"), Decimal("261.96"), Decimal("957.5775"), Decimal("1234"), Decimal("3.000"),
                   Decimal("14.5")]
    assert column.mark == "." and column.warning() is None
    assert column.waiting == 1  # only 22.368, read before 261.96 showed the mark, waited to be settled


def test_a_column_that_shows_a_comma_reads_three_decimals_after_it_as_decimals() -> None:
    """French Superstore: '22,368' is 22.368 once '261,96' shows ',' as decimal; '1.234' then groups."""
    got, column = _column(["22,368", "261,96", "1.234", "1.234,50", "957,5775"])
    assert got == [Decimal("22.368"), Decimal("261.96"), Decimal("1234"), Decimal("1234.50"), Decimal("957.5775")]
    assert column.mark == ","


def test_a_repeating_separator_shows_the_other_mark() -> None:
    got, column = _column(["1,234", "1,234,567"])  # ',' repeats, so it groups: '.' is decimal
    assert got == [Decimal("1234"), Decimal("1234567")]
    assert column.mark == "."
    got, column = _column(["1.234", "2.345.678"])
    assert got == [Decimal("1234"), Decimal("2345678")]
    assert column.mark == ","


def test_no_evidence_groups_thousands_with_one_warning() -> None:
    got, column = _column(["1,234", "12,500", "0,500", "3"])
    assert got == [Decimal("1234"), Decimal("12500"), Decimal("0.500"), Decimal("3")]
    assert column.warning() == (
        "column 'Sales': 2 amounts such as '1,234' or '1.234' read as thousands (1234): no cell of the column "
        'shows which mark is decimal; set tracking.actuals.decimal to "." or "," to say')


def test_both_marks_reject_the_ambiguous_cells_only() -> None:
    got, column = _column(["1,234", "14,62", "957.5775", "1.234"])
    assert column.mark == BOTH and column.warning() is None  # nothing was read before both marks showed
    reason = ("amount '1.234' is ambiguous: this column shows both '.' and ',' as decimal marks ('14,62' and "
              "'957.5775'); set tracking.actuals.decimal")
    assert got[1:] == [Decimal("14.62"), Decimal("957.5775"), reason]
    assert got[0] == column.ambiguity("?")  # the pending one is rejected at the end too


def test_real_numbers_are_never_reread() -> None:
    got, column = _column([1234.0, 22.368, "14,62"])
    assert got == [Decimal("1234.0"), Decimal("22.368"), Decimal("14.62")]


@pytest.mark.parametrize(
    ("fixed", "cells", "expected"),
    [
        (".", ["22.368", "1,234", "1,234.5"], ["22.368", "1234", "1234.5"]),
        (",", ["22,368", "1.234", "1.234,5", "1 234,500"], ["22.368", "1234", "1234.5", "1234.500"]),
    ],
)
def test_the_plan_fixes_the_mark(fixed: str, cells: list[str], expected: list[str]) -> None:
    got, column = _column(cells, fixed)
    assert got == [Decimal(e) for e in expected]
    assert column.waiting == 0 and column.warning() is None


def test_a_cell_against_the_fixed_mark_is_refused() -> None:
    got, _ = _column(["14,62", "1.234,50"], ".")
    assert got == ["amount '14,62' does not read with the decimal mark '.' (tracking.actuals.decimal)",
                   "amount '1.234,50' does not read with the decimal mark '.' (tracking.actuals.decimal)"]


def test_a_second_mark_after_three_digit_cells_were_read_is_said() -> None:
    """Streaming cannot take back 1.234 (read as 1.234 once 957.5775 showed '.'): a warning says so."""
    got, column = _column(["957.5775", "1.234", "14,62", "2.345"])
    assert got[:3] == [Decimal("957.5775"), Decimal("1.234"), Decimal("14.62")]
    assert got[3].startswith("amount '2.345' is ambiguous")
    assert column.warning() == (
        "column 'Sales' shows both '.' and ',' as decimal marks ('957.5775' and '14,62'): 1 amount such as "
        "'1,234' was read with '.' as decimal before the other mark appeared, the later ones are rejected; "
        "set tracking.actuals.decimal")

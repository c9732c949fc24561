"""Amount cells: every form the contract lists, worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesplan.tracking.amounts import AmountError, currency_code, parse_amount, read_amount


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
        ("1e5", "amount '1e5' is not a number"),
        ("NaN", "amount 'NaN' is not a number"),
        ("-(500)", "amount '-(500)' is not a number"),
        ("(500", "amount '(500' is not a number"),
        ("12%", "amount '12%' is not a number"),
        (" #N/A ", "amount '#N/A' is not a number"),
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

"""Date cells, the per-column day/month order, and grid month headers."""

from __future__ import annotations

import datetime as dt

import pytest

from salesplan.tracking.dates import DateColumn, month_first_only, month_of_header, parse_date_text, serial_to_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-15", D(2027, 3, 15)),
        ("2027-3-5", D(2027, 3, 5)),
        ("2027/03/15", D(2027, 3, 15)),
        ("2027-03-15 10:30", D(2027, 3, 15)),
        ("2027-03-15 10:30:59", D(2027, 3, 15)),
        ("2027-03-15T10:30:00Z", D(2027, 3, 15)),
        ("2027-03-15T23:30:00.123-05:00", D(2027, 3, 15)),  # the date as written, no offset applied
        ("15/03/2027", D(2027, 3, 15)),
        ("15.03.2027", D(2027, 3, 15)),
        ("15-03-2027", D(2027, 3, 15)),
        ("5/3/2027", D(2027, 3, 5)),  # day first by default
        ("15/03/27", D(2027, 3, 15)),  # 27 -> 2027
        ("01/01/69", D(1969, 1, 1)),  # 69 -> 1969 (00..68 are 2000..2068)
        ("15/03/2027 14:05", D(2027, 3, 15)),
        ("46461", D(2027, 3, 15)),  # Excel serial as text: 1899-12-30 + 46461 days
        ("46461.75", D(2027, 3, 15)),  # the time fraction is dropped
    ],
)
def test_day_first_texts(text: str, expected: dt.date) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/18/2027", D(2027, 3, 18)),
        ("03/15/2027", D(2027, 3, 15)),
        ("3/5/2027", D(2027, 3, 5)),  # ambiguous: read month first in a month-first column
        ("3/18/27 10:30 PM", D(2027, 3, 18)),
        ("2027-03-15", D(2027, 3, 15)),  # ISO is never ambiguous
    ],
)
def test_month_first_texts(text: str, expected: dt.date) -> None:
    assert parse_date_text(text, month_first=True) == expected


@pytest.mark.parametrize("text", ["31/31/2027", "2027-02-30", "29/02/2027", "hello", "", "15/03", "2027", "15/03-2027"])
def test_not_dates(text: str) -> None:
    assert parse_date_text(text) is None
    assert parse_date_text(text, month_first=True) is None


def test_month_first_only() -> None:
    assert month_first_only("3/18/2027")
    assert month_first_only("12-13-27")
    assert not month_first_only("3/12/2027")  # fits both
    assert not month_first_only("18/3/2027")  # day first only
    assert not month_first_only("2027-03-18")
    assert not month_first_only("3-18-2027x")


def test_serial_numbers() -> None:
    assert serial_to_date(46461) == D(2027, 3, 15)
    assert serial_to_date(46461.999) == D(2027, 3, 15)
    assert serial_to_date(1) == D(1900, 1, 1)
    assert serial_to_date(59) == D(1900, 2, 28)
    assert serial_to_date(60) is None  # Excel's 29 February 1900 never was
    assert serial_to_date(61) == D(1900, 3, 1)
    assert serial_to_date(0) is None
    assert serial_to_date(-5) is None
    assert serial_to_date(3_000_000) is None


def test_column_order_is_decided_by_any_month_first_value() -> None:
    column = DateColumn()
    for text in ("05/03/2027", "12/01/2027"):
        column.see(text)
    assert not column.month_first
    assert column.parse("05/03/2027") == D(2027, 3, 5)  # day first while nothing says otherwise
    column.see("3/18/2027")
    column.see("20/03/2027")  # seen after: does not undo the decision
    assert column.month_first
    assert column.parse("05/03/2027") == D(2027, 5, 3)  # the whole column is month first now
    assert column.parse("3/18/2027") == D(2027, 3, 18)
    assert column.parse("20/03/2027") is None
    assert column.problem("20/03/2027") == (
        "date '20/03/2027' is not a date in this column, which is month first (see '3/18/2027')"
    )
    assert column.problem("31/31/2027") == "date '31/31/2027' is not a date"
    assert column.problem("3/18/2027") == ""


@pytest.mark.parametrize(
    ("header", "month"),
    [
        ("2027-01", D(2027, 1, 1)),
        ("2027/1", D(2027, 1, 1)),
        ("01/2027", D(2027, 1, 1)),
        ("1-2027", D(2027, 1, 1)),
        ("Jan 2027", D(2027, 1, 1)),
        ("January 2027", D(2027, 1, 1)),
        ("Feb. 2027", D(2027, 2, 1)),
        ("SEPT 2027", D(2027, 9, 1)),
        ("Jan-27", D(2027, 1, 1)),
        ("janv. 2027", D(2027, 1, 1)),
        ("janvier 2027", D(2027, 1, 1)),
        ("févr. 2027", D(2027, 2, 1)),
        ("Février 2027", D(2027, 2, 1)),
        ("mars 2027", D(2027, 3, 1)),
        ("avr. 2027", D(2027, 4, 1)),
        ("mai 2027", D(2027, 5, 1)),
        ("juil. 2027", D(2027, 7, 1)),
        ("août 2027", D(2027, 8, 1)),
        ("déc. 2027", D(2027, 12, 1)),
        ("2027-03-31", D(2027, 3, 1)),
        (D(2027, 3, 1), D(2027, 3, 1)),
        (dt.datetime(2027, 4, 30, 0, 0), D(2027, 4, 1)),
    ],
)
def test_month_headers(header: object, month: dt.date) -> None:
    assert month_of_header(header) == month


@pytest.mark.parametrize("header", ["Total", "Rep", "Jan", "2027", "13/2027", "Foo 2027", "Jan 27", 46388.0, None])
def test_not_month_headers(header: object) -> None:
    assert month_of_header(header) is None

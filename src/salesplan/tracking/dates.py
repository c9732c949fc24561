"""Dates as spreadsheets hold them, and month headers of rep-by-month grids.

Accepted date cells:

* real date or date-time cells (the time of day is dropped);
* Excel serial numbers in the workbook's date system (1900: ``46461`` is 2027-03-15; 1904:
  ``45000`` is 2027-03-15), as numbers or as five-digit text (1900 system); the time fraction
  is dropped;
* compact ``20270315`` as ERP exports write it (text or a number): a year from 1900 to 2199;
* ISO text ``2027-03-15``, also with a time (``2027-03-15 10:30``, ``2027-03-15T10:30:00Z``;
  the date is taken as written, offsets are not applied), and ``2027/03/15``;
* ``15/03/2027``, ``15.03.2027``, ``15-03-2027``, ``3/18/2027``, with an optional time, and
  two-digit years (``15/03/27``): 00 to 68 are 2000 to 2068, 69 to 99 are 1969 to 1999;
* month names in English and French, full or abbreviated, with or without a weekday and a
  time: ``March 15, 2027``, ``Mar 15 2027``, ``15 Mar 2027``, ``15-Mar-2027``, ``15 mars 2027``,
  ``1er mars 2027``, ``lundi 15 mars 2027``, ``Monday, March 15, 2027`` (never ambiguous).

Day and month order is decided per column (contract): when any value of the column can only
be read month first (``3/18/2027``), the whole column is month first, otherwise day first. A
value that fits neither reading, or not the column's, is not a date. Readers stream, so they
track that with :class:`DateColumn` and leave text dates to be resolved once the whole column
has been seen.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from salesplan.text import fold

__all__ = ["DateColumn", "month_first_only", "parse_date_text", "serial_to_date", "month_of_header"]

_TIME = r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?|Z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME)
_DMY = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})" + _TIME)
_SERIAL_TEXT = re.compile(r"\d{5}(?:\.\d+)?")
_COMPACT = re.compile(r"(19\d\d|2[01]\d\d)(\d\d)(\d\d)(?:\.0+)?")
_WEEKDAY = (r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri"
            r"|sat|sun|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mar|mer|jeu|ven|sam|dim)\.?,?\s+)?")
_NAMED_TIME = r"(?:,?\s*(?:a|at|à|a)?\s*\d{1,2}(?::|h)\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?"
_DAY_NAME_YEAR = re.compile(_WEEKDAY + r"(\d{1,2})(?:er|st|nd|rd|th)?[\s.-]*([a-z]{3,9})\.?[\s.,-]*(\d{4}|\d{2})"
                            + _NAMED_TIME)
_NAME_DAY_YEAR = re.compile(_WEEKDAY + r"([a-z]{3,9})\.?\s*(\d{1,2})(?:st|nd|rd|th)?,?\s*(\d{4})" + _NAMED_TIME)

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)
_LAST_SERIAL = 2958465  # 9999-12-31


def serial_to_date(serial: float, date1904: bool = False) -> dt.date | None:
    """An Excel serial number as a date (fraction = time of day, dropped).

    1900 system (the default): serial 60 is Excel's 29 February 1900, a day that never was:
    None, like anything below 1 or past 9999-12-31; serials below 60 are shifted by one day,
    as Excel counts them. 1904 system (``date1904``): days since 1904-01-01 (serial 0).
    """
    if date1904:
        if not 0 <= serial <= _LAST_SERIAL - 1462 or serial != serial:
            return None
        return _EPOCH_1904 + dt.timedelta(days=int(serial))
    if not 1 <= serial <= _LAST_SERIAL or serial != serial:
        return None
    days = int(serial)
    if days == 60:
        return None
    return _EXCEL_EPOCH + dt.timedelta(days=days + (1 if days < 60 else 0))


def _full_year(year: str) -> int:
    value = int(year)
    if len(year) == 2:
        return value + (2000 if value < 69 else 1900)
    return value


@lru_cache(maxsize=8192)
def month_first_only(text: str) -> bool:
    """True when the text is a date that can only be read month first (``3/18/2027``)."""
    if text[4:5] == "-" and text[:4].isdigit():  # ISO, the commonest text form: never ambiguous
        return False
    match = _DMY.fullmatch(text)
    return bool(match) and int(match[1]) <= 12 < int(match[3]) <= 31


@lru_cache(maxsize=65536)
def parse_date_text(text: str, month_first: bool = False) -> dt.date | None:
    """Read a stripped date text; ``month_first`` gives the order of ``a/b/year`` forms.

    >>> parse_date_text("15/03/2027"), parse_date_text("3/18/2027", month_first=True)
    (datetime.date(2027, 3, 15), datetime.date(2027, 3, 18))
    """
    try:
        match = _ISO.fullmatch(text)
        if match:
            return dt.date(int(match[1]), int(match[3]), int(match[4]))
        match = _DMY.fullmatch(text)
        if match:
            first, second = int(match[1]), int(match[3])
            day, month = (second, first) if month_first else (first, second)
            return dt.date(_full_year(match[4]), month, day)
    except ValueError:
        return None
    if _SERIAL_TEXT.fullmatch(text):
        return serial_to_date(float(text))
    if match := _COMPACT.fullmatch(text):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    if text[:1].isalpha() or " " in text or "-" in text:
        return _named_date(text)
    return None


def _named_date(text: str) -> dt.date | None:
    """``March 15, 2027``, ``15 mars 2027``, ``1er mars 2027``, ``15-Mar-27`` ...; None if not so."""
    folded = fold(text)
    if match := _DAY_NAME_YEAR.fullmatch(folded):
        day, name, year = match.groups()
    elif match := _NAME_DAY_YEAR.fullmatch(folded):
        name, day, year = match.groups()
    else:
        return None
    month = _MONTH_NAMES.get(name)
    if month is None:
        return None
    try:
        return dt.date(_full_year(year), month, int(day))
    except ValueError:
        return None


class DateColumn:
    """The day/month order of one column of text dates, learned while the rows stream by.

    A reader calls :meth:`see` (or checks :func:`month_first_only` inline) for every text date;
    once the column is read, :meth:`parse` and :meth:`problem` resolve any of its texts.
    """

    __slots__ = ("month_first", "evidence")

    def __init__(self) -> None:
        self.month_first = False
        """Whether some value of the column can only be read month first."""
        self.evidence: str | None = None
        """The first such value, quoted when a day-first value is then refused."""

    def see(self, text: str) -> None:
        """Note one stripped date text of the column."""
        if not self.month_first and month_first_only(text):
            self.month_first = True
            self.evidence = text

    def parse(self, text: str) -> dt.date | None:
        """The date a stripped text of this column stands for, or None when it is not a date."""
        return parse_date_text(text, self.month_first)

    def problem(self, text: str) -> str:
        """Why :meth:`parse` gives None for this text, in words for the user ('' when it reads)."""
        if parse_date_text(text, self.month_first) is not None:
            return ""
        if not text:
            return "date is empty"
        if self.month_first and parse_date_text(text, False) is not None:
            return f"date {text!r} is not a date in this column, which is month first (see {self.evidence!r})"
        return f"date {text!r} is not a date"


_MONTH_NAMES = {
    **dict.fromkeys(("january", "jan", "janvier", "janv"), 1),
    **dict.fromkeys(("february", "feb", "fevrier", "fevr", "fev"), 2),
    **dict.fromkeys(("march", "mar", "mars"), 3),
    **dict.fromkeys(("april", "apr", "avril", "avr"), 4),
    **dict.fromkeys(("may", "mai"), 5),
    **dict.fromkeys(("june", "jun", "juin"), 6),
    **dict.fromkeys(("july", "jul", "juillet", "juil"), 7),
    **dict.fromkeys(("august", "aug", "aout"), 8),
    **dict.fromkeys(("september", "sep", "sept", "septembre"), 9),
    **dict.fromkeys(("october", "oct", "octobre"), 10),
    **dict.fromkeys(("november", "nov", "novembre"), 11),
    **dict.fromkeys(("december", "dec", "decembre"), 12),
}
"""English and French month names and abbreviations, folded (no accents, lower case)."""

_YEAR_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[-/.](\d{4})")
_NAME_YEAR = re.compile(r"([a-z]+)\.?\s*(?:(\d{4})|[-'\u2019]\s*(\d{2}))")


def month_of_header(value: object) -> dt.date | None:
    """The month a grid column header names, as its first day; None when it names no month.

    Accepted: real date cells, ``2027-01``, ``2027/01``, ``01/2027``, ``Jan 2027``,
    ``January 2027``, ``janv. 2027``, ``janvier 2027``, ``Jan-27``, and a full ISO date
    (``2027-01-31``: its month).
    """
    if isinstance(value, dt.date):
        return value.replace(day=1) if type(value) is dt.date else value.date().replace(day=1)
    if not isinstance(value, str):
        return None
    text = fold(value)
    try:
        if match := _YEAR_MONTH.fullmatch(text):
            return dt.date(int(match[1]), int(match[2]), 1)
        if match := _MONTH_YEAR.fullmatch(text):
            return dt.date(int(match[2]), int(match[1]), 1)
        if (match := _NAME_YEAR.fullmatch(text)) and match[1] in _MONTH_NAMES:
            return dt.date(_full_year(match[2] or match[3]), _MONTH_NAMES[match[1]], 1)
    except ValueError:
        return None
    if (match := _ISO.fullmatch(text)) and match[2] == "-":
        day = parse_date_text(value.strip())
        return day.replace(day=1) if day else None
    return None

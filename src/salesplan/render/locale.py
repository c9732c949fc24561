"""Numbers, money, percentages, dates and months in the document's language, through Babel.

Nothing here is hand-made: grouping, decimal signs, currency placement and month names all
come from Babel's CLDR data (``€30,000`` and ``Feb 1, 2027`` in English, ``30 000 €`` with
narrow no-break spaces and ``1 févr. 2027`` in French).
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, format_decimal, get_currency_symbol

from salesplan.numberformat import MISSING, count_places, money_places, percent_places
from salesplan.plan.months import month_start

LANGUAGES = ("en", "fr")

CENT = Decimal("0.01")

#: Shown in a cell where a ratio has no meaning (a month with a zero target): the one
#: missing-value mark of :mod:`salesplan.numberformat`.
NOT_APPLICABLE = MISSING


@lru_cache(maxsize=None)
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@lru_cache(maxsize=None)
def _pattern(language: str, kind: str, min_digits: int, max_digits: int) -> NumberPattern:
    """The locale's currency or percent pattern with the fraction digits we want."""
    locale = _locale(language)
    source = locale.currency_formats["standard"] if kind == "currency" else locale.percent_formats[None]
    pattern = copy.copy(source)
    pattern.frac_prec = (min_digits, max_digits)
    return pattern


@lru_cache(maxsize=None)
def _symbols(language: str, currency: str) -> tuple[str, str]:
    """(the locale's currency symbol, the one documents print).

    CLDR gives French a country-marked pound (``£GB``) where a reader expects ``£``: a symbol
    that is the English one-character sign plus letters is printed as that sign. The dollar
    keeps its mark (``$US``, ``$CA``): many currencies share the bare sign.
    """
    symbol = get_currency_symbol(currency, language)
    sign = get_currency_symbol(currency, "en")
    if len(sign) == 1 and not sign.isalpha() and sign != "$" and sign in symbol and symbol.replace(sign, "").isalpha():
        return symbol, sign
    return symbol, symbol


def percent_digits(ratio: Decimal) -> int:
    """The document's one precision rule: whole percent, one decimal under 10%.

    One decimal also where a whole percent would hide a difference that matters: a coverage
    of 99.6% is not "100%", 0.3% is not "0%".
    """
    share = abs(ratio) * 100
    if share < 10:
        return 1
    if share.quantize(Decimal(1), rounding=ROUND_HALF_UP) == 100 and share != 100:
        return 1
    return 0


def is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


@dataclass(frozen=True)
class Formats:
    """Formatting for one document: its language and the plan's currency (None: no sign)."""

    language: str
    currency: str | None = None
    locale: Locale = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"unsupported language {self.language!r} (known: {', '.join(LANGUAGES)})")
        object.__setattr__(self, "locale", _locale(self.language))

    # ----- numbers

    def money(self, value: Decimal | int) -> str:
        """An amount by :mod:`salesplan.numberformat`'s rule: whole from 1,000 up (``€32,288``),
        cents below only where there are some (``€540.50``, ``€540``)."""
        value = Decimal(value)
        digits = money_places(value)
        value = value.quantize(CENT if digits else Decimal(1), rounding=ROUND_HALF_UP)  # as an accountant rounds
        if self.currency is None:
            return self.number(value, digits=digits)
        pattern = _pattern(self.language, "currency", digits, digits)
        text = pattern.apply(value, self.locale, currency=self.currency, currency_digits=False)
        symbol, plain = _symbols(self.language, self.currency)
        return text.replace(symbol, plain) if plain != symbol else text

    def number(self, value: Decimal | int, *, digits: int | None = None) -> str:
        """A plain number with the locale's grouping (``30,000``; ``30 000`` in French)."""
        value = Decimal(value)
        if digits is None:
            digits = 0 if is_whole(value) else 2
        return format_decimal(value, format=f"#,##0.{'0' * digits}" if digits else "#,##0", locale=self.locale)

    def amount(self, value: Decimal | int, metric: str) -> str:
        """A goal's figure: money for a revenue goal, a count for a deals goal."""
        return self.money(value) if metric == "revenue" else self.count(value)

    def count(self, value: Decimal | int) -> str:
        """A count by the one rule: ``12``, a share of one with a decimal (``3.2``)."""
        return self.number(value, digits=count_places(Decimal(value)))

    def share(self, ratio: Decimal | None, tolerance: Decimal | None = None) -> str:
        """A percentage by the one rule: rounded to a whole percent (``107%``), one decimal under
        10% (``4.5%``); with ``tolerance``, a pace never shown across its status boundary."""
        if ratio is None:
            return NOT_APPLICABLE
        shown, places = percent_places(Decimal(ratio), tolerance)
        return _pattern(self.language, "percent", places, places).apply(shown / 100, self.locale)

    def percent(self, ratio: Decimal | None, *, digits: int | None = None) -> str:
        """``0.8267`` -> ``83%`` (``83 %`` in French), by :func:`percent_digits` unless ``digits``
        is given; rounded half up, trailing zero decimals dropped (``0.06`` -> ``6%``)."""
        if ratio is None:
            return NOT_APPLICABLE
        ratio = Decimal(ratio)
        if digits is None:
            digits = percent_digits(ratio)
        rounded = (ratio * 100).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP) / 100
        return _pattern(self.language, "percent", 0, digits).apply(rounded, self.locale)

    def change(self, ratio: Decimal | None) -> str:
        """A signed change: ``+20%``, ``-2%`` (with the locale's minus and percent forms)."""
        if ratio is None:
            return NOT_APPLICABLE
        text = self.percent(ratio)
        if ratio > 0:
            return self.locale.number_symbols["latn"]["plusSign"] + text
        return text

    # ----- dates

    def long_date(self, day: dt.date) -> str:
        """``January 1, 2027`` / ``1er janvier 2027`` (CLDR long form; French writes the first
        day of a month as an ordinal)."""
        text = format_date(day, format="long", locale=self.locale)
        if self.language == "fr" and day.day == 1:
            text = "1er" + text[1:]
        return text

    def date(self, day: dt.date) -> str:
        """``Feb 1, 2027`` / ``1 févr. 2027`` (CLDR medium form)."""
        return format_date(day, format="medium", locale=self.locale)

    def month(self, month: str) -> str:
        """``February 2027`` / ``février 2027`` for a ``YYYY-MM`` key."""
        return format_date(month_start(month), format="LLLL yyyy", locale=self.locale)

    def month_short(self, month: str, *, year: bool = False) -> str:
        """``Feb`` / ``févr.``, with the year (``Feb 2027``) when asked."""
        pattern = "MMM yyyy" if year else "LLL"
        return format_date(month_start(month), format=pattern, locale=self.locale)

    def month_name(self, month: str) -> str:
        """``February`` / ``février``: a month in a sentence (the plan summary's short months)."""
        return format_date(month_start(month), format="LLLL", locale=self.locale)

    def month_initial(self, month: str) -> str:
        """``F`` / ``F``: the narrow form, for crowded chart axes."""
        return format_date(month_start(month), format="LLLLL", locale=self.locale)

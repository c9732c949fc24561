"""The fixed wording: one complete set per language, plan text never evaluated, Babel formats."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from jinja2.runtime import Macro

from salesplan.render.locale import Formats
from salesplan.render.wording import FILES, Wording, environment
from salesplan.resources import templates_dir


def exported(language: str, file: str) -> dict:
    module = environment(language).get_template(f"{file}.j2").make_module(vars={"fmt": Formats(language)})
    return {name: getattr(module, name) for name in dir(module) if not name.startswith("_")}


def shape(value):
    """Macro names with their arguments, mapping keys (nested), for comparing languages."""
    if isinstance(value, Macro):
        return ("macro", tuple(value.arguments))
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    return type(value).__name__


@pytest.mark.parametrize("file", FILES)
def test_every_language_has_the_same_macros_and_keys(file):
    assert shape(exported("fr", file)) == shape(exported("en", file))


def test_templates_live_in_the_templates_folder():
    folder = templates_dir() / "render"
    assert sorted(p.name for p in (folder / "en").glob("*.j2")) == sorted(f"{f}.j2" for f in FILES)
    assert (templates_dir() / "reference.docx").is_file()


def test_plan_text_is_a_value_never_a_template():
    words = Wording(Formats("en", "EUR"))
    text = words("document.top_action", objective="{{ 7*7 }} {% raw %}", goal="{{ goal }}", count=1,
                 last_due=dt.date(2027, 3, 31))
    assert text == "{{ 7*7 }} {% raw %} (goal: {{ goal }}): 1 initiative, the last one due Mar 31, 2027."


def test_formats_en():
    fmt = Formats("en", "EUR")
    assert fmt.money(Decimal(30000)) == "€30,000"
    assert fmt.money(Decimal("2254.545")) == "€2,255"  # whole from 1,000 up (salesplan.numberformat)
    # one precision rule: whole percent, one decimal under 10 % (rounded half up)
    assert fmt.percent(Decimal(24800) / Decimal(30000)) == "83%"
    assert fmt.percent(Decimal("0.0605")) == "6.1%" and fmt.percent(Decimal("0.06")) == "6%"
    assert fmt.percent(Decimal("0.996")) == "99.6%"  # never "100%" for a coverage that falls short
    assert fmt.percent(Decimal("1.25")) == "125%"
    assert fmt.change(Decimal("0.2")) == "+20%"
    assert fmt.change(Decimal("-0.02")) == "-2%"
    assert fmt.date(dt.date(2027, 2, 1)) == "Feb 1, 2027"
    assert fmt.month("2027-02") == "February 2027"
    assert Formats("en").money(Decimal(30000)) == "30,000"


def test_people_numbers_one_rule_in_both_languages():
    """Money whole from 1,000 up, cents below where there are some; counts with a decimal only for
    a share of one; percentages rounded half up, one decimal under 10%; a pace never rounded
    across its status boundary (94.96% is behind with a 5% tolerance: 94.9%, not 95%)."""
    en, fr = Formats("en", "EUR"), Formats("fr", "EUR")
    assert [en.money(Decimal(x)) for x in ("32288.44", "1000.5", "999.5", "540", "-1234.5")] == [
        "€32,288", "€1,001", "€999.50", "€540", "-€1,235"]
    assert [fr.money(Decimal(x)) for x in ("32288.44", "999.5")] == ["32\u202f288\u00a0€", "999,50\u00a0€"]
    assert [en.count(Decimal(x)) for x in ("12", "3.2308", "150.4")] == ["12", "3.2", "150"]
    assert fr.count(Decimal("3.2308")) == "3,2"
    assert [en.share(Decimal(x)) for x in ("1.0763", "0.045", "0.05", "0.1")] == ["108%", "4.5%", "5%", "10%"]
    assert en.share(None) == "\u2014"
    assert en.share(Decimal("0.9496"), Decimal("0.05")) == "94.9%"
    assert fr.share(Decimal("0.9496"), Decimal("0.05")) == "94,9\u00a0%"


def test_formats_fr():
    fmt = Formats("fr", "EUR")
    assert fmt.money(Decimal(30000)) == "30\u202f000\u00a0€"
    assert fmt.percent(Decimal(24800) / Decimal(30000)) == "83\u00a0%"
    assert fmt.long_date(dt.date(2027, 1, 1)) == "1er janvier 2027"
    assert fmt.long_date(dt.date(2027, 1, 2)) == "2 janvier 2027"
    assert Formats("fr", "GBP").money(Decimal(30000)) == "30\u202f000\u00a0£"  # not £GB
    assert fmt.date(dt.date(2027, 2, 1)) == "1 févr. 2027"
    assert fmt.month("2027-02") == "février 2027"
    assert fmt.month_short("2027-02") == "févr."
    assert Formats("fr", "USD").money(Decimal("234.5")) == "234,50\u00a0$US"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        Formats("de")

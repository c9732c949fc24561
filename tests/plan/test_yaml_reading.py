"""The YAML layer: YAML 1.2 core types, exact decimals, positions, refused constructs."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salesplan.plan.yamlio import YamlFileError, load_yaml


def test_yes_no_on_off_stay_strings_and_only_true_false_are_booleans():
    data, _, problems = load_yaml("a: no\nb: yes\nc: on\nd: OFF\ne: true\nf: False\ng: NO\n", "t.yaml")
    assert data == {"a": "no", "b": "yes", "c": "on", "d": "OFF", "e": True, "f": False, "g": "NO"}
    assert problems == []


def test_numbers_are_exact_and_dates_and_months_stay_text():
    data, _, _ = load_yaml("a: 0.1\nb: 30000\nc: 2027-01\nd: 2027-01-31\ne: 1e3\nf: 0x1F\ng: ~\n", "t.yaml")
    assert data["a"] == Decimal("0.1") and isinstance(data["a"], Decimal)
    assert data["b"] == 30000 and isinstance(data["b"], int)
    assert data["c"] == "2027-01" and data["d"] == "2027-01-31"
    assert data["e"] == Decimal(1000) and data["f"] == 31 and data["g"] is None


def test_positions_of_values_and_keys_are_one_based():
    _, positions, _ = load_yaml("plan:\n  title: X\ngoals:\n  - {id: a, target: 5}\n", "t.yaml")
    assert positions.values[("plan", "title")] == (2, 10)
    assert positions.keys[("plan", "title")] == (2, 3)
    assert positions.values[("goals", 0, "target")] == (4, 21)
    # an unknown deeper path falls back to its nearest known ancestor
    assert positions.of_value(("goals", 0, "monthly")) == (4, 5)


def test_merge_keys_fill_in_missing_keys_only():
    data, _, problems = load_yaml("base: &b {role: AE, territory: west}\nm: {<<: *b, role: SDR}\n", "t.yaml")
    assert data["m"] == {"role": "SDR", "territory": "west"} and problems == []


def test_alias_bomb_is_refused():
    """9 ** 10 strings if expanded: refused as an alias bomb (counted, never built)."""
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join(["*" + chr(96 + i)] * 9) + "]")
    with pytest.raises(YamlFileError, match="alias bomb"):
        load_yaml("\n".join(lines), "bomb.yaml")


def test_a_few_aliases_are_fine():
    data, _, problems = load_yaml("a: &x [1, 2]\nb: *x\n", "t.yaml")
    assert data == {"a": [1, 2], "b": [1, 2]} and problems == []


@pytest.mark.parametrize("text", ["a: !!python/object:os.system x\n", "a: !!set {x}\n", "a: !custom x\n",
                                  "a: !!timestamp 2027-01-01\n"])
def test_tags_outside_the_core_set_are_refused(text):
    _, _, problems = load_yaml(text, "t.yaml")
    assert len(problems) == 1 and "is not allowed" in problems[0].message


def test_explicit_core_tags_are_honoured():
    data, _, problems = load_yaml("a: !!str 2027\nb: !!int '12'\n", "t.yaml")
    assert data == {"a": "2027", "b": 12} and problems == []


def test_deeply_nested_input_is_an_error_not_a_crash():
    with pytest.raises(YamlFileError):
        load_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")

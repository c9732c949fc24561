"""Positive and negative example files (the check-jsonschema way).

Every file under ``tests/data/invalid`` and ``tests/data/warning`` has a ``.out`` file beside it
holding the exact text ``salesplan validate`` must print on stderr (``{file}`` stands for the
path given on the command line). The first comment line of each plan says what it gets wrong.
Every plan under ``plans/``, ``tests/data/valid`` and the starter plans validates with no warning.
"""

from __future__ import annotations

import json

import pytest

from salesplan.cli import main
from tests.conftest import DATA, PLANS, ROOT

INVALID = sorted((DATA / "invalid").glob("*.yaml"))
WARNING = sorted((DATA / "warning").glob("*.yaml"))
VALID = sorted((DATA / "valid").glob("*.yaml")) + sorted(PLANS.glob("*.yaml")) + sorted(
    (ROOT / "templates" / "init").glob("*.yaml"))


def expected(path):
    return path.with_suffix(".out").read_text(encoding="utf-8").replace("{file}", str(path))


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_plan_reports_exact_errors_and_exits_1(runner, path):
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr == expected(path)
    assert result.stdout == ""


@pytest.mark.parametrize("path", WARNING, ids=lambda p: p.stem)
def test_warning_plan_passes_with_its_warning(runner, path):
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0
    warnings = [line for line in expected(path).splitlines() if ": warning: " in line]
    assert warnings and result.stderr.splitlines() == warnings
    assert result.stdout == f"{path}: ok ({len(warnings)} warning{'s' if len(warnings) > 1 else ''})\n"


@pytest.mark.parametrize("path", WARNING, ids=lambda p: p.stem)
def test_strict_turns_warnings_into_errors(runner, path):
    result = runner.invoke(main, ["validate", "--strict", str(path)])
    assert result.exit_code == 1
    assert ": warning: " not in result.stderr
    first = expected(path).splitlines()[0].replace(": warning: ", ": error: ")
    assert result.stderr.splitlines()[0] == first


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_plans_have_no_message(runner, path):
    result = runner.invoke(main, ["validate", "--strict", str(path)])
    assert result.stderr == ""
    assert result.stdout == f"{path}: ok\n"
    assert result.exit_code == 0


def test_every_negative_example_has_its_expected_output():
    for path in INVALID + WARNING:
        assert path.with_suffix(".out").is_file(), path
        assert path.with_suffix(".out").read_text(encoding="utf-8").strip(), path


def test_several_files_at_once_json(runner):
    bad = DATA / "invalid" / "monthly-sum.yaml"
    good = PLANS / "northwind-2027.yaml"
    result = runner.invoke(main, ["validate", "--format", "json", str(good), str(bad)])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert [f["valid"] for f in data["files"]] == [True, False]
    assert data["files"][1]["diagnostics"] == [{
        "file": str(bad), "line": 28, "column": 14, "severity": "error", "path": "goals[0].monthly",
        "message": "adds up to 29000, target is 30000 (short by 1000)",
    }]

"""init, summary, schema and the file-level errors, through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from salesplan.cli import main
from salesplan.plan.schema import schema_text
from tests.conftest import NORTHWIND, ROOT, run_cli


def test_validate_missing_file(runner, tmp_path):
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(main, ["validate", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: error: no such file\n{missing}: invalid (1 error)\n"


def test_validate_folder(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{tmp_path}: error: is a folder, not a plan file"


def test_validate_needs_a_file_usage_error(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 2


def test_init_writes_a_valid_plan_and_refuses_to_overwrite(runner, tmp_path):
    target = tmp_path / "plan.yaml"
    result = runner.invoke(main, ["init", str(target), "--year", "2028", "--kind", "30-60-90"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {target}. Next: edit it, then run: salesplan validate {target}\n"
    text = target.read_text(encoding="utf-8")
    assert "start: 2028-01-01" in text and "kind: 30-60-90" in text
    assert runner.invoke(main, ["validate", "--strict", str(target)]).exit_code == 0

    target.write_text("my own plan\n", encoding="utf-8")
    again = runner.invoke(main, ["init", str(target)])
    assert again.exit_code == 1
    assert again.stderr == f"{target}: already exists; use --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == "my own plan\n"

    forced = runner.invoke(main, ["init", str(target), "--force", "--year", "2027"])
    assert forced.exit_code == 0 and "start: 2027-01-01" in target.read_text(encoding="utf-8")


def test_init_french_plan_is_french_and_valid(runner, tmp_path):
    target = tmp_path / "plan-fr.yaml"
    assert runner.invoke(main, ["init", str(target), "--language", "fr", "--year", "2027"]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "language: fr" in text and "Votre entreprise" in text
    assert runner.invoke(main, ["validate", "--strict", str(target)]).exit_code == 0


def test_init_into_missing_folder_is_a_clear_error(runner, tmp_path):
    target = tmp_path / "no" / "such" / "plan.yaml"
    result = runner.invoke(main, ["init", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"{target}: cannot write, folder '{target.parent}' does not exist\n"


def test_summary_json_figures(runner):
    result = runner.invoke(main, ["summary", str(NORTHWIND), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    revenue = data["goals"][0]
    assert revenue["goal"] == "revenue" and revenue["target"] == 30000
    assert revenue["cumulative"] == {"2027-01": 8000, "2027-02": 16000, "2027-03": 30000}
    assert revenue["quota_total"] == {"2027-01": 11000, "2027-02": 12500, "2027-03": 14000}
    assert revenue["over_assignment"] == {"2027-01": 1.375, "2027-02": 1.5625, "2027-03": 1}
    assert revenue["territories"] == [
        {"territory": "west", "name": "West", "target": 18000, "share": 0.6},
        {"territory": "east", "name": "East", "target": 12000, "share": 0.4},
    ]
    assert data["reps"][1] == {"rep": "shane", "name": "Shane Okafor", "goal": "revenue",
                               "monthly": {"2027-01": 3000, "2027-02": 4500, "2027-03": 6000}, "total": 13500}
    # the period as a whole: 30000 / 3000 = 10 won deals, 10 / 0.5 = 20, 20 / 0.4 = 50, 50 / 0.25 = 200
    assert [s["total"] for s in data["funnel"]["stages"]] == [200, 50, 20, 10]
    # 24800 / 10 deals = 2480; the SDR hire costs 2100 in February and March = 4200
    assert data["budget"] == {"total": 24800, "by_category": {
        "compensation": 18000, "training": 1500, "tools": 2700, "contests": 600, "team-building": 500,
        "travel": 1200, "food": 300}, "ratio_to_revenue": 0.8267, "cost_per_won_deal": 2480,
        "won_deals": 10, "hires_cost": 4200, "total_with_hires": 29000}


def test_summary_table_shows_ramped_rep(runner):
    result = runner.invoke(main, ["summary", str(NORTHWIND)])
    assert result.exit_code == 0
    assert "  shane  revenue    3,000    4,500    6,000  13,500" in result.stdout.splitlines()
    assert "  2027-02   8,000      16,000      12,500             156%" in result.stdout.splitlines()


def test_summary_of_invalid_plan_prints_validate_messages(runner):
    bad = ROOT / "tests" / "data" / "invalid" / "monthly-sum.yaml"
    result = runner.invoke(main, ["summary", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == f"{bad}:28:14: error: goals[0].monthly: adds up to 29000, target is 30000 (short by 1000)\n"


def test_schema_command_matches_the_shipped_file(runner):
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    shipped = (ROOT / "schema" / "plan.schema.json").read_text(encoding="utf-8")
    assert result.stdout == shipped == schema_text()
    schema = json.loads(shipped)
    assert schema["required"] == ["plan", "mission", "goals"]
    assert schema["additionalProperties"] is False


def test_version_and_help(runner):
    assert runner.invoke(main, ["--version"]).stdout.startswith("salesplan, version ")
    for command in ("init", "validate", "summary", "schema"):
        help_text = runner.invoke(main, [command, "--help"]).stdout
        assert "Example" in help_text, command


def test_validate_does_not_import_heavy_libraries():
    code = (
        "import sys\n"
        "from salesplan.cli import main\n"
        "try:\n    main(['validate', sys.argv[1]])\nexcept SystemExit as exit:\n    assert exit.code == 0\n"
        "heavy = ('matplotlib', 'docx', 'openpyxl', 'python_calamine', 'babel', 'jinja2')\n"
        "print('HEAVY=' + ','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(NORTHWIND)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert result.stdout.splitlines() == [f"{NORTHWIND}: ok", "HEAVY="]


def test_python_dash_m_runs_validate():
    result = run_cli("validate", str(NORTHWIND))
    assert result.returncode == 0
    assert result.stdout == f"{NORTHWIND}: ok\n"


def test_validate_writes_nothing_to_a_cache_folder(isolated_home):
    """No compiled validator or template is kept between runs (a cache holds data, never code):
    the test's HOME and XDG folders (see conftest.py) are still empty after a run."""
    bad = ROOT / "tests" / "data" / "invalid" / "share-out-of-range.yaml"
    expected = (ROOT / "tests" / "data" / "invalid" / "share-out-of-range.out").read_text(encoding="utf-8")
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    assert result.stderr == expected.replace("{file}", str(bad))
    assert [p for p in isolated_home.rglob("*") if p.is_file()] == []

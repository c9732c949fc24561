"""The user documentation travels with the code: README and docs/ stay true and self-contained."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from pydantic import BaseModel

from salesplan.plan import load_plan_text
from salesplan.plan import model
from tests.conftest import PLANS, ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")
PLAN_DOC = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
TRACKING_DOC = (ROOT / "docs" / "tracking.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name,text", [("README.md", README), ("docs/plan-format.md", PLAN_DOC),
                                       ("docs/tracking.md", TRACKING_DOC)])
def test_no_link_leaves_the_repository(name, text):
    assert "../shared" not in text
    folder = ROOT if name == "README.md" else ROOT / "docs"
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if target.startswith(("http://", "https://")):
            continue
        assert (folder / target).exists(), f"{name}: broken link {target}"


def test_readme_links_to_the_user_docs():
    assert "](docs/plan-format.md)" in README and "](docs/tracking.md)" in README


def test_the_complete_example_validates_with_no_message():
    example = PLAN_DOC.split("## A complete example", 1)[1]
    text = re.search(r"```yaml\n(.*?)```", example, re.S).group(1)
    result = load_plan_text(text, "example.yaml")
    assert result.ok
    assert [d.format() for d in result.diagnostics] == []


def _models():
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == model.__name__:
            yield value


def test_every_key_of_the_plan_is_documented():
    """Each key appears in backquotes, alone (`ramp`) or in a dotted path (`funnel.stages`)."""
    missing = sorted({f"{m.__name__}.{key}" for m in _models() for key in m.model_fields
                      if not re.search(rf"`(?:[a-z_]+\.)*{key}(?:\.[a-z_]+)*`", PLAN_DOC)})
    assert missing == []


def test_every_enumeration_is_spelled_with_hyphens_in_the_docs():
    assert "in_progress" not in PLAN_DOC.replace("(`in_progress`, `In progress` mean `in-progress`)", "")
    assert "`in-progress`" in PLAN_DOC


def test_the_forecast_walk_through_works_as_written(tmp_path):
    """The README's steps, in a folder that is not a git repository: step 4 shows the block it shows."""
    (tmp_path / "plans").mkdir()
    for name in ("northwind-2027.yaml", "northwind-2026-deals.csv"):
        shutil.copy(PLANS / name, tmp_path / "plans" / name)
    shutil.copy(PLANS / "northwind-2027.yaml", tmp_path / "my-plan.yaml")
    step = run_cli("forecast", "plans/northwind-2026-deals.csv", "--plan", "my-plan.yaml", "--growth", "12%",
                   "--round", "100", "--write", cwd=tmp_path)
    assert step.returncode == 0, step.stderr
    assert run_cli("validate", "my-plan.yaml", cwd=tmp_path).returncode == 0
    diff = subprocess.run(["git", "diff", "--no-index", "plans/northwind-2027.yaml", "my-plan.yaml"],
                          capture_output=True, text=True, cwd=tmp_path)
    shown = re.search(r"```diff\n(diff --git .*?)```", README, re.S).group(1)
    assert [line for line in diff.stdout.splitlines() if not line.startswith("index ")] == shown.splitlines()


def test_the_tracking_json_shape_in_the_docs_is_the_real_one(runner):
    """Every key the documented JSON shows is one the real report has, at the same place."""
    from salesplan.cli import main
    from tests.conftest import NORTHWIND

    documented = json.loads(re.search(r"### JSON\n.*?```json\n(.*?)```", TRACKING_DOC, re.S).group(1))
    result = runner.invoke(main, ["track", str(NORTHWIND), str(PLANS / "northwind-2027-actuals.xlsx"), "--as-of",
                                  "2027-02-14", "--format", "json"])
    real = json.loads(result.stdout)

    def keys(value, path=""):
        if isinstance(value, dict):
            for key, item in value.items():
                if path.endswith("needed_per_month"):
                    continue  # its keys are months
                yield f"{path}.{key}"
                yield from keys(item, f"{path}.{key}")
        elif isinstance(value, list) and value:
            yield from keys(value[0], path + "[]")

    assert set(keys(documented)) <= set(keys(real))

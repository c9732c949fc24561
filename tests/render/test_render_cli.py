"""``salesplan render`` on the command line: outputs, options and the exact error messages."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx_support import headings, read
from render_plans import NORTHWIND, REPO

from salesplan.cli import main
from salesplan.plan import load_plan


@pytest.fixture()
def plan_copy(tmp_path) -> Path:
    target = tmp_path / "northwind.yaml"
    target.write_text(NORTHWIND.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def invoke(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_default_output_is_the_plan_name_with_docx(plan_copy):
    result = invoke("render", str(plan_copy))
    assert result.exit_code == 0, result.output
    out = plan_copy.with_suffix(".docx")
    assert result.stdout == f"Wrote {out}\n"
    assert result.stderr == ""
    assert headings(read(out.read_bytes()), 1)[0][1] == "Summary"


def test_options_language_and_one_page(plan_copy, tmp_path):
    out = tmp_path / "summary-fr.docx"
    result = invoke("render", str(plan_copy), "-o", str(out), "--language", "fr", "--one-page")
    assert result.exit_code == 0, result.output
    assert [t for _, t in headings(read(out.read_bytes()), 1)] == ["Synthèse"]
    # the plan's own text cannot be translated: the reader is told, on stderr
    assert result.stderr == (f"{plan_copy}: note: the plan is written in English (language: en); the document's "
                             "fixed wording is in French, the plan's own text stays as written\n")


def test_no_note_when_the_language_is_the_plans_own(plan_copy, tmp_path):
    result = invoke("render", str(plan_copy), "-o", str(tmp_path / "plan.docx"), "--language", "en")
    assert result.exit_code == 0 and result.stderr == ""


def test_unwritable_path(plan_copy, tmp_path):
    out = tmp_path / "no-such-folder" / "plan.docx"
    result = invoke("render", str(plan_copy), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"{out}: cannot write, folder '{out.parent}' does not exist\n"
    assert not out.parent.exists()


def test_template_that_is_not_a_docx(plan_copy, tmp_path):
    template = tmp_path / "corporate.docx"
    template.write_text("just some text", encoding="utf-8")
    result = invoke("render", str(plan_copy), "--template", str(template), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 1
    assert result.stderr == (f"{template}: not a Word document (.docx); --template needs a .docx file "
                             "such as one saved from Word\n")
    assert not (tmp_path / "out.docx").exists()


def test_missing_template(plan_copy, tmp_path):
    template = tmp_path / "missing.docx"
    result = invoke("render", str(plan_copy), "--template", str(template))
    assert result.exit_code == 1
    assert result.stderr == f"{template}: no such file; --template needs a Word document (.docx)\n"


def test_invalid_plan_prints_what_validate_prints(tmp_path):
    plan = tmp_path / "broken.yaml"
    text = NORTHWIND.read_text(encoding="utf-8").replace("2027-03: 14000}", "2027-03: 13000}")
    plan.write_text(text, encoding="utf-8")
    line = next(n for n, content in enumerate(text.splitlines(), 1) if "2027-03: 13000}" in content)
    column = text.splitlines()[line - 1].index("{") + 1
    expected = f"{plan}:{line}:{column}: error: goals[0].monthly: adds up to 29000, target is 30000 (short by 1000)\n"
    assert "".join(d.format() + "\n" for d in load_plan(plan).diagnostics) == expected  # what validate prints
    result = invoke("render", str(plan), "-o", str(tmp_path / "out.docx"))
    assert result.exit_code == 1
    assert result.stderr == expected
    assert not (tmp_path / "out.docx").exists()


def test_missing_plan(tmp_path):
    plan = tmp_path / "nothing.yaml"
    result = invoke("render", str(plan))
    assert result.exit_code == 1
    assert result.stderr == f"{plan}: error: no such file\n"


def test_output_pointing_at_the_plan_itself(plan_copy):
    before = plan_copy.read_bytes()
    result = invoke("render", str(plan_copy), "-o", str(plan_copy))
    assert result.exit_code == 1
    assert result.stderr == f"{plan_copy}: refusing to overwrite the input file; choose another output with -o\n"
    assert plan_copy.read_bytes() == before


def test_output_must_be_docx_or_pdf(plan_copy, tmp_path):
    out = tmp_path / "plan.odt"
    result = invoke("render", str(plan_copy), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"{out}: the output must be a .docx or a .pdf file\n"


def test_pdf_without_libreoffice(plan_copy, tmp_path):
    out = tmp_path / "plan.pdf"
    result = invoke("render", str(plan_copy), "-o", str(out), env={"PATH": str(tmp_path)})
    assert result.exit_code == 1
    assert result.stderr == (f"{out}: cannot write a PDF: LibreOffice was not found, so no PDF can be made (looked "
                             "for soffice on the PATH and in /opt/libreoffice*/program/soffice); install it from "
                             "https://www.libreoffice.org, or set SALESPLAN_SOFFICE to its soffice program, or write "
                             "a .docx instead\n")
    assert not out.exists()


def test_bad_source_date_epoch(plan_copy, tmp_path):
    result = invoke("render", str(plan_copy), "-o", str(tmp_path / "x.docx"), env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 1
    assert result.stderr == "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, got 'yesterday'\n"


def test_unknown_language_is_a_usage_error(plan_copy):
    result = invoke("render", str(plan_copy), "--language", "de")
    assert result.exit_code == 2


def test_help_has_an_example():
    result = invoke("render", "--help")
    assert result.exit_code == 0
    assert "salesplan render plans/northwind-2027.yaml -o northwind.pdf" in result.output
    assert "--template REF.docx" in result.output


def run_python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=env, check=True, cwd=REPO)
    return done.stdout.strip()


def test_render_imports_matplotlib(tmp_path):
    out = tmp_path / "plan.docx"
    code = f"""
        import sys
        from salesplan.cli import main
        try:
            main(["render", {str(NORTHWIND)!r}, "-o", {str(out)!r}])
        except SystemExit:
            pass
        print("matplotlib" in sys.modules)
    """
    assert run_python(code).splitlines()[-1] == "True"


def test_the_rest_of_salesplan_does_not_import_matplotlib():
    code = """
        import importlib, pkgutil, sys
        import salesplan
        charts = {"salesplan.render.chart_drawing", "salesplan.render.plan_charts", "salesplan.render.progress_charts"}  # the drawing modules
        for module in pkgutil.walk_packages(salesplan.__path__, "salesplan."):
            if module.name not in charts:
                importlib.import_module(module.name)
        print(sorted(m for m in sys.modules if m.split(".")[0] == "matplotlib"))
    """
    assert run_python(code) == "[]"

"""PDF through LibreOffice: both example plans convert, with a sensible number of pages."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from render_plans import ATELIER, NORTHWIND

from salesplan.cli import main

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice (soffice) is not installed: no PDF conversion to test")


def page_count(pdf: bytes) -> int:
    if shutil.which("pdfinfo"):
        with_info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
        return int(re.search(rb"Pages:\s+(\d+)", with_info.stdout).group(1))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize(("plan", "low", "high"), [(NORTHWIND, 6, 13), (ATELIER, 9, 17)])
def test_example_plans_convert_to_pdf(tmp_path, plan, low, high):
    out = tmp_path / f"{plan.stem}.pdf"
    result = CliRunner().invoke(main, ["render", str(plan), "-o", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert low <= page_count(pdf) <= high


def test_the_one_page_summary_is_one_page(tmp_path):
    out = tmp_path / "summary.pdf"
    result = CliRunner().invoke(main, ["render", str(ATELIER), "--one-page", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert page_count(out.read_bytes()) == 1
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind

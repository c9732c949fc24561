"""Shared fixtures of the render tests: the example documents, rendered once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docx_support import read  # noqa: E402
from render_plans import ATELIER, NORTHWIND  # noqa: E402

from salesplan.plan import require_plan  # noqa: E402
from salesplan.render import render_docx  # noqa: E402

FIXED_ENV: dict[str, str] = {}  # no SOURCE_DATE_EPOCH: dates come from the plan


@pytest.fixture(scope="session")
def northwind_plan():
    return require_plan(NORTHWIND)


@pytest.fixture(scope="session")
def atelier_plan():
    return require_plan(ATELIER)


@pytest.fixture(scope="session")
def northwind_bytes(northwind_plan) -> bytes:
    return render_docx(northwind_plan, environ=FIXED_ENV)


@pytest.fixture(scope="session")
def atelier_bytes(atelier_plan) -> bytes:
    return render_docx(atelier_plan, environ=FIXED_ENV)


@pytest.fixture()
def northwind_doc(northwind_bytes):
    return read(northwind_bytes)


@pytest.fixture()
def atelier_doc(atelier_bytes):
    return read(atelier_bytes)

"""Fixtures writing small actuals files the way CRMs and spreadsheet programs do."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest


@pytest.fixture
def write_xlsx(tmp_path: Path):
    """``write_xlsx(name, {sheet: rows})`` -> path; rows are lists of cell values (None = empty)."""

    def write(name: str, sheets: dict[str, list[list]]) -> Path:
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row in rows:
                sheet.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture
def write_csv(tmp_path: Path):
    """``write_csv(name, rows, delimiter=',', encoding='utf-8')`` -> path, written with the csv module."""

    def write(name: str, rows: list[list], delimiter: str = ",", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        with path.open("w", newline="", encoding=encoding) as fh:
            csv.writer(fh, delimiter=delimiter).writerows(rows)
        return path

    return write

"""Pieces every command shares: loading a valid plan, messages, atomic writes, reading actuals.

A command reports a user's mistake by raising :class:`~salesplan.errors.SalesplanError`
(:func:`fail`); the group's error boundary (:mod:`salesplan.cli.boundary`) prints it and exits 1.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NoReturn

import click

from salesplan.errors import SalesplanError
from salesplan.plan import LoadResult, Plan, load_plan
from salesplan.plan.diagnostics import Diagnostic

PROGRESS_BYTES = 4 * 1024 * 1024  # actuals files above this size show progress on a terminal


class Words(click.Choice):
    """A choice typed in any case, words joined by ``-``, ``_`` or spaces: ``JSON``, ``market_expansion``."""

    def __init__(self, choices) -> None:
        super().__init__(list(choices), case_sensitive=False)

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            wanted = re.sub(r"[\s_-]+", "-", value.strip().lower())
            value = next((c for c in self.choices if c.lower() == wanted), value)
        return super().convert(value, param, ctx)


def fail(message: str) -> NoReturn:
    """Stop the command: ``message`` on stderr, exit status 1 (through the error boundary)."""
    raise SalesplanError(message)


def colour_enabled(stream=None) -> bool:
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


@dataclass(frozen=True)
class Verdict:
    """A loaded plan as a command reports it; ``--strict`` (warnings are errors) is applied here only."""

    file: str
    diagnostics: list[Diagnostic]
    failed: bool

    @classmethod
    def of(cls, result: LoadResult, *, strict: bool = False) -> Verdict:
        diagnostics = result.diagnostics
        if strict:
            diagnostics = [replace(d, severity="error") for d in diagnostics]
        return cls(result.file, diagnostics, not result.ok or (strict and bool(result.warnings)))

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    def text(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=True)


def load_valid_plan(path: str, *, show_warnings: bool = True) -> Plan:
    """The plan at ``path`` (its warnings on stderr); else :class:`SalesplanError` with the
    messages ``validate`` prints, errors and warnings in the order of the file."""
    result = load_plan(path)
    verdict = Verdict.of(result)
    if verdict.failed:
        raise SalesplanError(verdict.text())
    if show_warnings:
        print_diagnostics(result.diagnostics)
    return result.plan  # type: ignore[return-value]


def check_output(path: str | Path, *, protect: tuple[str | Path, ...] = ()) -> Path:
    """The output path, after checking it is no input file and its folder exists.

    Commands call it before long work, so a wrong ``-o`` fails at once; :func:`write_atomic`
    calls it again. Raises :class:`SalesplanError`.
    """
    target = Path(path)
    for source in protect:
        try:
            if target.exists() and target.resolve() == Path(source).resolve():
                fail(f"{target}: refusing to overwrite the input file; choose another output with -o")
        except OSError:
            pass
    if target.is_dir():
        fail(f"{target}: is a folder; give the output a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        fail(f"{target}: cannot write, folder '{folder}' does not exist")
    return target


def write_atomic(path: str | Path, data: bytes, *, protect: tuple[str | Path, ...] = ()) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    ``protect`` lists the input files the output must never replace. Raises :class:`SalesplanError`
    for a path that cannot be written.
    """
    target = check_output(path, protect=protect)
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        fail(f"{target}: cannot write ({exc.strerror or exc})")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, PermissionError) and target.exists():  # Windows: the file is open in Word or Excel
            fail(f"{target}: cannot replace the file: it is open in another program; close it in "
                 f"{'Excel' if target.suffix.lower() in ('.xlsx', '.csv') else 'Word'} and run again")
        fail(f"{target}: cannot write ({exc.strerror or exc})")
    return target


def check_actuals_path(path: str) -> Path:
    """The actuals (or history) file, or one clear sentence when it is missing or cannot be read."""
    file = Path(path)
    if not file.exists():
        fail(f"{path}: no such file")
    if file.is_dir():
        fail(f"{path}: is a folder, not a spreadsheet (give a .xlsx or .csv file)")
    if not os.access(file, os.R_OK):
        fail(f"{path}: cannot be read (permission denied)")
    return file


class Progress:
    """``reading deals.xlsx: 250,000 rows`` on stderr, rewritten in place."""

    def __init__(self, name: str) -> None:
        self.name = name

    def start(self) -> None:
        click.echo(f"\rreading {self.name} ...", err=True, nl=False)

    def __call__(self, rows: int) -> None:
        click.echo(f"\rreading {self.name}: {rows:,} rows", err=True, nl=False)

    def done(self) -> None:
        click.echo("\r\033[K", err=True, nl=False)


@contextmanager
def reading_progress(source: Path) -> Iterator[Progress | None]:
    """The progress display for reading ``source``: only for a large file and on a terminal
    (else None); the line is cleared at the end, error or not."""
    if source.stat().st_size <= PROGRESS_BYTES or not sys.stderr.isatty():
        yield None
        return
    progress = Progress(source.name)
    progress.start()
    try:
        yield progress
    finally:
        progress.done()

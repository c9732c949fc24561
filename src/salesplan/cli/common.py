"""Pieces every command shares: loading a valid plan, messages, atomic writes."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

import click

from salesplan.plan import LoadResult, Plan, load_plan


class UserError(click.ClickException):
    """A mistake in the user's data or files: one clear message on stderr, exit status 1."""

    exit_code = 1

    def show(self, file=None) -> None:  # no "Error:" prefix: our messages name file and line
        click.echo(self.format_message(), err=True)


def fail(message: str) -> NoReturn:
    raise UserError(message)


def colour_enabled(stream=None) -> bool:
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def print_diagnostics(result: LoadResult, *, strict: bool = False) -> None:
    for diagnostic in result.diagnostics:
        line = diagnostic.format()
        if strict and diagnostic.severity == "warning":
            line = line.replace(": warning: ", ": error: ", 1)
        click.echo(line, err=True)


def load_valid_plan(path: str, *, strict: bool = False, show_warnings: bool = True) -> Plan:
    """The plan at ``path``, or exit 1 with the same messages ``validate`` prints."""
    result = load_plan(path)
    if result.ok and not (strict and result.warnings):
        if show_warnings:
            print_diagnostics(result)
        return result.plan  # type: ignore[return-value]
    print_diagnostics(result, strict=strict)
    raise click.exceptions.Exit(1)


def check_output(path: str | Path, *, protect: tuple[str | Path, ...] = ()) -> Path:
    """The output path, after checking it is no input file and its folder exists.

    Commands call it before long work, so a wrong ``-o`` fails at once; :func:`write_atomic`
    calls it again. Raises :class:`UserError`.
    """
    target = Path(path)
    for source in protect:
        try:
            if target.exists() and target.resolve() == Path(source).resolve():
                fail(f"{target}: refusing to overwrite the input file; choose another output with -o")
        except OSError:
            pass
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        fail(f"{target}: cannot write, folder '{folder}' does not exist")
    return target


def write_atomic(path: str | Path, data: bytes, *, protect: tuple[str | Path, ...] = ()) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    ``protect`` lists the input files the output must never replace. Raises :class:`UserError`
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
        fail(f"{target}: cannot write ({exc.strerror or exc})")
    return target

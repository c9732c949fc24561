"""Commands about the plan file itself: init, validate, summary, schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from salesplan.cli.common import Verdict, Words, check_output, fail, load_valid_plan, print_diagnostics, write_atomic
from salesplan.plan import load_plan
from salesplan.plan.model import PlanKind

KINDS = list(PlanKind.__args__)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- init


@click.command()
@click.argument("path", default="sales-plan.yaml", required=False)
@click.option("--language", type=Words(["en", "fr"]), default="en", show_default=True,
              help="Language of the comments, the examples and the generated documents.")
@click.option("--kind", type=Words(KINDS), default="annual", show_default=True, help="The kind of plan.")
@click.option("--year", type=click.IntRange(2000, 2098), default=None,
              help="Calendar year the plan covers (default: next year).")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def init(path: str, language: str, kind: str, year: int | None, force: bool) -> None:
    """Write a commented starter plan to PATH (default: sales-plan.yaml).

    Every section is filled in with a small example that passes `validate` as written;
    edit it into your own plan.

    \b
    Example:
      salesplan init my-plan.yaml --language fr --year 2027
    """
    from salesplan.plan.starter import starter_plan

    if Path(path).is_dir():
        fail(f"{path}: is a folder; give the plan a file name, such as {Path(path) / 'sales-plan.yaml'}")
    target = check_output(path)  # a folder that does not exist: said before "already exists"
    if target.exists() and not force:
        fail(f"{path}: already exists; use --force to overwrite it")
    text = starter_plan(language, kind=kind, year=year or dt.date.today().year + 1)
    write_atomic(target, text.encode("utf-8"))
    click.echo(f"Wrote {path}. Next: edit it, then run: salesplan validate {path}")


# --------------------------------------------------------------------------- validate


@click.command()
@click.argument("plans", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit status 1).")
@click.option("--format", "fmt", type=Words(["text", "json"]), default="text", show_default=True)
def validate(plans: tuple[str, ...], strict: bool, fmt: str) -> None:
    """Check one or more plan files; print every error and warning with file, line and column.

    Exit status 0 when every plan is valid (warnings allowed unless --strict), 1 otherwise.

    \b
    Example:
      salesplan validate plans/*.yaml --strict
    """
    verdicts = [Verdict.of(load_plan(p), strict=strict) for p in plans]
    if fmt == "json":
        files = [{
            "file": v.file,
            "valid": not v.failed,
            "errors": v.count("error"),
            "warnings": v.count("warning"),
            "diagnostics": [d.as_dict() for d in v.diagnostics],
        } for v in verdicts]
        click.echo(json.dumps({"valid": not any(v.failed for v in verdicts), "files": files}, indent=2,
                              ensure_ascii=False))
    else:
        for v in verdicts:
            print_diagnostics(v.diagnostics)
            counts = ", ".join(f"{n} {word}{'s' if n != 1 else ''}"
                               for n, word in ((v.count("error"), "error"), (v.count("warning"), "warning")) if n)
            status = "invalid" if v.failed else "ok"
            click.echo(f"{v.file}: {status}" + (f" ({counts})" if counts else ""), err=v.failed)
    if any(v.failed for v in verdicts):
        raise click.exceptions.Exit(1)  # the report above is the message: validate's output, not an error


# --------------------------------------------------------------------------- summary


@click.command()
@click.argument("plan")
@click.option("--format", "fmt", type=Words(["table", "json"]), default="table", show_default=True)
def summary(plan: str, fmt: str) -> None:
    """Print the plan's derived numbers: monthly targets and cumulative curve, effective rep
    quotas by month, over-assignment, territory split, reverse funnel, budget totals.

    \b
    Example:
      salesplan summary plans/northwind-2027.yaml --format json
    """
    from salesplan.plan.summary import summary_data, summary_text

    model = load_valid_plan(plan)
    if fmt == "json":
        from salesplan.jsonout import dumps

        click.echo(dumps(summary_data(model)))
    else:
        click.echo(summary_text(model))


# --------------------------------------------------------------------------- schema


@click.command()
def schema() -> None:
    """Print the plan's JSON Schema, for editors that check YAML as you type.

    \b
    Example (yaml-language-server, VS Code):
      salesplan schema > salesplan.schema.json
      # first line of the plan:
      # yaml-language-server: $schema=./salesplan.schema.json
    """
    from salesplan.plan.schema import schema_text

    click.echo(schema_text(), nl=False)


__all__ = ["init", "validate", "summary", "schema"]

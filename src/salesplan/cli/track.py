"""``salesplan track``: actual sales against the plan (``tracking.md``).

A thin layer: check the inputs, open the actuals with the readers, tally and pace them,
format the report. Every step is a library function tests call directly.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from salesplan.cli.common import (
    Words,
    check_actuals_path,
    check_output,
    colour_enabled,
    fail,
    load_valid_plan,
    reading_progress,
    write_atomic,
)

if TYPE_CHECKING:
    from salesplan.plan.model import Plan
    from salesplan.tracking.report import TrackingReport

FORMATS = ("table", "json", "csv", "xlsx", "docx")
"""Output formats offered; ``xlsx`` and ``docx`` always go to a file."""
FILE_FORMATS = {".json": "json", ".csv": "csv", ".xlsx": "xlsx", ".docx": "docx", ".txt": "table"}


class _DateParam(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a date as YYYY-MM-DD (such as 2027-02-14)", param, ctx)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("plan_file", metavar="PLAN")
@click.argument("actuals_file", metavar="ACTUALS")
@click.option("--as-of", "as_of", type=_DateParam(), metavar="DATE",
              help="Date of the report, YYYY-MM-DD (default: today; after the plan's end: its end).")
@click.option("--rep", metavar="ID", help="Narrow the report to one rep (member id).")
@click.option("--sheet", metavar="NAME", help="Sheet of an xlsx file (default: tracking.actuals.sheet, else the "
                                              "first sheet with the needed columns).")
@click.option("--format", "fmt", type=Words(FORMATS), default=None,
              help="Output format (default: table, or from the -o file's extension).")
@click.option("-o", "--output", metavar="OUT", help="Write the report to this file (xlsx/docx default: "
                                                    "<actuals name>-report.xlsx/.docx next to the actuals).")
@click.option("--strict", is_flag=True, help="Fail (exit 1) when any row is rejected.")
def track(plan_file: str, actuals_file: str, as_of: dt.date | None, rep: str | None, sheet: str | None,
          fmt: str | None, output: str | None, strict: bool) -> None:
    """Compare actual sales (a CRM export or a rep-by-month grid) with the plan.

    Says for the team, every rep, every territory, every month and every goal whether they
    are ahead, on track or behind. Bad rows are counted and shown, never silently dropped.

    \b
    Example:
      salesplan track plans/northwind-2027.yaml plans/northwind-2027-actuals.xlsx --as-of 2027-02-14
      salesplan track plan.yaml deals.csv --rep carol --format json
      salesplan track plan.yaml deals.xlsx -o progress.xlsx
      salesplan track plan.yaml deals.xlsx --format docx -o progress.docx
    """
    from salesplan.tracking.matching import check_rep

    swapped(plan_file, actuals_file)
    plan = load_valid_plan(plan_file)
    fmt = output_format(fmt, output)
    if rep is not None:  # before reading a large file
        rep = check_rep(plan, rep)
    source = check_actuals_path(actuals_file)
    target = report_path(fmt, output, source)
    if target is not None:  # a wrong -o fails before the file is read
        check_output(target, protect=(plan_file, actuals_file))

    from salesplan.tracking.run import track_file

    with reading_progress(source) as progress:
        report = track_file(plan, source, as_of=as_of or dt.date.today(), rep=rep, sheet=sheet, progress=progress)

    counts = report.rows
    rejected = f"{counts.rejected:,} row{'s' if counts.rejected != 1 else ''} rejected"
    if strict and counts.rejected:
        examples = [f"{actuals_file}: {_where(example)}: {example.reason}" for example in counts.rejected_examples]
        fail("\n".join([*examples, f"{actuals_file}: {rejected} (--strict accepts none)"]))
    write_report(report, fmt=fmt, target=target, plan=plan, protect=(plan_file, actuals_file))
    for warning in report.warnings:  # after the report, where a terminal user sees them
        click.echo(f"{actuals_file}: warning: {warning}", err=True)
    if counts.rejected and fmt != "table":  # the table lists them itself
        first = counts.rejected_examples[0] if counts.rejected_examples else None
        where = f" (first: {_where(first)}: {first.reason})" if first else ""
        click.echo(f"{actuals_file}: warning: {rejected}{where}", err=True)


def swapped(plan_file: str, actuals_file: str) -> None:
    """``track deals.csv plan.yaml``: say which comes first, in one line."""
    from salesplan.plan.loader import SPREADSHEETS

    if Path(plan_file).suffix.lower() in SPREADSHEETS and Path(actuals_file).suffix.lower() in (".yaml", ".yml"):
        fail(f"{plan_file}: this is a spreadsheet, not a plan; the plan comes first: "
             f"salesplan track {actuals_file} {plan_file}")


def output_format(fmt: str | None, output: str | None) -> str:
    """The format: ``--format``, else the ``-o`` file's extension, else the table; the two must agree."""
    if not output or Path(output).is_dir():  # a folder is check_output's to refuse
        return fmt or "table"
    suffix = Path(output).suffix.lower()
    if fmt is None:
        if suffix not in FILE_FORMATS:
            fail(f"{output}: track writes .txt (table), .json, .csv, .xlsx or .docx; give -o one of those "
                 "extensions")
        return FILE_FORMATS[suffix]
    if suffix and FILE_FORMATS.get(suffix) != fmt:
        right = Path(output).with_suffix(next(s for s, f in FILE_FORMATS.items() if f == fmt))
        fail(f"{output}: --format {fmt} does not write a {suffix} file; name it {right}, or leave out --format "
             "and the extension chooses")
    return fmt


def _where(example) -> str:
    return f"{example.sheet} row {example.row}" if example.sheet else f"row {example.row}"


def report_path(fmt: str, output: str | None, source: Path) -> Path | None:
    """Where the report goes: ``-o``, else ``<actuals name>-report.xlsx`` / ``.docx`` beside the
    actuals for those formats (always files), else None (stdout)."""
    if output:
        return Path(output)
    if fmt in ("xlsx", "docx"):
        return source.with_name(f"{source.stem}-report.{fmt}")
    return None


def write_report(report: TrackingReport, *, fmt: str, target: Path | None, plan: Plan,
                 protect: tuple[str, ...]) -> None:
    """Format the report and write it to ``target`` (atomically), or to stdout when None."""
    if fmt == "docx":
        from salesplan.render.progress_report import render_progress_docx

        data = render_progress_docx(report, plan, environ=dict(os.environ))
    elif fmt == "xlsx":
        from salesplan.tracking.output_xlsx import document_stamp, render_xlsx

        data = render_xlsx(report, stamp=document_stamp(plan.plan.date or plan.plan.start, dict(os.environ)))
    else:
        if fmt == "json":
            from salesplan.tracking.output_json import render_json

            text = render_json(report)
        elif fmt == "csv":
            from salesplan.tracking.output_csv import render_csv

            text = render_csv(report)
        else:
            from salesplan.tracking.output_table import render_table

            text = render_table(report, colour=target is None and colour_enabled())
        if target is None:
            click.echo(text, nl=False)
            return
        data = text.encode("utf-8-sig" if fmt == "csv" else "utf-8")  # a BOM so Excel reads csv as UTF-8
    written = write_atomic(target, data, protect=protect)
    click.echo(f"Wrote {written}", err=True)

"""``salesplan render``: the Word plan (or its PDF) for leadership."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from salesplan.cli.common import Words, check_actuals_path, check_output, fail, load_valid_plan, write_atomic

OUTPUT_SUFFIXES = (".docx", ".pdf")


def default_output(plan_path: str) -> Path:
    return Path(plan_path).with_suffix(".docx")


def inputs(plan_path: str, *others: str | None) -> tuple[str, ...]:
    """The input files the output must never replace."""
    return (plan_path,) + tuple(o for o in others if o)


def output_path(plan_path: str, output: str | None, template: str | None, history: str | None = None) -> Path:
    """Where the document goes: checked before any work (not an input, folder exists, suffix)."""
    target = Path(output) if output else default_output(plan_path)
    protect = inputs(plan_path, template, history)
    check_output(target, protect=protect)
    if target.suffix.lower() not in OUTPUT_SUFFIXES:
        fail(f"{target}: the output must be a .docx or a .pdf file")
    return target


class ChartProgress:
    """A progress bar for the charts, shown only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Drawing charts", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)
        if done == total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def history_basis(plan, history: str, sheet: str | None):
    """The plan's basis from the history file, before any chart is drawn; errors as ``forecast`` gives them."""
    from salesplan.forecast import basis

    return basis(plan, check_actuals_path(history), sheet=sheet)


@click.command()
@click.argument("plan", metavar="PLAN")
@click.option("-o", "--output", metavar="OUT",
              help="Output file, .docx or .pdf (PDF through LibreOffice). Default: PLAN with .docx.")
@click.option("--template", metavar="REF.docx",
              help="Corporate Word document whose styles, page setup, headers and footers the plan takes.")
@click.option("--language", type=Words(["en", "fr"]),
              help="Language of the document (default: the plan's `language`, else en).")
@click.option("--one-page", is_flag=True, help="Only the one-page summary.")
@click.option("--history", metavar="FILE",
              help="Last year's deals (.xlsx or .csv, as `salesplan forecast` reads them): adds a 'Basis of the "
                   "plan' chapter after the goals.")
@click.option("--sheet", metavar="NAME", help="Sheet of an xlsx --history (default: the plan's "
                                              "tracking.actuals.sheet, else the first with the needed columns).")
def render(plan: str, output: str | None, template: str | None, language: str | None, one_page: bool,
           history: str | None, sheet: str | None) -> None:
    """Render PLAN into a Word document (or a PDF) for leadership.

    The document holds a cover, a one-page summary, then the plan's chapters with their
    tables and charts. The same plan and options always give the same bytes; dates come
    from the plan (or SOURCE_DATE_EPOCH when set).

    \b
    Examples:
      salesplan render plans/northwind-2027.yaml
      salesplan render plans/northwind-2027.yaml -o northwind.pdf
      salesplan render plan.yaml --template corporate.docx --language fr -o plan-fr.docx
      salesplan render plan.yaml --one-page -o summary.docx
      salesplan render plans/northwind-2027.yaml --history plans/northwind-2026-deals.csv
    """
    from salesplan.render import render_docx
    from salesplan.render.pdf import docx_to_pdf, find_soffice, missing_message

    loaded = load_valid_plan(plan)
    if language is not None and language != loaded.plan.language:
        names = {"en": "English", "fr": "French"}
        click.echo(f"{plan}: note: the plan is written in {names[loaded.plan.language]} (language: "
                   f"{loaded.plan.language}); the document's fixed wording is in {names[language]}, the plan's own "
                   "text stays as written", err=True)
    target = output_path(plan, output, template, history)
    as_pdf = target.suffix.lower() == ".pdf"
    if as_pdf and find_soffice() is None:
        fail(f"{target}: cannot write a PDF: {missing_message()}")
    if sheet is not None and history is None:
        raise click.UsageError("--sheet needs --history: the sheet is one of the history file's")
    found = history_basis(loaded, history, sheet) if history is not None else None
    progress = ChartProgress()
    try:
        data = render_docx(loaded, language=language, template=template, one_page=one_page, progress=progress,
                           basis=found)
    finally:
        progress.close()
    if as_pdf:
        data = docx_to_pdf(data, target.stem)
    write_atomic(target, data, protect=inputs(plan, template, history))
    click.echo(f"Wrote {target}")

"""``salesplan render``: the Word plan (or its PDF) for leadership."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from salesplan.cli.common import check_output, fail, load_valid_plan, write_atomic

OUTPUT_SUFFIXES = (".docx", ".pdf")


def default_output(plan_path: str) -> Path:
    return Path(plan_path).with_suffix(".docx")


def output_path(plan_path: str, output: str | None, template: str | None) -> Path:
    """Where the document goes: checked before any work (not an input, folder exists, suffix)."""
    target = Path(output) if output else default_output(plan_path)
    protect = (plan_path,) + ((template,) if template else ())
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


@click.command()
@click.argument("plan", metavar="PLAN")
@click.option("-o", "--output", metavar="OUT",
              help="Output file, .docx or .pdf (PDF through LibreOffice). Default: PLAN with .docx.")
@click.option("--template", metavar="REF.docx",
              help="Corporate Word document whose styles, page setup, headers and footers the plan takes.")
@click.option("--language", type=click.Choice(["en", "fr"]),
              help="Language of the document (default: the plan's `language`, else en).")
@click.option("--one-page", is_flag=True, help="Only the one-page summary.")
def render(plan: str, output: str | None, template: str | None, language: str | None, one_page: bool) -> None:
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
    """
    from salesplan.render import RenderError, render_docx
    from salesplan.render.pdf import PdfError, docx_to_pdf, find_soffice

    loaded = load_valid_plan(plan)
    target = output_path(plan, output, template)
    as_pdf = target.suffix.lower() == ".pdf"
    if as_pdf and find_soffice() is None:
        fail(f"{target}: cannot write a PDF: LibreOffice is not installed (no 'soffice' on PATH); "
             "install it (for example 'apt-get install libreoffice-writer-nogui') or write a .docx")
    progress = ChartProgress()
    try:
        data = render_docx(loaded, language=language, template=template, one_page=one_page, progress=progress)
        if as_pdf:
            data = docx_to_pdf(data, target.stem)
    except RenderError as exc:
        fail(str(exc))
    except PdfError as exc:
        fail(f"{target}: {exc}")
    finally:
        progress.close()
    write_atomic(target, data, protect=(plan,) + ((template,) if template else ()))
    click.echo(f"Wrote {target}")

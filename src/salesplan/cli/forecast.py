"""``salesplan forecast``: the next period's targets from last year's deals.

A thin layer: check the options, read the history with the tracking readers, build the
forecast, print it, and with ``--plan --write`` update the plan's revenue goal in place.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import click

from salesplan.cli.common import Words, check_actuals_path, load_valid_plan, print_diagnostics, reading_progress

FORMATS = ("table", "json", "yaml")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


class _MonthParam(click.ParamType):
    name = "YYYY-MM"

    def convert(self, value, param, ctx):
        text = str(value).strip()
        if not _MONTH.fullmatch(text):
            self.fail(f"'{value}' is not a month as YYYY-MM (such as 2027-01)", param, ctx)
        return text


def _decimal(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip().replace("_", "").replace("\u2212", "-"))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class _GrowthParam(click.ParamType):
    """``15%``, ``-5%``, ``+2.5%``, or a fraction such as ``0.15`` (as the plan's percent type)."""

    name = "PCT"

    def convert(self, value, param, ctx):
        if isinstance(value, Decimal):
            return value
        text = str(value).strip()
        is_percent = text.endswith("%")
        number = _decimal(text[:-1] if is_percent else text)
        if number is None:
            self.fail(f"'{value}' is not a growth such as 15% or -5%", param, ctx)
        if is_percent:
            number /= 100
        elif abs(number) >= 1:
            self.fail(f"'{value}' is ambiguous: write {text}% for a percentage (a bare number is a fraction: "
                      "0.15 is 15%)", param, ctx)
        if number <= -1:
            self.fail(f"'{value}' would leave nothing: a growth must be above -100%", param, ctx)
        return number


class _AmountParam(click.ParamType):
    """A positive amount, typed as people type money (``250000``, ``250 000``, ``250,000.50``)."""

    name = "AMOUNT"

    def __init__(self, what: str) -> None:
        self.what = what

    def convert(self, value, param, ctx):
        if isinstance(value, Decimal):
            return value
        from salesplan.tracking.amounts import read_amount

        number, _, problem = read_amount(str(value))
        if problem is not None or number is None:
            self.fail(f"'{value}' is not {self.what}", param, ctx)
        if number <= 0:
            self.fail(f"'{value}' is not {self.what}: it must be above 0", param, ctx)
        return number


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("history_file", metavar="HISTORY")
@click.option("--plan", "plan_file", metavar="PLAN",
              help="The plan: its period, revenue target, reps (capacity check) and funnel (reality check).")
@click.option("--start", type=_MonthParam(), metavar="YYYY-MM",
              help="First month of the new period (default: the plan's start, else the month after the history).")
@click.option("--months", type=click.IntRange(1, 120), metavar="N",
              help="Months in the new period (default: the plan's period, else 12).")
@click.option("--growth", type=_GrowthParam(), metavar="PCT",
              help="Target = last year's total plus this growth (15%, -5%).")
@click.option("--target", type=_AmountParam("an amount"), metavar="AMOUNT",
              help="The period's target, spread with the seasonality.")
@click.option("--round", "step", type=_AmountParam("a rounding step"), default="1", show_default=True,
              metavar="STEP", help="Monthly targets in multiples of STEP (100, or 0.01 for cents).")
@click.option("--format", "fmt", type=Words(FORMATS), default="table", show_default=True,
              help="table, json (stable), or yaml (target: and monthly: to paste into a plan).")
@click.option("--write", is_flag=True,
              help="With --plan: update the plan's revenue goal (target and monthly) in place, keeping its "
                   "comments and layout.")
@click.option("--sheet", metavar="NAME", help="Sheet of an xlsx history (default: the plan's "
                                              "tracking.actuals.sheet, else the first with the needed columns).")
def forecast(history_file: str, plan_file: str | None, start: str | None, months: int | None,
             growth: Decimal | None, target: Decimal | None, step: Decimal, fmt: str, write: bool,
             sheet: str | None) -> None:
    """Plan the next period from past deals: seasonality, trend and monthly targets.

    HISTORY is a CRM deal list or a rep-by-month grid (.xlsx or .csv), read as `track` reads
    actual sales. With --plan, the reps' capacity and the funnel are checked against the
    proposed targets, and --write puts the targets into the plan.

    \b
    Example:
      salesplan forecast deals-2026.xlsx --growth 15%
      salesplan forecast deals-2026.xlsx --plan plan-2027.yaml --round 100 --write
      salesplan forecast deals-2026.csv --target 360000 --format yaml
    """
    from salesplan.forecast import ForecastOptions, forecast_file

    options = ForecastOptions(start=start, months=months, growth=growth, target=target, step=step)
    if options.problem() is not None:
        raise click.UsageError(options.problem())
    if write and plan_file is None:
        raise click.UsageError("--write needs --plan: the plan file to update")

    plan = load_valid_plan(plan_file, show_warnings=not write) if plan_file else None
    if write:
        from salesplan.forecast.planfile import goal_to_write

        goal_index = goal_to_write(plan, plan_file, start=start, months=months)
    source = check_actuals_path(history_file)
    with reading_progress(source) as progress:
        result = forecast_file(source, plan, options, sheet=sheet, progress=progress)

    for warning in result.warnings:
        click.echo(f"{history_file}: warning: {warning}", err=True)
    from salesplan.forecast.report import render_json, render_table, render_yaml

    if fmt == "json":
        click.echo(render_json(result), nl=False)
    elif fmt == "yaml":
        for note in result.notes:
            click.echo(f"{history_file}: note: {note}", err=True)
        click.echo(render_yaml(result), nl=False)
    else:
        click.echo(render_table(result), nl=False)
    if write:
        _write_plan(plan_file, goal_index, result)


def _plain(value: Decimal) -> str:
    from salesplan.forecast.planfile import number_text

    return number_text(value)


def _write_plan(plan_file: str, goal_index: int, result) -> None:
    """Update the goal in place (the file is left untouched when the new plan would be invalid)."""
    from salesplan.forecast.planfile import write_targets

    proposal = result.proposal
    outcome = write_targets(plan_file, goal_index, proposal.target, proposal.monthly)
    print_diagnostics(outcome.diagnostics)
    goal = result.goal
    click.echo(f"Wrote {plan_file}: goal '{goal.id}' target {_plain(goal.target)} -> {_plain(proposal.target)}, "
               f"monthly {proposal.months[0]}..{proposal.months[-1]}", err=True)

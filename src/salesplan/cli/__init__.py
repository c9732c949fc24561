"""The ``salesplan`` command line: a thin click layer over the library.

Commands are loaded lazily (``salesplan validate`` never imports matplotlib or python-docx).
To add a command, write ``salesplan/cli/<name>.py`` with a click command and list it in
:data:`COMMANDS`. A command reports a user's mistake by raising a
:class:`~salesplan.errors.SalesplanError` (``cli.common.fail`` raises one): the group prints
its message and exits 1 (:mod:`salesplan.cli.boundary`), for every command, old or new.
"""

from __future__ import annotations

import importlib

import click

from salesplan import __version__
from salesplan.cli.boundary import ErrorBoundary

#: command name -> "module:attribute" of its click command, in the order of ``--help``.
COMMANDS: dict[str, str] = {
    "init": "salesplan.cli.plan_commands:init",
    "validate": "salesplan.cli.plan_commands:validate",
    "summary": "salesplan.cli.plan_commands:summary",
    "schema": "salesplan.cli.plan_commands:schema",
    "render": "salesplan.cli.render:render",
    "track": "salesplan.cli.track:track",
    "forecast": "salesplan.cli.forecast:forecast",
}


class LazyGroup(ErrorBoundary):
    """A group whose commands are imported only when used, inside the one error boundary."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="salesplan")
def main() -> None:
    """salesplan: sales plans as YAML, checked, rendered to Word, tracked against actual sales.

    \b
    Quick start:
      salesplan init my-plan.yaml          # a commented starter plan
      salesplan validate my-plan.yaml      # every mistake with its line
      salesplan render my-plan.yaml        # my-plan.docx for leadership
      salesplan track my-plan.yaml deals.xlsx --as-of 2027-02-14
      salesplan forecast deals-2026.xlsx --plan my-plan.yaml --growth 15%
    """

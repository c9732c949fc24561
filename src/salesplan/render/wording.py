"""The document's fixed wording: Jinja2 templates in ``templates/render/<language>/``.

Every sentence, heading and label the Word plan prints comes from those files, one set per
language, so wording changes need no code change. The plan's own text only ever travels as
a *value* passed to a macro: it is printed as it is and never compiled as a template (a plan
title ``{{ 7*7 }}`` prints those seven characters).

Files (same macro names and mapping keys in every language):

* ``document.j2``: headings, cover, summary and chapter sentences;
* ``tables.j2``: column headings and row labels;
* ``charts.j2``: chart captions, legends and alternative text;
* ``terms.j2``: names of the values chosen from fixed lists (statuses, categories...);
* ``report.j2``: the progress report of ``salesplan track --format docx``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from salesplan.render.locale import Formats
from salesplan.resources import templates_dir

FILES = ("document", "tables", "charts", "terms", "report")


def wording_dir(language: str):
    return templates_dir() / "render" / language


def _formatter(method: str):
    """A Jinja2 filter that formats with the ``fmt`` (:class:`Formats`) of the rendering."""

    @pass_context
    def apply(context: Context, value: Any) -> str:
        return getattr(context["fmt"], method)(value)

    return apply


@lru_cache(maxsize=None)
def environment(language: str) -> Environment:
    """The Jinja2 environment of one language (templates compiled once per process).

    No HTML is produced, so autoescaping is off; undefined names are errors, so a typo in a
    template fails the tests instead of printing nothing.
    """
    env = Environment(
        loader=FileSystemLoader(str(wording_dir(language))),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    for name in ("money", "number", "percent", "change", "date", "month", "month_short"):
        env.filters[name] = _formatter(name)
    return env


class Wording:
    """The fixed wording of one document: ``words("document.period", start=..., end=...)``.

    Macros are called with keyword arguments and return plain text; mappings are read with
    :meth:`label` (``words.label("document.headings", "team")``) and :meth:`term`.
    """

    def __init__(self, fmt: Formats):
        self.fmt = fmt
        env = environment(fmt.language)
        self._modules = {
            name: env.get_template(f"{name}.j2").make_module(vars={"fmt": fmt}) for name in FILES
        }

    def _lookup(self, dotted: str) -> Any:
        file, _, name = dotted.partition(".")
        return getattr(self._modules[file], name)

    def __call__(self, dotted: str, /, **values: Any) -> str:
        """The text of a macro, surrounding blank space removed."""
        return str(self._lookup(dotted)(**values)).strip()

    def label(self, dotted: str, key: str) -> str:
        """An entry of a mapping (``document.headings``, ``tables.columns`` ...)."""
        return self._lookup(dotted)[key]

    def mapping(self, dotted: str) -> dict[str, str]:
        return dict(self._lookup(dotted))

    def columns(self, table: str) -> dict[str, str]:
        return dict(self.mapping("tables.columns")[table])

    def term(self, group: str, value: str) -> str:
        """The name of a value chosen from a fixed list; the value itself when it has none."""
        return self._lookup(f"terms.{group}").get(str(value), str(value))

    def heading(self, key: str) -> str:
        return self.label("document.headings", key)

    def subheading(self, key: str) -> str:
        return self.label("document.subheadings", key)

    def fact(self, key: str) -> str:
        return self.label("document.facts", key)

    def row(self, key: str) -> str:
        return self.label("tables.rows", key)

    def legend(self, key: str) -> str:
        return self.label("charts.legend", key)

"""Deterministic .docx bytes: fixed document properties and a normalised zip package.

python-docx stamps every zip entry with the current time, so :func:`docx_bytes` saves to
memory and rewrites the package with :func:`salesplan.reproducible.normalise_zip`.
The core properties (title, author, created, modified, ...) are set from the plan, never
from the clock: the plan's ``date`` or ``start``, or ``SOURCE_DATE_EPOCH`` when it is set.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Mapping

from docx.document import Document
from docx.oxml.ns import qn

from salesplan import __version__, reproducible
from salesplan.reproducible import EpochError, normalise_zip
from salesplan.plan.model import Plan

__all__ = ["EpochError", "document_time", "docx_bytes", "drop_thumbnail", "normalise_zip", "set_properties"]


def document_time(plan: Plan, environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The instant the document says it was made: ``SOURCE_DATE_EPOCH`` if set, else the plan's
    ``date`` (or ``start``) at midnight UTC."""
    return reproducible.document_time(plan.plan.date or plan.plan.start, environ)


def set_properties(doc: Document, plan: Plan, when: dt.datetime, *, language: str, category: str) -> None:
    """Every core property set from the plan, so none keeps a template's or the clock's value."""
    info = plan.plan
    props = doc.core_properties
    author = info.owner or info.company
    props.title = info.title
    props.subject = info.company
    props.author = author
    props.last_modified_by = author
    props.category = category
    props.keywords = "sales plan"
    props.comments = f"salesplan {__version__}"
    props.content_status = ""
    props.identifier = ""
    props.language = language
    props.version = info.version or ""
    props.revision = int(info.version) if info.version and info.version.isdigit() and int(info.version) > 0 else 1
    naive = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    props.created = naive
    props.modified = naive
    printed = props._element.find(qn("cp:lastPrinted"))
    if printed is not None:
        props._element.remove(printed)


def drop_thumbnail(doc: Document) -> None:
    """Remove the package's preview picture: a template's thumbnail shows the template (a blank
    page), never this document, so file browsers would preview every plan as empty. Without one
    they draw the first page themselves or show the Word icon."""
    rels = doc.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype.endswith("/metadata/thumbnail")]:
        del rels[r_id]


def docx_bytes(doc: Document, when: dt.datetime) -> bytes:
    drop_thumbnail(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue(), when)

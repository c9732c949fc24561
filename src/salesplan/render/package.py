"""Deterministic .docx bytes: fixed document properties and a normalised zip package.

python-docx stamps every zip entry with the current time (``ZipFile.writestr`` with a
name), so the same document saved twice differs. :func:`docx_bytes` saves to memory and
rewrites the package: entries in a stable order (``[Content_Types].xml`` and the package
relationships first, then by name), one fixed date, fixed permissions and compression.
The core properties (title, author, created, modified, ...) are set from the plan, never
from the clock: the plan's ``date`` or ``start``, or ``SOURCE_DATE_EPOCH`` when it is set.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from typing import Mapping

from docx.document import Document
from docx.oxml.ns import qn

from salesplan import __version__
from salesplan.plan.model import Plan

FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)


class EpochError(ValueError):
    """``SOURCE_DATE_EPOCH`` is set to something that is not a number of seconds."""


def document_time(plan: Plan, environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The instant the document says it was made: ``SOURCE_DATE_EPOCH`` if set, else the plan's date.

    Reproducible-builds convention: ``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC)
    overrides every timestamp. Without it, the plan's ``date`` (or ``start``) at midnight UTC.
    """
    environ = os.environ if environ is None else environ
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise EpochError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, got '{raw}'"
            ) from None
    day = plan.plan.date or plan.plan.start
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


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


def zip_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry date (local-time fields, 1980-2107, even seconds) for ``when`` in UTC."""
    when = max(when.astimezone(dt.timezone.utc), ZIP_EPOCH)
    when = min(when, dt.datetime(2107, 12, 31, 23, 59, 58, tzinfo=dt.timezone.utc))
    return (when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2)


def entry_order(names: list[str]) -> list[str]:
    first = [n for n in FIRST_ENTRIES if n in names]
    return first + sorted(n for n in names if n not in FIRST_ENTRIES)


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same package with stable entry order, dates, permissions and compression."""
    stamp = zip_time(when)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for name in entry_order(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def docx_bytes(doc: Document, when: dt.datetime) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue(), when)

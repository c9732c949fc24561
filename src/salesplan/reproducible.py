"""Byte-identical output files: one document date and normalised zip packages.

Office files (.docx, .xlsx) are zip packages, and python-docx and openpyxl stamp every entry
with the current time. :func:`normalise_zip` rewrites a package with entries in a stable order
(``[Content_Types].xml`` and the package relationships first, then by name), one fixed date,
fixed permissions and compression. :func:`document_time` is the one date a generated file
carries: ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention), else a date of
the plan, at midnight UTC.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from typing import Mapping

from salesplan.errors import SalesplanError

FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)


class EpochError(SalesplanError, ValueError):
    """``SOURCE_DATE_EPOCH`` is set to something that is not a number of seconds."""


def document_time(day: dt.date, environ: Mapping[str, str] | None = None) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970-01-01 UTC) when set, else ``day`` at midnight UTC."""
    environ = os.environ if environ is None else environ
    raw = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if raw:
        try:
            return dt.datetime.fromtimestamp(int(raw), tz=dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise EpochError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01, got '{raw}'"
            ) from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def zip_time(when: dt.datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry date (1980-2107, even seconds) for ``when`` (UTC; a naive time is taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
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
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", allowZip64=True) as target:
        for name in entry_order(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name), compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()

"""The one base class of every mistake a user can fix.

Every exception the library raises for bad input (a plan with errors, an actuals file that
cannot be read, an unusable template, a PDF that LibreOffice could not make ...) derives from
:class:`SalesplanError`; ``str()`` is the message for the user, naming the file (and line or
row where there is one). The command line catches it in one place (``salesplan.cli``): the
message goes to stderr and the exit status is 1, never a traceback.
"""

from __future__ import annotations


class SalesplanError(Exception):
    """A user's mistake (bad data, a missing or unusable file); ``str()`` says what and where."""


__all__ = ["SalesplanError"]

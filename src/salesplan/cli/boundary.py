"""The command line's one error boundary.

Every command runs inside :meth:`ErrorBoundary.invoke`. A user's mistake reaches it as a
:class:`~salesplan.errors.SalesplanError` (or an ``OSError`` about one of the user's paths,
or a ``UnicodeEncodeError`` from a console that cannot show a character): its message goes
to stderr, once, and the exit status is 1. Commands raise; they never print an error and
exit themselves, so a new command that forgets a case still never shows a traceback.
"""

from __future__ import annotations

import errno

import click

from salesplan.errors import SalesplanError

#: How a file error reads, by kind; other errors use the system's own words.
_REASONS: tuple[tuple[type[OSError], str], ...] = (
    (FileNotFoundError, "no such file or folder"),
    (IsADirectoryError, "is a folder, not a file"),
    (NotADirectoryError, "a part of the path is not a folder"),
    (PermissionError, "permission denied"),
)


def os_error_message(exc: OSError) -> str:
    """``deals.csv: permission denied``: the path first, then what the system said, in its words."""
    reason = next((text for kind, text in _REASONS if isinstance(exc, kind)), None)
    if reason is None:
        reason = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
        reason = reason[:1].lower() + reason[1:]
    return f"{exc.filename}: {reason}" if exc.filename is not None else f"cannot continue: {reason}"


def encoding_message(exc: UnicodeEncodeError) -> str:
    shown = exc.object[exc.start:exc.end] if isinstance(exc.object, str) else ""
    return (f"cannot print {shown!r}: the output's encoding ({exc.encoding}) has no such character; "
            "set PYTHONIOENCODING=utf-8 and run again")


def say(message: str) -> None:
    """``message`` on stderr, whatever the console's encoding (what it cannot show is escaped)."""
    try:
        click.echo(message, err=True)
    except UnicodeEncodeError:
        click.echo(message.encode("ascii", "backslashreplace").decode("ascii"), err=True)


class ErrorBoundary(click.Group):
    """A click group whose commands' user errors end as one message on stderr and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SalesplanError as exc:
            message = str(exc)
        except UnicodeEncodeError as exc:
            message = encoding_message(exc)
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # `salesplan summary plan.yaml | head`: click ends quietly
                raise
            message = os_error_message(exc)
        say(message)
        raise click.exceptions.Exit(1)


__all__ = ["ErrorBoundary", "encoding_message", "os_error_message", "say"]

"""Converting the Word plan to PDF with LibreOffice (``soffice --headless``).

Each conversion uses its own temporary LibreOffice profile, so it neither disturbs nor
waits for a LibreOffice the user has open, and a time limit, so a stuck conversion ends.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Mapping

from salesplan.errors import SalesplanError

#: Seconds one conversion may take (the first run of a fresh profile is the slowest).
TIMEOUT = 180


class PdfError(SalesplanError):
    """The PDF could not be made; the message says why and what to do."""


#: The variable that points at a LibreOffice installed anywhere else.
VARIABLE = "SALESPLAN_SOFFICE"


def standard_places(platform: str = sys.platform, environ: Mapping[str, str] | None = None) -> list[str]:
    """Where LibreOffice's own installers put ``soffice`` on this kind of system."""
    environ = os.environ if environ is None else environ
    if platform == "darwin":
        home = environ.get("HOME", "~")
        return ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
                f"{home}/Applications/LibreOffice.app/Contents/MacOS/soffice"]
    if platform.startswith("win"):
        roots = [environ.get("ProgramFiles", r"C:\Program Files"), environ.get("ProgramFiles(x86)",
                                                                              r"C:\Program Files (x86)")]
        return [f"{root}\\LibreOffice\\program\\soffice.exe" for root in dict.fromkeys(roots)]
    # Linux packages put soffice on the PATH; the archives from libreoffice.org install under /opt
    return sorted(glob.glob("/opt/libreoffice*/program/soffice"), reverse=True) or ["/opt/libreoffice*/program/soffice"]


def find_soffice(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> str | None:
    """The LibreOffice program: ``SALESPLAN_SOFFICE``, else ``soffice`` on the PATH, else its standard places.

    :raises PdfError: ``SALESPLAN_SOFFICE`` is set to something that is not a program.
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get(VARIABLE, "").strip().strip('"')
    if chosen:
        path = Path(chosen)
        if path.is_dir():  # the LibreOffice folder, or its program folder
            path = next((p for p in (path / "soffice", path / "soffice.exe", path / "program" / "soffice",
                                     path / "program" / "soffice.exe", path / "Contents" / "MacOS" / "soffice")
                         if p.is_file()), path)
        if not path.is_file():
            raise PdfError(f"{VARIABLE} is set to '{chosen}', which is not the soffice program; point it at "
                           "soffice (soffice.exe on Windows) or unset it")
        return str(path)
    search = environ.get("PATH", "")
    found = shutil.which("soffice", path=search) or shutil.which("libreoffice", path=search)
    if found:
        return found
    return next((place for place in standard_places(platform, environ) if Path(place).is_file()), None)


def missing_message(environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> str:
    """Why no PDF can be made without LibreOffice, and where salesplan looked for it."""
    places = ", ".join(standard_places(platform, environ))
    return (f"LibreOffice was not found, so no PDF can be made (looked for soffice on the PATH and in {places}); "
            f"install it from https://www.libreoffice.org, or set {VARIABLE} to its soffice program, "
            "or write a .docx instead")


def docx_to_pdf(docx: bytes, stem: str = "plan", *, timeout: float = TIMEOUT,
                environ: Mapping[str, str] | None = None, platform: str = sys.platform) -> bytes:
    """The PDF of a .docx given as bytes."""
    soffice = find_soffice(environ, platform)
    if soffice is None:
        raise PdfError(missing_message(environ, platform))
    with tempfile.TemporaryDirectory(prefix="salesplan-pdf-") as folder:
        work = Path(folder)
        source = work / f"{stem}.docx"
        source.write_bytes(docx)
        outdir = work / "out"
        command = [
            soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", str(outdir), str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice did not finish the PDF within {timeout:g} seconds") from None
        except OSError as exc:
            raise PdfError(f"LibreOffice could not be started ({exc.strerror or exc})") from None
        result = outdir / f"{stem}.pdf"
        if not result.is_file():
            detail = (done.stderr or done.stdout or "").strip().splitlines()
            reason = f": {detail[-1]}" if detail else ""
            raise PdfError(f"LibreOffice could not convert the document to PDF (exit status {done.returncode}){reason}")
        return result.read_bytes()

"""Converting the Word plan to PDF with LibreOffice (``soffice --headless``).

Each conversion uses its own temporary LibreOffice profile, so it neither disturbs nor
waits for a LibreOffice the user has open, and a time limit, so a stuck conversion ends.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from salesplan.errors import SalesplanError

#: Seconds one conversion may take (the first run of a fresh profile is the slowest).
TIMEOUT = 180


class PdfError(SalesplanError):
    """The PDF could not be made; the message says why and what to do."""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, stem: str = "plan", *, timeout: float = TIMEOUT) -> bytes:
    """The PDF of a .docx given as bytes."""
    soffice = find_soffice()
    if soffice is None:
        raise PdfError("LibreOffice is not installed (no 'soffice' on PATH), so no PDF can be made; "
                       "install it (for example 'apt-get install libreoffice-writer-nogui') "
                       "or write a .docx instead")
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

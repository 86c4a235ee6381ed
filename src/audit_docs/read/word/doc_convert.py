"""Old Word 97-2003 ``.doc`` files, converted to .docx with LibreOffice when it is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from audit_docs.errors import UnreadableFile

#: LibreOffice starts slowly the first time; a form converts in a few seconds
CONVERT_TIMEOUT_S = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def doc_to_docx(path: Path) -> bytes:
    """The .docx bytes of an old .doc, or UnreadableFile saying how to convert it by hand."""
    exe = soffice()
    how = (
        "open it in Word and use File > Save As > Word Document (*.docx), then put the .docx "
        "in the inbox"
    )
    if exe is None:
        raise UnreadableFile(
            path.name,
            f"{path.name}: this is an old Word 97-2003 (.doc) file and LibreOffice is not "
            f"installed to convert it; {how} (or install LibreOffice and run again).",
            "doc-needs-conversion",
        )
    with tempfile.TemporaryDirectory(prefix="audit-docs-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        try:
            subprocess.run(
                [
                    exe,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    tmp,
                    str(path),
                ],
                check=True,
                capture_output=True,
                timeout=CONVERT_TIMEOUT_S,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise UnreadableFile(
                path.name,
                f"{path.name}: this old Word 97-2003 (.doc) file could not be converted by "
                f"LibreOffice; {how}.",
                "doc-conversion-failed",
            ) from exc
        out = Path(tmp, path.stem + ".docx")
        if not out.exists():
            raise UnreadableFile(
                path.name,
                f"{path.name}: LibreOffice could not read this .doc file (it may be damaged); {how}.",
                "doc-conversion-failed",
            )
        return out.read_bytes()

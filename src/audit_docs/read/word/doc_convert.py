"""Old Word 97-2003 ``.doc`` and OpenDocument ``.odt`` forms, converted to .docx with
LibreOffice when it is installed (a form filled in LibreOffice is saved as .odt by default)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Literal

from audit_docs.errors import UnreadableFile

#: what each convertible kind is called in a sentence, and its reason code's stem
_NAMES = {
    "doc": ("an old Word 97-2003 (.doc) file", "doc"),
    "odt": ("an OpenDocument text (.odt) file", "odt"),
}
#: the start of an OpenDocument text file: its first zip entry, "mimetype", stored unpacked
ODT_MAGIC = b"mimetypeapplication/vnd.oasis.opendocument.text"

#: LibreOffice starts slowly the first time; a form converts in a few seconds
CONVERT_TIMEOUT_S = 120


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_odt(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and data[30 : 30 + len(ODT_MAGIC)] == ODT_MAGIC


def doc_to_docx(path: Path, kind: Literal["doc", "odt"] = "doc") -> bytes:
    """The .docx bytes of a .doc or .odt, or UnreadableFile saying how to convert it by hand."""
    what, code = _NAMES[kind]
    exe = soffice()
    how = (
        f"open it in {'Word' if kind == 'doc' else 'LibreOffice or Word'} and use File > Save As "
        "> Word Document (*.docx), then put the .docx in the inbox"
    )
    if exe is None:
        raise UnreadableFile(
            path.name,
            f"{path.name}: this is {what} and LibreOffice is not installed to convert it; {how} "
            "(or install LibreOffice and run again).",
            f"{code}-needs-conversion",
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
                f"{path.name}: this is {what} that LibreOffice could not convert; {how}.",
                f"{code}-conversion-failed",
            ) from exc
        out = Path(tmp, path.stem + ".docx")
        if not out.exists():
            raise UnreadableFile(
                path.name,
                f"{path.name}: LibreOffice could not read this {'.doc' if kind == 'doc' else '.odt'} "
                f"file (it may be damaged); {how}.",
                f"{code}-conversion-failed",
            )
        return out.read_bytes()

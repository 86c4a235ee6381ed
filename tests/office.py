"""LibreOffice and poppler, for the tests that open our documents as a user's software does.

Every conversion gets a LibreOffice profile of its own: two test runs, or a LibreOffice the
developer has open, then never share (and lock) one. Tests that need these skip when they
are missing; `.ci/run` installs both.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice")
PDFTOTEXT = shutil.which("pdftotext")


def convert(
    files: list[Path], target: str, outdir: Path, profile: Path | None = None, timeout: int = 600
) -> None:
    """Convert ``files`` to ``target`` (e.g. "pdf", "doc") into ``outdir``, in one soffice run."""
    assert SOFFICE is not None
    profile = profile or outdir / "soffice-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )


def to_pdf(document: Path, outdir: Path) -> Path:
    convert([document], "pdf", outdir)
    return outdir / document.with_suffix(".pdf").name


def pdf_text(pdf: Path) -> str:
    assert PDFTOTEXT is not None
    return subprocess.run(
        [PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_lines(pdf: Path) -> list[list[tuple[float, str]]]:
    """Per page, its text lines as (bottom edge as a share of the page height, text), top
    down (pdftotext -bbox-layout)."""
    import re
    from html import unescape

    assert PDFTOTEXT is not None
    xml = subprocess.run(
        [PDFTOTEXT, "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = []
    for page in re.finditer(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', xml, re.S):
        height = float(page.group(1))
        lines = []
        for line in re.finditer(
            r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>',
            page.group(2),
            re.S,
        ):
            words = re.findall(r">([^<]*)</word>", line.group(2))
            lines.append((float(line.group(1)) / height, unescape(" ".join(words))))
        pages.append(sorted(lines))
    return pages

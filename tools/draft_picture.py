"""The README's picture: a blank form's first page beside the definition drafted from it.

    .venv/bin/python tools/draft_picture.py BLANK.docx DEF.yaml docs/images/forms-draft.png

Needs LibreOffice (soffice) and poppler (pdftoppm) to draw the page.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg
import matplotlib.pyplot as plt

#: how many lines of the definition fit beside the page
LINES = 62


def page_image(blank: Path, folder: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            f"-env:UserInstallation=file://{folder}/lo",
            "--outdir",
            str(folder),
            str(blank),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = folder / f"{blank.stem}.pdf"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", str(pdf), str(folder / "page")],
        check=True,
        timeout=60,
    )
    return next(folder.glob("page*.png"))


def main(blank: Path, definition: Path, output: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = mpimg.imread(page_image(blank, Path(tmp)))
    lines = definition.read_text(encoding="utf-8").splitlines()
    shown = lines[:LINES] + (["  …"] if len(lines) > LINES else [])
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(15, 10), gridspec_kw={"width_ratios": [1, 1.15]}
    )
    left.imshow(page)
    left.set_title(blank.name, fontsize=12)
    right.text(0, 1, "\n".join(shown), family="monospace", fontsize=7.4, va="top")
    right.set_title(f"{definition.name}  (audit-docs forms draft)", fontsize=12)
    for ax in (left, right):
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(output, dpi=80)


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:4]))

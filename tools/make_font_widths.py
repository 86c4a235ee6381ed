"""Write src/audit_docs/render/font_widths.json: Helvetica's advance widths (1/1000 em).

Arial and Liberation Sans share Helvetica's metrics, so these widths tell how wide a word is
in a report's table without loading a font at run time. The source is the Adobe metrics
(AFM) files that come with matplotlib: ``.venv/bin/python tools/make_font_widths.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

NAMED = {
    "quoteleft": "‘",
    "quoteright": "’",
    "quotedblleft": "“",
    "quotedblright": "”",
    "endash": "–",
    "emdash": "—",
    "ellipsis": "…",
    "bullet": "•",
    "sterling": "£",
    "quotesingle": "'",
    "grave": "`",
}
TARGET = Path(__file__).resolve().parents[1] / "src/audit_docs/render/font_widths.json"


def widths(afm: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for line in afm.read_text(encoding="latin-1").splitlines():
        if not line.startswith("C "):
            continue
        fields = dict(part.strip().split(" ", 1) for part in line.split(";") if part.strip())
        code, width, name = int(fields["C"]), int(fields["WX"]), fields["N"]
        if name in NAMED:
            out[NAMED[name]] = width
        elif 32 <= code < 127:
            out[chr(code)] = width
    return out


if __name__ == "__main__":
    folder = Path(matplotlib.get_data_path()) / "fonts" / "afm"
    data = {"regular": widths(folder / "phvr8a.afm"), "bold": widths(folder / "phvb8a.afm")}
    TARGET.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {TARGET}")

"""The figures of the demo and of a three-year store are those pinned in tests/data/pinned/."""

from __future__ import annotations

import difflib
from pathlib import Path

from tests.pinned_figures import PINNED, figures


def test_the_figures_json_of_every_pinned_document_is_unchanged(tmp_path: Path) -> None:
    """Every figures JSON the demo and the three-year store give is the pinned one, byte for
    byte (pseudonyms numbered): a reshaping of the code changes no figure."""
    made = figures(tmp_path)
    pinned = {p.name: p.read_text(encoding="utf-8") for p in PINNED.glob("*.json")}
    assert sorted(made) == sorted(pinned)
    for name, text in made.items():
        diff = "".join(
            difflib.unified_diff(pinned[name].splitlines(True), text.splitlines(True), name, "now")
        )
        assert not diff, (
            f"{name} changed (python -m tests.pinned_figures rewrites it):\n{diff[:4000]}"
        )

"""Counts printed by commands read as English: "1 audit", "2 audits", never "1 audits"."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st

from audit_docs.documents import guidance


@given(audits=st.integers(min_value=0, max_value=10_000))
def test_the_guidance_line_counts_its_audits_in_words(audits: int) -> None:
    """`guidance` said "(1 audits)" for a round of one audit; it says "(1 audit)" now."""
    figures = cast(
        Any, {"period": {"label": "1 April 2016 to 30 June 2016"}, "scope": {"audits": audits}}
    )
    line = guidance._announce(figures, Path("g.docx"), Path("g.json"))
    word = "audit" if audits == 1 else "audits"
    assert line.startswith(
        f"Best practice guidance for 1 April 2016 to 30 June 2016 ({audits} {word}): g.docx\n"
    )

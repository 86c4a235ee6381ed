"""Words that follow a number: one place for "1 audit" / "2 audits", "was" / "were".

Every sentence audit-docs prints or publishes counts things; a plural rule written five
times drifts five ways (one helper said "1 files"). Compute, the jobs' summaries and the
chart descriptions take their plurals from here.
"""

from __future__ import annotations


def noun(count: int, one: str, many: str) -> str:
    """``one`` for exactly 1, else ``many``: "audit was" / "audits were", "its" / "their"."""
    return one if count == 1 else many


def plural(count: int, one: str, many: str) -> str:
    """ "1 thematic audit round", "2 thematic audit rounds", "0 audits"."""
    return f"{count} {noun(count, one, many)}"


def counted(count: int, one: str, many: str) -> tuple[str, str]:
    """The count with thousands separated ("1,246") and its noun, for a summary table."""
    return f"{count:,}", noun(count, one, many)

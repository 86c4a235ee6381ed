"""A report loads only the parts of an audit it uses, and those parts are exactly as whole.

``store.queries.audits(parts=..., comment_sections=...)`` reads fewer detail rows; what it does
read must be identical to the same audits read in full, and what it leaves out is empty.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import shutil
from pathlib import Path

import pytest

from audit_docs.documents.annual_report import EARLIER_PARTS, YEAR_COMMENTS, YEAR_PARTS
from audit_docs.jobs.ingest import ingest
from audit_docs.records import StoredAudit
from audit_docs.store import queries
from audit_docs.store.db import open_store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "inbox"
#: the fields each part fills
FIELDS = {
    "sources": ("sources",),
    "ratings": ("sections", "practice_areas"),
    "answers": ("answers",),
    "comments": ("comments",),
    "actions": ("actions", "learning_actions"),
}


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[StoredAudit]]:
    base = tmp_path_factory.mktemp("parts")
    shutil.copytree(EXAMPLES, base / "inbox")
    store = base / "audits.sqlite"
    ingest(base / "inbox", store, out=io.StringIO(), err=io.StringIO())
    conn = open_store(store)
    try:
        audits = queries.audits(conn)
    finally:
        conn.close()
    for name in ("comments", "actions", "sources", "answers"):
        assert any(getattr(a, name) for a in audits), name
    return store, audits


def _expected(
    audit: StoredAudit, parts: frozenset[str], sections: tuple[str, ...] | None
) -> StoredAudit:
    empty: dict[str, object] = {}
    for part, fields in FIELDS.items():
        if part not in parts:
            for name in fields:
                empty[name] = type(getattr(audit, name))()
    if "comments" in parts and sections is not None:
        empty["comments"] = {
            k: c for k, c in audit.comments.items() if k.split(".", 1)[0] in sections
        }
    return dataclasses.replace(audit, **empty)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("parts", "sections"),
    [
        *((frozenset(p), None) for n in range(4) for p in itertools.combinations(FIELDS, n)),
        (YEAR_PARTS, YEAR_COMMENTS),
        (EARLIER_PARTS, None),
        (frozenset({"comments"}), ()),
    ],
)
def test_the_parts_read_are_those_of_the_whole_audit_and_the_rest_is_empty(
    whole: tuple[Path, list[StoredAudit]],
    parts: frozenset[str],
    sections: tuple[str, ...] | None,
) -> None:
    store, audits = whole
    conn = open_store(store)
    try:
        some = queries.audits(conn, parts=parts, comment_sections=sections)
    finally:
        conn.close()
    assert some == [_expected(a, parts, sections) for a in audits]


def test_the_annual_report_reads_the_practitioners_feedback(
    whole: tuple[Path, list[StoredAudit]],
) -> None:
    _, audits = whole
    assert any(k.startswith("practitioner.") for a in audits for k in a.comments)


def test_an_unknown_part_is_refused(whole: tuple[Path, list[StoredAudit]]) -> None:
    store, _ = whole
    conn = open_store(store)
    try:
        with pytest.raises(ValueError, match="no such part of an audit: grades"):
            queries.audits(conn, parts={"grades"})
    finally:
        conn.close()

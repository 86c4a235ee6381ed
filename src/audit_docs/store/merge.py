"""One audit from its sources: a Word form and/or an audit-log row with the same key.

The form's values win (it is the auditor's own record), the log row fills the gaps, and each
value on which they disagree becomes a listed problem, so a QA officer can correct the
tracker or the form. The merged row is rebuilt whenever one of its sources changes, which is
what lets a replaced tracker take its values out again.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from audit_docs.places_in_files import Place
from audit_docs.store.db import named
from audit_docs.store.place_columns import PLACE_COLUMN_LIST, PLACE_COLUMNS, columns_of

#: the audits table's values that sources provide, in the order a disagreement is reported
MERGED = (
    "case_reference",
    "audit_date",
    "form",
    "service_area",
    "team",
    "auditor",
    "moderator",
    "moderation_date",
    "case_worker",
    "team_manager",
    "overall_auditor",
    "overall_moderator",
    "child_age",
    "months_in_early_help",
    "ethnicity",
    "thematic_round",
)
#: values a log row is expected to repeat from the form; a difference there is worth a look
COMPARED = (
    "service_area",
    "team",
    "auditor",
    "moderator",
    "moderation_date",
    "overall_auditor",
    "overall_moderator",
    "child_age",
)
_LABELS = {
    "service_area": "service area",
    "overall_auditor": "overall grade (auditor)",
    "overall_moderator": "overall grade (moderator)",
    "child_age": "child's age",
    "moderation_date": "moderation date",
}
#: whose values come first: the form's
_ORDER = {"form": 0, "audit-log": 1}
_ORIGIN_NAMES = {"form": "Word form", "audit-log": "audit log row"}


def audit_key(case_reference: str | None, audit_date: str | None, fallback: str) -> str:
    """Sources describe the same audit when case reference and audit date agree.

    Case and spacing of the reference do not matter (H497667 = h497667). Without both, an
    audit cannot be matched with anything and keys on its own source (``fallback``).
    """
    if case_reference and audit_date:
        return f"{' '.join(case_reference.split()).casefold()}|{audit_date}"
    return fallback


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
    return bool(a == b)


def _shown(value: Any) -> str:
    return str(value).replace("_", " ").capitalize() if value is not None else "blank"


def _area_label(area: str) -> str:
    """ "voice_of_the_child" -> "grade for voice of the child"."""
    return f"grade for {area.replace('_', ' ')}"


def refresh_audit(conn: sqlite3.Connection, audit_id: int) -> None:
    """Rebuild one audit's merged values and disagreements from its current entries.

    An audit left with no entries (its only source was replaced) is removed; one whose
    sources are all forgotten keeps its row, which no reader shows, so that ``forget --undo``
    can rebuild it.
    """
    rows = named(
        conn,
        "SELECT e.origin, e.record, f.path FROM live_entries e "
        "JOIN source_files f ON f.id = e.file_id WHERE e.audit_id = ? ORDER BY e.id",
        (audit_id,),
    ).fetchall()
    conn.execute("DELETE FROM problems WHERE audit_id = ? AND origin = 'merge'", (audit_id,))
    if not rows:
        if not conn.execute(
            "SELECT 1 FROM audit_entries WHERE audit_id = ? LIMIT 1", (audit_id,)
        ).fetchone():
            conn.execute("DELETE FROM audits WHERE id = ?", (audit_id,))
        return
    rows.sort(key=lambda r: _ORDER.get(r["origin"], 9))
    sources = [(r["origin"], json.loads(r["record"])["values"], r["path"]) for r in rows]
    merged: dict[str, Any] = {}
    for _, values, _ in sources:
        for key in MERGED:
            if merged.get(key) is None and values.get(key) is not None:
                merged[key] = values[key]
    first_origin, first, first_path = sources[0]
    for origin, values, path in sources[1:]:
        compared = [
            (
                Place.value(key),
                first.get(key),
                values.get(key),
                _LABELS.get(key, key.replace("_", " ")),
            )
            for key in COMPARED
        ]
        # a practice area graded on the form and in the log: the form's grade is used
        theirs_areas = values.get("practice_areas") or {}
        compared += [
            (Place.practice_area(area), grade, theirs_areas.get(area), _area_label(area))
            for area, grade in (first.get("practice_areas") or {}).items()
            if theirs_areas.get(area) != "not_recorded"
        ]
        for place, mine, theirs, label in compared:
            if mine is not None and theirs is not None and not _same(mine, theirs):
                conn.execute(
                    "INSERT INTO problems (file_id, audit_id, source, location, kind, message, "
                    f"found, origin, code, label, {PLACE_COLUMN_LIST}) "
                    "VALUES (NULL, ?, ?, ?, 'disagreement', ?, ?, 'merge', 'disagreement', ?, "
                    f"{', '.join('?' * len(PLACE_COLUMNS))})",
                    (
                        audit_id,
                        path,
                        place.key(),
                        f"The {_ORIGIN_NAMES.get(first_origin, first_origin)} ({first_path}) and the "
                        f"{_ORIGIN_NAMES.get(origin, origin)} ({path}) disagree "
                        f"on the {label}: {_shown(mine)} against {_shown(theirs)}. The form's "
                        f"value is used; correct whichever is wrong.",
                        f"{_shown(mine)} / {_shown(theirs)}",
                        f"the {label}",
                        *columns_of(place),
                    ),
                )
    origins = sorted({origin for origin, _, _ in sources}, key=lambda o: _ORDER.get(o, 9))
    moderated = any(
        values.get("moderator") or values.get("any_moderator_rating") for _, values, _ in sources
    )
    assignments = ", ".join(f"{key} = ?" for key in MERGED)
    conn.execute(
        f"UPDATE audits SET {assignments}, origin = ?, moderated = ? WHERE id = ?",
        [*(merged.get(key) for key in MERGED), "+".join(origins), int(moderated), audit_id],
    )

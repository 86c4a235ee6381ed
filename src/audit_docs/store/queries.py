"""Reading the store back: typed rows for the computations, plain tables for analysts.

Everything is ordered by values that do not depend on the order files were ingested in
(audit date, case reference, file path, sheet, row), so two stores holding the same files
give the same figures and byte-identical exports. Files withdrawn with ``audit-docs forget``
count nowhere: every query reads through the ``live_files`` and ``live_entries`` views.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Collection
from typing import Any

from audit_docs.records import (
    Action,
    Comments,
    FeedbackAnswer,
    FormFeedback,
    QualityCheck,
    Rating,
    Refusal,
    StoredAudit,
    StoredProblem,
    ThematicResult,
)
from audit_docs.store.db import named
from audit_docs.store.place_columns import PLACE_COLUMN_LIST, place_of

#: an audit with at least one source that is not forgotten (the audits table as ``a`` or bare)
_LIVE_AUDIT = "id IN (SELECT audit_id FROM live_entries)"
#: a rating, answer, comment or action from a source that is not forgotten
_LIVE_DETAIL = "entry_id IN (SELECT id FROM live_entries)"
#: a problem in a file that is not forgotten, or a disagreement between live sources
_LIVE_PROBLEM = "(p.file_id IS NULL OR p.file_id IN (SELECT id FROM live_files))"

#: what an audit holds beyond its own row, each read by one query over all the audits asked
#: for: its source files, its section and practice-area ratings, its answers, its comments
#: and free text, its actions (case and learning)
PARTS = frozenset({"sources", "ratings", "answers", "comments", "actions"})


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def refusals(conn: sqlite3.Connection) -> list[Refusal]:
    return [
        Refusal(path=r["path"], error=r["error"], reason=r["reason"], sha256=r["sha256"])
        for r in named(
            conn,
            "SELECT path, error, reason, sha256 FROM live_files WHERE status = 'refused' "
            "ORDER BY path",
        )
    ]


def counted_files(conn: sqlite3.Connection) -> dict[str, int]:
    """How many forms and trackers the figures come from, by kind (form, tracker)."""
    return {
        r["kind"]: r["files"]
        for r in named(
            conn,
            "SELECT kind, count(*) AS files FROM live_files WHERE status = 'current' GROUP BY kind",
        )
    }


def audit_dates(conn: sqlite3.Connection, *, distinct: bool = False) -> list[dt.date | None]:
    """Every counted audit's date (None where it has none): which years the store holds;
    ``distinct``: each date once (a few thousand at most, however many audits)."""
    select = "SELECT DISTINCT" if distinct else "SELECT"
    return [
        _date(r["audit_date"])
        for r in named(conn, f"{select} audit_date FROM audits WHERE {_LIVE_AUDIT}")
    ]


def undated_forms(conn: sqlite3.Connection) -> int:
    """How many audits from Word forms have no audit date, so belong to no period."""
    row = named(
        conn,
        "SELECT count(*) AS undated FROM audits "
        f"WHERE audit_date IS NULL AND form IS NOT NULL AND {_LIVE_AUDIT}",
    ).fetchone()
    return int(row["undated"])


def problems(conn: sqlite3.Connection) -> list[StoredProblem]:
    """Every open problem, with the audit it belongs to where there is one."""
    rows = named(
        conn,
        "SELECT p.source, p.location, p.kind, p.message, p.found, p.origin, "
        "a.case_reference, a.audit_date, p.code, p.label, a.auditor, a.id AS audit, "
        f"f.kind AS file_kind, {PLACE_COLUMN_LIST} FROM problems p LEFT JOIN audits a ON a.id = p.audit_id "
        "LEFT JOIN source_files f ON f.id = p.file_id "
        f"WHERE {_LIVE_PROBLEM} ORDER BY p.source, p.id",
    )
    return [
        StoredProblem(
            source=r["source"],
            place=place_of(r),
            kind=r["kind"],
            message=r["message"],
            found=r["found"],
            origin=r["origin"],
            case_reference=r["case_reference"],
            audit_date=_date(r["audit_date"]),
            code=r["code"] or r["kind"],
            label=r["label"],
            auditor=r["auditor"],
            audit=r["audit"],
            file_kind=r["file_kind"],
        )
        for r in rows
    ]


def audits(
    conn: sqlite3.Connection,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    checked: bool = False,
    parts: Collection[str] = PARTS,
    comment_sections: Collection[str] | None = None,
) -> list[StoredAudit]:
    """Audits dated within [start, end] (all audits when no bounds), with all they hold;
    ``checked``: only those the data-quality list checks (read from a Word form, or open in
    Early Help for a number of months), not every audit-log row.

    ``parts``: only these of :data:`PARTS` are read (the others are left empty), and
    ``comment_sections``: only the comments of these sections (None: all), so a report
    loads only what it uses.

    An audit with no readable date belongs to no period; it is listed as a problem instead.
    """
    where, params = f"WHERE {_LIVE_AUDIT}", []
    if checked:
        where += " AND (form IS NOT NULL OR months_in_early_help IS NOT NULL)"
    if start is not None and end is not None:
        where += " AND audit_date BETWEEN ? AND ?"
        params = [start.isoformat(), end.isoformat()]
    rows = named(
        conn,
        "SELECT id, audit_key, case_reference, audit_date, origin, form, service_area, team, "
        "auditor, moderator, moderation_date, case_worker, team_manager, overall_auditor, "
        f"overall_moderator, moderated, child_age, months_in_early_help, ethnicity, thematic_round "
        f"FROM audits {where} ORDER BY audit_date, case_reference, audit_key",
        params,
    ).fetchall()
    ids = [r["id"] for r in rows]
    details = _details(conn, ids, frozenset(parts), comment_sections)
    result = []
    for r in rows:
        d = details[r["id"]]
        result.append(
            StoredAudit(
                key=r["audit_key"],
                case_reference=r["case_reference"],
                audit_date=_date(r["audit_date"]),
                origin=r["origin"],
                form=r["form"],
                service_area=r["service_area"],
                team=r["team"],
                auditor=r["auditor"],
                moderator=r["moderator"],
                moderation_date=_date(r["moderation_date"]),
                case_worker=r["case_worker"],
                team_manager=r["team_manager"],
                overall=Rating(r["overall_auditor"], r["overall_moderator"]),
                moderated=bool(r["moderated"]),
                child_age=r["child_age"],
                months_in_early_help=r["months_in_early_help"],
                ethnicity=r["ethnicity"],
                thematic_round=r["thematic_round"],
                sections=d["sections"],
                practice_areas=d["areas"],
                answers=d["answers"],
                comments=d["comments"],
                actions=tuple(d["actions"]),
                learning_actions=tuple(d["learning"]),
                sources=tuple(d["sources"]),
            )
        )
    return result


def _details(
    conn: sqlite3.Connection,
    ids: list[int],
    parts: frozenset[str] = PARTS,
    comment_sections: Collection[str] | None = None,
) -> dict[int, dict[str, Any]]:
    if unknown := parts - PARTS:
        raise ValueError(f"no such part of an audit: {', '.join(sorted(unknown))}")
    details: dict[int, dict[str, Any]] = defaultdict(
        lambda: {
            "sections": {},
            "areas": {},
            "answers": {},
            "comments": {},
            "actions": [],
            "learning": [],
            "sources": [],
        }
    )
    if not ids or not parts:
        return details
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM wanted")
    conn.executemany("INSERT INTO wanted VALUES (?)", [(i,) for i in ids])
    if "sources" in parts:
        _sources(conn, details)
    if "ratings" in parts:
        _ratings(conn, details)
    if "answers" in parts:
        _answers(conn, details)
    if "comments" in parts:
        _comments(conn, details, comment_sections)
    if "actions" in parts:
        _actions(conn, details)
    return details


def _sources(conn: sqlite3.Connection, details: dict[int, dict[str, Any]]) -> None:
    for r in named(
        conn,
        "SELECT e.audit_id, f.path FROM live_entries e JOIN source_files f ON f.id = e.file_id "
        "WHERE e.audit_id IN (SELECT id FROM wanted) ORDER BY e.audit_id, e.origin, f.path",
    ):
        details[r["audit_id"]]["sources"].append(r["path"])


def _ratings(conn: sqlite3.Connection, details: dict[int, dict[str, Any]]) -> None:
    # a practice area graded on a form and in the audit log is one grade: the form's (its
    # rows come last), unless the form left it ungraded; the overall grade is in audits.
    # One Rating per distinct pair of grades (there are few), shared by every audit.
    shared: dict[tuple[str | None, str | None], Rating] = {}
    for r in named(
        conn,
        "SELECT r.audit_id, r.scheme, r.section, r.auditor, r.moderator FROM section_ratings r "
        "JOIN live_entries e ON e.id = r.entry_id "
        "WHERE r.audit_id IN (SELECT id FROM wanted) AND r.scheme != 'overall' "
        "ORDER BY r.audit_id, e.origin = 'form', r.entry_id",
    ):
        audit_id, section = r["audit_id"], r["section"]
        auditor, moderator = r["auditor"], r["moderator"]
        bucket = "sections" if r["scheme"] == "form-section" else "areas"
        if (
            bucket == "areas"
            and not (auditor or moderator)
            and section in details[audit_id][bucket]
        ):
            continue
        rating = shared.get((auditor, moderator))
        if rating is None:
            rating = shared[auditor, moderator] = Rating(auditor, moderator)
        details[audit_id][bucket][section] = rating


def _answers(conn: sqlite3.Connection, details: dict[int, dict[str, Any]]) -> None:
    for r in named(
        conn,
        "SELECT audit_id, question, answer FROM answers WHERE audit_id IN (SELECT id FROM wanted) "
        f"AND {_LIVE_DETAIL}",
    ):
        details[r["audit_id"]]["answers"][r["question"]] = r["answer"]


def _comments(
    conn: sqlite3.Connection,
    details: dict[int, dict[str, Any]],
    sections: Collection[str] | None,
) -> None:
    texts: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    only, params = "", list(sections or ())
    if sections is not None:
        only = f"AND section IN ({', '.join('?' for _ in params)}) " if params else "AND 0 "
    for r in named(
        conn,
        "SELECT audit_id, section, field, text FROM comments "
        f"WHERE audit_id IN (SELECT id FROM wanted) AND {_LIVE_DETAIL} {only}ORDER BY rowid",
        params,
    ):
        texts[r["audit_id"], r["section"]][r["field"]] = r["text"]
    for (audit_id, section), by_field in texts.items():
        if set(by_field) <= {"auditor", "moderator"}:
            details[audit_id]["comments"][section] = Comments(
                by_field.get("auditor"), by_field.get("moderator")
            )
        else:
            for fld, text in by_field.items():
                details[audit_id]["comments"][f"{section}.{fld}"] = Comments(text, None)


def _actions(conn: sqlite3.Connection, details: dict[int, dict[str, Any]]) -> None:
    for r in named(
        conn,
        "SELECT audit_id, kind, action, who, due, progress FROM actions "
        f"WHERE audit_id IN (SELECT id FROM wanted) AND {_LIVE_DETAIL} "
        "ORDER BY audit_id, kind, position",
    ):
        if r["kind"] == "case":
            details[r["audit_id"]]["actions"].append(
                Action(r["action"], r["who"], r["due"], r["progress"])
            )
        elif r["action"]:
            details[r["audit_id"]]["learning"].append(r["action"])


def thematic_results(conn: sqlite3.Connection) -> list[ThematicResult]:
    return [
        ThematicResult(
            source=r["path"],
            sheet=r["sheet"],
            table=r["table_no"],
            round_title=r["round_title"],
            round_date=_date(r["round_date"]),
            row=r["row"],
            case_label=r["case_label"],
            measure=r["measure"],
            result=r["result"],
            written=r["written"],
        )
        for r in named(
            conn,
            "SELECT f.path, t.sheet, t.table_no, t.round_title, t.round_date, t.row, "
            "t.case_label, t.measure, t.result, t.written FROM thematic_results t "
            "JOIN live_files f ON f.id = t.file_id ORDER BY f.path, t.sheet, t.table_no, "
            "t.row, t.id",
        )
    ]


def quality_checks(conn: sqlite3.Connection) -> list[QualityCheck]:
    return [
        QualityCheck(
            source=r["path"],
            sheet=r["sheet"],
            row=r["row"],
            date=_date(r["check_date"]),
            completed_by=r["completed_by"],
            category=r["completed_by_category"],
            grade=r["grade"],
            notes=r["notes"],
        )
        for r in named(
            conn,
            "SELECT f.path, q.sheet, q.row, q.check_date, q.completed_by, "
            "q.completed_by_category, q.grade, q.notes FROM quality_checks q "
            "JOIN live_files f ON f.id = q.file_id ORDER BY q.check_date, f.path, q.row",
        )
    ]


def family_feedback(conn: sqlite3.Connection) -> list[FeedbackAnswer]:
    return [
        FeedbackAnswer(
            source=r["path"],
            sheet=r["sheet"],
            row=r["row"],
            date=_date(r["response_date"]),
            from_form=r["entry_id"] is not None,
            question=r["question"],
            answer=r["answer"],
        )
        for r in named(
            conn,
            "SELECT f.path, b.sheet, b.row, b.response_date, b.entry_id, b.question, b.answer "
            "FROM family_feedback b JOIN live_files f ON f.id = b.file_id "
            "ORDER BY f.path, b.sheet, b.row, b.id",
        )
    ]


# --- plain tables, for analysts ----------------------------------------------------------------

#: table -> its query; the column names are the export's, documented in README
EXPORT_TABLES: dict[str, str] = {
    "audits": (
        "SELECT case_reference, audit_date, origin, form, service_area, team, auditor, "
        "moderator, moderation_date, moderated, overall_auditor, overall_moderator, "
        "overall_final, child_age, months_in_early_help, ethnicity, thematic_round, audit_key "
        f"FROM audits a WHERE {_LIVE_AUDIT} ORDER BY audit_date, case_reference, audit_key"
    ),
    "section_ratings": (
        "SELECT a.case_reference, a.audit_date, s.scheme, s.section, s.title, s.auditor, "
        "s.moderator, s.final, a.audit_key FROM section_ratings s "
        f"JOIN audits a ON a.id = s.audit_id WHERE {_LIVE_DETAIL} "
        "ORDER BY a.audit_date, a.case_reference, a.audit_key, s.scheme, s.section"
    ),
    "answers": (
        "SELECT a.case_reference, a.audit_date, q.section, q.question, q.answer, a.audit_key "
        f"FROM answers q JOIN audits a ON a.id = q.audit_id WHERE {_LIVE_DETAIL} "
        "ORDER BY a.audit_date, a.case_reference, a.audit_key, q.question"
    ),
    "comments": (
        "SELECT a.case_reference, a.audit_date, c.section, c.field, c.text, a.audit_key "
        f"FROM comments c JOIN audits a ON a.id = c.audit_id WHERE {_LIVE_DETAIL} "
        "ORDER BY a.audit_date, a.case_reference, a.audit_key, c.section, c.field"
    ),
    "actions": (
        "SELECT a.case_reference, a.audit_date, x.kind, x.position, x.action, x.who, x.due, "
        "x.progress, a.audit_key FROM actions x JOIN audits a ON a.id = x.audit_id "
        f"WHERE {_LIVE_DETAIL} ORDER BY a.audit_date, a.case_reference, a.audit_key, x.kind, x.position"
    ),
    "family_feedback": (
        "SELECT f.path AS source, b.sheet, b.row, b.response_date, b.case_reference, "
        "b.respondent, b.question, b.answer FROM family_feedback b "
        "JOIN live_files f ON f.id = b.file_id ORDER BY f.path, b.sheet, b.row, b.question"
    ),
    "thematic_results": (
        "SELECT f.path AS source, t.sheet, t.table_no, t.round_title, t.round_date, t.row, "
        "t.case_label, t.gender, t.age, t.measure, t.result, t.written "
        "FROM thematic_results t JOIN live_files f ON f.id = t.file_id "
        "ORDER BY f.path, t.sheet, t.table_no, t.row, t.measure"
    ),
    "quality_checks": (
        "SELECT f.path AS source, q.sheet, q.row, q.check_date, q.completed_by, "
        "q.completed_by_category, q.grade, q.notes FROM quality_checks q "
        "JOIN live_files f ON f.id = q.file_id ORDER BY f.path, q.sheet, q.row"
    ),
    "problems": (
        "SELECT p.source, p.location, p.kind, p.message, p.found, p.origin, a.case_reference, "
        f"a.audit_date, p.code, p.label, {PLACE_COLUMN_LIST} "
        "FROM problems p LEFT JOIN audits a ON a.id = p.audit_id "
        f"WHERE {_LIVE_PROBLEM} ORDER BY p.source, p.location, p.message"
    ),
    "source_files": (
        "SELECT path, sha256, size, kind, detected, status, ingested_at, replaced_at, reason, "
        "error, forgotten_at FROM source_files ORDER BY path, ingested_at, sha256"
    ),
}


def table(conn: sqlite3.Connection, name: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column names, rows) of one export table."""
    cur = conn.execute(EXPORT_TABLES[name])
    return [d[0] for d in cur.description], cur.fetchall()


def form_feedback(conn: sqlite3.Connection, start: dt.date, end: dt.date) -> list[FormFeedback]:
    """The family feedback given on the audit forms of audits dated within [start, end],
    each with its audit's key (issue 21: the forms' family feedback reported beside the
    feedback tracker's). Rows are read by column name."""
    cursor = conn.execute(
        "SELECT a.audit_key AS audit_key, b.question AS question, b.answer AS answer "
        "FROM family_feedback b JOIN audits a ON a.id = b.audit_id "
        "JOIN live_entries e ON e.id = b.entry_id "
        "WHERE a.audit_date BETWEEN ? AND ? "
        "ORDER BY a.audit_date, a.case_reference, a.audit_key, b.id",
        (start.isoformat(), end.isoformat()),
    )
    cursor.row_factory = sqlite3.Row
    return [
        FormFeedback(audit_key=r["audit_key"], question=r["question"], answer=r["answer"])
        for r in cursor
    ]


def forms_in_use(conn: sqlite3.Connection) -> set[str]:
    """The ids of the form definitions the counted audits were read with (issue 23: the
    grade words an export prints are those of the forms in use)."""
    return {
        r["form"]
        for r in named(conn, f"SELECT DISTINCT form FROM audits WHERE {_LIVE_AUDIT}")
        if r["form"]
    }

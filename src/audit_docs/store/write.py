"""Putting one read file into the store: its source row, its records, its problems.

Each function here runs inside the caller's transaction (one per file), so a file lands
whole or not at all. A file's bytes identify it: bytes seen before are never stored twice;
new bytes at a known path, or a form for an audit already held, replace the earlier
version, whose records move to ``history``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from audit_docs import __version__
from audit_docs.places_in_files import Place
from audit_docs.read.files import printable
from audit_docs.records import (
    GRADES,
    FileFailure,
    FormRecord,
    Problem,
    Rating,
    TrackerRecord,
    WorkbookResult,
)
from audit_docs.store.db import named
from audit_docs.store.merge import audit_key, refresh_audit
from audit_docs.store.place_columns import PLACE_COLUMN_LIST, PLACE_COLUMNS, columns_of
from audit_docs.store.versions import (
    Holder,
    Saved,
    Version,
    form_holders,
    log_holders,
    note,
    saved_later,
)

if TYPE_CHECKING:
    from audit_docs.read.formdef import FormDefinition


@dataclass(frozen=True)
class FormFacts:
    """What the store needs from a form's definition: its service area, its section titles,
    and which header field and section is which role (the store keeps roles, never keys)."""

    service_area: str | None
    section_titles: Mapping[str, str]
    #: question id -> section number
    question_sections: Mapping[str, str]
    #: header role ("case_reference") -> the definition's key for it ("case_id")
    header_keys: Mapping[str, str] = field(default_factory=dict)
    #: section role ("overall", "family_feedback") -> section number
    section_roles: Mapping[str, str] = field(default_factory=dict)
    #: rated section number -> the audit-log practice area it is ("voice_of_the_child")
    practice_areas: Mapping[str, str] = field(default_factory=dict)

    def header(self, record: FormRecord, role: str) -> Any:
        """The value of the header field that is ``role`` on the record's form (None: none)."""
        key = self.header_keys.get(role)
        return None if key is None else record.header.get(key)


def form_facts(definition: FormDefinition) -> FormFacts:
    """The store's facts of one form definition."""
    return FormFacts(
        service_area=definition.service_area,
        section_titles={s.number: s.short_title for s in definition.sections if s.rated},
        question_sections={q.id: s.number for s in definition.sections for q in s.questions},
        header_keys={f.role: f.key for f in definition.header if f.role},
        section_roles={s.role: s.number for s in definition.sections if s.role},
        practice_areas={
            s.number: practice_area_key(s.practice_area)
            for s in definition.sections
            if s.rated and s.practice_area
        },
    )


def practice_area_key(name: str) -> str:
    """ "Voice of the child" -> "voice_of_the_child": the audit log's key for a practice area."""
    return "_".join(re.findall(r"[a-z0-9]+", name.replace("'", "").casefold()))


@dataclass(frozen=True)
class Stored:
    """What storing one file changed, for the ingest summary."""

    added: int = 0
    updated: int = 0
    replaced_file: bool = False
    #: files holding the same audit as another: which was kept, and why
    versions: tuple[Version, ...] = ()


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _plain(value: Any) -> Any:
    """A record as JSON-ready values: like dataclasses.asdict, without its deep copies (which
    cost more than the rest of storing a form)."""
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: _plain(getattr(value, name)) for name in fields}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json(value: Any) -> str:
    text = json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not valid UTF-8, as the reader saw it
        return json.dumps(_printable(json.loads(text)), ensure_ascii=False, sort_keys=True)
    return text


def _printable(value: Any) -> Any:
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


#: why a file could not be opened that says where it was, not what it holds (moved away for a
#: moment, a permission, a network drive): never recorded against its bytes, so it is retried
TRANSIENT_REASONS = frozenset(
    {"not-found", "permission", "os-error", "path-too-long", "not-a-file"}
)


def _rowid(cursor: sqlite3.Cursor) -> int:
    """The id of the row an INSERT just made (always set after an INSERT)."""
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _add_file(
    conn: sqlite3.Connection,
    path: str,
    sha256: str,
    size: int,
    *,
    kind: str,
    detected: str | None,
    saved: Saved,
) -> int:
    # a refused file read again (a newer release may read it) keeps its row, by its bytes
    conn.execute("DELETE FROM source_files WHERE sha256 = ? AND status = 'refused'", (sha256,))
    return _rowid(
        conn.execute(
            "INSERT INTO source_files (path, sha256, size, kind, detected, status, ingested_at, "
            "tool_version, saved_at, saved_at_from) VALUES (?, ?, ?, ?, ?, 'current', ?, ?, ?, ?)",
            (path, sha256, size, kind, detected, now(), __version__, saved.at, saved.source),
        )
    )


def store_refusal(
    conn: sqlite3.Connection, path: str, size: int, failure: FileFailure, kind: str
) -> None:
    """A file that could not be read: kept by its bytes so it is listed, not re-read, each run.

    ``kind`` is what it was taken for: form, tracker, or other (not a form or tracker at all).
    """
    conn.execute(
        "INSERT INTO source_files (path, sha256, size, kind, status, ingested_at, reason, error, "
        "tool_version) VALUES (?, ?, ?, ?, 'refused', ?, ?, ?, ?) "
        "ON CONFLICT (sha256) DO UPDATE SET path = excluded.path, kind = excluded.kind, "
        "reason = excluded.reason, error = excluded.error, "
        "ingested_at = excluded.ingested_at, tool_version = excluded.tool_version",
        (path, failure.sha256, size, kind, now(), failure.reason, failure.error, __version__),
    )


# --- replacing earlier versions --------------------------------------------------------------


def _retire_entries(conn: sqlite3.Connection, entry_ids: Iterable[int], by_file: int) -> set[int]:
    """Move entries to history and delete them; the audits they touched, to refresh."""
    touched: set[int] = set()
    stamp = now()
    for entry_id in entry_ids:
        e = named(
            conn,
            "SELECT e.audit_id, e.file_id, e.origin, e.sheet, e.row, e.record, a.audit_key "
            "FROM audit_entries e JOIN audits a ON a.id = e.audit_id WHERE e.id = ?",
            (entry_id,),
        ).fetchone()
        conn.execute(
            "INSERT INTO history (audit_key, file_id, origin, sheet, row, record, replaced_at, "
            "replaced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *(e["audit_key"], e["file_id"], e["origin"], e["sheet"], e["row"], e["record"]),
                *(stamp, by_file),
            ),
        )
        conn.execute(
            "DELETE FROM problems WHERE audit_id = ? AND file_id = ? AND origin = 'read'",
            (e["audit_id"], e["file_id"]),
        )
        conn.execute("DELETE FROM audit_entries WHERE id = ?", (entry_id,))
        touched.add(e["audit_id"])
    return touched


def _retire_file(conn: sqlite3.Connection, file_id: int, by_file: int) -> set[int]:
    """A file replaced by a newer version: its records leave, its row stays as history."""
    entries = [
        r["id"] for r in named(conn, "SELECT id FROM audit_entries WHERE file_id = ?", (file_id,))
    ]
    touched = _retire_entries(conn, entries, by_file)
    for table in ("family_feedback", "thematic_results", "quality_checks", "problems"):
        conn.execute(f"DELETE FROM {table} WHERE file_id = ?", (file_id,))
    conn.execute(
        "UPDATE source_files SET status = 'replaced', replaced_at = ?, replaced_by = ? WHERE id = ?",
        (now(), by_file, file_id),
    )
    return touched


def _retire_same_path(conn: sqlite3.Connection, path: str, file_id: int) -> tuple[set[int], bool]:
    earlier = named(
        conn,
        "SELECT id FROM source_files WHERE path = ? AND status = 'current' AND id != ?",
        (path, file_id),
    ).fetchall()
    touched: set[int] = set()
    for old in earlier:
        touched |= _retire_file(conn, old["id"], file_id)
    return touched, bool(earlier)


def _audit_id(conn: sqlite3.Connection, key: str) -> tuple[int, bool]:
    """The audit for ``key``, created when new; True when it was created."""
    row = named(conn, "SELECT id FROM audits WHERE audit_key = ?", (key,)).fetchone()
    if row:
        return int(row["id"]), False
    cur = conn.execute(
        "INSERT INTO audits (audit_key, origin, moderated) VALUES (?, '', 0)", (key,)
    )
    return _rowid(cur), True


def _problems(
    conn: sqlite3.Connection,
    file_id: int,
    audit_id: int | None,
    path: str,
    problems: Iterable[Problem],
) -> None:
    marks = ", ".join("?" * len(PLACE_COLUMNS))
    conn.executemany(
        "INSERT INTO problems (file_id, audit_id, source, location, kind, message, found, "
        f"origin, code, label, {PLACE_COLUMN_LIST}) "
        f"VALUES (?, ?, ?, ?, ?, ?, ?, 'read', ?, ?, {marks})",
        [
            (
                file_id,
                audit_id,
                path,
                p.place.key(),
                p.kind,
                p.message,
                p.found,
                p.code,
                p.label,
                *columns_of(p.place),
            )
            for p in problems
        ],
    )


def _settle(conn: sqlite3.Connection, audits: set[int]) -> None:
    for audit_id in sorted(audits):
        refresh_audit(conn, audit_id)


# --- Word forms --------------------------------------------------------------------------------


def form_values(record: FormRecord, facts: FormFacts) -> dict[str, Any]:
    """A form's values in the audits table's terms."""

    def h(role: str) -> Any:
        return facts.header(record, role)

    number = facts.section_roles.get("overall")
    overall = record.ratings.get(number) if number else None
    return {
        "case_reference": _text(h("case_reference")),
        "audit_date": _iso(h("audit_date")),
        "form": record.form,
        "service_area": _text(h("service_area")) or facts.service_area,
        "team": h("team"),
        "auditor": h("auditor"),
        "moderator": h("moderator"),
        "moderation_date": _iso(h("moderation_date")),
        "case_worker": h("case_worker"),
        "team_manager": h("team_manager"),
        "overall_auditor": overall.auditor if overall else None,
        "overall_moderator": overall.moderator if overall else None,
        "child_age": h("child_age"),
        "months_in_early_help": h("months_involved"),
        "ethnicity": h("ethnicity"),
        "thematic_round": None,
        "any_moderator_rating": any(r.moderator for r in record.ratings.values()),
        "practice_areas": {
            area: final
            for number, area in facts.practice_areas.items()
            if (final := _final(record.ratings.get(number))) is not None
        },
    }


def _final(rating: Rating | None) -> str | None:
    return None if rating is None else rating.as_written


def store_form(
    conn: sqlite3.Connection,
    path: str,
    size: int,
    record: FormRecord,
    facts: FormFacts,
    *,
    saved: Saved | None = None,
) -> Stored:
    """Store a form; of several forms holding one audit, the one saved last is used."""
    saved = saved or Saved(record.saved_at)
    values = form_values(record, facts)
    key = audit_key(values["case_reference"], values["audit_date"], f"file:{record.sha256}")
    case, date = values["case_reference"], values["audit_date"]
    file_id = _add_file(
        conn, path, record.sha256, size, kind="form", detected=record.form, saved=saved
    )
    this = Holder(file_id, path, saved.at)
    holders = form_holders(conn, key)
    later = [h for h in holders if saved_later(h, this)]
    if later:
        kept = max(later, key=lambda h: (h.saved_at or "", h.path))
        return _not_used(conn, key, this, kept, _json({"values": values, "read": record}))
    touched, replaced = _retire_same_path(conn, path, file_id)
    versions = []
    # an earlier version of the same audit (under another name) is replaced by this one
    for other in holders:
        touched |= _retire_file(conn, other.file_id, file_id)
        replaced = True
        if other.path != path:
            versions.append(Version(path, other.path, saved.at, other.saved_at, case, date, False))
    audit_id, created = _audit_id(conn, key)
    entry_id = _rowid(
        conn.execute(
            "INSERT INTO audit_entries (audit_id, file_id, origin, record) "
            "VALUES (?, ?, 'form', ?)",
            (audit_id, file_id, _json({"values": values, "read": record})),
        )
    )
    _form_details(conn, entry_id, audit_id, file_id, record=record, facts=facts)
    _problems(conn, file_id, audit_id, path, by_role(record.problems, facts))
    for version in versions:
        note(conn, audit_id, file_id, version)
    _settle(conn, touched | {audit_id})
    return Stored(
        added=int(created),
        updated=int(not created),
        replaced_file=replaced,
        versions=tuple(versions),
    )


def overall_by_role(conn: sqlite3.Connection, facts: Mapping[str, FormFacts]) -> None:
    """A store written before section roles kept each form's overall judgement as one of its
    sections: mark it as the overall grade, by the role its form's definition gives it.

    Runs on every ingest, so it must cost little when there is nothing to mark: the form's
    files are found first (a few thousand), then their entries by index. ``CROSS JOIN`` keeps
    SQLite to that order; left to itself it scanned every audit's entry (0.3 s per form at
    100,000 audits, where this takes milliseconds)."""
    for form, fact in facts.items():
        number = fact.section_roles.get("overall")
        if number is not None:
            conn.execute(
                "UPDATE section_ratings SET scheme = 'overall' WHERE scheme = 'form-section' "
                "AND section = ? AND entry_id IN (SELECT e.id FROM source_files f "
                "CROSS JOIN audit_entries e ON e.file_id = f.id "
                "WHERE e.origin = 'form' AND f.detected = ?)",
                (number, form),
            )


def _not_used(
    conn: sqlite3.Connection, key: str, this: Holder, kept: Holder, record: str
) -> Stored:
    """A form older than the stored version of its audit: kept as history, never used."""
    stamp = now()
    conn.execute(
        "UPDATE source_files SET status = 'replaced', replaced_at = ?, replaced_by = ? "
        "WHERE id = ?",
        (stamp, kept.file_id, this.file_id),
    )
    conn.execute(
        "INSERT INTO history (audit_key, file_id, origin, record, replaced_at, replaced_by) "
        "VALUES (?, ?, 'form', ?, ?, ?)",
        (key, this.file_id, record, stamp, kept.file_id),
    )
    audit = named(
        conn, "SELECT id, case_reference, audit_date FROM audits WHERE audit_key = ?", (key,)
    ).fetchone()
    version = Version(
        kept.path,
        this.path,
        kept.saved_at,
        this.saved_at,
        audit["case_reference"],
        audit["audit_date"],
        True,
    )
    note(conn, audit["id"], kept.file_id, version)
    return Stored(versions=(version,))


def _form_details(
    conn: sqlite3.Connection,
    entry_id: int,
    audit_id: int,
    file_id: int,
    *,
    record: FormRecord,
    facts: FormFacts,
) -> None:
    # the overall section is the audit's overall grade (kept in audits too), not a section;
    # a section that is a practice area is also that practice area's grade
    overall = facts.section_roles.get("overall")
    rows = [
        (
            "overall" if number == overall else "form-section",
            number,
            facts.section_titles.get(number),
            r,
        )
        for number, r in record.ratings.items()
    ]
    rows += [
        ("practice-area", area, _title(area), record.ratings[number])
        for number, area in facts.practice_areas.items()
        if number in record.ratings
    ]
    conn.executemany(
        "INSERT INTO section_ratings (entry_id, audit_id, scheme, section, title, auditor, "
        "moderator) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (entry_id, audit_id, scheme, key, title, r.auditor, r.moderator)
            for scheme, key, title, r in rows
        ],
    )
    conn.executemany(
        "INSERT INTO answers (entry_id, audit_id, question, section, answer) VALUES (?, ?, ?, ?, ?)",
        [
            (entry_id, audit_id, q, facts.question_sections.get(q, q.split(".")[0]), answer)
            for q, answer in record.answers.items()
        ],
    )
    texts: list[tuple[str, str, str | None]] = []
    for number, c in record.comments.items():
        texts += [(number, "auditor", c.auditor), (number, "moderator", c.moderator)]
    texts.append(("overview", "overview", _text(facts.header(record, "overview"))))
    texts += [("practitioner", k, v) for k, v in record.practitioner_feedback.items()]
    texts += [("bespoke", k, v) for k, v in record.bespoke.items()]
    conn.executemany(
        "INSERT INTO comments (entry_id, audit_id, section, field, text) VALUES (?, ?, ?, ?, ?)",
        [(entry_id, audit_id, s, f, t) for s, f, t in texts if t],
    )
    conn.executemany(
        "INSERT INTO actions (entry_id, audit_id, kind, position, action, who, due, progress) "
        "VALUES (?, ?, 'case', ?, ?, ?, ?, ?)",
        [
            (entry_id, audit_id, i, a.action, a.who, a.when, a.update)
            for i, a in enumerate(record.actions, 1)
        ],
    )
    conn.executemany(
        "INSERT INTO actions (entry_id, audit_id, kind, position, action) "
        "VALUES (?, ?, 'learning', ?, ?)",
        [(entry_id, audit_id, i, text) for i, text in enumerate(record.learning_actions, 1)],
    )
    conn.executemany(
        "INSERT INTO family_feedback (file_id, entry_id, audit_id, response_date, case_reference, "
        "question, answer) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                file_id,
                entry_id,
                audit_id,
                _iso(facts.header(record, "audit_date")),
                _text(facts.header(record, "case_reference")),
                question,
                None if answer is None else str(answer),
            )
            for question, answer in _form_feedback(record, facts)
        ],
    )


def by_role(problems: Iterable[Problem], facts: FormFacts) -> list[Problem]:
    """Problems with a header field's place named by its role ("header.case_reference"
    for the form's "case_id"), so the reports find them on any form."""
    roles = {
        Place.header_field(key): Place.header_field(role) for role, key in facts.header_keys.items()
    }
    return [
        dataclasses.replace(p, place=roles[p.place]) if p.place in roles else p for p in problems
    ]


def _form_feedback(record: FormRecord, facts: FormFacts) -> list[tuple[str, Any]]:
    """The family's answers on a form: the family feedback section's tick-box questions and
    its free text."""
    family = facts.section_roles.get("family_feedback")
    answered = [
        (q, a)
        for q, a in record.answers.items()
        if family and facts.question_sections.get(q) == family
    ]
    written = list(record.family_feedback.items())
    if all(a is None for _, a in answered + written):
        return []  # the family gave no feedback on this form
    return answered + written


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# --- Excel trackers ----------------------------------------------------------------------------


def log_values(record: TrackerRecord) -> dict[str, Any]:
    """An audit-log row's values in the audits table's terms."""
    f = record.fields
    grades = {k: v for k, v in f.items() if not isinstance(v, dict)}
    return {
        "case_reference": _text(grades.get("case_reference")),
        "audit_date": _iso(grades.get("audit_date")),
        "form": None,
        "service_area": grades.get("service_area"),
        "team": grades.get("team"),
        "auditor": grades.get("auditor"),
        "moderator": grades.get("moderator"),
        "moderation_date": _iso(grades.get("moderation_date")),
        "case_worker": None,
        "team_manager": None,
        "overall_auditor": _grade(grades.get("overall_grade_auditor")),
        "overall_moderator": _grade(grades.get("overall_grade_moderator")),
        "child_age": grades.get("child_age"),
        "months_in_early_help": None,
        "ethnicity": None,
        "thematic_round": grades.get("thematic_round"),
        "any_moderator_rating": grades.get("overall_grade_moderator") in GRADES,
        "practice_areas": {k: v for k, v in areas.items() if v is not None}
        if isinstance(areas := f.get("practice_areas"), dict)
        else {},
    }


def _grade(value: Any) -> str | None:
    return value if value in GRADES else None


def _title(key: str) -> str:
    return key.replace("_", " ").capitalize()


def store_workbook(
    conn: sqlite3.Connection,
    path: str,
    size: int,
    result: WorkbookResult,
    *,
    saved: Saved | None = None,
) -> Stored:
    file_id = _add_file(
        conn,
        path,
        result.sha256,
        size,
        kind="tracker",
        detected=", ".join(result.kinds),
        saved=saved or Saved(result.saved_at),
    )
    touched, replaced = _retire_same_path(conn, path, file_id)
    this = Holder(file_id, path, (saved or Saved(result.saved_at)).at)
    added: set[int] = set()
    updated: set[int] = set()
    row_audits: dict[tuple[str, int], int] = {}
    shared: dict[tuple[Holder, bool], int] = {}  # (other tracker, this one used) -> rows
    for record in result.records:
        if record.kind == "audit-log":
            audit_id, created, earlier, others = _store_log_row(conn, this, record)
            touched |= earlier | {audit_id}
            row_audits[record.sheet, record.row] = audit_id
            if all(used for _, used in others):
                (added if created else updated).add(audit_id)
            for other, used in others:
                if other.path != path:
                    shared[other, used] = shared.get((other, used), 0) + 1
        elif record.kind == "thematic":
            _store_thematic(conn, file_id, record)
        elif record.kind == "eha-quality-checks":
            _store_quality_check(conn, file_id, record)
        elif record.kind == "family-feedback":
            _store_feedback(conn, file_id, record)
    by_audit: dict[int | None, list[Problem]] = {}
    for problem in result.problems:
        row = _sheet_row(problem.place)
        by_audit.setdefault(row_audits.get(row) if row else None, []).append(problem)
    for row_audit, problems in by_audit.items():
        _problems(conn, file_id, row_audit, path, problems)
    versions = []
    for (other, used), rows in shared.items():
        kept, older = (this, other) if used else (other, this)
        version = Version(
            kept.path, older.path, kept.saved_at, older.saved_at, None, None, not used, rows
        )
        note(conn, None, kept.file_id, version)
        versions.append(version)
    _settle(conn, touched)
    return Stored(
        added=len(added),
        updated=len(updated - added),
        replaced_file=replaced,
        versions=tuple(versions),
    )


def _sheet_row(place: Place) -> tuple[str, int] | None:
    """The audit-log row (sheet, row) a cell's problem belongs to ("Log!G12": ("Log", 12));
    None for a span of cells (a header row) and places in no cell."""
    if place.kind != "cell" or place.last_column or place.sheet is None or place.row is None:
        return None
    return (place.sheet, place.row)


def _store_log_row(
    conn: sqlite3.Connection, this: Holder, record: TrackerRecord
) -> tuple[int, bool, set[int], list[tuple[Holder, bool]]]:
    """Store one audit-log row: (audit, created, audits touched, [(other tracker, used)]).

    The same audit in another tracker is settled by save time, as for forms: this row
    replaces rows saved earlier (used: True), and is kept only as history when another
    tracker's row was saved later (used: False).
    """
    file_id = this.file_id
    values = log_values(record)
    fallback = f"row:{file_id}:{record.sheet}!{record.row}"
    key = audit_key(values["case_reference"], values["audit_date"], fallback)
    earlier = log_holders(conn, key, file_id)
    later = [h for _, h in earlier if saved_later(h, this)]
    record_json = _json({"values": values, "read": record})
    if later:
        kept = max(later, key=lambda h: (h.saved_at or "", h.path))
        conn.execute(
            "INSERT INTO history (audit_key, file_id, origin, sheet, row, record, replaced_at, "
            "replaced_by) VALUES (?, ?, 'audit-log', ?, ?, ?, ?, ?)",
            (key, file_id, record.sheet, record.row, record_json, now(), kept.file_id),
        )
        audit_id, _ = _audit_id(conn, key)
        return audit_id, False, set(), [(kept, False)]
    # the same audit in another log saved earlier (a corrected copy): this row replaces it
    touched = _retire_entries(conn, [entry for entry, _ in earlier], file_id)
    audit_id, created = _audit_id(conn, key)
    entry_id = conn.execute(
        "INSERT INTO audit_entries (audit_id, file_id, origin, sheet, row, record) "
        "VALUES (?, ?, 'audit-log', ?, ?, ?)",
        (
            audit_id,
            file_id,
            record.sheet,
            record.row,
            record_json,
        ),
    ).lastrowid
    areas = record.fields.get("practice_areas")
    if isinstance(areas, dict):
        conn.executemany(
            "INSERT INTO section_ratings (entry_id, audit_id, scheme, section, title, auditor) "
            "VALUES (?, ?, 'practice-area', ?, ?, ?)",
            [(entry_id, audit_id, k, _title(k), v) for k, v in areas.items()],
        )
    return audit_id, created, touched, [(h, True) for _, h in earlier]


def _store_thematic(conn: sqlite3.Connection, file_id: int, record: TrackerRecord) -> None:
    f = record.fields
    measures = f.get("measures")
    if not isinstance(measures, dict):
        return
    rows = []
    for measure, mark in measures.items():
        if mark is True:
            result, written = "evidenced", None
        elif mark is False:
            result, written = "not_evidenced", None
        else:
            result, written = "not_applicable", _text(mark)
        rows.append(
            (
                file_id,
                record.sheet,
                record.table,
                f.get("round_title"),
                _iso(f.get("audit_date") or f.get("round_date")),
                record.row,
                _text(f.get("case")),
                f.get("gender"),
                f.get("age"),
                measure,
                result,
                written,
            )
        )
    conn.executemany(
        "INSERT INTO thematic_results (file_id, sheet, table_no, round_title, round_date, row, "
        "case_label, gender, age, measure, result, written) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


def _store_quality_check(conn: sqlite3.Connection, file_id: int, record: TrackerRecord) -> None:
    f = record.fields
    conn.execute(
        "INSERT INTO quality_checks (file_id, sheet, row, check_date, completed_by, "
        "completed_by_category, grade, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            file_id,
            record.sheet,
            record.row,
            _iso(f.get("audit_date")),
            f.get("completed_by"),
            f.get("completed_by_category"),
            f.get("grade"),
            f.get("notes"),
        ),
    )


def _store_feedback(conn: sqlite3.Connection, file_id: int, record: TrackerRecord) -> None:
    f = record.fields
    answers = f.get("answers")
    if not isinstance(answers, dict):
        return
    conn.executemany(
        "INSERT INTO family_feedback (file_id, sheet, row, response_date, case_reference, "
        "respondent, question, answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                file_id,
                record.sheet,
                record.row,
                _iso(f.get("response_date")),
                _text(f.get("case_reference")),
                f.get("respondent"),
                question,
                _text(answer),
            )
            for question, answer in answers.items()
        ],
    )

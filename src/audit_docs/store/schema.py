"""The store's schema, as numbered migrations.

A database records its schema version in ``PRAGMA user_version``; opening it applies every
later migration in order, in one transaction each, so next year's release opens this year's
database. Never edit a migration that has shipped: add the next one.

The schema is documented for analysts in README.md ("The store"); keep the two in step.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from audit_docs.store.place_columns import fill_places

#: issue 19: a problem's place by its parts, as the reader made it (``places_in_files.Place``);
#: ``location`` keeps it as text for people. Rows stored before are filled from their
#: location once, by ``fill_places`` (see ``FILLS``).
PLACE_PARTS = """
    ALTER TABLE problems ADD COLUMN place_kind TEXT;     -- form | header | section | question
                                                         -- | rating | free_text | family_feedback
                                                         -- | cell | value | practice_area | other
    ALTER TABLE problems ADD COLUMN place_name TEXT;     -- header field (role, else key), free
                                                         -- text key, value key, practice area
    ALTER TABLE problems ADD COLUMN place_section TEXT;  -- the section's number
    ALTER TABLE problems ADD COLUMN place_question TEXT; -- the question's id ("4.2")
    ALTER TABLE problems ADD COLUMN place_rater TEXT;    -- auditor | moderator
    ALTER TABLE problems ADD COLUMN place_sheet TEXT;    -- a tracker's sheet
    ALTER TABLE problems ADD COLUMN place_column TEXT;   -- its column letters ("B")
    ALTER TABLE problems ADD COLUMN place_row INTEGER;   -- its row, as Excel shows it
    ALTER TABLE problems ADD COLUMN place_last_column TEXT; -- a header row's span: last column
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    -- every file ever ingested, by its bytes: the same bytes are never read twice
    CREATE TABLE source_files (
        id          INTEGER PRIMARY KEY,
        path        TEXT NOT NULL,         -- where it was found, relative to the inbox
        sha256      TEXT NOT NULL UNIQUE,
        size        INTEGER NOT NULL,
        kind        TEXT NOT NULL,         -- form | tracker | refused
        detected    TEXT,                  -- the form id, or the tracker kinds found
        status      TEXT NOT NULL,         -- current | replaced | refused
        ingested_at TEXT NOT NULL,         -- UTC, ISO 8601
        replaced_at TEXT,
        replaced_by INTEGER REFERENCES source_files(id),
        reason      TEXT,                  -- refused: a short code (empty, encrypted, ...)
        error       TEXT,                  -- refused: the sentence for the QA officer
        tool_version TEXT NOT NULL
    );
    CREATE INDEX source_files_path ON source_files(path);

    -- one row per case audit, merged from every source that describes it (a Word form and/or
    -- an audit-log row with the same case reference and audit date): the form's values win
    CREATE TABLE audits (
        id                INTEGER PRIMARY KEY,
        audit_key         TEXT NOT NULL UNIQUE,
        case_reference    TEXT,
        audit_date        TEXT,            -- YYYY-MM-DD
        origin            TEXT NOT NULL,   -- form | audit-log | form+audit-log
        form              TEXT,            -- the form definition's id, for Word forms
        service_area      TEXT,
        team              TEXT,
        auditor           TEXT,
        moderator         TEXT,
        moderation_date   TEXT,
        case_worker       TEXT,
        team_manager      TEXT,
        overall_auditor   TEXT,            -- grade keys: outstanding, good,
        overall_moderator TEXT,            --   requires_improvement, inadequate
        overall_final     TEXT GENERATED ALWAYS AS (COALESCE(overall_moderator, overall_auditor)),
        moderated         INTEGER NOT NULL, -- 1 when it names a moderator or has any moderator rating
        child_age         INTEGER,
        months_in_early_help INTEGER,
        ethnicity         TEXT,
        thematic_round    TEXT
    );
    CREATE INDEX audits_date ON audits(audit_date);

    -- what one source said about one audit; the tables below hang from it, so replacing a
    -- source removes exactly what it contributed
    CREATE TABLE audit_entries (
        id       INTEGER PRIMARY KEY,
        audit_id INTEGER NOT NULL REFERENCES audits(id),
        file_id  INTEGER NOT NULL REFERENCES source_files(id),
        origin   TEXT NOT NULL,            -- form | audit-log
        sheet    TEXT,
        row      INTEGER,
        record   TEXT NOT NULL             -- every value read, as JSON
    );
    CREATE INDEX audit_entries_audit ON audit_entries(audit_id);
    CREATE INDEX audit_entries_file ON audit_entries(file_id);

    CREATE TABLE section_ratings (
        entry_id  INTEGER NOT NULL REFERENCES audit_entries(id) ON DELETE CASCADE,
        audit_id  INTEGER NOT NULL REFERENCES audits(id),
        scheme    TEXT NOT NULL,           -- form-section | practice-area
        section   TEXT NOT NULL,           -- "1".."8", or a practice area key
        title     TEXT,
        auditor   TEXT,
        moderator TEXT,
        final     TEXT GENERATED ALWAYS AS (COALESCE(moderator, auditor)),
        PRIMARY KEY (entry_id, section)
    );
    CREATE INDEX section_ratings_audit ON section_ratings(audit_id);

    CREATE TABLE answers (
        entry_id INTEGER NOT NULL REFERENCES audit_entries(id) ON DELETE CASCADE,
        audit_id INTEGER NOT NULL REFERENCES audits(id),
        question TEXT NOT NULL,            -- "2.1" ...
        section  TEXT NOT NULL,
        answer   TEXT,                     -- yes | no | partially | n/a | NULL (unanswered)
        PRIMARY KEY (entry_id, question)
    );
    CREATE INDEX answers_audit ON answers(audit_id);

    CREATE TABLE comments (
        entry_id INTEGER NOT NULL REFERENCES audit_entries(id) ON DELETE CASCADE,
        audit_id INTEGER NOT NULL REFERENCES audits(id),
        section  TEXT NOT NULL,            -- "1".."8", "overview", "practitioner", "bespoke"
        field    TEXT NOT NULL,            -- auditor | moderator | a feedback question key
        text     TEXT NOT NULL
    );
    CREATE INDEX comments_audit ON comments(audit_id);

    CREATE TABLE actions (
        entry_id INTEGER NOT NULL REFERENCES audit_entries(id) ON DELETE CASCADE,
        audit_id INTEGER NOT NULL REFERENCES audits(id),
        kind     TEXT NOT NULL,            -- case | learning
        position INTEGER NOT NULL,
        action   TEXT,
        who      TEXT,
        due      TEXT,                     -- as written ("by end of March", "2017-03-01")
        progress TEXT
    );
    CREATE INDEX actions_audit ON actions(audit_id);

    -- one row per answer: from a form's Family Feedback section or a feedback tracker row
    CREATE TABLE family_feedback (
        id             INTEGER PRIMARY KEY,
        file_id        INTEGER NOT NULL REFERENCES source_files(id),
        entry_id       INTEGER REFERENCES audit_entries(id) ON DELETE CASCADE,
        audit_id       INTEGER REFERENCES audits(id),
        sheet          TEXT,
        row            INTEGER,
        response_date  TEXT,
        case_reference TEXT,
        respondent     TEXT,
        question       TEXT NOT NULL,
        answer         TEXT
    );
    CREATE INDEX family_feedback_file ON family_feedback(file_id);

    -- one row per case and measure of a thematic audit (e.g. the voice of the child)
    CREATE TABLE thematic_results (
        id          INTEGER PRIMARY KEY,
        file_id     INTEGER NOT NULL REFERENCES source_files(id),
        sheet       TEXT NOT NULL,
        table_no    INTEGER NOT NULL,
        round_title TEXT,
        round_date  TEXT,
        row         INTEGER NOT NULL,
        case_label  TEXT,
        gender      TEXT,
        age         INTEGER,
        measure     TEXT NOT NULL,
        result      TEXT NOT NULL,         -- evidenced | not_evidenced | not_applicable
        written     TEXT                   -- what the cell said when the measure did not apply
    );
    CREATE INDEX thematic_results_file ON thematic_results(file_id);

    -- externally completed Early Help Assessments checked for quality
    CREATE TABLE quality_checks (
        id                    INTEGER PRIMARY KEY,
        file_id               INTEGER NOT NULL REFERENCES source_files(id),
        sheet                 TEXT NOT NULL,
        row                   INTEGER NOT NULL,
        check_date            TEXT,
        completed_by          TEXT,
        completed_by_category TEXT,
        grade                 TEXT,
        notes                 TEXT
    );
    CREATE INDEX quality_checks_file ON quality_checks(file_id);

    -- everything someone has to look at: unreadable, missing or ambiguous values, and
    -- disagreements between a form and the audit log
    CREATE TABLE problems (
        id       INTEGER PRIMARY KEY,
        file_id  INTEGER REFERENCES source_files(id),
        audit_id INTEGER REFERENCES audits(id),
        source   TEXT NOT NULL,            -- the file's path in the inbox
        location TEXT,                     -- form field, or Sheet!A1
        kind     TEXT NOT NULL,            -- unreadable | ambiguous | missing | notice | disagreement
        message  TEXT NOT NULL,
        found    TEXT,
        origin   TEXT NOT NULL             -- read | merge
    );
    CREATE INDEX problems_file ON problems(file_id);
    CREATE INDEX problems_audit ON problems(audit_id);

    -- earlier versions of an audit's sources, kept when a re-saved file replaced them
    CREATE TABLE history (
        id          INTEGER PRIMARY KEY,
        audit_key   TEXT NOT NULL,
        file_id     INTEGER NOT NULL REFERENCES source_files(id),
        origin      TEXT NOT NULL,
        sheet       TEXT,
        row         INTEGER,
        record      TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        replaced_by INTEGER REFERENCES source_files(id)
    );
    CREATE INDEX history_key ON history(audit_key);
    """,
    # issue 12: what exactly is wrong, as a code advice and grouping go by, and the field in
    # words; problems stored before have their kind as their code
    """
    ALTER TABLE problems ADD COLUMN code TEXT;   -- missing | several_ticked | not_a_date ...
    ALTER TABLE problems ADD COLUMN label TEXT;  -- the field as a person names it
    UPDATE problems SET code = kind;
    """,
    # issue 13: which of several files holding the same audit was saved last. The time the
    # document itself records (docProps/core.xml), else the file's modification time.
    """
    ALTER TABLE source_files ADD COLUMN saved_at TEXT;         -- UTC, ISO 8601
    ALTER TABLE source_files ADD COLUMN saved_at_from TEXT;    -- document | file
    """,
    # issue 12 (the inbox side): every file in the inbox accounted for, files withdrawn with
    # `audit-docs forget`, kinds form | tracker | other
    """
    -- set by `audit-docs forget`: the file's records stay but count in no report or export
    ALTER TABLE source_files ADD COLUMN forgotten_at TEXT;
    UPDATE source_files SET kind = CASE
        WHEN lower(path) GLOB '*.xls[xmx]' OR lower(path) GLOB '*.xlt[xm]'
            OR lower(path) GLOB '*.xls' THEN 'tracker'
        WHEN lower(path) GLOB '*.doc' OR lower(path) GLOB '*.doc[xm]'
            OR lower(path) GLOB '*.dotx' OR lower(path) GLOB '*.odt' THEN 'form'
        ELSE 'other' END
    WHERE kind = 'refused';

    -- the inbox as the last ingest found it: one row per file, including those not stored
    -- (copies of a stored file, files that could not be opened)
    CREATE TABLE inbox_files (
        path     TEXT PRIMARY KEY,     -- relative to the inbox
        sha256   TEXT,                 -- NULL when the file could not be opened
        kind     TEXT NOT NULL,        -- form | tracker | other
        status   TEXT NOT NULL,        -- stored | duplicate | unreadable
        copy_of  TEXT,                 -- duplicate: the path of the file it has the bytes of
        reason   TEXT,                 -- unreadable: the sentence for the QA officer
        seen_at  TEXT NOT NULL
    );
    CREATE INDEX inbox_files_sha ON inbox_files(sha256);

    -- what counts: sources not withdrawn with `audit-docs forget`
    CREATE VIEW live_files AS SELECT * FROM source_files WHERE forgotten_at IS NULL;
    CREATE VIEW live_entries AS
        SELECT e.* FROM audit_entries e JOIN source_files f ON f.id = e.file_id
        WHERE f.forgotten_at IS NULL;
    """,
    # issues 20 and 26: a file unchanged since the last ingest (same path, size and
    # modification time) is not hashed again; a file whose reading stopped a run (a crash, a
    # memory limit) is skipped, with a sentence, until it changes
    """
    ALTER TABLE inbox_files ADD COLUMN size INTEGER;
    -- nanoseconds; NULL when the file was modified too shortly before it was seen to trust
    ALTER TABLE inbox_files ADD COLUMN mtime_ns INTEGER;

    -- a file being read, written before its reading starts and removed once its result is
    -- stored; a row whose run is gone (stopped_at set) names a file that stopped the reader
    CREATE TABLE reading (
        sha256     TEXT PRIMARY KEY,
        path       TEXT NOT NULL,
        size       INTEGER NOT NULL,
        mtime_ns   INTEGER NOT NULL,
        pid        INTEGER NOT NULL,   -- the process reading it
        host       TEXT NOT NULL,      -- the computer it ran on
        started_at TEXT NOT NULL,      -- UTC, ISO 8601
        stopped_at TEXT                -- UTC: when a later run found its reader gone
    );
    """,
    PLACE_PARTS,
)

SCHEMA_VERSION = len(MIGRATIONS)

#: what a migration needs done in Python once its SQL has run, in the same transaction,
#: keyed by the migration's text (so it stays with its migration whatever its number)
FILLS: dict[str, Callable[[sqlite3.Connection], None]] = {PLACE_PARTS: fill_places}

"""A problem's place is a typed value: made by the reader, kept by the store in columns of its
own, used as is by the computations; its text is for people (issue 19's typed seams)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_docs.compute.data_quality import data_quality_rows
from audit_docs.jobs.ingest import ingest
from audit_docs.places_in_files import PARTS, PLACE_KINDS, RATERS, Place
from audit_docs.records import StoredProblem
from audit_docs.store import queries
from audit_docs.store.db import named, open_store
from audit_docs.store.place_columns import (
    PLACE_COLUMN_LIST,
    PLACE_COLUMNS,
    columns_of,
    place_from_key,
    place_of,
)
from audit_docs.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.builders.wordform import example_spec, write_form
from tests.builders.workbooks import write_workbook
from tests.builders.years import three_year_inbox

# --- the world of places -----------------------------------------------------------------------

#: section numbers as forms print them ("4", "10", "2a")
sections = st.from_regex(r"\A[1-9][0-9]?[a-z]?\Z")
#: keys of header fields and free text, as definitions name them (a key is a word, never a
#: number alone: a number after a section is a question's position)
keys = st.from_regex(r"\A[a-z][a-z0-9_]{0,20}\Z")
#: what Excel allows in a sheet's name (not : \ / ? * [ ]), including dots, "!" and spaces
sheets = st.text(
    st.characters(blacklist_characters=":\\/?*[]", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=31,
)
columns = st.from_regex(r"\A[A-Z]{1,3}\Z")
rows = st.integers(min_value=1, max_value=1_048_576)
#: practice areas, as trackers and forms name them
areas = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)

#: every kind a reader or the merge makes, and how to make one ("other" is only what the
#: store's upgrade keeps of a text of no known shape)
BY_KIND: dict[str, st.SearchStrategy[Place]] = {
    "form": st.just(Place.whole_form()),
    "header": keys.map(Place.header_field),
    "section": sections.map(Place.whole_section),
    "question": st.builds(lambda s, n: Place.answer(f"{s}.{n}"), sections, st.integers(1, 60)),
    "rating": st.builds(Place.rating, sections, st.sampled_from(RATERS)),
    "free_text": st.builds(Place.free_text, sections, keys),
    "family_feedback": keys.map(Place.family_feedback),
    "cell": st.one_of(
        st.builds(Place.in_cell, sheets, columns, rows),
        st.builds(Place.in_cell, sheets, columns, rows, columns),
    ),
    "value": keys.map(Place.value),
    "practice_area": areas.map(Place.practice_area),
}
places = st.one_of(*BY_KIND.values())


def _origin(place: Place) -> str:
    return "merge" if place.kind in ("value", "practice_area") else "read"


def test_every_kind_of_place_is_generated() -> None:
    """The world above holds every kind of place but the upgrade's "other"."""
    assert set(BY_KIND) == set(PLACE_KINDS) - {"other"}


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(BY_KIND)).flatmap(lambda k: st.tuples(st.just(k), BY_KIND[k])))
def test_each_kind_is_made_as_its_kind(made: tuple[str, Place]) -> None:
    kind, place = made
    assert place.kind == kind


@settings(max_examples=300, deadline=None)
@given(places)
def test_a_place_round_trips_through_its_text(place: Place) -> None:
    """A place read back from the text it shows (as the store's upgrade does for rows written
    before the place had columns) is the place the reader made."""
    assert place_from_key(place.key(), _origin(place)) == place


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(("read", "merge")))
def test_any_stored_text_is_kept_as_it_shows(text: str, origin: str) -> None:
    """Whatever an older version stored, its upgraded place shows the same text."""
    assert place_from_key(text, origin).key() == text


@pytest.fixture(scope="module")
def columns_db() -> Any:
    conn = sqlite3.connect(":memory:")
    for script in MIGRATIONS:
        conn.executescript(script)
    yield conn
    conn.close()


@settings(max_examples=300, deadline=None)
@given(places)
def test_a_place_round_trips_through_the_store_columns(columns_db: Any, place: Place) -> None:
    """The place_* columns hold every part of a place, with its type (a section "01" stays
    text, a row stays a number), and give the same place back by name."""
    marks = ", ".join("?" * len(PLACE_COLUMNS))
    columns_db.execute("DELETE FROM problems")
    columns_db.execute(
        f"INSERT INTO problems (source, location, kind, message, origin, {PLACE_COLUMN_LIST}) "
        f"VALUES ('a.docx', ?, 'missing', 'x', 'read', {marks})",
        (place.key(), *columns_of(place)),
    )
    (row,) = named(columns_db, f"SELECT location, {PLACE_COLUMN_LIST} FROM problems").fetchall()
    assert place_of(row) == place
    assert row["location"] == place.key()


def test_a_place_holds_exactly_the_parts_of_its_kind() -> None:
    """A rating without its rater, or a header field with a sheet, cannot be made."""
    with pytest.raises(ValueError, match="needs its rater"):
        Place("rating", section="3")
    with pytest.raises(ValueError, match="has no sheet"):
        Place("header", name="audit_date", sheet="Log")
    assert PARTS["cell"] == {"sheet", "column", "row"}


def test_the_texts_are_those_every_version_has_stored() -> None:
    """The text of each place is exactly what the readers wrote before places were typed."""
    assert [
        p.key()
        for p in (
            Place.whole_form(),
            Place.header_field("audit_date"),
            Place.whole_section("7"),
            Place.answer("4.2"),
            Place.rating("3", "moderator"),
            Place.free_text("10", "what_helped"),
            Place.family_feedback("relationship_score"),
            Place.in_cell("Log", "E", 2),
            Place.in_cell("Round 1", "A", 4, "F"),
            Place.value("overall_auditor"),
            Place.practice_area("Voice of the child"),
        )
    ] == [
        "form",
        "header.audit_date",
        "section.7",
        "4.2",
        "ratings.3.moderator",
        "10.what_helped",
        "family_feedback.relationship_score",
        "Log!E2",
        "Round 1!A4:F4",
        "overall_auditor",
        "practice_areas.Voice of the child",
    ]


# --- readers make places; the store keeps them ------------------------------------------------


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three years of forms, logs and the bundled trackers, and forms with problems of every
    kind a form can have: a header field missing, a range, two boxes ticked, a section's
    ratings missing, a family score out of range, tracked changes."""
    folder = tmp_path_factory.mktemp("places") / "inbox"
    three_year_inbox(folder)
    spec = example_spec()
    write_form(
        folder / "forms" / "troubled.docx",
        dataclasses.replace(
            spec,
            header=spec.header | {"case_id": None, "child_age": "3-4"},
            answers=spec.answers | {"4.2": ("yes", "no")},
            ratings=spec.ratings | {"3": (None, None)},
            score="9",
        ),
    )
    write_workbook(
        folder / "trackers" / "disagreeing-log.xlsx",
        {
            "Log": [
                ["Case reference", "Audit date", "Auditor", "Overall grade (auditor)", "Age"],
                # the 2016-17 inbox's first form (tests/builders/years.py), another auditor
                ["F2016-0", dt.date(2016, 5, 12), "Someone Else", "Good", "x"],
            ]
        },
    )
    return folder


def _ingested(inbox: Path, store: Path) -> None:
    ingest(inbox, store, out=io.StringIO(), err=io.StringIO())


def test_readers_and_the_merge_make_typed_places(inbox: Path, tmp_path: Path) -> None:
    """Problems come back from the store with the places their readers made: forms' header
    fields (by role), answers, ratings, family feedback, the whole form; trackers' cells;
    values a form and its log disagree on."""
    _ingested(inbox, tmp_path / "s.sqlite")
    conn = open_store(tmp_path / "s.sqlite")
    try:
        problems = queries.problems(conn)
    finally:
        conn.close()
    kinds = {p.place.kind for p in problems if p.place is not None}
    assert {"header", "question", "rating", "family_feedback", "cell", "value"} <= kinds
    troubled = {p.place for p in problems if p.source.endswith("troubled.docx")}
    assert Place.header_field("case_reference") in troubled  # the form's "case_id", by role
    assert Place.answer("4.2") in troubled
    assert Place.rating("3", "auditor") in troubled
    assert Place.family_feedback("relationship_score") in troubled
    log = [p for p in problems if p.source.endswith("disagreeing-log.xlsx") and p.origin == "read"]
    assert Place.in_cell("Log", "E", 2) in {p.place for p in log}


def test_the_problems_export_gives_each_place_in_its_parts(inbox: Path, tmp_path: Path) -> None:
    """An analyst filters the exported problems by the place's parts: the export's place_*
    columns are the parts of the place each problem was stored with, beside its text."""
    _ingested(inbox, tmp_path / "s.sqlite")
    conn = open_store(tmp_path / "s.sqlite")
    try:
        columns, rows = queries.table(conn, "problems")
        stored = queries.problems(conn)
    finally:
        conn.close()
    exported = [dict(zip(columns, row, strict=True)) for row in rows]
    assert [c for c in columns if c.startswith("place_")] == list(PLACE_COLUMNS)
    by_text = {(r["source"], r["location"], r["message"]): r for r in exported}
    assert len(by_text) == len(exported) == len(stored)
    for p in stored:
        row = by_text[(p.source, p.location, p.message)]
        assert tuple(row[c] for c in PLACE_COLUMNS) == columns_of(p.place)
    ratings = [r for r in exported if r["place_kind"] == "rating"]
    assert ratings
    assert all(r["location"] == f"ratings.{r['place_section']}.{r['place_rater']}" for r in ratings)
    cells = [r for r in exported if r["place_kind"] == "cell"]
    assert ("Log", "E", 2) in {(r["place_sheet"], r["place_column"], r["place_row"]) for r in cells}


def _stored_places(store: Path) -> list[Place | None]:
    conn = open_store(store)
    try:
        return [p.place for p in queries.problems(conn)]
    finally:
        conn.close()


def _as_old_store(new: Path, old: Path) -> None:
    """``new``'s data in a store of the schema before places had columns, as an older version
    left it: each problem's place only in its location text."""
    conn = sqlite3.connect(old)
    for script in MIGRATIONS[:-1]:
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.execute("ATTACH DATABASE ? AS new", (str(new),))
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    conn.execute("PRAGMA foreign_keys = OFF")
    for t in tables:
        cols = ", ".join(f'"{r[1]}"' for r in conn.execute(f'PRAGMA main.table_info("{t}")'))
        conn.execute(f'INSERT INTO main."{t}" ({cols}) SELECT {cols} FROM new."{t}"')
    conn.commit()
    conn.execute("DETACH DATABASE new")
    conn.close()


def test_a_store_from_before_place_columns_gives_the_same_data_quality_list(
    inbox: Path, tmp_path: Path
) -> None:
    """A store written by the previous schema is upgraded once: its problems get their
    places from their locations, and give the same places and the same data-quality rows
    (every column of every row) as a store written with places."""
    new, old = tmp_path / "new.sqlite", tmp_path / "old.sqlite"
    _ingested(inbox, new)
    _as_old_store(new, old)
    check = sqlite3.connect(old)
    assert "place_kind" not in {r[1] for r in check.execute("PRAGMA table_info(problems)")}
    check.close()

    def listed(store: Path) -> tuple[list[StoredProblem], list[Any]]:
        conn = open_store(store)
        try:
            problems, audits = queries.problems(conn), queries.audits(conn, checked=True)
        finally:
            conn.close()
        return problems, data_quality_rows(problems, [], audits)

    new_problems, new_rows = listed(new)
    old_problems, old_rows = listed(old)
    kinds = {p.place.kind for p in new_problems if p.place is not None}
    assert {"header", "question", "rating", "family_feedback", "cell", "value"} <= kinds
    assert [p.place for p in old_problems] == [p.place for p in new_problems]
    assert old_problems == new_problems
    assert old_rows == new_rows
    conn = open_store(old)
    try:
        version = named(conn, "PRAGMA user_version").fetchone()["user_version"]
    finally:
        conn.close()
    assert version == SCHEMA_VERSION


def test_the_upgrade_places_rows_an_older_version_wrote(tmp_path: Path) -> None:
    """Locations as older versions wrote them become their places when the store is opened;
    a row with no location keeps no place."""
    store = tmp_path / "old.sqlite"
    conn = sqlite3.connect(store)
    for script in MIGRATIONS[:-1]:
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    stored = [
        ("header.audit_date", "read"),
        ("4.2", "read"),
        ("9.relationship_score", "read"),
        ("ratings.3.auditor", "read"),
        ("Log!E2", "read"),
        ("Round!A4:F4", "read"),
        ("practice_areas.Outcomes", "merge"),
        ("team", "merge"),
        (None, "versions"),
    ]
    conn.executemany(
        "INSERT INTO problems (source, location, kind, message, origin) "
        "VALUES ('a.docx', ?, 'missing', 'x', ?)",
        stored,
    )
    conn.commit()
    conn.close()
    places = _stored_places(store)
    assert places == [
        Place.header_field("audit_date"),
        Place.answer("4.2"),
        Place.free_text("9", "relationship_score"),
        Place.rating("3", "auditor"),
        Place.in_cell("Log", "E", 2),
        Place.in_cell("Round", "A", 4, "F"),
        Place.practice_area("Outcomes"),
        Place.value("team"),
        None,
    ]


def test_a_data_quality_row_goes_by_the_place_not_its_text() -> None:
    """A problem at the audit date is said once, in the 'audit in no report' row; a free-text
    field whose text looks the same ("header.audit_date") is its own row."""
    from tests.builders.audits import stored_audit

    audit = dataclasses.replace(stored_audit(sources=("a.docx",)), audit_date=None)

    def problem(place: Place, found: str) -> StoredProblem:
        return StoredProblem("a.docx", place, "unreadable", "x", found, "read", code="not_a_date")

    date, look_alike = Place.header_field("audit_date"), Place.free_text("header", "audit_date")
    assert date.key() == look_alike.key()
    rows = data_quality_rows(
        [problem(date, "31/02/2016"), problem(look_alike, "soon")], [], [audit]
    )
    assert [(r.code, r.found) for r in rows] == [
        ("not_placed", "31/02/2016"),
        ("not_a_date", "soon"),
    ]


def test_place_columns_edited_by_another_tool_give_the_location_text(tmp_path: Path) -> None:
    """A problem whose place columns do not make a place (a rating without its rater, a kind
    a newer release wrote) is listed at the text its location shows, never a traceback."""
    store = tmp_path / "s.sqlite"
    open_store(store).close()
    conn = sqlite3.connect(store)
    conn.executemany(
        "INSERT INTO problems (source, location, kind, message, origin, place_kind, "
        "place_section, place_row) VALUES ('a.docx', ?, 'missing', 'x', 'read', ?, ?, ?)",
        [
            ("ratings.3.auditor", "rating", "3", None),
            ("somewhere new", "hologram", None, None),
            ("Log!E2", "cell", None, "not a number"),
        ],
    )
    conn.execute(
        "INSERT INTO problems (source, location, kind, message, origin, place_kind, "
        "place_section, place_rater) "
        "VALUES ('a.docx', 'ratings.4.boss', 'missing', 'x', 'read', 'rating', '4', 'boss')"
    )
    conn.commit()
    conn.close()
    places = _stored_places(store)
    assert places == [
        Place.unknown("ratings.3.auditor"),
        Place.unknown("somewhere new"),
        Place.unknown("Log!E2"),
        Place.unknown("ratings.4.boss"),
    ]


def test_the_json_gives_a_problems_place_as_text_and_by_its_parts() -> None:
    """`extract` keeps "field" as it was and adds "place": the same place by its parts."""
    from audit_docs.records import Problem
    from audit_docs.render.extract_json import problem_to_dict

    def shown(place: Place) -> dict[str, Any]:
        return problem_to_dict(Problem(place, "m", "missing", code="unrated"))

    rating = shown(Place.rating("3", "auditor"))
    assert rating["field"] == "ratings.3.auditor"
    assert rating["place"] == {"kind": "rating", "section": "3", "rater": "auditor"}
    assert shown(Place.in_cell("Log", "E", 2))["place"] == {
        "kind": "cell",
        "sheet": "Log",
        "column": "E",
        "row": 2,
    }

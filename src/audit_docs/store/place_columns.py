"""A problem's place in the ``problems`` table: its parts in columns of their own.

``location`` keeps the place as text for people and SQL tools; the ``place_*`` columns keep
its parts, and the store gives them back as a ``Place`` by column name. Rows written before
the columns existed are filled once, when the store is upgraded (``fill_places``), by the one
reading of a stored text back into a place (``place_from_key``): nothing else parses it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, cast

from audit_docs.places_in_files import PART_NAMES, PLACE_KINDS, RATERS, Place, PlaceKind

#: the columns, in the order ``columns_of`` gives their values
PLACE_COLUMNS: tuple[str, ...] = ("place_kind", *(f"place_{p}" for p in PART_NAMES))
#: "place_kind, place_name, ...", for an INSERT or a SELECT
PLACE_COLUMN_LIST = ", ".join(PLACE_COLUMNS)


def columns_of(place: Place | None) -> tuple[Any, ...]:
    """The values of the ``place_*`` columns for ``place`` (all NULL: no place)."""
    if place is None:
        return (None,) * len(PLACE_COLUMNS)
    return (place.kind, *(getattr(place, p) for p in PART_NAMES))


def place_of(row: Mapping[str, Any] | sqlite3.Row) -> Place | None:
    """The place a row's ``place_*`` columns hold, read by name (None: no place)."""
    kind = row["place_kind"]
    if kind is None:
        return None
    if kind not in PLACE_KINDS:
        # written by a newer audit-docs: kept as the text it shows
        return Place.unknown(row["location"]) if row["location"] else None
    try:
        return _place(
            kind,
            row["place_name"],
            row["place_section"],
            row["place_question"],
            row["place_rater"],
            row["place_sheet"],
            row["place_column"],
            None if row["place_row"] is None else int(row["place_row"]),
            row["place_last_column"],
        )
    except (TypeError, ValueError):
        # parts that do not make a place (the table edited by another tool): its text
        return Place.unknown(row["location"]) if row["location"] else None


@lru_cache(maxsize=4096)
def _place(kind: str, *parts: Any) -> Place:
    """A place by its parts; the same parts give the same (frozen) place, made once: most
    problems of a store share a few hundred places (a form's fields), a cell's are its own."""
    return Place(cast("PlaceKind", kind), *parts)


# --- upgrading rows written before the columns ------------------------------------------------

_CELL = re.compile(
    r"^(?P<sheet>.+)!(?P<col>[A-Z]{1,3})(?P<row>[1-9]\d*)(?::(?P<last>[A-Z]{1,3})(?P=row))?$",
    re.DOTALL,
)


def place_from_key(text: str, origin: str) -> Place:
    """The place a stored ``location`` names, for rows an older version wrote (``origin`` as
    the row's: "read", "merge"). Only the store's upgrade calls this; everything else is given
    the place the reader made. ``place_from_key(p.key(), origin) == p`` for every place a
    reader or the merge makes; a text of no known shape is an "other" place keeping it."""
    if origin == "merge":
        area = text.removeprefix("practice_areas.")
        return Place.practice_area(area) if area != text else Place.value(text)
    if text == "form":
        return Place.whole_form()
    if m := _CELL.match(text):
        return Place.in_cell(m["sheet"], m["col"], int(m["row"]), m["last"])
    head, dot, rest = text.partition(".")
    if not dot:
        return Place.value(text)
    if head == "header" and rest:
        return Place.header_field(rest)
    if head == "section" and rest:
        return Place.whole_section(rest)
    if head == "family_feedback" and rest:
        return Place.family_feedback(rest)
    if head == "ratings":
        section, _, rater = rest.rpartition(".")
        if section and rater in RATERS:
            return Place.rating(section, rater)
        return Place.unknown(text)
    section, _, tail = text.rpartition(".")
    if section and tail:
        # a question's id is its section and its position ("4.2"); a free-text key is a word
        return Place.answer(text) if tail.isdigit() else Place.free_text(section, tail)
    return Place.unknown(text)


def fill_places(conn: sqlite3.Connection) -> None:
    """Give every problem stored with a location but no place its place's columns (once, in
    the migration that adds them)."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row  # by name (store.db.named, which imports the schema)
    rows = cursor.execute(
        "SELECT id, location, origin FROM problems "
        "WHERE location IS NOT NULL AND place_kind IS NULL"
    ).fetchall()
    sets = ", ".join(f"{c} = ?" for c in PLACE_COLUMNS)
    conn.executemany(
        f"UPDATE problems SET {sets} WHERE id = ?",
        [(*columns_of(place_from_key(r["location"], r["origin"])), r["id"]) for r in rows],
    )

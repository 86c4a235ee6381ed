"""The export's tables read as a stream: rows come from SQLite's cursor as they are needed.

Nothing holds a whole table: a store of 100,000 audits (1.3 million section ratings) is
written with the memory of a few thousand rows. Rows are ``sqlite3.Row``, read by column
name; the queries (and their fixed order) are the export's, ``queries.EXPORT_TABLES``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from audit_docs.store.queries import EXPORT_TABLES


@contextmanager
def table_rows(conn: sqlite3.Connection, name: str) -> Iterator[tuple[list[str], sqlite3.Cursor]]:
    """(column names, a cursor over the rows) of one export table; the cursor is closed on
    leaving, even when the reader stops half-way."""
    cursor = conn.execute(EXPORT_TABLES[name])
    cursor.row_factory = sqlite3.Row
    try:
        yield [d[0] for d in cursor.description], cursor
    finally:
        cursor.close()

"""The store as pandas DataFrames, for analysts in a notebook (``pip install ".[analysis]"``).

The tables are the export's (``audit-docs export``): forgotten files left out, rows in a
fixed order. What an analyst would otherwise convert by hand each time comes typed: dates as
datetimes, grades as an ordered categorical (``inadequate`` < ``requires_improvement`` <
``good`` < ``outstanding``, so ``df.overall_final >= "good"`` works), counts as nullable
integers. A practice area's "n/a" or "not_recorded" is not a grade and is missing in the
categorical; ``audit-docs export`` keeps the words.

    from audit_docs.analysis import frames
    audits = frames("var/audits.sqlite")["audits"]

Forms, services and teams are three columns of ``audits``, never one: ``form`` is the id of
the Word audit form an audit was read from (empty for an audit known only from its audit-log
row; ``origin`` says where each came from), ``service_area`` the area of service the case
sits in ("Early Help", "Child Protection"), ``team`` the team holding the case ("Early Help
Hub Central"). docs/analysis.md has the "share Good or better by team" example.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from audit_docs.compute.export_view import COUNTS, DATES, GRADE_COLUMNS, STAMPS
from audit_docs.records import GRADES
from audit_docs.store.db import open_store
from audit_docs.store.queries import EXPORT_TABLES, table

if TYPE_CHECKING:
    import pandas as pd

_CHOICES = {"answer", "result", "kind", "scheme", "origin", "status"}


def frames(store: str | Path | sqlite3.Connection) -> dict[str, pd.DataFrame]:
    """Every export table of ``store`` (a path or an open connection), name -> DataFrame."""
    import pandas as pd

    conn = store if isinstance(store, sqlite3.Connection) else open_store(Path(store), create=False)
    try:
        tables = {name: table(conn, name) for name in EXPORT_TABLES}
    finally:
        if conn is not store:
            conn.close()
    grade = pd.CategoricalDtype(list(reversed(GRADES)), ordered=True)
    result: dict[str, pd.DataFrame] = {}
    for name, (columns, rows) in tables.items():
        df = pd.DataFrame.from_records(rows, columns=columns)
        for col in df.columns:
            if col in GRADE_COLUMNS.get(name, ()):
                df[col] = df[col].astype("object").where(df[col].isin(GRADES)).astype(grade)
            elif col in DATES:
                df[col] = pd.to_datetime(df[col], format="%Y-%m-%d")
            elif col in STAMPS:
                df[col] = pd.to_datetime(df[col], format="ISO8601", utc=True)
            elif col in COUNTS:
                df[col] = df[col].astype("Int64")
            elif col == "moderated":
                df[col] = df[col].astype("boolean")
            elif col in _CHOICES:
                df[col] = df[col].astype("category")
        result[name] = df
    return result

"""``audit-docs export``: the store's normalised tables for analysts.

JSON and CSV are written deterministically (rows in a fixed order, keys sorted, no
timestamps of their own), so the same store gives byte-identical files every time and an
analyst can diff two exports.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from audit_docs.errors import UsageError
from audit_docs.jobs.places import Places, write_atomically
from audit_docs.store.db import open_store
from audit_docs.store.queries import EXPORT_TABLES, table

FORMATS = ("xlsx", "csv", "json")


def _json_text(tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> str:
    plain = {
        name: [dict(zip(header, row, strict=True)) for row in rows]
        for name, (header, rows) in tables.items()
    }
    return json.dumps({"tables": plain}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _csv_text(header: list[str], rows: list[tuple[Any, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def export(
    places: Places,
    fmt: str,
    output: Path | None = None,
    table_name: str | None = None,
    out: TextIO | None = None,
) -> Path | None:
    """Write the export; the path written, or None when it went to standard output.

    CSV holds one table (``table_name``, by default ``audits``); JSON and XLSX hold them all.
    """
    out = out or sys.stdout
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
    if table_name is not None and table_name not in EXPORT_TABLES:
        raise UsageError(
            f"There is no table {table_name!r}; choose one of {', '.join(EXPORT_TABLES)}."
        )
    conn = open_store(places.store, create=False)
    try:
        names = [table_name] if table_name else list(EXPORT_TABLES)
        if fmt == "csv" and not table_name:
            names = ["audits"]
        tables = {name: table(conn, name) for name in names}
    finally:
        conn.close()
    if fmt == "xlsx":
        from audit_docs.render.workbook import write_tables

        target = output or places.outbox / "audit-docs-export.xlsx"
        return write_atomically(target, lambda tmp: write_tables(tmp, tables))
    text = _json_text(tables) if fmt == "json" else _csv_text(*tables[names[0]])
    if output is None:
        out.write(text)
        return None
    return write_atomically(output, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))

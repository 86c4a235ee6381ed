"""``audit-docs export``: the store's normalised tables for analysts.

Like every command it first takes in what is new in the inbox, then writes, and says what it
wrote where. Rows are streamed from the store to the file (``store/export_rows.py``), so time
grows linearly with the store and memory stays flat.

JSON and CSV are written deterministically (rows in a fixed order, keys sorted, no
timestamps of their own), so the same store gives byte-identical files every time and an
analyst can diff two exports. The workbook has real dates and numbers, the grade words
beside the keys, and each table as an Excel Table (``render/workbook.py``).
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from pathlib import Path
from typing import IO, Any, TextIO

from audit_docs.compute.export_view import (
    cell_words,
    export_columns,
    text_row,
    typed_row,
    written_line,
)
from audit_docs.compute.grades import grade_words, scale_words
from audit_docs.errors import UsageError
from audit_docs.jobs.ingest import ingest_into
from audit_docs.jobs.places import Places, write_atomically
from audit_docs.store.db import open_store
from audit_docs.store.export_rows import table_rows
from audit_docs.store.queries import EXPORT_TABLES, forms_in_use
from audit_docs.workspace import Workspace, as_workspace

FORMATS = ("xlsx", "csv", "json")


def export(
    given: Workspace | Places,
    fmt: str,
    output: Path | None = None,
    table_name: str | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> Path | None:
    """Write the export; the path written, or None when it went to standard output.

    CSV holds one table (``table_name``, by default ``audits``); JSON and XLSX hold them all.
    The ingest summary and the line saying what was written go to ``out`` when the export
    goes to a file, to ``err`` when it goes to ``out``.
    """
    ws = as_workspace(given, out, err)
    places, out, err = ws.places, ws.out, ws.err
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
    if table_name is not None and table_name not in EXPORT_TABLES:
        raise UsageError(
            f"There is no table {table_name!r}; choose one of {', '.join(EXPORT_TABLES)}."
        )
    names = [table_name] if table_name else list(EXPORT_TABLES)
    if fmt == "csv" and not table_name:
        names = ["audits"]
    if fmt == "xlsx" and output is None:
        output = places.outbox / "audit-docs-export.xlsx"
    said = out if output is not None else err
    ingest_into(ws, out=said)
    conn = open_store(places.store, create=False)
    try:
        used = forms_in_use(conn)
        words = cell_words(
            grade_words(
                scale_words(d.grade_scale.words, d.grade_scale.bands)
                for d in ws.definitions.forms
                if d.id in used
            )
        )
        write: Callable[[IO[bytes]], Any]
        if fmt == "xlsx":
            assert output is not None
            report: list[Any] = []
            write_atomically(output, lambda tmp: report.append(_xlsx(conn, names, tmp, words)))
            book = report[0]
            said.write(written_line(book.rows, output, book.continued, book.cut) + "\n")
            return output
        counts: dict[str, int] = {}
        if fmt == "json":

            def write(stream: IO[bytes]) -> Any:
                return counts.update(_json(conn, names, stream))
        else:

            def write(stream: IO[bytes]) -> Any:
                return counts.update(_csv(conn, names[0], stream, words))

        if output is None:
            _to_text(out, write)
        else:
            write_atomically(output, lambda tmp: _to_file(tmp, write))
        said.write(written_line(counts, output) + "\n")
        return output
    finally:
        conn.close()


def _to_file(path: Path, write: Callable[[IO[bytes]], Any]) -> None:
    with path.open("wb") as stream:
        write(stream)


def _to_text(out: TextIO, write: Callable[[IO[bytes]], Any]) -> None:
    """Bytes to standard output as they come (UTF-8 whatever the terminal's encoding); to a
    text stream without bytes under it (a test's StringIO) as text."""
    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
        write(binary)
        binary.flush()
        return
    buffer = io.BytesIO()
    write(buffer)
    out.write(buffer.getvalue().decode("utf-8"))


def _csv(
    conn: sqlite3.Connection, name: str, stream: IO[bytes], words: dict[str, str]
) -> dict[str, int]:
    from audit_docs.render.export_files import write_csv

    with table_rows(conn, name) as (stored, rows):
        columns = export_columns(name, stored)
        shown = text_row(stored, columns, words)
        count = write_csv(stream, [c.name for c in columns], map(shown, rows))
    return {name: count}


def _json(conn: sqlite3.Connection, names: list[str], stream: IO[bytes]) -> dict[str, int]:
    from audit_docs.render.export_files import write_json

    def tables() -> Generator[tuple[str, list[str], sqlite3.Cursor]]:
        for name in sorted(names):  # one cursor open at a time, closed when read
            with table_rows(conn, name) as (stored, rows):
                yield name, stored, rows

    with closing(tables()) as each:  # a cursor left open by a failure closes here, not later
        return write_json(stream, each)


def _xlsx(conn: sqlite3.Connection, names: list[str], path: Path, words: dict[str, str]) -> Any:
    from audit_docs.render.workbook import write_tables

    def tables() -> Generator[tuple[str, list[Any], Iterator[tuple[Any, ...]]]]:
        for name in names:
            with table_rows(conn, name) as (stored, rows):
                columns = export_columns(name, stored)
                yield name, columns, map(typed_row(stored, columns, words), rows)

    with closing(tables()) as each:  # a cursor left open by a failure closes here, not later
        return write_tables(path, each)

"""``audit-docs files``: every file the store knows, and what each gives the reports now.

A QA officer asking "was my form read?" gets one line per file: read and counting, a copy
of another, refused with the sentence saying why, replaced by a newer version, or forgotten.
The inbox is ingested first, so the list is the inbox as it is now.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from typing import TextIO

from audit_docs.errors import UsageError
from audit_docs.jobs.ingest import ingest_into
from audit_docs.jobs.places import Places
from audit_docs.read.files import shown
from audit_docs.store.db import open_store
from audit_docs.store.inbox import FileRow, file_list
from audit_docs.workspace import Workspace, as_workspace

FORMATS = ("table", "json")
_HEADINGS = ("status", "kind", "audits", "problems", "in inbox", "path")


def files(
    given: Workspace | Places,
    fmt: str = "table",
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> list[FileRow]:
    """Print the list on ``out`` (the ingest summary goes to ``err``, so JSON stays clean)."""
    ws = as_workspace(given, out, err)
    places, out = ws.places, ws.out
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}.")
    ingest_into(ws, out=ws.err)
    conn = open_store(places.store)
    try:
        rows = file_list(conn)
    finally:
        conn.close()
    out.write(files_json(rows) if fmt == "json" else files_table(rows))
    return rows


def files_json(rows: list[FileRow]) -> str:
    return json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=1) + "\n"


def files_table(rows: list[FileRow]) -> str:
    """One line per file; the reason, where there is one, on the line below its path."""
    cells = [
        (
            r.status,
            r.kind,
            str(r.audits),
            str(r.problems),
            "yes" if r.in_inbox else "no",
            shown(r.path),
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in [_HEADINGS, *cells]) for i in range(len(_HEADINGS) - 1)]

    def line(values: tuple[str, ...]) -> str:
        padded = [
            v.rjust(w) if i in (2, 3) else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=False))
        ]
        return "  ".join([*padded, values[-1]]).rstrip()

    lines = [line(_HEADINGS)]
    indent = " " * (sum(widths) + 2 * len(widths))
    for row, values in zip(rows, cells, strict=True):
        lines.append(line(values))
        if row.reason:
            lines.append(f"{indent}{shown(row.reason)}")
    counts = Counter(r.status for r in rows)
    total = f"{len(rows):,} file{'' if len(rows) == 1 else 's'}"
    lines.append(f"{total}: " + ", ".join(f"{n:,} {s}" for s, n in sorted(counts.items())) + ".")
    return "\n".join(lines) + "\n" if rows else "The store knows no files yet.\n"

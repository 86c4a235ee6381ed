"""The export as CSV and JSON, written as the rows are read: memory stays flat at any size.

CSV is for people who open it in a spreadsheet: UTF-8 with a byte-order mark (without it,
Excel on Windows shows "£" as "Â£"), rows ended by CRLF, and a text cell that a spreadsheet
would take for a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) written with a single quote in front, as OWASP advises against CSV injection: Excel
shows ``'=1+1`` as the text ``=1+1``, never calculates it. Every value is whole.

JSON is for programs: exactly what ``json.dumps({"tables": ...}, ensure_ascii=False,
indent=1, sort_keys=True)`` gives for the same rows (tables and keys in sorted order), but
written row by row; values are as stored, whole, with no quote added.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import IO, Any

#: what makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
#: characters gathered before they are written
_CHUNK = 1 << 16
#: how json.dumps(indent=1) opens and closes a row at the depth of a table's rows
_FIRST, _NEXT, _END = "\n   {", ",\n   {", "\n   }"


def defused(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula, with a single quote in front."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(stream: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write one table; the number of rows written (the header not counted)."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
    try:
        text.write(BOM)
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow([defused(h) for h in header])
        count = 0
        starts = set(FORMULA_STARTS)
        for row in rows:  # defused(v) for every v, spelled out: a call per value costs a third
            writer.writerow(["'" + v if type(v) is str and v[:1] in starts else v for v in row])
            count += 1
        text.flush()
    finally:
        text.detach()
    return count


_encode_text = json.encoder.encode_basestring


def _value(value: Any) -> str:
    """One value as ``json.dumps(value, ensure_ascii=False)`` writes it."""
    kind = type(value)
    if kind is str:
        return str(_encode_text(value))
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


def write_json(
    stream: IO[bytes], tables: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]
) -> dict[str, int]:
    """Write ``{"tables": {name: [row, ...]}}`` from (name, column names, rows), tables given
    in sorted order; the number of rows written per table."""
    counts: dict[str, int] = {}
    stream.write(b'{\n "tables": {')
    for t, (name, names, rows) in enumerate(tables):
        order = sorted(range(len(names)), key=lambda i: names[i])
        keys = [f"\n    {_value(names[i])}: " for i in order]
        stream.write(f"{',' if t else ''}\n  {_value(name)}: [".encode())
        buffer: list[str] = []
        count = size = 0
        for row in rows:
            fields = ",".join([k + _value(row[i]) for k, i in zip(keys, order, strict=True)])
            buffer.append(text := (_NEXT if count else _FIRST) + fields + _END)
            count += 1
            size += len(text)
            if size >= _CHUNK:
                stream.write("".join(buffer).encode("utf-8"))
                buffer.clear()
                size = 0
        stream.write("".join(buffer).encode("utf-8"))
        stream.write(b"\n  ]" if count else b"]")
        counts[name] = count
    stream.write(b"\n }\n}\n" if counts else b"}\n}\n")
    return counts

"""Drafting, filling and reading one composition of the layout grammar (for its tests)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import yaml

from audit_docs.read.formdef import FormDefinition, parse_definition
from audit_docs.read.word.draft import definition_yaml, draft
from audit_docs.read.word.forms_reader import read_form
from audit_docs.read.word.near import Arrangement
from audit_docs.records import FormRecord
from tests.builders.filler import fill
from tests.builders.layout_grammar import Composition, Expected, blank, fill_values


def load_drafted(
    data: bytes, name: str, arrangements: dict[str, Arrangement] | None = None
) -> FormDefinition:
    """The definition `forms draft` writes for the blank ``data``, loaded as a file would be."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    return parse_definition(yaml.safe_load(definition_yaml(draft(xml, name, arrangements))), name)


def drafted(c: Composition, arrangements: dict[str, Arrangement] | None = None) -> FormDefinition:
    return load_drafted(blank(c), f"{c.name}.docx", arrangements)


def wrong_fields(want: Expected, record: FormRecord) -> list[str]:
    """Each field of ``want`` read otherwise, as "field: wanted x, read y"."""
    checks = [(f"header.{k}", v, record.header.get(k)) for k, v in want.header.items()]
    checks += [(q, v, record.answers.get(q)) for q, v in want.answers.items()]
    for n, grades in want.ratings.items():
        rating = record.ratings.get(n)
        checks += [(f"ratings.{n}.{w}", g, getattr(rating, w, None)) for w, g in grades.items()]
    for n, said in want.comments.items():
        got = record.comments.get(n)
        checks.append((f"comments.{n}", said, got.auditor if got is not None else None))
    return [f"{name}: wanted {w!r}, read {g!r}" for name, w, g in checks if w != g]


def read_copy(
    c: Composition, definition: FormDefinition, dialect: str, seed: int = 0
) -> tuple[Expected, FormRecord]:
    want = fill_values(c, seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{c.name}-{dialect}.docx"
        path.write_bytes(fill(blank(c), want.values, dialect))
        record = read_form(path, (definition,))
    assert isinstance(record, FormRecord), record
    return want, record

"""Tracker definitions: the YAML files under ``read/trackers/`` loaded into typed objects.

One file per kind of tracker says which columns it has, the header spellings each is known
by, what each cell holds and which columns are required. Loading checks the file and says
what is wrong in it, so a council's edited copy fails once, clearly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from audit_docs.errors import DefinitionError
from audit_docs.read.definitions import QUOTE_IT, bundled, load_yaml, need, strings
from audit_docs.read.text import dice, words

COLUMN_TYPES = frozenset({"text", "ref", "date", "grade", "integer", "tick", "measure", "answer"})
UNKNOWN_COLUMNS = frozenset({"other", "measure"})
#: a label of this many words or more may also be matched by word overlap (a reworded question)
LONG_LABEL_WORDS = 6
LONG_LABEL_DICE = 0.8

_QUESTION_NUMBER = re.compile(r"^\s*(?:q\s*\d{1,2}[a-z]?|\d{1,2}[a-z]?)\s*[.:)\-–]\s*", re.I)
_NUMBERED = re.compile(r"^\s*q\s*\d{1,2}[a-z]?\s+", re.I)
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@lru_cache(maxsize=65536)
def header_keys(text: str) -> tuple[str, ...]:
    """The keys a header is compared by, most exact first.

    Words only ("Child's age" and "Childs age" are one; "&" is "and"), then without a
    leading question number ("Q1:", "3."), then without bracketed hints ("(dd/mm/yyyy)").
    """
    base = text.replace("&", " and ").replace("'", "").replace("’", "")
    base = re.sub(r"(?<=\w)-(?=\w)", "", base)  # co-ordination, step-down
    out: list[str] = []
    for variant in (
        base,
        _NUMBERED.sub("", _QUESTION_NUMBER.sub("", base, count=1), count=1),
    ):
        for v in (variant, _BRACKETS.sub(" ", variant)):
            k = " ".join(words(v))
            if k and k not in out:
                out.append(k)
    return tuple(out)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    group: str | None = None
    unit: str | None = None
    #: category -> spellings: the record also gets ``<key>_category``
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """Where the value sits in a record's fields: "team" or "practice_areas.outcomes"."""
        return f"{self.group}.{self.key}" if self.group else self.key


@dataclass(frozen=True)
class RoundRules:
    date_labels: tuple[str, ...]
    other_labels: tuple[str, ...]


@dataclass(frozen=True)
class ValueRule:
    """Columns whose filled cells must mostly hold their type's values for a table to be this
    kind: at least ``at_least`` columns of ``type``, or the one column ``key``."""

    type: str | None
    key: str | None
    at_least: int
    #: what such cells hold, in words, for the sentence when they do not ("dates")
    holding: str


@dataclass(frozen=True)
class Recognition:
    """What makes a table this kind of tracker, beyond the names of its headers."""

    #: header keys found in every kind of spreadsheet (Name, Date, Number): they may name a
    #: column, but a table whose only known headers are these is not this kind
    generic: frozenset[str] = frozenset()
    values: tuple[ValueRule, ...] = ()


@dataclass(frozen=True)
class TrackerDefinition:
    kind: str
    title: str
    columns: tuple[Column, ...]
    min_match: int
    identity: str | None
    unknown_columns: str
    first_column_if_blank: str | None
    answers: dict[str, tuple[str, ...]]
    round: RoundRules | None
    recognise: Recognition = Recognition()
    #: header key -> column, for every spelling
    index: dict[str, Column] = field(repr=False, compare=False, default_factory=dict)
    #: long labels matched by word overlap: (words, column)
    long_labels: tuple[tuple[frozenset[str], Column], ...] = field(
        repr=False, compare=False, default=()
    )
    #: (header text, fuzzy) -> column found, filled as headers are looked up
    memo: dict[tuple[str, bool], Column | None] = field(
        repr=False, compare=False, default_factory=dict
    )

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def required(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def is_generic(self, header: str) -> bool:
        """True for a header such as "Date" or "Number" that any spreadsheet may have."""
        return any(k in self.recognise.generic for k in header_keys(header))

    def match(self, header: str, fuzzy: bool = True) -> Column | None:
        """The column a header names, or None: exact words first, then (``fuzzy``) a long
        label by word overlap, for a reworded question."""
        return _match(self, header, fuzzy)


def _match(d: TrackerDefinition, header: str, fuzzy: bool) -> Column | None:
    memo = (header, fuzzy)
    if memo in d.memo:
        return d.memo[memo]
    found = None
    keys = header_keys(header)
    for k in keys:
        if k in d.index:
            found = d.index[k]
            break
    if found is None and fuzzy and d.long_labels and keys and len(keys[-1].split()) >= 4:
        got = frozenset(keys[-1].split())
        best = max(d.long_labels, key=lambda lc: dice(got, lc[0]))
        if dice(got, best[0]) >= LONG_LABEL_DICE:
            found = best[1]
    if len(d.memo) < 50_000:
        d.memo[memo] = found
    return found


def _mapping_of_lists(value: Any, where: str) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise DefinitionError(f"{where}: expected a mapping of words to spellings")
    if any(isinstance(k, bool) for k in value):
        raise DefinitionError(f"{where}: a word is true or false; {QUOTE_IT}")
    return {str(k): strings(v, f"{where}, '{k}'") for k, v in value.items()}


def _column(item: Any, where: str) -> Column:
    if not isinstance(item, dict):
        raise DefinitionError(f"{where}: a column must be a mapping of keys")
    key = str(need(item, "key", where))
    at = f"{where} '{key}'"
    kind = item.get("type", "text")
    if kind not in COLUMN_TYPES:
        raise DefinitionError(f"{at}: type '{kind}' is not one of {sorted(COLUMN_TYPES)}")
    label = need(item, "label", at)
    if not isinstance(label, str) or not words(label):
        raise DefinitionError(f"{at}: the label {label!r} has no words to look for")
    unit = item.get("unit")
    if unit not in (None, "years", "months"):
        raise DefinitionError(f"{at}: unit '{unit}' is not years or months")
    return Column(
        key=key,
        label=label,
        type=kind,
        aliases=strings(item.get("aliases"), at),
        required=bool(item.get("required", False)),
        group=item.get("group"),
        unit=unit,
        categories=_mapping_of_lists(item.get("categories"), f"{at} categories"),
    )


def _value_rule(item: Any, where: str, columns: tuple[Column, ...]) -> ValueRule:
    if not isinstance(item, dict):
        raise DefinitionError(f"{where}: a value rule must be a mapping of keys")
    kind, key = item.get("type"), item.get("key")
    if (kind is None) == (key is None):
        raise DefinitionError(f"{where}: give either 'type' or 'key'")
    if kind is not None and kind not in COLUMN_TYPES:
        raise DefinitionError(f"{where}: type '{kind}' is not one of {sorted(COLUMN_TYPES)}")
    if key is not None and key not in {c.key for c in columns}:
        raise DefinitionError(f"{where}: key '{key}' is not a column")
    at_least = item.get("at_least", 1)
    if not isinstance(at_least, int) or at_least < 1:
        raise DefinitionError(f"{where}: at_least must be a whole number of at least 1")
    return ValueRule(kind, key, at_least, str(need(item, "holding", where)))


def _recognition(data: Any, where: str, columns: tuple[Column, ...]) -> Recognition:
    if data is None:
        return Recognition()
    if not isinstance(data, dict):
        raise DefinitionError(f"{where}: 'recognise' must be a mapping")
    rules = data.get("values") or []
    if not isinstance(rules, list):
        raise DefinitionError(f"{where}: 'recognise: values' must be a list")
    generic = {k for s in strings(data.get("generic_headers"), where) for k in header_keys(s)[:1]}
    return Recognition(
        generic=frozenset(generic),
        values=tuple(
            _value_rule(r, f"{where}, value rule {i}", columns) for i, r in enumerate(rules, 1)
        ),
    )


def parse_tracker_definition(data: Any, where: str) -> TrackerDefinition:
    if not isinstance(data, dict):
        raise DefinitionError(f"{where}: a tracker definition must be a mapping of keys")
    raw = need(data, "columns", where)
    if not isinstance(raw, list):
        raise DefinitionError(f"{where}: 'columns' must be a list")
    columns = tuple(_column(c, f"{where}, column {i}") for i, c in enumerate(raw, 1))
    keys = [c.path for c in columns]
    if len(set(keys)) != len(keys):
        twice = sorted({k for k in keys if keys.count(k) > 1})
        raise DefinitionError(f"{where}: the column key {twice[0]} is used twice")
    index: dict[str, Column] = {}
    for c in columns:
        for spelling in (c.label, *c.aliases):
            for k in header_keys(spelling)[:1]:
                other = index.get(k)
                if other is not None and other is not c:
                    raise DefinitionError(
                        f"{where}: the header '{spelling}' would name both '{other.key}' "
                        f"and '{c.key}'"
                    )
                index[k] = c
    identity = data.get("identity")
    if identity is not None and identity not in {c.key for c in columns}:
        raise DefinitionError(f"{where}: identity '{identity}' is not a column")
    unknown = data.get("unknown_columns", "other")
    if unknown not in UNKNOWN_COLUMNS:
        raise DefinitionError(
            f"{where}: unknown_columns '{unknown}' is not one of {sorted(UNKNOWN_COLUMNS)}"
        )
    first_blank = data.get("first_column_if_blank")
    if first_blank is not None and first_blank not in {c.key for c in columns}:
        raise DefinitionError(f"{where}: first_column_if_blank '{first_blank}' is not a column")
    answers = _mapping_of_lists(data.get("answers"), f"{where} answers")
    if any(c.type == "answer" for c in columns) and not answers:
        raise DefinitionError(f"{where}: 'answer' columns need the list of 'answers'")
    rnd = data.get("round")
    rules = None
    if rnd is not None:
        if not isinstance(rnd, dict):
            raise DefinitionError(f"{where}: 'round' must be a mapping")
        rules = RoundRules(
            date_labels=strings(rnd.get("date_labels"), f"{where} round"),
            other_labels=strings(rnd.get("other_labels"), f"{where} round"),
        )
    min_match = data.get("min_match", 2)
    if not isinstance(min_match, int) or min_match < 1:
        raise DefinitionError(f"{where}: min_match must be a whole number of at least 1")
    long_labels = tuple(
        (frozenset(header_keys(s)[-1].split()), c)
        for c in columns
        for s in (c.label, *c.aliases)
        if len(words(s)) >= LONG_LABEL_WORDS
    )
    return TrackerDefinition(
        kind=str(need(data, "kind", where)),
        title=str(data.get("title") or data["kind"]),
        columns=columns,
        min_match=min_match,
        identity=identity,
        unknown_columns=unknown,
        first_column_if_blank=first_blank,
        answers=answers,
        round=rules,
        recognise=_recognition(data.get("recognise"), f"{where} recognise", columns),
        index=index,
        long_labels=long_labels,
    )


def load_tracker_definition(path: Path) -> TrackerDefinition:
    data = load_yaml(path)
    definition = parse_tracker_definition(data, path.name)
    if definition.kind != path.name.rsplit(".", 1)[0]:
        raise DefinitionError(
            f"{path.name}: the kind '{definition.kind}' does not match the file name"
        )
    return definition


@cache
def builtin_tracker_definitions() -> tuple[TrackerDefinition, ...]:
    """Every tracker definition shipped with audit_docs, in file-name order."""
    return tuple(load_tracker_definition(path) for path in bundled("trackers"))

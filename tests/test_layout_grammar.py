"""Any council's form, by principle: layouts composed from parts are drafted from their blank,
filled in three dialects and read, every field right.

The compositions cover every pair of part choices (``layout_grammar.covering``); for each,
Hypothesis draws the content (which header fields, how many sections and questions, the
raters' labels, Partially or not). A last test takes each arrangement of options out of the
drafter in turn and shows some composition is then misread: each one is needed.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_docs.read.word.near import ARRANGEMENTS
from tests.builders.filler import FILL_DIALECTS
from tests.builders.layout_grammar import (
    AUDITOR_LABELS,
    COMMENT_LABELS,
    FIELD_POOL,
    MODERATOR_LABELS,
    PARTS,
    QUESTIONS,
    THIRD_LABELS,
    TITLES,
    Composition,
    Section,
    all_pairs,
    covering,
    possible,
)
from tests.grammar_run import drafted, read_copy, wrong_fields

COMPOSITIONS = covering()
#: layouts drawn per composition in a run (each read in the three dialects)
PER_COMPOSITION = 2


def _name(choice: dict[str, str]) -> str:
    return "-".join(choice.values())


@st.composite
def contents(draw: Any, choice: dict[str, str]) -> Composition:
    """A composition's content: header fields, 1-3 sections of 1-3 questions, raters..."""
    fields = draw(st.lists(st.sampled_from(FIELD_POOL), min_size=3, max_size=9, unique=True))
    n = draw(st.integers(1, 3))
    titles = draw(st.lists(st.sampled_from(TITLES), min_size=n, max_size=n, unique=True))
    asked = draw(st.lists(st.sampled_from(QUESTIONS), min_size=n, max_size=3 * n, unique=True))
    per = [asked[i::n] for i in range(n)]
    partially = draw(st.booleans())
    raters = (draw(st.sampled_from(AUDITOR_LABELS)), draw(st.sampled_from(MODERATOR_LABELS)))
    thirds = [t for t in THIRD_LABELS if t != raters[1]]
    return Composition(
        **choice,
        fields=tuple(fields),
        parts=tuple(
            Section(str(i), t, tuple(qs))
            for i, (t, qs) in enumerate(zip(titles, per, strict=True), 1)
        ),
        raters=raters,
        comment_label=draw(st.sampled_from(COMMENT_LABELS)),
        options=("Yes", "No", "N/A", "Partially") if partially else ("Yes", "No", "N/A"),
        third=draw(st.none() | st.sampled_from(thirds)),
    )


def test_the_compositions_cover_every_pair_of_part_choices() -> None:
    """Every two choices of different parts that can go together meet in some composition."""
    covered = set()
    for choice in COMPOSITIONS:
        items = sorted(choice.items())
        covered |= {(a, b) for i, a in enumerate(items) for b in items[i + 1 :]}
    assert all_pairs() <= covered
    assert all(possible(c) for c in COMPOSITIONS)
    assert len(COMPOSITIONS) == 33  # 299 pairs; the largest two parts alone need 8 x 4 = 32


def _read_all(c: Composition) -> list[str]:
    definition = drafted(c)
    wrong = []
    for dialect in FILL_DIALECTS:
        want, record = read_copy(c, definition, dialect, seed=len(c.fields))
        wrong += [f"{dialect} {w}" for w in wrong_fields(want, record)]
    return wrong


@pytest.mark.parametrize("choice", COMPOSITIONS, ids=_name)
def test_a_composed_layout_is_drafted_from_its_blank_and_every_field_read(
    choice: dict[str, str],
) -> None:
    """Header values, answers, both grades and the comments of every section, in each dialect."""

    @settings(
        max_examples=PER_COMPOSITION,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(contents(choice))
    def check(c: Composition) -> None:
        assert _read_all(c) == [], c

    check()


def _fixed(choice: dict[str, str]) -> Composition:
    return Composition(
        **choice,
        fields=FIELD_POOL[:6],
        parts=(Section("1", TITLES[0], QUESTIONS[:2]), Section("2", TITLES[1], QUESTIONS[2:4])),
        raters=(AUDITOR_LABELS[0], MODERATOR_LABELS[1]),
    )


@pytest.mark.parametrize("left_out", list(ARRANGEMENTS))
def test_without_any_one_arrangement_some_layout_is_misread(left_out: str) -> None:
    """Each way of printing options beside their boxes is needed by some composition."""
    fewer = {k: v for k, v in ARRANGEMENTS.items() if k != left_out}
    for choice in COMPOSITIONS:
        c = _fixed(choice)
        try:
            definition = drafted(c, fewer)
        except Exception:  # a draft that does not even load is a failure too
            return
        want, record = read_copy(c, definition, "content-controls")
        if wrong_fields(want, record):
            return
    pytest.fail(f"every composition is read without the '{left_out}' arrangement")


def test_every_part_choice_is_in_some_composition() -> None:
    for part, values in PARTS.items():
        assert {c[part] for c in COMPOSITIONS} == set(values)


@pytest.mark.parametrize(
    ("moderator", "third"),
    [("Manager moderation grade:", "Manager review grade"), ("QA grade:", "Reviewer's rating")],
)
def test_a_second_second_line_grade_is_named_warned_and_never_read_as_the_moderators(
    moderator: str, third: str
) -> None:
    """Auditor, moderator and a manager's or reviewer's row: the one labelled moderator (else
    the first printed) is the moderation, whatever the order; the other is listed under
    rating_labels.other and `forms draft` says where it is."""
    from audit_docs.read.word.draft import draft
    from tests.builders.layout_grammar import blank

    for grades in ("box_word", "cell_right", "headers", "drop_down"):
        c = dataclasses.replace(
            _fixed({**COMPOSITIONS[0], "grades": grades}),
            raters=(AUDITOR_LABELS[0], moderator),
            third=third,
        )
        xml = zipfile.ZipFile(io.BytesIO(blank(c))).read("word/document.xml")
        made = draft(xml, "three-raters.docx")
        assert made.other_grades == [third.rstrip(":")]
        assert any(f"'{third.rstrip(':')}'" in w and "table" in w for w in made.warnings)
        definition = drafted(c)
        assert definition.rating_labels.other == (third.rstrip(":"),)
        for dialect in FILL_DIALECTS:
            want, record = read_copy(c, definition, dialect)
            assert wrong_fields(want, record) == [], (grades, dialect)


@pytest.mark.parametrize("header", PARTS["header"])
def test_forms_check_places_a_header_printed_after_the_sections(header: str) -> None:
    """A case-information grid (or "Label: ____" lines) at the end of the form: `forms check`
    finds every header field of the drafted definition in the blank."""
    from audit_docs.read.word.form import placement
    from audit_docs.read.word.wordml import parse_document
    from tests.builders.layout_grammar import blank

    c = dataclasses.replace(_fixed({**COMPOSITIONS[0], "header": header}), header_at="end")
    definition = drafted(c)
    doc = parse_document(zipfile.ZipFile(io.BytesIO(blank(c))).read("word/document.xml"))
    placed = placement(doc, definition)
    assert placed.found["header fields"] == (len(c.fields), len(c.fields)), placed.missing

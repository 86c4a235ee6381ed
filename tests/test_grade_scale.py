"""A council's own grade scale: carried by its definition, found by `forms draft` in the words
the form prints, and read as the report's bands."""

from __future__ import annotations

import pytest

from audit_docs.errors import DefinitionError
from audit_docs.read.formdef import GradeScale, builtin_definitions, parse_definition
from tests.builders.filler import FILL_DIALECTS
from tests.builders.layout_grammar import FIELD_POOL, TITLES, Composition, Section
from tests.grammar_run import drafted, read_copy, wrong_fields


def _form(scale: str) -> Composition:
    return Composition(
        header="grid4",
        sections="headings",
        answers="columns",
        grades="cell_right",
        comments="row",
        scale=scale,
        fields=FIELD_POOL[:4],
        parts=(Section("1", TITLES[0], ("Has the child been seen alone?",)),),
        raters=("Auditor grade", "Manager moderation grade"),
    )


def test_shipped_definitions_keep_the_usual_four_grades() -> None:
    assert all(d.grade_scale == GradeScale() for d in builtin_definitions())
    assert GradeScale().is_default


@pytest.mark.parametrize(
    ("scale", "words", "bands"),
    [
        (
            "three",
            ("Good", "Adequate", "Inadequate"),
            ("good", "requires_improvement", "inadequate"),
        ),
        (
            "numbers",
            ("1", "2", "3", "4"),
            ("outstanding", "good", "requires_improvement", "inadequate"),
        ),
    ],
)
def test_the_drafted_scale_is_the_printed_words_with_their_bands(
    scale: str, words: tuple[str, ...], bands: tuple[str, ...]
) -> None:
    """Good / Adequate / Inadequate: Adequate between Good and Inadequate; 1-4 in order."""
    definition = drafted(_form(scale))
    assert (definition.grade_scale.words, definition.grade_scale.bands) == (words, bands)
    for dialect in FILL_DIALECTS:
        want, record = read_copy(_form(scale), definition, dialect, seed=1)
        assert wrong_fields(want, record) == []


def test_a_form_printing_the_usual_grades_drafts_no_scale() -> None:
    assert drafted(_form("four")).grade_scale.is_default


def _with_scale(scale: object) -> dict[str, object]:
    base = {
        "id": "x",
        "title": "X",
        "identify": ["X"],
        "options": {"yes": ["yes"], "no": ["no"], "n/a": ["n/a"], "partially": ["partially"]},
        "header": [],
        "rating_labels": {
            "auditor": "Auditor",
            "moderator": "Moderator",
            "auditor_comments": "Comments",
            "moderator_comments": "Moderator comments",
        },
        "sections": [{"number": "1", "title": "One", "rated": True}],
    }
    return base | {"grade_scale": scale}


@pytest.mark.parametrize(
    ("scale", "says"),
    [
        ([{"word": "Good", "band": "great"}], "give two grades or more"),
        (
            [{"word": "Good", "band": "great"}, {"word": "Bad", "band": "inadequate"}],
            "band 'great'",
        ),
        ([{"word": "Bad", "band": "inadequate"}, {"word": "Good", "band": "good"}], "best first"),
        ([{"word": "Good", "band": "good"}, {"word": "good", "band": "inadequate"}], "used twice"),
    ],
)
def test_a_wrong_scale_is_one_sentence(scale: object, says: str) -> None:
    with pytest.raises(DefinitionError, match=says):
        parse_definition(_with_scale(scale), "ours.yaml")


def test_the_report_word_of_a_band_is_the_forms_own() -> None:
    scale = parse_definition(
        _with_scale(
            [
                {"word": "Good", "band": "good"},
                {"word": "Adequate", "band": "requires_improvement"},
                {"word": "Inadequate", "band": "inadequate"},
            ]
        ),
        "ours.yaml",
    ).grade_scale
    assert scale.word_for("requires_improvement") == "Adequate"
    assert scale.word_for("outstanding") is None


def test_a_grade_sentence_uses_the_councils_own_words_where_every_form_agrees() -> None:
    from audit_docs.compute.grades import grade_words
    from audit_docs.compute.messages import grade_sentence

    ours = {"good": "Good", "requires_improvement": "Adequate", "inadequate": "Inadequate"}
    words = grade_words([ours])
    assert grade_sentence({"good": 2, "requires_improvement": 1}, 3, words=words) == (
        "Of the 3 audits completed, 2 (67%) were Good and 1 (33%) was Adequate."
    )
    other = {"requires_improvement": "Requires improvement"}
    assert grade_words([ours, other])["requires_improvement"] == "Requires Improvement"
    assert grade_words([ours, other])["outstanding"] == "Outstanding"


def test_a_scale_printed_worst_first_is_drafted_best_first() -> None:
    """Inadequate / Adequate / Good printed in that order: the definition still loads."""
    from audit_docs.read.word.draft import _scale

    assert _scale([("Inadequate", "Adequate", "Good")]) == [
        ("Good", "good", False),
        ("Adequate", "requires_improvement", True),
        ("Inadequate", "inadequate", False),
    ]
    assert _scale([("Inadequate", "Requires improvement", "Good", "Outstanding")]) == []

"""Words typed in their compatibility forms (full-width letters from an East Asian keyboard,
ligatures) are read as the words they show."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit_docs.read.values import fold, to_grade, to_tick, vocabulary

#: ASCII "!".."~" and their full-width forms U+FF01..U+FF5E
_WIDE = {chr(c): chr(c - 0x21 + 0xFF01) for c in range(0x21, 0x7F)}


def _widened(text: str, which: list[bool]) -> str:
    return "".join(_WIDE.get(ch, ch) if wide else ch for ch, wide in zip(text, which, strict=False))


SPELLINGS = sorted(
    {(str(s), g) for g, spellings in vocabulary()["grades"].items() for s in spellings}
)


@given(st.sampled_from(SPELLINGS), st.lists(st.booleans(), min_size=40, max_size=40))
def test_a_grade_in_full_width_letters_is_that_grade(
    spelling: tuple[str, str], which: list[bool]
) -> None:
    word, grade = spelling
    assert to_grade(_widened(word, which)) == (grade, None)


@given(
    st.sampled_from(["Yes", "No", "Y", "N", "X", "nothing recorded"]),
    st.lists(st.booleans(), min_size=20, max_size=20),
)
def test_a_tick_or_cross_in_full_width_letters_is_that_mark(word: str, which: list[bool]) -> None:
    assert to_tick(_widened(word, which)) == to_tick(word)
    assert to_tick(word)[0] is not None


def test_compatibility_forms_fold_to_the_plain_word() -> None:
    assert fold("Ｒｅｑｕｉｒｅｓ　Ｉｍｐｒｏｖｅｍｅｎｔ") == "requires improvement"
    assert fold("ﬁne") == "fine"  # the fi ligature
    assert fold("Good") == "good"

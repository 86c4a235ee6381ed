"""Anonymising by whole words looked up in a set built once: nothing else in the text changes,
abbreviations survive, and the cost is linear in the data (issue 22, issue 26)."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from audit_docs.compute.anonymise import (
    CASE,
    NAME,
    Anonymiser,
    known_words,
    name_tokens,
    reference_tokens,
    scrub,
)

NAMES = ("Jo Marsh", "Kieran Quigley", "Ann Lee", "Priya Sandhu", "Mary-Kate O'Brien")
REFERENCES = ("EHA-2016-0042", "H123456 / EHA-2016-2223")
ABBREVIATIONS = ("Q&A", "A&E", "S47", "CP/CIN", "TAF", "EHA", "eEHA", "B&Q", "CAMHS")
WORDS = ("the", "plan", "Mum", "Dad", "review", "school", "visit", "was", "and", "Ayesha")
SEPARATORS = (" ", "  ", ", ", ". ", "; ", "\n", " / ", "-", "(", ") ", "'s ", "’s ", ": ")


def test_abbreviations_next_to_capitals_are_never_touched() -> None:
    """ "Q&A session at TAF" stays as written (it became "[name]&A session at TAF")."""
    text = "Q&A session at TAF; A&E visit after the S47 (CP/CIN), the EHA and B&Q vouchers."
    assert scrub(text, NAMES, REFERENCES) == text


def test_names_go_as_whole_words_and_a_full_name_is_one_placeholder() -> None:
    """A name inside a longer word stays; a full name, in any case, is one "[name]"."""
    text = "JO MARSH met Joanne and Ann; Annabel's plan; Mary-Kate O'Brien's review; EHA-2016-0042."
    assert scrub(text, NAMES, REFERENCES, also_unknown_names=False) == (
        "[name] met Joanne and [name]; Annabel's plan; [name]'s review; [case]."
    )


_PIECES = st.lists(
    st.one_of(
        st.sampled_from([w for n in NAMES for w in re.split(r"[\s\-]+", n)]),
        st.sampled_from(NAMES),
        st.sampled_from([p.strip() for r in REFERENCES for p in r.split("/")]),
        st.sampled_from(ABBREVIATIONS + WORDS),
        st.text(
            alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ&0123456789", max_size=8
        ),
    ).flatmap(lambda word: st.tuples(st.just(word), st.sampled_from(SEPARATORS))),
    max_size=30,
)


#: what a placeholder can stand for: words of letters joined by spaces or hyphens; tokens
#: holding a digit (every stored reference part does) joined by spaces or a slash
_WORD = r"[^\W\d_]+(?:['’][^\W\d_]+)*"
_NAME_WORDS = rf"{_WORD}(?:[\s\-]+{_WORD})*?"
_TOKEN = r"[\w\-]*\d[\w\-]*"
_REFERENCE_PARTS = rf"{_TOKEN}(?:\s*/?\s*{_TOKEN})*?"


def _replaced(original: str, scrubbed: str) -> list[tuple[str, str]]:
    """(placeholder, the original text it stands for) for each placeholder in ``scrubbed``:
    the scrubbed text with each placeholder as a wildcard must match the original exactly."""
    parts = re.split(r"(\[name\]|\[case\])", scrubbed)
    shapes = {NAME: rf"({_NAME_WORDS})", CASE: rf"({_REFERENCE_PARTS})"}
    pattern = "".join(shapes.get(p, re.escape(p)) for p in parts)
    match = re.fullmatch(pattern, original, re.DOTALL)
    assert match is not None, (original, scrubbed)
    placeholders = [p for p in parts if p in (NAME, CASE)]
    return list(zip(placeholders, match.groups(), strict=True))


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_anonymising_changes_only_the_names_and_references_of_the_store(pieces) -> None:
    """Every placeholder stands for words of a stored name or parts of a stored reference
    (with the spaces, hyphens or slash between them); every other character is unchanged."""
    text = "".join(word + sep for word, sep in pieces)
    names, references = name_tokens(NAMES), reference_tokens(REFERENCES)
    scrubbed = Anonymiser(NAMES, REFERENCES, also_unknown_names=False).scrub(text)
    for placeholder, stood_for in _replaced(text, scrubbed):
        if placeholder == NAME:
            words = re.split(r"[\s\-]+", stood_for)
            assert all(w.replace("’", "'").casefold() in names for w in words), stood_for
        else:
            parts = re.split(r"[\s/]+", stood_for)
            assert all(p.casefold() in references for p in parts), stood_for
    for abbreviation in ABBREVIATIONS:
        alone = re.compile(rf"(?<![\w&\-]){re.escape(abbreviation)}(?![\w&\-])")
        assert len(alone.findall(text)) == len(alone.findall(scrubbed)), abbreviation


@settings(max_examples=200, deadline=None)
@given(_PIECES)
def test_with_unknown_names_only_stored_or_unknown_capitalised_words_go(pieces) -> None:
    """With the default, a replaced word is a stored name or reference, or a capitalised word
    that is not a known word or abbreviation."""
    text = "".join(word + sep for word, sep in pieces)
    names, references = name_tokens(NAMES), reference_tokens(REFERENCES)
    known = known_words()
    for placeholder, stood_for in _replaced(text, scrub(text, NAMES, REFERENCES)):
        separators = r"[\s\-]+" if placeholder == NAME else r"[\s/]+"
        for word in re.split(separators, stood_for.strip()):
            folded = word.replace("’", "'").casefold()
            if placeholder == CASE:
                assert folded in references
            else:
                assert folded in names or (word[0].isupper() and folded not in known), word


def _time_scrub(count: int) -> float:
    names = [f"Worker{i} Surname{i}" for i in range(count)]
    references = [f"EHA-2016-{i:05d}" for i in range(count)]
    texts = [f"Worker{i} met the family with EHA-2016-{i:05d}; Q&A at TAF." for i in range(count)]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        anonymiser = Anonymiser(names, references)
        for text in texts:
            anonymiser.scrub(text)
        best = min(best, time.perf_counter() - start)
    return best


def test_anonymising_four_times_the_data_takes_at_most_eight_times_as_long() -> None:
    """Names and references are looked up in a set built once: linear, not quadratic."""
    small, large = _time_scrub(1_000), _time_scrub(4_000)
    assert large <= 8 * small, f"{small:.3f} s for 1,000, {large:.3f} s for 4,000"

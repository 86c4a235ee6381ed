"""Matching the form's printed words: what counts as the same label."""

from __future__ import annotations

from audit_docs.read.text import key, label_pattern, words


def test_dotted_abbreviation_is_one_word() -> None:
    """ "E.H." and "EH" give the same words, so reworded labels still match."""
    assert words("Length of time case in E.H.") == words("Length of time Case in EH")
    assert words("e.g. S.M.A.R.T. plans") == ["eg", "smart", "plans"]


def test_numbering_and_punctuation_do_not_matter() -> None:
    """Leading numbering, case and punctuation are not part of a label's key."""
    assert key("3.  Was the help/ support identified?") == key("was the help/support identified")
    assert key("a) Is there a Safety Plan on file") == "is there a safety plan on file"


def test_colon_label_needs_its_colon() -> None:
    """A label printed with a colon is only found with one: "the auditor's view" is prose."""
    pattern = label_pattern("Auditor:")
    assert pattern.search("Auditor: Good")
    assert pattern.search("Auditor - Good")
    assert not pattern.search("I agree with the auditor's grading")

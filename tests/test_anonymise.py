"""Pseudonyms for case references, and names taken out of free text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from audit_docs.compute.anonymise import (
    ALPHABET,
    Pseudonyms,
    known_words,
    name_variants,
    new_key,
    reference_variants,
    scrub,
)
from audit_docs.read.word.forms_reader import read_form
from audit_docs.records import FormRecord

DATA = Path(__file__).parent / "data"
KEY = bytes(range(32))
PEOPLE = ("case_worker", "team_manager", "auditor", "moderator")


# --- pseudonyms ------------------------------------------------------------------------------


def test_pseudonym_worked_example():
    """Under a fixed key a reference always gives the same readable pseudonym."""
    pseudonyms = Pseudonyms(KEY)
    assert pseudonyms.of("H497667") == "Case GEQV-NG"
    assert pseudonyms.of("EHA-2016-2223 / H981608") == "Case 7RKR-8C"


def test_pseudonym_ignores_case_and_spacing():
    """Spaces around and inside a reference, and its case, do not make another case."""
    pseudonyms = Pseudonyms(KEY)
    assert pseudonyms.of(" h497667 ") == "Case GEQV-NG"
    assert pseudonyms.of("eha-2016-2223   /  h981608") == "Case 7RKR-8C"


def test_another_key_gives_another_pseudonym():
    """The pseudonym depends on the key, so it cannot be worked out without it."""
    assert Pseudonyms(bytes(range(1, 33))).of("H497667") == "Case 7CQB-LD"


def test_pseudonym_alphabet_has_no_lookalikes():
    """Pseudonyms use 32 symbols without 0, O, 1 or I, grouped four and two."""
    assert len(set(ALPHABET)) == 32
    assert set("0O1I") & set(ALPHABET) == set()
    shapes = {
        bool(re.fullmatch(r"Case [2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{2}", Pseudonyms(KEY).of(f"H{n}")))
        for n in range(200)
    }
    assert shapes == {True}


def test_new_key_is_32_random_bytes():
    """Each new key is 32 bytes and differs from the last."""
    first, second = new_key(), new_key()
    assert (len(first), len(second)) == (32, 32)
    assert first != second


def test_short_key_and_empty_reference_are_refused():
    """A key under 16 bytes, or a blank reference, is a caller's mistake, named in the error."""
    with pytest.raises(ValueError, match="at least 16 bytes, this one has 3"):
        Pseudonyms(b"abc")
    with pytest.raises(ValueError, match="an empty case reference has no pseudonym"):
        Pseudonyms(KEY).of("   ")


# --- what scrub looks for --------------------------------------------------------------------


def test_name_variants():
    """A full name gives itself and each part of 2+ letters; initials and blanks are skipped."""
    assert name_variants(["Kieran  Ashworth", "J. Smith-Jones", None, " "]) == [
        "kieran ashworth",
        "j. smith-jones",
        "ashworth",
        "kieran",
        "jones",
        "smith",
    ]


def test_reference_variants():
    """A combined reference gives itself and each numbered part."""
    assert reference_variants(["EHA-2016-2223 / H981608", None]) == [
        "eha-2016-2223 / h981608",
        "eha-2016-2223",
        "h981608",
    ]


def test_known_words_hold_domain_terms_but_not_word_names():
    """Domain words are known; words that are common given names or surnames are not."""
    known = known_words()
    assert {"mum", "dad", "nan", "taf", "eeha", "camhs", "freedom", "programme", "august"} <= known
    assert {"summer", "ruby", "grace", "will", "smith", "ayesha", "kieran"} & known == set()


# --- scrub -----------------------------------------------------------------------------------


def test_scrub_overview_worked_example():
    """The child named only in the overview goes; the Freedom Programme, Mum and TAF stay."""
    overview = (
        "Referral from the GP regarding parental mental health and the impact on Ayesha, who is "
        "a young carer. The Freedom Programme was offered to Mum and her partner; she has "
        "completed 8 of the 12 sessions. The practitioner completed an eEHA and held a TAF with "
        "school, the school nurse and Women's Aid."
    )
    assert scrub(overview, ["Kieran Ashworth"], ["H497667"]) == (
        "Referral from the GP regarding parental mental health and the impact on [name], who is "
        "a young carer. The Freedom Programme was offered to Mum and her partner; she has "
        "completed 8 of the 12 sessions. The practitioner completed an eEHA and held a TAF with "
        "school, the school nurse and Women's Aid."
    )


def test_scrub_known_names_whole_word_any_case_and_possessive():
    """Full names, first names and surnames go in any case, possessive too, but not inside words."""
    text = "KIERAN ASHWORTH met kieran; Kieran's plan. Ashworthy Road. Mr Ashworth agreed."
    assert scrub(text, ["Kieran Ashworth"], [], also_unknown_names=False) == (
        "[name] met [name]; [name]'s plan. Ashworthy Road. Mr [name] agreed."
    )


def test_scrub_references_as_whole_tokens():
    """A reference goes as written, in any case and part by part, but not inside a longer token."""
    text = (
        "Case EHA-2016-2223 / H981608, also h981608 and EHA-2016-2223; not H9816089 or X-H981608."
    )
    assert scrub(text, [], ["EHA-2016-2223 / H981608"], also_unknown_names=False) == (
        "Case [case], also [case] and [case]; not H9816089 or X-H981608."
    )


def test_scrub_unknown_capitalised_words():
    """Capitalised words that are not known go, with a title's or family's surname; others stay."""
    text = (
        "Mrs Hall and the Lamb family met Summer's teacher. Ruby attends Kooth on Monday in "
        "August with Nan, Dad and CAMHS. The summer holidays went well."
    )
    assert scrub(text, [], []) == (
        "Mrs [name] and the [name] family met [name]'s teacher. [name] attends Kooth on Monday "
        "in August with Nan, Dad and CAMHS. The summer holidays went well."
    )


def test_scrub_can_leave_unknown_words():
    """With also_unknown_names=False only the names and references given are taken out."""
    assert scrub("Ayesha met Kieran.", ["Kieran Ashworth"], [], also_unknown_names=False) == (
        "Ayesha met [name]."
    )


# --- the sample forms: no person's name survives ---------------------------------------------

#: the names found by reading each sample form's free text (overview, escalation, comments,
#: family and practitioner feedback, actions, learning, bespoke answers)
NAMES_IN_TEXT = {
    "example-content-controls": ["Ayesha", "Kieran"],
    "example-legacy-fields": ["Ruby", "Farah", "Tanya", "Lindqvist"],
    "example-symbols": ["Jayden", "Oluwaseun", "Hargreaves"],
    "example-typed": ["Summer", "Harriet"],
}

#: every free text each sample form holds that scrub changes, as it reads afterwards
SCRUBBED = {
    "example-content-controls": [
        "Referral from the GP regarding parental mental health and the impact on [name], who is "
        "a young carer. The Freedom Programme was offered to Mum and her partner; she has "
        "completed 8 of the 12 sessions. The practitioner completed an eEHA and held a TAF with "
        "school, the school nurse and Women's Aid. Language barriers meant interpreters were "
        "needed and this delayed the assessment. Impact is not yet evident and the plan needs "
        "to be refreshed.",
        "The voice of the child is not evident and the focus has been on Mum and her partner's "
        "needs. Outcomes for [name] have not improved and attendance remains poor.",
        "Dad has not been considered or contacted. Visits are irregular (gaps of 5-6 weeks) and "
        "not always purposeful. There is limited direct work with [name]; sessions are mainly "
        "with Mum and her partner. Recommend a refreshed SMART plan at the next TAF.",
        "[name] / TM",
    ],
    "example-legacy-fields": [
        "Stepped down from CSC after a Child in Need plan closed; domestic abuse between Mum and "
        "Dad and ex-partner was the presenting issue. A routine chart and reward system were "
        "agreed and [name] now goes to bed at a set time. The practitioner completed an eEHA and "
        "held a TAF with school, the school nurse and Women's Aid. Concerns about cannabis use "
        "by Mum and Dad were not explored in enough depth. Impact: no further police call-outs "
        "since the safety plan was agreed.",
        "[name]",
        "[name] / TM",
    ],
    "example-symbols": [
        "Self-referral by Mum who was struggling to manage [name]'s behaviour at home "
        "(aggression towards siblings, refusing to go to bed). The worker supported the family "
        "to apply for a discretionary housing payment and food bank vouchers. Engagement from "
        "Dad has been limited and he has not attended any TAF meetings. The family say they "
        "feel listened to and would ask for help again.",
        "The work has drifted and the plan has not been reviewed since September. Outcomes for "
        "[name] have not improved and attendance remains poor.",
        "Strengths and protective factors are identified alongside risks and needs. The "
        "assessment was shared with the family and led to a clear plan. The assessment includes "
        "the voice of [name] and of both parents. Recommend Dad is invited to the next review.",
        "Direct work with [name] is creative and well planned; she looks forward to sessions.",
        "Restorative conversation between Mum and [name] after the incident at school.",
        "[name]",
        "[name] / TM",
    ],
    "example-typed": [
        "Housing referral: family in temporary accommodation after eviction, rent arrears and "
        "no school place for [name]'s younger brother. The practitioner completed an eEHA and "
        "held a TAF with school, the school nurse and Women's Aid. Concerns about cannabis use "
        "by Nan (kinship carer) were not explored in enough depth. Impact: no further police "
        "call-outs since the safety plan was agreed.",
        "[name] has a good understanding of the family and has built a trusting relationship "
        "with Nan (kinship carer). Some minor recording gaps but these have not affected "
        "outcomes for the children. There is clear evidence of impact: [name]'s attendance and "
        "presentation have improved.",
        "Restorative conversation between Mum and [name] after the incident at school.",
    ],
}


def free_texts(record: FormRecord) -> list[str]:
    """Every free text a form holds, in the form's order."""
    texts = [record.header.get("overview"), record.header.get("escalation")]
    for comments in record.comments.values():
        texts += [comments.auditor, comments.moderator]
    texts += [*record.family_feedback.values(), *record.practitioner_feedback.values()]
    for action in record.actions:
        texts += [action.action, action.who, action.when, action.update]
    texts += [*record.learning_actions, *record.bespoke.values()]
    return [t for t in texts if isinstance(t, str)]


@pytest.mark.parametrize("name", sorted(NAMES_IN_TEXT))
def test_no_name_survives_in_a_sample_form(name: str):
    """With the header's names and reference, scrub leaves no person's name in any free text."""
    record = read_form(DATA / f"{name}.docx")
    assert isinstance(record, FormRecord)
    people = [record.header[p] for p in PEOPLE]
    reference = record.header["case_id"]
    texts = free_texts(record)
    scrubbed = [scrub(t, people, [reference]) for t in texts]
    every_name = NAMES_IN_TEXT[name] + [w for p in people if p for w in p.split()]
    found = [n for n in NAMES_IN_TEXT[name] if any(re.search(rf"\b{n}\b", t) for t in texts)]
    assert found == NAMES_IN_TEXT[name]
    left = [n for n in every_name if any(re.search(rf"\b{n}\b", t, re.I) for t in scrubbed)]
    assert left == []
    assert [s for s, t in zip(scrubbed, texts, strict=True) if s != t] == SCRUBBED[name]

"""The best practice guidance: figures from built forms, the rendered document, anonymisation."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import runpy
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from audit_docs.compute.anonymise import Pseudonyms, new_key
from audit_docs.compute.guidance import (
    finding_sentence,
    guidance_figures,
    share_of_cases,
    share_words,
)
from audit_docs.documents.guidance import TEMPLATE as TEMPLATE_NAME
from audit_docs.errors import UsageError
from audit_docs.jobs.places import Places, shipped
from audit_docs.jobs.reports import guidance
from audit_docs.read.formdef import Question, builtin_definitions
from audit_docs.render.cover import Publishing
from audit_docs.render.docx_render import check_template
from audit_docs.store import queries
from audit_docs.store.db import open_store, pseudonym_key
from tests.builders.audits import stored_audit
from tests.builders.wordform import FORM, FormSpec, write_form
from tests.office import PDFTOTEXT, SOFFICE, pdf_text, to_pdf

START, END = dt.date(2016, 4, 1), dt.date(2017, 3, 31)
EXAMPLES = Path(__file__).parents[1] / "examples" / "inbox"
TEMPLATE = shipped("templates") / TEMPLATE_NAME
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: per form: (case reference, audit date, team, auditor, moderator, case worker, manager)
CASES = (
    (
        "H200001",
        dt.date(2016, 5, 12),
        "Early Help Hub North",
        "Priya Sandhu",
        "Tom Okafor",
        "Jo Marsh",
        "Ann Lee",
    ),
    (
        "H200002",
        dt.date(2016, 7, 1),
        "Early Help Hub North",
        "Dominic Hargreaves",
        None,
        "Kieran Quigley",
        "Farah Lindqvist",
    ),
    (
        "EHA-2016-0003",
        dt.date(2016, 9, 20),
        "Targeted Youth Support",
        "Tanya Whitlock",
        None,
        "Harriet Fenwick",
        "Beatrix Brennan",
    ),
)
#: the answers that differ between the three forms (everything else is the good answer)
ANSWERS = {
    "7.4": ("no", "no", "no"),
    "3.3": ("yes", "yes", "no"),  # reverse: "no" (no gaps) is the good answer
    "4.1": ("yes", "partially", "no"),
    "5.5": ("yes", "no", "no"),
    "2.7": ("yes", "n/a", "no"),
    "3.2": ("yes", "yes", "no"),
    "6.3": (None, "yes", "yes"),
}
SECTION_5 = (("good", "outstanding"), ("good", None), ("inadequate", None))
PRAISE = (
    "Jo Marsh and Ann Lee built the plan with Ayesha and her mum; Priya Sandhu and Tom "
    "Okafor agree it is SMART. H200001 is a model case."
)
#: every name and reference the built forms hold, and the child's first name in the comments
SECRETS = (
    "Ayesha",
    "H200001",
    "H200002",
    "EHA-2016-0003",
    "H200004",
    *(part for case in CASES for name in case[3:] if name for part in name.split()),
)


def _spec(i: int) -> FormSpec:
    reference, day, team, auditor, moderator, worker, manager = CASES[i]
    answers: dict[str, Any] = {q.id: "no" if q.reverse else "yes" for q in FORM.questions()}
    answers |= {qid: given[i] for qid, given in ANSWERS.items()}
    moderated = moderator is not None
    ratings = dict.fromkeys("12345678", ("good", "good" if moderated else None))
    ratings["5"] = SECTION_5[i]
    comments = {
        "2": (
            f"{worker} visited Ayesha at home; case {reference} was discussed with {manager}.",
            None,
        ),
        "5": (PRAISE if i == 0 else f"Plan reviewed by {auditor} with {worker}.", None),
    }
    header = {
        "auditor": auditor,
        "audit_date": day,
        "case_id": reference,
        "team": team,
        "case_worker": worker,
        "team_manager": manager,
        "months_in_early_help": 14 if i == 2 else 4,
    }
    if moderated:
        header |= {"moderator": moderator, "moderation_date": day + dt.timedelta(days=20)}
    return FormSpec(
        header=header,
        answers=answers,
        ratings=ratings,
        comments=comments,
        score="4",
        actions=[("Review the plan with the family", "Jo", "By 01/08/16")],
    )


def _undated() -> FormSpec:
    """A fourth form whose audit date was left blank: in no period, but a paperwork reminder."""
    spec = _spec(1)
    header = spec.header | {"case_id": "H200004", "audit_date": None}
    return FormSpec(**{**spec.__dict__, "header": header})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Places, Path, dict[str, Any]]:
    """Three forms in the period and one undated form, through the whole guidance job."""
    root = tmp_path_factory.mktemp("guidance")
    for i in range(3):
        write_form(root / "inbox" / f"form-{i + 1}.docx", _spec(i))
    write_form(root / "inbox" / "form-undated.docx", _undated())
    places = Places(root / "inbox", root / "outbox", root / "audits.sqlite")
    document = guidance(places, START, END, out=io.StringIO(), err=io.StringIO())
    figures = json.loads(document.with_suffix(".json").read_text("utf-8"))
    return places, document, figures


def _finding(figures: dict[str, Any], qid: str) -> dict[str, Any]:
    return next(q for s in figures["sections"] for q in s["findings"] if q["id"] == qid)


def _pseudonym(places: Places, reference: str) -> str:
    conn = open_store(places.store)
    try:
        return Pseudonyms(pseudonym_key(conn)).of(reference)
    finally:
        conn.close()


# --- phrasing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "d", "words"),
    [
        (9, 9, "all"),
        (0, 9, "none"),
        (3, 9, "only a third"),
        (6, 9, "two thirds"),
        (4, 8, "only half"),
        (3, 4, "three quarters"),
        (1, 7, "only one"),
        (6, 7, "all but one"),
        (19, 20, "all but one"),
        (37, 40, "nearly all"),
        (7, 10, "most"),
        (11, 20, "just over half"),
        (4, 10, "fewer than half"),
        (3, 10, "fewer than a third"),
        (2, 10, "fewer than a quarter"),
    ],
)
def test_shares_are_said_in_words(n: int, d: int, words: str) -> None:
    """Common exact shares are named, weak ones with "only"; others bounded by a fraction."""
    assert share_words(n, d) == words


def test_a_finding_reads_like_the_shropshire_guidance() -> None:
    """3 of 9 with SMART outcomes: "Only a third of the cases audited had SMART outcomes"."""
    q = Question("5.5", "Are the outcomes in the plans SMART?")
    assert (
        finding_sentence(q, 3, 9, phrase="had SMART outcomes in the plan")
        == "Only a third of the cases audited had SMART outcomes in the plan: Yes in 3 of 9 "
        "(33%); No in 6."
    )


def test_all_cases_at_the_right_threshold_and_the_verb_agrees_with_one() -> None:
    """100% says "All cases"; "only one of the cases" takes "was"."""
    q = Question("2.3", "Have thresholds been appropriately applied?")
    phrase = "{were} held at the right threshold"
    assert (
        finding_sentence(q, 9, 9, phrase=phrase)
        == "All cases audited were held at the right threshold: Yes in 9 of 9 (100%)."
    )
    assert (
        finding_sentence(q, 1, 7, phrase=phrase, all_applied=False)
        == "Only one of the cases where it applied was held at the right threshold: Yes in 1 "
        "of 7 (14%); No in 6."
    )
    assert share_of_cases(0, 4) == "none of the cases audited"


def test_a_question_without_a_phrase_is_quoted_and_a_reverse_one_counts_no() -> None:
    """The fallback quotes the question and names the good answer (No for a shortfall)."""
    q = Question("3.3", "Are there gaps in case recordings?", reverse=True)
    assert finding_sentence(q, 2, 3, partially=1) == (
        "‘Are there gaps in case recordings?’ was answered well in two thirds of the cases "
        "audited: No in 2 of 3 (67%); Partially in 1."
    )


# --- figures from built forms -----------------------------------------------------------------


def test_scope_counts_the_forms_in_the_period_by_team_and_service(built) -> None:
    """Three dated forms count (the undated one does not): two teams, one service."""
    _, _, figures = built
    scope = figures["scope"]
    assert (scope["audits"], scope["moderated"], scope["other_audits"]) == (3, 1, 0)
    assert scope["by_team"] == [
        {"name": "Early Help Hub North", "audits": 2},
        {"name": "Targeted Youth Support", "audits": 1},
    ]
    assert scope["by_service_area"] == [{"name": "Early Help", "audits": 3}]
    assert scope["sentence"] == (
        "3 cases were audited on the ‘Understanding our Early Help Practice’ form between "
        "1 April 2016 and 31 March 2017, held by 2 teams; 1 of the 3 audits was moderated."
    )


def test_findings_give_exact_shares_and_sentences(built) -> None:
    """Known answers give n/N, percent and the sentence; N/A and blanks leave the denominator."""
    _, _, figures = built
    smart = _finding(figures, "5.5")
    # 3 cases are too few to single a question out (the threshold is 5 applicable cases)
    assert (smart["good"], smart["applicable"], smart["percent"], smart["weak"]) == (
        1,
        3,
        33,
        False,
    )
    assert smart["sentence"] == (
        "Only a third of the cases audited had SMART outcomes in the plan: Yes in 1 of 3 "
        "(33%); No in 2."
    )
    assert _finding(figures, "2.3")["sentence"] == (
        "All cases audited were held at the right level of need, with thresholds "
        "appropriately applied: Yes in 3 of 3 (100%)."
    )
    gaps = _finding(figures, "3.3")
    assert (gaps["yes"], gaps["no"], gaps["good"]) == (2, 1, 1)
    assert (
        gaps["sentence"]
        == "Only a third of the cases audited had a case record without gaps: No in 1 of 3 "
        "(33%); Yes in 2."
    )
    assert _finding(figures, "4.1")["sentence"] == (
        "Only a third of the cases audited had a timely assessment, completed within 30 days: "
        "Yes in 1 of 3 (33%); Partially in 1; No in 1."
    )
    safety = _finding(figures, "2.7")
    assert (safety["good"], safety["applicable"], safety["na"], safety["weak"]) == (1, 2, 1, False)
    assert safety["sentence"] == (
        "Only half of the cases where it applied had a safety plan on file: Yes in 1 of 2 "
        "(50%); No in 1."
    )
    direct = _finding(figures, "6.3")
    assert (direct["applicable"], direct["unanswered"]) == (2, 1)


def test_key_messages_are_the_weak_questions_advice_weakest_first() -> None:
    """0 of 5 before 2 of 5, then the form's order; a question met in none of 4 cases is no
    message (the threshold is on the cases it applied to, never on the cases that met it)."""
    answers = [
        {"7.4": "no", "5.5": "yes" if i < 2 else "no", "3.3": "no" if i < 2 else "yes"}
        | ({"2.7": "no"} if i else {})
        for i in range(5)
    ]
    audits = [
        stored_audit(key=f"k{i}", case_reference=f"H30000{i}", answers=a)
        for i, a in enumerate(answers)
    ]
    figures = guidance_figures(
        audits,
        [],
        builtin_definitions()[0],
        start=START,
        end=END,
        pseudonyms=Pseudonyms(new_key()),
    )
    messages = figures["key_messages"]
    assert [(m["question"], m["percent"]) for m in messages] == [
        ("7.4", 0),
        ("3.3", 40),
        ("5.5", 40),
    ]
    by_id = {q.id: q for q in FORM.questions()}
    assert [m["message"] for m in messages] == [by_id[m["question"]].advice for m in messages]
    assert messages[2]["evidence"] == "question 5.5: 2 of 5 cases, 40%"
    assert _finding(figures, "2.7")["applicable"] == 4
    assert not _finding(figures, "2.7")["weak"]


def test_judgements_are_counted_from_final_grades(built) -> None:
    """Section 5: the moderator's Outstanding, an auditor's Good, an auditor's Inadequate."""
    _, _, figures = built
    section = next(s for s in figures["sections"] if s["number"] == "5")
    assert [(r["label"], r["audits"]) for r in section["judgements"]["rows"]] == [
        ("Outstanding", 1),
        ("Good", 1),
        ("Requires Improvement", 0),
        ("Inadequate", 1),
    ]
    assert [s["number"] for s in figures["sections"]] == ["2", "3", "4", "5", "6", "7", "8"]


def test_paperwork_reminders_count_what_was_missing(built) -> None:
    """The undated form, the case with no consent and the unanswered question are reminders."""
    _, _, figures = built
    assert [r["sentence"] for r in figures["paperwork"]] == [
        "Record the audit date on every form (missing or unreadable on 1 form).",
        "Get signed consent for recording and sharing information, completed in full and "
        "signed by every family member over 18 (signed consent missing or incomplete in 1 "
        "case).",
        "Answer every question, ticking N/A where it does not apply (1 question unanswered "
        "on 1 form).",
        "‘Is there evidence of seeking and acting on feedback from practitioner, family and "
        "partners?’ (met in none of the 3 cases where it applied).",
    ]


def test_good_practice_names_the_case_by_pseudonym_and_scrubs_the_comment(built) -> None:
    """Section 5 of the first case is Outstanding: its comment without names or reference."""
    places, _, figures = built
    assert figures["good_practice"] == [
        {
            "case": _pseudonym(places, "H200001"),
            "section": "5",
            "title": "Quality of plans/reviews/interventions",
            "comment": "[name] and [name] built the plan with [name] and her mum; [name] and "
            "[name] agree it is SMART. [case] is a model case.",
            "comment_by": "auditor",
            "audits": 1,
            "said": _pseudonym(places, "H200001"),
            "theme": "Plans and reviews",
        }
    ]


def test_recommendations_are_kept_once_per_wording_without_names(built) -> None:
    """Every auditor comment of a chosen section is kept, anonymised, once per wording, with
    the first case's pseudonym and how many audits wrote it."""
    places, _, figures = built
    section = next(s for s in figures["sections"] if s["number"] == "2")
    assert section["recommendations"] == [
        {
            "case": _pseudonym(places, "H200001"),
            "text": "[name] visited [name] at home; case [case] was discussed with [name].",
            "audits": 3,
        }
    ]
    text = json.dumps(figures, ensure_ascii=False)
    assert [s for s in SECRETS if re.search(rf"\b{re.escape(s)}\b", text, re.IGNORECASE)] == []


def test_rule_flags_in_the_period_are_counted(built) -> None:
    """The third case has been open 14 months: one drift flag; timeliness counts 4.1."""
    _, _, figures = built
    flags = figures["rule_flags"]
    assert flags["counts"] == {
        "overall-grade-rule": 0,
        "drift": 1,
        "actions-missing": 0,
        "timeliness": 1,
    }
    assessment = next(t for t in flags["timeliness"] if t["question"] == "4.1")
    assert (assessment["met"], assessment["partly"], assessment["not_met"]) == (1, 1, 1)


def test_chosen_sections_limit_the_questions_judgements_and_messages(tmp_path: Path) -> None:
    """sections=["5"] keeps section 5 only, and only its weak question as a key message."""
    audits = [
        stored_audit(key=f"k{i}", case_reference=f"H30000{i}", answers={"5.5": "no", "7.4": "no"})
        for i in range(5)
    ]
    figures = guidance_figures(
        audits,
        [],
        builtin_definitions()[0],
        start=START,
        end=END,
        sections=["5"],
        title="Plans",
        pseudonyms=Pseudonyms(new_key()),
    )
    assert figures["title"] == "Plans"
    assert [s["number"] for s in figures["sections"]] == ["5"]
    assert [m["question"] for m in figures["key_messages"]] == ["5.5"]


def test_the_figures_are_deterministic() -> None:
    """The same audits and key give the same JSON, whatever order the audits come in."""
    key = new_key()
    audits = [
        stored_audit(
            key=f"k{i}", case_reference=f"H30000{i}", answers={"5.5": ("yes", "no")[i % 2]}
        )
        for i in range(4)
    ]

    def run(items: list) -> str:
        return json.dumps(
            guidance_figures(
                items,
                [],
                builtin_definitions()[0],
                start=START,
                end=END,
                pseudonyms=Pseudonyms(key),
            ),
            sort_keys=True,
        )

    assert run(audits) == run(audits[::-1])


def test_an_unknown_section_is_refused_with_the_choices(tmp_path: Path) -> None:
    """Section 9 has no graded questions: the message lists the sections to choose from."""
    places = Places(tmp_path / "inbox", tmp_path / "outbox", tmp_path / "s.sqlite")
    with pytest.raises(UsageError, match=r"no rated section 9 .* choose from sections 2, 3, 4"):
        guidance(places, START, END, sections=["9"], out=io.StringIO(), err=io.StringIO())


def test_an_empty_period_is_a_clear_sentence_not_an_empty_document(built) -> None:
    """A period with no audit says what the store holds and what to do; nothing is written."""
    places, _, _ = built
    with pytest.raises(UsageError) as caught:
        guidance(places, dt.date(2019, 4, 1), dt.date(2020, 3, 31), out=io.StringIO())
    assert str(caught.value) == (
        "No case audit on the ‘Understanding our Early Help Practice’ form is dated in the "
        "period 1 April 2019 to 31 March 2020, so there is nothing to write guidance from. The "
        "store holds 3 audits on that form, dated from 12 May 2016 to 20 September 2016; "
        "choose --from and --to dates that cover them."
    )
    assert not list(places.outbox.glob("best-practice-guidance-2019-*"))


# --- the document -----------------------------------------------------------------------------


def test_the_shipped_template_is_what_the_build_script_makes(tmp_path: Path) -> None:
    """templates/best-practice-guidance.docx is rebuilt byte for byte by its script."""
    script = Path(__file__).parents[1] / "tools" / "build_guidance_template.py"
    build = runpy.run_path(str(script))["build"]
    assert build(tmp_path / "built.docx").read_bytes() == TEMPLATE.read_bytes()


def test_the_template_uses_only_values_the_figures_have(built) -> None:
    """check_template finds no unknown value, split tag or misplaced row loop."""
    _, _, figures = built
    assert check_template(TEMPLATE, figures | {"cover": Publishing().cover()}, {}).problems == ()


def test_the_document_is_accessible_word(built) -> None:
    """Title property, real headings, header rows on every table, alt text on any picture."""
    _, document, figures = built
    doc = Document(str(document))
    assert doc.core_properties.title == figures["title"]
    assert doc.core_properties.language == "en-GB"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == ["Key messages", "Paperwork reminders", "The audit", "Learning by theme"]
    tables = doc.element.body.findall(f".//{W}tbl")
    assert len(tables) == 2 + 4  # team, overall; appendix: judgements, service, checks, timescales
    for tbl in doc.element.body.iter(f"{W}tbl"):
        assert tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    pictures = [
        el for el in doc.element.body.iter() if el.tag.endswith("}docPr") and not el.get("descr")
    ]
    assert pictures == []
    with zipfile.ZipFile(document) as zf:
        body = zf.read("word/document.xml").decode()
    assert "{%" not in body
    assert "{{" not in body


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) and pdftotext are needed to check the guidance as a PDF",
)
def test_the_pdf_names_nobody_and_agrees_with_the_json(built, tmp_path: Path) -> None:
    """Converted to PDF: no name or reference of the forms, and every sentence of the JSON."""
    _, document, figures = built
    text = pdf_text(to_pdf(document, tmp_path))
    leaked = [s for s in SECRETS if re.search(rf"\b{re.escape(s)}\b", text, re.IGNORECASE)]
    assert leaked == []
    flat = _normal(text)
    sentences = [q["sentence"] for s in figures["sections"] for q in s["findings"]]
    sentences += [r["sentence"] for r in figures["paperwork"]]
    sentences += [f"{m['message']} ({m['evidence']})" for m in figures["key_messages_printed"]]
    sentences += [t["sentence"] for t in figures["themes"]]
    sentences += [f"“{q['text']}” — {q['said']}" for t in figures["themes"] for q in t["quotes"]]
    sentences += [figures["scope"]["sentence"], figures["theme_summary"]["sentence"]]
    sentences += [figures["key_messages_sentence"], figures["reminders_sentence"]]
    sentences += list(figures["next_steps"].values())
    missing = [s for s in sentences if _normal(s) not in flat]
    assert missing == []
    for row in figures["rule_flags"]["rows"]:
        assert re.search(rf"{re.escape(row['label'])}\s+{row['audits']}\b", flat)
    for t in figures["rule_flags"]["timeliness"]:
        cells = f"{t['name']} {t['met']} {t['partly']} {t['not_met']} {t['applicable']}"
        assert cells in flat


def test_the_sample_forms_make_guidance(tmp_path: Path) -> None:
    """The bundled samples for 2016-17: 3 Early Help forms in the period, and 88 audits apart
    (86 audit-log rows, 2 of them also on social care forms, and 2 social care forms only)."""
    inbox = tmp_path / "inbox"
    shutil.copytree(EXAMPLES, inbox)
    places = Places(inbox, tmp_path / "outbox", tmp_path / "s.sqlite")
    document = guidance(places, START, END, out=io.StringIO(), err=io.StringIO())
    assert document.name == "best-practice-guidance-2016-04-01-2017-03-31.docx"
    figures = json.loads(document.with_suffix(".json").read_text("utf-8"))
    assert (figures["scope"]["audits"], figures["scope"]["other_audits"]) == (3, 88)
    # 3 forms: no question applied to the 5 cases a key message needs
    assert figures["key_messages"] == []
    conn = open_store(places.store)
    try:
        names = {n for a in queries.audits(conn) for n in a.names}
        references = {a.case_reference for a in queries.audits(conn) if a.case_reference}
    finally:
        conn.close()
    parts = {part for name in names for part in name.split() if len(part) > 1}
    text = json.dumps(figures, ensure_ascii=False)
    assert sorted(p for p in parts if re.search(rf"\b{re.escape(p)}\b", text)) == []
    assert sorted(r for r in references if r in text) == []


def test_dates_are_reminded_of_by_the_fields_type_not_its_name() -> None:
    """A council's "date_of_discussion" (a date) missing is an "other dates" reminder; its
    "team_to_update" text field, left blank, is none, though its name says nothing of either."""
    from audit_docs.places_in_files import Place
    from audit_docs.records import StoredProblem

    shipped_form = builtin_definitions()[0]
    renamed = {"discussion_date": "date_of_discussion", "previous_audit_date": "last_update_date"}
    header = tuple(
        dataclasses.replace(
            f,
            key=renamed.get(f.key, f.key),
            type="text" if f.key == "previous_audit_date" else f.type,
            role=None if f.key in renamed else f.role,
        )
        for f in shipped_form.header
    )
    council = dataclasses.replace(shipped_form, id="council-audit", header=header)
    audits = [
        stored_audit(
            key=f"k{i}", case_reference=f"H40000{i}", form=council.id, sources=(f"f{i}.docx",)
        )
        for i in range(3)
    ]

    def missing(source: str, name: str) -> StoredProblem:
        return StoredProblem(
            source,
            Place.header_field(name),
            "missing",
            f"{name} is empty",
            None,
            "read",
            audit_date=dt.date(2016, 6, 1),
            code="missing",
            file_kind="form",
        )

    problems = [missing("f0.docx", "date_of_discussion"), missing("f1.docx", "date_of_discussion")]
    problems += [missing("f2.docx", "last_update_date")]
    figures = guidance_figures(
        audits, problems, council, start=START, end=END, pseudonyms=Pseudonyms(new_key())
    )
    by_key = {r["key"]: r for r in figures["paperwork"]}
    assert by_key["other_dates"]["sentence"] == (
        "Record the date of every activity the form asks about (moderation, collaborative "
        "discussion, previous audit) (2 dates missing or unreadable on 2 forms)."
    )

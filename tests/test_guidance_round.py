"""Guidance practitioners read (issue 22): a generated round of 64 Early Help audits gives
themes, chosen quotes, counts that add up and honest statements, in at most ten pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from audit_docs.compute.anonymise import Pseudonyms
from audit_docs.compute.guidance import guidance_figures
from audit_docs.compute.guidance_themes import Said, choose
from audit_docs.documents.guidance import TEMPLATE as TEMPLATE_NAME
from audit_docs.jobs.places import shipped
from audit_docs.records import Comments
from audit_docs.render.commentary_doc import report_sections
from audit_docs.render.cover import Publishing
from audit_docs.render.docx_render import render_document
from tests.builders.audits import stored_audit
from tests.builders.guidance_round import (
    CRITICISM,
    FORM,
    MODERATOR_REMARK,
    REPEATED,
    audit_round,
)
from tests.office import PDFTOTEXT, SOFFICE, pdf_text, to_pdf

START, END = dt.date(2016, 4, 1), dt.date(2017, 3, 31)
PSEUDONYMS = Pseudonyms(bytes(range(32)))
TEMPLATE = shipped("templates") / TEMPLATE_NAME


def render(figures: Any, target: Path) -> None:
    """The guidance's template filled with ``figures``, as the publishing job renders it."""
    context = {**figures, "cover": Publishing().cover()}
    render_document(TEMPLATE, context, {}, target, title=figures["title"])


def _figures(audits: list[Any], definition: Any = FORM) -> Any:
    return guidance_figures(audits, [], definition, start=START, end=END, pseudonyms=PSEUDONYMS)


@pytest.fixture(scope="module")
def round64(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path, list[str]]:
    """The figures, the rendered guidance and its paragraphs' text, for 64 audits."""
    figures = _figures(audit_round(64))
    target = tmp_path_factory.mktemp("round") / "guidance.docx"
    render(figures, target)
    paragraphs = [p.text for p in Document(str(target)).paragraphs]
    return figures, target, paragraphs


def _under(paragraphs: list[str], heading: str, following: str) -> list[str]:
    return paragraphs[paragraphs.index(heading) + 1 : paragraphs.index(following)]


# --- the defects, each a test -----------------------------------------------------------------


def test_a_comment_written_in_42_audits_is_quoted_once_saying_so(round64) -> None:
    """ "Recommend Dad is invited to the next review." was printed 42 times; now once."""
    _, _, paragraphs = round64
    said = [p for p in paragraphs if REPEATED in p]
    assert said == [f"“{REPEATED}” — in 42 audits"]


def test_good_practice_never_quotes_a_moderators_remark(round64) -> None:
    """ "I have moderated this to Outstanding…" is a moderator's remark, not good practice."""
    figures, _, paragraphs = round64
    good = _under(paragraphs, "Good practice examples", "Training and development")
    assert not any(MODERATOR_REMARK in p for p in good)
    assert {g["comment_by"] for g in figures["good_practice"]} == {"auditor"}


def test_good_practice_never_quotes_a_section_graded_requires_improvement(round64) -> None:
    """The auditor's criticism under a section they graded Requires Improvement (moderated up
    to Outstanding) is no example of what made practice outstanding."""
    figures, _, paragraphs = round64
    good = _under(paragraphs, "Good practice examples", "Training and development")
    assert not any(CRITICISM in p for p in good)
    assert figures["good_practice"]
    assert all(CRITICISM not in (g["comment"] or "") for g in figures["good_practice"])


def test_counts_add_up_each_answer_once_on_one_base() -> None:
    """39 Yes, 13 Partially, 10 No: "Yes in 39 of 62 (63%); Partially in 13; No in 10", never
    "13 more answered Partially" (the 13 are inside the 62)."""
    answers = ["yes"] * 39 + ["partially"] * 13 + ["no"] * 10 + ["n/a"] * 2
    audits = [
        stored_audit(key=f"k{i}", case_reference=f"H4{i:05d}", answers={"5.5": a})
        for i, a in enumerate(answers)
    ]
    figures = _figures(audits)
    smart = next(f for s in figures["sections"] for f in s["findings"] if f["id"] == "5.5")
    assert smart["counts"] == "Yes in 39 of 62 (63%); Partially in 13; No in 10"
    assert smart["sentence"].endswith(": Yes in 39 of 62 (63%); Partially in 13; No in 10.")
    every = [f["sentence"] for s in figures["sections"] for f in s["findings"]]
    assert not any("more answered" in s for s in every)


def _small_round() -> list[Any]:
    """3 audits: consent signed by one parent only, safety plans and supervision never met."""
    comment = Comments("Consent form is not signed by the second parent.")
    return [
        stored_audit(
            key=f"s{i}",
            case_reference=f"H50000{i}",
            answers={"3.2": "partially", "2.7": "no", "7.3": "no", "4.1": "yes"},
            comments={"3": comment},
        )
        for i in range(3)
    ]


def test_a_small_round_says_why_nothing_is_singled_out_and_gives_its_reminders(
    tmp_path: Path,
) -> None:
    """With 3 audits the document said "there are no reminders" and "no areas of practice to
    single out" while quoting an unsigned consent form and safety plans at 0%."""
    figures = _figures(_small_round())
    target = tmp_path / "small.docx"
    render(figures, target)
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    assert "no reminders" not in text
    assert "no areas of practice to single out" not in text
    assert (
        "With 3 audits, no question reaches the 5 cases needed to single out an area of "
        "practice as weak" in text
    )
    keys = [r["key"] for r in figures["reminders"]["practitioners"]]
    assert keys == ["consent", "never_met", "never_met"]
    assert "‘Is there a Safety Plan on file?’ (met in none of the 3 cases where it applied)." in (
        text
    )


# --- themes, quotes, learning -----------------------------------------------------------------


def test_findings_are_grouped_by_the_forms_themes_strongest_first(round64) -> None:
    """Every question is evidence for its theme; ranked themes run strongest to weakest, and
    the summary names the two strongest and two weakest."""
    figures, _, _ = round64
    themes = figures["themes"]
    assert {t["name"] for t in themes} == {
        q.theme for s in FORM.rated_sections for q in s.questions
    }
    shares = [t["percent"] for t in themes if t["ranked"]]
    assert shares == sorted(shares, reverse=True)
    for t in themes:
        assert t["good"] == sum(f["good"] for f in t["findings"])
        assert t["applicable"] == sum(f["applicable"] for f in t["findings"])
    summary = figures["theme_summary"]
    assert summary["strongest"] == [t["name"] for t in themes[:2]]
    assert summary["weakest"] == [t["name"] for t in themes[-2:]][::-1]


def test_a_form_without_themes_is_grouped_by_its_sections() -> None:
    """A council's own form naming no theme: one group per section, by its short title."""
    plain = dataclasses.replace(
        FORM,
        sections=tuple(
            dataclasses.replace(
                s, questions=tuple(dataclasses.replace(q, theme=None) for q in s.questions)
            )
            for s in FORM.sections
        ),
    )
    figures = _figures(audit_round(12), plain)
    titles = [s.short_title for s in plain.rated_sections if s.questions]
    assert sorted(t["name"] for t in figures["themes"]) == sorted(titles)


def test_quotes_are_few_per_theme_and_every_comment_stays_in_the_data(round64) -> None:
    """At most 3 quotes a theme; the JSON keeps every distinct comment with its count, and the
    counts add up to the comments written."""
    figures, _, _ = round64
    assert all(len(t["quotes"]) <= 3 for t in figures["themes"])
    counts = figures["quote_counts"]
    assert counts["distinct"] == len(figures["quotes"])
    assert counts["comments"] == sum(q["audits"] for q in figures["quotes"])
    quoted = [q["text"] for t in figures["themes"] for q in t["quotes"]]
    assert counts["quoted"] == len(quoted) == len(set(quoted))
    assert {q["text"] for q in figures["quotes"] if q["chosen"]} == set(quoted)


def test_quotes_are_chosen_for_different_cases_teams_and_grades() -> None:
    """Of three comments by the same case and grade and one by another, two picks take one
    of each; a comment repeating a sentence already printed is not picked."""
    same = [
        Said(f"The plan is clear and was written with the family, visit {i}.", "5", "P")
        for i in range(3)
    ]
    for s in same:
        s.add("Case A", "Team 1", "good")
    other = Said("Outcomes in the plan are not SMART and the review is overdue.", "5", "P")
    other.add("Case B", "Team 2", "inadequate")
    printed: set[str] = set()
    picked = choose([*same, other], 2, printed, lambda _: True)
    assert other in picked
    assert len({p.cases[0] for p in picked}) == 2
    again = Said(
        "Outcomes in the plan are not SMART and the review is overdue. Visits late.", "5", "P"
    )
    again.add("Case C", "Team 3", "requires_improvement")
    assert again not in choose([again], 1, printed, lambda _: True)


def test_learning_actions_are_counted_and_grouped_by_theme(round64) -> None:
    """Every learning action counts in one theme (or "other"), with a few examples each."""
    figures, _, paragraphs = round64
    groups = [t["learning"] for t in figures["themes"]] + [figures["learning_other"]]
    assert sum(g["count"] for g in groups) == len(figures["learning_actions"])
    assert all(len(g["examples"]) <= 2 for g in groups)
    safety = next(t for t in figures["themes"] if t["name"] == "Risk and safety")
    assert safety["learning"]["examples"][0]["text"] == (
        "Agree a safety plan where risk is identified."
    )
    assert "7 learning actions were recorded, for example:" in paragraphs


# --- length and repetition --------------------------------------------------------------------


def test_no_sentence_of_40_characters_is_printed_more_than_twice(round64) -> None:
    """Counted over every paragraph of the document."""
    _, _, paragraphs = round64
    sentences = Counter(
        s.strip()
        for p in paragraphs
        for s in re.split(r"(?<=[.!?”])\s+", p)
        if len(s.strip()) >= 40
    )
    assert [s for s, n in sentences.items() if n > 2] == []


def test_training_meetings_and_next_audit_come_from_the_commentary(round64) -> None:
    """No fixed paragraphs: the headings carry a draft from the weakest themes, which the
    commentary document shows the officer as the hint to write under."""
    figures, target, paragraphs = round64
    assert "Ensure siblings are not invisible" not in "\n".join(paragraphs)
    hints = {h: hint for _, h, hint in report_sections(Document(str(target)))}
    weakest = figures["theme_summary"]["weakest"][0].lower()
    assert weakest in hints["Training and development"].lower()
    assert weakest in hints["The next audit"].lower()
    assert "audit meetings" in hints["Audit meetings"].lower()


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None,
    reason="LibreOffice (soffice) and pdftotext are needed to count the guidance's pages",
)
def test_64_audits_give_at_most_ten_pages_before_the_appendix(round64, tmp_path: Path) -> None:
    """The round that made 37 pages: the appendix now starts on page 10 at the latest."""
    _, target, _ = round64
    pages = pdf_text(to_pdf(target, tmp_path)).split("\f")
    appendix = next(i for i, page in enumerate(pages, 1) if "Appendix: the figures in full" in page)
    assert appendix <= 10


def test_the_next_audit_and_meeting_dates_come_from_the_officers_commentary(
    tmp_path: Path,
) -> None:
    """Written under "The next audit" and "Audit meetings" in the commentary document, the
    officer's words follow the drafts there in the rebuilt guidance, before the appendix."""
    import io
    import shutil

    from audit_docs.jobs.commentary import guidance_commentary
    from audit_docs.jobs.places import Places
    from audit_docs.jobs.reports import guidance

    inbox = tmp_path / "inbox"
    shutil.copytree(Path(__file__).parents[1] / "examples" / "inbox" / "forms", inbox)
    places = Places(inbox, tmp_path / "outbox", tmp_path / "s.sqlite")
    quiet = {"out": io.StringIO(), "err": io.StringIO()}
    folder = tmp_path / "commentary"
    path = guidance_commentary(places, START, END, folder=folder, **quiet)
    written = {
        "The next audit": "The next audit will focus on action plans.",
        "Audit meetings": "Wednesday 23 January: central area audit, 2 to 4pm.",
    }
    doc = Document(str(path))
    for heading, text in written.items():
        at = next(i for i, p in enumerate(doc.paragraphs) if p.text == heading)
        doc.paragraphs[at + 2].add_run(text)  # heading, hint, the paragraph to write in
    doc.save(str(path))
    document = guidance(places, START, END, commentary=folder, **quiet)
    texts = [p.text for p in Document(str(document)).paragraphs]
    for heading, text in written.items():
        assert texts.index(text) == texts.index(heading) + 2  # after the generated draft
    assert texts.index(written["The next audit"]) < texts.index("Appendix: the figures in full")


def test_a_form_without_a_consent_question_claims_nothing_about_consent() -> None:
    """The social care form asks nothing about consent: with no reminder, the sentence says
    only what was checked."""
    from audit_docs.read.formdef import builtin_definitions

    social = next(d for d in builtin_definitions() if d.id == "social-care-case-audit")
    audits = [
        stored_audit(
            key=f"c{i}",
            case_reference=f"LCS-{i}",
            form=social.id,
            answers={q.id: "yes" for q in social.questions()},
        )
        for i in range(3)
    ]
    sentence = _figures(audits, social)["reminders_sentence"]
    assert "consent" not in sentence
    assert sentence.startswith("Every question was met in at least one case where it applied")

"""Properties of the annual report's figures over generated stores (Hypothesis).

Each example is a store as a council might have it after some years of use: audits from forms
and audit-log rows over several financial years (some undated), missing and partial grades,
moderated and unmoderated years, empty quarters, thematic rounds in any year, quality checks
and feedback. For every year the store holds, the figures are computed and these must hold:

- quarters add up to the year's total, grades add up to each quarter, moderated adds up;
- agreed + upgraded + downgraded = compared; kappa only from MIN_PAIRS pairs;
- each form section's grades add up to the forms; each question's answers too;
- nothing is ranked or named on fewer than MIN_GRADED graded audits or applicable cases, and
  the form's sections are never ranked with the audit log's practice areas;
- every percentage printed stands beside its n and N and equals round(100·n/N); a grade
  breakdown whose rounded shares do not make 100 says so;
- and (through a rendered document) the JSON and the document carry the same totals.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, configuration, event, given, settings
from hypothesis import strategies as st

from audit_docs.compute.annual import Inputs, annual_figures, years_held
from audit_docs.compute.figures import AnnualFigures
from audit_docs.compute.forms import FormInfo, Question
from audit_docs.compute.grades import MIN_PAIRS
from audit_docs.compute.messages import area_phrase
from audit_docs.compute.periods import FinancialYear
from audit_docs.compute.sections import MIN_GRADED
from audit_docs.compute.thematic import percent
from audit_docs.jobs.publish import figures_json
from audit_docs.records import (
    FeedbackAnswer,
    FormFeedback,
    QualityCheck,
    Rating,
    StoredAudit,
    ThematicResult,
)
from audit_docs.render.annual_docx import write_annual_report
from tests.builders.audits import stored_audit

ROOT = Path(__file__).resolve().parent.parent


#: Hypothesis keeps a cache (.hypothesis/) and reads it while pytest collects the tests: it
#: goes to a temporary folder removed when the run ends, so the suite leaves nothing in the
#: project (and no example database is kept: settings(database=None) below)
_HOME = tempfile.mkdtemp(prefix="audit-docs-hypothesis-")
configuration.set_hypothesis_home_dir(_HOME)
atexit.register(shutil.rmtree, _HOME, True)


GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
TITLES = {"2": "Why this family needs help", "3": "Consent", "4": "Assessment"}
QUESTIONS = [Question("2.1", "Clear why?", "2"), Question("3.3", "Gaps?", "3", reverse=True)]
QUESTIONS += [Question("9.3", "Had their say?", "9")]
FORMS = [
    FormInfo(
        "early-help-practice-audit",
        "Early Help",
        TITLES,
        tuple(QUESTIONS),
        section_roles={"family_feedback": "9", "practitioner_feedback": "10"},
        free_text={
            "family_feedback": {
                "relationship_score": ("How was your relationship?", "score", 1, 5),
                "most_helpful": ("What helped most?", "text", 1, 5),
            },
            "practitioner_feedback": {"what_helped": ("What helped?", "text", 1, 5)},
        },
    )
]
AREAS = ("identification_of_risk", "outcomes", "quality_of_plans")
FIRST, LAST = dt.date(2015, 4, 1), dt.date(2018, 3, 31)

grade = st.sampled_from(GRADES)
maybe_grade = st.one_of(st.none(), grade)
#: most examples crowd into 2016-17, so that rankings and kappa have enough cases to appear
day = st.one_of(st.dates(dt.date(2016, 4, 1), dt.date(2017, 3, 31)), st.dates(FIRST, LAST))


@st.composite
def audits(draw: st.DrawFn, n: int) -> StoredAudit:
    form = draw(st.booleans())
    moderated = draw(st.booleans())
    auditor = draw(maybe_grade)
    moderator = draw(maybe_grade) if moderated else None
    sections = (
        {
            k: Rating(draw(maybe_grade), draw(maybe_grade) if moderated else None)
            for k in TITLES
            if draw(st.integers(0, 5))
        }
        if form
        else {}
    )
    log_value = st.one_of(grade, grade, grade, st.sampled_from(["n/a", "not_recorded", None]))
    areas = {} if form else {k: Rating(draw(log_value)) for k in AREAS if draw(st.integers(0, 5))}
    answer = st.sampled_from(["yes", "no", "partially", "n/a", None])
    return stored_audit(
        key=f"k{n}",
        case_reference=f"C{n}",
        audit_date=draw(st.one_of(day, day, day, st.none())),
        origin="form" if form else "audit-log",
        form="early-help-practice-audit" if form else None,
        overall=Rating(auditor, moderator),  # type: ignore[arg-type]
        moderated=moderated,
        sections=sections,
        practice_areas=areas,
        answers={q.id: draw(answer) for q in QUESTIONS if draw(st.booleans())} if form else {},
        thematic_round=draw(st.sampled_from([None, None, None, "CP thematic"])),
        actions=draw(st.lists(action, max_size=2)) if form else (),
        comments={"practitioner.what_helped": "The school helped."}
        if form and draw(st.booleans())
        else {},
    )


action = st.tuples(
    st.sampled_from(["Refer to CAMHS", None]),
    st.sampled_from(["TM", "Jo Marsh", None, "School"]),
    st.sampled_from(["01/03/2017", "within 2 weeks", None, "2016-06-01"]),
    st.sampled_from(["Done", None]),
)


@st.composite
def stores(draw: st.DrawFn, least: int = 0) -> Inputs:
    """Audits (at least ``least``), thematic rounds, checks and feedback over 2015-16 to
    2017-18."""
    many = draw(st.integers(least, 50))
    records = [draw(audits(i)) for i in range(many)]
    thematic = [
        ThematicResult("voc.xlsx", "Sheet", table, title, when, row, None, measure, result, None)
        for table, (title, when) in enumerate(
            draw(st.lists(st.tuples(st.sampled_from(["Voice", "CP"]), day), max_size=3)), 1
        )
        for row in range(draw(st.integers(1, 4)))
        for measure in ("Seen", "Heard")
        for result in [draw(st.sampled_from(["evidenced", "not_evidenced", "not_applicable"]))]
    ]
    checks = [
        QualityCheck("qc.xlsx", "QC", i, draw(day), "School", None, draw(maybe_grade), None)
        for i in range(draw(st.integers(0, 3)))
    ]
    feedback = [
        FeedbackAnswer(
            "ff.xlsx",
            "FF",
            i,
            draw(day),
            False,
            "helped",
            draw(st.sampled_from(["yes", "no", None, "a lot"])),
        )
        for i in range(draw(st.integers(0, 3)))
    ]
    form_feedback = [
        FormFeedback(
            a.key, question, draw(st.sampled_from(["4", "yes", "Kind words", None, "3-4"]))
        )
        for a in records
        if a.form and draw(st.booleans())
        for question in ("9.3", "relationship_score", "most_helpful")
    ]
    return Inputs(
        year=FinancialYear(2016),
        audits=records,
        earlier=records,
        thematic=thematic,
        checks=checks,
        feedback=feedback,
        forms=FORMS,
        years_held=years_held((a.audit_date for a in records), thematic, checks, feedback),
        form_feedback=form_feedback,
    )


def every_year(inputs: Inputs) -> Iterator[AnnualFigures]:
    """The figures of every year the store holds (each must build)."""
    for year in inputs.years_held:
        yield annual_figures(
            Inputs(
                **{
                    **inputs.__dict__,
                    "year": year,
                    "audits": [a for a in inputs.audits if year.holds(a.audit_date)],
                }
            )
        )


def printed(f: AnnualFigures) -> list[str]:
    """Every sentence and table cell with a percentage that the figures carry."""
    s = f["sentences"]
    texts = [*s["introduction"], s["overall"], *s["moderation"], *s["thematic"]]
    texts += [*s["thematic_graded"], *s["feedback_lines"], *s["comparison"], *f["key_messages"]]
    texts += [line for q in s["quarters"] for line in q["lines"]]
    texts += [*s["family_forms"], *s["practitioner"], *s["actions"], *summary_lines(f)]
    texts += f["next_steps"]
    texts += [line for lines in s["rankings"].values() for line in lines]
    texts += [a["share_text"] for a in f["areas"]] + [q["share_text"] for q in f["questions"]]
    texts += [
        area_phrase(a)
        for q in f["quarters"]
        for a in q["areas_of_strength"] + q["areas_for_development"]
    ]
    return texts


SHARE = re.compile(r"(\d+)(?: of |/)(\d+)(?: [a-z][a-z' ]*?)? \((\d+)%\)")
BREAKDOWN = re.compile(
    r"^Of the (\d+) [a-z ]+?, (.+?)\.(?: \(Percentages are rounded, so they add up to (\d+)%\.\))?$"
)
PART = re.compile(r"(\d+) \((\d+)%\)")
DIRECTION = re.compile(r"\b(up from|down from|the same as|rose|fell|improved)\b")


def summary_lines(f: AnnualFigures) -> list[str]:
    """The summary's findings (issue 21), when the figures carry one."""
    summary = f.get("summary")
    return [x["text"] for x in summary["findings"]] if summary else []


def check_percentages(text: str) -> int:
    """Each "(p%)" in ``text`` is round(100·n/N) of the n and N printed beside it; returns
    how many were checked."""
    checked = 0
    breakdown = BREAKDOWN.match(text)
    if breakdown:
        total = int(breakdown.group(1))
        parts = [(int(n), int(p)) for n, p in PART.findall(breakdown.group(2))]
        for n, p in parts:
            assert p == percent(n, total), text
        shown = sum(p for _, p in parts)
        note = breakdown.group(3)
        assert (note is None) == (shown == 100), text
        assert note is None or int(note) == shown, text
        assert len(re.findall(r"\d+%", text)) == len(parts) + (note is not None), text
        return len(parts)
    for n, total, p in SHARE.findall(text):
        assert int(p) == percent(int(n), int(total)), text
        checked += 1
    assert len(re.findall(r"\d+%", text)) == checked, f"a percentage without its n and N: {text}"
    return checked


def check_every_source_is_reported(inputs: Inputs, f: AnnualFigures) -> None:
    """Every source the store holds for the year appears in the figures (issue 21): audits,
    thematic rounds, quality checks, the questionnaire's and the forms' family feedback,
    practitioner feedback and actions."""
    year = FinancialYear(int(f["period"]["start"][:4]))
    inside = [a for a in inputs.audits if year.holds(a.audit_date)]
    assert f["audits"]["total"] == len(inside)
    assert f["quality_checks"]["total"] == sum(1 for c in inputs.checks if year.holds(c.date))
    assert f["family_feedback"]["responses"] == sum(
        1 for x in inputs.feedback if year.holds(x.date)
    )
    keys = {a.key for a in inside}
    given = {x.audit_key for x in inputs.form_feedback if x.audit_key in keys and x.answer}
    assert f["family_feedback_forms"]["responses"] == len(given)
    assert f["actions"]["total"] == sum(
        1 for a in inside for x in a.actions if x.action or x.who or x.when
    )
    assert (
        f["actions"]["overdue"] <= f["actions"]["due_by_year_end"] <= f["actions"]["with_due_date"]
    )
    assert sum(r["actions"] for r in f["actions"]["by_role"]) == f["actions"]["total"]
    assert f["practitioner_feedback"]["responses"] == sum(1 for a in inside if a.comments)
    rel = f["family_feedback_forms"]["relationship"]
    assert sum(r["responses"] for r in rel["scores"]) == rel["scored"]
    rounds = {(t.source, t.sheet, t.table) for t in inputs.thematic if year.holds(t.round_date)}
    assert len(f["thematic"]) == len(rounds)
    assert f["summary"]["findings"]
    assert f["summary"]["findings"][0]["topic"] == "overall"


@settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stores())
def test_every_year_of_any_store_builds_and_its_figures_add_up(inputs: Inputs) -> None:
    """The invariants above, for every year of a generated store."""
    for f in every_year(inputs):
        total = f["audits"]["total"]
        assert sum(q["audits"] for q in f["quarters"]) == total
        assert sum(q["moderated"] for q in f["quarters"]) == f["audits"]["moderated"]
        assert f["moderation"]["moderated"] == f["audits"]["moderated"]
        for q in f["quarters"]:
            assert sum(q["grades"].values()) == q["audits"]
            for a in q["areas_of_strength"] + q["areas_for_development"]:
                assert a["graded"] >= MIN_GRADED
        assert sum(f["grades"].values()) == total
        m = f["moderation"]
        assert m["agreed"] + m["upgraded"] + m["downgraded"] == m["compared"]
        assert m["compared"] <= m["moderated"]
        for agreement in [m, m["sections_pooled"], *m["by_section"]]:
            n = agreement.get("compared", agreement.get("n"))
            assert agreement["kappa"] is None or n >= MIN_PAIRS
        assert all(s["n"] >= MIN_GRADED for s in m["most_changed"])
        forms = f["sources"]["forms"]
        for section in f["sections"].values():
            assert sum(section["grades"].values()) == forms
        for counts in f["answers"].values():
            assert sum(counts.values()) == forms
        for r in f["rankings"]:
            for a in r["best"] + r["weakest"]:
                assert a["ranked"]
                assert a["graded"] >= MIN_GRADED
                assert a["scheme"] == r["scheme"]
            # a strength is never in the lower half of its ranking, nor a weakness in the upper
            shares = [a["percent"] or 0 for a in r["areas"] if a["ranked"]]
            for a in r["best"]:
                assert 2 * sum(x > (a["percent"] or 0) for x in shares) < len(shares)
            for a in r["weakest"]:
                assert 2 * sum(x < (a["percent"] or 0) for x in shares) < len(shares)
        # a strength is at least half Good or better and above every area for development
        # of its period, whatever the instrument
        for best, worst in [
            (f["best_areas"], f["weakest_areas"]),
            *((q["areas_of_strength"], q["areas_for_development"]) for q in f["quarters"]),
        ]:
            for a in best:
                assert 2 * a["good_or_better"] >= a["graded"] > 0
                for d in worst:
                    assert a["good_or_better"] * d["graded"] > d["good_or_better"] * a["graded"]
        check_every_source_is_reported(inputs, f)
        # key messages: at most one strength and one weakness per instrument, each naming it
        for name in ("section of the audit form", "practice area"):
            assert sum(m.startswith(f"Strongest {name}") for m in f["key_messages"]) <= 1
            assert sum(m.lower().startswith(f"{name} most") for m in f["key_messages"]) <= 1
        # a direction (up, down, rose, fell) only where both bases hold min_graded
        for text in [*f["sentences"]["comparison"], *f["key_messages"], *summary_lines(f)]:
            if DIRECTION.search(text):
                assert all(int(n) >= MIN_GRADED for _, n, _ in SHARE.findall(text)), text
        for q in f["questions"]:
            if q["id"] in " ".join(x for x in f["key_messages"] if x.startswith("Question")):
                assert q["applicable"] >= MIN_GRADED
        checked = sum(check_percentages(text) for text in printed(f))
        assert not [t for t in printed(f) if re.search(r"\d{4}-\d\d-\d\d", t)]  # "1 August 2016"
        event(
            f"percentages checked: {'none' if not checked else 'under 20' if checked < 20 else '20 or more'}"
        )
        event(f"ranked areas: {sum(len(r['best']) for r in f['rankings']) > 0}")
        event(f"kappa quoted: {m['kappa'] is not None}")
        if f["previous_year"]:
            assert f["trend"][-2]["year"] == f["previous_year"]["short"]
        assert 1 <= len(f["trend"]) <= 4
        assert json.loads(figures_json(f)) == json.loads(json.dumps(f))


def _document_text(docx: Path) -> str:
    doc = Document(str(docx))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return " ".join(" ".join([*(p.text for p in doc.paragraphs), *cells]).split())


@settings(
    max_examples=2,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(inputs=stores(least=8))
def test_the_document_carries_the_totals_of_its_json(inputs: Inputs, tmp_path: Path) -> None:
    """Rendered through the shipped template, every year's document states the JSON's totals."""
    for f in list(every_year(inputs))[-1:]:
        target = tmp_path / f"report-{f['report']['year']}.docx"
        write_annual_report(f, target, ROOT / "templates" / "annual-report.docx")
        text = _document_text(target)
        data = json.loads(figures_json(f))
        assert data["sentences"]["introduction"][0] in text
        assert data["sentences"]["overall"] in text
        for q in data["quarters"]:
            assert f"{q['label']} {q['months']} {q['audits']} {q['moderated']}" in text
        for line in data["key_messages"]:
            assert line in text


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.tuples(maybe_grade, maybe_grade), max_size=30))
def test_agreement_counts_add_up_and_kappa_needs_ten_pairs(
    pairs: list[tuple[str | None, str | None]],
) -> None:
    """Over any (auditor, moderator) pairs: agreed + upgraded + downgraded = compared, and
    kappa is quoted only from MIN_PAIRS pairs, within [-1, 1]."""
    audits = [
        stored_audit(key=f"k{i}", overall=Rating(a, m), moderated=True)  # type: ignore[arg-type]
        for i, (a, m) in enumerate(pairs)
    ]
    m = annual_figures(Inputs(FinancialYear(2016), audits, [], [], [], [], FORMS))["moderation"]
    both = sum(1 for a, b in pairs if a and b)
    assert m["agreed"] + m["upgraded"] + m["downgraded"] == m["compared"] == both
    assert (m["kappa"] is None) or (both >= MIN_PAIRS and -1 <= m["kappa"] <= 1)
    if both < MIN_PAIRS:
        assert m["kappa_text"] == f"too few pairs to measure (n = {both})"

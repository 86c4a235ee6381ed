"""The annual report as a Word document: charts and display text around the figures.

The template receives the figures unchanged, plus a few cell texts built here (headings,
"n/a" and "+23" style cells, the rows of the appendix and the trend table) and the charts, so
the template never computes anything. Sentences are not made here: they come with the
figures, from compute/messages.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from audit_docs.compute.figures import AnnualFigures, FormFigures, RoundFigures, ThematicFigures
from audit_docs.compute.grades import grade_heads, grade_key, or_better
from audit_docs.compute.messages import ANSWER_WORDS, area_phrase, month_words, pct, share_cell
from audit_docs.compute.summary import MARK
from audit_docs.render.chart_design import GRADE_SHADING
from audit_docs.render.docx_render import Picture, Rendering, render_publication

if TYPE_CHECKING:
    from audit_docs.render.cover import Publishing

#: --charts: native Word charts (render/native_charts.py) or matplotlib PNGs (render/charts.py)
CHART_KINDS = ("native", "picture")

#: scheme -> (table caption, what one row is)
CAPTIONS = {
    "form-section": ("Table 2a", "section of the audit form"),
    "practice-area": ("Table 2b", "practice area (audit log and forms)"),
}


def chart_set(f: AnnualFigures, charts: str = "native") -> dict[str, Any]:
    """The report's charts by template name, as native Word charts or as pictures."""
    year = f["report"]["year"]
    legend = legend_words(f)
    jobs: dict[str, tuple[str, tuple[Any, ...]]] = {
        "grades_by_quarter": (
            "grades_by_group",
            (
                [(q["label"], q["grades"]) for q in f["quarters"]],
                f"Overall grades by quarter, {year}",
                False,
                legend,
            ),
        ),
        "quality_checks": (
            "grades_over_time",
            (
                [(q["label"], q["grades"]) for q in f["quality_checks"]["quarters"]],
                f"Quality checks of Early Help Assessments by quarter, {year}",
                legend,
            ),
        ),
    }
    moved = f["sentences"]["moved"]  # tables in the appendix have no chart
    for ranking in f["rankings"]:
        if f"ranking:{ranking['scheme']}" in moved:
            continue
        jobs[f"areas_{ranking['scheme']}"] = (
            "grades_by_group",
            (
                [(a["title"], a["grades"]) for a in ranking["areas"] if a["graded"]],
                f"Final grades per {CAPTIONS[ranking['scheme']][1]}, {year}",
                True,
                legend,
            ),
        )
    for form_id, form in _other_forms(f):
        if f"form:{form_id}" in moved:
            continue
        jobs[f"areas_form_{form_id}"] = (
            "grades_by_group",
            (
                [(a["title"], a["grades"]) for a in form["areas"] if a["graded"]],
                _form_areas_title(form, year),
                True,
                legend,
            ),
        )
    for i, r in enumerate(f["thematic"]):
        rounds = [(_round_label(r), _measures(r))]
        if r["previous"]:
            before = _round_label(r["previous"])
            if before == rounds[0][0]:  # two rounds in one month: told apart, never merged
                before += " (earlier round)"
            rounds.insert(0, (before, _measures(r["previous"])))
        jobs[f"thematic_{i}"] = ("measures_chart", (rounds, r["title"] or "Thematic audit"))
    # a table whose areas were all N/A has nothing to draw: no chart under it
    empty = {name for name, (_, args) in jobs.items() if not args[0]}
    jobs = {name: job for name, job in jobs.items() if name not in empty}
    nothing: dict[str, Any] = dict.fromkeys(empty)
    if charts == "native":
        from audit_docs.render import native_charts

        drawn = {name: getattr(native_charts, fn)(*args) for name, (fn, args) in jobs.items()}
        return drawn | nothing
    return {
        name: Picture(c.png, c.alt_text, c.width_cm, c.title) for name, c in _draw(jobs).items()
    } | nothing


def grade_columns(words: Mapping[str, str], bands: Sequence[str]) -> dict[str, Any]:
    """What a template's grade columns place: one column per grade shown, headed in the
    document's words and shaded in the grade's tint; the key to a shortened heading; the
    heading of the "Good or better" column."""
    return {
        "grade_heads": [
            h | {"fill": GRADE_SHADING[h["key"]].lstrip("#").upper()}
            for h in grade_heads(words, bands)
        ],
        "grade_key": grade_key(words, bands),
        "or_better_head": or_better(words),
    }


def legend_words(f: AnnualFigures) -> dict[str, str]:
    """The grades the charts show, in the document's words (figures' grade_bands and
    grade_words): a grade outside the council's scale with no count is no bar or legend."""
    words = f["grade_words"]
    return {g: words[g] for g in f["grade_bands"]} | {"not_graded": words["not_graded"]}


def _measures(
    r: ThematicFigures | RoundFigures,
) -> list[tuple[str, int | None, int, int]]:
    return [(m["label"], m["percent"], m["evidenced"], m["applicable"]) for m in r["measures"]]


def _call(job: tuple[str, tuple[Any, ...]]) -> Any:
    from audit_docs.render import charts

    function, args = job
    return getattr(charts, function)(*args)


def _draw(jobs: dict[str, tuple[str, tuple[Any, ...]]]) -> dict[str, Any]:
    """Draw the charts, on every core where starting a worker costs less than the drawing it
    takes over (drawing dominates the time a report takes once the store is warm)."""
    import os

    import audit_docs.render.charts  # noqa: F401  (before any fork: every worker has matplotlib)

    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or not _workers_start_warm():
        return {name: _call(job) for name, job in jobs.items()}
    from audit_docs.jobs.workers import pool_map

    with pool_map(_call, list(jobs.values()), workers) as drawn:
        return dict(zip(jobs, drawn, strict=True))


def _workers_start_warm() -> bool:
    """Whether a worker starts as a copy of this process, matplotlib loaded (the fork start
    method, Linux's default). A worker started afresh (spawn: Windows, macOS) imports
    matplotlib again, and on a two-core laptop the pool then took longer than drawing here
    (9 charts: 3.8-7.2 s against 2.7-4.1 s, fork 1.8-4.2 s, on a loaded machine)."""
    import multiprocessing

    return multiprocessing.get_start_method() == "fork"


def _round_label(r: ThematicFigures | RoundFigures) -> str:
    return month_words(r["date"]) or str(r.get("sheet") or "Round")


def _change(value: int | None) -> str:
    return "–" if value is None else (f"+{value}" if value > 0 else str(value))


def answer_text(value: str | None) -> str:
    """An answer as a reader writes it: "Not sure" for the stored not_sure, sentence case."""
    if not value:
        return "–"
    words = ANSWER_WORDS.get(value, value).strip()
    return words[:1].upper() + words[1:]


def feedback_blocks(f: AnnualFigures) -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The appendix: each question once (Q1, Q2 …), then one compact block per respondent."""
    keys: dict[str, str] = {}
    for r in f["family_feedback"]["appendix"]:
        for a in r["answers"]:
            keys.setdefault(a["question"], f"Q{len(keys) + 1}")
    questions = [{"key": k, "text": q} for q, k in keys.items()]
    blocks = [
        {
            "number": r["number"],
            "answers": [
                {"key": keys[a["question"]], "answer": answer_text(a["answer"])}
                for a in r["answers"]
                if a["answer"]
            ],
        }
        for r in f["family_feedback"]["appendix"]
    ]
    return questions, [b for b in blocks if b["answers"]]


def view(f: AnnualFigures) -> dict[str, Any]:
    """The figures plus the cell texts and chart names the template places; every sentence
    comes made from compute/messages.py (``f["sentences"]``)."""
    s = f["sentences"]
    v: dict[str, Any] = dict(f)
    v["quarters"] = [
        q
        | {
            "thematic_note": "; ".join(f"{r['title']}: {r['audits']}" for r in q["thematic_rounds"])
            or "–",
        }
        for q in f["quarters"]
    ]
    v["quarter_views"] = [
        {
            "label": q["label"],
            "lines": lines["lines"],
            "strengths": [area_phrase(a, f["grade_words"]) for a in q["areas_of_strength"]],
            "development": [area_phrase(a, f["grade_words"]) for a in q["areas_for_development"]],
        }
        for q, lines in zip(f["quarters"], s["quarters"], strict=True)
        if q["audits"]
    ]
    rankings: list[dict[str, Any]] = [
        {
            "key": f"ranking:{r['scheme']}",
            "caption": f"Final grades per {CAPTIONS[r['scheme']][1]}",
            "chart_caption": f"Final grades per {CAPTIONS[r['scheme']][1]}, {f['report']['year']}",
            "areas": _marked(r["areas"]),
            "lines": s["rankings"][r["scheme"]],
            "chart": f"areas_{r['scheme']}",
        }
        for r in f["rankings"]
    ] + [
        {
            "key": f"form:{form_id}",
            "caption": f"Final grades per section of the ‘{form['title']}’ form",
            "areas": _marked(form["areas"]),
            "lines": [
                *(f"Area of strength: {area_phrase(a, f['grade_words'])}" for a in form["best"]),
                *(
                    f"Area for development: {area_phrase(a, f['grade_words'])}"
                    for a in form["weakest"]
                ),
            ],
            "chart": f"areas_form_{form_id}",
            "chart_caption": _form_areas_title(form, f["report"]["year"]),
        }
        for form_id, form in _other_forms(f)
    ]
    # a table whose every row is too few to rank is one sentence here, the table in the appendix
    for r in rankings:
        r["note"] = s["notes"]["areas"] if any(a["marked"] for a in r["areas"]) else ""
    v["ranking_views"] = [r for r in rankings if r["key"] not in s["moved"]]
    v["appendix_rankings"] = [r for r in rankings if r["key"] in s["moved"]]
    v["moved_areas"] = [s["moved"][r["key"]] for r in v["appendix_rankings"]]
    # the questions of each form that audited anything in the year, the main form first
    main = next(iter(f["forms"]), None)
    questions: list[dict[str, Any]] = [
        {
            "key": f"questions:{form_id}",
            "title": form["title"],
            "audits": form["audits"],
            "questions": _marked(f["questions"] if form_id == main else form["questions"]),
        }
        for form_id, form in f["forms"].items()
        if form["audits"] or form_id == main
    ] or [
        {
            "key": "",
            "title": "",
            "audits": f["sources"].get("forms", 0),
            "questions": _marked(f["questions"]),
        }
    ]
    for q in questions:
        q["note"] = s["notes"]["questions"] if any(x["marked"] for x in q["questions"]) else ""
    v["question_views"] = [q for q in questions if q["key"] not in s["moved"]]
    v["appendix_questions"] = [q for q in questions if q["key"] in s["moved"]]
    v["moved_questions"] = [s["moved"][q["key"]] for q in v["appendix_questions"]]
    v["thematic"] = [
        r
        | {
            "heading": f"{r['title'] or 'Thematic audit'} – {_round_label(r)}",
            "summary": summary,
            "chart": f"thematic_{i}",
            "measures": [
                m
                | {
                    "previous_text": (
                        f"{m['previous_evidenced']}/{m['previous_applicable']} "
                        f"({pct(m['previous_percent'])})"
                        if m["previous_applicable"] is not None
                        else "–"
                    ),
                    "change_text": _change(m["change"])
                    if m["compared"] or m["change"] is None
                    else MARK,
                }
                for m in r["measures"]
            ],
            "note": s["notes"]["measures"]
            if any(not m["compared"] and m["change"] is not None for m in r["measures"])
            else "",
        }
        for i, (r, summary) in enumerate(zip(f["thematic"], s["thematic"], strict=True))
    ]
    v["thematic_graded"] = [
        r
        | {
            "heading": f"Thematic audit: {r['title']}",
            "summary": summary,
            "overview": {
                "lines": lines,
                "by_age": r["overview"]["by_age"],
                "by_service": r["overview"]["by_service"],
            }
            if lines
            else None,
        }
        for r, summary, lines in zip(
            f["thematic_graded"], s["thematic_graded"], s["thematic_overview"], strict=True
        )
    ]
    v["profile"] = f["profile"] | {
        "age_total": sum(b["audits"] for b in f["profile"]["age_bands"]),
        "service_total": sum(b["audits"] for b in f["profile"]["service_areas"]),
    }
    v["quality_checks_text"] = s["quality_checks"]
    v["feedback_text"] = s["feedback"]
    v["feedback_lines"] = s["feedback_lines"]
    v["feedback_questions"], v["feedback_blocks"] = feedback_blocks(f)
    v["comparison_lines"] = s["comparison"]
    v["moderation_sections"] = [
        x | {"kappa_cell": x["kappa_text"] if x["kappa"] is not None else MARK}
        for x in f["moderation"]["by_section"]
    ]
    v["moderation_note"] = (
        s["notes"]["kappa"]
        if any(x["kappa"] is None for x in f["moderation"]["by_section"])
        else ""
    )
    v["summary_lines"] = [x["text"] for x in f["summary"]["findings"]]
    v |= grade_columns(f["grade_words"], f["grade_bands"])
    rel = f["family_feedback_forms"]["relationship"]
    v["relationship_rows"] = list(reversed(rel["scores"])) if rel["scored"] else []
    v["family_words"] = f["family_feedback_forms"]["words"]
    v["practitioner_words"] = f["practitioner_feedback"]["words"]
    v["trend_rows"] = [
        {
            "year": t["year"],
            "audits": t["audits"],
            "moderated": f"{t['moderated']}/{t['audits']}",
            "good": f"{t['good_or_better']}/{t['graded']} ({pct(t['percent'])})",
            "agreement": f"{t['agreed']}/{t['compared']} ({pct(t['agreement_percent'])})",
        }
        for t in f["trend"]
    ]
    return v


def _marked(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows (areas or questions) with their table cell: n/N (p%), and the mark (†) for a base
    too small to rank, whose footnote stands once under the table."""
    out = []
    for row in rows:
        n, total = (
            (row["good_or_better"], row["graded"])
            if "graded" in row
            else (row["good"], row["applicable"])
        )
        mark = f" {MARK}" if total and not row["ranked"] else ""
        out.append(dict(row) | {"cell": share_cell(n, total, True) + mark, "marked": bool(mark)})
    return out


def _form_areas_title(form: FormFigures, year: str) -> str:
    """The title of a form's own sections chart, which is also its caption."""
    return f"Final grades per section of the ‘{form['title']}’ form, {year}"


def _other_forms(f: AnnualFigures) -> list[tuple[str, FormFigures]]:
    """The forms after the main one that graded sections of their own in the year."""
    return [
        (i, form) for i, form in list(f["forms"].items())[1:] if form["audits"] and form["areas"]
    ]


def rendering(figures: AnnualFigures, charts: str = "native") -> Rendering:
    """What the annual report's template places: the view, the charts, the title."""
    title = f"{figures['report']['title']} {figures['period']['label']}"
    return Rendering(view(figures), chart_set(figures, charts), title)


def write_annual_report(
    figures: AnnualFigures,
    target: Path,
    template: Path,
    charts: str = "native",
    publishing: Publishing | None = None,
) -> None:
    """The report rendered on its own (tests, tools); the engine publishes it in
    jobs/publish.py."""
    from audit_docs.render.cover import Publishing

    render_publication(template, rendering(figures, charts), publishing or Publishing(), target)

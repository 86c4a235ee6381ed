"""The annual report as a Word document: charts and display text around the figures.

The template receives the figures dict unchanged, plus a few display strings built here
(headings, "n/a" and "+23" style cells, the rows of the appendix) and the charts, so the
template never computes anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from audit_docs.render import chart_design as ch
from audit_docs.render.docx_render import Picture, render_document

#: --charts: native Word charts (render/native_charts.py) or matplotlib PNGs (render/charts.py)
CHART_KINDS = ("native", "picture")


def chart_set(f: dict[str, Any], charts: str = "native") -> dict[str, Any]:
    """The report's charts by template name, as native Word charts or as pictures."""
    year = f["report"]["year"]
    jobs: dict[str, tuple[str, tuple[Any, ...]]] = {
        "grades_by_quarter": (
            "grades_by_group",
            (
                [(q["label"], q["grades"]) for q in f["quarters"]],
                f"Overall grades by quarter, {year}",
            ),
        ),
        "areas": (
            "grades_by_group",
            (
                [(a["title"], a["grades"]) for a in f["areas"] if a["graded"]],
                f"Final grades per section and practice area, {year}",
                True,
            ),
        ),
        "quality_checks": (
            "grades_over_time",
            (
                [(q["label"], q["grades"]) for q in f["quality_checks"]["quarters"]],
                f"Quality checks of Early Help Assessments by quarter, {year}",
            ),
        ),
    }
    for q in f["quarters"]:
        jobs[f"quarter_{q['label']}"] = (
            "grade_bars",
            (q["grades"], f"Overall judgements – {q['label']} {year}"),
        )
    for i, r in enumerate(f["thematic"]):
        rounds = [(_round_label(r), _measures(r))]
        if r["previous"]:
            rounds.insert(0, (_round_label(r["previous"]), _measures(r["previous"])))
        jobs[f"thematic_{i}"] = ("measures_chart", (rounds, r["title"] or "Thematic audit"))
    if charts == "native":
        from audit_docs.render import native_charts

        return {name: getattr(native_charts, fn)(*args) for name, (fn, args) in jobs.items()}
    return {
        name: Picture(c.png, c.alt_text, c.width_cm, c.title) for name, c in _draw(jobs).items()
    }


def _measures(r: dict[str, Any]) -> list[tuple[str, int | None, int, int]]:
    return [(m["label"], m["percent"], m["evidenced"], m["applicable"]) for m in r["measures"]]


def _call(job: tuple[str, tuple[Any, ...]]) -> Any:
    from audit_docs.render import charts

    function, args = job
    return getattr(charts, function)(*args)


def _draw(jobs: dict[str, tuple[str, tuple[Any, ...]]]) -> dict[str, Any]:
    """Draw the charts, on every core where the platform can fork (drawing dominates the
    time a report takes once the store is warm)."""
    import multiprocessing
    import os

    import audit_docs.render.charts  # noqa: F401  (before the fork: every worker has matplotlib)

    workers = min(os.cpu_count() or 1, len(jobs))
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return {name: _call(job) for name, job in jobs.items()}
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return dict(zip(jobs, pool.map(_call, jobs.values()), strict=True))


def _round_label(r: dict[str, Any]) -> str:
    if r.get("date"):
        import datetime as dt

        return dt.date.fromisoformat(r["date"]).strftime("%B %Y")
    return r.get("sheet") or "Round"


def _pct(value: int | None) -> str:
    return "n/a" if value is None else f"{value}%"


def view(f: dict[str, Any]) -> dict[str, Any]:
    """The figures plus the display strings the template places."""
    v = dict(f)
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
            "lines": s["lines"],
            "strengths": [a["title"] for a in q["areas_of_strength"]],
            "development": [a["title"] for a in q["areas_for_development"]],
            "chart": f"quarter_{q['label']}",
        }
        for q, s in zip(f["quarters"], f["sentences"]["quarters"], strict=True)
        if q["audits"]
    ]
    v["moderation"] = f["moderation"] | {
        "by_section": [
            s
            | {
                "kappa_text": "not measurable"
                if s["kappa"] is None
                else f"{s['kappa']:.2f} ({s['kappa_words']})"
            }
            for s in f["moderation"]["by_section"]
        ]
    }
    v["thematic"] = [
        r
        | {
            "heading": f"{r['title'] or 'Thematic audit'} – {_round_label(r)}",
            "summary": f"{r['cases']} cases were audited"
            + (
                f"; compared with the previous round ({_round_label(r['previous'])})."
                if r["previous"]
                else "."
            ),
            "chart": f"thematic_{i}",
            "measures": [
                m
                | {
                    "previous_text": _pct(m.get("previous_percent")) if r["previous"] else "–",
                    "change_text": "–"
                    if m.get("change") is None
                    else (f"+{m['change']}" if m["change"] > 0 else str(m["change"])),
                }
                for m in r["measures"]
            ],
        }
        for i, r in enumerate(f["thematic"])
    ]
    v["thematic_graded"] = [
        r
        | {
            "heading": f"Thematic audit: {r['title']}",
            "summary": f"{r['audits']} cases were audited"
            + (f" between {r['from']} and {r['to']}" if r["from"] else "")
            + ". Overall judgement: "
            + ", ".join(
                f"{r['overall'][g]} {w}" for g, w in ch.GRADE_WORDS.items() if g != "not_graded"
            )
            + ".",
        }
        for r in f["thematic_graded"]
    ]
    qc = f["quality_checks"]
    v["quality_checks_text"] = (
        f"{qc['total']} Early Help Assessments completed by partner agencies were checked for quality."
        if qc["total"]
        else "No quality checks of Early Help Assessments are recorded for this year."
    )
    fb = f["family_feedback"]
    v["feedback_text"] = (
        f"{fb['responses']} parents and carers responded to the feedback questionnaire."
        if fb["responses"]
        else "No family feedback responses are recorded for this year."
    )
    v["feedback_lines"] = [_feedback_line(q) for q in fb["questions"]]
    v["feedback_appendix"] = [
        {"number": r["number"], "question": a["question"], "answer": a["answer"] or "–"}
        for r in fb["appendix"]
        for a in r["answers"]
    ]
    v["comparison_lines"] = _comparison_lines(f["previous_year"]) if f["previous_year"] else []
    return v


_ANSWER_WORDS = {
    "always": "always",
    "sometimes": "sometimes",
    "never": "never",
    "yes": "yes",
    "no": "no",
    "not_sure": "not sure",
}


def _feedback_line(q: dict[str, Any]) -> str:
    parts = [f"{n} {_ANSWER_WORDS.get(k, k)}" for k, n in q["answers"].items()]
    other = f", {q['other']} answered in their own words" if q["other"] else ""
    return f"{q['question']} {', '.join(parts)}{other} (of {q['responses']} responses)."


def _comparison_lines(p: dict[str, Any]) -> list[str]:
    lines = []
    g = p["good_or_better"]
    if g["now"] is not None and g["before"] is not None:
        word = (
            "better than"
            if g["now"] > g["before"]
            else "worse than"
            if g["now"] < g["before"]
            else "the same as"
        )
        lines.append(
            f"Good or better overall grades: {g['now']}% this year, {word} {g['before']}% in {p['short']} ({p['audits']} audits)."
        )
    m = p["moderation"]
    if m["agreement_now"] is not None and m["agreement_before"] is not None:
        lines.append(
            f"Moderators agreed with auditors in {m['agreement_now']}% of moderated audits, against {m['agreement_before']}% in {p['short']}."
        )
    for q in p["questions"]:
        word = "up" if q["change"] > 0 else "down" if q["change"] < 0 else "unchanged"
        lines.append(
            f"Question {q['id']} (‘{q['text']}’): {q['percent']}% met, {word} from {q['previous_percent']}%."
        )
    return lines


def write_annual_report(
    figures: dict[str, Any], target: Path, template: Path, charts: str = "native"
) -> None:
    title = f"{figures['report']['title']} {figures['period']['label']}"
    render_document(template, view(figures), chart_set(figures, charts), target, title=title)

"""A kind of document declared in a test is published by the one engine, checked by
`templates check` and given a commentary document, with no edit to audit_docs."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import TypedDict

import pytest
from docx import Document

from audit_docs.documents.kind import DocumentKind, Request
from audit_docs.jobs.commentary import commentary_for
from audit_docs.jobs.places import Places, shipped
from audit_docs.jobs.publish import publish
from audit_docs.jobs.templates import check_templates
from audit_docs.render.docx_render import Rendering
from audit_docs.store import queries
from audit_docs.store.db import open_store
from audit_docs.words import plural
from audit_docs.workspace import Workspace

EXAMPLES = Path(__file__).parents[1] / "examples" / "inbox"


class TeamFigures(TypedDict):
    title: str
    audits: int
    teams: list[dict[str, object]]
    sentence: str


def _gather(ws: Workspace, _request: Request) -> list[str]:
    conn = open_store(ws.places.store)
    try:
        return [a.team or "Team not recorded" for a in queries.audits(conn)]
    finally:
        conn.close()


def _figures(_ws: Workspace, _request: Request, teams: list[str]) -> TeamFigures:
    counted = Counter(teams)
    return {
        "title": "Audits by team",
        "audits": len(teams),
        "teams": [{"team": t, "audits": n} for t, n in sorted(counted.items())],
        "sentence": f"{plural(len(teams), 'audit was', 'audits were')} read from "
        f"{plural(len(counted), 'team', 'teams')}.",
    }


TEAM_COUNT: DocumentKind[list[str], TeamFigures] = DocumentKind(
    name="team-count",
    template="team-count.docx",
    stem=lambda _request: "team-count",
    gather=_gather,
    figures=_figures,
    view=lambda figures, _request, _publishing: Rendering(figures, {}, figures["title"]),
    announce=lambda figures, docx, _data: f"{figures['audits']} audits counted in {docx}\n",
    sample=lambda _ws: Request(),
    describe=lambda _figures: "the team count",
)


def _template(target: Path) -> None:
    document = Document()
    document.add_heading("Audits by team", 1)
    document.add_paragraph("{{ sentence }}")
    document.add_heading("Each team", 1)
    document.add_paragraph("{% for t in teams %}{{ t.team }}: {{ t.audits }}; {% endfor %}")
    document.save(str(target))


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    templates = tmp_path / "templates"
    shutil.copytree(shipped("templates"), templates)
    _template(templates / "team-count.docx")
    places = Places(EXAMPLES, tmp_path / "outbox", tmp_path / "s.sqlite", templates)
    return Workspace(
        places,
        commentary=tmp_path / "commentary",
        out=io.StringIO(),
        err=io.StringIO(),
        documents=(TEAM_COUNT,),
    )


def test_a_kind_declared_here_is_published_with_its_figures(workspace: Workspace) -> None:
    """publish() writes the kind's .docx and .json together; the document states the
    figures' sentence and every team's count, the JSON holds the same numbers."""
    docx, data = publish(workspace, TEAM_COUNT, Request())
    figures = json.loads(data.read_text(encoding="utf-8"))
    conn = open_store(workspace.places.store)
    audits = queries.audits(conn)
    conn.close()
    assert figures["audits"] == len(audits) > 0
    assert sum(t["audits"] for t in figures["teams"]) == len(audits)
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert figures["sentence"] in text
    for t in figures["teams"]:
        assert f"{t['team']}: {t['audits']};" in text
    assert workspace.out.getvalue().endswith(f"{len(audits)} audits counted in {docx}\n")


def test_templates_check_renders_the_kinds_template_too(workspace: Workspace) -> None:
    """`templates check` renders every kind the workspace publishes, this one included."""
    assert check_templates(workspace) == 0
    said = workspace.out.getvalue()
    assert "team-count.docx: ready" in said
    assert "annual-report.docx: ready" in said


def test_a_broken_template_of_the_kind_is_reported(workspace: Workspace) -> None:
    """A value the figures lack, in the kind's template, is named by the check."""
    broken = Document(str(workspace.places.templates / "team-count.docx"))
    broken.add_paragraph("{{ no_such_value }}")
    broken.save(str(workspace.places.templates / "team-count.docx"))
    assert check_templates(workspace) == 1
    assert "no_such_value" in workspace.out.getvalue()


def test_the_commentary_document_has_the_kinds_headings(workspace: Workspace) -> None:
    """commentary picks the kind up by name: its document holds the kind's headings, then
    the officer's own (Next steps, Conclusion)."""
    target = commentary_for(workspace, Request(), "team-count")
    assert target == workspace.commentary / "team-count.docx"
    headings = [
        p.text for p in Document(str(target)).paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[:2] == ["Audits by team", "Each team"]
    assert "Next steps" in headings


def test_a_workspace_without_the_kind_names_the_kinds_it_has(workspace: Workspace) -> None:
    """Asking for a document no kind declares is one sentence listing the ones there are."""
    from audit_docs.errors import UsageError

    bare = dataclasses.replace(workspace, documents=())
    with pytest.raises(UsageError, match="annual-report, guidance"):
        commentary_for(bare, Request(), "team-count")

"""`forms check DEF.yaml BLANK.docx --show OUT.docx`: the blank with a Word comment on every
part the definition reads, anchored at that part, and on each box or label it cannot place."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from audit_docs.cli import main
from tests.builders.blank_layouts import LAYOUTS, TICKS, Layout, blank
from tests.office import SOFFICE, convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _shown(tmp_path: Path, layout: Layout, edit: str | None = None) -> Path:
    form = tmp_path / f"{layout.name}.docx"
    form.write_bytes(blank(layout))
    definition = tmp_path / f"{layout.name}.yaml"
    assert main(["forms", "draft", str(form), "--output", str(definition)]) == 0
    if edit is not None:  # a definition that no longer reads one question
        text = definition.read_text(encoding="utf-8")
        definition.write_text(re.sub(rf"\n +- text: \"{re.escape(edit)}\"", "", text), "utf-8")
    out = tmp_path / f"{layout.name}-shown.docx"
    main(["forms", "check", str(definition), str(form), "--show", str(out)])
    return out


def _anchored(path: Path) -> dict[str, str]:
    """Each comment's text -> the text of the paragraphs its range covers."""
    with zipfile.ZipFile(path) as zf:
        doc = etree.fromstring(zf.read("word/document.xml"))
        comments = etree.fromstring(zf.read("word/comments.xml"))
        rels = zf.read("word/_rels/document.xml.rels").decode()
        types = zf.read("[Content_Types].xml").decode()
    assert "relationships/comments" in rels
    assert 'PartName="/word/comments.xml"' in types
    out = {}
    for c in comments.iterfind("w:comment", NS):
        i = c.get(f"{{{W}}}id")
        text = "".join(c.itertext())
        start = doc.find(f".//w:commentRangeStart[@w:id='{i}']", NS)
        end = doc.find(f".//w:commentRangeEnd[@w:id='{i}']", NS)
        ref = doc.find(f".//w:commentReference[@w:id='{i}']", NS)
        assert start is not None, text
        assert end is not None, text
        assert ref is not None, text
        first, last = start.getparent(), end.getparent()
        assert first.tag == last.tag == f"{{{W}}}p"
        assert first.getparent() is last.getparent()  # one cell, or one paragraph
        body = list(first.getparent())
        covered = body[body.index(first) : body.index(last) + 1]
        out[text] = " ".join("".join(p.itertext()) for p in covered)
    return out


def test_every_part_the_definition_reads_has_a_comment_anchored_at_it(tmp_path: Path) -> None:
    """Issue 23's layout: header labels, section titles, questions and each rater's grade label."""
    out = _shown(tmp_path, TICKS)
    anchored = _anchored(out)
    assert anchored["case_id: text, case reference"] == "Case ID"
    assert anchored["date_of_audit: date, audit date"] == "Date of audit"
    assert anchored["section 3, graded: 'Planning'"] == "3. Planning"
    assert anchored["question 1.1: an answer (Yes / No / N/A / Partially)"] == (
        "Was the child seen within timescales?"
    )
    for n in "123456":
        assert anchored[f"grade, auditor, section {n}"] == "Auditor grade:"
        assert anchored[f"grade, moderator, section {n}"] == "Manager moderation grade:"
    placed = [t for t in anchored if not t.startswith("not read")]
    assert len(placed) == 8 + 6 + 12 + 12  # header fields, sections, questions, grades


def test_boxes_and_labels_it_cannot_place_are_said_so(tmp_path: Path) -> None:
    """A question dropped from the definition: its row's boxes are 'not read'."""
    out = _shown(tmp_path, TICKS, edit="Is there a current plan?")
    with zipfile.ZipFile(out) as zf:
        comments = zf.read("word/comments.xml").decode()
    assert comments.count("not read: these boxes belong to no question or grade") == 3
    assert "not read: no part of the definition reads this" in comments  # "Case information"


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda lay: lay.name)
def test_the_form_is_otherwise_unchanged(tmp_path: Path, layout: Layout) -> None:
    """Only comment marks are added: the text of every paragraph is as it was."""
    out = _shown(tmp_path, layout)

    def texts(data: bytes) -> list[str]:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            doc = etree.fromstring(zf.read("word/document.xml"))
        return ["".join(p.itertext()) for p in doc.iter(f"{{{W}}}p")]

    assert texts(out.read_bytes()) == texts(blank(layout))
    assert len(_anchored(out)) > 10


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it_with_every_comment_anchored(tmp_path: Path) -> None:
    """Converted by LibreOffice to ODT: one annotation per comment, each with its end."""
    out = _shown(tmp_path, TICKS)
    with zipfile.ZipFile(out) as zf:
        wanted = zf.read("word/comments.xml").count(b"<w:comment ")
    convert([out], "odt", tmp_path)
    with zipfile.ZipFile(tmp_path / "ticks-shown.odt") as zf:
        content = zf.read("content.xml").decode()
    assert content.count("<office:annotation ") == wanted
    assert content.count("<office:annotation-end ") == wanted

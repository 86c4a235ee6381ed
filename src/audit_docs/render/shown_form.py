"""A copy of a council's blank form with a Word comment on everything a definition reads.

``audit-docs forms check DEF.yaml BLANK.docx --show OUT.docx``: a QA officer opens OUT.docx in
Word and sees, in the margin beside each label, question and grade, what the tool will read
there ("grade, auditor, section 3"), and beside each box or label it cannot place, that it
will not be read. Nothing else in the form changes.

The reader works on a normalised copy of the document, so its cells are tied back to the
blank's own elements: every paragraph is stamped with its number before reading (the stamp
survives normalising, and is removed before writing), and table cells are listed in the
order the reader lists them (``wordml._walk``: a table's rows, nested tables' rows after the
row holding them).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from lxml import etree

from audit_docs.ns import CONTENT_TYPES, PACKAGE_RELS, R, W
from audit_docs.ns import w as _w
from audit_docs.read.formdef import FormDefinition
from audit_docs.read.word.form import Note, understood
from audit_docs.read.word.package import _main_part_name, read_part
from audit_docs.read.word.wordml import W_BODY, W_P, W_R, W_TBL, W_TC, W_TR, parse_document

_STAMP = "{urn:audit-docs:shown}p"
_COMMENTS = f"{R}/comments"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_RELS, _TYPES = PACKAGE_RELS, CONTENT_TYPES
AUTHOR = "audit-docs"
# no entities, no network, no DTD: the blank is a council's file, read as data only
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _up_to(el: etree._Element, tags: tuple[str, ...]) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag not in tags:
        parent = parent.getparent()
    return parent


def _cell_rows(body: etree._Element) -> list[list[etree._Element]]:
    """The w:tc elements by row, in the reader's order of rows."""
    top: list[list[etree._Element]] = []
    nested: dict[etree._Element, list[list[etree._Element]]] = {}
    cells_of: dict[etree._Element, list[etree._Element]] = {}
    for el in body.iter(W_TBL, W_TR, W_TC):
        if el.tag == W_TR:
            cells: list[etree._Element] = []
            cells_of[el] = cells
            holder = _up_to(el, (W_TC, W_BODY))
            outer_tr = (
                _up_to(holder, (W_TR,)) if holder is not None and holder.tag == W_TC else None
            )
            if outer_tr is None:
                top.append(cells)
            else:
                nested.setdefault(outer_tr, []).append(cells)
        elif el.tag == W_TC:
            tr = _up_to(el, (W_TR,))
            if tr is not None and tr in cells_of:
                cells_of[tr].append(el)
    by_cells = {id(cells): tr for tr, cells in cells_of.items()}
    out: list[list[etree._Element]] = []

    def add(cells: list[etree._Element]) -> None:
        out.append(cells)
        for inner in nested.get(by_cells[id(cells)], []):
            add(inner)

    for cells in top:
        add(cells)
    return out


def _anchors(
    root: etree._Element, definition: FormDefinition
) -> list[tuple[etree._Element, etree._Element, Note]]:
    """(first paragraph, last paragraph, note) for every note, in the blank's own elements."""
    body = root.find(_w("body"))
    if body is None:
        return []
    paragraphs = list(body.iter(W_P))
    for n, p in enumerate(paragraphs):
        p.set(_STAMP, str(n))
    doc = parse_document(etree.tostring(root))
    rows = _cell_rows(body)
    shown = [
        int(p.get(_STAMP, "-1"))
        for p in doc.body_paragraph_elements
        if etree.tostring(p, method="text", encoding=str, with_tail=False).strip()
    ]
    table_rows = iter(rows)
    paragraph_rows = iter(shown) if definition.read_paragraphs else iter(())
    notes = understood(doc, definition)
    # each row of the reader's document: the cells of a table row, or one paragraph
    places: list[list[etree._Element]] = []
    for row in doc.rows:
        if row.table < 0:
            places.append([paragraphs[next(paragraph_rows)]])
        else:
            places.append(next(table_rows))
    out = []
    for note in notes:
        el = places[note.row][note.index] if note.index < len(places[note.row]) else None
        if el is None:
            continue
        if el.tag == W_TC:
            paras = [p for p in el if p.tag == W_P] or list(el.iter(W_P))
            if paras:
                out.append((paras[0], paras[-1], note))
        else:
            out.append((el, el, note))
    for p in paragraphs:
        del p.attrib[_STAMP]
    return out


def _comment(number: int, text: str, when: str) -> etree._Element:
    c = etree.Element(_w("comment"), nsmap={"w": W})
    c.set(_w("id"), str(number))
    c.set(_w("author"), AUTHOR)
    c.set(_w("initials"), "AD")
    c.set(_w("date"), when)
    p = etree.SubElement(c, W_P)
    etree.SubElement(etree.SubElement(p, W_R), _w("annotationRef"))
    t = etree.SubElement(etree.SubElement(p, W_R), _w("t"))
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return c


def _mark(first: etree._Element, last: etree._Element, number: int) -> None:
    """commentRangeStart at the start of ``first``, End and the reference at ``last``'s end."""
    start = etree.Element(_w("commentRangeStart"))
    start.set(_w("id"), str(number))
    ppr = first.find(_w("pPr"))
    first.insert(1 if ppr is not None and first.index(ppr) == 0 else 0, start)
    end = etree.SubElement(last, _w("commentRangeEnd"))
    end.set(_w("id"), str(number))
    ref = etree.SubElement(etree.SubElement(last, W_R), _w("commentReference"))
    ref.set(_w("id"), str(number))


def write_shown_form(
    blank: bytes, source: str, definition: FormDefinition, output: Path
) -> list[Note]:
    """Write ``output``: the blank with a comment on each note; the notes written."""
    zf = zipfile.ZipFile(io.BytesIO(blank))
    names = {i.filename for i in zf.infolist()}
    main = _main_part_name(source, zf, names)
    parts = {i.filename: read_part(source, zf, i) for i in zf.infolist()}
    root = etree.fromstring(parts[main], _PARSER)
    anchors = _anchors(root, definition)
    folder = main.rsplit("/", 1)[0] if "/" in main else ""
    comments_name = f"{folder}/comments.xml" if folder else "comments.xml"
    if comments_name in parts:
        comments = etree.fromstring(parts[comments_name], _PARSER)
        ids = [int(c.get(_w("id"), "0")) for c in comments.iter(_w("comment"))]
        start = max(ids, default=-1) + 1
    else:
        comments = etree.Element(_w("comments"), nsmap={"w": W})
        start = 0
        _add_relationship(parts, main)
        _add_content_type(parts, f"/{comments_name}")
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    for n, (first, last, note) in enumerate(anchors, start):
        comments.append(_comment(n, note.text, when))
        _mark(first, last, n)
    parts[comments_name] = etree.tostring(
        comments, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    parts[main] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    _write_zip(output, parts, [i.filename for i in zf.infolist()])
    return [note for _, _, note in anchors]


def _add_relationship(parts: dict[str, bytes], main: str) -> None:
    folder, _, name = main.rpartition("/")
    rels_name = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    rels = (
        etree.fromstring(parts[rels_name], _PARSER)
        if rels_name in parts
        else etree.Element(f"{{{_RELS}}}Relationships", nsmap={None: _RELS})  # type: ignore[dict-item]
    )
    taken = {r.get("Id") for r in rels}
    number = 1
    while f"rIdAuditDocs{number}" in taken:
        number += 1
    rel = etree.SubElement(rels, f"{{{_RELS}}}Relationship")
    rel.set("Id", f"rIdAuditDocs{number}")
    rel.set("Type", _COMMENTS)
    rel.set("Target", "comments.xml")
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_content_type(parts: dict[str, bytes], part: str) -> None:
    types = (
        etree.fromstring(parts["[Content_Types].xml"], _PARSER)
        if "[Content_Types].xml" in parts
        else etree.Element(f"{{{_TYPES}}}Types", nsmap={None: _TYPES})  # type: ignore[dict-item]
    )
    if not any(o.get("PartName") == part for o in types):
        override = etree.SubElement(types, f"{{{_TYPES}}}Override")
        override.set("PartName", part)
        override.set("ContentType", _COMMENTS_TYPE)
    parts["[Content_Types].xml"] = etree.tostring(
        types, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _write_zip(output: Path, parts: dict[str, bytes], order: list[str]) -> None:
    names = [*order, *(n for n in parts if n not in order)]
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as out:
        for name in names:
            out.writestr(name, parts[name])

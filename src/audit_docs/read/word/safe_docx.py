"""A Word document written by hand, made safe to copy into a published report.

The officer's commentary document (render/commentary.py) is merged into every report built,
so whatever it holds travels to every reader. Content travels: writing, tables, lists,
pictures saved in the document and hyperlinks (kept as links, never fetched). Code and what
reaches outside do not: macros (vbaProject), embedded objects (OLE) and packages, ActiveX
controls, embedded documents (altChunk, subDoc), linked pictures, links to other files (an
attached template, INCLUDEPICTURE and LINK fields) are dropped, and :func:`clean_docx` says
which were. Unpacking is bounded like a form's (package.py): no declared size is trusted.
"""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from audit_docs.ns import CONTENT_TYPES, MC, PACKAGE_RELS, R, W
from audit_docs.read.files import refuse
from audit_docs.read.word.package import OLE_MAGIC, read_part, sniff_ole

#: one part unpacked (a photo is a few MB) and the whole document unpacked
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
#: parts in the zip: a long document with many pictures has a few hundred
MAX_PARTS = 5_000

_R, _W, _REL, _CT = R, W, PACKAGE_RELS, CONTENT_TYPES
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_HYPERLINK = f"{_R}/hyperlink"

#: relationship types (their last word) that carry code, objects or other files: dropped
_DROPPED_RELATIONSHIPS = {
    "vbaProject": "macros",
    "wordVbaData": "macros",
    "keyMapCustomizations": "macros",
    "oleObject": "embedded objects",
    "package": "embedded objects",
    "control": "ActiveX controls",
    "activeXControlBinary": "ActiveX controls",
    "aFChunk": "embedded documents",
    "subDocument": "embedded documents",
    "attachedTemplate": "links to other files",
    "frame": "links to other files",
}
#: elements that are an object, a control or another document, whatever they point at
_DROPPED_ELEMENTS = {
    f"{{{_W}}}object": "embedded objects",
    f"{{{_W}}}control": "ActiveX controls",
    f"{{{_W}}}altChunk": "embedded documents",
    f"{{{_W}}}subDoc": "embedded documents",
    "{urn:schemas-microsoft-com:office:office}OLEObject": "embedded objects",
}
#: what holds a picture or object: removed whole when what it shows is dropped
_CONTAINERS = {
    f"{{{_W}}}drawing",
    f"{{{_W}}}pict",
    f"{{{_W}}}object",
    f"{{{MC}}}AlternateContent",
}
#: fields that fetch or link another file when updated; their last result is kept as text
_LINKING_FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "LINK", "DDE", "DDEAUTO", "IMPORT")
#: parts dropped by their place in the package, whatever points at them
_DROPPED_PARTS = ("word/vbaproject", "word/vbadata", "word/activex/", "word/embeddings/")

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False
)


@dataclass(frozen=True)
class CleanDocx:
    """A Word document's bytes with only content left, and what was dropped, counted."""

    data: bytes
    dropped: Counter[str]

    def warning(self, name: str) -> str | None:
        """One sentence saying what was left out of ``name``; None when nothing was."""
        if not self.dropped:
            return None
        kinds = sorted(self.dropped)
        listed = ", ".join(kinds[:-1]) + (" and " if len(kinds) > 1 else "") + kinds[-1]
        return (
            f"The commentary document {name} held {listed}, which were left out of the "
            "report: only writing, tables, pictures saved in the document and hyperlinks are "
            "carried into it."
        )


def _unzipped(source: str, data: bytes) -> dict[str, bytes]:
    """Every part of the zip, each read in bounded chunks, or UnreadableFile saying why not."""
    if not data:
        raise refuse(source, "the file is empty (0 bytes); save it again from Word.", "empty")
    if data.startswith(OLE_MAGIC):
        kind = sniff_ole(data)
        what = "protected with a password" if kind == "encrypted" else "an old Word 97-2003 file"
        raise refuse(
            source,
            f"the document is {what}; open it in Word and save it as a Word Document (.docx) "
            "without a password under the same name.",
            "encrypted" if kind == "encrypted" else "doc-renamed",
        )
    not_docx = refuse(
        source,
        "this is not a Word document (.docx): open it in Word and save it as a Word Document "
        "(.docx) under the same name, or remove it to build the report without commentary.",
        "not-docx",
    )
    if not data.startswith(b"PK\x03\x04"):
        raise not_docx
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as exc:
        raise not_docx from exc
    total = sum(i.file_size for i in infos)
    if len(infos) > MAX_PARTS or total > MAX_TOTAL_BYTES:
        raise refuse(
            source,
            f"the document would unpack to {len(infos):,} parts and {total // 2**20:,} MB, more "
            f"than any Word document ({MAX_PARTS:,} parts, {MAX_TOTAL_BYTES // 2**20} MB); it "
            "is damaged or unsafe and was not read.",
            "too-large",
        )
    parts = {i.filename: read_part(source, zf, i, MAX_PART_BYTES) for i in infos}
    if "[Content_Types].xml" not in parts or "word/document.xml" not in parts:
        raise not_docx
    return parts


def _xml(source: str, name: str, data: bytes) -> etree._Element:
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise refuse(
            source,
            f"the part {name} of the document is damaged; open the document in Word (which "
            "may offer to repair it) and save it again.",
            "malformed-xml",
        ) from exc


def _rels_name(part: str) -> str:
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"


def _drop_relationships(rels: etree._Element, dropped: Counter[str]) -> set[str]:
    """Remove the relationships that carry code or reach outside; their ids."""
    gone: set[str] = set()
    for rel in list(rels):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        external = (rel.get("TargetMode") or "").lower() == "external"
        what = _DROPPED_RELATIONSHIPS.get(kind)
        if what is None and external and rel.get("Type") != _HYPERLINK:
            what = "linked pictures" if kind == "image" else "links to other files"
        if what is not None:
            dropped[what] += 1
            gone.add(rel.get("Id") or "")
            rels.remove(rel)
    return gone


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _container(element: etree._Element) -> etree._Element:
    for ancestor in element.iterancestors():
        if ancestor.tag in _CONTAINERS:
            return ancestor
    return element


def _drop_elements(root: etree._Element, gone: set[str], dropped: Counter[str]) -> None:
    """Remove objects and controls, and whatever points at a dropped relationship."""
    for element in list(root.iter(*_DROPPED_ELEMENTS)):
        if element.getparent() is not None:
            dropped[_DROPPED_ELEMENTS[str(element.tag)]] += 1
            _remove(element if element.tag in _CONTAINERS else _container(element))
    for element in list(root.iter()):
        pointing = {k: v for k, v in element.attrib.items() if str(k).startswith(f"{{{_R}}}")}
        bad = [k for k, v in pointing.items() if v in gone]
        if not bad:
            continue
        if len(bad) < len(pointing):  # a saved picture that also names a link: the link goes
            for key in bad:
                del element.attrib[key]
        elif element.getparent() is not None:
            _remove(_container(element))
    _drop_linking_fields(root, dropped)


def _linking(instruction: str) -> bool:
    words = instruction.split()
    return bool(words) and words[0].upper() in _LINKING_FIELDS


def _drop_linking_fields(root: etree._Element, dropped: Counter[str]) -> None:
    """Fields that fetch another file (INCLUDEPICTURE, LINK…) become their last result."""
    w = f"{{{_W}}}"
    for simple in list(root.iter(f"{w}fldSimple")):
        if _linking(simple.get(f"{w}instr") or "") and (parent := simple.getparent()) is not None:
            dropped["links to other files"] += 1
            index = parent.index(simple)
            for child in reversed(list(simple)):
                parent.insert(index, child)
            parent.remove(simple)
    # a complex field: begin, instruction text, separate, result, end (fields may nest)
    stack: list[list[etree._Element]] = []
    for element in list(root.iter(f"{w}fldChar", f"{w}instrText")):
        kind = element.get(f"{w}fldCharType")
        if kind == "begin":
            stack.append([element])
        elif stack and (kind in {"separate", "end"} or element.tag == f"{w}instrText"):
            stack[-1].append(element)
            if kind == "end":
                _drop_field(stack.pop(), dropped)


def _drop_field(markup: list[etree._Element], dropped: Counter[str]) -> None:
    w = f"{{{_W}}}"
    instruction = "".join(e.text or "" for e in markup if e.tag == f"{w}instrText")
    if _linking(instruction):
        dropped["links to other files"] += 1
        for element in markup:
            _remove(element)


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _content_types(source: str, data: bytes, kept: Iterable[str]) -> bytes:
    """The content types of the parts kept; a macro-enabled main part becomes a plain one."""
    root = _xml(source, "[Content_Types].xml", data)
    names = {f"/{n}" for n in kept}
    for override in list(root):
        part = override.get("PartName")
        if part is not None and part not in names:
            root.remove(override)
        elif part == "/word/document.xml":
            override.set("ContentType", _MAIN)
    return _serialise(root)


def clean_docx(source: str, data: bytes) -> CleanDocx:
    """``data`` (a .docx, .docm, .dotx…) with only content left; UnreadableFile when it is
    not a Word document that can be read safely."""
    parts = _unzipped(source, data)
    dropped: Counter[str] = Counter()
    for name in list(parts):
        lowered = name.lower()
        if lowered.startswith(_DROPPED_PARTS):
            kind = "macros" if "vba" in lowered else "embedded objects"
            dropped["ActiveX controls" if "activex" in lowered else kind] += 1
            del parts[name]
    for name in sorted(n for n in parts if n.endswith(".xml") and n != "[Content_Types].xml"):
        rels_name = _rels_name(name)
        gone: set[str] = set()
        if rels_name in parts:
            rels = _xml(source, rels_name, parts[rels_name])
            gone = _drop_relationships(rels, dropped)
            parts[rels_name] = _serialise(rels)
        if name.startswith("word/") and "/_rels/" not in name:
            root = _xml(source, name, parts[name])
            _drop_elements(root, gone, dropped)
            parts[name] = _serialise(root)
    root_rels = "_rels/.rels"
    if root_rels in parts:
        rels = _xml(source, root_rels, parts[root_rels])
        _drop_relationships(rels, dropped)
        parts[root_rels] = _serialise(rels)
    parts["[Content_Types].xml"] = _content_types(source, parts["[Content_Types].xml"], parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return CleanDocx(out.getvalue(), +dropped)

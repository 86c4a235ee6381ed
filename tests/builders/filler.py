"""Fill any blank form whose empty content controls are tagged, in each dialect.

Blanks written by ``audit-docs forms blank`` and by ``tests/builders/blank_layouts.py`` tag
each control with what it holds: ``h:KEY`` (a header value; ``h:KEY=OPTION`` one of its
boxes), ``a:S.Q`` / ``a:S.Q=yes`` (an answer), ``r:S:auditor`` / ``r:S:moderator=good`` (a
grade). ``fill(blank, values, dialect)`` replaces each control the way a person in that
dialect would: content controls ticked and chosen, legacy FORMCHECKBOX / FORMDROPDOWN /
FORMTEXT fields, or marks and words typed over the form. Values are keyed by the tag before
``=``; dates are ``datetime.date``, grades and answers their keys ("good", "n/a").
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import zipfile
from typing import Any

from lxml import etree

from audit_docs.read.word.draft import OPTIONS
from tests.builders.wordform import (
    DATE_FORMATS,
    GRADE_WORDS,
    NAMESPACES,
    OPTION_LABELS,
    Variations,
    _ContentControls,
    _Ink,
    _Legacy,
    run,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
FILL_DIALECTS = ("content-controls", "legacy", "typed")
_TYPED_TICKS = ("☒", "X", "✓", "☑")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _shown(tag: str, value: Any, items: list[str]) -> str:
    """The text a drop-down shows for ``value`` (a grade or answer key, or the text itself)."""
    if tag.startswith("r:"):
        wanted = GRADE_WORDS.get(value, str(value))
    elif tag.startswith("a:"):
        wanted = OPTION_LABELS.get(value, str(value))
        # the form's own spelling of the answer ("Partly" for partially)
        spellings = {value, *OPTIONS.get(value, ())}
        wanted = next((i for i in items if i.casefold() in spellings), wanted)
    else:
        wanted = str(value)
    return next((i for i in items if i.casefold() == wanted.casefold()), wanted)


class _Filler:
    def __init__(self, values: dict[str, Any], dialect: str) -> None:
        self.values = values
        self.dialect = dialect
        self.ink = _Ink(Variations())
        self.cc = _ContentControls(self.ink)
        self.legacy = _Legacy(self.ink)
        self.ticks = itertools.cycle(_TYPED_TICKS)
        self.dates = itertools.cycle(DATE_FORMATS.values())

    def replacement(self, sdt: etree._Element, tag: str) -> str | None:
        """Inline XML to put in place of the control; None leaves it as it is."""
        name, _, option = tag.partition("=")
        value = self.values.get(name)
        pr = sdt.find(_w("sdtPr"))
        assert pr is not None
        if pr.find(f"{{{W14}}}checkbox") is not None:
            checked = value is not None and str(value).casefold() == option.casefold()
            if isinstance(value, bool):
                checked = value == (option == "yes")
            if self.dialect == "content-controls":
                return self.cc.box(checked)
            if self.dialect == "legacy":
                return self.legacy.box(checked)
            return run(next(self.ticks) if checked else "☐")
        if value is None:
            return None
        ddl = pr.find(_w("dropDownList"))
        if ddl is not None:
            items = [i.get(_w("displayText"), "") for i in ddl.findall(_w("listItem"))]
            shown = _shown(name, value, items)
            if self.dialect == "content-controls":
                return self.cc._sdt(
                    etree.tostring(ddl, encoding=str).replace(f' xmlns:w="{W}"', ""),
                    self.ink.runs(shown),
                    False,
                )
            if self.dialect == "legacy":
                entries = "".join(f'<w:listEntry w:val="{i}"/>' for i in items)
                chosen = items.index(shown)
                return self.legacy._field(
                    "Dropdown",
                    "FORMDROPDOWN",
                    f'<w:ddList><w:result w:val="{chosen}"/>{entries}</w:ddList>',
                )
            return run(shown)
        if pr.find(_w("date")) is not None or isinstance(value, dt.date):
            if self.dialect == "content-controls":
                return self.cc.date(value)
            if self.dialect == "legacy":
                return self.legacy.date(value)
            return run(next(self.dates)(value) if isinstance(value, dt.date) else str(value))
        shown = str(value)
        if self.dialect == "content-controls":
            return self.cc.text(shown)
        if self.dialect == "legacy":
            return self.legacy.text(shown)
        return run(shown)


def fill_document_xml(xml: bytes, values: dict[str, Any], dialect: str) -> bytes:
    if dialect not in FILL_DIALECTS:
        raise ValueError(f"dialect must be one of {FILL_DIALECTS}")
    root = etree.fromstring(xml)
    filler = _Filler(values, dialect)
    for sdt in list(root.iter(_w("sdt"))):
        tag_el = sdt.find(f"{_w('sdtPr')}/{_w('tag')}")
        if tag_el is None:
            continue
        new = filler.replacement(sdt, tag_el.get(_w("val"), ""))
        if new is None:
            continue
        holder = etree.fromstring(f"<w:p {NAMESPACES}>{new}</w:p>".encode())
        parent = sdt.getparent()
        assert parent is not None
        at = parent.index(sdt)
        parent.remove(sdt)
        for i, child in enumerate(list(holder)):
            parent.insert(at + i, child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def fill(blank: bytes, values: dict[str, Any], dialect: str) -> bytes:
    """A copy of the blank .docx with ``values`` filled in the way ``dialect`` does."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(blank)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = fill_document_xml(data, values, dialect)
            dst.writestr(item, data)
    return out.getvalue()

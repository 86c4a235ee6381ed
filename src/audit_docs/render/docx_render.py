"""Filling a Word template with computed figures, safely, into an accessible document.

Templates are docxtpl documents a QA officer edits in Word. They are rendered in a sandboxed
Jinja environment (an edited template cannot run code), with autoescape on (an auditor's
``<b>&`` stays text) and StrictUndefined (a missing value is an error naming it, never a
blank). Characters XML forbids are removed from every string before rendering. After
rendering, the document is made accessible: alt text on every chart, table header rows that
repeat, title and language in its properties, fields refreshed when Word opens it; then it
gets the finish a council publishes (render/finish.py).
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from audit_docs.errors import TemplateProblem
from audit_docs.ns import WP, A, R, W

if TYPE_CHECKING:
    from audit_docs.render.commentary import Commentary
    from audit_docs.render.cover import Publishing
    from audit_docs.render.finish import Publication
    from audit_docs.render.word_chart import WordChart

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Picture:
    """An image to place: PNG bytes, its width, and the alt text a screen reader speaks."""

    png: bytes
    alt_text: str
    width_cm: float
    title: str = ""


def clean(value: Any) -> Any:
    """The context with every string stripped of characters XML 1.0 cannot hold."""
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    if isinstance(value, Mapping):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return value


def environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters["pct"] = lambda v: "n/a" if v is None else f"{v}%"
    env.filters["signed"] = lambda v: "" if v is None else (f"+{v}" if v > 0 else str(v))
    return env


def _explain(template: Path, exc: Exception) -> TemplateProblem:
    lines = [line.strip() for line in getattr(exc, "docx_context", []) or [] if line.strip()]
    where = f" near: {' / '.join(lines)[:300]}" if lines else ""
    kind = type(exc).__name__
    if kind == "SecurityError":
        what = f"asks for something a template may not do ({exc})"
    elif kind == "UndefinedError":
        what = f"uses a value the figures do not have ({exc})"
    else:
        what = f"has a template error ({exc})"
    return TemplateProblem(
        f"The template {template.name} {what}{where}. Open it in Word and correct the tag, "
        "or restore the template shipped with audit-docs."
    )


class _NativeChart:
    """A native Word chart where the template says ``{{ charts.<name> }}``: added to the
    package (chart part and workbook) when the tag is rendered, as docxtpl's InlineImage."""

    def __init__(self, tpl: Any, chart: WordChart, font: str | None) -> None:
        self.tpl, self.chart, self.font = tpl, chart, font

    def __html__(self) -> str:
        from audit_docs.render.word_chart import add_chart

        drawing = add_chart(self.tpl.current_rendering_part, self.chart, 1, self.font)
        return f'</w:t></w:r><w:r>{drawing}</w:r><w:r><w:t xml:space="preserve">'

    __str__ = __html__


@dataclass(frozen=True)
class Rendering:
    """What a document kind's view gives the template: the figures and cell texts, the
    charts and pictures by name, and the document's title (its file properties)."""

    context: Mapping[str, Any]
    pictures: Mapping[str, Picture | WordChart | None]
    title: str


def render_publication(
    template: Path, rendering: Rendering, publishing: Publishing, target: Path
) -> None:
    """Render a document as published: the view, the cover and logo from the settings, the
    officer's commentary under its headings, the publishing finish."""
    render_document(
        template,
        {**rendering.context, "cover": publishing.cover()},
        {**rendering.pictures, **publishing.pictures()},
        target,
        title=rendering.title,
        publication=publishing.publication(),
        commentary=publishing.commentary,
    )


def render_document(
    template: Path,
    context: Mapping[str, Any],
    pictures: Mapping[str, Picture | WordChart | None],
    target: Path,
    *,
    title: str,
    publication: Publication | None = None,
    commentary: Commentary | None = None,
) -> None:
    """Render ``template`` with ``context`` (pictures and native charts available as
    ``charts.<name>``) to ``target``; raise TemplateProblem with the template line on any
    template error. The officer's ``commentary`` goes under its headings; the document gets
    the publishing finish (render/finish.py) last."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    tpl = DocxTemplate(str(template))
    images: dict[str, Any] = {}
    alt = {}
    for name, p in pictures.items():
        if p is None:  # nothing to draw (every area N/A): the place stays empty
            images[name] = ""
        elif isinstance(p, Picture):
            images[name] = InlineImage(tpl, io.BytesIO(p.png), width=Cm(p.width_cm))
            alt[hashlib.sha256(p.png).hexdigest()] = p
        else:
            from audit_docs.render.word_chart import document_font

            images[name] = _NativeChart(tpl, p, document_font(tpl.get_docx()))
    data = dict(clean(dict(context)))
    data["charts"] = images
    try:
        tpl.render(data, jinja_env=environment(), autoescape=True)
    except TemplateError as exc:
        raise _explain(template, exc) from exc
    if commentary is not None:
        commentary.merge_into(tpl.docx)
    _make_accessible(tpl.docx, alt, title)
    from audit_docs.render.finish import finish

    finish(tpl.docx, publication)
    from audit_docs.render.saving import save_packed

    save_packed(tpl.save, target)


def _make_accessible(document: Any, alt: Mapping[str, Picture], title: str) -> None:
    body = document.element.body
    part = document.part
    for number, inline in enumerate(body.iter(f"{{{WP}}}inline", f"{{{WP}}}anchor"), 1):
        for doc_pr in inline.iter(f"{{{WP}}}docPr"):
            doc_pr.set("id", str(number))  # unique, as Word wants; docxtpl repeats them
        blip = next(inline.iter(f"{{{A}}}blip"), None)
        doc_pr = inline.find(f"{{{WP}}}docPr")
        if blip is None or doc_pr is None:
            continue
        rid = blip.get(f"{{{R}}}embed")
        blob = part.related_parts[rid].blob if rid in part.related_parts else b""
        picture = alt.get(hashlib.sha256(blob).hexdigest())
        if picture is not None:
            doc_pr.set("descr", picture.alt_text)
            doc_pr.set("title", picture.title or picture.alt_text[:80])
    props = document.core_properties
    props.title = title
    props.language = "en-GB"
    _fill_contents(body)
    _update_fields_on_open(document)


def _fill_contents(body: Any) -> None:
    """Replace the table of contents' field with the headings, each with its page number.

    Each entry is a paragraph ending in a PAGEREF field to a bookmark on its heading, as the
    entries of Word's own contents are. Word updates them when it opens the document
    (updateFields); LibreOffice lays them out when it converts to PDF (issue 21: it keeps a
    TOC field's cached text, so a contents field printed without page numbers).
    """
    import copy

    from lxml import etree

    paragraphs = list(body.iter(f"{{{W}}}p"))
    for index, p in enumerate(paragraphs):
        instr = "".join(t.text or "" for t in p.iter(f"{{{W}}}instrText"))
        if not instr.strip().startswith("TOC"):
            continue
        runs = list(p.iter(f"{{{W}}}r"))
        separate = next(
            (
                i
                for i, r in enumerate(runs)
                if r.find(f"{{{W}}}fldChar[@{{{W}}}fldCharType='separate']") is not None
            ),
            None,
        )
        if separate is None or separate + 1 >= len(runs):
            return
        result = runs[separate + 1]
        if result.find(f"{{{W}}}fldChar") is not None:
            return
        entries: list[tuple[int, str, str]] = []
        for q in paragraphs[index + 1 :]:
            style = q.find(f"{{{W}}}pPr/{{{W}}}pStyle")
            level = {"Heading1": 0, "Heading2": 1}.get(
                style.get(f"{{{W}}}val") if style is not None else ""
            )
            text = "".join(t.text or "" for t in q.iter(f"{{{W}}}t")).strip()
            if level is not None and text:
                entries.append((level, text, _bookmark(q, len(entries) + 1)))
        _contents_tab(p)
        rpr = result.find(f"{{{W}}}rPr")
        ppr = p.find(f"{{{W}}}pPr")
        for level, text, bookmark in entries:
            line = etree.Element(f"{{{W}}}p")
            line_ppr = copy.deepcopy(ppr) if ppr is not None else etree.Element(f"{{{W}}}pPr")
            line.append(line_ppr)
            if level:  # a second-level heading stands indented under its first
                indent = etree.SubElement(line_ppr, f"{{{W}}}ind")
                indent.set(f"{{{W}}}left", str(_CONTENTS_INDENT * level))
            for run in _contents_runs(rpr, text, bookmark):
                line.append(run)
            p.addprevious(line)
        p.getparent().remove(p)
        return


#: the right-aligned, dotted tab stop the page numbers of the contents stand at (twips:
#: the text width of an A4 page with 2.2 cm margins)
_CONTENTS_TAB = 9400
_CONTENTS_INDENT = 400


def _bookmark(paragraph: Any, number: int) -> str:
    """A bookmark around ``paragraph``'s text, named as Word names its contents' targets."""
    from lxml import etree

    name = f"_Toc{90000000 + number}"
    start = etree.Element(f"{{{W}}}bookmarkStart")
    start.set(f"{{{W}}}id", str(9000 + number))
    start.set(f"{{{W}}}name", name)
    end = etree.Element(f"{{{W}}}bookmarkEnd")
    end.set(f"{{{W}}}id", str(9000 + number))
    ppr = paragraph.find(f"{{{W}}}pPr")
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph.insert(0, start)
    paragraph.append(end)
    return name


def _contents_tab(paragraph: Any) -> None:
    from lxml import etree

    ppr = paragraph.find(f"{{{W}}}pPr")
    if ppr is None:
        ppr = etree.Element(f"{{{W}}}pPr")
        paragraph.insert(0, ppr)
    spacing = etree.SubElement(ppr, f"{{{W}}}spacing")  # one line each: on the cover page
    spacing.set(f"{{{W}}}before", "0")
    spacing.set(f"{{{W}}}after", "40")
    tabs = etree.SubElement(ppr, f"{{{W}}}tabs")
    tab = etree.SubElement(tabs, f"{{{W}}}tab")
    tab.set(f"{{{W}}}val", "right")
    tab.set(f"{{{W}}}leader", "dot")
    tab.set(f"{{{W}}}pos", str(_CONTENTS_TAB))


def _contents_runs(rpr: Any, text: str, bookmark: str) -> list[Any]:
    """The runs of the contents: each heading, a tab, and a PAGEREF field to its bookmark
    (its cached result left blank: Word and LibreOffice fill it in). The entries stand as
    paragraphs of their own, not inside a TOC field: LibreOffice keeps a TOC field's cached
    text as it is, while it lays out every PAGEREF outside one."""
    import copy

    from lxml import etree

    def run(*children: Any) -> Any:
        r = etree.Element(f"{{{W}}}r")
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        r.extend(children)
        return r

    def element(tag: str, text: str | None = None, **attrs: str) -> Any:
        e = etree.Element(f"{{{W}}}{tag}")
        for k, v in attrs.items():
            e.set(f"{{{W}}}{k}", v)
        if text is not None:
            e.text = text
            e.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return e

    return [
        run(element("t", text)),
        run(element("tab")),
        run(element("fldChar", fldCharType="begin")),
        run(element("instrText", f" PAGEREF {bookmark} \\h ")),
        run(element("fldChar", fldCharType="separate")),
        run(element("t", "")),
        run(element("fldChar", fldCharType="end")),
    ]


def _update_fields_on_open(document: Any) -> None:
    """Word refreshes the table of contents (page numbers) when the document opens."""
    from lxml import etree

    settings = document.settings.element
    if settings.find(f"{{{W}}}updateFields") is None:
        flag = etree.SubElement(settings, f"{{{W}}}updateFields")
        flag.set(f"{{{W}}}val", "true")


# --- checking a template before a manager sees it ----------------------------------------------

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


@dataclass(frozen=True)
class TemplateReport:
    template: str
    problems: tuple[str, ...]


def check_template(
    template: Path, context: Mapping[str, Any], pictures: Mapping[str, Picture | WordChart]
) -> TemplateReport:
    """Problems a QA officer's edit may have caused, each as a sentence; none means ready."""
    from docxtpl import DocxTemplate

    problems: list[str] = []
    paragraphs = list(_paragraphs(template))
    problems += _split_tags(paragraphs)
    problems += _row_loops(paragraphs)
    tpl = DocxTemplate(str(template))
    known = set(context) | {"charts"}
    try:
        missing = tpl.get_undeclared_template_variables(jinja_env=environment()) - known
    except TemplateError as exc:
        return TemplateReport(template.name, (*problems, str(_explain(template, exc))))
    problems += [
        f"uses {{{{ {name} }}}}, which the figures do not have; check the spelling against "
        "the figures JSON"
        for name in sorted(missing)
    ]
    if not problems:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            try:
                render_document(
                    template, context, pictures, Path(folder) / "dry-run.docx", title="check"
                )
            except TemplateProblem as exc:
                problems.append(str(exc))
    return TemplateReport(template.name, tuple(problems))


def _paragraphs(template: Path) -> Iterator[tuple[str, list[str], bool, int | None]]:
    """(paragraph text, [run texts], in a table row?, cell id) for every paragraph."""
    from docx import Document

    doc = Document(str(template))
    body = doc.element.body
    cells: dict[Any, int] = {}
    for p in body.iter(f"{{{W}}}p"):
        texts = [t.text or "" for t in p.iter(f"{{{W}}}t")]
        row = next((a for a in p.iterancestors(f"{{{W}}}tr")), None)
        cell = next((a for a in p.iterancestors(f"{{{W}}}tc")), None)
        yield (
            "".join(texts),
            texts,
            row is not None,
            cells.setdefault(cell, len(cells)) if cell is not None else None,
        )


def _split_tags(paragraphs: list[tuple[str, list[str], bool, int | None]]) -> list[str]:
    out = []
    for text, runs, _, _ in paragraphs:
        for tag in _TAG.findall(text):
            if not any(tag in run for run in runs):
                out.append(
                    f"the tag {tag} is split across differently formatted pieces of text in "
                    "Word; delete it and type it again in one go (same formatting throughout)"
                )
        opened = text.count("{{") + text.count("{%")
        closed = text.count("}}") + text.count("%}")
        if opened != closed:
            out.append(f"a tag is not closed in the paragraph “{text[:80]}”; check the braces")
    return out


def _row_loops(paragraphs: list[tuple[str, list[str], bool, int | None]]) -> list[str]:
    out = []
    stack: list[tuple[str, int | None, bool]] = []
    for text, _, in_row, cell in paragraphs:
        for tag in re.findall(r"\{%(tr|p|tc)?\s*(for|endfor)\b", text):
            prefix, word = tag
            if prefix == "tr" and not in_row:
                out.append(
                    f"a {{%tr {word} %}} tag is outside a table row; it must sit in a table row"
                )
            if word == "for":
                stack.append((prefix, cell, in_row))
            elif stack:
                open_prefix, open_cell, _ = stack.pop()
                if open_prefix == "" and open_cell != cell:
                    out.append(
                        "a {% for %} loop starts and ends in different table cells; to repeat "
                        "table rows use {%tr for ... %} and {%tr endfor %} in their own rows"
                    )
            else:
                out.append("an {% endfor %} has no matching {% for %}")
    if stack:
        out.append("a {% for %} loop is never closed with {% endfor %}")
    return out

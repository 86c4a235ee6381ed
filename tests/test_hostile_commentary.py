"""The commentary document is content, not code (issue 20): objects, controls, macros and
links are left out with one warning; a file that is no Word document is one sentence."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_docs.errors import UsageError
from audit_docs.read.word.safe_docx import MAX_PART_BYTES
from audit_docs.render.commentary import Commentary

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (
    f'xmlns:w="{W}" xmlns:r="{R}" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WRITTEN = "We will run three workshops on planning."

#: what an attacker (or an unlucky copy and paste) puts under a heading, one paragraph each
HOSTILE = {
    "ole": (
        '<w:p><w:r><w:object><v:shape id="s1" style="width:10pt;height:10pt"/>'
        '<o:OLEObject Type="Embed" ProgID="Package" ShapeID="s1" r:id="rIdOle"/>'
        "</w:object></w:r></w:p>"
    ),
    "activex": (
        '<w:p><w:r><w:object><w:control r:id="rIdAx" w:name="CommandButton1"/>'
        "</w:object></w:r></w:p>"
    ),
    "linked-picture": (
        '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>'
        '<wp:docPr id="7" name="linked"/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        '<pic:nvPicPr><pic:cNvPr id="7" name="linked"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:link="rIdLinked"/></pic:blipFill><pic:spPr/></pic:pic>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    ),
    "vml-linked-picture": (
        '<w:p><w:r><w:pict><v:shape id="s2" style="width:10pt;height:10pt">'
        '<v:imagedata r:id="rIdVml" o:title=""/></v:shape></w:pict></w:r></w:p>'
    ),
    "field": (
        '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://127.0.0.1:9/f.png&quot; \\d ">'
        "<w:r><w:t>[picture]</w:t></w:r></w:fldSimple></w:p>"
    ),
    "complex-field": (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> LINK Excel.Sheet.12 "C:\\\\x.xlsx" </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>linked table</w:t>'
        '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    ),
    "hyperlink": (
        '<w:p><w:hyperlink r:id="rIdLink"><w:r><w:t>the practice guide</w:t></w:r>'
        "</w:hyperlink></w:p>"
    ),
}
HOSTILE_RELS = (
    f'<Relationship Id="rIdOle" Type="{RELS}/oleObject" Target="embeddings/oleObject1.bin"/>'
    f'<Relationship Id="rIdAx" Type="{RELS}/control" Target="activeX/activeX1.xml"/>'
    f'<Relationship Id="rIdLinked" Type="{RELS}/image" '
    'Target="http://127.0.0.1:9/linked.png" TargetMode="External"/>'
    f'<Relationship Id="rIdVml" Type="{RELS}/image" '
    'Target="file://attacker/share/p.png" TargetMode="External"/>'
    f'<Relationship Id="rIdLink" Type="{RELS}/hyperlink" '
    'Target="https://example.org/guide" TargetMode="External"/>'
    '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
    'vbaProject" Target="vbaProject.bin"/>'
)
CONTENT_TYPES = (
    '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.'
    'oleObject"/><Override PartName="/word/activeX/activeX1.xml" ContentType="application/'
    'vnd.ms-office.activeX+xml"/><Override PartName="/word/vbaProject.bin" ContentType='
    '"application/vnd.ms-office.vbaProject"/>'
)
SETTINGS_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="'
    'http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" '
    f'Type="{RELS}/attachedTemplate" Target="http://127.0.0.1:9/evil.dotm" '
    'TargetMode="External"/></Relationships>'
)


def _commentary(folder: Path, *, hostile: bool = True, macro_enabled: bool = False) -> Path:
    """A commentary document: "Next steps", the officer's sentence, then ``HOSTILE``."""
    doc = Document()
    doc.add_paragraph("Next steps", "Heading 1")
    doc.add_paragraph(WRITTEN)
    buffer = io.BytesIO()
    doc.save(buffer)
    path = folder / "annual-report-2016-17.docx"
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if hostile and info.filename == "word/document.xml":
                body = "".join(HOSTILE.values())
                data = data.replace(b"<w:sectPr", body.encode() + b"<w:sectPr", 1)
                root = data[
                    data.index(b"<w:document") : data.index(b">", data.index(b"<w:document"))
                ]
                missing = [d for d in NS.split() if d.split("=")[0].encode() + b"=" not in root]
                data = data.replace(
                    b"<w:document ", f"<w:document {' '.join(missing)} ".encode(), 1
                )
            if hostile and info.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>", HOSTILE_RELS.encode() + b"</Relationships>"
                )
            if hostile and info.filename == "word/settings.xml":
                data = data.replace(b"<w:zoom", b'<w:attachedTemplate r:id="rIdT"/><w:zoom', 1)
            if hostile and info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", CONTENT_TYPES.encode() + b"</Types>")
            if macro_enabled and info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    b".main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml",
                )
            out.writestr(info, data)
        if hostile:
            out.writestr("word/_rels/settings.xml.rels", SETTINGS_RELS)
            out.writestr("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0 payload")
            out.writestr("word/activeX/activeX1.xml", b"<ax:ocx xmlns:ax='urn:x'/>")
            out.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    return path


def _merged(commentary: Commentary, tmp_path: Path) -> Path:
    """A report with the heading "Next steps", the commentary merged in, saved."""
    report = Document()
    report.add_paragraph("Next steps", "Heading 1")
    report.add_paragraph("Generated text.")
    commentary.merge_into(report)
    path = tmp_path / "report.docx"
    report.save(str(path))
    return path


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    return _commentary(tmp_path / "commentary")


def test_objects_controls_macros_and_links_are_left_out_with_one_warning(
    hostile: Path, tmp_path: Path
) -> None:
    """An OLE object, an ActiveX control, macros, linked pictures (DrawingML and VML), an
    attached template and linking fields never reach the report; the writing and the
    hyperlink do, and one warning names what was left out (before: the OLE object and
    macros were copied, and the linked picture stopped the report with a ValueError)."""
    commentary = Commentary.load(hostile)
    report = _merged(commentary, tmp_path)
    with zipfile.ZipFile(report) as zf:
        names = zf.namelist()
        rels = b"".join(zf.read(n) for n in names if n.endswith(".rels"))
        body = zf.read("word/document.xml")
    assert not [n for n in names if re.search(r"embeddings|activeX|vba", n, re.IGNORECASE)]
    assert b'TargetMode="External"' in rels  # the hyperlink, only
    assert re.findall(rb'Target="(http[^"]*)"', rels) == [b"https://example.org/guide"]
    assert b"OLEObject" not in body
    assert b"w:control" not in body
    assert b"INCLUDEPICTURE" not in body
    assert b" LINK " not in body
    texts = [p.text for p in Document(str(report)).paragraphs]
    assert WRITTEN in texts
    assert "the practice guide" in texts
    assert "[picture]" in texts  # a linking field's last result stays as text
    assert "linked table" in texts
    (warning,) = commentary.warnings
    assert warning == (
        "The commentary document annual-report-2016-17.docx held ActiveX controls, embedded "
        "objects, linked pictures, links to other files and macros, which were left out of "
        "the report: only writing, tables, pictures saved in the document and hyperlinks are "
        "carried into it."
    )


def test_a_plain_commentary_gives_no_warning(tmp_path: Path) -> None:
    """Writing alone: carried, and nothing to warn about."""
    commentary = Commentary.load(_commentary(tmp_path / "commentary", hostile=False))
    assert commentary.warnings == []
    assert WRITTEN in [p.text for p in Document(str(_merged(commentary, tmp_path))).paragraphs]


def test_a_renamed_docm_is_carried_without_its_macros(tmp_path: Path) -> None:
    """A macro-enabled document saved under a .docx name is read, its macros left out
    (before: ValueError "file … is not a Word file, content type is …macroEnabled…")."""
    path = _commentary(tmp_path / "commentary", hostile=False, macro_enabled=True)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
    commentary = Commentary.load(path)
    assert "macros" in commentary.warnings[0]
    assert WRITTEN in [p.text for p in Document(str(_merged(commentary, tmp_path))).paragraphs]


def _bomb(path: Path) -> None:
    """A .docx whose one extra part unpacks to more than the part limit (a few MB packed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(_commentary(path.parent / "plain", hostile=False), path)
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf,
        zf.open("word/media/big.png", "w") as fh,
    ):
        block = b"\0" * (1 << 20)
        for _ in range(MAX_PART_BYTES // len(block) + 1):
            fh.write(block)


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: p.write_bytes(b""), "the file is empty (0 bytes)"),
        (lambda p: p.write_text("Next steps: more workshops.", encoding="utf-8"), "not a Word"),
        (lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 40), "not a Word document (.docx)"),
        (_bomb, "would unpack to more than 64 MB"),
    ],
    ids=["empty", "text", "broken-zip", "bomb"],
)
def test_a_commentary_that_is_no_word_document_is_one_sentence(
    tmp_path: Path, make, said: str
) -> None:
    """0 bytes, a text file, a broken zip, a part unpacking past the limit: a UsageError with
    one sentence naming the file and what to do (before: PackageNotFoundError, BadZipFile,
    or 4 GB of memory)."""
    path = tmp_path / "commentary" / "annual-report-2016-17.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    with pytest.raises(UsageError) as caught:
        Commentary.load(path)
    text = str(caught.value)
    assert text.startswith(f"The commentary document {path} cannot be used: ")
    assert said in text
    assert text.endswith("move it out of the commentary folder.")
    assert "\n" not in text


def test_running_commentary_again_over_a_text_file_is_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`audit-docs commentary --year 2016` when the commentary document is a text file
    saved under its name: exit 2 and one sentence (before: PackageNotFoundError)."""
    from audit_docs.cli import main

    folder = tmp_path / "commentary"
    folder.mkdir()
    (folder / "annual-report-2016-17.docx").write_text("Next steps: workshops.", encoding="utf-8")
    inbox = Path(__file__).resolve().parent.parent / "examples" / "inbox"
    args = ["--inbox", str(inbox), "--store", str(tmp_path / "s.sqlite")]
    status = main(["commentary", "--year", "2016", *args, "--commentary", str(folder)])
    err = capsys.readouterr().err
    assert status == 2
    (line,) = err.splitlines()
    assert line.startswith("audit-docs: The commentary document ")
    assert "this is not a Word document (.docx)" in line


#: relationship types a hand-made document may hold, with the targets they point at
RELATIONSHIP_TYPES = [
    f"{RELS}/image",
    f"{RELS}/hyperlink",
    f"{RELS}/oleObject",
    f"{RELS}/package",
    f"{RELS}/control",
    f"{RELS}/attachedTemplate",
    f"{RELS}/subDocument",
    f"{RELS}/aFChunk",
    f"{RELS}/frame",
    "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
    "http://example.org/unknown-kind",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kinds=st.lists(st.sampled_from(sorted(HOSTILE)), max_size=7),
    extra=st.lists(st.tuples(st.sampled_from(RELATIONSHIP_TYPES), st.booleans()), max_size=6),
)
def test_whatever_a_commentary_holds_only_content_and_hyperlinks_leave_it(
    tmp_path_factory: pytest.TempPathFactory, kinds: list[str], extra: list[tuple[str, bool]]
) -> None:
    """Any mix of objects, controls, linked pictures, fields and relationships of any kind,
    external or not, pointed at from the body: the cleaned document opens, reaches outside
    only by hyperlinks, holds no code or object part, and points at no relationship it
    lacks (Word would call that unreadable content)."""
    from audit_docs.read.word.safe_docx import clean_docx

    folder = tmp_path_factory.mktemp("any")
    path = _commentary(folder, hostile=True)
    pointers = "".join(
        f'<w:p><w:r><w:t>x{i}</w:t></w:r><w:hyperlink r:id="rIdX{i}"><w:r><w:t>y</w:t></w:r>'
        "</w:hyperlink></w:p>"
        for i in range(len(extra))
    )
    rels = "".join(
        f'<Relationship Id="rIdX{i}" Type="{kind}" Target="'
        + ("http://127.0.0.1:9/x" if external else "media/x.bin")
        + ('" TargetMode="External"/>' if external else '"/>')
        for i, (kind, external) in enumerate(extra)
    )
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    body = "".join(HOSTILE[k] for k in kinds) + pointers
    xml = parts["word/document.xml"]
    for fragment in HOSTILE.values():
        xml = xml.replace(fragment.encode(), b"")
    parts["word/document.xml"] = xml.replace(b"<w:sectPr", body.encode() + b"<w:sectPr", 1)
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", rels.encode() + b"</Relationships>"
    )
    parts["word/media/x.bin"] = b"\x00"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    clean = clean_docx(path.name, path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(clean.data)) as zf:
        names = zf.namelist()
        all_rels = {n: zf.read(n) for n in names if n.endswith(".rels")}
        document = zf.read("word/document.xml")
    assert not [n for n in names if re.search(r"embeddings|activeX|vba", n, re.IGNORECASE)]
    for data in all_rels.values():
        for rel in re.findall(rb"<Relationship [^>]*>", data):
            if b'TargetMode="External"' in rel:
                assert b'/relationships/hyperlink"' in rel, rel
    ids = set(re.findall(rb'Id="([^"]+)"', all_rels["word/_rels/document.xml.rels"]))
    assert set(re.findall(rb'r:(?:id|embed|link)="([^"]+)"', document)) <= ids
    Document(io.BytesIO(clean.data))

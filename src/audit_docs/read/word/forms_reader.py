"""One call per file: a path in, a FormRecord or a FileFailure out, never an exception.

This is the reader's front door. It decides what kind of file it has (lock file, .doc,
.docx, something else), opens it safely, picks the form definition that matches, and turns
every failure into one sentence for the QA officer.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from audit_docs.errors import UnreadableFile
from audit_docs.read.formdef import FormDefinition, builtin_definitions
from audit_docs.read.word.doc_convert import doc_to_docx, is_odt
from audit_docs.read.word.form import IDENTIFY_THRESHOLD, identify_scores, read_document
from audit_docs.read.word.package import (
    OLE_MAGIC,
    check_not_lock_file,
    open_docx_bytes,
    read_bytes,
    sniff_ole,
)
from audit_docs.read.word.wordml import MalformedXml, TextTooLong, parse_document
from audit_docs.records import FileFailure, FormResult

WORD_SUFFIXES = (".docx", ".docm", ".doc", ".dotx", ".odt")


def read_form(
    path: Path, definitions: tuple[FormDefinition, ...] | None = None, soffice: Path | None = None
) -> FormResult:
    """Read one Word form with the best-matching of ``definitions`` (default: the shipped
    ones); whatever is wrong with the file comes back as a FileFailure.

    ``soffice``: LibreOffice's program as configured, for .doc and .odt forms; None looks
    for it on the PATH and in the standard install folders (doc_convert.find_soffice).
    """
    definitions = definitions or builtin_definitions()
    sha = None
    try:
        check_not_lock_file(path)
        data, sha = read_bytes(path)
        converted = None
        if data.startswith(OLE_MAGIC) and sniff_ole(data) == "doc":
            data, converted = doc_to_docx(path, "doc", data, soffice), "doc"
        elif is_odt(data):
            data, converted = doc_to_docx(path, "odt", data, soffice), "odt"
        pkg = open_docx_bytes(path.name, data, sha)
        try:
            doc = parse_document(pkg.document_xml)
        except TextTooLong as exc:
            raise UnreadableFile(
                path.name,
                f"{path.name}: a comment or other text in the form is too long to read "
                f"({exc} in one place, the most audit-docs reads); shorten it in Word (keep "
                "long notes in the case file), save it and put it in the inbox again.",
                "text-too-long",
            ) from exc
        except MalformedXml as exc:
            raise UnreadableFile(
                path.name,
                f"{path.name}: the document inside the file is damaged ({exc}); open it in Word "
                "(which may offer to repair it), save it again and put the new copy in the inbox.",
                "malformed-xml",
            ) from exc
        scores = identify_scores(doc, definitions)
        best = max(range(len(definitions)), key=scores.__getitem__)  # the first of equals
        if len(definitions) > 1 and scores[best] < IDENTIFY_THRESHOLD:
            titles = ", ".join(f"'{d.title}'" for d in definitions)
            raise UnreadableFile(
                path.name,
                f"{path.name}: this Word document is none of the audit forms audit-docs knows "
                f"({titles}), since their headings and labels were not found; check that the "
                "right file was saved in the inbox, or draft a definition of your own form "
                "with `audit-docs forms draft` and name its folder with --forms.",
                "not-this-form",
            )
        record = read_document(
            doc,
            definitions[best],
            source=path.name,
            sha256=sha,
            converted_from=converted,
            identified=scores[best],
        )
        return dataclasses.replace(record, saved_at=pkg.saved_at) if pkg.saved_at else record
    except UnreadableFile as exc:
        return FileFailure(path.name, sha, exc.sentence, exc.reason)

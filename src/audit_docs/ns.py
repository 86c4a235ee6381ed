"""The Office Open XML namespaces, spelled once for reading and for writing.

Every module that reads or writes WordprocessingML takes its namespace URIs and Clark
names (``{uri}tag``) from here, as python-docx does in ``oxml/ns.py``: a typo in a URI
would otherwise match nothing, silently.
"""

from __future__ import annotations

#: WordprocessingML (document.xml, styles.xml, comments.xml, ...)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Word 2010's additions (w14:checkbox content controls)
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
#: the same vocabulary in ISO 29500 strict form, as bytes (a strict file is told by it)
W_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
#: DrawingML, its charts and its placement in a Word document
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#: relationship ids inside a part (r:id, r:embed)
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: markup compatibility (mc:AlternateContent, mc:Fallback)
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
#: SpreadsheetML (the exports' and the data-quality workbook's sheets)
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: the package: its relationships parts and [Content_Types].xml
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"

PREFIXES = {"w": W, "w14": W14, "a": A, "c": C, "wp": WP, "r": R, "mc": MC}


def qn(tag: str) -> str:
    """The Clark name of a prefixed tag: ``qn("w:p")`` is ``"{…/wordprocessingml/2006/main}p"``."""
    prefix, _, local = tag.partition(":")
    return f"{{{PREFIXES[prefix]}}}{local}"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML tag or attribute: ``w("p")``."""
    return f"{{{W}}}{tag}"

"""The order of child elements that ECMA-376 (Part 1, DrawingML chart, dml-chart.xsd, and the
DrawingML main and WordprocessingDrawing schemas) prescribes, for every element our charts use.

Word refuses a chart whose elements are out of order ("unreadable content") even where
LibreOffice draws it, so the tests check each chart part against these sequences. Written from
the schema's xsd:sequence definitions (names in the schema's order; members of one xsd:choice
share a position); only the complex types our charts use are listed. When this was written,
the chart parts and inline frames of a generated report were also validated once against the
complete transitional XSDs (dml-chart.xsd with dml-main.xsd and dml-wordprocessingDrawing.xsd):
valid, after axis ids were made unsigned; the XSDs are not shipped with the tests.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
}

_FILL = ("a:noFill|a:solidFill|a:gradFill|a:blipFill|a:pattFill|a:grpFill",)
_SHAPE_PROPERTIES = (
    "a:xfrm",
    *_FILL,
    "a:ln",
    "a:effectLst|a:effectDag",
    "a:scene3d",
    "a:sp3d",
    "a:extLst",
)
_TEXT_BODY = ("a:bodyPr", "a:lstStyle", "a:p")
_RUN_PROPERTIES = (
    "a:ln",
    *_FILL,
    "a:effectLst|a:effectDag",
    "a:highlight",
    "a:uLnTx|a:uLn",
    "a:uFillTx|a:uFill",
    "a:latin",
    "a:ea",
    "a:cs",
    "a:sym",
    "a:hlinkClick",
    "a:hlinkMouseOver",
    "a:rtl",
    "a:extLst",
)
_GROUP_DLBLS = (
    "c:numFmt",
    "c:spPr",
    "c:txPr",
    "c:dLblPos",
    "c:showLegendKey",
    "c:showVal",
    "c:showCatName",
    "c:showSerName",
    "c:showPercent",
    "c:showBubbleSize",
    "c:separator",
    "c:showLeaderLines",
    "c:leaderLines",
)
_AXIS_SHARED = (
    "c:axId",
    "c:scaling",
    "c:delete",
    "c:axPos",
    "c:majorGridlines",
    "c:minorGridlines",
    "c:title",
    "c:numFmt",
    "c:majorTickMark",
    "c:minorTickMark",
    "c:tickLblPos",
    "c:spPr",
    "c:txPr",
    "c:crossAx",
    "c:crosses|c:crossesAt",
)

#: element -> its children in schema order ("x|y": an xsd:choice at one position)
SEQUENCES: dict[str, tuple[str, ...]] = {
    "c:chartSpace": (
        "c:date1904",
        "c:lang",
        "c:roundedCorners",
        "mc:AlternateContent",
        "c:style",
        "c:clrMapOvr",
        "c:pivotSource",
        "c:protection",
        "c:chart",
        "c:spPr",
        "c:txPr",
        "c:externalData",
        "c:printSettings",
        "c:userShapes",
        "c:extLst",
    ),
    "c:chart": (
        "c:title",
        "c:autoTitleDeleted",
        "c:pivotFmts",
        "c:view3D",
        "c:floor",
        "c:sideWall",
        "c:backWall",
        "c:plotArea",
        "c:legend",
        "c:plotVisOnly",
        "c:dispBlanksAs",
        "c:showDLblsOverMax",
        "c:extLst",
    ),
    "c:title": ("c:tx", "c:layout", "c:overlay", "c:spPr", "c:txPr", "c:extLst"),
    "c:tx": ("c:strRef|c:rich|c:v",),
    "c:plotArea": (
        "c:layout",
        "c:barChart",
        "c:valAx|c:catAx|c:dateAx|c:serAx",
        "c:dTable",
        "c:spPr",
        "c:extLst",
    ),
    "c:barChart": (
        "c:barDir",
        "c:grouping",
        "c:varyColors",
        "c:ser",
        "c:dLbls",
        "c:gapWidth",
        "c:overlap",
        "c:serLines",
        "c:axId",
        "c:extLst",
    ),
    "c:ser": (
        "c:idx",
        "c:order",
        "c:tx",
        "c:spPr",
        "c:invertIfNegative",
        "c:pictureOptions",
        "c:dPt",
        "c:dLbls",
        "c:trendline",
        "c:errBars",
        "c:cat",
        "c:val",
        "c:shape",
        "c:extLst",
    ),
    "c:dPt": (
        "c:idx",
        "c:invertIfNegative",
        "c:marker",
        "c:bubble3D",
        "c:explosion",
        "c:spPr",
        "c:pictureOptions",
        "c:extLst",
    ),
    "c:dLbls": ("c:dLbl", "c:delete", *_GROUP_DLBLS, "c:extLst"),
    "c:dLbl": (
        "c:idx",
        "c:delete",
        "c:layout",
        "c:tx",
        *_GROUP_DLBLS[:-2],
        "c:extLst",
    ),
    "c:strRef": ("c:f", "c:strCache", "c:extLst"),
    "c:numRef": ("c:f", "c:numCache", "c:extLst"),
    "c:strCache": ("c:ptCount", "c:pt", "c:extLst"),
    "c:numCache": ("c:formatCode", "c:ptCount", "c:pt", "c:extLst"),
    "c:cat": ("c:multiLvlStrRef|c:numRef|c:numLit|c:strRef|c:strLit",),
    "c:val": ("c:numRef|c:numLit",),
    "c:catAx": (
        *_AXIS_SHARED,
        "c:auto",
        "c:lblAlgn",
        "c:lblOffset",
        "c:tickLblSkip",
        "c:tickMarkSkip",
        "c:noMultiLvlLbl",
        "c:extLst",
    ),
    "c:valAx": (
        *_AXIS_SHARED,
        "c:crossBetween",
        "c:majorUnit",
        "c:minorUnit",
        "c:dispUnits",
        "c:extLst",
    ),
    "c:scaling": ("c:logBase", "c:orientation", "c:max", "c:min", "c:extLst"),
    "c:majorGridlines": ("c:spPr",),
    "c:legend": (
        "c:legendPos",
        "c:legendEntry",
        "c:layout",
        "c:overlay",
        "c:spPr",
        "c:txPr",
        "c:extLst",
    ),
    "c:externalData": ("c:autoUpdate",),
    "c:spPr": _SHAPE_PROPERTIES,
    "c:txPr": _TEXT_BODY,
    "c:rich": _TEXT_BODY,
    "a:p": ("a:pPr", "a:r|a:br|a:fld", "a:endParaRPr"),
    "a:pPr": ("a:lnSpc", "a:spcBef", "a:spcAft", "a:buClrTx|a:buClr", "a:defRPr", "a:extLst"),
    "a:r": ("a:rPr", "a:t"),
    "a:rPr": _RUN_PROPERTIES,
    "a:defRPr": _RUN_PROPERTIES,
    "a:ln": (
        "a:noFill|a:solidFill|a:gradFill|a:pattFill",
        "a:prstDash|a:custDash",
        "a:round|a:bevel|a:miter",
        "a:headEnd",
        "a:tailEnd",
        "a:extLst",
    ),
    "a:pattFill": ("a:fgClr", "a:bgClr"),
    "wp:inline": (
        "wp:extent",
        "wp:effectExtent",
        "wp:docPr",
        "wp:cNvGraphicFramePr",
        "a:graphic",
    ),
}

#: children an element must have (minOccurs >= 1), with how many
REQUIRED: dict[str, dict[str, int]] = {
    "c:chartSpace": {"c:chart": 1},
    "c:chart": {"c:plotArea": 1},
    "c:barChart": {"c:barDir": 1, "c:axId": 2},
    "c:ser": {"c:idx": 1, "c:order": 1},
    "c:dPt": {"c:idx": 1},
    "c:dLbl": {"c:idx": 1},
    "c:catAx": {"c:axId": 1, "c:scaling": 1, "c:axPos": 1, "c:crossAx": 1},
    "c:valAx": {"c:axId": 1, "c:scaling": 1, "c:axPos": 1, "c:crossAx": 1},
    "c:strRef": {"c:f": 1},
    "c:numRef": {"c:f": 1},
    "c:numCache": {"c:ptCount": 1},
    "wp:inline": {"wp:extent": 1, "wp:docPr": 1, "a:graphic": 1},
}


def _prefixed(element: etree._Element) -> str:
    qname = etree.QName(element)
    prefix = next(p for p, uri in NS.items() if uri == qname.namespace)
    return f"{prefix}:{qname.localname}"


def order_problems(root: etree._Element) -> Iterator[str]:
    """Each child out of schema order, unknown to its parent's sequence, or missing."""
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).namespace not in NS.values():
            continue
        name = _prefixed(element)
        parent = element.getparent()
        if name == "c:chart" and parent is not None and _prefixed(parent) != "c:chartSpace":
            continue  # in a:graphicData, c:chart is the reference to the chart part (CT_RelId)
        sequence = SEQUENCES.get(name)
        if sequence is None:
            continue
        position = {tag: i for i, choice in enumerate(sequence) for tag in choice.split("|")}
        children = [_prefixed(child) for child in element if isinstance(child.tag, str)]
        last = -1
        for child in children:
            if child not in position:
                yield f"{name} has {child}, which its schema sequence does not allow"
                continue
            if position[child] < last:
                yield f"{name}: {child} comes after an element the schema puts after it"
            last = max(last, position[child])
        for child, count in REQUIRED.get(name, {}).items():
            if children.count(child) < count:
                yield f"{name} needs {count} {child}, has {children.count(child)}"

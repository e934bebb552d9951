"""Small pieces of WordprocessingML that python-docx has no call for: fields, repeating
header rows, rows kept on one page, cell shading and borders, language.

Word is strict about the order of properties, so each piece is inserted before the
elements the schema puts after it.
"""

from __future__ import annotations

import re

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

#: Characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return; lone
#: surrogates; U+FFFE and U+FFFF): a pasted one is dropped rather than break the document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What follows ``w:lang`` in run properties, ``w:shd``/``w:tcBorders`` in cell properties.
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_P_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_AFTER_TC_BORDERS = (
    "w:shd",
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)


ACCENT = "1F4E79"  # the PDF's blue


def element(fragment: str) -> BaseOxmlElement:
    """One element from XML written with the ``w:`` prefix and no namespace declaration."""
    found = re.search(r"[\s/>]", fragment)
    if found is None:
        raise ValueError(f"not an XML element: {fragment[:40]!r}")
    end = found.start()
    return parse_xml(f"{fragment[:end]} {nsdecls('w')}{fragment[end:]}")


def xml_text(text: str) -> str:
    """Text as Word can store it: line ends as ``\\n``, characters XML forbids dropped."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def child(parent: BaseOxmlElement, tag: str, before: tuple[str, ...] = ()) -> BaseOxmlElement:
    """``parent``'s child ``tag``, added ahead of any of ``before`` when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = element(f"<{tag}/>")
        successor = next((item for item in parent if item.tag in {qn(b) for b in before}), None)
        if successor is None:
            parent.append(found)
        else:
            successor.addprevious(found)
    return found


def set_language(rpr: BaseOxmlElement, tag: str) -> None:
    """Spelling and hyphenation language of text with these run properties (``da-DK``)."""
    child(rpr, "w:lang", _AFTER_LANG).set(qn("w:val"), tag)


def field_runs(instruction: str, shown: str) -> list[BaseOxmlElement]:
    """A field (``PAGE``, ``NUMPAGES``) as the runs Word writes, with ``shown`` as its last
    result, so a reader that does not update fields still shows a number."""
    return [
        element('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'),
        element(f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'),
        element('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'),
        element(f"<w:r><w:t>{shown}</w:t></w:r>"),
        element('<w:r><w:fldChar w:fldCharType="end"/></w:r>'),
    ]


def repeat_as_header(tr: BaseOxmlElement) -> None:
    """Repeat this table row at the top of every page the table runs onto."""
    child(tr.get_or_add_trPr(), "w:tblHeader")


def keep_row_whole(tr: BaseOxmlElement) -> None:
    """Never split this table row across two pages."""
    child(tr.get_or_add_trPr(), "w:cantSplit")


def shade(tc: BaseOxmlElement, fill: str) -> None:
    """Fill a table cell with a colour (hex ``RRGGBB``)."""
    shd = child(tc.get_or_add_tcPr(), "w:shd", _AFTER_TC_BORDERS[1:])
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def no_border(tc: BaseOxmlElement, side: str) -> None:
    """No line on this side (``top``, ``bottom``) of the cell, whatever the table style draws."""
    borders = child(tc.get_or_add_tcPr(), "w:tcBorders", _AFTER_TC_BORDERS)
    after = ("w:start", "w:left", "w:bottom", "w:end", "w:right", "w:insideH", "w:insideV", "w:tl2br", "w:tr2bl")
    successors = after[after.index("w:bottom") + 1 :] if side == "bottom" else after
    child(borders, f"w:{side}", successors).set(qn("w:val"), "nil")


def cell_margins(table: BaseOxmlElement, left: int, right: int) -> None:
    """The table's default room inside its cells, left and right, in twips."""
    tbl_pr = table.tblPr
    margins = child(tbl_pr, "w:tblCellMar", ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"))
    for side, size in (("left", left), ("right", right)):
        edge = child(margins, f"w:{side}", ("w:bottom", "w:end", "w:right") if side == "left" else ())
        edge.set(qn("w:w"), str(size))
        edge.set(qn("w:type"), "dxa")


def accent_rule(p: BaseOxmlElement) -> None:
    """A bar down the left of a paragraph in the theme's first accent (the PDF's blue for a
    reader without themes); paragraphs in a row with the same bar share one."""
    borders = child(p.get_or_add_pPr(), "w:pBdr", _AFTER_P_BORDERS)
    left = child(borders, "w:left", ("w:bottom", "w:right", "w:between", "w:bar"))
    for name, value in (("val", "single"), ("sz", "32"), ("space", "14"), ("color", ACCENT), ("themeColor", "accent1")):
        left.set(qn(f"w:{name}"), value)


def cell_padding(tc: BaseOxmlElement, twips: int) -> None:
    """Room inside one cell on every side."""
    padding = child(tc.get_or_add_tcPr(), "w:tcMar", _AFTER_TC_BORDERS[4:])
    for side in ("top", "left", "bottom", "right"):
        edge = child(padding, f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")


def no_header_look(tbl: BaseOxmlElement) -> None:
    """The table style's header-row look off: for a table without a header row."""
    look = child(tbl.tblPr, "w:tblLook")
    look.set(qn("w:firstRow"), "0")
    look.set(qn("w:val"), "0400")


def no_numbering(p: BaseOxmlElement) -> None:
    """Switch off the numbering a paragraph's style gives it (the unnumbered appendix)."""
    numpr = p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = 0

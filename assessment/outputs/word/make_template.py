"""Builds the neutral default Word template, ``templates/report.docx``, from python-docx's own.

Run ``python -m assessment.outputs.word.make_template`` after changing it and commit the
result; a test checks that the committed file is what this makes. The look follows the
PDF: A4, a serif body and sans headings (the theme's Cambria and Calibri, so a
consultant's theme changes them), one accent colour (the theme's first accent) and the
muted greys of the PDF. Every style the report uses is defined here under Word's own name
(``heading 1``, ``Title``, ``caption`` …) or a name of its own starting with ``Report``;
a consultant's template that lacks one gets it from this file.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm

from .ooxml import ACCENT, element
from .properties import set_properties

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "report.docx"

INK, MUTED, RULE = "1D2733", "5F6B78", "C9D3DD"
WARN, WARN_TINT = "B35C00", "FBF1E6"
#: Where the running header's right tab sits: the A4 text width (21 cm less 2 × 2.3 cm) in twips.
TEXT_WIDTH_TWIPS = 9298

_MAJOR = (
    '<w:rFonts w:asciiTheme="majorHAnsi" w:hAnsiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia" '
    'w:cstheme="majorBidi"/>'
)
_ACCENT = f'<w:color w:val="{ACCENT}" w:themeColor="accent1"/>'


def _style(
    kind: str,
    style_id: str,
    name: str,
    body: str,
    *,
    based_on: str | None = "Normal",
    next_: str | None = None,
    custom: bool = False,
    priority: int | None = None,
) -> str:
    attrs = f'w:type="{kind}" w:styleId="{style_id}"' + (' w:customStyle="1"' if custom else "")
    parts = [f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_:
        parts.append(f'<w:next w:val="{next_}"/>')
    if priority is not None:
        parts.append(f'<w:uiPriority w:val="{priority}"/>')
    parts.append("<w:qFormat/>" if kind == "paragraph" else "")
    return f"<w:style {attrs}>{''.join(parts)}{body}</w:style>"


def _heading(level: int, size: int, before: int, after: int, numbered: bool) -> str:
    numbering = '<w:numPr><w:numId w:val="{heading_num}"/></w:numPr>' if numbered else ""
    return _style(
        "paragraph",
        f"Heading{level}",
        f"heading {level}",
        f'<w:pPr><w:keepNext/><w:keepLines/>{numbering}<w:spacing w:before="{before}" w:after="{after}"/>'
        f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f'<w:rPr>{_MAJOR}<w:b/><w:bCs/>{_ACCENT}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>',
        next_="Normal",
        priority=9,
    )


def _paragraph(style_id: str, name: str, ppr: str, rpr: str, **kw: Any) -> str:
    return _style("paragraph", style_id, name, f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr>", **kw)


#: Every style the report relies on, by id. Sizes are in half points, spacing in twips.
STYLES = (
    _style(
        "paragraph",
        "Normal",
        "Normal",
        f'<w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr><w:color w:val="{INK}"/></w:rPr>',
        based_on=None,
    ),
    _heading(1, 34, 0, 280, numbered=True),
    _heading(2, 24, 300, 120, numbered=False),
    _heading(3, 21, 240, 80, numbered=False),
    _paragraph(
        "Title",
        "Title",
        '<w:spacing w:before="120" w:after="120" w:line="240" w:lineRule="auto"/>',
        f'{_MAJOR}<w:b/><w:bCs/>{_ACCENT}<w:kern w:val="28"/><w:sz w:val="52"/><w:szCs w:val="52"/>',
        next_="Normal",
        priority=10,
    ),
    _paragraph(
        "Subtitle",
        "Subtitle",
        '<w:spacing w:before="200" w:after="120"/>',
        f'<w:color w:val="{INK}"/><w:sz w:val="26"/><w:szCs w:val="26"/>',
        next_="Normal",
        priority=11,
    ),
    _paragraph(
        "Quote",
        "Quote",
        f'<w:pBdr><w:left w:val="single" w:sz="24" w:space="10" w:color="{ACCENT}" w:themeColor="accent1"/>'
        "</w:pBdr>"
        '<w:spacing w:before="60" w:after="160"/><w:ind w:left="240"/>',
        '<w:i/><w:iCs/><w:sz w:val="22"/><w:szCs w:val="22"/>',
        next_="Normal",
        priority=29,
    ),
    _paragraph(
        "Caption",
        "caption",
        '<w:spacing w:before="60" w:after="160" w:line="240" w:lineRule="auto"/>',
        f'<w:color w:val="{MUTED}"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
        next_="Normal",
        priority=35,
    ),
    _paragraph(
        "Header",
        "header",
        f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
        f'{_MAJOR}<w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
    ),
    _paragraph(
        "Footer",
        "footer",
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="right"/>',
        f'{_MAJOR}<w:color w:val="{MUTED}"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
    ),
    _paragraph(
        "ReportLabel",
        "Report Label",
        '<w:keepNext/><w:spacing w:before="0" w:after="40"/>',
        f'{_MAJOR}<w:b/><w:bCs/><w:caps/><w:color w:val="{MUTED}"/><w:spacing w:val="6"/>'
        '<w:sz w:val="15"/><w:szCs w:val="15"/>',
        custom=True,
    ),
    _paragraph(
        "ReportSmall",
        "Report Small",
        '<w:spacing w:before="0" w:after="60" w:line="240" w:lineRule="auto"/>',
        f'<w:color w:val="{MUTED}"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
        custom=True,
    ),
    _paragraph(
        "ReportFigure",
        "Report Figure",
        '<w:spacing w:before="0" w:after="20" w:line="240" w:lineRule="auto"/>',
        f'{_MAJOR}<w:b/><w:bCs/>{_ACCENT}<w:sz w:val="26"/><w:szCs w:val="26"/>',
        custom=True,
    ),
    _paragraph(
        "ReportTableText",
        "Report Table Text",
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        '<w:sz w:val="19"/><w:szCs w:val="19"/>',
        custom=True,
    ),
    _paragraph(
        "ReportTableHeader",
        "Report Table Header",
        "<w:keepNext/>",
        f'{_MAJOR}<w:b/><w:bCs/><w:color w:val="FFFFFF"/><w:sz w:val="17"/><w:szCs w:val="17"/>',
        based_on="ReportTableText",
        custom=True,
    ),
    _paragraph(
        "ReportCaveat",
        "Report Caveat",
        f'<w:keepLines/><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{WARN}"/></w:pBdr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{WARN_TINT}"/>'
        '<w:spacing w:before="120" w:after="120" w:line="252" w:lineRule="auto"/>'
        '<w:ind w:left="200" w:right="60"/>',
        '<w:sz w:val="19"/><w:szCs w:val="19"/>',
        custom=True,
    ),
    _style(
        "table",
        "ReportTable",
        "Report Table",
        '<w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
        f'<w:tblPr><w:tblBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/>'
        f'<w:insideH w:val="single" w:sz="4" w:space="0" w:color="{RULE}"/></w:tblBorders>'
        '<w:tblCellMar><w:top w:w="90" w:type="dxa"/><w:left w:w="115" w:type="dxa"/>'
        '<w:bottom w:w="90" w:type="dxa"/><w:right w:w="115" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{ACCENT}" '
        'w:themeFill="accent1"/></w:tcPr></w:tblStylePr>',
        based_on="TableNormal",
        custom=True,
    ),
)

#: Level 1 headings numbered 1, 2, 3 … through the heading style, as Word's multilevel lists do.
HEADING_NUMBERING = (
    '<w:abstractNum w:abstractNumId="{abstract}"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>'
    '<w:lvlText w:val="%1"/><w:lvlJc w:val="left"/>'
    '<w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs><w:ind w:left="567" w:hanging="567"/></w:pPr>'
    "</w:lvl></w:abstractNum>"
)


def build() -> Document:
    """The default template: python-docx's, cleaned of its samples and restyled."""
    document = docx.Document()
    _drop_extras(document)
    heading_num = _add_heading_numbering(document)
    styles = document.styles.element
    for xml in STYLES:
        new = element(xml.replace("{heading_num}", str(heading_num)))
        style_id = new.get(qn("w:styleId"))
        old = next((s for s in styles.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id), None)
        if old is not None:
            old.addprevious(new)
            styles.remove(old)
            linked = old.find(qn("w:link"))
            for orphan in styles.findall(qn("w:style")):
                if linked is not None and orphan.get(qn("w:styleId")) == linked.get(qn("w:val")):
                    styles.remove(orphan)
        else:
            styles.append(new)
    _page(document)
    _settings(document)
    _theme_accent(document)
    set_properties(document, title="", author="", language="")
    return document


def _drop_extras(document: Document) -> None:
    """No sample custom XML or Word 2010 copy of the styles: neither would match the report."""
    part = document.part
    for r_id in [r_id for r_id, rel in part.rels.items() if rel.reltype in {RT.CUSTOM_XML, STYLES_WITH_EFFECTS}]:
        part.rels.pop(r_id)
        part.rels._target_parts_by_rId.pop(r_id, None)


def _add_heading_numbering(document: Document) -> int:
    numbering = document.part.numbering_part.element
    abstract = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))), default=-1)
    first_num = numbering.find(qn("w:num"))
    definition = element(HEADING_NUMBERING.format(abstract=abstract))
    if first_num is not None:
        first_num.addprevious(definition)
    else:
        numbering.append(definition)
    num = numbering.add_num(abstract)
    return num.numId


def _page(document: Document) -> None:
    """A4 as the PDF; a cover without header or footer; placeholders the report fills."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.bottom_margin = Cm(2.3)
    section.top_margin = Cm(2.6)
    section.header_distance = section.footer_distance = Cm(1.1)
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = "{{header}}\t{{date}}"
    section.header.paragraphs[0].style = "Header"
    section.footer.paragraphs[0].text = "{{page}}"
    section.footer.paragraphs[0].style = "Footer"
    for empty in (section.first_page_header, section.first_page_footer):  # the cover: no line, no number
        empty.paragraphs[0].style = "Normal"


def _settings(document: Document) -> None:
    """Hyphenate in the document's language; Word 2013 and later layout."""
    settings = document.settings.element
    settings.find(qn("w:defaultTabStop")).addnext(element("<w:autoHyphenation/>"))
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _theme_accent(document: Document) -> None:
    """The theme's first accent is the PDF's blue, so styles that name it match the PDF."""
    theme = next(rel.target_part for rel in document.part.rels.values() if rel.reltype == RT.THEME)
    theme._blob = theme.blob.replace(
        b'<a:accent1>\n        <a:srgbClr val="4F81BD"/>', f'<a:accent1>\n        <a:srgbClr val="{ACCENT}"/>'.encode()
    )


def template_bytes() -> bytes:
    buffer = io.BytesIO()
    build().save(buffer)
    return buffer.getvalue()


def main() -> int:
    TEMPLATE.write_bytes(template_bytes())
    print(f"wrote {TEMPLATE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

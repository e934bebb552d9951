"""The consultant's Word template: opened, made ready for the report, its placeholders filled.

The rule (README, "Your own Word template"): the template's styles, theme, page set-up,
headers and footers stay. Its body is emptied and the workbook writes the report with its
own cover, unless the body holds a paragraph reading ``{{report}}``: then the template's
body stays, the report (without the workbook's cover) takes that paragraph's place, and
what comes before it is the consultant's cover. ``{{organisation}}``, ``{{title}}`` … in
the body, headers and footers are filled in; an empty header gets the running header and
an empty footer the page number.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section, _Footer, _Header
from docx.shared import Cm, Emu
from docx.text.paragraph import Paragraph
from lxml import etree

from ...errors import AssessmentError
from ...files.reading import MiB, read_named_file
from .ooxml import element, field_runs
from .styles import Styles

DEFAULT_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "report.docx"
MARKER = "report"
SUFFIXES = (".docx", ".dotx")
OLD_SUFFIXES = {
    ".doc": "is an old Word file (Word 97-2003)",
    ".dot": "is an old Word template (Word 97-2003)",
    ".docm": "has macros, which a template for a report must not",
    ".dotm": "has macros, which a template for a report must not",
}
MAX_TEMPLATE_BYTES = 50 * MiB
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"  # a .dotx
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003 (.doc, .dot)
_PAGE = "\ue000"  # where the page number goes, until the fields are put in


def open_template(path: Path | None) -> Document:
    """The template as a document to fill: the workbook's when ``path`` is None. A .dotx is
    the same package as a .docx but for its main part's content type, which is changed."""
    source = DEFAULT_TEMPLATE if path is None else Path(path)
    raw = _read(source)
    if raw.startswith(OLE_MAGIC):
        raise AssessmentError(
            f"{source}: is an old Word file (.doc or .dot); open it in Word and save it as .docx or .dotx"
        )
    try:
        return docx.Document(io.BytesIO(_as_document(raw, source)))
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, PackageNotFoundError) as exc:
        raise AssessmentError(f"{source}: is not a Word template that can be read ({exc})") from None


def _read(path: Path) -> bytes:
    if path.suffix.lower() in OLD_SUFFIXES:
        what = OLD_SUFFIXES[path.suffix.lower()]
        raise AssessmentError(f"{path}: {what}; open it in Word and save it as .docx or .dotx")
    if path.suffix.lower() not in SUFFIXES:
        raise AssessmentError(f"{path}: a template must be a Word document or template (.docx or .dotx)")
    return read_named_file(path, MAX_TEMPLATE_BYTES, "a Word template")


def _as_document(raw: bytes, path: Path) -> bytes:
    """The package with a document as its main part (a .dotx's template part relabelled)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as source:
            types = source.read("[Content_Types].xml")
            if CT.WML_DOCUMENT_MAIN.encode() in types:
                return raw
            if TEMPLATE_MAIN.encode() not in types:
                raise AssessmentError(
                    f"{path}: is not a Word document or template (a macro-enabled .docm or .dotm, "
                    "or another kind of file?)"
                )
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    data = source.read(item)
                    if item.filename == "[Content_Types].xml":
                        data = data.replace(TEMPLATE_MAIN.encode(), CT.WML_DOCUMENT_MAIN.encode())
                    target.writestr(item, data)
            return buffer.getvalue()
    except (zipfile.BadZipFile, KeyError):
        raise AssessmentError(f"{path}: is not a Word .docx or .dotx file (not the zip package Word writes)") from None


class Body:
    """Where the report goes: the whole emptied body, or the place of the ``{{report}}`` paragraph."""

    def __init__(self, document: Document) -> None:
        self._body = document.element.body
        self.marker = next((p for p in self._body.findall(qn("w:p")) if _placeholder_only(p) == MARKER), None)
        if self.marker is None:
            for item in list(self._body):
                if item.tag != qn("w:sectPr"):
                    self._body.remove(item)
        self._before = set(self._body)

    @property
    def own_cover(self) -> bool:
        """Whether the workbook writes the cover: not when the template brings its own."""
        return self.marker is None

    def finish(self) -> None:
        """Move what the report added (at the end of the body) to the marker's place."""
        if self.marker is None:
            return
        for item in [item for item in self._body if item not in self._before and item.tag != qn("w:sectPr")]:
            self.marker.addprevious(item)
        self._body.remove(self.marker)


def _placeholder_only(p: BaseOxmlElement) -> str | None:
    found = PLACEHOLDER.fullmatch("".join(t.text or "" for t in p.iter(qn("w:t"))).strip())
    return found.group(1) if found else None


def running_header_and_footer(document: Document, styles: Styles) -> None:
    """An empty header gets the document's name and date; an empty footer the page number."""
    for number, section in enumerate(document.sections):
        if number and section.header.is_linked_to_previous and section.footer.is_linked_to_previous:
            continue
        if _empty(section.header):
            p = section.header.paragraphs[0]
            p.style = styles["header"]
            p.text = "{{header}}\t{{date}}"
            _right_tab_only(p, section)
        if _empty(section.footer):
            p = section.footer.paragraphs[0]
            p.style = styles["footer"]
            p.text = "{{page}}"
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _empty(part: _Header | _Footer) -> bool:
    if part.is_linked_to_previous:
        return True
    xml = part._element
    return not "".join(t.text or "" for t in xml.iter(qn("w:t"))).strip() and not any(
        xml.iter(qn("w:drawing"), qn("w:pict"), qn("w:fldChar"), qn("w:fldSimple"), qn("w:object"))
    )


def text_width(section: Section) -> Emu:
    """The width between the margins (A4 with 2.5 cm margins where the template says nothing)."""
    page = section.page_width if section.page_width is not None else Cm(21)
    left = section.left_margin if section.left_margin is not None else Cm(2.5)
    right = section.right_margin if section.right_margin is not None else Cm(2.5)
    return Emu(page - left - right)


def _right_tab_only(p: Paragraph, section: Section) -> None:
    """The date at the right margin, whatever tab stops the template's header style sets."""
    if p.style is not None:
        for stop in p.style.paragraph_format.tab_stops:
            p.paragraph_format.tab_stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    p.paragraph_format.tab_stops.add_tab_stop(text_width(section), WD_TAB_ALIGNMENT.RIGHT)


def fill_placeholders(document: Document, values: dict[str, str], page_label: str) -> None:
    """``{{name}}`` in the body, headers and footers replaced by its value; ``{{page}}`` by
    ``page_label`` (``Side {page} af {total}``) with live page fields. Unknown names stay."""
    roots = [document.element.body]
    for section in document.sections:
        for part in (
            section.header,
            section.first_page_header,
            section.even_page_header,
            section.footer,
            section.first_page_footer,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                roots.append(part._element)
    known = {**values, "page": _PAGE}
    for root in roots:
        for p in root.iter(qn("w:p")):
            texts = list(p.iter(qn("w:t")))
            if "{{" in "".join(t.text or "" for t in texts):
                _replace(texts, known)
        for t in list(root.iter(qn("w:t"))):
            if t.text and _PAGE in t.text:
                _page_fields(t, page_label)


def _replace(texts: list[BaseOxmlElement], values: dict[str, str]) -> None:
    """Replace placeholders across a paragraph's text pieces (Word splits text into runs as
    it likes): each value goes where its placeholder begins, in that run's formatting."""
    owner = [i for i, t in enumerate(texts) for _ in (t.text or "")]
    whole = "".join(t.text or "" for t in texts)
    pieces: list[list[str]] = [[] for _ in texts]
    position = 0
    for found in PLACEHOLDER.finditer(whole):
        if found.group(1) not in values:
            continue
        for i in range(position, found.start()):
            pieces[owner[i]].append(whole[i])
        pieces[owner[found.start()]].append(values[found.group(1)])
        position = found.end()
    for i in range(position, len(whole)):
        pieces[owner[i]].append(whole[i])
    for t, piece in zip(texts, pieces, strict=False):
        t.text = "".join(piece)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _page_fields(t: BaseOxmlElement, label: str) -> None:
    """Follow the run holding the page mark with the label's text and PAGE / NUMPAGES
    fields, each in that run's formatting."""
    run = t.getparent()
    t.text, after = t.text.split(_PAGE, 1)
    rpr = run.find(qn("w:rPr"))
    pieces: list[BaseOxmlElement] = []
    for part in [*re.split(r"(\{page\}|\{total\})", label), after]:
        if part in ("{page}", "{total}"):
            pieces += field_runs("PAGE" if part == "{page}" else "NUMPAGES", "1")
        elif part:
            piece = element('<w:r><w:t xml:space="preserve"></w:t></w:r>')
            piece.find(qn("w:t")).text = part
            pieces.append(piece)
    for piece in reversed(pieces):
        if rpr is not None:
            piece.insert(0, copy.deepcopy(rpr))
        run.addnext(piece)

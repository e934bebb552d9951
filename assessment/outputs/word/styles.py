"""The styles the report applies, found in the consultant's template or added from the default.

Word stores a built-in style under its English name (``heading 1``, ``caption``) whatever
language Word speaks, but under a translated id (a Danish Word writes ``Overskrift1``).
So a style is looked up by name first and by id second, and the report then refers to it
by the id the template uses. A style the template lacks is copied from the default
template, based on the template's own styles (so it takes the template's fonts).
"""

from __future__ import annotations

import copy

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import BaseStyle, StyleFactory

from .ooxml import child, set_language

#: Paragraph styles by their name in the file; Word's own, then the report's.
PARAGRAPH = (
    "Normal",
    "heading 1",
    "heading 2",
    "heading 3",
    "Title",
    "Subtitle",
    "Quote",
    "caption",
    "header",
    "footer",
    "Report Label",
    "Report Small",
    "Report Figure",
    "Report Table Text",
    "Report Table Header",
    "Report Caveat",
)
TABLE = ("Report Table", "Normal Table")


class Styles:
    """The report's styles in one document: ``styles["heading 1"]`` is the style to apply."""

    def __init__(self, document: Document, default: Document) -> None:
        self._document, self._default = document, default
        self._found: dict[str, BaseStyle] = {}
        for name in PARAGRAPH:
            self._found[name] = StyleFactory(self._ensure(name, "paragraph"))
        for name in TABLE:
            self._found[name] = StyleFactory(self._ensure(name, "table"))

    def __getitem__(self, name: str) -> BaseStyle:
        return self._found[name]

    def id(self, name: str) -> str | None:
        """The id to write for a style: none for a default style (Normal), as Word does.
        (Asking python-docx each time searches every style: slow with a few hundred paragraphs.)"""
        style = self._found[name]
        return None if style.element.get(qn("w:default")) in ("1", "true", "on") else style.style_id

    def _ensure(self, name: str, kind: str) -> BaseOxmlElement:
        found = find_style(self._document, name, kind)
        if found is not None:
            return found
        source = find_style(self._default, name, kind)
        if source is None:
            raise KeyError(f"the default template has no {kind} style '{name}'")
        return self._copy(source, kind)

    def _copy(self, source: BaseOxmlElement, kind: str) -> BaseOxmlElement:
        """The default's style, pointing at this document's styles; no numbering (whose
        definitions this document lacks) and no link to a character style it lacks."""
        style = copy.deepcopy(source)
        for tag in ("w:link", "w:rsid"):
            for item in style.findall(qn(tag)):
                style.remove(item)
        ppr = style.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:numPr")) is not None:
            ppr.remove(ppr.find(qn("w:numPr")))
        for tag in ("w:basedOn", "w:next"):
            ref = style.find(qn(tag))
            if ref is None:
                continue
            target = _by_id(self._default, ref.get(qn("w:val")))
            if target is None:
                style.remove(ref)
                continue
            name, target_kind = _name(target), target.get(qn("w:type"))
            mine: BaseOxmlElement | None
            if tag == "w:basedOn":
                mine = self._ensure(name, target_kind)
            else:
                mine = find_style(self._document, name, target_kind)
            if mine is None:
                style.remove(ref)
            else:
                ref.set(qn("w:val"), mine.get(qn("w:styleId")))
        style_id = style.get(qn("w:styleId"))
        while _by_id(self._document, style_id) is not None:
            style_id += "Report"
        style.set(qn("w:styleId"), style_id)
        style.attrib.pop(qn("w:default"), None)
        self._document.styles.element.append(style)
        return style


def _name(style: BaseOxmlElement) -> str:
    name = style.find(qn("w:name"))
    return "" if name is None else name.get(qn("w:val"), "")


def _by_id(document: Document, style_id: str) -> BaseOxmlElement | None:
    return next((s for s in document.styles.element.findall(qn("w:style")) if s.get(qn("w:styleId")) == style_id), None)


def find_style(document: Document, name: str, kind: str) -> BaseOxmlElement | None:
    """The document's style of this kind by its stored name (any case), else by the id Word
    would give it in English (``Heading1``)."""
    candidates = [s for s in document.styles.element.findall(qn("w:style")) if s.get(qn("w:type")) == kind]
    wanted = name.casefold()
    by_name = next((s for s in candidates if _name(s).casefold() == wanted), None)
    if by_name is not None:
        return by_name
    style_id = "".join(word[:1].upper() + word[1:] for word in name.split())
    return next((s for s in candidates if s.get(qn("w:styleId")) == style_id), None)


def set_document_language(document: Document, tag: str) -> None:
    """Spelling and hyphenation in ``tag`` (``da-DK``): the document default, every style
    that names a language of its own, and the theme fonts' language."""
    styles = document.styles.element
    defaults = child(styles, "w:docDefaults", ("w:latentStyles", "w:style"))
    run_defaults = child(defaults, "w:rPrDefault", ("w:pPrDefault",))
    set_language(child(run_defaults, "w:rPr"), tag)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)

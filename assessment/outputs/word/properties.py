"""The document's properties (File → Info in Word): what the report says about itself.

A template carries the properties of whoever made it (author, company, last editor, the
path of the template it came from, a thumbnail of its own first page). None of it may
reach the report: the properties are rewritten from the report's own data, so a name
appears there only where the report itself may show it.
"""

from __future__ import annotations

import datetime as dt

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn

from .ooxml import xml_text

APPLICATION = "Dialogue maturity workbook"
MAX_PROPERTY = 255
#: Parts that can name the people who made or edited the template.
PERSONAL = {
    RT.THUMBNAIL,
    RT.CUSTOM_PROPERTIES,
    RT.COMMENTS,
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
    "http://schemas.microsoft.com/office/2011/relationships/people",
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
}
APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    f"<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity></Properties>"
)


def set_properties(
    document: Document, *, title: str, author: str, language: str, when: dt.datetime | None = None
) -> None:
    """Title, author and language from the report; every other property the template had, gone."""
    _drop_personal_parts(document)
    core = document.core_properties
    for item in list(core._element):
        core._element.remove(item)
    if title:
        core.title = _fitted(title)
    if author:
        core.author = core.last_modified_by = _fitted(author)
    if language:
        core.language = language
    if when is not None:
        core.created = core.modified = when
    _app_part(document)._blob = APP_XML.encode("utf-8")


def _fitted(text: str) -> str:
    """A property as Word holds it: at most ``MAX_PROPERTY`` characters (a long organisation
    name or facilitator entry is cut with "…"; python-docx refuses more)."""
    text = xml_text(text)
    return text if len(text) <= MAX_PROPERTY else text[: MAX_PROPERTY - 1] + "…"


def _drop_personal_parts(document: Document) -> None:
    """Remove the relationships to parts that may name someone; unreferenced, they are not saved.
    Comments go only when the body no longer refers to them (the template's body was cleared)."""
    body_has_comments = document.element.body.find(".//" + qn("w:commentReference")) is not None
    settings = document.settings.element
    attached = settings.find(qn("w:attachedTemplate"))
    if attached is not None:
        settings.remove(attached)
    for owner in (document.part.package, document.part, document.part._settings_part):
        for r_id, rel in list(owner.rels.items()):
            comments = "comment" in rel.reltype.lower() or rel.reltype.endswith("/people")
            if rel.reltype in PERSONAL and not (comments and body_has_comments):
                owner.rels.pop(r_id)
                owner.rels._target_parts_by_rId.pop(r_id, None)


def _app_part(document: Document) -> Part:
    """The extended properties (``docProps/app.xml``), added when the template has none."""
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            return rel.target_part
    part = Part(
        PackURI("/docProps/app.xml"),
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        APP_XML.encode("utf-8"),
        package,
    )
    package.relate_to(part, RT.EXTENDED_PROPERTIES)
    return part

"""The export buttons: the PDF summary, the Word summary to edit and the Excel workbook, written
beside the assessment and offered as a download (Voilà serves no files, so the link carries
the file itself)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from html import escape
from pathlib import Path

import ipywidgets as W

from ...document.context import Opened
from ...errors import AssessmentError
from ...outputs.export import write_xlsx
from ...outputs.report import write_pdf
from ...outputs.word import write_docx
from ..state.session import Session
from ..widgets.fields import Flag
from ..widgets.style import button, columns, heading, html, para
from .review import review_panel

Writer = Callable[..., Path]

#: (format, file suffix, MIME type, writer): each takes (opened, path, anonymise=...).
FORMATS: tuple[tuple[str, str, str, Writer], ...] = (
    ("pdf", ".pdf", "application/pdf", write_pdf),
    ("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", write_docx),
    ("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx),
)


def _download(path: Path, mime: str, label: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<a download="{escape(path.name)}" href="data:{mime};base64,{data}">{escape(label)}</a>'


def export(session: Session, kind: str, anonymise: bool) -> Path:
    """Write one export beside the assessment file; raises AssessmentError in plain words."""
    _, suffix, _, writer = next(f for f in FORMATS if f[0] == kind)
    opened: Opened = session.opened
    target = session.path.with_suffix(suffix)
    try:
        return writer(opened, target, anonymise=anonymise)
    except OSError as exc:
        raise AssessmentError(f"{target}: {exc.strerror or exc}") from None


def export_panel(session: Session) -> list[W.Widget]:
    """A heading, the anonymise choice, one button per format, and a download link for every
    file made so far (making the Excel file keeps the PDF's link), each named by its file."""
    t = session.t
    anonymise = Flag("dmw-export-anonymise", t("ui.export.anonymise"), False)
    result = html("", "dmw-export-result")
    links: dict[str, str] = {}  # format -> its link, in the order of FORMATS
    buttons = []
    for kind, _, mime, _ in FORMATS:
        b = button(t(f"ui.export.{kind}"), f"dmw-export-{kind}")

        def clicked(_b: W.Button, kind: str = kind, mime: str = mime) -> None:
            try:
                path = export(session, kind, anonymise.control.value)
            except AssessmentError as exc:
                problem = str(exc).replace(str(session.path.parent), "…")  # the file's name, not the server's folders
                result.value = (
                    f'<p class="dmw-message">{escape(t("ui.export.failed"))}<br><code>{escape(problem)}</code></p>'
                    + _links(t, links)
                )
                return
            links[kind] = _download(path, mime, t("ui.export.download", file=path.name))
            result.value = _links(t, links)

        b.on_click(clicked)
        buttons.append(b)
    return [
        heading(t("ui.export.title")),
        para(t("ui.export.help"), "dmw-help"),
        review_panel(session, anonymise.control),
        columns([anonymise.widget(), *buttons]),
        result,
    ]


def _links(t: Callable[..., str], links: dict[str, str]) -> str:
    if not links:
        return ""
    ordered = [links[kind] for kind, *_ in FORMATS if kind in links]
    return f"<p>{escape(t('ui.export.written'))}</p><ul>{''.join(f'<li>{link}</li>' for link in ordered)}</ul>"

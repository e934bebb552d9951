"""The review of names before export: the mentions the workbook would not decide.

A first name alone, a name that is also a word, a surname shared with someone who may be
named: :func:`assessment.document.privacy.review` leaves them as typed rather than guess.
This panel, above the export buttons, lists each with the step and field it stands in, so
the consultant can edit the text there. It follows every change and the anonymise choice,
and shows nothing when there is nothing to check.
"""

from __future__ import annotations

import weakref
from html import escape

import ipywidgets as W

from ...document import privacy
from ..state.session import Session
from ..widgets.style import html

DOING = "checking names before export"


def review_html(session: Session, anonymise: bool) -> str:
    """The doubtful mentions as a short table, or nothing."""
    doubts = privacy.review(session.opened, anonymise=anonymise)
    if not doubts:
        return ""
    t, lang = session.t, session.lang
    head = "".join(
        f"<th>{escape(t(key))}</th>" for key in ("privacy.review.where", "privacy.review.text", "privacy.review.why")
    )
    rows = "".join(
        f'<tr class="dmw-review-doubt"><td>{escape(d.where(lang))}</td>'
        f"<td>{escape(d.before)}<b>{escape(d.mention)}</b>{escape(d.after)}</td>"
        f"<td>{escape(d.message(lang))}</td></tr>"
        for d in doubts
    )
    return (
        f'<div class="dmw-card dmw-review"><h4>{escape(t("privacy.review.title"))} ({len(doubts)})</h4>'
        f'<p class="dmw-help">{escape(t("privacy.review.help"))}</p>'
        f'<div class="dmw-table"><table><tr>{head}</tr>{rows}</table></div></div>'
    )


class _Review:
    """One session's review, drawn into the newest panel: a rebuilt page makes a new panel,
    and the session keeps a single listener instead of one per page ever built."""

    def __init__(self, session: Session) -> None:
        self._session = weakref.ref(session)
        self.panel: W.HTML | None = None
        self.anonymise: W.Checkbox | None = None
        session.subscribe(session.guard(DOING, lambda *_: self.draw()))

    def show_in(self, panel: W.HTML, anonymise: W.Checkbox) -> None:
        self.panel, self.anonymise = panel, anonymise
        session = self._session()
        if session is not None:
            anonymise.observe(
                session.guard(DOING, lambda _: self.draw() if self.anonymise is anonymise else None), "value"
            )
        self.draw()

    def draw(self) -> None:
        session = self._session()
        if session is not None and self.panel is not None and self.anonymise is not None:
            self.panel.value = review_html(session, self.anonymise.value)


_reviews: weakref.WeakKeyDictionary[Session, _Review] = weakref.WeakKeyDictionary()


def review_panel(session: Session, anonymise: W.Checkbox) -> W.HTML:
    """The panel, redrawn after every change in the session and when ``anonymise`` is ticked."""
    panel = html("", "dmw-review-panel")
    if session not in _reviews:
        _reviews[session] = _Review(session)
    _reviews[session].show_in(panel, anonymise)
    return panel

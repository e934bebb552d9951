"""The save indicator: "Gemt 14:03:12" after each save, and what to do when saving fails.

A failed save (disk full, permission, folder gone) is shown in red with a retry button;
the answers stay in memory meanwhile. When another session saved the same fields, the
user chooses: take the version on disk, or keep theirs in a copy beside it.
"""

from __future__ import annotations

from html import escape

import ipywidgets as W

from ...errors import AssessmentError
from ..widgets.style import button, html, shared, show
from .session import ALL, Sections, Session, Status


class SaveIndicator:
    """The small line under the page title that says whether the answers are safe."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.state = html("", "dmw-save-state")
        self.retry = button("", "dmw-save-retry")
        self.reload = button("", "dmw-save-reload")
        self.copy = button("", "dmw-save-copy", primary=True)
        self.retry.on_click(lambda _b: session.save())
        self.reload.on_click(lambda _b: self._reload())
        self.copy.on_click(lambda _b: session.save_as_copy())
        self.box = W.HBox(
            [self.state, self.retry, self.reload, self.copy],
            # no width here: the style sheet fits the box to its words, in the corner (.dmw-save)
            layout=shared(W.Layout, align_items="center", flex_flow="row wrap", grid_gap="8px"),
        )
        self.box.add_class("dmw-save")
        session.watch_status(self.render)
        session.subscribe(self._changed)
        self.render(session.status)

    def _changed(self, sections: Sections, external: bool) -> None:
        if ALL in sections or "language" in sections:
            self.render(self.session.status)

    def _reload(self) -> None:
        try:
            self.session.reload()
        except AssessmentError:
            self.state.value = escape(self.session.t("ui.save.reload_failed", file=self.session.path.name))

    def render(self, status: Status) -> None:
        s = self.session
        self.retry.description = s.t("ui.save.retry")
        self.reload.description = s.t("ui.save.reload")
        self.copy.description = s.t("ui.save.copy")
        problem = status.kind in ("failed", "conflict", "error")
        texts = {
            "opened": s.t("ui.save.opened", file=s.path.name),
            "saved": s.t("ui.save.saved", time=_clock(status)),
            "copied": s.t("ui.save.copied", file=status.detail, time=_clock(status)),
            "failed": s.t("ui.save.failed", file=s.path.name),
            "conflict": s.t("ui.save.conflict", file=s.path.name),
            "error": status.detail,
        }
        self.state.value = escape(texts[status.kind])
        for css, on in (("dmw-save-problem", problem), ("dmw-saved", not problem)):
            (self.state.add_class if on else self.state.remove_class)(css)
        show(self.retry, status.kind == "failed")
        show(self.reload, status.kind == "conflict")
        show(self.copy, status.kind == "conflict")


def _clock(status: Status) -> str:
    """The time of the save in the computer's own time zone, as ``14:03:12``."""
    return status.time.astimezone().strftime("%H:%M:%S") if status.time else ""

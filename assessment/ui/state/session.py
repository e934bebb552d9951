"""The open assessment as the widgets see it: every edit is validated, kept and saved at once.

Views never write the document directly: they pass a small function to
:meth:`Session.change`, which applies it to a copy, checks the whole document against
the model, the scale and the catalogue, and only then keeps and saves it. A failed
save keeps the answers in memory; a file another kernel saved meanwhile is merged
field by field, and only a real clash is left to the user (:mod:`assessment.ui.state.autosave`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ... import incidents
from ...data.i18n import t
from ...document import workspace
from ...document.consistency import problems
from ...document.context import Opened, open_assessment
from ...document.merge import merge
from ...document.model import Assessment
from ...document.store import AssessmentFile, save_new
from ...errors import AssessmentError, ConflictError, SaveFailed

#: The section name every view reacts to: the whole document was replaced.
ALL = "*"

Sections = frozenset[str]
Listener = Callable[[Sections, bool], None]


@dataclass(frozen=True)
class Status:
    """What the save indicator shows: the last outcome and when."""

    kind: Literal["opened", "saved", "failed", "conflict", "copied", "error"]
    time: datetime | None = None
    detail: str = ""


def _sections(old: Assessment, new: Assessment) -> Sections:
    """The top-level parts of the document that differ, so views redraw only what changed."""
    a, b = old.model_dump(exclude={"updated_at"}), new.model_dump(exclude={"updated_at"})
    return frozenset(key for key in a if a[key] != b[key])


class Session:
    """One kernel's view of one assessment file."""

    def __init__(self, opened: Opened) -> None:
        self.opened = opened
        self._base = opened.doc.model_copy(deep=True)
        self.status = Status("opened")
        self._listeners: list[Listener] = []
        self._status_listeners: list[Callable[[Status], None]] = []

    @property
    def doc(self) -> Assessment:
        return self.opened.doc

    @property
    def lang(self) -> str:
        return self.opened.lang

    @property
    def path(self) -> Path:
        return self.opened.file.path

    def t(self, key: str, **values: object) -> str:
        """A text in the assessment's language."""
        return t(self.lang, key, **values)

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(sections, external)`` after each change; ``external`` when the
        change came from another session or a reload rather than this session's widgets."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling ``listener`` (what it showed is gone)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def watch_status(self, listener: Callable[[Status], None]) -> None:
        self._status_listeners.append(listener)

    def _emit(self, sections: Sections, external: bool) -> None:
        for listener in list(self._listeners):
            listener(sections, external)

    def _set_status(self, status: Status) -> None:
        self.status = status
        for listener in list(self._status_listeners):
            listener(status)

    def guard(self, doing: str, action: Callable[..., None]) -> Callable[..., None]:
        """``action`` as a widget callback: a fault in the workbook is logged and shown as one
        line in the save indicator, never as a traceback (:mod:`assessment.incidents`)."""

        def run(*args: Any, **kwargs: Any) -> None:
            try:
                action(*args, **kwargs)
            except Exception as exc:
                self.internal_error(exc, doing)

        return run

    def internal_error(self, exc: BaseException, doing: str) -> None:
        log = incidents.record(exc, doing)
        self._set_status(
            Status("error", detail=self.t("ui.error.internal", what=incidents.summary(exc), log=log or "—"))
        )

    def change(self, mutate: Callable[[Assessment], None]) -> str | None:
        """Apply a user's edit and save it; returns a plain-words problem (nothing kept) or None."""
        trial = self.doc.model_copy(deep=True)
        try:
            mutate(trial)
            trial = Assessment.model_validate(trial.model_dump())
        except (ValidationError, ValueError):
            return self.t("ui.error.invalid")
        if problems(trial, self.opened.scale, self.opened.catalogue):
            return self.t("ui.error.invalid")
        sections = _sections(self.doc, trial)
        if not sections:
            return None
        self.opened.doc = trial
        self.save()
        self._emit(sections, external=False)
        return None

    def save(self) -> None:
        """Save what is in memory now; the outcome goes to the status, never to a traceback.

        If another session saved meanwhile, this session's changes since it last read the
        file are merged into theirs under the file lock (:meth:`AssessmentFile.save_reconciled`)."""
        mine = self.doc
        try:
            saved = self.opened.file.save_reconciled(mine, self._reconcile)
        except ConflictError as exc:
            self._set_status(Status("conflict", detail=str(exc)))
            return
        except SaveFailed as exc:
            self._set_status(Status("failed", detail=str(exc)))
            return
        pulled = _sections(mine, saved.doc) if saved.theirs is not None else frozenset()
        self.opened.doc = saved.doc
        self._base = saved.doc.model_copy(deep=True)
        self._set_status(Status("saved", saved.time))
        if pulled:
            self._emit(pulled, external=True)

    def _reconcile(self, theirs: Assessment) -> Assessment:
        """This session's changes since it last read or wrote the file, applied to theirs."""
        merged = merge(self._base, self.doc, theirs)
        if problems(merged, self.opened.scale, self.opened.catalogue):
            raise ConflictError(f"{self.path}: the two versions do not fit the scale together")
        return merged

    def pull(self) -> frozenset[str]:
        """Fold in what another writer (the workshop's vote server, another notebook) saved
        since this session last read or wrote the file; views hear of it as an external
        change. Returns the sections that changed (none when nothing came or it cannot merge
        now: the next save then merges or reports the clash as usual)."""
        if self.status.kind == "conflict" or not self.opened.file.changed_on_disk():
            return frozenset()
        handle = AssessmentFile(self.path)  # the session's own handle keeps its digest until this succeeds
        try:
            theirs = handle.load()
            merged = self._reconcile(theirs)
        except AssessmentError:
            return frozenset()
        sections = _sections(self.doc, merged)
        self.opened.file, self.opened.doc, self._base = handle, merged, theirs
        if sections:
            self._emit(sections, external=True)
        return sections

    def replace(self, opened: Opened) -> None:
        """Work on another file (or the same one read again); every view redraws."""
        self.opened = opened
        self._base = opened.doc.model_copy(deep=True)
        self._set_status(Status("opened"))
        self._emit(frozenset({ALL}), external=True)

    def reload(self) -> None:
        """Drop this session's answers for the version on disk (the user chose so)."""
        self.replace(open_assessment(self.path))

    def save_as_copy(self) -> None:
        """Keep this session's answers in a new file beside the old one, and go on there."""
        stem = f"{self.path.stem}-{self.t('ui.save.copy_suffix')}"
        target = workspace.unique_path(self.path.parent, stem)
        try:
            handle = save_new(self.doc, target)
        except (SaveFailed, ConflictError) as exc:
            self._set_status(Status("failed", detail=str(exc)))
            return
        self.opened.file = handle
        self._base = self.doc.model_copy(deep=True)
        workspace.remember(target, self.lang)
        self._set_status(Status("copied", self.doc.updated_at, detail=target.name))


_current: Session | None = None


def current() -> Session:
    """The session for the workspace's current assessment, shared by the views of this kernel."""
    global _current
    path = workspace.current_path()
    if _current is None or _current.path.resolve() != path.resolve():
        _current = Session(open_assessment(path))
    return _current


def adopt(session: Session) -> None:
    """Make ``session`` the kernel's current one (after the start page opened another file)."""
    global _current
    _current = session

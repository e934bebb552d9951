"""The open assessment as the widgets see it: every edit is validated, kept and saved at once.

Views never write the document directly: they pass a small function to
:meth:`Session.change`, which applies it to a copy, checks the whole document against
the model, the scale and the catalogue, and only then keeps and saves it. A failed
save keeps the answers in memory; a file another kernel saved meanwhile is merged
field by field, and only a real clash is left to the user (:mod:`assessment.ui.autosave`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from .. import workspace
from ..consistency import problems
from ..context import Opened, open_assessment
from ..errors import AssessmentError, ConflictError, SaveFailed
from ..i18n import t
from ..merge import merge
from ..model import Assessment
from ..store import AssessmentFile, save_new

#: The section name every view reacts to: the whole document was replaced.
ALL = "*"

Sections = frozenset[str]
Listener = Callable[[Sections, bool], None]


@dataclass(frozen=True)
class Status:
    """What the save indicator shows: the last outcome and when."""

    kind: Literal["opened", "saved", "failed", "conflict", "copied"]
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

    def watch_status(self, listener: Callable[[Status], None]) -> None:
        self._status_listeners.append(listener)

    def _emit(self, sections: Sections, external: bool) -> None:
        for listener in list(self._listeners):
            listener(sections, external)

    def _set_status(self, status: Status) -> None:
        self.status = status
        for listener in list(self._status_listeners):
            listener(status)

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
        """Save what is in memory now; the outcome goes to the status, never to a traceback."""
        try:
            pulled = self._catch_up()
            saved = self.opened.file.save(self.doc)
        except ConflictError as exc:
            self._set_status(Status("conflict", detail=str(exc)))
            return
        except SaveFailed as exc:
            self._set_status(Status("failed", detail=str(exc)))
            return
        self._base = self.doc.model_copy(deep=True)
        self._set_status(Status("saved", saved))
        if pulled:
            self._emit(pulled, external=True)

    def _catch_up(self) -> Sections:
        """Fold in what another session saved since this one last read or wrote the file."""
        if not self.opened.file.changed_on_disk():
            return frozenset()
        other = AssessmentFile(self.path)
        try:
            theirs = other.load()
        except AssessmentError:
            return frozenset()  # unreadable, not someone else's answers: the save itself says what is wrong
        merged = merge(self._base, self.doc, theirs)
        if problems(merged, self.opened.scale, self.opened.catalogue):
            raise ConflictError(f"{self.path}: the two versions do not fit the scale together")
        pulled = _sections(self.doc, merged)
        self.opened.doc, self.opened.file, self._base = merged, other, theirs
        return pulled

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

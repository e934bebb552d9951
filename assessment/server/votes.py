"""The assessment file as the vote server holds it: read again whenever another writer saved
it, and every vote stored at once through the store, under its lock.

Votes that arrive while a save is under way are written together by the next save (a group
commit): each phone hears "saved" only once its vote is on disk, and forty phones voting
in the same second cost a few saves, not forty. Each save re-applies this server's changes
to the file as it is under the lock (:meth:`AssessmentFile.save_reconciled`), so what the
consultant's kernel saved meanwhile is kept: the two writers merge item by item.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ..data.scale import Scale
from ..document.context import open_assessment
from ..document.model import Assessment
from ..document.store import AssessmentFile
from ..errors import AssessmentError
from ..workshop.room import Refused

T = TypeVar("T")
Change = Callable[[Assessment], Any]


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """Changes whenever the file is replaced (every save renames a new file into place)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


class VoteBox:
    """One assessment file, shared by every phone of one server; used on the server's event loop."""

    def __init__(self, path: Path | str) -> None:
        opened = open_assessment(path)
        self.path = opened.file.path
        self.scale: Scale = opened.scale
        self._reader = AssessmentFile(self.path)
        self._writer = opened.file
        self._written = opened.doc  # what the writer last read or wrote: the base of its next save
        self._doc = opened.doc
        self._stamp = _stamp(self.path)
        self._pending: list[tuple[Change, asyncio.Future[Any]]] = []
        self._flushing: asyncio.Task[None] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dmw-votes")
        self.saves = 0

    @property
    def doc(self) -> Assessment:
        """The document as it is on disk now (read again only when the file changed)."""
        stamp = _stamp(self.path)
        if stamp != self._stamp:
            try:
                self._doc = self._reader.load()
                self._stamp = stamp
            except AssessmentError:
                pass  # being replaced, or broken by hand: keep the last good version
        return self._doc

    async def change(self, change: Callable[[Assessment], T]) -> T:
        """Apply ``change`` to the document and store it; returns what ``change`` returned.
        Raises :class:`Refused` when it is not allowed, :class:`AssessmentError` when the save failed."""
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending.append((change, future))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        return await future

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending, []
            try:
                saved, stamp, outcomes = await loop.run_in_executor(self._executor, self._save, [c for c, _ in batch])
            except Exception as exc:  # every waiting phone hears of it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            if saved is not None:
                self._doc, self._stamp = saved, stamp
            for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
                if not future.done():
                    future.set_result(value) if ok else future.set_exception(value)

    def _save(self, changes: list[Change]) -> tuple[Assessment | None, Any, list[tuple[bool, Any]]]:
        """In the worker thread: apply the batch to the file's latest version and write it."""
        outcomes: list[tuple[bool, Any]] = []

        def apply(base: Assessment) -> Assessment:
            doc = base.model_copy(deep=True)
            outcomes.clear()
            for change in changes:
                try:
                    outcomes.append((True, change(doc)))
                except Refused as refused:
                    outcomes.append((False, refused))
            return Assessment.model_validate(doc.model_dump())

        if self._writer.changed_on_disk():  # judge the batch by the file as it is, not as last written
            self._written = self._writer.load()
        mine = apply(self._written)
        if not any(ok for ok, _ in outcomes):
            return None, None, list(outcomes)
        saved = self._writer.save_reconciled(mine, apply)
        self._written = saved.doc
        self.saves += 1
        return saved.doc, _stamp(self.path), list(outcomes)

    def close(self) -> None:
        self._executor.shutdown(wait=True)

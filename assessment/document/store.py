"""One JSON file per assessment, saved so that no crash can lose or truncate it.

Saving (:func:`assessment.files.writing.write_atomically`) writes a temporary file beside
the target, flushes it to disk, copies the old file to ``NAME.bak`` and renames the new
one over the old: at any instant the file on disk is the old or the new version, whole;
through a symbolic link the file it points to is saved, keeping its mode and group. A file that changed on disk since this
session read it is never overwritten silently (:class:`ConflictError`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from glob import escape as glob_escape
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import ValidationError

from ..errors import AssessmentError, ConflictError, SaveFailed, ValidationFailed, validation_problem
from ..files import strictjson
from ..files.reading import read_named_file, too_large
from ..files.writing import target_of, write_atomically
from .migrate import TooNew, migrate
from .model import SCHEMA_VERSION, Assessment

MAX_BYTES = 20 * 1024 * 1024
WHAT = "an assessment file"
LOCK_TIMEOUT_S = 10


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def parse_document(path: Path, raw: bytes) -> Assessment:
    """The assessment in ``raw`` (the bytes of ``path``), migrated to the current schema."""
    if len(raw) > MAX_BYTES:
        raise too_large(path, len(raw), MAX_BYTES, WHAT)
    if not raw.strip():
        raise AssessmentError(
            f"{path}: file is empty; it holds no assessment (a backup may be in {backup_path(path).name})"
        )
    try:
        text = raw.decode("utf-8-sig")  # Notepad on Windows starts UTF-8 files with a byte-order mark
    except UnicodeDecodeError as exc:
        raise AssessmentError(f"{path}: not UTF-8 text (byte {exc.start}); an assessment file is UTF-8 JSON") from None
    try:
        data = strictjson.loads(text)
    except json.JSONDecodeError as exc:
        raise AssessmentError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})") from None
    except strictjson.StrictJSONError as exc:
        raise AssessmentError(f"{path}: {_where(exc.loc)}: {exc.message}") from None
    except RecursionError:
        raise AssessmentError(f"{path}: not valid JSON for an assessment: nested too deeply") from None
    _refuse_lone_surrogates(path, data)
    if not isinstance(data, dict):
        raise AssessmentError(f"{path}:1: (document): expected a JSON object holding an assessment")
    if "schema_version" not in data:
        raise AssessmentError(f"{path}: schema_version: missing; this is not an assessment file")
    try:
        data = migrate(data)
    except TooNew as exc:
        raise AssessmentError(
            f"{path}: schema_version: {exc.args[0]} is newer than this workbook understands "
            f"({SCHEMA_VERSION}); update the workbook to open it"
        ) from None
    except ValueError as exc:
        raise AssessmentError(f"{path}: schema_version: cannot upgrade this file: {exc}") from None
    except (KeyError, TypeError, AttributeError):
        raise AssessmentError(
            f"{path}: schema_version: cannot upgrade this file: its content is not what version "
            f"{data['schema_version']} files hold"
        ) from None
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            path, [f"{path}: {_where(e['loc'])}: {validation_problem(e)}" for e in exc.errors()]
        ) from None


def _refuse_lone_surrogates(path: Path, data: object) -> None:
    """A ``\\ud800`` escape decodes to text that can never be saved as UTF-8 again."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise AssessmentError(
            f"{path}: not valid text: unpaired surrogate \\u{ord(exc.object[exc.start]):04x} in a string; "
            "an assessment file is UTF-8 JSON"
        ) from None


def _where(loc: tuple) -> str:
    return ".".join(str(p) for p in loc) or "(document)"


def serialise(doc: Assessment) -> bytes:
    return (doc.model_dump_json(indent=2) + "\n").encode("utf-8")


def load(path: Path | str) -> Assessment:
    """Read an assessment file; raises a one-line :class:`AssessmentError` on any problem."""
    return AssessmentFile(path).load()


def _digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


#: Combines the version another session saved with this session's (raises ConflictError if it cannot).
Reconcile = Callable[[Assessment], Assessment]


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: what is on disk now, when, and the other session's version
    if one was merged in."""

    doc: Assessment
    time: datetime
    theirs: Assessment | None


class AssessmentFile:
    """An assessment file as one session sees it: what it read, so it can tell if another
    session has saved since."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._digest: str | None = None

    def load(self) -> Assessment:
        raw = read_named_file(self.path, MAX_BYTES, WHAT)
        doc = parse_document(self.path, raw)
        self._digest = _digest(raw)
        return doc

    def changed_on_disk(self) -> bool:
        """True when the file is no longer what this session last read or wrote."""
        try:
            return _digest(self.path.read_bytes()) != self._digest
        except FileNotFoundError:
            return False
        except OSError:
            return True

    def save(self, doc: Assessment, *, overwrite: bool = False) -> datetime:
        """Write ``doc`` atomically with a backup; returns the time saved.

        Raises :class:`ConflictError` if another session saved since this one read the
        file (pass ``overwrite=True`` after the user chose to keep their version), and
        :class:`SaveFailed` if the disk refused; in both cases the file is untouched.
        """
        return self.save_reconciled(doc, None, overwrite=overwrite).time

    def save_reconciled(self, doc: Assessment, reconcile: Reconcile | None, *, overwrite: bool = False) -> Saved:
        """Like :meth:`save`, but when another session saved since this one read the file,
        ``reconcile(theirs)`` combines their version with ``doc`` (or raises
        :class:`ConflictError`) and the combination is written.

        Reading theirs, combining and writing all happen under the file lock, so no third
        save can slip in between: a merge is never itself a cause of conflict.
        """
        try:
            with FileLock(_lock_path(target_of(self.path)), timeout=LOCK_TIMEOUT_S):
                theirs = None
                if not overwrite and self._digest is not None and self.changed_on_disk():
                    if reconcile is None:
                        raise ConflictError(
                            f"{self.path}: changed on disk since you opened it (another session saved it); "
                            "reload to see the other answers, or save yours as a copy"
                        )
                    try:
                        theirs = AssessmentFile(self.path).load()
                    except AssessmentError as exc:
                        raise ConflictError(f"{self.path}: changed on disk and cannot be read now ({exc})") from None
                    doc = reconcile(theirs)
                if self._digest is None and self.path.exists() and not overwrite:
                    raise ConflictError(f"{self.path}: a file with this name exists already; choose another name")
                saved = datetime.now(timezone.utc).replace(microsecond=0)
                data = serialise(doc.model_copy(update={"updated_at": saved}))
                _remove_leftovers(target_of(self.path))
                write_atomically(self.path, data, keep_backup=True)
        except Timeout:
            raise SaveFailed(
                f"{self.path}: another session has been saving for {LOCK_TIMEOUT_S} s; not saved, try again"
            ) from None
        except OSError as exc:
            raise SaveFailed(
                f"{self.path}: could not save ({exc.strerror or exc}); your answers are kept in memory, "
                "fix the problem or save as another file"
            ) from None
        doc.updated_at = saved
        self._digest = _digest(data)
        return Saved(doc, saved, theirs)


def _remove_leftovers(path: Path) -> None:
    """Temporary files of saves that were killed midway; safe to remove while holding the lock,
    since no other save of this file can be under way."""
    for name in (path.name, backup_path(path).name):
        for tmp in path.parent.glob(f".{glob_escape(name)}.*.tmp"):
            tmp.unlink(missing_ok=True)


def save_new(doc: Assessment, path: Path | str) -> AssessmentFile:
    """Create a new assessment file; refuses to replace an existing one."""
    handle = AssessmentFile(path)
    handle.save(doc)
    return handle

"""Every file the workbook writes is written here, one way: whole or not at all, where the
user meant it to go, readable by whoever could read the old one.

A file is written to a hidden temporary file beside its target, flushed to disk and
renamed over the target, so a crash leaves the old file or the new one, never half of
either. The rules that come with writing live here too, once:

- through a symbolic link, the file it points to is written; the link stays a link;
- a replaced file keeps its permission bits and group (colleagues in a shared folder keep
  their access); a new file gets the user's usual mode (the umask), not 0600;
- an output never replaces a device, a pipe, a folder, or a file it was made from (the
  assessment itself);
- a set of files (the CSV tables) appears whole or not at all.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

from ..errors import AssessmentError

#: Files an output must never replace, each with how a message names it
#: (e.g. ``{assessment: "the assessment file itself"}``).
Protected = Mapping[Path, str]
NEW_FILE_MODE = 0o666  # before the umask, as any program creates a file


def target_of(path: Path) -> Path:
    """The file a write to ``path`` lands in: through symbolic links, the file they point to."""
    return Path(os.path.realpath(path))


def write_atomically(path: Path, data: bytes, *, keep_backup: bool = False) -> Path:
    """Replace the file at ``path`` (through links) by ``data``; with ``keep_backup`` the
    previous version is copied to ``NAME.bak`` beside it first. Raises ``OSError``; on any
    error the old file is untouched and no temporary file remains."""
    target = target_of(path)
    mode, group = _kept_attributes(target)
    tmp = _temporary_copy(target, _writing(data), mode, group)
    try:
        if keep_backup and target.exists():
            _copy_to_backup(target, mode, group)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)
    return target


def _writing(data: bytes) -> Callable[[BinaryIO], object]:
    return lambda out: out.write(data)


def _copy_to_backup(target: Path, mode: int, group: int | None) -> None:
    backup = target.with_name(target.name + ".bak")
    with target.open("rb") as src:
        tmp = _temporary_copy(backup, lambda out: shutil.copyfileobj(src, out), mode, group)
    try:
        os.replace(tmp, backup)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _temporary_copy(beside: Path, fill: Callable[[BinaryIO], object], mode: int, group: int | None) -> Path:
    """A hidden temporary file in ``beside``'s folder, filled by ``fill``, flushed to disk,
    with ``mode`` and ``group``; removed again if any of that fails."""
    fd, name = tempfile.mkstemp(prefix=f".{beside.name}.", suffix=".tmp", dir=beside.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
        _set_attributes(tmp, mode, group)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _set_attributes(path: Path, mode: int, group: int | None) -> None:
    """Best effort: a file system that keeps no modes (a Windows share) must not fail a save."""
    try:
        os.chmod(path, mode)
        if group is not None and hasattr(os, "chown") and os.stat(path).st_gid != group:
            os.chown(path, -1, group)
    except OSError:
        pass  # e.g. not a member of that group: the folder's default group it is


def _kept_attributes(target: Path) -> tuple[int, int | None]:
    """(permission bits, group) a new version of ``target`` gets: the old file's, or the
    user's usual mode for a new file (group then as the folder gives it)."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return NEW_FILE_MODE & ~_umask(), None
    return stat.S_IMODE(info.st_mode) & 0o777, info.st_gid


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux), since
    setting it briefly would race with other threads creating files."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Flush the folder entry, so the rename itself survives a power cut (POSIX only)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_output(path: Path, protect: Protected | None = None) -> Path:
    """Refuse, before any work is done, an output that could not or must not be written:
    a folder that does not exist, a device, pipe or folder in its place, a name the file
    system cannot hold, or one of the ``protect`` files. Never opens ``path``, so a pipe
    cannot block."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as exc:
        raise AssessmentError(f"{path}: cannot write: {_reason(exc)}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise AssessmentError(f"{path}: is a folder; give a file name")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise AssessmentError(f"{path}: is a device or pipe, not a file; choose another output name")
    if info is None and not target_of(path).parent.is_dir():
        raise AssessmentError(f"{path}: folder {path.parent} does not exist")
    for kept, what in (protect or {}).items():
        if _same_file(path, kept):
            raise AssessmentError(f"{path}: is {what}; choose another output name")
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return target_of(a) == target_of(b)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ValueError):  # a NUL byte: no file can have this name
        return "not a possible file name"
    return getattr(exc, "strerror", None) or str(exc)


def write_output(path: Path | str, data: bytes, protect: Protected | None = None) -> Path:
    """Write an output (a report, chart, spreadsheet, schema) atomically, after
    :func:`check_output`; any problem is one line naming the file."""
    path = check_output(Path(path), protect)
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise AssessmentError(f"{path}: cannot write: {_reason(exc)}") from None
    return path


def write_output_set(folder: Path | str, files: Mapping[str, bytes], protect: Protected | None = None) -> list[Path]:
    """Write ``files`` (name -> bytes) into ``folder`` (created if missing) as one set: all
    are written to a hidden temporary folder first, then moved in; if anything fails, the
    files already moved are put back as they were, so the folder holds the old set or the
    new one, never a mix."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:
        raise AssessmentError(f"{folder}: cannot create the folder: {_reason(exc)}") from None
    paths = [check_output(folder / name, protect) for name in files]
    where = target_of(folder)
    try:
        staging = Path(tempfile.mkdtemp(prefix=".", suffix=".tmp", dir=where))
    except OSError as exc:
        raise AssessmentError(f"{folder}: cannot write: {_reason(exc)}") from None
    moved: list[tuple[Path, Path | None]] = []  # (target replaced, its old version kept in staging)
    current = paths[0] if paths else folder
    try:
        ready = {}
        for current, (name, data) in zip(paths, files.items(), strict=True):
            mode, group = _kept_attributes(target_of(current))
            ready[current] = _temporary_copy(staging / name, _writing(data), mode, group)
        for current, tmp in ready.items():
            target = target_of(current)
            old = _keep_old(target, staging)  # a link or copy: the target stays in place until replaced
            os.replace(tmp, target)
            moved.append((target, old))
        _sync_folder(where)
    except OSError as exc:
        state = "the folder is as it was" if _put_back(moved) else "some files could not be put back"
        raise AssessmentError(f"{current}: cannot write: {_reason(exc)}; {state}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return paths


def _keep_old(target: Path, staging: Path) -> Path | None:
    """A copy of ``target`` in ``staging`` to put back if the set fails (a hard link where
    the file system has them), or None when there is no old file."""
    if not target.exists():
        return None
    old = staging / f"{target.name}.old"
    try:
        os.link(target, old)
    except OSError:
        shutil.copy2(target, old)
    return old


def _put_back(moved: list[tuple[Path, Path | None]]) -> bool:
    """Undo the moves of a set that failed, last first; True if every file is as it was."""
    whole = True
    for target, old in reversed(moved):
        try:
            if old is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(old, target)
        except OSError:
            whole = False
    return whole

"""Reading a file a user named, without letting a device, a pipe or a huge file stall the workbook.

An assessment file can name its own scale file; a shared file naming ``/dev/zero`` or a
pipe must give a message, not a hang, and a 5 GB file is refused before it is read. Every
reason a named file cannot be read is worded here, once, for every kind of file.
"""

from __future__ import annotations

import stat
from pathlib import Path

from ..errors import AssessmentError

MiB = 1024 * 1024


def too_large(path: Path, size: int, limit: int, what: str) -> AssessmentError:
    return AssessmentError(
        f"{path}: file is {size / MiB:.0f} MB; {what} is at most {limit // MiB} MB, so this is not one"
    )


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of ``path``, refusing a device or pipe and a file over ``limit`` bytes before
    reading; ``OSError`` (no such file, a folder, no permission) is left to the caller."""
    info = path.stat()
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise too_large(path, info.st_size, limit, what)
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        raise AssessmentError(f"{path}: is a device or pipe, not a file; {what} is a file")
    return path.read_bytes()


def read_named_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of ``path`` (as :func:`read_limited`), or one line saying why not: no such
    file, a folder, or what the system said (no permission, a name too long …)."""
    try:
        return read_limited(path, limit, what)
    except FileNotFoundError:
        raise AssessmentError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AssessmentError(f"{path}: is a folder, not {what}") from None
    except OSError as exc:
        raise AssessmentError(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    except ValueError:  # a NUL byte or an unpaired surrogate: no file can have this name
        raise AssessmentError(f"{str(path)!r}: cannot read {what}: not a possible file name") from None

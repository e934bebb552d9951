"""What happens when the workbook itself fails: one line for the user, the trace in a log.

A bug must never show a user a traceback, nor lose what they typed. Every top-level
entry point (each CLI command, each widget callback) catches what it did not expect and
calls :func:`record`: the full trace goes to ``logs/errors.log`` in the workbook home, and
the user reads one line saying what failed, that it is not their fault, and where the
details are for whoever supports them.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from .document import workspace

LOG_NAME = "errors.log"
MAX_LOG_BYTES = 5 * 1024 * 1024  # the log is rotated once, to errors.log.1, beyond this


def log_path() -> Path:
    return workspace.home() / "logs" / LOG_NAME


def record(exc: BaseException, doing: str) -> Path | None:
    """Append ``exc`` with its trace to the log; returns the log's path, or None if even
    that failed (a full disk must not turn one problem into two)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} while {doing}\n{trace}\n")
    except OSError:
        return None
    return path


def summary(exc: BaseException) -> str:
    """The exception's kind and first line, short enough for a one-line message."""
    first = (str(exc).strip().splitlines() or [""])[0]
    text = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"

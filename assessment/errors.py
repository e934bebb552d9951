"""The package's own error types.

Every problem a user can cause (a bad file, a bad value, a save that failed) is raised
as an :class:`AssessmentError` whose message is one line naming where and what, so the
CLI and the widgets can show it as it is, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any


class AssessmentError(Exception):
    """A problem the user can understand and fix; its message is one line."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        self.problems = problems or [message]
        super().__init__(" ".join(message.split()))


class ValidationFailed(AssessmentError):
    """A file was read but its content is not valid; ``problems`` lists every finding."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        count = len(problems)
        head = problems[0] if problems else f"{path}: invalid"
        more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(head + more, problems)
        self.path = Path(path)


class ConflictError(AssessmentError):
    """The file changed on disk since it was loaded; saving would overwrite someone's work."""


class SaveFailed(AssessmentError):
    """Writing the file failed; the answers are still in memory and the old file is intact."""


def validation_problem(err: Mapping[str, Any]) -> str:
    """What one pydantic finding means, in the same words for assessments and data files."""
    if err["type"] == "extra_forbidden":
        return "unknown key (check the spelling, or remove it)"
    if err["type"] == "missing":
        return "required field is missing"
    return str(err["msg"]).removeprefix("Value error, ").replace("\n", " ")

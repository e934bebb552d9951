"""Three-way merge of an assessment, so two notebooks open on one file do not block each other.

In JupyterLab every notebook has its own kernel: the purpose notebook and the goals
notebook both hold the file, and each saves what it changes. When the file changed on
disk since a session read it, the session's own changes (base -> mine) are applied to
the other session's version (base -> theirs) as long as they touch different fields.
Only when both changed the same field does the user have to choose.
"""
from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from .errors import ConflictError
from .model import Assessment

Path_ = tuple[str, ...]
IGNORED = {"updated_at"}


def _dump(doc: Assessment) -> dict[str, Any]:
    data = doc.model_dump(mode="json")
    for key in IGNORED:
        data.pop(key, None)
    return data


def changed_paths(old: dict[str, Any], new: dict[str, Any], prefix: Path_ = ()) -> set[Path_]:
    """The fields that differ, down to the deepest object; a list counts as one field."""
    found: set[Path_] = set()
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            found |= changed_paths(a, b, (*prefix, key))
        elif a != b:
            found.add((*prefix, key))
    return found


def _overlap(a: Path_, b: Path_) -> bool:
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _put(data: dict[str, Any], path: Path_, source: dict[str, Any]) -> None:
    """Copy the field at ``path`` from ``source`` into ``data`` (or drop it where source has none)."""
    for key in path[:-1]:
        source, data = source[key], data.setdefault(key, {})
    if path[-1] in source:
        data[path[-1]] = source[path[-1]]
    else:
        data.pop(path[-1], None)


def merge(base: Assessment, mine: Assessment, theirs: Assessment) -> Assessment:
    """``theirs`` with this session's changes since ``base`` applied.

    Raises :class:`ConflictError` when both changed the same field, or when the combined
    document is not valid (e.g. mine links a KPI to a goal theirs removed).
    """
    b, m, t = _dump(base), _dump(mine), _dump(theirs)
    my_paths, their_paths = changed_paths(b, m), changed_paths(b, t)
    clash = sorted(".".join(p) for p in my_paths for q in their_paths if _overlap(p, q))
    if clash:
        raise ConflictError(f"both sessions changed {', '.join(clash)}")
    for path in my_paths:
        _put(t, path, m)
    try:
        return Assessment.model_validate(t)
    except ValidationError as exc:
        raise ConflictError(f"the two versions do not fit together: {exc.errors()[0]['msg']}") from None

"""Three-way merge of an assessment, so two writers on one file do not block each other.

In JupyterLab every notebook has its own kernel, and a workshop adds more writers (the
vote server, a colleague's laptop): each holds the file and saves what it changes. When
the file changed on disk since a writer read it, its own changes (base -> mine) are
applied to the other version (base -> theirs) as long as they touch different fields.
Lists of items with an id (participants, goals, KPIs, ratings, votes, actions, drafts …) are
merged item by item: one writer rating area A while another rates area B is no clash.
Only when both changed the same field does the user have to choose.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import ConflictError
from .model import Assessment

Path_ = tuple[str, ...]
IGNORED = {"updated_at"}
#: Lists merged item by item, by field name: the key that identifies an item. A list not
#: named here is one field (a list of texts such as the challenges).
KEYED_LISTS = {
    "participants": "id",
    "chosen": "id",
    "own": "id",
    "goals": "id",
    "kpis": "id",
    "ratings": "area",
    "actions": "id",
    "roadmap": "id",
    "actuals": "id",
    "history": "id",
    "voters": "id",
    "polls": "item",
    "rounds": "number",
    "votes": "voter",  # the workshop room
    "drafts": "id",  # rows begun but not finished: two writers' drafts merge field by field too
}
ORDER = "#order"  # the pseudo-field holding a keyed list's order


def _keyed(name: str, value: Any) -> bool:
    key = KEYED_LISTS.get(name)
    return key is not None and isinstance(value, list) and all(isinstance(i, dict) and key in i for i in value)


def _normal(value: Any, name: str = "") -> Any:
    """The document as nested dicts: a keyed list becomes {id: item, …, ORDER: [ids]}."""
    if isinstance(value, dict):
        return {k: _normal(v, k) for k, v in value.items()}
    if _keyed(name, value):
        key = KEYED_LISTS[name]
        ids = [str(item[key]) for item in value]
        if len(set(ids)) == len(ids):
            return {ORDER: ids, **{i: _normal(item) for i, item in zip(ids, value, strict=False)}}
    return value


def _plain(value: Any) -> Any:
    """Back from :func:`_normal`: keyed dicts become lists again, in their order."""
    if isinstance(value, dict) and ORDER in value:
        return [_plain(value[i]) for i in value[ORDER] if i in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _dump(doc: Assessment) -> dict[str, Any]:
    data = doc.model_dump(mode="json")
    for key in IGNORED:
        data.pop(key, None)
    return _normal(data)


def changed_paths(old: dict[str, Any], new: dict[str, Any], prefix: Path_ = ()) -> set[Path_]:
    """The fields that differ, down to the deepest object or keyed-list item; the order of a
    keyed list counts only where items both versions hold were moved."""
    found: set[Path_] = set()
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if key == ORDER:
            if isinstance(a, list) and isinstance(b, list) and _moved(a, b):
                found.add((*prefix, key))
        elif isinstance(a, dict) and isinstance(b, dict) and (ORDER in a) == (ORDER in b):
            found |= changed_paths(a, b, (*prefix, key))
        elif a != b:
            found.add((*prefix, key))
    return found


def _moved(old: list[str], new: list[str]) -> bool:
    both = set(old) & set(new)
    return [i for i in old if i in both] != [i for i in new if i in both]


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


def _orders(base: Any, mine: Any, merged: Any, my_paths: set[Path_], prefix: Path_ = ()) -> None:
    """Fix the order of every keyed list in ``merged``: the moved order if mine moved items,
    else theirs; items only one side added are kept, mine after theirs."""
    if not isinstance(merged, dict):
        return
    if ORDER in merged:
        ids = [i for i in merged if i != ORDER]
        mine_order = mine.get(ORDER, []) if isinstance(mine, dict) else []
        leading = mine_order if (*prefix, ORDER) in my_paths else merged[ORDER]
        order = [i for i in leading if i in ids]
        order += [i for i in merged[ORDER] + mine_order if i in ids and i not in order]
        merged[ORDER] = order
    for key, value in merged.items():
        if key != ORDER:
            _orders(_child(base, key), _child(mine, key), value, my_paths, (*prefix, key))


def _child(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def merge(base: Assessment, mine: Assessment, theirs: Assessment) -> Assessment:
    """``theirs`` with this writer's changes since ``base`` applied.

    Raises :class:`ConflictError` when both changed the same field, or when the combined
    document is not valid (e.g. mine links a KPI to a goal theirs removed).
    """
    b, m, t = _dump(base), _dump(mine), _dump(theirs)
    my_paths, their_paths = changed_paths(b, m), changed_paths(b, t)
    clash = sorted(".".join(p) for p in my_paths for q in their_paths if _overlap(p, q))
    if clash:
        raise ConflictError(f"both sessions changed {', '.join(clash)}")
    for path in my_paths:
        if path[-1] != ORDER:
            _put(t, path, m)
    _orders(b, m, t, my_paths)
    try:
        return Assessment.model_validate(_plain(t))
    except ValidationError as exc:
        raise ConflictError(f"the two versions do not fit together: {exc.errors()[0]['msg']}") from None

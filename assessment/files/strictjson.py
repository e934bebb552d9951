"""JSON read strictly: a key given twice and a number too long to mean anything are refused,
where Python's reader would keep the last key silently or fail deep inside.

``"consent_to_be_named": false, "consent_to_be_named": true`` would otherwise name a person
who said no; a 5,000-digit number would stop the reader with an internal error.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DIGITS = 20  # no field of the workbook's files holds a whole number longer than this


class StrictJSONError(ValueError):
    """Valid JSON that the workbook refuses; ``loc`` is the path to the value in the document."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


class _Object(dict):
    """A JSON object as read, remembering keys that were given more than once."""

    twice: list[str]


class _LongNumber:
    def __init__(self, digits: int) -> None:
        self.digits = digits


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    found = _Object()
    found.twice = []
    for key, value in pairs:
        if key in found:
            found.twice.append(key)
        found[key] = value
    return found


def _integer(text: str) -> int | _LongNumber:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else _LongNumber(digits)


def loads(text: str) -> Any:
    """``text`` as plain Python data. Raises ``json.JSONDecodeError`` for invalid JSON,
    :class:`StrictJSONError` for a key twice or an over-long number, ``RecursionError`` when
    nested too deeply."""
    return _checked(json.loads(text, object_pairs_hook=_object, parse_int=_integer), ())


def _checked(node: Any, loc: tuple[str | int, ...]) -> Any:
    if isinstance(node, _Object):
        if node.twice:
            raise StrictJSONError((*loc, node.twice[0]), "given twice in one object; keep the one that is meant")
        return {key: _checked(value, (*loc, key)) for key, value in node.items()}
    if isinstance(node, list):
        return [_checked(value, (*loc, i)) for i, value in enumerate(node)]
    if isinstance(node, _LongNumber):
        raise StrictJSONError(loc, f"a number of {node.digits:,} digits; no field holds a number this long")
    return node

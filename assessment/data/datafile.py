"""Loading a YAML data file into a validated model, with every problem on its line.

Scales and catalogues share this so their errors read alike:
``FILE:LINE: field.path: message``, all problems at once, never a silent default.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import ValidationFailed, validation_problem
from . import datacache
from .yamlsource import Loc, read_source, read_yaml

M = TypeVar("M", bound=BaseModel)
Checker = Callable[[M], list[tuple[Loc, str]]]


def load_data_file(path: Path, model: type[M], *checks: Checker) -> M:
    """Read ``path`` as ``model``; run ``checks`` (cross-field rules) on the result."""
    raw = read_source(path)
    cache_key = datacache.key(raw, model, checks)
    cached = datacache.get(cache_key, model)
    if cached is not None:
        return cached
    doc = read_yaml(path, raw)
    try:
        value = model.model_validate(doc.data)
    except ValidationError as exc:
        raise ValidationFailed(
            path, [doc.error(_loc(err["loc"]), validation_problem(err)) for err in exc.errors()]
        ) from None
    problems = [doc.error(loc, message) for check in checks for loc, message in check(value)]
    if problems:
        raise ValidationFailed(path, problems)
    datacache.put(cache_key, value)
    return value


def _loc(loc: tuple) -> Loc:
    # RootModel and union branches add "root" or type names that are not in the file
    return tuple(p for p in loc if p != "root" and not (isinstance(p, str) and p.startswith("function-")))

"""A cache of data files that have already passed validation, so the workbook and the CLI
start fast: parsing YAML with line numbers is the slow part, and a valid file need not be
parsed again until its bytes, or the code that validates it, change.

Only valid files are cached, and a cached value is validated again by its model on the
way in; a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .. import config
from ..files.writing import write_atomically

M = TypeVar("M", bound=BaseModel)


def cache_dir() -> Path:
    """The configured cache folder (``DIALOGUE_WORKBOOK_CACHE``), else the user's cache folder."""
    return config.cache_dir()


@cache
def _code_fingerprint(modules: tuple[str, ...]) -> str:
    digest = hashlib.sha256()
    for name in modules:
        digest.update(Path(sys.modules[name].__file__ or name).read_bytes())
    return digest.hexdigest()


def key(raw: bytes, model: type[BaseModel], code: Iterable[object]) -> str:
    """Changes with the file's bytes, the model, and the source of every module validating it."""
    modules = tuple(sorted({model.__module__, __name__, *(getattr(c, "__module__", "") for c in code)} - {""}))
    digest = hashlib.sha256(raw)
    digest.update(model.__qualname__.encode())
    digest.update(_code_fingerprint(modules).encode())
    return f"{model.__name__.lower()}-{digest.hexdigest()[:40]}"


def get(cache_key: str, model: type[M]) -> M | None:
    try:
        return model.model_validate_json((cache_dir() / f"{cache_key}.json").read_bytes())
    except (OSError, ValidationError, ValueError):
        return None


def put(cache_key: str, value: BaseModel) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / f"{cache_key}.json", value.model_dump_json().encode("utf-8"))
    except OSError:
        pass  # the next start parses the file again; nothing is lost

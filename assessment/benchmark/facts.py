"""The few fields of an assessment file a benchmark reads, and nothing else.

No name (organisation, participant, facilitator) is ever read, so none can reach a
benchmark's output. Files at the current schema are parsed straight into this small
model by pydantic's JSON parser, which skips every other field without building it; any
other file (an older schema, or one that does not parse) goes through the full loader,
which upgrades it or says in one line what is wrong.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ..data.text import Id
from ..document.model import SCHEMA_VERSION, Assessment, AssessmentId, LevelNo
from ..document.store import MAX_BYTES, WHAT, load, parse_document
from ..files.reading import read_limited

BOM = b"\xef\xbb\xbf"


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Scale(_Part):
    id: Id
    version: str
    source: str | None = None


class _Organisation(_Part):
    type: Id


class _Levels(_Part):
    current: LevelNo | None = None
    desired: LevelNo | None = None


class _Rating(_Levels):
    area: Id
    not_applicable: bool = False


class _Earlier(_Part):
    id: AssessmentId


class Facts(_Part):
    """What the benchmark needs of one assessment."""

    schema_version: int
    id: AssessmentId
    scale: _Scale
    organisation: _Organisation
    dialogue: _Levels = _Levels()
    ratings: list[_Rating] = []
    history: list[_Earlier] = []


def read_facts(path: Path) -> Facts:
    """The benchmark's fields of ``path``; raises :class:`AssessmentError` (one line) for a file
    that is not a readable assessment, as the workbook itself would say it."""
    try:
        raw = read_limited(path, MAX_BYTES, WHAT)
    except OSError:
        return _facts(load(path))  # a folder, gone, not allowed: the loader's own words (it raises)
    try:
        facts = Facts.model_validate_json(raw[3:] if raw.startswith(BOM) else raw)
        if facts.schema_version == SCHEMA_VERSION:
            return facts
    except ValidationError:
        pass
    return _facts(parse_document(path, raw))  # older, or not what the quick read expected: the loader says why


def _facts(doc: Assessment) -> Facts:
    return Facts.model_validate(doc.model_dump(include=set(Facts.model_fields)))

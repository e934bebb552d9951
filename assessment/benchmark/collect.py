"""Reading many assessment files into one flat, columnar table, a file at a time.

Each file is read, reduced to its levels (one row per item: the dialogue level and every
area) and let go, so memory holds a few bytes per row, never the documents. A file that
is not a usable assessment is skipped with one line saying why; an assessment that a
later follow-up in the same set replaces (its id is in that follow-up's history) counts
once, as its newest assessment.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..data.catalogue import Catalogue, default_catalogue
from ..data.scale import Scale, scale_by_id, scale_named_by
from ..data.scale_versions import ScaleHistory
from ..errors import AssessmentError
from .facts import Facts, read_facts

DIALOGUE = "dialogue_level"  # the item kind of the dialogue level; areas are kind "area"
NONE = 0  # no level (not rated, not applicable, or not comparable) in the compact columns


def assessment_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Every ``*.json`` in the folders given (and below), and every file given, in a stable order;
    hidden files and folders (editors' and Jupyter's copies) are left out."""
    for given in paths:
        path = Path(given)
        try:
            folder = path.is_dir()
        except OSError:  # a name too long for the file system: reading it says so
            folder = False
        if folder:
            for found in sorted(path.rglob("*.json")):
                if not any(part.startswith(".") for part in found.relative_to(path).parts):
                    yield found
        else:
            yield path


@dataclass
class Collected:
    """The flat table and what was left out of it."""

    scale: Scale
    table: pd.DataFrame  # columns: org (int), type (str), item (str: DIALOGUE or an area id), current, desired
    files: int = 0
    skipped: int = 0
    replaced: int = 0  # earlier assessments of an organisation whose follow-up is in the set
    ids: list[str] = field(default_factory=list)  # each organisation's assessment id, by its number in ``org``

    @property
    def organisations(self) -> int:
        return int(self.table["org"].nunique()) if len(self.table) else 0


class _Columns:
    """The growing table, as compact arrays (a few bytes a row)."""

    def __init__(self) -> None:
        self.org, self.item = array("i"), array("h")
        self.current, self.desired = array("b"), array("b")
        self.types: list[str] = []
        self.ids: list[str] = []

    def add(self, facts: Facts, levels: list[tuple[int | None, int | None]]) -> None:
        number = len(self.ids)
        self.ids.append(facts.id)
        self.types.append(facts.organisation.type)
        for item, (current, desired) in enumerate(levels):
            self.org.append(number)
            self.item.append(item)
            self.current.append(current or NONE)
            self.desired.append(desired or NONE)

    def frame(self, items: list[str], dropped: set[str]) -> pd.DataFrame:
        org = np.frombuffer(self.org, dtype=np.int32) if self.org else np.zeros(0, np.int32)
        keep = ~np.isin(org, [i for i, oid in enumerate(self.ids) if oid in dropped])
        levels = {
            name: np.frombuffer(col, dtype=np.int8) if col else np.zeros(0, np.int8)
            for name, col in (("current", self.current), ("desired", self.desired))
        }
        item = np.frombuffer(self.item, dtype=np.int16) if self.item else np.zeros(0, np.int16)
        types = pd.Categorical(self.types)
        return pd.DataFrame(
            {
                "org": org[keep],
                "type": pd.Categorical.from_codes(types.codes[org[keep]], types.categories) if len(org) else [],
                "item": pd.Categorical.from_codes(item[keep], items),
                "current": pd.array(
                    np.where(levels["current"][keep] == NONE, pd.NA, levels["current"][keep]), dtype="Int8"
                ),
                "desired": pd.array(
                    np.where(levels["desired"][keep] == NONE, pd.NA, levels["desired"][keep]), dtype="Int8"
                ),
            }
        )


class _Reader:
    """Checks one file's facts against the benchmark's scale and catalogue, and maps them to
    the scale's current version."""

    def __init__(self, scale: Scale, catalogue: Catalogue) -> None:
        self.scale = scale
        self.types = set(catalogue.ids("organisation_types"))
        self.areas = [a.id for a in scale.areas]
        self.histories: dict[str, ScaleHistory] = {}

    def levels(self, path: Path, facts: Facts) -> list[tuple[int | None, int | None]]:
        if facts.scale.id != self.scale.id:
            raise AssessmentError(
                f"{path}: scale: uses '{facts.scale.id}'; this benchmark is on '{self.scale.id}' (choose with --scale)"
            )
        if facts.organisation.type not in self.types:
            raise AssessmentError(f"{path}: organisation.type: unknown organisation type '{facts.organisation.type}'")
        version = facts.scale.version
        history = self.histories.setdefault(version, ScaleHistory(self.scale, version))
        if not history.known:
            raise AssessmentError(
                f"{path}: scale: version {version} of '{self.scale.id}' is neither version "
                f"{self.scale.version} nor described by it; its levels cannot be compared"
            )
        if version == self.scale.version:
            self._check_current(path, facts)

        def level(n: int | None) -> int | None:
            return history.level(n).level

        rated = {r.area: r for r in facts.ratings}
        current = history.areas({a: None if r.not_applicable else r.current for a, r in rated.items()})
        desired = history.areas({a: None if r.not_applicable else r.desired for a, r in rated.items()})
        return [(level(facts.dialogue.current), level(facts.dialogue.desired))] + [
            (current[a].level, desired[a].level) for a in self.areas
        ]

    def _check_current(self, path: Path, facts: Facts) -> None:
        top = len(self.scale.levels)
        checks = [("dialogue", facts.dialogue)] + [(f"ratings.{i}", r) for i, r in enumerate(facts.ratings)]
        for where, part in checks:
            for which in ("current", "desired"):
                value = getattr(part, which)
                if value is not None and value > top:
                    raise AssessmentError(
                        f"{path}: {where}.{which}: level {value} is outside the scale '{self.scale.id}' (1–{top})"
                    )
        for i, r in enumerate(facts.ratings):
            if r.area not in self.areas:
                raise AssessmentError(
                    f"{path}: ratings.{i}.area: unknown area '{r.area}' (known: {', '.join(self.areas)})"
                )


def collect(
    paths: Iterable[Path | str], scale: Scale | None = None, skip: Callable[[str], None] = lambda line: None
) -> Collected:
    """Read every assessment under ``paths`` into the flat table; ``skip`` hears one line for
    each file that cannot be used, as it is met.

    The scale is ``scale`` or else the one the first usable file names (a built-in scale in
    its newest version); files on its earlier versions are read through its mapping.
    """
    catalogue = default_catalogue()
    columns, skipped, files = _Columns(), 0, 0
    reader: _Reader | None = None if scale is None else _Reader(scale, catalogue)
    seen: set[str] = set()
    replaced: set[str] = set()
    for path in assessment_files(paths):
        files += 1
        try:
            facts = read_facts(path)
            if reader is None:
                reader = _Reader(_scale_of(path, facts), catalogue)
            levels = reader.levels(path, facts)
        except AssessmentError as exc:
            skipped += 1
            skip(str(exc))
            continue
        if facts.id in seen:
            skipped += 1
            skip(f"{path}: id: the same assessment as a file read before it (a copy); counted once")
            continue
        seen.add(facts.id)
        replaced.update(h.id for h in facts.history)
        columns.add(facts, levels)
    if reader is None:
        raise AssessmentError(
            f"benchmark: none of the {files} files is a usable assessment, so there is no scale "
            "to report on and nothing to show"
        )
    items = [DIALOGUE, *reader.areas]
    table = columns.frame(items, replaced)
    return Collected(reader.scale, table, files, skipped, len(replaced & seen), columns.ids)


def _scale_of(path: Path, facts: Facts) -> Scale:
    """The scale a file names: its own scale file in its folder, or the scale of that id (the
    one rule of :func:`assessment.data.scale.scale_named_by`: nothing else is opened or quoted)."""
    try:
        if facts.scale.source:
            return scale_named_by(facts.scale.source, path.parent)
        return scale_by_id(facts.scale.id)
    except AssessmentError as exc:
        raise AssessmentError(f"{path}: scale: {exc}") from None

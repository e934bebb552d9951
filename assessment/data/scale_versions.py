"""How an earlier version of a scale maps onto the current one, so a follow-up can compare.

A scale file may list, under ``previous_versions``, each earlier version it replaces:
areas renamed or merged (several old ids onto one), areas dropped, levels renumbered.
Everything not listed is taken to be unchanged. A comparison goes on wherever the
mapping makes the old answer mean the same thing in the new version, and says why
where it cannot; it never picks a value (merged areas whose old levels differ stay apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from .text import DataModel, Id, NonEmpty, Text
from .yamlsource import Loc

if TYPE_CHECKING:
    from .scale import Scale

OldLevel = Annotated[int, Field(ge=1, le=10)]


class VersionMapping(DataModel):
    """One earlier version of this scale, and where its areas and levels went."""

    version: NonEmpty
    areas: dict[Id, Id | None] = Field(
        default_factory=dict,
        description="Old area id -> its id in this version (several old ids to one id: merged areas; "
        "null: no counterpart). An old id not listed keeps its id, if this version has it.",
    )
    levels: dict[OldLevel, OldLevel | None] = Field(
        default_factory=dict,
        description="Old level number -> its number in this version (null: no single counterpart). "
        "A number not listed keeps its number, if this version has it.",
    )
    names: dict[Id, Text] = Field(
        default_factory=dict,
        description="Names the old version gave areas this one renamed, merged or dropped, so texts about "
        "what could not be compared can name them.",
    )
    note: Text | None = Field(default=None, description="What changed, in a sentence, shown beside the comparison.")

    def level(self, number: int, numbers: list[int]) -> int | None:
        if number in self.levels:
            return self.levels[number]
        return number if number in numbers else None

    def area(self, old_id: str, ids: list[str]) -> str | None:
        if old_id in self.areas:
            return self.areas[old_id]
        return old_id if old_id in ids else None


def mapping_rules(scale: Scale) -> list[tuple[Loc, str]]:
    """The mapping's own checks: one entry per version, none for this version, targets that exist."""
    problems: list[tuple[Loc, str]] = []
    seen: set[str] = set()
    ids, numbers = [a.id for a in scale.areas], scale.numbers
    for i, m in enumerate(scale.previous_versions):
        where: Loc = ("previous_versions", i)
        if m.version == scale.version:
            problems.append(((*where, "version"), f"'{m.version}' is this scale's own version"))
        if m.version in seen:
            problems.append(((*where, "version"), f"version '{m.version}' is listed twice"))
        seen.add(m.version)
        for old, new in m.areas.items():
            if new is not None and new not in ids:
                problems.append(((*where, "areas", old), f"'{new}' is not an area of this scale ({', '.join(ids)})"))
        for old_level, new_level in m.levels.items():
            if new_level is not None and new_level not in numbers:
                problems.append(((*where, "levels", old_level), f"level {new_level} is not a level of this scale"))
    return problems


@dataclass(frozen=True)
class NotComparable:
    """Why an earlier answer cannot be set beside the current one.

    ``kind``: ``version`` (the scale does not describe that version), ``new`` (the area did
    not exist then), ``merged`` (areas merged into this one had different levels;
    ``sources`` holds each old id with its level), ``level`` (the old level has no single
    counterpart; ``level`` holds it).
    """

    kind: Literal["version", "new", "merged", "level"]
    version: str
    sources: tuple[tuple[str, int | None], ...] = ()
    level: int | None = None


@dataclass(frozen=True)
class Earlier:
    """An earlier level in the current version's terms: a number, none (not rated then), or
    the reason it cannot be compared."""

    level: int | None = None
    problem: NotComparable | None = None


class ScaleHistory:
    """Reads answers given on an earlier version of ``scale`` in its current terms."""

    def __init__(self, scale: Scale, version: str) -> None:
        self.scale, self.version = scale, version
        if version == scale.version:
            self.mapping: VersionMapping | None = VersionMapping(version=version)
        else:
            self.mapping = next((m for m in scale.previous_versions if m.version == version), None)

    @property
    def known(self) -> bool:
        return self.mapping is not None

    def old_name(self, old_id: str, lang: str) -> str:
        """The old area's name: from the mapping, else this version's area of that id, else the id."""
        if self.mapping is not None and old_id in self.mapping.names:
            return self.mapping.names[old_id](lang)
        if old_id in [a.id for a in self.scale.areas]:
            return self.scale.area(old_id).name(lang)
        return old_id

    def level(self, number: int | None) -> Earlier:
        if number is None:
            return Earlier()
        if self.mapping is None:
            return Earlier(problem=NotComparable("version", self.version))
        new = self.mapping.level(number, self.scale.numbers)
        return Earlier(new) if new is not None else Earlier(problem=NotComparable("level", self.version, level=number))

    def area(self, old_id: str) -> str | None:
        """This version's area for an old area id; None when it has none or the version is unknown."""
        return None if self.mapping is None else self.mapping.area(old_id, [a.id for a in self.scale.areas])

    def dropped(self, old_ids: list[str]) -> list[str]:
        """Old areas that have no counterpart in this version (nothing to compare them with)."""
        if self.mapping is None:
            return []
        return [old_id for old_id in old_ids if self.area(old_id) is None]

    def areas(self, old: dict[str, int | None]) -> dict[str, Earlier]:
        """Old levels by old area id -> earlier levels by this version's area id, every area listed."""
        ids = [a.id for a in self.scale.areas]
        if self.mapping is None:
            return {i: Earlier(problem=NotComparable("version", self.version)) for i in ids}
        sources: dict[str, list[tuple[str, int | None]]] = {i: [] for i in ids}
        for old_id, number in old.items():
            new_id = self.mapping.area(old_id, ids)
            if new_id is not None:
                sources[new_id].append((old_id, number))
        result = {}
        for area_id, found in sources.items():
            if not found:
                result[area_id] = Earlier(problem=NotComparable("new", self.version))
                continue
            mapped = [self.level(number) for _, number in found]
            problems = [m.problem for m in mapped if m.problem is not None]
            values = {m.level for m in mapped}
            if problems:
                result[area_id] = Earlier(problem=problems[0])
            elif len(values) > 1:
                result[area_id] = Earlier(problem=NotComparable("merged", self.version, tuple(found)))
            else:
                result[area_id] = Earlier(values.pop())
        return result

"""The maturity scale as data: levels, what each level takes, and the areas' rubric.

A scale file (YAML, see ``scales/``) is the model the whole workbook reads; nothing in
the code knows how many levels, areas or languages there are. Loading validates every
rule and reports each broken one as ``FILE:LINE: field.path: message``.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import Field

from .datafile import load_data_file
from .errors import AssessmentError
from .paths import data_dir
from .text import DataModel, Id, Lang, NonEmpty, Text, translation_problems
from .yamlsource import Loc

SCALE_FORMAT = "dialogue-maturity-scale/1"
MIN_LEVELS, MAX_LEVELS = 3, 10


class Level(DataModel):
    """One step of the scale and what it takes on the platforms, in content and in the organisation."""

    level: Annotated[int, Field(ge=1, le=MAX_LEVELS)]
    name: Text
    summary: Text
    platform: Text = Field(description="Technical set-up of the platforms at this level.")
    content: Text = Field(description="What is published and how.")
    organisation: Text = Field(description="Who answers, response times, which units take part.")
    examples: dict[Id, Text] = Field(
        min_length=1, description="Short examples by organisation type id, e.g. hospital, municipality."
    )
    caveat: Text | None = Field(
        default=None, description="A reservation shown wherever this level is chosen or drawn (drawn dashed)."
    )


class Area(DataModel):
    """A maturity area: the question to discuss and a descriptor for every level."""

    id: Id
    name: Text
    question: Text
    guidance: Text
    descriptors: dict[int, Text]


class Scale(DataModel):
    """A complete scale: the dialogue levels plus the maturity areas rated on them."""

    format: NonEmpty = Field(description=f"Always '{SCALE_FORMAT}'.")
    id: Id
    version: NonEmpty
    languages: list[Lang] = Field(min_length=1, description="Every text must exist in each of these.")
    name: Text
    description: Text
    dialogue_question: Text = Field(description="The question asked when choosing the dialogue level.")
    levels: list[Level] = Field(min_length=MIN_LEVELS, max_length=MAX_LEVELS)
    areas: list[Area] = Field(min_length=1)

    @property
    def numbers(self) -> list[int]:
        return [lv.level for lv in self.levels]

    def level(self, number: int) -> Level:
        for lv in self.levels:
            if lv.level == number:
                return lv
        raise KeyError(number)

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def steps(self, current: int, desired: int) -> list[Level]:
        """The levels a move passes through, excluding where it starts: what the move takes."""
        if desired > current:
            return [lv for lv in self.levels if current < lv.level <= desired]
        return []


def _scale_rules(scale: Scale) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    if scale.format != SCALE_FORMAT:
        problems.append((("format",), f"must be '{SCALE_FORMAT}', not '{scale.format}'"))
    if len(set(scale.languages)) != len(scale.languages):
        problems.append((("languages",), "a language is listed twice"))
    for i, lv in enumerate(scale.levels):
        if lv.level != i + 1:
            problems.append((("levels", i, "level"), f"levels must be numbered 1, 2, 3 … in order; expected {i + 1}, found {lv.level}"))
    numbers = set(range(1, len(scale.levels) + 1))
    seen: set[str] = set()
    for i, area in enumerate(scale.areas):
        if area.id in seen:
            problems.append((("areas", i, "id"), f"duplicate area id '{area.id}'"))
        seen.add(area.id)
        missing = sorted(numbers - set(area.descriptors))
        extra = sorted(set(area.descriptors) - numbers)
        if missing:
            problems.append((("areas", i, "descriptors"), f"no descriptor for level {', '.join(map(str, missing))}"))
        if extra:
            problems.append((("areas", i, "descriptors"), f"descriptor for level {', '.join(map(str, extra))}, which the scale does not have"))
    problems.extend(translation_problems(scale, scale.languages))
    return problems


def load_scale(path: Path | str) -> Scale:
    """Load and validate a scale file; raises :class:`AssessmentError` listing every problem."""
    return load_data_file(Path(path), Scale, _scale_rules)


def builtin_scales() -> dict[str, Path]:
    """The scales shipped in ``scales/``, by id."""
    found: dict[str, Path] = {}
    for path in sorted((data_dir() / "scales").glob("*.yaml")):
        found[load_scale_cached(path).id] = path
    return found


@cache
def load_scale_cached(path: Path) -> Scale:
    return load_scale(path)


def resolve_scale(id_or_path: str | Path) -> Scale:
    """A scale by built-in id or by path to a consultant's own file."""
    candidate = Path(id_or_path)
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        return load_scale(candidate)
    scales = builtin_scales()
    if str(id_or_path) not in scales:
        known = ", ".join(sorted(scales)) or "none"
        raise AssessmentError(f"unknown scale '{id_or_path}': give a file path or one of: {known}")
    return load_scale_cached(scales[str(id_or_path)])


def scale_json_schema() -> dict:
    """JSON Schema of the scale format, so editors can check a scale while it is written."""
    schema = Scale.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Dialogue maturity scale"
    return schema


def write_scale_schema(path: Path) -> None:
    path.write_text(json.dumps(scale_json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

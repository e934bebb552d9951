"""The maturity scale as data: levels, what each level takes, and the areas' rubric.

A scale file (YAML, see ``scales/``) is the model the whole workbook reads; nothing in
the code knows how many levels, areas or languages there are. Loading validates every
rule and reports each broken one as ``FILE:LINE: field.path: message``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated

from pydantic import Field

from .. import config
from ..errors import AssessmentError
from ..files.writing import write_output
from .datafile import load_data_file
from .paths import data_dir
from .scale_versions import VersionMapping, mapping_rules
from .text import ID_PATTERN, DataModel, Id, Lang, NonEmpty, Text, translation_problems
from .yamlsource import Loc, read_source

SCALE_FORMAT = "dialogue-maturity-scale/1"
SCALE_SUFFIXES = {".yaml", ".yml"}
_DECLARES_FORMAT = re.compile(rb"^\s*[\"']?format[\"']?\s*:\s*[\"']?" + re.escape(SCALE_FORMAT.encode()) + rb"\b", re.M)
MIN_LEVELS, MAX_LEVELS = 3, 10


class Level(DataModel):
    """One step of the scale and what it takes on the platforms, in content and in the organisation."""

    level: Annotated[int, Field(ge=1, le=MAX_LEVELS, strict=True)]
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
    rating_rule: Text | None = Field(
        default=None,
        description="How to rate practice that differs across the organisation; shown wherever levels are chosen.",
    )
    levels: list[Level] = Field(min_length=MIN_LEVELS, max_length=MAX_LEVELS)
    areas: list[Area] = Field(min_length=1)
    previous_versions: list[VersionMapping] = Field(
        default_factory=list,
        description="Earlier versions of this scale and how their areas and levels map onto "
        "this one, so a follow-up on this version can compare with them.",
    )

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
            problems.append(
                (
                    ("levels", i, "level"),
                    f"levels must be numbered 1, 2, 3 … in order; expected {i + 1}, found {lv.level}",
                )
            )
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
            problems.append(
                (
                    ("areas", i, "descriptors"),
                    f"descriptor for level {', '.join(map(str, extra))}, which the scale does not have",
                )
            )
    problems.extend(translation_problems(scale, scale.languages))
    return problems


def load_scale(path: Path | str) -> Scale:
    """Load and validate a scale file; raises :class:`AssessmentError` listing every problem."""
    return load_data_file(Path(path), Scale, _scale_rules, mapping_rules)  # two checks: both modules key the cache


def _scales_in(folders: list[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.yaml")):
            found.setdefault(load_scale_cached(path).id, path)
    return found


def builtin_scales() -> dict[str, Path]:
    """The scales shipped in ``scales/``, by id."""
    return _scales_in([data_dir() / "scales"])


def scales_by_id() -> dict[str, Path]:
    """Every scale a user can name by id: the shipped ones, then those a programme publishes
    in its shared folders (:func:`assessment.config.shared_scale_dirs`, only ever read);
    where two share an id, the first found wins."""
    return _scales_in([data_dir() / "scales", *config.shared_scale_dirs()])


@cache
def load_scale_cached(path: Path) -> Scale:
    return load_scale(path)


def resolve_scale(id_or_path: str | Path) -> Scale:
    """A scale by id (shipped or shared) or by path to a consultant's own file."""
    candidate = Path(id_or_path)
    if candidate.suffix in SCALE_SUFFIXES or _exists(candidate):
        return load_scale(candidate)
    return scale_by_id(str(id_or_path))


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # too long, or a NUL byte: no file has this name
        return False


def scale_by_id(scale_id: str) -> Scale:
    """A scale by its id (shipped or shared); never a file in the working folder of that name."""
    scales = scales_by_id()
    if scale_id not in scales:
        known = ", ".join(sorted(scales)) or "none"
        missing = [str(d) for d in config.shared_scale_dirs() if not d.is_dir()]
        note = f" (the shared scale folder {', '.join(missing)} cannot be found)" if missing else ""
        raise AssessmentError(f"unknown scale '{scale_id}': give a file path or one of: {known}{note}")
    return load_scale_cached(scales[scale_id])


def own_scale_file(source: str, folder: Path) -> Path | None:
    """The file an assessment's ``scale.source`` names, or None when it names a scale by id
    (shipped, or shared in a programme's scale folders: :func:`scale_by_id`).

    An assessment file may come from anyone, so what it names is held to one rule: a
    ``.yaml`` file by a path relative to the assessment's folder that stays inside it (no
    absolute path, no ``..``, no link leading out). Anything else is refused unread.
    """
    if Path(source).suffix.lower() not in SCALE_SUFFIXES and re.fullmatch(ID_PATTERN, source):
        return None
    strictest = PureWindowsPath(source)  # splits on / and \ and knows drives, so no system can read it as absolute
    if strictest.anchor or PurePosixPath(source).is_absolute() or ".." in strictest.parts:
        raise AssessmentError(
            f"source '{source}': an own scale is named by a path inside the assessment's folder "
            "(no absolute path, no '..'); copy the scale file into that folder and give its "
            "name as scale.source"
        )
    if strictest.suffix.lower() not in SCALE_SUFFIXES:
        raise AssessmentError(f"source '{source}': an own scale is a .yaml file")
    path = folder / source
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        inside = True  # the file cannot be named at all: reading it says why
    if not inside:
        raise AssessmentError(
            f"source '{source}': leads out of the assessment's folder (a link); an own scale must lie in it"
        )
    return path


def scale_named_by(source: str, folder: Path) -> Scale:
    """The scale an assessment's ``scale.source`` names (see :func:`own_scale_file`). A file
    that does not declare itself a scale is refused without a word of its content, since
    the assessment may have been written to make the workbook quote a private file."""
    path = own_scale_file(source, folder)
    if path is None:
        return scale_by_id(source)
    if not _DECLARES_FORMAT.search(read_source(path)):
        raise AssessmentError(f"{path}: not a scale file (it has no 'format: {SCALE_FORMAT}' line)")
    return load_scale(path)


def scale_json_schema() -> dict:
    """JSON Schema of the scale format, so editors can check a scale while it is written."""
    schema = Scale.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Dialogue maturity scale"
    return schema


def write_scale_schema(path: Path) -> Path:
    return write_output(path, (json.dumps(scale_json_schema(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))

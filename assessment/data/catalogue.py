"""Catalogues: the choices the workbook offers (purposes, KPI suggestions, organisation
types, target groups, channels, priorities, phases), as validated data in ``catalogues/``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from .datafile import load_data_file
from .paths import data_dir
from .text import DataModel, Id, Lang, NonEmpty, Text, translation_problems
from .yamlsource import Loc

CATALOGUE_FORMAT = "dialogue-maturity-catalogue/1"


class Item(DataModel):
    id: Id
    name: Text
    description: Text | None = None
    plural: Text | None = Field(
        default=None,
        description="Organisation types: the plural in a sentence, as in 'the median of 12 municipalities'.",
    )


class KpiSuggestion(DataModel):
    """A KPI a workshop can adopt with one click, then give a target."""

    id: Id
    name: Text
    metric: Text
    unit: Text
    scope: Literal["overall", "post"]
    direction: Literal["at_least", "at_most"] = Field(description="Whether the target is a floor or a ceiling.")
    volume: bool = Field(
        default=False,
        description="A count of attention or activity (reach, followers …), not of whether people were helped.",
    )
    help: Text | None = Field(
        default=None, description="What the KPI shows and what it does not; shown with the suggestion."
    )

    def tip(self, lang: str) -> str:
        """The metric and its help text, as shown beside the suggestion."""
        return self.metric(lang) if self.help is None else f"{self.metric(lang)}. {self.help(lang)}"


class Catalogue(DataModel):
    format: NonEmpty
    id: Id
    languages: list[Lang] = Field(min_length=1)
    purposes: list[Item] = Field(min_length=1)
    kpis: list[KpiSuggestion] = Field(min_length=1)
    organisation_types: list[Item] = Field(min_length=1)
    target_groups: list[Item] = Field(min_length=1)
    channels: list[Item] = Field(min_length=1)
    priorities: list[Item] = Field(min_length=1, description="In order, highest first.")
    phases: list[Item] = Field(min_length=1, description="Action plan phases, in time order.")
    involvement_levels: list[Item] = Field(
        min_length=1, description="Which user involvement is meant (individual, relatives, service, system)."
    )
    accessibility: list[Item] = Field(min_length=1, description="Accessibility practices a strategy can commit to.")

    def ids(self, kind: str) -> list[str]:
        return [item.id for item in getattr(self, kind)]

    def item(self, kind: str, item_id: str) -> Item:
        """An entry of one of the plain lists (every list but the KPI suggestions)."""
        found = self._find(kind, item_id)
        if not isinstance(found, Item):
            raise KeyError(f"{kind}.{item_id} is not a plain catalogue item")
        return found

    def name(self, kind: str, item_id: str, lang: str) -> str:
        return self._find(kind, item_id).name(lang)

    def _find(self, kind: str, item_id: str) -> Item | KpiSuggestion:
        for item in getattr(self, kind):
            if item.id == item_id:
                return item
        raise KeyError(f"{kind}.{item_id}")


LISTS = (
    "purposes",
    "kpis",
    "organisation_types",
    "target_groups",
    "channels",
    "priorities",
    "phases",
    "involvement_levels",
    "accessibility",
)


def _catalogue_rules(cat: Catalogue) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    if cat.format != CATALOGUE_FORMAT:
        problems.append((("format",), f"must be '{CATALOGUE_FORMAT}', not '{cat.format}'"))
    for kind in LISTS:
        seen: set[str] = set()
        for i, item in enumerate(getattr(cat, kind)):
            if item.id in seen:
                problems.append(((kind, i, "id"), f"duplicate id '{item.id}'"))
            seen.add(item.id)
    problems.extend(translation_problems(cat, cat.languages))
    return problems


def load_catalogue(path: Path | str) -> Catalogue:
    return load_data_file(Path(path), Catalogue, _catalogue_rules)


@cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the workbook (Nordic public health sector)."""
    return load_catalogue(data_dir() / "catalogues" / "catalogue.yaml")

"""Translated text: one string per language, as written in the data files."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, RootModel, StringConstraints

from .printable import Printable

Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), Printable]
ID_PATTERN = r"[a-z][a-z0-9_-]{0,63}"
Id = Annotated[str, StringConstraints(pattern=f"^{ID_PATTERN}$")]


class Text(RootModel[dict[Lang, NonEmpty]]):
    """A text in every language its file declares, e.g. ``{da: ..., nb: ..., en: ...}``."""

    def __call__(self, lang: str) -> str:
        return self.root[lang]

    def languages(self) -> set[str]:
        return set(self.root)


class DataModel(BaseModel):
    """Base for data-file models: unknown keys are errors, values never change after load."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def texts_in(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Text]]:
    """Every :class:`Text` inside a validated model, with its location in the file."""
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts_in(getattr(value, name), (*loc, name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from texts_in(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts_in(item, (*loc, key))


def translation_problems(model: BaseModel, languages: list[str]) -> list[tuple[tuple[str | int, ...], str]]:
    """Texts that lack a declared language or carry an undeclared one."""
    wanted = set(languages)
    problems = []
    for loc, text in texts_in(model):
        missing = sorted(wanted - text.languages())
        extra = sorted(text.languages() - wanted)
        if missing:
            problems.append((loc, f"missing translation for {', '.join(missing)}"))
        if extra:
            problems.append((loc, f"language {', '.join(extra)} is not declared in 'languages'"))
    return problems

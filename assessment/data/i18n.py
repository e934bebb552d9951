"""The workbook's own words (labels, headings, messages) in each language, from ``locales/``.

``locales/<lang>/locale.yaml`` holds the language's name and number and date formats;
every other YAML file in that folder holds texts by key (``ui.yaml``, ``report.yaml`` …).
Every language must hold the same keys with the same placeholders, so no label can fall
back to another language in front of a user.
"""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

from pydantic import Field, RootModel

from ..errors import AssessmentError, ValidationFailed
from .datafile import load_data_file
from .paths import data_dir
from .text import DataModel, Lang, NonEmpty

MAX_SMALL_DECIMALS = 12


class Locale(DataModel):
    language: Lang
    name: NonEmpty = Field(description="The language's own name, e.g. Dansk.")
    language_tag: str = Field(
        "",
        pattern=r"^([a-z]{2,3}-[A-Z]{2})?$",
        description="Language and region for spelling and hyphenation in documents, e.g. da-DK.",
    )
    decimal_separator: str = Field(min_length=1, max_length=1)
    thousands_separator: str = Field(max_length=1)
    date_format: NonEmpty = Field(description="With {day}, {month} (name) and {year}.")
    months: list[NonEmpty] = Field(min_length=12, max_length=12)
    name_words: list[NonEmpty] = Field(
        default_factory=list,
        description=(
            "Words of the language that are also first names or surnames (per, hans, may): such a name "
            "alone in free text is listed for review before export, never hidden by guess."
        ),
    )
    strings: dict[str, str] = Field(default_factory=dict, description="Filled from the folder's other files.")


class Strings(RootModel[dict[str, NonEmpty]]):
    """One file of texts by key."""


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def locales() -> dict[str, Locale]:
    """All shipped locales by language code, checked to hold the same keys and placeholders."""
    folder = data_dir() / "locales"
    found = {}
    for meta in sorted(folder.glob("*/locale.yaml")):
        loc = _load_language(meta)
        found[loc.language] = loc
    _check_same_keys(folder, found)
    return found


def _load_language(meta: Path) -> Locale:
    loc = load_data_file(meta, Locale)
    if loc.language != meta.parent.name:
        raise AssessmentError(f"{meta}:1: language: '{loc.language}' does not match the folder name")
    strings: dict[str, str] = {}
    for path in sorted(meta.parent.glob("*.yaml")):
        if path == meta:
            continue
        part = load_data_file(path, Strings).root
        clash = sorted(set(part) & set(strings))
        if clash:
            raise AssessmentError(f"{path}: {clash[0]}: key is defined in another file of {meta.parent.name}/ too")
        strings.update(part)
    return loc.model_copy(update={"strings": strings})


def _check_same_keys(folder: Path, found: dict[str, Locale]) -> None:
    if not found:
        raise AssessmentError(f"{folder}: no locale files")
    reference = found.get("en") or next(iter(found.values()))
    problems = []
    for lang, loc in found.items():
        path = folder / lang
        for key in sorted(set(reference.strings) - set(loc.strings)):
            problems.append(f"{path}: strings.{key}: missing (present in {reference.language}/)")
        for key in sorted(set(loc.strings) - set(reference.strings)):
            problems.append(f"{path}: strings.{key}: not in {reference.language}/")
        for key in sorted(set(loc.strings) & set(reference.strings)):
            if _placeholders(loc.strings[key]) != _placeholders(reference.strings[key]):
                problems.append(f"{path}: strings.{key}: placeholders differ from {reference.language}/")
    if problems:
        raise ValidationFailed(folder, problems)


def locale(lang: str) -> Locale:
    try:
        return locales()[lang]
    except KeyError:
        raise AssessmentError(f"no locale for language '{lang}' (available: {', '.join(sorted(locales()))})") from None


def t(lang: str, key: str, **values: object) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    text = locale(lang).strings.get(key)
    if text is None:
        raise KeyError(f"no text '{key}' in locale '{lang}'")
    return text.format(**values) if values else text


def format_number(value: float, lang: str, decimals: int | None = None) -> str:
    """``2.5`` as ``2,5`` in Danish; whole numbers without decimals; thousands grouped."""
    loc = locale(lang)
    if decimals is None:
        decimals = _decimals(float(value))
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", loc.decimal_separator).replace("\0", loc.thousands_separator)


def _decimals(value: float) -> int:
    """The decimals a number is shown with: as many as it has, at most two; but a small
    number that two would round to nothing shows its own (``0.00001``, up to twelve)."""
    if value.is_integer():
        return 0
    places = -int(Decimal(repr(value)).as_tuple().exponent)
    return min(places, 2 if abs(value) >= 0.01 else MAX_SMALL_DECIMALS)


def format_date(value: date, lang: str) -> str:
    """``22. november 2026`` in Danish, ``22 November 2026`` in English."""
    loc = locale(lang)
    return loc.date_format.format(day=value.day, month=loc.months[value.month - 1], year=value.year)

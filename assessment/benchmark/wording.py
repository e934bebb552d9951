"""How a benchmark names its groups, items and figures, in the reader's language.

Every word comes from the locale, the catalogue (organisation types) or the scale (areas,
levels): a benchmark's outputs hold no text from any assessment file.
"""

from __future__ import annotations

from ..data.catalogue import Catalogue
from ..data.i18n import format_number, t
from ..data.scale import Scale
from .collect import DIALOGUE
from .disclosure import ALL, OTHER
from .figures import Benchmark, Figure, Group


def group_name(group: Group, catalogue: Catalogue, lang: str) -> str:
    if group.id == ALL:
        return t(lang, "benchmark.group.all")
    if group.id == OTHER:
        return t(lang, "benchmark.group.other")
    return catalogue.name("organisation_types", group.id, lang)


def group_note(group: Group, catalogue: Catalogue, lang: str) -> str:
    """For the pooled group, which types it holds."""
    if group.id != OTHER:
        return ""
    names = ", ".join(catalogue.name("organisation_types", i, lang) for i in group.types)
    return t(lang, "benchmark.group.other_types", types=names)


def group_words(group: Group, catalogue: Catalogue, lang: str) -> str:
    """``kommuner``: the group as a plural after its number."""
    if group.id == ALL:
        return t(lang, "benchmark.median_of.all")
    if group.id == OTHER:
        return t(lang, "benchmark.median_of.other")
    item = catalogue.item("organisation_types", group.id)
    return item.plural(lang) if item.plural else t(lang, "benchmark.median_of.type", name=item.name(lang))


def item_name(item: str, scale: Scale, lang: str) -> str:
    return t(lang, "report.summary.dialogue") if item == DIALOGUE else scale.area(item).name(lang)


def number(value: float | None, lang: str) -> str:
    return "" if value is None else format_number(round(value, 2), lang)


def quartiles(figure: Figure, lang: str) -> str:
    if figure.q1 is None or figure.q3 is None:
        return ""
    return f"{number(figure.q1, lang)}–{number(figure.q3, lang)}"


def n_text(figure: Figure, bench: Benchmark, lang: str) -> str:
    """How many organisations a figure rests on, or that it is not shown."""
    if not figure.suppressed:
        return str(figure.n)
    return t(lang, "benchmark.complement" if figure.hidden == "complement" else "benchmark.suppressed", k=bench.k)

"""What the room votes on: the dialogue level, then every area of the scale, in the scale's order.

An item's key (``dialogue`` or ``area:<id>``) names it in the document, in the phones'
forms and in the sheets; its texts come from the scale in whatever language is asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.i18n import t
from ..data.scale import Area, Level, Scale
from ..document.model import Assessment

DIALOGUE = "dialogue"
AREA_PREFIX = "area:"


@dataclass(frozen=True)
class Item:
    """One thing the room votes on, with the texts a voter reads before choosing."""

    key: str
    scale: Scale
    area: Area | None = None

    def name(self, lang: str) -> str:
        return self.area.name(lang) if self.area else t(lang, "workshop.item.dialogue")

    def question(self, lang: str) -> str:
        return self.area.question(lang) if self.area else self.scale.dialogue_question(lang)

    def descriptor(self, level: Level, lang: str) -> str:
        """What ``level`` means for this item: the area's descriptor, or the level's summary."""
        return self.area.descriptors[level.level](lang) if self.area else level.summary(lang)

    def answer(self, doc: Assessment) -> tuple[int | None, int | None]:
        """The item's agreed (current, desired) levels as the assessment holds them."""
        if self.area is None:
            return doc.dialogue.current, doc.dialogue.desired
        r = doc.rating(self.area.id)
        return (r.current, r.desired) if r else (None, None)


def area_key(area_id: str) -> str:
    return AREA_PREFIX + area_id


def items(scale: Scale) -> list[Item]:
    """Every item of the scale: the dialogue level first, then the areas."""
    return [Item(DIALOGUE, scale), *(Item(area_key(a.id), scale, a) for a in scale.areas)]


def item(scale: Scale, key: str) -> Item:
    """The item with ``key``; raises KeyError for a key the scale does not have."""
    for found in items(scale):
        if found.key == key:
            return found
    raise KeyError(key)

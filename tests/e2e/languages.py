"""Which texts on a page belong to another language than the session's.

A text of another language counts only where it differs from the session's own words for
the same thing (``Formål`` is Danish and Norwegian alike), and only by its fixed parts
around ``{placeholders}``, five characters or longer. A fragment the session's own
language also uses somewhere (``Kommune`` in both) proves nothing and is left out.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator

from pydantic import BaseModel

from assessment.data.i18n import locales
from assessment.data.text import texts_in

MIN_LENGTH = 5


def fragments(text: str) -> Iterator[str]:
    for part, *_ in string.Formatter().parse(text):
        if part and len(part.strip()) >= MIN_LENGTH:
            yield part.strip()


def _translations(sources: Iterable[BaseModel]) -> Iterator[dict[str, str]]:
    """Every text of the workbook, its scale and catalogue, as {language: text}."""
    loc = locales()
    for key in loc["en"].strings:
        yield {lang: loc[lang].strings[key] for lang in loc}
    for source in sources:
        for _, text in texts_in(source):
            yield dict(text.root)


def _occurs(fragment: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text) is not None


def foreign_texts(shown: list[str], lang: str, *sources: BaseModel) -> list[str]:
    """The fragments of other languages' texts that show on the page, plus raw Python values."""
    own, foreign = [], set()
    for texts in _translations(sources):
        mine = texts.get(lang)
        if mine:
            own.append(mine)
        foreign.update(
            frag for other, text in texts.items() if other != lang and text != mine for frag in fragments(text)
        )
    own_words = "\n".join(own)
    page = "\n".join(shown)
    leaks = sorted(frag for frag in foreign if not _occurs(frag, own_words) and _occurs(frag, page))
    return leaks + sorted({s for s in shown if s.strip() in {"True", "False", "None"}})

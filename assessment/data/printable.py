"""Text as every output can hold it, made so where text enters a model (one place, so no
output meets anything else).

Two kinds of character are taken out of what users type or paste:

- control characters XML cannot hold, so neither can xlsx, docx or SVG (an Excel file with a
  vertical tab in it does not open). Word pastes its line break as a vertical tab and its
  page break as a form feed: those become line breaks, the others are dropped;
- a character drawn as one but built of more than ``MAX_CLUSTER`` code points (a letter under
  thousands of combining accents, thousands of emoji joined by zero-width joiners) is cut
  there. No script needs more; typst's memory grows with the square of such a character's
  length and its PDF writer crashes beyond 64 kB.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BeforeValidator

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}
MAX_CLUSTER = 32  # a family emoji with skin tones takes 11
# A character longer than MAX_CLUSTER needs that many code points above U+02FF in a row (every
# accent, joiner and modifier lies there) after its first: a cheap test ordinary text never meets.
_LONG_RUN = re.compile(f"(?s:.)?[^\x00-\u02ff]{{{MAX_CLUSTER},}}")
_ZWJ = "\u200d"


def printable(value: Any) -> Any:
    """``value`` cleaned as the module says, if it is a string; anything else as it is (the
    model's own check then refuses it)."""
    if not isinstance(value, str):
        return value
    try:
        latin1 = value.encode("latin-1")
    except UnicodeEncodeError:
        latin1 = None
    if latin1 is not None and len(latin1.translate(None, _CONTROL_BYTES)) == len(latin1):
        return value  # most text, found at C speed (a pattern takes milliseconds for a long note)
    value = _NOT_IN_XML.sub(lambda m: _LINE_BREAKS.get(m.group(), ""), value)
    if latin1 is not None:  # no accent, joiner or modifier lies below U+0100
        return value
    return _LONG_RUN.sub(lambda m: _short_clusters(m.group()), value)


def _short_clusters(run: str) -> str:
    kept, size, previous = [], 0, ""
    for char in run:
        size = size + 1 if previous == _ZWJ or _attaches(char, previous) else 1
        if size <= MAX_CLUSTER:
            kept.append(char)
        previous = char
    return "".join(kept)


def _attaches(char: str, previous: str) -> bool:
    """Whether ``char`` is drawn as part of the character before it."""
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == _ZWJ
        or "\ufe00" <= char <= "\ufe0f"  # variation selectors (text or emoji style)
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin tones
        or "\U000e0020" <= char <= "\U000e007f"  # tags (the flags of Scotland, Wales …)
        or (_jamo(char) and _jamo(previous))  # Korean letters joined into a syllable
    )


def _jamo(char: str) -> bool:
    return "\u1100" <= char <= "\u11ff" or "\ua960" <= char <= "\ua97f" or "\ud7b0" <= char <= "\ud7ff"


#: A string cleaned by :func:`printable` before it is checked (put it last in ``Annotated``, so
#: the length rules keep their own messages).
Printable = BeforeValidator(printable)

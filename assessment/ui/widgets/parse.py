"""Numbers and dates as people type them in their own language (``2,5``, ``20.000``, ``22.11.2026``).

Plain text inputs instead of the browser's number and date pickers: those follow the
browser's language, which would put English controls into a Danish workshop.
"""

from __future__ import annotations

import math
import re
from datetime import date

from ...data.i18n import format_number, locale, t


def parse_number(text: str, lang: str) -> float | None:
    """The number in ``text`` (None when empty); raises ValueError when it is not one."""
    s = re.sub(r"[\s\u00a0\u202f]", "", text)
    if not s:
        return None
    loc = locale(lang)
    dec, thousands = loc.decimal_separator, loc.thousands_separator.strip()
    if thousands and re.fullmatch(rf"[-+]?\d{{1,3}}({re.escape(thousands)}\d{{3}})+({re.escape(dec)}\d+)?", s):
        s = s.replace(thousands, "")
    value = float(s.replace(dec, "."))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def show_number(value: float | None, lang: str) -> str:
    return "" if value is None else format_number(value, lang)


_DAY_FIRST = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> date | None:
    """``22.11.2026``, ``22-11-2026``, ``22/11/2026`` or ``2026-11-22``; None when empty."""
    s = text.strip()
    if not s:
        return None
    if m := _DAY_FIRST.fullmatch(s):
        day, month, year = map(int, m.groups())
    elif m := _ISO.fullmatch(s):
        year, month, day = map(int, m.groups())
    else:
        raise ValueError(text)
    return date(year, month, day)


def show_date(value: date | None, lang: str) -> str:
    """The date as the input shows it, in the language's short form."""
    return "" if value is None else t(lang, "ui.date.short", day=value.day, month=value.month, year=value.year)

"""Default file names derived from what users type (an organisation's name, a table's title).

A name like ``Region ../Syd/ Øst`` must never become a path that leaves the chosen
folder, a hidden file or a name Windows refuses; it should still read as the name.
"""

from __future__ import annotations

import re
import unicodedata

# Nordic letters written the way Danes and Norwegians spell them without the letter.
_SPELLED_OUT = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ð": "d", "þ": "th"}
)
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_STEM = 60


def safe_file_stem(name: str, fallback: str = "assessment") -> str:
    """``Region ../Syd/ Øst`` -> ``region-syd-oest``: lower-case ASCII letters, digits and
    single dashes only, so it is one plain file name on every system."""
    text = unicodedata.normalize("NFKC", name).lower().translate(_SPELLED_OUT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^a-z0-9]+", "-", text.replace("'", "")).strip("-")[:MAX_STEM].rstrip("-")
    if not stem:
        return fallback
    return f"{stem}-{fallback}" if stem in _WINDOWS_RESERVED else stem

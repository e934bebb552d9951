"""Which assessment the workbook is working on, remembered across notebooks and kernels.

Each notebook runs in its own kernel, so the choice made in the start notebook is kept in
a small state file in the user's workbook home (``~/.dialogue-workbook/``, or as
configured: :mod:`assessment.config`). ``$ASSESSMENT`` overrides it for automated runs. The shipped
examples are never edited in place: they are copied into the home's ``assessments/``
folder first, because every change is saved at once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .. import config
from ..data.paths import examples_dir
from ..files.writing import write_atomically
from .store import MAX_BYTES

HOME_ENV = config.HOME_ENV  # the variable a child process (a kernel, a test) is given its home by
ASSESSMENT_ENV = "ASSESSMENT"
DEFAULT_EXAMPLE = "hospital-da.json"
STATE_FILE = "state.json"


def home() -> Path:
    """The per-user folder holding the state file and the copied assessments."""
    return config.workbook_home()


def assessments_dir() -> Path:
    folder = home() / "assessments"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def read_state() -> dict[str, str]:
    """The remembered choice; a missing or damaged state file just means nothing is chosen."""
    try:
        state = json.loads((home() / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {k: v for k, v in state.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(state, dict) else {}
    )


def _write_state(state: dict[str, str]) -> None:
    folder = home()
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / STATE_FILE, json.dumps(state, ensure_ascii=False, indent=2).encode("utf-8"))


def remember(path: Path, language: str) -> None:
    """Make ``path`` the assessment the following notebooks open; its language names errors."""
    path = Path(path).resolve()
    _write_state({"current": str(path), "language": language})


def remembered_language(default: str = "da") -> str:
    return read_state().get("language", default)


def current_language(default: str = "da") -> str:
    """The language of the assessment the next page opens, read from its file without
    opening it (nothing made, nothing migrated): a switch is saved at once, while the
    remembered language follows a moment later. Else the remembered language."""
    override = env_override()
    remembered = read_state().get("current")
    chosen = override or (Path(remembered) if remembered else None)
    try:
        if chosen is not None and chosen.stat().st_size <= MAX_BYTES:
            lang = json.loads(chosen.read_bytes()).get("language")
            if isinstance(lang, str):
                return lang
    except (OSError, ValueError, AttributeError):
        pass
    return remembered_language(default)


def env_override() -> Path | None:
    """The file ``$ASSESSMENT`` points at, when it is set."""
    value = os.environ.get(ASSESSMENT_ENV, "").strip()
    return Path(value).expanduser() if value else None


def current_path() -> Path:
    """The assessment to open now: ``$ASSESSMENT``, else the remembered one, else a copy of
    the built-in example (made on first use and remembered)."""
    override = env_override()
    if override is not None:
        return protect(override)
    remembered = read_state().get("current")
    if remembered and Path(remembered).is_file():
        return protect(Path(remembered))
    path = copy_example(DEFAULT_EXAMPLE, fresh=False)
    remember(path, "da")
    return path


def is_shipped_example(path: Path) -> bool:
    return Path(path).resolve().parent == examples_dir().resolve()


def protect(path: Path) -> Path:
    """A shipped example is replaced by its working copy, so autosave never touches it."""
    return copy_example(Path(path).name, fresh=False) if is_shipped_example(path) else Path(path)


def examples() -> list[Path]:
    return sorted(examples_dir().glob("*.json"))


def assessments_in(folder: Path) -> list[Path]:
    """The assessment files in ``folder`` (backups and hidden files left out)."""
    try:
        return sorted(p for p in Path(folder).glob("*.json") if not p.name.startswith(".") and p.is_file())
    except OSError:
        return []


def unique_path(folder: Path, stem: str) -> Path:
    """``stem.json`` in ``folder``, or ``stem-2.json``, ``stem-3.json`` … if taken."""
    candidate, n = Path(folder) / f"{stem}.json", 1
    while candidate.exists():
        n += 1
        candidate = Path(folder) / f"{stem}-{n}.json"
    return candidate


def copy_example(name: str, *, fresh: bool) -> Path:
    """The working copy of a shipped example in the home's ``assessments/``; ``fresh`` makes
    a new copy beside any earlier one instead of reusing it."""
    source = examples_dir() / name
    target = assessments_dir() / name
    if fresh or not target.exists():
        target = unique_path(target.parent, target.stem) if fresh else target
        write_atomically(target, source.read_bytes())
    return target

"""Where the workbook keeps things, from the environment or a config file, never from code.

A national programme installs one package for thousands of users; what differs between
a laptop and a hub (the workbook home, the programme's shared scales, the vote server)
is configuration. Each setting is looked up, in this order:

1. its environment variable (``DIALOGUE_WORKBOOK_HOME``, ``…_SCALES``, ``…_VOTE_URL``,
   ``…_CACHE``), which a hub sets per user server;
2. the config file ``$DIALOGUE_WORKBOOK_CONFIG`` names; without that variable, the
   user's ``~/.dialogue-workbook/config.toml`` and then the system-wide
   ``/etc/dialogue-workbook/config.toml`` (on Windows, the site config folder);
3. the default.

Nothing is cached between calls: a process serves one user, and a changed file counts at
the next call. A config file looks like this (every key optional)::

    home = "~/dialogue-workbook"             # state, assessments, logs
    scales = ["/srv/programme/scales"]       # shared, read-only folders of scale files
    vote_url = "https://hub.example.org/services/workshop/"
    cache = "~/.cache/dialogue-workbook"     # validated data files
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import platformdirs

from .errors import AssessmentError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

APP = "dialogue-workbook"
CONFIG_ENV = "DIALOGUE_WORKBOOK_CONFIG"
HOME_ENV = "DIALOGUE_WORKBOOK_HOME"
SCALES_ENV = "DIALOGUE_WORKBOOK_SCALES"
VOTE_URL_ENV = "DIALOGUE_WORKBOOK_VOTE_URL"
CACHE_ENV = "DIALOGUE_WORKBOOK_CACHE"
#: The vote server's address had a second variable once; it is refused, not silently ignored.
RETIRED_VOTE_ENV = "DIALOGUE_WORKBOOK_VOTE_BASE_URL"
#: setting -> its environment variable
SETTINGS = {"home": HOME_ENV, "scales": SCALES_ENV, "vote_url": VOTE_URL_ENV, "cache": CACHE_ENV}
USER_CONFIG = Path("~/.dialogue-workbook/config.toml")
SYSTEM_CONFIG = (
    Path(f"/etc/{APP}/config.toml")
    if os.name == "posix"
    else platformdirs.site_config_path(APP, appauthor=False) / "config.toml"
)


@dataclass(frozen=True)
class Setting:
    """A setting's raw value and where it came from (an environment variable or a file)."""

    value: Any
    source: str
    folder: Path | None = None  # a file's folder, for its relative paths; None: the working directory


def config_files() -> list[Path]:
    """The files read, most important first: ``$DIALOGUE_WORKBOOK_CONFIG`` alone when set
    (a test or a hub can rule out every other file), else the user's, then the system's."""
    named = os.environ.get(CONFIG_ENV, "").strip()
    if named:
        return [Path(named).expanduser()]
    return [USER_CONFIG.expanduser(), SYSTEM_CONFIG]


def _read(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise AssessmentError(f"{path}: cannot read the configuration: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AssessmentError(f"{path}: not a valid TOML configuration: {exc}") from None
    unknown = sorted(set(data) - set(SETTINGS))
    if unknown:
        raise AssessmentError(f"{path}: unknown setting '{unknown[0]}'; known: {', '.join(SETTINGS)}")
    return data


def lookup(name: str) -> Setting | None:
    """The setting ``name`` from its environment variable or the first file that has it."""
    value = os.environ.get(SETTINGS[name], "").strip()
    if value:
        return Setting(value, SETTINGS[name])
    for path in config_files():
        data = _read(path)
        if name in data:
            return Setting(data[name], f"{path}", path.parent)
    return None


def _path(setting: Setting, value: Any) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise AssessmentError(f"{setting.source}: a folder must be a non-empty text, not {value!r}")
    path = Path(value.strip()).expanduser()
    return setting.folder / path if setting.folder and not path.is_absolute() else path


def workbook_home() -> Path:
    """The per-user folder holding the state file, the assessments and the error log."""
    setting = lookup("home")
    return _path(setting, setting.value) if setting else Path.home() / ".dialogue-workbook"


def shared_scale_dirs() -> list[Path]:
    """The folders of scales a programme publishes to all its users (only ever read).
    The environment variable lists them separated by ``os.pathsep`` (``:``, ``;`` on Windows)."""
    setting = lookup("scales")
    if setting is None:
        return []
    values = setting.value
    if isinstance(values, str):  # the variable lists folders; a file's text names one
        values = [v for v in values.split(os.pathsep) if v.strip()] if setting.folder is None else [values]
    if not isinstance(values, list):
        raise AssessmentError(f"{setting.source}: scales must be a folder or a list of folders, not {values!r}")
    return [_path(setting, v) for v in values]


def vote_base_url() -> str | None:
    """The public address of the workshop vote server, ending in ``/``: participants' links
    start with it, and its path is where the server's routes live (behind a proxy, or the
    hub's workshop service). None: the server names its own address (this computer or the
    local network). The one place this setting is read; ``--base-url`` overrides it."""
    if os.environ.get(RETIRED_VOTE_ENV, "").strip():
        raise AssessmentError(
            f"{RETIRED_VOTE_ENV} is no longer read: set {VOTE_URL_ENV} (or vote_url in the "
            "config file) to the vote server's public address instead"
        )
    setting = lookup("vote_url")
    if setting is None:
        return None
    value = setting.value
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise AssessmentError(
            f"{setting.source}: vote_url must be an http:// or https:// address such as "
            f"https://hub.example.org/services/workshop/, not {value!r}"
        )
    return value if value.endswith("/") else value + "/"


def cache_dir() -> Path:
    """Where validated data files are cached (the user's cache folder by default)."""
    setting = lookup("cache")
    return _path(setting, setting.value) if setting else platformdirs.user_cache_path(APP, appauthor=False)


def describe() -> list[str]:
    """One line per setting: its value and where it came from, for ``assessment config``."""
    values = {
        "home": workbook_home(),
        "scales": os.pathsep.join(map(str, shared_scale_dirs())) or "(none)",
        "vote_url": vote_base_url() or "(none)",
        "cache": cache_dir(),
    }
    lines = [f"config files: {', '.join(str(p) + ('' if p.is_file() else ' (absent)') for p in config_files())}"]
    for name, value in values.items():
        setting = lookup(name)
        lines.append(f"{name}: {value}  [{setting.source if setting else 'default'}]")
    return lines

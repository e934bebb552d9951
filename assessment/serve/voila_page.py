"""The app's page around the widgets, in the assessment's language from the first moment.

Voilà draws its loading screen and the page title before the notebook runs, from the
notebook's name ("app") and its own English ("Running …"). :func:`prelaunch`, Voilà's
prelaunch hook, writes the words of the language the workbook home remembers into the
notebook's metadata; the ``workbook`` template (``voila/templates/workbook``) shows them.
``assessment app`` sets both up (:func:`app_options`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..data.i18n import locales, t
from ..document import workspace

#: The folder ``assessment app`` adds to Jupyter's data path, holding ``voila/templates/workbook``.
JUPYTER_DATA = Path(__file__).resolve().parent
#: The folder holding ``voila.py`` (this hook, as Voilà configuration).
CONFIG_DIR = JUPYTER_DATA / "voila"
TEMPLATE = "workbook"


def page_language() -> str:
    """The language the next page opens in: the remembered one, if the workbook speaks it."""
    lang = workspace.remembered_language()
    return lang if lang in locales() else "da"


def prelaunch(handler: Any, notebook: Any, cwd: str) -> Any:
    """Voilà's hook: the page's title, loading text and ``lang`` in the session's language.

    It also gives the page its ``_xsrf`` cookie (tornado sets it when the token is first
    read): Voilà's page sends it with the request to shut its kernel down when it is closed
    or reloaded, and without it the server refused that request (403) and the kernel stayed."""
    _ = handler.xsrf_token
    lang = page_language()
    notebook.metadata["title"] = t(lang, "ui.app.page_title")
    notebook.metadata["dmw"] = {"lang": lang, "loading": t(lang, "ui.app.loading")}
    return notebook


def app_options() -> list[str]:
    """Voilà options for the app: this package's template, and ``voila/voila.py`` (the hook)."""
    return [f"--VoilaConfiguration.template={TEMPLATE}", f"--Voila.config_file_paths={CONFIG_DIR}"]


def app_environment(env: dict[str, str]) -> dict[str, str]:
    """``env`` with this package's folder first on Jupyter's data path, where Voilà looks
    for the ``workbook`` template."""
    path = env.get("JUPYTER_PATH", "")
    return {**env, "JUPYTER_PATH": os.pathsep.join(p for p in (str(JUPYTER_DATA), path) if p)}

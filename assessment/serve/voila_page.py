"""The app's page around the widgets, in the assessment's language, and ready at once.

Voilà draws its loading screen and the page title before the notebook runs, from the
notebook's name ("app") and its own English ("Running …"). The ``workbook`` template
(``voila/templates/workbook``) asks :func:`page_words`, a Jinja filter, for the words of
the current assessment's language; the part of the page after the widgets asks
again, so a title made before a language switch is put right once the page is asked for.

``assessment app`` serves on this computer with one kernel heated in advance: the kernel
has started and imported the workbook before anyone opens the page, and waits
(:func:`wait_for_page`) until a page asks for it before it reads which file and language
are current. Away from this computer (``--host``) no kernel is heated: Voilà would tell a
waiting kernel the request's address, token included, over a socket it does not guard.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..data.i18n import locales, t
from ..document import workspace

#: The folder ``assessment app`` adds to Jupyter's data path, holding ``voila/templates/workbook``.
JUPYTER_DATA = Path(__file__).resolve().parent
TEMPLATE = "workbook"
FILTER = "dmw_page"
#: Set by Voilà in a kernel it heats in advance.
PREHEATED = "VOILA_PREHEAT"


def page_words(_notebook: Any = None) -> dict[str, str]:
    """The page's ``lang``, title and loading text (the template's ``dmw_page`` filter), in
    the current assessment's language if the workbook speaks it."""
    lang = workspace.current_language()
    lang = lang if lang in locales() else "da"
    return {"lang": lang, "title": t(lang, "ui.app.page_title"), "loading": t(lang, "ui.app.loading")}


def wait_for_page() -> None:
    """In a kernel heated in advance, wait for the page that takes it: what the app shows
    (the current file, its language, a first visit) is read then, not when the kernel
    was started, maybe before another file was opened in an earlier page."""
    if os.environ.get(PREHEATED) == "True":
        from voila.utils import wait_for_request

        wait_for_request()


def page_options(*, heated: bool) -> list[str]:
    """Voilà options for any server that shows the workbook in Voilà: this package's
    template and its filter; with ``heated``, one kernel heated in advance (Voilà alone)."""
    return [
        f"--VoilaConfiguration.template={TEMPLATE}",
        f"--TemplateExporter.filters={FILTER}={__name__}.page_words",
        *(["--VoilaConfiguration.preheat_kernel=True", "--VoilaConfiguration.default_pool_size=1"] if heated else []),
    ]


def app_environment(env: dict[str, str]) -> dict[str, str]:
    """``env`` with this package's folder first on Jupyter's data path, where Voilà looks
    for the ``workbook`` template."""
    path = env.get("JUPYTER_PATH", "")
    return {**env, "JUPYTER_PATH": os.pathsep.join(p for p in (str(JUPYTER_DATA), path) if p)}

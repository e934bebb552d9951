"""Fixtures for the browser tests: Debian's chromium through Playwright, the app (Voilà) and
JupyterLab on free ports with a private workbook home, and a page per test whose
screenshots go to ``screenshots/e2e/<journey>/`` (ignored by git).

Every test here is marked ``e2e`` (``pytest -m "not e2e"`` leaves them out) but runs by
default. A missing chromium is a failure with the fix in its message, never a silent
skip: CI installs it (``.ci/run``); Playwright itself comes with the test extras.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from ..conftest import REPO
from .servers import Server, start_app, start_lab
from .workbook import Workbook

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPO / "screenshots" / "e2e"
VIEWPORT = {"width": 1366, "height": 900}  # a laptop, or a workshop projector


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Keep each phase's outcome on the test, for :func:`workbook` to photograph a failure."""
    report = yield
    setattr(item, f"outcome_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One chromium for the whole run (each test gets its own context)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"chromium not found at {CHROMIUM}: install Debian's package (`apt-get install chromium`, "
            "as .ci/run does) or set CHROMIUM to its path",
            pytrace=False,
        )
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The workbook home the servers of this test use (``DIALOGUE_WORKBOOK_HOME``)."""
    return tmp_path / "home"


@pytest.fixture
def app(home: Path, tmp_path: Path) -> Iterator[Callable[[], Server]]:
    """Start the app (again, after a crash) on ``home``; every server started is stopped."""
    started: list[Server] = []

    def start() -> Server:
        started.append(start_app(home, tmp_path / f"voila-{len(started)}"))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def assessment_file(tmp_path: Path) -> Path:
    """A copy of the shipped municipality example, for ``$ASSESSMENT`` to point at."""
    target = tmp_path / "files" / "fjordby.json"
    target.parent.mkdir()
    shutil.copy(REPO / "examples" / "municipality-da.json", target)
    return target


@pytest.fixture
def lab(home: Path, tmp_path: Path, assessment_file: Path) -> Iterator[Server]:
    """JupyterLab on a copy of the workbook's notebooks (nothing in the repository changes),
    with ``$ASSESSMENT`` pointing at :func:`assessment_file`."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    server = start_lab(home, tmp_path / "lab", notebooks, assessment=assessment_file)
    yield server
    server.stop()


@pytest.fixture
def workbook(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[[str], Workbook]]:
    """Open a page for a journey; its screenshots go to ``screenshots/e2e/<journey>/``, and
    when the test fails, each page as it was to ``screenshots/e2e/failed/<test>/``."""
    contexts, cleared = [], set()

    def open_page(journey: str, locale: str = "da-DK") -> Workbook:
        folder = SCREENSHOTS / journey
        if journey not in cleared:
            shutil.rmtree(folder, ignore_errors=True)
            cleared.add(journey)
        context = browser.new_context(viewport=VIEWPORT, locale=locale)
        contexts.append(context)
        return Workbook(context.new_page(), folder)

    yield open_page
    outcome = getattr(request.node, "outcome_call", None)
    failed = outcome is not None and outcome.failed
    evidence = SCREENSHOTS / "failed" / request.node.name
    shutil.rmtree(evidence, ignore_errors=True)
    for context in contexts:
        for page in context.pages if failed else ():
            shot = Workbook(page, evidence).shot("at-failure", whole=False)
            shot.with_suffix(".html").write_text(page.content(), encoding="utf-8")
        context.close()

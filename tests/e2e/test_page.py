"""The page around the widgets: in the assessment's language from the loading screen on,
and no kernel left behind by pages that were closed or reloaded."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.data.i18n import t
from assessment.document import workspace

from .servers import wait_until
from .workbook import LOAD

CULLED = 150.0  # s: the cull time in voila.json, its check interval and the page's ping window, with room


@pytest.fixture
def norwegian_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(workspace.HOME_ENV, str(home))
    workspace.remember(workspace.copy_example("national-body-nb.json", fresh=False), "nb")
    return home


def test_the_loading_screen_and_title_speak_the_assessments_language(app, norwegian_home, workbook):
    server = app()
    wb = workbook("page-nb", locale="nb-NO")
    response = wb.page.goto(server.url, timeout=LOAD)
    assert response is not None
    first = response.text()  # what shows while the notebook runs
    assert t("nb", "ui.app.loading") in first and "Running" not in first
    expect(wb.page.locator(".dmw-page")).to_be_visible(timeout=LOAD)
    assert wb.page.title() == t("nb", "ui.app.page_title")
    assert wb.page.locator("html").get_attribute("lang") == "nb"


def test_five_reloads_leave_at_most_one_kernel(app, home, workbook):
    server = app()
    wb = workbook("reloads")
    wb.open(server.url)
    for _ in range(5):
        wb.page.reload(timeout=LOAD)
        expect(wb.page.locator(".dmw-page")).to_be_visible(timeout=LOAD)
    wb.page.close()
    wait_until(lambda: len(server.kernels()) <= 1, CULLED, "kernels of closed pages shut down or culled")
    log = server.log.read_text(errors="replace")
    assert "_xsrf" not in log and "Kernel shutdown" in log, "each page shut its kernel down when it went"

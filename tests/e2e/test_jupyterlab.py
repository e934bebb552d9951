"""The workshop route: JupyterLab serves the start notebook, and after *Run All Cells* its
widgets are drawn and work on the file ``$ASSESSMENT`` names."""

from __future__ import annotations

from playwright.sync_api import expect

from assessment.data.i18n import t
from assessment.document import workspace
from assessment.document.store import load

from .servers import wait_until
from .workbook import LOAD


def test_jupyterlab_runs_the_start_notebook_and_its_widgets_work(lab, assessment_file, workbook):
    wb = workbook("jupyterlab")
    wb.page.goto(f"{lab.url}lab/tree/01_start.ipynb", timeout=LOAD)
    expect(wb.page.locator(".jp-NotebookPanel .jp-Cell").first).to_be_visible(timeout=LOAD)
    wait_until(lambda: lab.kernel_ready("01_start.ipynb"), LOAD / 1000, "the notebook's kernel connected and idle")
    wb.shot("notebook-open", whole=False)

    wb.page.get_by_role("menuitem", name="Run", exact=True).click()
    wb.page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    expect(wb("dmw-view-start")).to_be_visible(timeout=LOAD)
    expect(wb("dmw-view-intake")).to_be_visible()
    expect(wb("dmw-current-file")).to_contain_text(assessment_file.name)
    expect(wb("dmw-view-start")).to_contain_text(t("da", "ui.start.env_override", variable=workspace.ASSESSMENT_ENV))

    wb.write("dmw-workshop-place", "Biblioteket, lokale 2")
    expect(wb("dmw-save-state")).to_contain_text(t("da", "ui.save.saved", time=""))
    assert load(assessment_file).workshop.place == "Biblioteket, lokale 2"
    expect(wb("dmw-connection-lost")).to_be_attached()  # the kernel's beat arrives: no warning
    expect(wb("dmw-connection-lost")).to_be_hidden()
    wb("dmw-view-start").scroll_into_view_if_needed()
    wb.shot("start-notebook-run", whole=False)


def test_voila_inside_jupyterlab_shows_the_app_in_the_assessments_language(lab, assessment_file, workbook):
    """Lab's Voilà (and a hub's, started the same way) uses the workbook's page: its title,
    ``lang`` and loading text, not Voilà's English and the notebook's file name."""
    wb = workbook("jupyterlab-voila")
    response = wb.page.goto(f"{lab.url}voila/render/app.ipynb", timeout=LOAD)
    assert response is not None
    first = response.text()
    assert t("da", "ui.app.loading") in first and "Running" not in first and "cdn.jsdelivr" not in first
    expect(wb.page.locator(".dmw-page")).to_be_visible(timeout=LOAD)
    assert wb.page.title() == t("da", "ui.app.page_title")
    assert wb.page.locator("html").get_attribute("lang") == "da"

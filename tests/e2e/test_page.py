"""The page around the widgets: in the assessment's language from the loading screen on,
and no kernel left behind by pages that were closed or reloaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.data.i18n import locale, t
from assessment.document import workspace

from .conftest import SCREENSHOTS
from .servers import wait_until
from .workbook import LOAD, STEPS, Workbook

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


def test_a_page_opened_after_a_language_switch_speaks_the_new_language(app, norwegian_home, workbook):
    """The next page's kernel was heated (and its title made) before the switch; the page
    still opens in the language chosen last, title and all."""
    server = app()
    wb = workbook("page-switch", locale="nb-NO")
    wb.open(server.url)
    wb.page.locator(".dmw-language select").select_option(label=locale("da").name)
    tab = wb.page.locator(".dmw-tabs .lm-TabBar-tab").nth(1)
    expect(tab).to_have_text(f"2 · {t('da', 'section.purpose')}", timeout=LOAD)
    wb.page.reload(timeout=LOAD)
    expect(wb.page.locator(".dmw-page")).to_be_visible(timeout=LOAD)
    expect(tab).to_have_text(f"2 · {t('da', 'section.purpose')}")
    assert wb.page.title() == t("da", "ui.app.page_title")
    assert wb.page.locator("html").get_attribute("lang") == "da"


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


_OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll('.dmw-page *')).filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && !el.closest('.dmw-table');  // a wide table scrolls in its own box
  }).slice(0, 5).map(el => `${el.className} "${el.textContent.trim().slice(0, 40)}" ends at ${Math.round(el.getBoundingClientRect().right)} of ${width}`);
}
"""


#: Dropdowns whose chosen option does not show whole: the box sticks out of its field (and is
#: cut off there), or (``whole``) its text is wider than the room inside the box.
_CUT_JS = """
whole => Array.from(document.querySelectorAll('.dmw-page select'))
  .filter(s => s.offsetParent && s.selectedIndex >= 0).map(s => {
  const style = getComputedStyle(s), pen = document.createElement('canvas').getContext('2d');
  pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const label = s.options[s.selectedIndex].text, needs = pen.measureText(label).width;
  const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const field = s.closest('.dmw-field') || s.parentElement;
  const out = s.getBoundingClientRect().right - field.getBoundingClientRect().right;
  return (whole && needs > room + 1) || out > 1 ? `"${label}" needs ${Math.round(needs)} px, has ${Math.round(room)}` : '';
}).filter(Boolean)
"""

#: Tables that hide columns behind their own scroll bar.
_CLIPPED_TABLES_JS = """
() => Array.from(document.querySelectorAll('.dmw-page .dmw-table')).filter(t => t.offsetParent)
  .filter(t => t.scrollWidth > t.clientWidth + 1).map(t => t.textContent.trim().slice(0, 40))
"""

#: Column headings of row tables that stand more than 3 px off the column of their first row.
_ASKEW_HEADINGS_JS = """
() => Array.from(document.querySelectorAll('.dmw-page .dmw-rows-head')).filter(h => h.offsetParent).flatMap(head => {
  const line = head.parentElement.querySelector('.dmw-row-line');
  if (!line) return [];
  const cells = Array.from(line.children);
  return Array.from(head.children).filter((label, i) => cells[i]
      && Math.abs(label.getBoundingClientRect().left - cells[i].getBoundingClientRect().left) > 3)
    .map(label => `"${label.textContent.trim()}"`);
})
"""

#: Pixels from the folder field to the create button on a first visit's new-assessment panel.
_START_GAP_JS = """
() => document.querySelector('.dmw-new-button').getBoundingClientRect().top
      - document.querySelector('.dmw-start-new .dmw-open-folder').getBoundingClientRect().bottom
"""


@pytest.mark.parametrize(
    "size, scale, wide",
    # a phone is narrower than a goal's 60 characters in a dropdown (its own picker shows them whole)
    # and than some tables (they scroll)
    [((1366, 768), 1, True), ((1920, 1080), 1, True), ((910, 512), 1.5, True), ((360, 740), 1, False)],
    ids=["1366x768", "1920x1080", "1366x768-at-150%", "phone-360"],
)
def test_every_step_fits_reads_and_keeps_the_save_indicator_in_view(app, browser, size, scale, wide):
    server = app()
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, device_scale_factor=scale)
    try:
        folder = SCREENSHOTS / f"layout-{size[0]}x{size[1]}@{scale}"
        shutil.rmtree(folder, ignore_errors=True)  # this run's pictures only
        wb = Workbook(context.new_page(), folder)
        wb.open(server.url)  # a first visit: the panel for a new assessment
        gap = wb.page.evaluate(_START_GAP_JS)
        assert 0 < gap < 40, f"the new assessment's fields and its create button stay together ({gap:.0f} px apart)"
        wb.shot("start-new")
        wb.press("dmw-way-new")  # the file in use, with its intake
        page_width = wb.page.evaluate("() => document.querySelector('.dmw-page').getBoundingClientRect().width")
        assert page_width > 0.9 * size[0] - 80, "the page uses the screen's width"
        for step in STEPS:
            wb.go_to(step)
            assert wb.page.evaluate(_OVERFLOW_JS) == [], step
            assert wb.page.evaluate(_CUT_JS, wide) == [], f"{step}: every dropdown shows its whole choice"
            if wide:
                assert wb.page.evaluate(_CLIPPED_TABLES_JS) == [], f"{step}: every table shows all its columns"
            assert wb.page.evaluate(_ASKEW_HEADINGS_JS) == [], f"{step}: column headings stand over their columns"
            intro = wb(f"dmw-view-{step}").locator(".dmw-intro .widget-html-content").first
            assert float(intro.evaluate("el => getComputedStyle(el).fontSize")[:-2]) >= 15, step
            wb.page.mouse.wheel(0, 3000)
            expect(wb("dmw-save")).to_be_in_viewport()
            box = wb("dmw-save").bounding_box()
            assert box is not None and (box["width"] < 0.5 * size[0] or not wide), (
                f"{step}: the save note keeps to its corner"
            )
            wb.shot(step, whole=False)
    finally:
        context.close()

"""The app for someone using a screen reader or the keyboard alone: no serious or critical
axe-core finding on any step, and a new assessment made and walked to its report with
the keyboard alone."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from assessment.data.i18n import t

from .accessibility import serious_violations
from .workbook import LOAD, STEPS, Workbook

TABS = 400  # presses of Tab to reach the next control before giving up


def test_no_step_has_a_serious_accessibility_finding(app, workbook):
    server = app()
    wb = workbook("accessibility")
    wb.open(server.url)
    found = {"start-new": serious_violations(wb.page)}
    wb.press("dmw-way-new")  # back to the file in use: its intake
    for step in STEPS:
        wb.go_to(step)
        found[step] = serious_violations(wb.page)
    problems = [f"{step}: {line}" for step, lines in found.items() for line in lines]
    assert not problems, "\n".join(problems)


def focused_in(page: Page, css: str) -> bool:
    return page.evaluate("css => !!(document.activeElement && document.activeElement.closest('.' + css))", css)


def tab_to(page: Page, css: str) -> None:
    """Press Tab until the focus is on (or in) the widget with class ``css``."""
    for _ in range(TABS):
        if focused_in(page, css):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{css}: not reached with Tab")


def test_the_journey_works_with_the_keyboard_alone(app, workbook):
    server = app()
    wb: Workbook = workbook("keyboard")
    wb.open(server.url)
    page = wb.page
    tab_to(page, "dmw-new-org")
    page.keyboard.type("Fjordby Kommune")
    tab_to(page, "dmw-new-button")
    page.keyboard.press("Enter")
    expect(wb("dmw-org-name").locator("input")).to_have_value("Fjordby Kommune")
    tab_to(page, "dmw-org-unit")
    page.keyboard.type("Sundhed")
    for i, step in enumerate(STEPS[1:]):
        tab_to(page, f"dmw-next-step-{i}")
        page.keyboard.press("Enter")
        expect(wb(f"dmw-view-{step}")).to_be_visible()
        if step == "dialogue":
            tab_to(page, "dmw-dialogue-current")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")
    tab_to(page, "dmw-export-pdf")
    page.keyboard.press("Enter")
    expect(wb("dmw-export-result")).to_contain_text(t("da", "ui.export.written"), timeout=LOAD)
    expect(wb("dmw-header")).to_contain_text("Sundhed")
    wb.shot("keyboard-done")
    assert wb.errors == []

"""The workbook in the browser, driven as a user does: by the widgets' stable CSS classes
(``dmw-org-name``, ``dmw-kpi-target-0`` …), typing, choosing and clicking, with
Playwright's auto-waiting locators and ``expect`` instead of sleeps.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

LOAD = 180_000  # ms for a page to execute its notebook and draw every widget on a busy CI machine
ACTION = 60_000  # ms for one change to reach the kernel and come back
expect.set_options(timeout=ACTION)

INVALID = re.compile(r"\bdmw-invalid\b")  # the class of an input whose value is not stored

#: The app's tabs in order, by the view each holds first.
STEPS = ("start", "purpose", "goals", "dialogue", "areas", "summary")

#: Everything a user can read on the page, hidden tabs included: texts (no style sheet),
#: the options of every dropdown, placeholders and tooltips.
_TEXTS_JS = """
() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: n => n.parentElement && n.parentElement.closest('style, script') ? NodeFilter.FILTER_REJECT
                                                                                 : NodeFilter.FILTER_ACCEPT});
  while (walker.nextNode()) { if (walker.currentNode.nodeValue.trim()) found.push(walker.currentNode.nodeValue); }
  for (const el of document.querySelectorAll('[placeholder], [title]')) {
    for (const name of ['placeholder', 'title']) { if (el.getAttribute(name)) found.push(el.getAttribute(name)); }
  }
  return found.map(t => t.replace(/\\u00a0/g, ' '));
}
"""

#: The height of the page's content, including what scrolls inside a panel.
_HEIGHT_JS = """
() => Math.max(document.documentElement.scrollHeight, ...Array.from(document.querySelectorAll('*'), el => {
  const y = getComputedStyle(el).overflowY;
  return (y === 'auto' || y === 'scroll') ? el.scrollHeight + el.getBoundingClientRect().top : 0;
}))
"""
MAX_SHOT_HEIGHT = 12_000  # px


class Workbook:
    """One browser page on the app or a notebook, with numbered screenshots of each step."""

    def __init__(self, page: Page, screenshots: Path) -> None:
        self.page = page
        self.screenshots = screenshots
        self.errors: list[str] = []
        self.console: list[str] = []  # what the page's scripts reported as errors (widget models among them)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.console.append(msg.text) if msg.type == "error" else None)
        page.set_default_timeout(ACTION)

    def open(self, url: str) -> None:
        """Load the page and wait until the workbook's widgets are drawn."""
        self.page.goto(url, timeout=LOAD)
        expect(self.page.locator(".dmw-page")).to_be_visible(timeout=LOAD)

    def __call__(self, css: str) -> Locator:
        """The widget with the stable class ``css``."""
        return self.page.locator(f".{css}")

    def write(self, css: str, text: str) -> None:
        """Type into a text field and leave it, which is when the workbook takes the value."""
        box = self(css).locator("input, textarea")
        box.fill(text)
        box.press("Tab")

    def choose(self, css: str, label: str) -> None:
        """Pick a dropdown option by what it shows."""
        self(css).locator("select").select_option(value=label)

    def tick(self, css: str, on: bool = True) -> None:
        self(css).locator("input[type=checkbox]").set_checked(on)

    def press(self, css: str) -> None:
        """Click a button (or toggle a toggle button)."""
        self(css).click()

    def add_row(self, button: str, *, needs: str) -> None:
        """Add a row to a table and wait until it shows ``needs`` (one of its fields) and the
        cursor has moved into the row: only then is the row done."""
        self.press(button)
        expect(self(needs)).to_be_visible()
        self.page.wait_for_function("() => ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName)")

    def message(self, css: str) -> Locator:
        """The plain-words message shown under the input ``css``."""
        return self(f"{css}-message")

    def go_to(self, step: str) -> None:
        """Click the app's tab for ``step`` (one of :data:`STEPS`) and wait until it shows."""
        self.page.locator(".dmw-tabs .lm-TabBar-tab").nth(STEPS.index(step)).click()
        try:
            expect(self(f"dmw-view-{step}")).to_be_visible()
        except AssertionError as exc:  # say what the page knew, for a failure seen once in CI
            raise AssertionError(f"{step} not shown; page errors {self.errors}; console {self.console[-8:]}") from exc

    def shot(self, step: str, *, whole: bool = True) -> Path:
        """A screenshot, numbered in the order taken: ``NN-step.png``; ``whole``: the whole page.

        Voilà scrolls inside a panel, not the document, so the window is made as tall as that
        panel's content for the picture, then set back. (JupyterLab draws only the cells in
        view: there ``whole=False`` shows what the user sees.)"""
        self.screenshots.mkdir(parents=True, exist_ok=True)
        path = self.screenshots / f"{len(list(self.screenshots.glob('*.png'))) + 1:02d}-{step}.png"
        size = self.page.viewport_size
        tall = min(math.ceil(self.page.evaluate(_HEIGHT_JS)), MAX_SHOT_HEIGHT) if whole else 0
        if size and tall > size["height"]:
            self.page.set_viewport_size({"width": size["width"], "height": tall})
        try:
            self.page.screenshot(path=path, full_page=True)
        finally:
            if size:
                self.page.set_viewport_size(size)
        return path

    def texts(self) -> list[str]:
        """Every text a user can read on the page, in every tab (see :data:`_TEXTS_JS`)."""
        return self.page.evaluate(_TEXTS_JS)

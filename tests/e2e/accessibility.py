"""Accessibility checks in the browser: axe-core, installed from the npm registry into
``tests/e2e/node_modules`` (``npm ci --prefix tests/e2e``, as ``.ci/run`` does) and injected
into the page; nothing is downloaded while the tests run."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")

_RUN = """
async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations.filter(v => %s.includes(v.impact)).map(v =>
    `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0].target.join(' ')})`);
}
"""


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on what the page shows now, one line each."""
    if not AXE.is_file():
        pytest.fail(f"axe-core not found at {AXE}: run `npm ci --prefix tests/e2e` (as .ci/run does)", pytrace=False)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(_RUN % list(SERIOUS))

"""How quickly the app answers a user: opening the page, switching language, switching step.

    python benchmarks/bench_app.py [--loads 3] [--switches 3]

Starts the app as ``assessment app`` does (Voilà, via the browser tests' launcher, with a
private workbook home on a copy of the hospital example) and drives Debian's chromium
(``/usr/bin/chromium`` or ``$CHROMIUM``) with Playwright at 1366×768. It prints, against
the aims of issue 12:

- start: from asking for the page until the widgets are drawn, on a warm server (the
  first load, which also warms the server, is printed apart): ``assessment app`` heats
  the next page's kernel after each page takes one, so each load waits ``--pause``
  seconds first, as a consultant's next page comes well after the last; aim at most 3 s;
- language switch: from choosing another language until the step in view reads in it, from
  its first button to its last, and every tab is retitled, after the same pause (in the
  first seconds after a load the next kernel is being heated and shares the cores); aim 0.5 s;
- step switch: from clicking a tab until its step shows; aim 0.15 s.

Each figure is the median of its runs, with the slowest beside it. Not a test: the
figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from assessment.data.i18n import locale, t  # noqa: E402
from assessment.document import workspace  # noqa: E402
from tests.e2e.servers import start_app  # noqa: E402

STEPS = ("start", "purpose", "goals", "dialogue", "areas", "summary")
AIMS = {"start": 3.0, "language switch": 0.5, "step switch": 0.15}
LOAD = 180_000  # ms


def timed(action, done) -> float:
    start = time.perf_counter()
    action()
    done()
    return time.perf_counter() - start


def open_page(page: Page, url: str) -> float:
    return timed(
        lambda: page.goto(url, timeout=LOAD), lambda: expect(page.locator(".dmw-page")).to_be_visible(timeout=LOAD)
    )


def switch_language(page: Page, lang: str) -> float:
    """Until the step in view reads in ``lang`` from its first button to its last, and the
    tabs are retitled."""
    title = f"2 · {t(lang, 'section.purpose')}"

    def done() -> None:
        expect(page.locator(".dmw-way-new")).to_have_text(t(lang, "ui.start.way_new"), timeout=LOAD)
        expect(page.locator(".dmw-participant-add")).to_have_text(t(lang, "ui.intake.add_participant"), timeout=LOAD)
        expect(page.locator(".dmw-tabs .lm-TabBar-tab").nth(1)).to_have_text(title, timeout=LOAD)

    return timed(lambda: page.locator(".dmw-language select").select_option(label=locale(lang).name), done)


def switch_step(page: Page, index: int) -> float:
    return timed(
        lambda: page.locator(".dmw-tabs .lm-TabBar-tab").nth(index).click(),
        lambda: expect(page.locator(f".dmw-view-{STEPS[index]}")).to_be_visible(timeout=LOAD),
    )


def line(name: str, values: list[float]) -> str:
    aim = AIMS[name]
    median = statistics.median(values)
    return (
        f"{name:16} median {median:6.3f} s  slowest {max(values):6.3f} s  aim {aim:.2f} s  "
        f"({'met' if median <= aim else 'not met'}; {len(values)} runs: {' '.join(f'{v:.2f}' for v in values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--switches", type=int, default=3)
    parser.add_argument("--pause", type=float, default=8.0, help="seconds before each load")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-app-"))
    home = tmp / "home"
    os.environ[workspace.HOME_ENV] = str(home)
    workspace.remember(workspace.copy_example("hospital-da.json", fresh=False), "da")
    server = start_app(home, tmp / "voila")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            cold = open_page(page, server.url)
            starts = []
            for _ in range(args.loads):
                time.sleep(args.pause)
                starts.append(open_page(page, server.url))
            time.sleep(args.pause)  # the next page's kernel, heated after this load, has started
            languages = []
            for _ in range(args.switches):
                languages += [switch_language(page, "en"), switch_language(page, "da")]
            steps = [switch_step(page, i) for _ in range(args.switches) for i in (*range(1, len(STEPS)), 0)]
            browser.close()
    finally:
        server.stop()
    print(f"first load (cold server) {cold:.3f} s")
    print(line("start", starts))
    print(line("language switch", languages))
    print(line("step switch", steps))


if __name__ == "__main__":
    main()

"""Nothing lost in the app: changes made in the browser survive a kernel killed with SIGKILL
and then a killed server. Each change is typed or clicked in the page; the kill comes as
soon as the page shows the last one done, and a new page shows every one of them. The
page whose kernel died says so at once: what is typed there now is not saved."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from playwright.sync_api import Page, expect

from assessment.data.i18n import t
from assessment.document import workspace
from assessment.document.store import load

from .servers import Server, alive, wait_until
from .workbook import Workbook

FIRST = {
    "unit": "Akutmodtagelsen",
    "place": "Mødelokale Havet",
    "note": "Skrevet lige før nedbruddet.",
    "action": "Afprøv svartider i akutmodtagelsen",
    "org": "Sygehus Vestkysten Nord",
}
SECOND = {"rationale": "Besluttet efter genstart.", "org": "Sygehus Vestkysten Syd"}
ACTIONS = 9  # in the shipped example the session starts from
NOTICED = 15_000  # ms for the page to say that its kernel is gone (at the latest after 7 s without a beat)


def change_every_step(wb: Workbook) -> None:
    """A run of changes across the app's steps; the last one (the name, shown in the
    header once saved) tells that the kernel has done them all."""
    wb.write("dmw-org-unit", FIRST["unit"])
    wb.write("dmw-workshop-place", FIRST["place"])
    wb.go_to("purpose")
    wb.tick("dmw-purpose-education")
    wb.choose("dmw-purpose-education-priority", "Høj")
    wb.go_to("dialogue")
    wb.choose("dmw-dialogue-current", "3 · Dialog med faste svartider")
    wb.go_to("areas")
    wb.choose("dmw-area-current", "3 · Dialog med faste svartider")
    wb.write("dmw-area-notes", FIRST["note"])
    wb.go_to("summary")
    wb.add_row("dmw-action-add", needs=f"dmw-action-what-{ACTIONS}")
    wb.write(f"dmw-action-what-{ACTIONS}", FIRST["action"])
    wb.go_to("start")
    wb.write("dmw-org-name", FIRST["org"])
    expect(wb("dmw-header")).to_contain_text(FIRST["org"])


def expect_first_changes(wb: Workbook) -> None:
    """What :func:`change_every_step` did (the name aside), as a new page shows it, step by
    step (the app draws a step when its tab is opened)."""
    expect(wb("dmw-org-unit").locator("input")).to_have_value(FIRST["unit"])
    expect(wb("dmw-workshop-place").locator("input")).to_have_value(FIRST["place"])
    wb.go_to("purpose")
    expect(wb("dmw-purpose-education").locator("input")).to_be_checked()
    expect(wb("dmw-purpose-education-priority").locator("select")).to_have_value("Høj")
    wb.go_to("dialogue")
    expect(wb("dmw-dialogue-current").locator("select")).to_have_value("3 · Dialog med faste svartider")
    wb.go_to("areas")
    expect(wb("dmw-area-current").locator("select")).to_have_value("3 · Dialog med faste svartider")
    expect(wb("dmw-area-notes").locator("textarea")).to_have_value(FIRST["note"])
    wb.go_to("summary")
    expect(wb(f"dmw-action-what-{ACTIONS}").locator("textarea")).to_have_value(FIRST["action"])
    wb.go_to("start")


def expect_first_changes_on_disk(path: Path) -> None:
    doc = load(path)
    assert (doc.organisation.unit, doc.workshop.place) == (FIRST["unit"], FIRST["place"])
    assert ("education", "high") in {(p.id, p.priority) for p in doc.purposes.chosen}
    assert (doc.dialogue.current, doc.ratings[0].current, doc.ratings[0].notes) == (3, 3, FIRST["note"])
    assert [a.what for a in doc.actions][ACTIONS:] == [FIRST["action"]]


PAGE_KERNEL = "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def kill_kernel(server: Server, page: Page) -> None:
    """SIGKILL the page's kernel, as the operating system would when memory runs out."""
    kernel = server.kernel_of(page.evaluate(PAGE_KERNEL))
    os.kill(kernel, signal.SIGKILL)
    wait_until(lambda: not alive(kernel), 30, f"kernel {kernel} gone")


def test_changes_in_the_browser_survive_a_killed_kernel_and_a_killed_server(app, home, workbook):
    path = home / "assessments" / workspace.DEFAULT_EXAMPLE  # the example's working copy, opened first
    server = app()
    wb = workbook("kill")
    wb.open(server.url)
    wb.press("dmw-way-new")  # a first visit opens on a new assessment; close it to edit the example's copy
    change_every_step(wb)
    expect(wb("dmw-connection-lost")).to_be_attached()
    expect(wb("dmw-connection-lost")).to_be_hidden()
    wb.shot("changed")
    kill_kernel(server, wb.page)
    expect(wb("dmw-connection-lost")).to_be_visible(timeout=NOTICED)
    expect(wb("dmw-connection-lost")).to_have_text(t("da", "ui.connection.lost"))
    wb.shot("kernel-killed")

    again = workbook("kill")
    again.open(server.url)
    expect(again("dmw-org-name").locator("input")).to_have_value(FIRST["org"])
    expect_first_changes(again)
    expect_first_changes_on_disk(path)
    again.go_to("dialogue")
    again.write("dmw-dialogue-rationale", SECOND["rationale"])
    again.go_to("start")
    again.write("dmw-org-name", SECOND["org"])
    expect(again("dmw-header")).to_contain_text(SECOND["org"])
    again.shot("reopened-and-changed")
    server.kill()

    last = workbook("kill")
    last.open(app().url)
    expect(last("dmw-org-name").locator("input")).to_have_value(SECOND["org"])
    expect_first_changes(last)
    last.go_to("dialogue")
    expect(last("dmw-dialogue-rationale").locator("textarea")).to_have_value(SECOND["rationale"])
    expect_first_changes_on_disk(path)
    assert (load(path).organisation.name, load(path).dialogue.rationale) == (SECOND["org"], SECOND["rationale"])
    last.shot("server-restarted")

"""A year on, in a real browser: the consultant starts the hospital's follow-up from the start
page, sees last time's levels beside the new choices, enters a KPI measurement and marks an
action done; each step is photographed (``screenshots/e2e/followup/``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.document import workspace
from assessment.document.store import load

pytestmark = pytest.mark.e2e


def test_a_follow_up_from_the_start_page_to_measurements_and_action_status(app, home, workbook, monkeypatch):
    monkeypatch.setenv(workspace.HOME_ENV, str(home))
    workspace.remember(workspace.copy_example("hospital-da.json", fresh=False), "da")
    server = app()
    wb = workbook("followup")
    wb.open(server.url)

    wb.press("dmw-way-open")
    wb.choose("dmw-open-file", "hospital-da.json")
    wb.choose("dmw-followup-levels", "på niveauerne fra sidst")
    wb.press("dmw-followup-button")
    expect(wb("dmw-current-file")).to_contain_text(f"sygehus-vestkysten-{dt.date.today().year}.json")
    wb.shot("start")

    wb.go_to("dialogue")
    expect(wb("dmw-last-dialogue-current")).to_have_text("sidst: 2")
    expect(wb("dmw-last-dialogue-desired")).to_have_text("sidst: 4")
    wb.choose("dmw-dialogue-current", "3 · Dialog med faste svartider")
    wb.shot("dialogue")

    wb.go_to("areas")
    expect(wb("dmw-last-area-current")).to_have_text("sidst: 1")
    wb.shot("areas")

    wb.go_to("goals")
    wb.write("dmw-kpi-deadline-0", "31.12.2027")
    wb.add_row("dmw-measure-0-add", needs="dmw-measure-0-value-0")
    wb.write("dmw-measure-0-date-0", "28.2.2027")
    wb.write("dmw-measure-0-value-0", "70")
    expect(wb("dmw-kpi-status-0")).to_contain_text("På rette spor")
    wb.shot("goals")

    wb.go_to("summary")
    wb.choose("dmw-action-status-1", "Udført")
    wb.write("dmw-action-status-note-1", "Svartiden står på siden.")
    expect(wb("dmw-action-status-date-1").locator("input")).not_to_have_value("")
    wb.shot("summary")

    doc = load(Path(workspace.read_state()["current"]))
    assert doc.history[-1].file == "hospital-da.json" and doc.dialogue.current == 3
    assert [(m.date, m.value) for m in doc.kpis[0].actuals] == [(dt.date(2027, 2, 28), 70)]
    assert (doc.actions[1].status, doc.actions[1].status_note) == ("done", "Svartiden står på siden.")
    assert wb.errors == []

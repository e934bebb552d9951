"""The follow-up in the workbook: started from the start page, last time's level beside each
level choice, KPI measurements in the goals step and the actions' status in the result."""

from __future__ import annotations

import datetime as dt
import shutil

from assessment.document import workspace
from assessment.document.context import open_assessment
from assessment.document.followup import create_follow_up
from assessment.ui.state.session import Session
from assessment.ui.steps.areas import AreasView
from assessment.ui.steps.dialogue import DialogueView
from assessment.ui.steps.goals import GoalsView
from assessment.ui.steps.start import StartView
from assessment.ui.steps.summary import SummaryView

from .conftest import REPO
from .uikit import choose, example_session, find, home, leave, message, on_disk, one  # noqa: F401


def test_a_follow_up_is_started_from_the_file_chosen_on_the_start_page(home, tmp_path):
    s = example_session(tmp_path)
    view = StartView(s)
    one(view, "dmw-open-folder").value = str(tmp_path)
    choose(one(view, "dmw-open-file"), "hospital-da.json")
    choose(one(view, "dmw-followup-levels"), "på niveauerne fra sidst")
    one(view, "dmw-followup-button").click()
    assert s.path == tmp_path / f"sygehus-vestkysten-{dt.date.today().year}.json"
    doc = on_disk(s)
    assert doc.history[-1].file == "hospital-da.json" and doc.dialogue.current == 2
    assert workspace.current_path() == s.path.resolve()


def test_a_follow_up_of_a_shipped_example_leaves_the_example_as_it_was(home, tmp_path):
    s = example_session(tmp_path)
    shipped = (REPO / "examples" / "municipality-da.json").read_bytes()
    view = StartView(s)
    choose(one(view, "dmw-example-file"), "municipality-da")
    one(view, "dmw-example-button").click()
    choose(one(view, "dmw-open-file"), "municipality-da.json")  # the example's copy, in the home
    one(view, "dmw-followup-button").click()
    assert s.doc.organisation.name == "Fjordby Kommune" and s.doc.dialogue.current is None
    assert s.path.parent == home / "assessments"
    assert (REPO / "examples" / "municipality-da.json").read_bytes() == shipped


def follow_up_session(tmp_path, name: str = "hospital-da.json") -> Session:
    old = tmp_path / name
    shutil.copy(REPO / "examples" / name, old)
    opened, _ = create_follow_up(tmp_path / "next.json", old)
    return Session(opened)


def test_last_times_level_stands_beside_each_level_choice(tmp_path):
    s = follow_up_session(tmp_path)
    dialogue = DialogueView(s)
    assert one(dialogue, "dmw-last-dialogue-current").value == "sidst: 2"
    assert one(dialogue, "dmw-last-dialogue-desired").value == "sidst: 4"
    areas = AreasView(s)
    assert one(areas, "dmw-last-area-current").value == "sidst: 1"
    areas.go(2)  # structure: 1 -> 3 last time
    assert (one(areas, "dmw-last-area-current").value, one(areas, "dmw-last-area-desired").value) == (
        "sidst: 1",
        "sidst: 3",
    )


def test_last_time_in_norwegian_and_nothing_for_a_first_assessment(tmp_path):
    s = follow_up_session(tmp_path, "national-body-nb.json")
    assert one(DialogueView(s), "dmw-last-dialogue-current").value == "sist: 3"
    (tmp_path / "first").mkdir()
    first = example_session(tmp_path / "first")
    assert find(DialogueView(first), "dmw-last") == [] and find(AreasView(first), "dmw-last") == []


def test_kpi_measurements_are_entered_and_the_status_follows(tmp_path):
    s = follow_up_session(tmp_path)
    view = GoalsView(s)
    assert "Ikke målt" in one(view, "dmw-kpi-status-0").value
    one(view, "dmw-kpi-deadline-0").value = "31.12.2027"
    one(view, "dmw-measure-0-add").click()
    assert message(view, "dmw-measure-0-date-0") == "", "a fresh row is no mistake"
    leave(one(view, "dmw-measure-0-date-0"))
    assert message(view, "dmw-measure-0-date-0") == "Skriv, hvornår der er målt."
    leave(one(view, "dmw-measure-0-value-0"))
    assert message(view, "dmw-measure-0-value-0") == "Skriv den målte værdi."
    one(view, "dmw-measure-0-date-0").value = "28.2.2027"
    one(view, "dmw-measure-0-value-0").value = "70"
    one(view, "dmw-measure-0-period-0").value = "februar 2027"
    kpi = on_disk(s).kpis[0]
    assert [(m.date, m.value, m.period) for m in kpi.actuals] == [(dt.date(2027, 2, 28), 70, "februar 2027")]
    assert kpi.deadline == dt.date(2027, 12, 31)
    status = one(view, "dmw-kpi-status-0").value
    assert "På rette spor" in status and "seneste: 70 %" in status and "mindst 90 %" in status
    one(view, "dmw-measure-0-value-0").value = "40"
    assert "Bagud" in one(view, "dmw-kpi-status-0").value
    one(view, "dmw-measure-0-value-0").value = "mange"
    assert message(view, "dmw-measure-0-value-0") == "Det er ikke et tal. Skriv fx 200 eller 2,5."
    assert on_disk(s).kpis[0].actuals[0].value == 40


def test_a_new_kpi_gets_its_own_measurements(tmp_path):
    s = follow_up_session(tmp_path)
    view = GoalsView(s)
    n = len(s.doc.kpis)
    view.kpis.add({"name": "Nye følgere", "metric": "Følgere", "unit": "følgere", "goals": ["g1"]})
    one(view, f"dmw-kpi-target-{n}").value = "500"
    assert one(view, f"dmw-measurements-{n}") and "Ikke målt" in one(view, f"dmw-kpi-status-{n}").value


def test_the_actions_status_is_set_where_the_plan_is(tmp_path):
    s = follow_up_session(tmp_path)
    view = SummaryView(s)
    choose(one(view, "dmw-action-status-1"), "Udført")
    a2 = on_disk(s).actions[1]
    assert (a2.status, a2.status_date) == ("done", dt.date.today())
    assert one(view, "dmw-action-status-date-1").value != ""
    one(view, "dmw-action-status-date-1").value = "20.5.2026"
    one(view, "dmw-action-status-note-1").value = "Svartiden står på siden."
    a2 = on_disk(s).actions[1]
    assert (a2.status_date, a2.status_note) == (dt.date(2026, 5, 20), "Svartiden står på siden.")
    one(view, "dmw-action-add").click()
    one(view, f"dmw-action-what-{len(s.doc.actions)}").value = "Evaluer svartiden"
    assert one(view, f"dmw-action-status-{len(s.doc.actions) - 1}").value == 0  # the new action: not started


def test_a_first_assessment_reads_as_before(tmp_path):
    s = example_session(tmp_path)
    doc = open_assessment(s.path).doc
    assert doc.history == []
    assert "Ikke målt" in one(GoalsView(s), "dmw-kpi-status-0").value

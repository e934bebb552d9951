"""An unfinished row is kept as typed, comes back after a reload marked as unfinished, and
becomes an item of its list, with the same id, once it is complete."""

from __future__ import annotations

from assessment.document.context import open_assessment
from assessment.ui.state.session import Session
from assessment.ui.steps.goals import GoalsView
from assessment.ui.steps.intake import IntakeView
from assessment.ui.steps.purpose import PurposeView

from .uikit import example_session, message, on_disk, one


def reopened(s: Session) -> Session:
    """A new page on the same file, as after a reload."""
    return Session(open_assessment(s.path))


def test_a_half_filled_kpi_survives_a_reload_as_a_draft_and_is_stored_once_complete(tmp_path):
    s = example_session(tmp_path)
    n = len(s.doc.kpis)
    view = GoalsView(s)
    one(view, "dmw-kpi-suggest-link_clicks").click()
    one(view, f"dmw-kpi-baseline-{n}").value = "1.200"  # the target comes later
    assert [k.id for k in on_disk(s).kpis] == [k.id for k in s.doc.kpis[:n]], "no chart or report counts it"
    (draft,) = on_disk(s).drafts
    assert (draft.table, draft.data["name"], draft.data["baseline"], draft.data["target"]) == (
        "kpi",
        "Linkklik",
        "1.200",
        "",
    )
    assert draft.data["suggestion"] == "link_clicks"

    again = GoalsView(reopened(s))
    assert one(again, f"dmw-kpi-name-{n}").value == "Linkklik" and one(again, f"dmw-kpi-baseline-{n}").value == "1.200"
    assert "kladde" in " ".join(w.value for w in again.kpis.body.children[n].children if hasattr(w, "value"))
    assert "dmw-draft" in again.kpis.body.children[n]._dom_classes
    one(again, f"dmw-kpi-target-{n}").value = "1.500"
    one(again, f"dmw-kpi-goals-{n}-g1").value = True
    kpi = on_disk(s).kpis[-1]
    assert (kpi.id, kpi.baseline, kpi.target, kpi.suggestion) == (draft.id, 1200, 1500, "link_clicks")
    assert on_disk(s).drafts == [] and "dmw-draft" not in again.kpis.body.children[n]._dom_classes


def test_an_invalid_value_in_a_draft_is_kept_as_typed_with_its_message(tmp_path):
    s = example_session(tmp_path)
    n = len(s.doc.kpis)
    view = GoalsView(s)
    one(view, "dmw-kpi-add").click()
    one(view, f"dmw-kpi-target-{n}").value = "mange"
    assert message(view, f"dmw-kpi-target-{n}") == "Det er ikke et tal. Skriv fx 200 eller 2,5."
    assert on_disk(s).drafts[0].data["target"] == "mange"
    assert one(GoalsView(reopened(s)), f"dmw-kpi-target-{n}").value == "mange"


def test_goals_challenges_and_participants_are_kept_unfinished_too(tmp_path):
    s = example_session(tmp_path)
    goals, purpose, intake = GoalsView(s), PurposeView(s), IntakeView(s)
    objectives = sum(g.kind == "objective" for g in s.doc.goals)
    effects = sum(g.kind == "effect" for g in s.doc.goals)
    one(goals, "dmw-effect-add").click()
    one(goals, f"dmw-effect-text-{effects}").value = "Flere svar inden for et døgn"
    one(goals, "dmw-objective-add").click()
    one(goals, f"dmw-objective-text-{objectives}").value = "  "
    challenges = len(s.doc.purposes.challenges)
    one(purpose, "dmw-challenge-add").click()
    one(purpose, f"dmw-challenge-text-{challenges}").value = " "
    participants = len(s.doc.participants)
    one(intake, "dmw-participant-add").click()
    one(intake, f"dmw-participant-role-{participants}").value = "Overlæge"
    one(intake, f"dmw-participant-consent-{participants}").value = True
    effect = on_disk(s).goals[-1]
    assert effect.text == "Flere svar inden for et døgn", "an effect goal needs no objective: it is complete"
    drafts = {d.table: d for d in on_disk(s).drafts}
    assert set(drafts) == {"objective", "challenge", "participant"}
    assert drafts["participant"].data == {"name": "", "role": "Overlæge", "consent": True}
    assert len({d.id for d in drafts.values()} | {g.id for g in on_disk(s).goals}) == len(drafts) + len(
        on_disk(s).goals
    )
    again = reopened(s)
    assert one(IntakeView(again), f"dmw-participant-role-{participants}").value == "Overlæge"
    assert one(IntakeView(again), f"dmw-participant-consent-{participants}").value is True
    assert one(PurposeView(again), f"dmw-challenge-text-{challenges}").value == " "


def test_removing_an_unfinished_row_removes_its_draft(tmp_path):
    s = example_session(tmp_path)
    view = PurposeView(s)
    n = len(s.doc.purposes.challenges)
    one(view, "dmw-challenge-add").click()
    one(view, f"dmw-challenge-text-{n}").value = "  "
    assert len(on_disk(s).drafts) == 1
    one(view, f"dmw-challenge-remove-{n}").click()
    assert on_disk(s).drafts == [] and on_disk(s).purposes.challenges == s.doc.purposes.challenges

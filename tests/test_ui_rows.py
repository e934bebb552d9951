"""Rows in every table: a removal can be undone, rows move up and down, and the file keeps
the order shown."""

from __future__ import annotations

import pytest

from assessment.ui.steps.goals import GoalsView
from assessment.ui.steps.intake import IntakeView
from assessment.ui.steps.purpose import PurposeView
from assessment.ui.steps.summary import SummaryView

from .uikit import example_session, on_disk, one, walk


def test_a_removed_kpi_comes_back_where_it_was_with_undo(tmp_path):
    s = example_session(tmp_path)
    view = GoalsView(s)
    before = on_disk(s).kpis
    assert one(view, "dmw-kpi-removed").layout.display == "none"
    one(view, "dmw-kpi-remove-1").click()
    assert [k.id for k in on_disk(s).kpis] == [k.id for k in before if k.id != before[1].id]
    assert one(view, "dmw-kpi-removed").layout.display != "none"
    one(view, "dmw-kpi-add").click()  # a new row meanwhile does not take the removed one's id
    one(view, f"dmw-kpi-name-{len(before) - 1}").value = "Ny"
    one(view, "dmw-kpi-undo").click()
    assert on_disk(s).kpis == before
    assert one(view, "dmw-kpi-name-1").value == before[1].name
    assert on_disk(s).drafts[0].id not in {k.id for k in before}
    assert one(view, "dmw-kpi-removed").layout.display == "none"


@pytest.mark.parametrize("language", [None, "nb"], ids=["same page", "after a language switch"])
def test_an_unfinished_row_removed_by_mistake_comes_back_as_a_draft(tmp_path, language):
    s = example_session(tmp_path)
    view = PurposeView(s)
    n = len(s.doc.purposes.challenges)
    one(view, "dmw-challenge-add").click()
    one(view, f"dmw-challenge-text-{n}").value = " "
    draft = on_disk(s).drafts
    one(view, f"dmw-challenge-remove-{n}").click()
    assert on_disk(s).drafts == []
    if language:  # the table is drawn again, in the new language
        s.change(lambda doc: setattr(doc, "language", language))
    one(view, "dmw-challenge-undo").click()
    assert on_disk(s).drafts == draft


def test_a_removal_can_still_be_undone_after_a_language_switch(tmp_path):
    s = example_session(tmp_path)
    view = GoalsView(s)
    before = on_disk(s).kpis
    one(view, "dmw-kpi-remove-1").click()
    s.change(lambda doc: setattr(doc, "language", "en"))
    assert one(view, "dmw-kpi-removed").layout.display != "none"
    assert one(view, "dmw-kpi-undo").description == "Undo"
    one(view, "dmw-kpi-undo").click()
    assert on_disk(s).kpis == before and one(view, "dmw-kpi-removed").layout.display == "none"
    s.change(lambda doc: setattr(doc, "language", "da"))
    assert one(view, "dmw-kpi-removed").layout.display == "none", "an undone removal is not offered again"


def test_a_removal_is_not_offered_back_once_another_writer_put_the_row_back(tmp_path):
    from assessment.document.context import open_assessment
    from assessment.ui.state.session import Session

    s = example_session(tmp_path)
    view = GoalsView(s)
    before = on_disk(s).kpis
    one(view, "dmw-kpi-remove-1").click()
    Session(open_assessment(s.path)).change(lambda doc: setattr(doc, "kpis", before))
    s.pull()
    assert [k.id for k in s.doc.kpis] == [k.id for k in before]
    assert one(view, "dmw-kpi-removed").layout.display == "none"


def test_rows_move_up_and_down_and_the_file_keeps_the_order(tmp_path):
    s = example_session(tmp_path)
    kpis, summary = GoalsView(s), SummaryView(s)
    purpose, intake = PurposeView(s), IntakeView(s)
    ids = [k.id for k in s.doc.kpis]
    assert one(kpis, "dmw-kpi-up-0").disabled and one(kpis, f"dmw-kpi-down-{len(ids) - 1}").disabled
    one(kpis, "dmw-kpi-down-0").click()
    assert [k.id for k in on_disk(s).kpis] == [ids[1], ids[0], *ids[2:]]
    assert one(kpis, "dmw-kpi-name-0").value == s.doc.kpis[0].name
    actions = [a.id for a in s.doc.actions]
    one(summary, "dmw-action-up-2").click()
    assert [a.id for a in on_disk(s).actions] == [actions[0], actions[2], actions[1], *actions[3:]]
    challenges = list(s.doc.purposes.challenges)
    one(purpose, "dmw-challenge-up-1").click()
    assert on_disk(s).purposes.challenges == [challenges[1], challenges[0], *challenges[2:]]
    people = [p.id for p in s.doc.participants]
    one(intake, "dmw-participant-down-0").click()
    assert [p.id for p in on_disk(s).participants] == [people[1], people[0], *people[2:]]


def test_no_two_rows_share_a_class_at_any_moment_of_a_move_a_removal_or_an_undo(tmp_path):
    """The page receives class changes one by one; browser tests find a row by its class, so
    even a passing moment with two "row 0" inputs would make them pick the wrong one."""
    s = example_session(tmp_path)
    view = PurposeView(s)
    widgets = list(walk(view.box))  # a removed row stays among them, out of the page
    shared: list[str] = []

    def check(_change: object) -> None:
        shown = list(walk(view.box))
        for css in {c for w in shown for c in w._dom_classes if c.startswith("dmw-challenge-text-")}:
            if sum(css in w._dom_classes for w in shown) > 1:
                shared.append(css)

    for w in widgets:
        w.observe(check, names="_dom_classes")
    one(view, "dmw-challenge-up-1").click()
    one(view, "dmw-challenge-remove-0").click()
    one(view, "dmw-challenge-undo").click()
    one(view, "dmw-challenge-down-0").click()
    assert shared == []
    assert one(view, "dmw-challenge-text-0").value == s.doc.purposes.challenges[0]

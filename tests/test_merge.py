"""Two kernels on one file: different fields merge, the same field is a conflict."""

from __future__ import annotations

import pytest

from assessment.document.context import open_assessment
from assessment.document.merge import merge
from assessment.document.model import Goal
from assessment.errors import ConflictError

from .conftest import REPO


@pytest.fixture
def base():
    return open_assessment(REPO / "examples" / "hospital-da.json").doc


def test_changes_to_different_fields_are_combined(base):
    mine = base.model_copy(deep=True)
    mine.organisation.name = "Mit navn"
    theirs = base.model_copy(deep=True)
    theirs.purposes.social_purpose = "Deres formål"
    merged = merge(base, mine, theirs)
    assert (merged.organisation.name, merged.purposes.social_purpose) == ("Mit navn", "Deres formål")


def test_both_changing_the_same_field_is_a_conflict(base):
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.dialogue.rationale = "mit"
    theirs.dialogue.rationale = "deres"
    with pytest.raises(ConflictError, match="dialogue.rationale"):
        merge(base, mine, theirs)


def test_changes_to_different_items_of_a_list_are_combined(base):
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.ratings[0].notes = "mit"
    theirs.ratings[1].notes = "deres"
    merged = merge(base, mine, theirs)
    assert (merged.ratings[0].notes, merged.ratings[1].notes) == ("mit", "deres")


def test_the_same_field_of_the_same_item_is_a_conflict(base):
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.ratings[0].notes = "mit"
    theirs.ratings[0].notes = "deres"
    with pytest.raises(ConflictError, match=f"ratings.{base.ratings[0].area}.notes"):
        merge(base, mine, theirs)


def test_items_added_by_both_are_all_kept(base):
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.goals.append(Goal(id="mine1", kind="objective", text="Mit nye mål"))
    theirs.goals.append(Goal(id="theirs1", kind="objective", text="Deres nye mål"))
    merged = merge(base, mine, theirs)
    assert [g.id for g in merged.goals] == [g.id for g in base.goals] + ["theirs1", "mine1"]


def test_an_item_removed_by_one_and_edited_by_the_other_is_a_conflict(base):
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.actions[0].owner = "Ny ejer"
    theirs.actions = theirs.actions[1:]
    with pytest.raises(ConflictError, match=f"actions.{base.actions[0].id}"):
        merge(base, mine, theirs)


def test_an_item_removed_by_one_while_the_other_edits_another_is_gone(base):
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.actions[1].owner = "Ny ejer"
    theirs.actions = theirs.actions[1:]
    merged = merge(base, mine, theirs)
    assert [a.id for a in merged.actions] == [a.id for a in base.actions[1:]]
    assert merged.actions[0].owner == "Ny ejer"


def test_rows_moved_by_one_keep_their_new_order_beside_the_others_addition(base):
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.goals = list(reversed(mine.goals))
    theirs.goals.append(Goal(id="theirs1", kind="objective", text="Deres nye mål"))
    merged = merge(base, mine, theirs)
    assert [g.id for g in merged.goals] == [g.id for g in reversed(base.goals)] + ["theirs1"]


def test_both_moving_rows_is_a_conflict(base):
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.goals = list(reversed(mine.goals))
    theirs.goals = theirs.goals[1:] + theirs.goals[:1]
    with pytest.raises(ConflictError, match="goals.#order"):
        merge(base, mine, theirs)


def test_versions_that_do_not_fit_together_are_a_conflict(base):
    base.goals = [*base.goals, Goal(id="g99", kind="objective", text="Et mål, ingen bruger endnu")]
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.kpis[0].goals = [*mine.kpis[0].goals, "g99"]
    theirs.goals = [g for g in theirs.goals if g.id != "g99"]
    with pytest.raises(ConflictError, match="do not fit"):
        merge(base, mine, theirs)

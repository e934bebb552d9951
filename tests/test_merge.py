"""Two kernels on one file: different fields merge, the same field is a conflict."""
from __future__ import annotations

import pytest

from assessment.context import open_assessment
from assessment.errors import ConflictError
from assessment.merge import merge
from assessment.model import Goal

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


def test_a_list_is_one_field(base):
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.ratings[0].notes = "mit"
    theirs.ratings[1].notes = "deres"
    with pytest.raises(ConflictError):
        merge(base, mine, theirs)


def test_versions_that_do_not_fit_together_are_a_conflict(base):
    base.goals = [*base.goals, Goal(id="g99", kind="objective", text="Et mål, ingen bruger endnu")]
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.kpis[0].goals = [*mine.kpis[0].goals, "g99"]
    theirs.goals = [g for g in theirs.goals if g.id != "g99"]
    with pytest.raises(ConflictError, match="do not fit"):
        merge(base, mine, theirs)

"""The spread of an item's votes and the k rule: nothing is shown until k people gave a level."""

from __future__ import annotations

import pytest

from assessment.document.context import open_assessment
from assessment.outputs.analysis import vote_medians
from assessment.outputs.spread import may_show, spread, spreads
from assessment.workshop import room
from assessment.workshop.items import item


@pytest.fixture
def opened(example_copy):
    found = open_assessment(example_copy("hospital-da.json"))
    found.doc.room.polls = []
    return found


def vote(opened, key, *levels):
    doc, scale = opened.doc, opened.scale
    if doc.room.poll(key) is None:
        room.open_item(doc, scale, key)
    for participant, (current, desired) in zip([p.id for p in doc.participants][: len(levels)], levels, strict=True):
        room.cast(doc, scale, participant, key, current, desired)
    return spread(item(scale, key), doc.room.poll(key), doc.room.k)


def test_the_k_rule_is_at_least_k_answers():
    assert [may_show(n, 3) for n in range(5)] == [False, False, False, True, True]
    assert may_show(1, 1) and not may_show(0, 0)


def test_two_votes_show_nothing_not_even_counts(opened):
    found = vote(opened, "dialogue", (1, 4), (3, 4))
    assert (found.voted, found.shown, found.current, found.desired, found.discussion) == (2, False, None, None, False)


def test_three_votes_show_the_distribution_median_and_span(opened):
    found = vote(opened, "dialogue", (1, 4), (3, 4), (2, 5))
    assert found.shown
    assert found.current.counts == {1: 1, 2: 1, 3: 1, 4: 0, 5: 0}
    assert (found.current.median, found.current.span, found.desired.median, found.desired.span) == (2, 2, 4, 1)
    assert found.discussion, "votes from level 1 to 3 span two levels: a discussion point"


def test_votes_one_level_apart_are_no_discussion_point(opened):
    assert not vote(opened, "area:content", (2, 3), (3, 3), (2, 4)).discussion


def test_dont_know_counts_as_voted_but_not_towards_k(opened):
    found = vote(opened, "dialogue", (None, 4), (2, 4), (3, None), (None, 5))
    assert (found.voted, found.unknown_current, found.unknown_desired) == (4, 2, 1)
    assert found.current is None, "only two gave a current level"
    assert found.desired.counts[4] == 2 and found.desired.answered == 3


def test_the_consultant_may_raise_k(opened):
    opened.doc.room.k = 5
    assert not vote(opened, "dialogue", (1, 4), (3, 4), (2, 5), (2, 4)).shown


def test_spreads_follow_the_scale_and_the_median_series_obeys_k(opened):
    vote(opened, "area:content", (1, 3), (2, 3), (2, 4))
    vote(opened, "area:purpose", (1, 3), (2, 3))
    vote(opened, "dialogue", (1, 3), (2, 3), (2, 4))
    assert [s.item.key for s in spreads(opened)] == ["dialogue", "area:purpose", "area:content"]
    medians = vote_medians(opened)
    assert medians["content"] == (2, 3)
    assert medians["purpose"] == (None, None), "two votes: no median on the radar either"
    assert set(medians) == {a.id for a in opened.scale.areas}

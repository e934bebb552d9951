"""The document model and its checks against a scale: what a workshop can and cannot record."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assessment.data.catalogue import default_catalogue
from assessment.data.scale import load_scale
from assessment.document.consistency import problems
from assessment.document.model import (
    Assessment,
    Goal,
    Kpi,
    Organisation,
    Participant,
    Poll,
    Rating,
    RoadmapStep,
    Room,
    Round,
    ScaleRef,
    Strategy,
    Vote,
    Voter,
)


def doc(**parts) -> Assessment:
    base = dict(
        language="da",
        scale=ScaleRef(id="tiny", version="0.1"),
        organisation=Organisation(name="Fjordby", type="municipality"),
    )
    return Assessment(**{**base, **parts})


def kpi(**overrides) -> Kpi:
    fields = dict(
        id="k1",
        name="Linkklik",
        scope="overall",
        metric="Klik",
        unit="klik pr. måned",
        target=200,
        direction="at_least",
        goals=["g1"],
    )
    return Kpi(**{**fields, **overrides})


def test_a_kpi_must_be_linked_to_a_goal_of_the_assessment():
    with pytest.raises(ValidationError, match="kpis.k1.goals: unknown goal g9"):
        doc(goals=[Goal(id="g1", kind="objective", text="Flere bruger tjenesterne")], kpis=[kpi(goals=["g9"])])


def test_a_kpi_target_must_be_a_number():
    with pytest.raises(ValidationError, match="target"):
        kpi(target="mange")


def test_an_effect_goal_may_only_serve_an_objective():
    with pytest.raises(ValidationError, match="goals.e1.objective: 'e0' is not an objective"):
        doc(goals=[Goal(id="e0", kind="effect", text="A"), Goal(id="e1", kind="effect", text="B", objective="e0")])


def test_ids_must_be_unique():
    with pytest.raises(ValidationError, match="participants: duplicate id p1"):
        doc(
            participants=[
                Participant(id="p1", name="A", consent_to_be_named=True),
                Participant(id="p1", name="B", consent_to_be_named=False),
            ]
        )


def test_a_vote_must_come_from_a_participant_or_an_anonymous_voter_who_joined():
    poll = Poll(item="area:purpose", state="open", rounds=[Round(number=1, votes=[Vote(voter="p7", current=1)])])
    with pytest.raises(ValidationError, match="room.polls.area:purpose.rounds.1.votes: unknown voter 'p7'"):
        doc(room=Room(polls=[poll]))
    joined = Room(voters=[Voter(id="p7", anonymous=True)], polls=[poll])
    assert doc(room=joined).room.poll("area:purpose").round.votes[0].voter == "p7"


def test_an_area_not_applicable_has_no_levels():
    with pytest.raises(ValidationError, match="not applicable cannot also have a current or desired level"):
        Rating(area="purpose", not_applicable=True, current=2)


def test_a_gap_is_desired_minus_current_and_none_when_not_rated():
    assert Rating(area="a", current=2, desired=4).gap == 2
    assert Rating(area="a", current=2).gap is None
    assert Rating(area="a", not_applicable=True).gap is None


def test_levels_outside_the_scale_and_unknown_ids_are_found(tiny_scale):
    scale = load_scale(tiny_scale)
    found = dict(
        problems(
            doc(
                ratings=[Rating(area="purpose", current=4, desired=5), Rating(area="budget", current=1)],
                dialogue={"current": 1, "desired": 4},
                organisation=Organisation(name="X", type="castle"),
            ),
            scale,
            default_catalogue(),
        )
    )
    assert found["ratings.0.current"] == "level 4 is outside the scale 'tiny' (1–3)"
    assert found["dialogue.desired"] == "level 4 is outside the scale 'tiny' (1–3)"
    assert found["ratings.1.area"] == "unknown area 'budget' (known: purpose, content)"
    assert found["organisation.type"].startswith("unknown organisation type 'castle' (known: hospital,")


def test_a_language_the_scale_does_not_declare_is_found(tiny_scale):
    found = dict(problems(doc(language="nb"), load_scale(tiny_scale), default_catalogue()))
    assert found["language"] == "'nb' is not one of the scale's languages (da, en)"


def test_the_strategy_names_only_the_catalogues_involvement_levels_and_accessibility_practices(tiny_scale):
    strategy = Strategy(involvement_levels=["service", "galaxy"], accessibility=["captions", "telepathy"])
    found = dict(problems(doc(strategy=strategy), load_scale(tiny_scale), default_catalogue()))
    assert found["strategy.involvement_levels.1"].startswith("unknown involvement level 'galaxy' (known: individual,")
    assert found["strategy.accessibility.1"].startswith("unknown accessibility 'telepathy' (known: plain_language,")
    assert "strategy.involvement_levels.0" not in found and "strategy.accessibility.0" not in found
    with pytest.raises(ValidationError, match="strategy.roadmap: duplicate id r1"):
        doc(strategy=Strategy(roadmap=[RoadmapStep(id="r1", period="2027"), RoadmapStep(id="r1", period="2028")]))

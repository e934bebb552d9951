"""What the result views and the report derive: gaps, the move, priorities."""

from __future__ import annotations

from assessment.document.context import open_assessment
from assessment.outputs.analysis import (
    actions_by_phase,
    caveated_levels,
    dialogue_move,
    gap_rows,
    goal_label,
    largest_gaps,
    purposes_by_priority,
    target_text,
    vote_medians,
)

from .conftest import REPO


def opened(name: str):
    return open_assessment(REPO / "examples" / name)


def test_gap_rows_put_the_largest_gap_first_and_not_applicable_last():
    rows = gap_rows(opened("municipality-da.json"))
    gaps = [r.gap for r in rows]
    rated = [g for g in gaps if g is not None]
    assert rated == sorted(rated, reverse=True)
    assert rows[-1].not_applicable and rows[-1].gap is None


def test_largest_gaps_are_at_most_three_positive_gaps():
    top = largest_gaps(opened("hospital-da.json"))
    assert 1 <= len(top) <= 3 and all(r.gap > 0 for r in top)


def test_the_dialogue_move_lists_the_levels_to_pass():
    o = opened("hospital-da.json")
    d = o.doc.dialogue
    assert [lv.level for lv in dialogue_move(o)] == list(range(d.current + 1, d.desired + 1))


def test_a_chosen_level_five_brings_its_caveat():
    o = opened("hospital-da.json")
    assert [lv.level for lv in caveated_levels(o, [2, 5])] == [5]
    assert caveated_levels(o, [1, 4, None]) == []


def test_purposes_come_highest_priority_first():
    rows = purposes_by_priority(opened("hospital-da.json"))
    order = ["high", "medium", "low"]
    assert [order.index(pid) for _, pid, _ in rows] == sorted(order.index(pid) for _, pid, _ in rows)


def test_kpi_targets_read_as_a_sentence_in_the_language():
    o = opened("national-body-nb.json")
    calls = next(k for k in o.doc.kpis if k.suggestion == "phone_calls")
    assert target_text(calls, "nb").startswith("høyst 9\u00a0500")


def test_goals_are_numbered_like_a_strategy():
    o = opened("national-body-nb.json")
    objectives = [g for g in o.doc.goals if g.kind == "objective"]
    assert goal_label(o, objectives[0].id) == "1"
    child = next(g for g in o.doc.goals if g.objective == objectives[0].id)
    assert goal_label(o, child.id) == "1.1"


def test_actions_are_grouped_by_phase_in_time_order():
    phases = actions_by_phase(opened("municipality-da.json"))
    assert [name for name, _ in phases] == ["Nu", "Dernæst", "Senere"][: len(phases)]


def test_vote_medians_cover_every_area():
    o = opened("hospital-da.json")
    assert set(vote_medians(o)) == {a.id for a in o.scale.areas}

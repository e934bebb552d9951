"""Maturity areas: one at a time, levels or not applicable, notes, and a live radar."""
from __future__ import annotations

from assessment.ui.areas import AreasView

from .uikit import choose, custom_session, example_session, on_disk, one


def test_one_area_at_a_time_with_progress(tmp_path):
    s = example_session(tmp_path)
    view = AreasView(s)
    progress, previous, following = one(view, "dmw-area-progress"), one(view, "dmw-area-previous"), one(view, "dmw-area-next")
    assert progress.value == "1 af 6" and previous.disabled
    following.click()
    following.click()
    assert progress.value == "3 af 6"
    area = s.opened.scale.areas[2]
    assert area.question("da") in " ".join(getattr(w, "value", "") for w in view.area_box.children)
    for _ in range(5):
        following.click()
    assert progress.value == "6 af 6" and following.disabled
    previous.click()
    assert progress.value == "5 af 6"


def test_levels_notes_and_evidence_are_saved_and_the_radar_follows(tmp_path):
    s = example_session(tmp_path)
    view = AreasView(s)
    radar = one(view, "dmw-radar")
    before = radar.value
    choose(one(view, "dmw-area-current"), "1 · Envejsinformation")
    choose(one(view, "dmw-area-desired"), "5 · Brugerinddragelse")
    one(view, "dmw-area-notes").value = "Drøftet i gruppen"
    one(view, "dmw-area-evidence").value = "Strategien fra 2024"
    r = on_disk(s).rating("purpose")
    assert (r.current, r.desired, r.notes, r.evidence) == (1, 5, "Drøftet i gruppen", "Strategien fra 2024")
    assert radar.value != before and radar.value.startswith("<img src=\"data:image/png;base64,iVBOR")
    assert "Forbehold · Niveau 5" in one(view, "dmw-caveats").value


def test_not_applicable_clears_and_locks_the_levels(tmp_path):
    s = example_session(tmp_path)
    view = AreasView(s)
    one(view, "dmw-area-not-applicable").value = True
    r = on_disk(s).rating("purpose")
    assert (r.not_applicable, r.current, r.desired) == (True, None, None)
    assert one(view, "dmw-area-current").disabled and one(view, "dmw-area-current").label == "Ikke valgt"
    one(view, "dmw-area-not-applicable").value = False
    assert not one(view, "dmw-area-current").disabled
    assert on_disk(s).rating("purpose").not_applicable is False


def test_a_custom_scale_has_its_own_areas_and_levels(tmp_path):
    s = custom_session(tmp_path)
    view = AreasView(s)
    assert one(view, "dmw-area-progress").value == "1 af 4"
    assert len(one(view, "dmw-area-current").options) == 5
    one(view, "dmw-area-next").click()
    choose(one(view, "dmw-area-desired"), f"4 · {s.opened.scale.level(4).name('da')}")
    assert on_disk(s).rating(s.opened.scale.areas[1].id).desired == 4


def test_the_radar_explains_its_dashed_ring_in_page_text(tmp_path):
    view = AreasView(example_session(tmp_path))
    note = one(view, "dmw-radar-notes").value
    assert "Stiplet: niveau 5 (Brugerinddragelse)." in note and "tavshedspligt" in note


def test_the_rule_for_uneven_practice_is_shown_with_every_area(tmp_path):
    s = example_session(tmp_path)
    view = AreasView(s)
    rule = s.opened.scale.rating_rule("da")
    assert "almindelig uge" in rule and "forudsætning" in rule and "noterne" in rule
    assert one(view, "dmw-rating-rule").value == f"<p>{rule}</p>"
    one(view, "dmw-area-next").click()
    assert one(view, "dmw-rating-rule").value == f"<p>{rule}</p>"

"""Maturity areas: one at a time, levels or not applicable, notes, and a live radar."""

from __future__ import annotations

from assessment.ui.steps.areas import AreasView
from assessment.ui.widgets import fields

from .uikit import choose, custom_session, example_session, find, on_disk, one


def test_one_area_at_a_time_with_progress(tmp_path):
    s = example_session(tmp_path)
    view = AreasView(s)
    progress, previous, following = (
        one(view, "dmw-area-progress"),
        one(view, "dmw-area-previous"),
        one(view, "dmw-area-next"),
    )
    assert progress.value == "1 af 6" and previous.disabled
    following.click()
    following.click()
    assert progress.value == "3 af 6"
    area = s.opened.scale.areas[2]
    assert area.question("da") in " ".join(getattr(w, "value", "") for w in view.panel.box.children)
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
    assert radar.value != before and radar.value.startswith('<img src="data:image/png;base64,iVBOR')
    assert "Forbehold · Niveau 5" in one(view, "dmw-caveats").value


def test_not_applicable_sets_the_levels_aside_and_unticking_gives_them_back(tmp_path):
    s = example_session(tmp_path)
    view = AreasView(s)
    before = s.doc.rating("purpose")
    assert (before.current, before.desired) == (1, 4)
    one(view, "dmw-area-not-applicable").value = True
    r = on_disk(s).rating("purpose")
    assert (r.not_applicable, r.current, r.desired, r.gap) == (True, None, None, None), "counted nowhere meanwhile"
    assert (r.set_aside.current, r.set_aside.desired) == (1, 4)
    assert one(view, "dmw-area-current").disabled and one(view, "dmw-area-current").label == "Ikke valgt"
    one(view, "dmw-area-not-applicable").value = False
    r = on_disk(s).rating("purpose")
    assert (r.not_applicable, r.current, r.desired, r.set_aside) == (False, 1, 4, None)
    assert not one(view, "dmw-area-current").disabled and one(view, "dmw-area-current").label.startswith("1 ·")
    assert one(view, "dmw-area-desired").label.startswith("4 ·")


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


def test_a_level_chosen_on_an_area_that_is_being_left_stays_with_that_area(tmp_path):
    s = example_session(tmp_path)
    view = AreasView(s)
    areas = [a.id for a in s.opened.scale.areas]
    second_before = s.doc.rating(areas[1])
    first = view.panel
    one(view, "dmw-area-next").click()  # the browser may still show the first area's dropdown
    choose(one(first.box, "dmw-area-current"), "3 · Dialog med faste svartider")
    assert on_disk(s).rating(areas[0]).current == 3
    assert on_disk(s).rating(areas[1]) == second_before
    assert one(view, "dmw-area-progress").value == "2 af 6" and view.panel.area.id == areas[1]


def test_every_area_keeps_its_own_inputs_for_its_whole_life(tmp_path):
    s = custom_session(tmp_path)
    view = AreasView(s)
    areas = s.opened.scale.areas
    for i in range(len(areas)):
        choose(one(view, "dmw-area-current"), f"{i % 4 + 1} · {s.opened.scale.level(i % 4 + 1).name('da')}")
        one(view, "dmw-area-next").click()
    assert [r.current for r in (on_disk(s).rating(a.id) for a in areas)] == [i % 4 + 1 for i in range(len(areas))]
    panels = {i: p.box for i, p in view.panels.items()}
    for _ in areas:
        one(view, "dmw-area-previous").click()
    assert {i: p.box for i, p in view.panels.items()} == panels, "moving between areas builds and re-points nothing"
    assert [p.area.id for p in view.panels.values()] == [a.id for a in areas]
    assert len(find(view, "dmw-area-current")) == 1, "one area on the page at a time"


def test_a_change_from_another_writer_is_shown_but_never_over_text_being_typed(tmp_path):
    s = example_session(tmp_path)
    view = AreasView(s)
    notes, evidence = one(view, "dmw-area-notes"), one(view, "dmw-area-evidence")
    field = next(f for f in view.panel.notes if f.control is notes)
    field.focused = True  # the page reported the cursor in the notes
    notes.value = "Vi skriver stadig"

    def elsewhere(doc):
        r = doc.rating("purpose")
        r.notes, r.evidence, r.current = "Fra den anden bærbare", "Referat 3. maj", 3

    s.change(elsewhere)
    view.pulled(frozenset({"ratings"}))
    assert notes.value == "Vi skriver stadig", "text being typed is never overwritten"
    assert evidence.value == "Referat 3. maj" and one(view, "dmw-area-current").label.startswith("3 ·")


def test_typed_text_is_saved_after_a_pause_and_when_the_field_is_left(tmp_path, monkeypatch):
    s = example_session(tmp_path)
    waiting: list = []

    class Timer:
        def __init__(self, action):
            self.action, self.cancelled = action, False
            waiting.append(self)

        def cancel(self):
            self.cancelled = True

    monkeypatch.setattr(fields, "later", lambda delay, action: Timer(action) if delay == fields.PAUSE else None)
    view = AreasView(s)
    notes = one(view, "dmw-area-notes")
    notes.value = "Dr"
    notes.value = "Drøftet"
    assert on_disk(s).rating("purpose").notes != "Drøftet", "not saved at every keystroke"
    assert [t.cancelled for t in waiting] == [True, False], "each keystroke starts the pause again"
    waiting[-1].action()  # the pause ended
    assert on_disk(s).rating("purpose").notes == "Drøftet"
    notes.value = "Drøftet i gruppen"
    field = next(f for f in view.panel.notes if f.control is notes)
    field.left()  # the page reported that the cursor left the field
    assert on_disk(s).rating("purpose").notes == "Drøftet i gruppen"
    assert waiting[-1].cancelled


def test_an_areas_level_cards_are_the_choice_and_rest_while_it_is_not_applicable(tmp_path):
    s = example_session(tmp_path)
    view = AreasView(s)
    one(view, "dmw-area-next").click()
    area = view.panel.area
    assert area.descriptors[3]("da") in one(view, "dmw-level-3").children[0].value
    one(view, f"dmw-area-{area.id}-current-3").value = True
    one(view, f"dmw-area-{area.id}-desired-5").value = True
    r = on_disk(s).rating(area.id)
    assert (r.current, r.desired) == (3, 5) and one(view, "dmw-area-current").label.startswith("3 ·")
    assert "dmw-level-current" in one(view, "dmw-level-3")._dom_classes
    assert on_disk(s).rating(s.opened.scale.areas[0].id) == s.doc.rating(s.opened.scale.areas[0].id)
    one(view, "dmw-area-not-applicable").value = True
    assert one(view, f"dmw-area-{area.id}-current-3").disabled and not one(view, f"dmw-area-{area.id}-current-3").value

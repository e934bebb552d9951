"""The dialogue scale: levels side by side, current and desired, the move, the caveat."""

from __future__ import annotations

from assessment.ui.steps.dialogue import DialogueView

from .uikit import choose, custom_session, example_session, find, on_disk, one


def card(view: DialogueView, level: int):
    return one(view, f"dmw-level-{level}")


def card_text(view: DialogueView) -> str:
    return " ".join(w.value for w in find(view, "dmw-levels")[0].children for w in w.children if hasattr(w, "value"))


def test_every_level_is_shown_side_by_side(tmp_path):
    s = example_session(tmp_path)
    view = DialogueView(s)
    cards = card_text(view)
    for lv in s.opened.scale.levels:
        assert card(view, lv.level) and lv.name("da") in cards and lv.summary("da") in cards
    assert "Platform:" in cards and "Indhold:" in cards and "Organisation:" in cards


def test_a_level_card_is_the_choice_for_today_and_for_the_goal(tmp_path):
    s = example_session(tmp_path)
    view = DialogueView(s)
    one(view, "dmw-dialogue-current-2").value = True  # "Her er vi" on card 2: a click, or Space on the keyboard
    one(view, "dmw-dialogue-desired-4").value = True  # "Hertil vil vi" on card 4
    d = on_disk(s).dialogue
    assert (d.current, d.desired) == (2, 4)
    assert one(view, "dmw-dialogue-current").label.startswith("2 ·"), "the dropdown follows"
    assert "dmw-level-current" in card(view, 2)._dom_classes and "dmw-level-desired" in card(view, 4)._dom_classes
    one(view, "dmw-dialogue-current-3").value = True
    assert on_disk(s).dialogue.current == 3 and not one(view, "dmw-dialogue-current-2").value
    assert "dmw-level-current" not in card(view, 2)._dom_classes
    choose(one(view, "dmw-dialogue-desired"), "5 · Brugerinddragelse")  # the dropdown still works, the cards follow
    assert one(view, "dmw-dialogue-desired-5").value and not one(view, "dmw-dialogue-desired-4").value
    one(view, "dmw-dialogue-desired-5").value = False  # clicked again: nothing chosen
    assert on_disk(s).dialogue.desired is None


def test_choosing_levels_saves_them_and_shows_what_the_move_takes(tmp_path):
    s = example_session(tmp_path)
    view = DialogueView(s)
    choose(one(view, "dmw-dialogue-current"), "1 · Envejsinformation")
    choose(one(view, "dmw-dialogue-desired"), "3 · Dialog med faste svartider")
    d = on_disk(s).dialogue
    assert (d.current, d.desired) == (1, 3)
    move = one(view, "dmw-dialogue-move").value
    assert "Til niveau 2: Reaktiv dialog" in move and "Til niveau 3: Dialog med faste svartider" in move
    assert "dmw-level-current" in card(view, 1)._dom_classes
    choose(one(view, "dmw-dialogue-desired"), "1 · Envejsinformation")
    assert "ikke noget nyt at bygge op" in one(view, "dmw-dialogue-move").value
    choose(one(view, "dmw-dialogue-current"), "Ikke valgt")
    assert on_disk(s).dialogue.current is None
    assert "Vælg nuværende og ønsket niveau" in one(view, "dmw-dialogue-move").value


def test_the_caveat_appears_whenever_its_level_is_chosen(tmp_path):
    s = example_session(tmp_path)
    view = DialogueView(s)
    assert one(view, "dmw-caveats").value == ""
    choose(one(view, "dmw-dialogue-desired"), "5 · Brugerinddragelse")
    caveat = one(view, "dmw-caveats").value
    assert 'class="dmw-caveat dmw-caveat-5"' in caveat and "Forbehold · Niveau 5" in caveat
    assert "tavshedspligt" in caveat
    assert "dmw-level-caveat" in card(view, 5)._dom_classes, "the level is drawn dashed"


def test_the_rationale_is_saved(tmp_path):
    s = example_session(tmp_path)
    view = DialogueView(s)
    one(view, "dmw-dialogue-rationale").value = "Vi svarer allerede."
    assert on_disk(s).dialogue.rationale == "Vi svarer allerede."


def test_a_four_level_scale_in_english(tmp_path):
    s = custom_session(tmp_path, "en")
    view = DialogueView(s)
    assert [label for label, _ in one(view, "dmw-dialogue-current").options] == [
        "Not chosen",
        *(f"{lv.level} · {lv.name('en')}" for lv in s.opened.scale.levels),
    ]
    choose(one(view, "dmw-dialogue-current"), "4 · Co-create")
    assert "Caveat · Level 4: Co-create" in one(view, "dmw-caveats").value


def test_the_rule_for_uneven_practice_is_shown_where_the_level_is_chosen(tmp_path):
    s = example_session(tmp_path)
    assert "almindelig uge" in one(DialogueView(s), "dmw-rating-rule").value

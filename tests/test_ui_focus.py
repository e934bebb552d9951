"""The page's focus reports: the kernel holds back document values for the field the cursor
is in, saves what was typed when the cursor leaves, and moves the cursor into a new row."""

from __future__ import annotations

from assessment.ui.steps.purpose import PurposeView
from assessment.ui.widgets import focus

from .uikit import example_session, field_of, find, message, on_disk, one


def report(watch: focus.FocusWatch, event: str, widget) -> None:
    watch._message(watch, {"event": event, "field": field_of(widget).uid}, None)


def test_the_field_with_the_cursor_keeps_what_is_typed_until_it_is_left(tmp_path):
    s = example_session(tmp_path)
    view, watch = PurposeView(s), focus.FocusWatch()
    social = one(view, "dmw-social-purpose")
    report(watch, "focus", social)
    assert field_of(social).focused
    social.value = "Vi er her for at"
    field_of(social).show("Skrevet i et andet vindue")  # a change from elsewhere while typing
    assert social.value == "Vi er her for at"
    report(watch, "blur", social)
    assert not field_of(social).focused and on_disk(s).purposes.social_purpose == "Vi er her for at"
    field_of(social).show("Skrevet i et andet vindue")
    assert social.value == "Skrevet i et andet vindue", "a real change from elsewhere shows once the field is left"


def test_leaving_an_empty_required_field_says_what_is_missing(tmp_path):
    s = example_session(tmp_path)
    view, watch = PurposeView(s), focus.FocusWatch()
    n = len(s.doc.purposes.challenges)
    one(view, "dmw-challenge-add").click()
    assert message(view, f"dmw-challenge-text-{n}") == ""
    report(watch, "blur", one(view, f"dmw-challenge-text-{n}"))
    assert message(view, f"dmw-challenge-text-{n}") == "Skal udfyldes."


def test_a_report_about_no_known_field_is_ignored(tmp_path):
    watch = focus.FocusWatch()
    watch._message(watch, {"event": "blur", "field": "dmw-f999999999"}, None)
    watch._message(watch, {"event": "focus", "field": "<script>"}, None)


def test_a_new_row_asks_the_page_to_put_the_cursor_in_its_first_field(tmp_path, monkeypatch):
    s = example_session(tmp_path)
    view = PurposeView(s)
    moved = []
    monkeypatch.setattr(focus.FocusWatch, "send", lambda self, content, buffers=None: moved.append(content))
    focus.FocusWatch()  # the page showing the view
    n = len(s.doc.purposes.challenges)
    one(view, "dmw-challenge-add").click()
    assert {"focus": field_of(one(view, f"dmw-challenge-text-{n}")).uid} in moved


def test_a_step_changed_elsewhere_is_redrawn_only_once_the_field_being_typed_in_is_left(tmp_path):
    s = example_session(tmp_path)
    view, watch = PurposeView(s), focus.FocusWatch()
    social = one(view, "dmw-social-purpose")
    report(watch, "focus", social)
    social.value = "Vi er her for at lytte"

    def elsewhere(doc):
        doc.purposes.challenges = [*doc.purposes.challenges, "Svar om natten"]

    s.change(elsewhere)
    view._changed(frozenset({"purposes"}), True)  # as when another writer's save is merged in
    assert one(view, "dmw-social-purpose") is social and social.value == "Vi er her for at lytte"
    report(watch, "blur", social)
    redrawn = one(view, "dmw-social-purpose")
    assert redrawn is not social and redrawn.value == "Vi er her for at lytte"
    assert "Svar om natten" in [
        w.value for w in find(view, "dmw-challenge-text-" + str(len(s.doc.purposes.challenges) - 1))
    ]


def test_a_control_no_longer_shown_writes_nothing(tmp_path):
    from assessment.ui.steps.goals import GoalsView

    s = example_session(tmp_path)
    view = GoalsView(s)
    old_name, old_target = one(view, "dmw-kpi-name-0"), one(view, "dmw-kpi-target-0")
    kpis = on_disk(s).kpis

    def elsewhere(doc):
        doc.kpis[0].name = "Omdøbt i et andet vindue"

    s.change(elsewhere)
    view._changed(frozenset({"kpis"}), True)  # redrawn with the other writer's name
    old_name.value = "Sent fra den gamle række"  # an event that was on its way from the old row
    old_target.value = "1"
    assert on_disk(s).kpis[0].name == "Omdøbt i et andet vindue"
    assert on_disk(s).kpis[1:] == kpis[1:] and on_disk(s).kpis[0].target == kpis[0].target
    assert one(view, "dmw-kpi-name-0").value == "Omdøbt i et andet vindue"


def test_a_click_on_its_way_from_a_table_no_longer_shown_writes_nothing(tmp_path):
    s = example_session(tmp_path)
    view = PurposeView(s)
    old_remove = one(view, "dmw-challenge-remove-0")
    view.rebuild()  # e.g. the language was switched
    old_remove.click()
    assert on_disk(s).purposes.challenges == s.doc.purposes.challenges and len(s.doc.purposes.challenges) > 1

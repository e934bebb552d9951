"""Purpose: the catalogue's purposes with a priority, own purposes, social purpose, challenges."""

from __future__ import annotations

from assessment.ui.steps.purpose import PurposeView

from .uikit import choose, example_session, message, on_disk, one


def test_choosing_a_purpose_and_its_priority(tmp_path):
    s = example_session(tmp_path)
    view = PurposeView(s)
    flag, priority = one(view, "dmw-purpose-marketing"), one(view, "dmw-purpose-marketing-priority")
    assert not flag.value and priority.disabled
    flag.value = True
    assert {p.id: p.priority for p in on_disk(s).purposes.chosen}["marketing"] == "medium"
    assert not priority.disabled
    choose(priority, "Høj")
    assert {p.id: p.priority for p in on_disk(s).purposes.chosen}["marketing"] == "high"
    flag.value = False
    assert "marketing" not in {p.id for p in on_disk(s).purposes.chosen}


def test_own_purposes_social_purpose_and_challenges(tmp_path):
    s = example_session(tmp_path)
    view = PurposeView(s)
    own, challenges = len(s.doc.purposes.own), len(s.doc.purposes.challenges)
    one(view, "dmw-own-purpose-add").click()
    one(view, f"dmw-own-purpose-text-{own}").value = "Rekruttere frivillige"
    choose(one(view, f"dmw-own-purpose-priority-{own}"), "Lav")
    added = on_disk(s).purposes.own[-1]
    assert (added.text, added.priority) == ("Rekruttere frivillige", "low")
    one(view, "dmw-social-purpose").value = "Vi vil være til stede, hvor folk spørger."
    assert on_disk(s).purposes.social_purpose == "Vi vil være til stede, hvor folk spørger."
    one(view, "dmw-challenge-add").click()
    one(view, f"dmw-challenge-text-{challenges}").value = "Svar tager for lang tid"
    assert on_disk(s).purposes.challenges[-1] == "Svar tager for lang tid"
    one(view, "dmw-challenge-text-0").value = ""
    assert message(view, "dmw-challenge-text-0") == "Skal udfyldes."
    assert on_disk(s).purposes.challenges[0] == s.doc.purposes.challenges[0] != ""
    one(view, "dmw-challenge-remove-0").click()
    assert len(on_disk(s).purposes.challenges) == challenges

"""The intake: organisation, channels, target groups, workshop and participants."""

from __future__ import annotations

import datetime as dt

from assessment.ui.steps.intake import IntakeView

from .uikit import example_session, leave, message, on_disk, one


def test_the_organisation_fields_are_saved(tmp_path):
    s = example_session(tmp_path)
    view = IntakeView(s)
    one(view, "dmw-org-name").value = "Sygehus Østkysten"
    one(view, "dmw-org-type").value = dict(one(view, "dmw-org-type").options)["Region"]
    one(view, "dmw-channels-tiktok").value = True
    one(view, "dmw-target-groups-press").value = True
    org = on_disk(s).organisation
    assert (org.name, org.type) == ("Sygehus Østkysten", "region")
    assert "tiktok" in org.channels and "press" in org.target_groups


def test_an_empty_name_is_explained_and_not_saved(tmp_path):
    s = example_session(tmp_path)
    view = IntakeView(s)
    one(view, "dmw-org-name").value = "   "
    assert message(view, "dmw-org-name") == "Skriv organisationens navn."
    assert "dmw-invalid" in one(view, "dmw-org-name")._dom_classes
    assert on_disk(s).organisation.name == "Sygehus Vestkysten"
    one(view, "dmw-org-name").value = "Sygehus Vest"
    assert message(view, "dmw-org-name") == ""
    assert on_disk(s).organisation.name == "Sygehus Vest"


def test_the_workshop_date_is_read_the_danish_way(tmp_path):
    s = example_session(tmp_path)
    view = IntakeView(s)
    field = one(view, "dmw-workshop-date")
    assert field.value == "11.03.2026"
    field.value = "31.02.2026"
    assert message(view, "dmw-workshop-date") == "Skriv datoen som dag.måned.år, fx 22.11.2026."
    field.value = "5.6.2026"
    assert on_disk(s).workshop.date == dt.date(2026, 6, 5)
    field.value = ""
    assert on_disk(s).workshop.date is None
    one(view, "dmw-workshop-place").value = "Mødelokale 2"
    assert on_disk(s).workshop.place == "Mødelokale 2"


def test_own_channels_are_added_once_named_and_removed(tmp_path):
    s = example_session(tmp_path)
    view = IntakeView(s)
    before = list(s.doc.organisation.own_channels)
    one(view, "dmw-own-channel-add").click()
    n = len(before)
    assert message(view, f"dmw-own-channel-text-{n}") == "", "a fresh row is no mistake"
    leave(one(view, f"dmw-own-channel-text-{n}"))
    assert message(view, f"dmw-own-channel-text-{n}") == "Skal udfyldes."
    assert on_disk(s).organisation.own_channels == before, "an empty row is not saved"
    one(view, f"dmw-own-channel-text-{n}").value = "Podcast"
    assert on_disk(s).organisation.own_channels == [*before, "Podcast"]
    one(view, f"dmw-own-channel-remove-{n}").click()
    assert on_disk(s).organisation.own_channels == before


def test_participants_with_role_and_consent(tmp_path):
    s = example_session(tmp_path)
    view = IntakeView(s)
    n = len(s.doc.participants)
    one(view, "dmw-participant-add").click()
    assert message(view, f"dmw-participant-name-{n}") == ""
    leave(one(view, f"dmw-participant-name-{n}"))
    assert message(view, f"dmw-participant-name-{n}") == "Skriv deltagerens navn."
    one(view, f"dmw-participant-role-{n}").value = "Patientrepræsentant"
    one(view, f"dmw-participant-name-{n}").value = "Anna Berg"
    one(view, f"dmw-participant-consent-{n}").value = True
    added = on_disk(s).participants[-1]
    assert (added.name, added.role, added.consent_to_be_named) == ("Anna Berg", "Patientrepræsentant", True)
    assert added.id not in {p.id for p in s.doc.participants[:-1]}
    one(view, f"dmw-participant-remove-{n}").click()
    assert len(on_disk(s).participants) == n
    assert one(view, f"dmw-participant-remove-{n - 1}"), "rows are numbered again from 0"


def test_a_participant_who_voted_cannot_be_removed_here(tmp_path):
    s = example_session(tmp_path)
    view = IntakeView(s)
    voter = s.doc.room.polls[0].round.votes[0].voter
    i = [p.id for p in s.doc.participants].index(voter)
    one(view, f"dmw-participant-remove-{i}").click()
    assert voter in {p.id for p in on_disk(s).participants}
    assert message(view, f"dmw-participant-{i}") == "Deltageren har stemt i vurderingen og kan ikke fjernes her."

"""Every change is saved at once; a failed save or a clash with another session is shown
next to the indicator in the session's language, and the answers are never lost."""

from __future__ import annotations

import errno
import os
import re
import shutil

from assessment.document import workspace
from assessment.document.store import AssessmentFile
from assessment.ui.steps.intake import IntakeView
from assessment.ui.steps.purpose import PurposeView
from assessment.ui.widgets.view import Header

from .uikit import example_session, home, on_disk, one  # noqa: F401  (home is a fixture)


def test_a_change_is_on_disk_at_once_and_the_indicator_says_when(tmp_path):
    s = example_session(tmp_path)
    header, view = Header(s), IntakeView(s)
    assert one(header.box, "dmw-save-state").value == "hospital-da.json · gemmes automatisk"
    one(view, "dmw-org-unit").value = "Kommunikation"
    assert on_disk(s).organisation.unit == "Kommunikation"
    assert re.fullmatch(r"Gemt \d\d:\d\d:\d\d", one(header.box, "dmw-save-state").value)
    assert (tmp_path / "hospital-da.json.bak").exists(), "the store keeps the previous version"


def test_a_full_disk_is_shown_with_a_retry_and_the_answer_stays_in_memory(tmp_path, monkeypatch):
    s = example_session(tmp_path)
    header, view = Header(s), IntakeView(s)
    before = on_disk(s).organisation.unit

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    one(view, "dmw-org-unit").value = "Ny enhed"
    state, retry = one(header.box, "dmw-save-state"), one(header.box, "dmw-save-retry")
    assert state.value.startswith("Ikke gemt: hospital-da.json kunne ikke skrives")
    assert "dmw-save-problem" in state._dom_classes
    assert retry.layout.display == "" and retry.description == "Prøv igen"
    assert s.doc.organisation.unit == "Ny enhed" and on_disk(s).organisation.unit == before
    monkeypatch.undo()
    retry.click()
    assert on_disk(s).organisation.unit == "Ny enhed"
    assert state.value.startswith("Gemt ") and retry.layout.display == "none"


def test_a_folder_that_is_gone_is_a_failed_save_not_a_traceback(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    s = example_session(folder)
    header, view = Header(s), IntakeView(s)
    shutil.rmtree(folder)
    folder.write_text("now a file", encoding="utf-8")
    one(view, "dmw-org-unit").value = "Ny enhed"
    assert s.status.kind == "failed"
    assert one(header.box, "dmw-save-retry").layout.display == ""
    assert s.doc.organisation.unit == "Ny enhed"


def test_another_session_changing_other_fields_is_merged_silently(tmp_path):
    s = example_session(tmp_path)
    view = PurposeView(s)
    other = AssessmentFile(s.path)
    theirs = other.load()
    theirs.purposes.social_purpose = "Skrevet i en anden notebook"
    other.save(theirs)
    one(IntakeView(s), "dmw-org-unit").value = "Min enhed"
    saved = on_disk(s)
    assert (saved.organisation.unit, saved.purposes.social_purpose) == ("Min enhed", "Skrevet i en anden notebook")
    assert s.status.kind == "saved"
    assert one(view, "dmw-social-purpose").value == "Skrevet i en anden notebook", "the view shows what was merged in"


def _clash(tmp_path):
    s = example_session(tmp_path)
    header, view = Header(s), IntakeView(s)
    other = AssessmentFile(s.path)
    theirs = other.load()
    theirs.organisation.unit = "Deres enhed"
    other.save(theirs)
    one(view, "dmw-org-unit").value = "Min enhed"
    return s, header, view


def test_a_clash_asks_the_user_to_choose(tmp_path):
    s, header, _ = _clash(tmp_path)
    assert s.status.kind == "conflict"
    assert one(header.box, "dmw-save-state").value.startswith("Ikke gemt: en anden har ændret de samme svar")
    reload, copy = one(header.box, "dmw-save-reload"), one(header.box, "dmw-save-copy")
    assert (reload.description, copy.description) == ("Hent den gemte version", "Gem mine svar som kopi")
    assert reload.layout.display == copy.layout.display == ""
    assert on_disk(s).organisation.unit == "Deres enhed", "the other session's answers are not overwritten"


def test_reloading_shows_the_saved_version(tmp_path):
    s, header, view = _clash(tmp_path)
    one(header.box, "dmw-save-reload").click()
    assert s.doc.organisation.unit == "Deres enhed"
    assert one(view, "dmw-org-unit").value == "Deres enhed"
    assert one(header.box, "dmw-save-reload").layout.display == "none"


def test_saving_mine_as_a_copy_keeps_both(home, tmp_path):
    s, header, view = _clash(tmp_path)
    one(header.box, "dmw-save-copy").click()
    assert s.path == tmp_path / "hospital-da-kopi.json"
    assert on_disk(s).organisation.unit == "Min enhed"
    assert AssessmentFile(tmp_path / "hospital-da.json").load().organisation.unit == "Deres enhed"
    assert workspace.current_path() == s.path.resolve()
    assert one(header.box, "dmw-save-state").value.startswith("Gemt som kopi i hospital-da-kopi.json")
    one(view, "dmw-org-unit").value = "Videre i kopien"
    assert on_disk(s).organisation.unit == "Videre i kopien"

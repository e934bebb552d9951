"""Saving never loses or truncates a workshop's answers; bad files are refused, never overwritten."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assessment.document import store
from assessment.document.model import SCHEMA_VERSION, Assessment, Dialogue, Organisation, Rating, ScaleRef
from assessment.document.store import AssessmentFile, backup_path, load, save_new
from assessment.errors import AssessmentError, ConflictError, SaveFailed
from assessment.files import writing

FIXTURES = Path(__file__).parent / "fixtures"


def sample(name: str = "Region Test") -> Assessment:
    return Assessment(
        language="da",
        scale=ScaleRef(id="tiny", version="0.1"),
        organisation=Organisation(name=name, type="region"),
        ratings=[Rating(area="purpose", current=1, desired=3, notes="Æblegrød og blåbær 🫐")],
        dialogue=Dialogue(current=1, desired=2),
    )


def test_a_saved_assessment_loads_back_equal(tmp_path):
    path = tmp_path / "a.json"
    doc = sample()
    save_new(doc, path)
    again = load(path)
    assert again == doc
    assert again.ratings[0].notes == "Æblegrød og blåbær 🫐"
    assert "Æblegrød" in path.read_text(encoding="utf-8"), "text is stored readable, not escaped"


def test_saving_keeps_the_previous_version_as_a_backup(tmp_path):
    path = tmp_path / "a.json"
    handle = save_new(sample("First"), path)
    handle.save(sample("Second"))
    assert load(path).organisation.name == "Second"
    assert json.loads(backup_path(path).read_text(encoding="utf-8"))["organisation"]["name"] == "First"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["a.json", "a.json.bak"]


def test_a_crash_before_the_rename_leaves_the_old_file_whole_and_no_debris(tmp_path, monkeypatch):
    path = tmp_path / "a.json"
    handle = save_new(sample("Old"), path)
    before = path.read_bytes()

    def crash(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writing.os, "replace", crash)
    with pytest.raises(SaveFailed, match="could not save .No space left on device.; your answers are kept in memory"):
        handle.save(sample("New"))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


KILLER = """
import sys
from assessment.document.model import Assessment, Organisation, ScaleRef, Rating
from assessment.document.store import AssessmentFile
path = sys.argv[1]
handle = AssessmentFile(path)
handle.load()
i = 0
while True:
    i += 1
    doc = Assessment(language="da", scale=ScaleRef(id="tiny", version="1"),
        organisation=Organisation(name=f"Org {i}", type="region"),
        ratings=[Rating(area="a", notes="x" * (i % 5000) * 20)])
    handle.save(doc)
"""


def test_a_process_killed_while_saving_leaves_a_valid_file(tmp_path):
    path = tmp_path / "a.json"
    save_new(sample(), path)
    for attempt in range(8):
        proc = subprocess.Popen([sys.executable, "-c", KILLER, str(path)])
        time.sleep(0.15 + attempt * 0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        doc = load(path)  # raises if the file were truncated or half-written
        assert doc.organisation.name.startswith(("Org", "Region"))


def test_a_corrupt_file_gives_a_clear_error_and_is_not_overwritten(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"schema_version": 2, "language": "da",', encoding="utf-8")
    before = path.read_bytes()
    handle = AssessmentFile(path)
    with pytest.raises(AssessmentError) as caught:
        handle.load()
    assert (
        str(caught.value) == f"{path}:1: not valid JSON: Expecting property name enclosed in double quotes (column 40)"
    )
    with pytest.raises(ConflictError):
        handle.save(sample())
    assert path.read_bytes() == before


def test_an_invalid_field_is_named_with_the_file(tmp_path):
    path = tmp_path / "a.json"
    data = json.loads(store.serialise(sample()))
    data["ratings"][0]["current"] = 11
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(AssessmentError) as caught:
        load(path)
    assert str(caught.value) == f"{path}: ratings.0.current: Input should be less than or equal to 10"


def test_an_empty_file_is_refused_with_a_pointer_to_the_backup(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(b"")
    with pytest.raises(AssessmentError, match="file is empty; it holds no assessment .a backup may be in a.json.bak."):
        load(path)


def test_a_file_from_a_newer_workbook_is_refused_not_guessed_at(tmp_path):
    path = tmp_path / "a.json"
    data = json.loads(store.serialise(sample()))
    data["schema_version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        AssessmentError, match=rf"schema_version: 99 is newer than this workbook understands \({SCHEMA_VERSION}\)"
    ):
        load(path)


def test_a_version_1_file_is_migrated_to_the_current_schema():
    doc = load(FIXTURES / "pilot-v1.json")
    assert doc.schema_version == SCHEMA_VERSION
    assert [(p.id, p.priority) for p in doc.purposes.chosen] == [("branding", "medium"), ("relations", "medium")]
    assert doc.purposes.social_purpose.startswith("Vi er på sociale medier")
    ratings = {r.area: r for r in doc.ratings}
    assert (ratings["purpose"].current, ratings["purpose"].desired) == (2, 4)
    assert ratings["structure"].not_applicable and ratings["structure"].current is None
    assert doc.kpis[0].goals == ["g1"] and doc.kpis[0].direction == "at_least"


def test_a_version_2_file_opens_with_an_empty_strategy_and_nothing_else_changed(tmp_path):
    example = json.loads((Path(__file__).parent.parent / "examples" / "hospital-da.json").read_text(encoding="utf-8"))
    v2 = {k: v for k, v in example.items() if k not in ("strategy", "id")} | {"schema_version": 2}
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(v2), encoding="utf-8")
    doc = load(path)
    assert doc.schema_version == SCHEMA_VERSION
    assert doc.strategy.position == "" and doc.strategy.roadmap == [] and doc.strategy.accessibility == []
    as_written = Assessment.model_validate({**v2, "schema_version": SCHEMA_VERSION})
    assert doc.model_dump(exclude={"strategy", "id"}) == as_written.model_dump(exclude={"strategy", "id"})


def test_a_version_2_file_gets_an_id_that_stays_the_same_until_saved_and_no_follow_up_data(tmp_path):
    path = tmp_path / "v2.json"
    shutil.copy(FIXTURES / "workshop-v2.json", path)
    first, again = load(path), load(path)
    assert first.schema_version == SCHEMA_VERSION
    assert re.fullmatch(r"[0-9a-f]{32}", first.id) and first.id == again.id
    assert first.history == [] and first.kpis[0].actuals == [] and first.actions[0].status == "not_started"
    assert (first.kpis[0].direction, first.kpis[0].target) == ("at_most", 700)
    AssessmentFile(path).save(first, overwrite=True)
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == first.id == load(path).id


def test_a_second_session_does_not_silently_overwrite_the_first(tmp_path):
    path = tmp_path / "a.json"
    save_new(sample(), path)
    first, second = AssessmentFile(path), AssessmentFile(path)
    first.load()
    second.load()
    first.save(sample("From the first session"))
    with pytest.raises(ConflictError, match="changed on disk since you opened it"):
        second.save(sample("From the second session"))
    assert load(path).organisation.name == "From the first session"
    second.save(sample("Kept on purpose"), overwrite=True)
    assert load(path).organisation.name == "Kept on purpose"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write to read-only folders")
def test_a_save_into_a_read_only_folder_fails_clearly(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "a.json"
    handle = save_new(sample("Old"), path)
    folder.chmod(0o500)
    try:
        with pytest.raises(SaveFailed, match="your answers are kept in memory"):
            handle.save(sample("New"))
    finally:
        folder.chmod(0o700)
    assert load(path).organisation.name == "Old"

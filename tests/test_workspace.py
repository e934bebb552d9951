"""The current assessment is remembered between kernels; shipped examples are never edited."""

from __future__ import annotations

import json
import os
from pathlib import Path

from assessment.document import workspace

from .conftest import REPO
from .uikit import home  # noqa: F401  (fixture)


def test_with_nothing_chosen_the_built_in_example_is_copied_and_remembered(home):
    shipped = (REPO / "examples" / "hospital-da.json").read_bytes()
    path = workspace.current_path()
    assert path == home / "assessments" / "hospital-da.json"
    assert path.read_bytes() == shipped
    assert json.loads((home / "state.json").read_text())["current"] == str(path.resolve())
    assert workspace.current_path() == path


def test_the_remembered_choice_is_what_the_next_notebook_opens(home, tmp_path):
    mine = tmp_path / "mine.json"
    mine.write_bytes((REPO / "examples" / "municipality-da.json").read_bytes())
    workspace.remember(mine, "nb")
    assert workspace.current_path() == mine.resolve()
    assert workspace.remembered_language() == "nb"


def test_a_remembered_file_that_is_gone_falls_back_to_the_example(home, tmp_path):
    workspace.remember(tmp_path / "gone.json", "da")
    assert workspace.current_path().name == "hospital-da.json"


def test_a_damaged_state_file_means_nothing_is_chosen(home):
    home.mkdir(parents=True)
    (home / "state.json").write_text("{not json", encoding="utf-8")
    assert workspace.read_state() == {}
    assert workspace.current_path().parent == home / "assessments"


def test_the_environment_variable_wins(home, tmp_path, monkeypatch):
    mine = tmp_path / "env.json"
    monkeypatch.setenv(workspace.ASSESSMENT_ENV, str(mine))
    assert workspace.current_path() == mine


def test_pointing_the_environment_variable_at_a_shipped_example_opens_a_copy(home, monkeypatch):
    monkeypatch.setenv(workspace.ASSESSMENT_ENV, str(REPO / "examples" / "municipality-da.json"))
    path = workspace.current_path()
    assert path == home / "assessments" / "municipality-da.json"
    assert not workspace.is_shipped_example(path)


def test_a_fresh_copy_of_an_example_never_replaces_an_earlier_one(home):
    first = workspace.copy_example("hospital-da.json", fresh=False)
    first.write_text("changed", encoding="utf-8")
    second = workspace.copy_example("hospital-da.json", fresh=True)
    assert second.name == "hospital-da-2.json"
    assert first.read_text(encoding="utf-8") == "changed"


def test_the_list_of_assessments_leaves_out_backups_and_hidden_files(tmp_path):
    for name in ("a.json", "b.json", "b.json.bak", ".hidden.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert [p.name for p in workspace.assessments_in(tmp_path)] == ["a.json", "b.json"]
    assert workspace.assessments_in(tmp_path / "missing") == []


def test_the_default_home_is_in_the_users_home_folder(monkeypatch):
    monkeypatch.delenv(workspace.HOME_ENV, raising=False)
    assert workspace.home() == Path(os.path.expanduser("~")) / ".dialogue-workbook"


def test_the_next_page_speaks_the_current_files_language_before_the_remembered_one(home, tmp_path, monkeypatch):
    """A language switch is saved in the file at once; the remembered language may lag."""
    path = workspace.copy_example("national-body-nb.json", fresh=False)
    workspace.remember(path, "da")
    assert workspace.current_language() == "nb"
    path.write_text("{not json", encoding="utf-8")  # damaged: the remembered one
    assert workspace.current_language() == "da"
    path.unlink()
    assert workspace.current_language() == "da"
    assert not (home / "assessments" / "hospital-da.json").exists(), "asking makes no file"
    other = tmp_path / "set.json"
    other.write_text(json.dumps({"schema_version": 6, "language": "en"}), encoding="utf-8")
    monkeypatch.setenv(workspace.ASSESSMENT_ENV, str(other))
    assert workspace.current_language() == "en"

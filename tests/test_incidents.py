"""A fault in the workbook itself reaches the user as one line, the trace as a log file."""

from __future__ import annotations

import pytest

from assessment import cli
from assessment.document import workspace
from assessment.ui.steps.intake import IntakeView
from assessment.ui.widgets.view import Header

from .conftest import EXAMPLES
from .uikit import example_session, one


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv(workspace.HOME_ENV, str(tmp_path / "home"))
    return tmp_path / "home"


def test_a_bug_in_a_command_is_one_line_exit_3_and_the_trace_in_the_log(home, monkeypatch, capsys):
    def broken(_args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "_validate", broken)
    assert cli.main(["validate", str(EXAMPLES[0])]) == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: internal error in 'assessment validate'")
    assert "ZeroDivisionError: division by zero" in err
    log = home / "logs" / "errors.log"
    assert str(log) in err
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "in broken" in text


def test_a_bug_behind_a_field_is_shown_in_the_indicator_and_the_answers_stay(home, tmp_path, monkeypatch):
    s = example_session(tmp_path)
    header, view = Header(s), IntakeView(s)

    def broken(_mutate):
        raise KeyError("boom")

    monkeypatch.setattr(s, "change", broken)
    one(view, "dmw-org-unit").value = "Ny enhed"  # must not raise
    state = one(header.box, "dmw-save-state").value
    assert s.status.kind == "error"
    assert state.startswith("Noget gik galt i arbejdsbogen, ikke i det, du skrev (KeyError: &#x27;boom&#x27;)")
    assert str(home / "logs" / "errors.log") in state
    assert "dmw-save-problem" in one(header.box, "dmw-save-state")._dom_classes


def test_a_bug_while_building_a_step_shows_one_line_instead_of_a_traceback(home, tmp_path, monkeypatch):
    from assessment.ui.widgets import view as view_module

    s = example_session(tmp_path)
    monkeypatch.setattr(view_module, "current", lambda: s)
    shown = []
    monkeypatch.setattr(view_module, "display", shown.append)

    def broken(_session):
        raise RuntimeError("cannot build")

    view_module.show_view(broken)
    text = " ".join(w.value for w in shown[0].children if hasattr(w, "value") and isinstance(w.value, str))
    assert "RuntimeError: cannot build" in text and "errors.log" in text

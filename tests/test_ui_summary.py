"""The summary: radar, gap table by gap, the dialogue move, the action plan, exports."""

from __future__ import annotations

import datetime as dt
import html
import re

import ipywidgets as W

from assessment.outputs.analysis import gap_rows
from assessment.ui.steps.summary import SummaryView

from .uikit import choose, custom_session, example_session, leave, message, on_disk, one, walk


def test_the_gap_table_lists_the_largest_gaps_first(tmp_path):
    s = example_session(tmp_path)
    view = SummaryView(s)
    table = one(view, "dmw-gap-table").value
    order = re.findall(r'class="dmw-gap-([a-z_-]+)"', table)
    assert order == [row.area_id for row in gap_rows(s.opened)]
    radar = one(view, "dmw-summary-radar").value
    assert radar.startswith('<img src="data:image/png;base64,iVBOR') and 'alt="' in radar, (
        "a PNG with its text alternative"
    )
    assert "Reaktiv dialog" in one(view, "dmw-summary-move").value


def test_an_unrated_assessment_says_so(tmp_path):
    s = custom_session(tmp_path)
    view = SummaryView(s)
    assert one(view, "dmw-gap-table").value.count("Ikke vurderet") == 4


def test_the_action_plan_editor(tmp_path):
    s = example_session(tmp_path)
    view = SummaryView(s)
    n = len(s.doc.actions)
    one(view, "dmw-action-add").click()
    assert message(view, f"dmw-action-what-{n}") == "", "a fresh row is no mistake"
    leave(one(view, f"dmw-action-what-{n}"))
    assert message(view, f"dmw-action-what-{n}") == "Skriv, hvad der skal gøres."
    one(view, f"dmw-action-what-{n}").value = "Lav husregler"
    choose(one(view, f"dmw-action-area-{n}"), s.opened.scale.areas[3].name("da"))
    one(view, f"dmw-action-owner-{n}").value = "Kommunikation"
    one(view, f"dmw-action-due-{n}").value = "1-9-2026"
    choose(one(view, f"dmw-action-phase-{n}"), "Senere")
    action = on_disk(s).actions[-1]
    assert (action.what, action.area, action.owner, action.due, action.phase) == (
        "Lav husregler",
        s.opened.scale.areas[3].id,
        "Kommunikation",
        dt.date(2026, 9, 1),
        "later",
    )
    one(view, f"dmw-action-due-{n}").value = "i morgen"
    assert message(view, f"dmw-action-due-{n}") == "Skriv datoen som dag.måned.år, fx 22.11.2026."
    assert on_disk(s).actions[-1].due == dt.date(2026, 9, 1)
    one(view, f"dmw-action-remove-{n}").click()
    assert len(on_disk(s).actions) == n


def test_exports_are_written_beside_the_assessment_with_a_download_link(tmp_path):
    s = example_session(tmp_path)
    view = SummaryView(s)
    one(view, "dmw-export-anonymise").value = True
    one(view, "dmw-export-xlsx").click()
    assert (tmp_path / "hospital-da.xlsx").stat().st_size > 0
    assert 'download="hospital-da.xlsx"' in one(view, "dmw-export-result").value
    one(view, "dmw-export-pdf").click()
    assert (tmp_path / "hospital-da.pdf").read_bytes().startswith(b"%PDF")
    result = one(view, "dmw-export-result").value
    assert 'download="hospital-da.pdf"' in result and 'download="hospital-da.xlsx"' in result, "every link stays"
    assert ">Hent hospital-da.pdf</a>" in result and str(tmp_path) not in result, "named by its file, no folder"


def test_a_chosen_levels_caveat_is_read_once_on_the_summary(tmp_path):
    s = example_session(tmp_path)
    view = SummaryView(s)
    top = s.opened.scale.levels[-1]
    assert top.caveat is not None
    caveat = html.escape(top.caveat("da"))
    page = lambda: " ".join(w.value for w in walk(view.box) if isinstance(w, W.HTML))  # noqa: E731
    assert page().count(caveat) == 1, "not chosen: the note under the radar explains the dashed ring"
    s.change(lambda doc: setattr(doc.dialogue, "desired", top.level))
    assert page().count(caveat) == 1, "chosen: its box says it, the note under the radar does not repeat it"
    assert caveat in one(view, "dmw-caveats").value

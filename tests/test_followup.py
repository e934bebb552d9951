"""A follow-up a year on: what is carried over, what is kept to compare with, and what the
report and the spreadsheet then say since last time."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from openpyxl import load_workbook

from assessment.cli import main
from assessment.document.context import open_assessment
from assessment.document.followup import with_earlier
from assessment.document.model import Participant
from assessment.document.store import AssessmentFile, load
from assessment.outputs import export
from assessment.outputs.report import report_data

from .conftest import EXAMPLES, REPO
from .followups import year_three, year_two


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_a_follow_up_of_each_example_carries_the_plan_over_and_starts_the_levels_empty(example, tmp_path, capsys):
    old = tmp_path / example.name
    shutil.copy(example, old)
    assert main(["new", "--from", str(old), "--out", str(tmp_path / "next.json")]) == 0
    assert "a follow-up of" in capsys.readouterr().out
    before, after = load(old), load(tmp_path / "next.json")
    assert after.id != before.id and after.language == before.language
    assert (after.organisation, after.purposes, after.goals, after.actions) == (
        before.organisation,
        before.purposes,
        before.goals,
        before.actions,
    )
    assert [k.model_copy(update={"baseline_date": None}) for k in after.kpis] == before.kpis
    assert {k.baseline_date for k in after.kpis} == {before.workshop.date}
    assert after.participants == [] and after.workshop.date is None
    assert after.dialogue.current is after.dialogue.desired is None
    assert all(r.current is r.desired is None and not r.notes for r in after.ratings)
    [snap] = after.history
    assert (snap.id, snap.date, snap.scale.version, snap.file) == (
        before.id,
        before.workshop.date,
        before.scale.version,
        example.name,
    )
    assert (snap.dialogue.current, snap.dialogue.desired) == (before.dialogue.current, before.dialogue.desired)
    assert [(r.area, r.current, r.desired, r.not_applicable) for r in snap.ratings] == [
        (r.area, r.current, r.desired, r.not_applicable) for r in before.ratings
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_the_comparison_needs_the_old_file_no_more(example, tmp_path):
    old = tmp_path / example.name
    shutil.copy(example, old)
    assert main(["new", "--from", str(old), "--out", str(tmp_path / "next.json"), "--levels", "previous"]) == 0
    before = load(old)
    old.unlink()
    opened = open_assessment(tmp_path / "next.json")
    assert (opened.doc.dialogue.current, opened.doc.dialogue.desired) == (
        before.dialogue.current,
        before.dialogue.desired,
    )
    section = report_data(opened)["progress"]
    assert section["title"] in {"Siden sidst", "Siden sist"}
    then_now = {(r["then"], r["now"], r["change"]) for r in section["areas"]}
    assert all(then == now and change == "0" for then, now, change in then_now if then != "–")
    assert next(t for t in export.tables(opened) if t.key == "progress").rows[0][1] == before.dialogue.current


def test_new_needs_a_scale_and_an_organisation_or_a_previous_assessment(tmp_path, capsys):
    assert main(["new", "--out", str(tmp_path / "a.json")]) == 2
    assert capsys.readouterr().err == (
        "error: new: give --scale and --org, or --from PREVIOUS.json to follow up an assessment\n"
    )
    assert main(["new", "--from", str(EXAMPLES[0]), "--org", "Andet navn", "--out", str(tmp_path / "a.json")]) == 2
    assert "leave out --org, --type and --lang" in capsys.readouterr().err
    assert main(["new", "--from", str(tmp_path / "missing.json"), "--out", str(tmp_path / "a.json")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'missing.json'}: no such file\n"
    assert not (tmp_path / "a.json").exists()


def test_a_follow_up_into_a_folder_is_named_after_the_organisation_and_year(tmp_path, capsys):
    assert main(["new", "--from", str(REPO / "examples" / "municipality-da.json"), "--out", str(tmp_path)]) == 0
    made = [p.name for p in tmp_path.glob("*.json")]
    assert len(made) == 1 and made[0].endswith(".json") and made[0][-9:-5].isdigit()


def test_year_two_reports_levels_kpis_and_the_actions_done_since_last_time(tmp_path):
    section = report_data(open_assessment(year_two(tmp_path)))["progress"]
    assert section["intro"] == "Sammenlignet med vurderingen 11. marts 2026 (skalaens version 1.1)."
    assert section["dialogue"] | {"why": ""} == {
        "then": "2",
        "now": "3",
        "change": "+1",
        "desired_then": "4",
        "desired": "4",
        "why": "",
    }
    purpose = next(r for r in section["areas"] if r["name"] == "Formål og mål")
    assert (purpose["then"], purpose["now"], purpose["change"]) == ("1", "3", "+2")
    statuses = {k["name"]: k["status"] for k in section["kpis"]}
    assert statuses == {
        "Besvaret til tiden": "På rette spor",
        "Opkald om praktiske forhold": "På rette spor",
        "Forslag fra patienter og pårørende taget i brug": "Bagud",
        "Medlemmer i Kræftafdelingens lukkede gruppe": "Ikke målt",
        "Rækkevidde pr. opslag i serien »En dag hos os«": "På rette spor",
        "Klik til ledige stillinger pr. opslag": "Nået",
    }
    assert [a["date"] for a in section["actions"]] == [
        "20. maj 2026",
        "12. juni 2026",
        "1. juli 2026",
        "3. oktober 2026",
    ]
    assert section["counts"] == "Handlingsplanen nu: 4 udført, 1 i gang, 3 ikke startet og 1 fravalgt."
    assert section["timeline"] is None
    assert sum(k["chart"] is not None for k in section["kpis"]) == 5


def test_year_three_has_a_timeline_and_nothing_done_since_year_two(tmp_path):
    opened = open_assessment(year_three(tmp_path))
    section = report_data(opened)["progress"]
    assert section["timeline"] == "timeline.svg" and section["actions"] == []
    assert section["intro"].startswith("Sammenlignet med vurderingen 10. marts 2027")
    sheets = {t.key: t for t in export.tables(opened)}
    timeline = [row for row in sheets["timeline"].rows if row[0] == "Formål og mål"]
    assert [(row[1].year, row[2], row[3]) for row in timeline] == [(2026, 1, 4), (2027, 3, 4), (2028, 4, 4)]


def test_the_excel_has_the_follow_up_sheets(tmp_path):
    opened = open_assessment(year_two(tmp_path))
    out = export.write_xlsx(opened, tmp_path / "y2.xlsx")
    book = load_workbook(out)
    assert book.sheetnames[-3:] == ["Siden sidst", "KPI-målinger", "Handlingsstatus"]
    kpis = list(book["KPI-målinger"].iter_rows(values_only=True))
    assert kpis[0][:4] == ("KPI", "Målt den", "Periode", "Værdi")
    first = [row for row in kpis if row[0] == "Besvaret til tiden"]
    assert [(row[3], row[8]) for row in first] == [(52, None), (61, None), (70, "På rette spor")]
    assert first[0][1].date() == dt.date(2026, 9, 30)


def test_separately_made_files_can_be_compared_by_naming_them(tmp_path, capsys):
    first, second = tmp_path / "2026.json", tmp_path / "2027.json"
    shutil.copy(REPO / "examples" / "hospital-da.json", first)
    data = json.loads(first.read_text(encoding="utf-8"))
    data.update(id="0" * 32, workshop={**data["workshop"], "date": "2027-03-10"})
    data["ratings"][0]["current"] = 3
    second.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    section = report_data(with_earlier(open_assessment(second), [first]))["progress"]
    assert section["areas"][0] | {"why": ""} == {
        "name": "Formål og mål",
        "then": "1",
        "now": "3",
        "change": "+2",
        "desired_then": "4",
        "desired": "4",
        "why": "",
    }
    assert main(["report", str(second), "--pdf", str(tmp_path / "r.pdf"), "--previous", str(first)]) == 0


def test_a_status_note_names_nobody_who_did_not_consent(tmp_path):
    path = year_two(tmp_path)
    handle = AssessmentFile(path)
    doc = handle.load()
    doc.participants = [Participant(id="p1", name="Jonas Bech", role="Juridisk konsulent", consent_to_be_named=False)]
    doc.actions[0].status_note = "Jonas Bech har godkendt teksten."
    handle.save(doc)
    opened = open_assessment(path)
    notes = [a["note"] for a in report_data(opened)["progress"]["actions"]]
    assert "Juridisk konsulent har godkendt teksten." in notes
    cells = [c for t in export.tables(opened) for row in t.rows for c in row if isinstance(c, str)]
    assert not any("Jonas Bech" in c for c in cells)


def test_measurements_and_action_status_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "h.json"
    shutil.copy(REPO / "examples" / "hospital-da.json", path)
    assert (
        main(["measure", str(path), "--kpi", "k1", "--date", "2026-12-31", "--value", "61,5", "--period", "december"])
        == 0
    )
    assert main(["measure", str(path), "--kpi", "k1", "--date", "2026-10-31", "--value", "52"]) == 0
    assert (
        main(
            [
                "action-status",
                str(path),
                "--id",
                "a2",
                "--status",
                "done",
                "--date",
                "2026-05-20",
                "--note",
                "Svartiden er indført.",
            ]
        )
        == 0
    )
    doc = load(path)
    assert [(m.id, m.date.isoformat(), m.value, m.period) for m in doc.kpis[0].actuals] == [
        ("m2", "2026-10-31", 52, ""),
        ("m1", "2026-12-31", 61.5, "december"),
    ]
    a2 = next(a for a in doc.actions if a.id == "a2")
    assert (a2.status, a2.status_date, a2.status_note) == ("done", dt.date(2026, 5, 20), "Svartiden er indført.")
    capsys.readouterr()
    assert main(["measure", str(path), "--kpi", "k9", "--date", "2026-12-31", "--value", "1"]) == 2
    assert capsys.readouterr().err == "error: kpis: no KPI 'k9' (known: k1, k2, k3, k4, k5, k6)\n"

"""``assessment workshop``: the server's command-line contract, the survey, and the voting
sheets' round trip (export, fill in, import; a bad sheet refused whole, one line each)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assessment.cli import main
from assessment.document.context import open_assessment
from assessment.document.store import load
from assessment.server.config import beacon_path
from assessment.workshop import room
from assessment.workshop.commands import deadline

from .conftest import REPO
from .voteserver import Phone, nothing_put_to_the_room


@pytest.fixture
def path(example_copy):
    """The hospital example with no item put to the room yet."""
    return nothing_put_to_the_room(example_copy("hospital-da.json"))


def start_server(path: Path, *options: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "assessment", "workshop", str(path), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    first = process.stdout.readline().strip()
    return process, first


class Url:
    """What a phone needs from the first line: the join link."""

    def __init__(self, join_url: str) -> None:
        self.join_url = join_url


def test_the_first_line_is_the_join_address_and_ctrl_c_stops_the_server(path):
    process, first = start_server(path, "--survey", "--until", "2099-01-01")
    try:
        assert first.startswith("http://127.0.0.1:") and "/w/" in first
        token = load(path).room.token
        assert first.endswith(f"/w/{token}/")
        phone = Phone(Url(first))
        phone.join("p2")
        phone.vote({"dialogue": ("2", "4")})
        assert [v.voter for v in load(path).room.poll("dialogue").round.votes] == ["p2"]
        assert load(path).room.survey_until.year == 2099
        phone.close()
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(20) == 0
    assert load(path).room.run is None and not beacon_path(path).exists()


def test_a_killed_server_loses_no_stored_vote_and_the_same_link_works_again(path):
    process, first = start_server(path, "--survey")
    phone = Phone(Url(first))
    phone.join("p1")
    phone.vote({"dialogue": ("2", "4"), "area:content": ("1", "3")})
    os.kill(process.pid, signal.SIGKILL)
    process.wait(20)
    stored = load(path).room
    assert {(p.item, v.voter, v.current) for p in stored.polls for v in p.round.votes} == {
        ("dialogue", "p1", 2),
        ("area:content", "p1", 1),
    }
    again, second = start_server(path, "--survey")
    try:
        assert second.split("/w/")[1] == first.split("/w/")[1], "the link in the survey mail still works"
        page = phone.get(second + "vote")
        assert "Du stemmer som Helle Kjærsgaard" in page.text, "the phone's cookie still counts"
    finally:
        again.terminate()
        again.wait(20)
        phone.close()


def test_ending_the_workshop_in_the_file_stops_the_server(path):
    process, _ = start_server(path)
    opened = open_assessment(path)
    room.stop(opened.doc)  # what "End workshop" in the notebook saves
    opened.file.save(opened.doc)
    assert process.wait(20) == 0


def test_a_server_started_from_a_notebook_stops_when_its_parent_goes(path):
    process = subprocess.Popen(
        [sys.executable, "-m", "assessment", "workshop", str(path), "--watch-stdin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert process.stdout.readline().startswith(b"http://")
    process.stdin.close()  # what the kernel's death does to the pipe
    assert process.wait(20) == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--until", "2026-05-01"], "--until: a deadline belongs to a survey; add --survey"),
        (["--port", "70000"], "--port: 70000 is not a port number"),
        (["--k", "0"], "--k: 0 must be between 1 and 100"),
        (["--base-url", "ftp://x"], "--base-url: 'ftp://x' is not an http(s) address"),
    ],
)
def test_bad_options_are_one_line(path, capsys, options, message):
    assert main(["workshop", str(path), *options]) == 2
    assert message in capsys.readouterr().err


def test_a_shipped_example_is_not_served(capsys):
    assert main(["workshop", str(REPO / "examples" / "hospital-da.json")]) == 2
    assert "is a shipped example" in capsys.readouterr().err


def test_a_deadline_date_means_the_end_of_that_day():
    end = deadline("2026-05-01").astimezone()
    assert (end.date().isoformat(), end.hour, end.minute) == ("2026-05-01", 23, 59)


def fill(sheet: Path, answers: dict[str, tuple[object, object, str]]) -> None:
    """What a participant does in Excel: choose in the dropdown cells, type a comment."""
    book = load_workbook(sheet)
    ws = book.worksheets[0]
    for row in ws.iter_rows(min_row=7):
        key = row[0].value
        if key in answers:
            row[4].value, row[5].value, row[6].value = answers[key]
    book.save(sheet)


def test_sheets_round_trip_from_export_to_import(path, tmp_path, capsys):
    assert main(["workshop", "sheet", str(path), "--out", str(tmp_path / "ark")]) == 0
    sheets = sorted((tmp_path / "ark").glob("*.xlsx"))
    assert len(sheets) == len(load(path).participants)
    helle = tmp_path / "ark" / "helle-kjaersgaard.xlsx"
    book = load_workbook(helle)
    ws = book.worksheets[0]
    assert ws.title == "Stemmeark" and ws.protection.sheet
    assert [r[0].value for r in ws.iter_rows(min_row=7)][:2] == ["dialogue", "area:purpose"]
    dropdown = ws.data_validations.dataValidation[0]
    assert "E7" in str(dropdown.sqref) and dropdown.formula1 == "levels!$A$1:$A$6"
    assert [c.value for c in book["levels"]["A"]][-1] == "Ved ikke"
    fill(
        helle,
        {
            "dialogue": ("2 · Reaktiv dialog", "4 · Proaktiv dialog", "Svartider først"),
            "area:content": ("1 · Envejsinformation", "Ved ikke", ""),
        },
    )
    fill(tmp_path / "ark" / "mikkel-thorsen.xlsx", {"dialogue": (3, 4, "")})
    capsys.readouterr()
    assert main(["workshop", "import", str(path), str(helle), str(tmp_path / "ark" / "mikkel-thorsen.xlsx")]) == 0
    assert "imported 3 votes from 2 sheets" in capsys.readouterr().out
    stored = load(path).room
    assert {v.voter: (v.current, v.desired, v.comment) for v in stored.poll("dialogue").round.votes} == {
        "p1": (2, 4, "Svartider først"),
        "p2": (3, 4, ""),
    }
    assert [(v.voter, v.current, v.desired) for v in stored.poll("area:content").round.votes] == [("p1", 1, None)]


def test_a_bad_sheet_is_refused_whole_with_one_line_per_problem(path, tmp_path, capsys):
    main(["workshop", "sheet", str(path), "--out", str(tmp_path / "ark")])
    good, bad = tmp_path / "ark" / "helle-kjaersgaard.xlsx", tmp_path / "ark" / "mikkel-thorsen.xlsx"
    fill(good, {"dialogue": ("2 · Reaktiv dialog", "4 · Proaktiv dialog", "")})
    fill(
        bad,
        {
            "dialogue": ("niveau otte", "4 · Proaktiv dialog", ""),
            "area:content": ("2 · Reaktiv dialog", None, ""),
            "area:purpose": (9, 2, ""),
        },
    )
    broken = tmp_path / "ark" / "noter.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["workshop", "import", str(path), str(good), str(bad), str(broken)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [
        f"error: {bad}: row 7: 'niveau otte' is not a level of the list (choose from the dropdown)",
        f"error: {bad}: row 8: '9' is not a level of the list (choose from the dropdown)",
        f"error: {bad}: row 13: give both the current and the desired level (or 'Ved ikke')",
        f"error: {broken}: not an Excel workbook (.xlsx); send the sheet back as it was made",
    ]
    assert path.read_bytes() == before, "nothing half-imported: not even the good sheet"


def test_a_sheet_for_an_item_voted_again_since_is_refused(path, tmp_path, capsys):
    opened = open_assessment(path)
    room.open_item(opened.doc, opened.scale, "dialogue")
    opened.file.save(opened.doc)
    main(["workshop", "sheet", str(path), "--out", str(tmp_path / "ark"), "--participant", "p1"])
    sheet = tmp_path / "ark" / "helle-kjaersgaard.xlsx"
    fill(sheet, {"dialogue": (2, 3, "")})
    opened = open_assessment(path)
    room.reveal(opened.doc, "dialogue")
    room.revote(opened.doc, "dialogue")
    opened.file.save(opened.doc)
    assert main(["workshop", "import", str(path), str(sheet)]) == 1
    assert "the group has voted again on this item since the sheet was made (round 2)" in capsys.readouterr().err


def test_a_sheet_is_in_the_language_the_participant_chose_on_the_phone(path, tmp_path):
    opened = open_assessment(path)
    room.join(opened.doc, "p3", "en")
    opened.file.save(opened.doc)
    main(["workshop", "sheet", str(path), "--out", str(tmp_path / "ark")])
    english = load_workbook(tmp_path / "ark" / "birgitte-moelgaard.xlsx").worksheets[0]
    danish = load_workbook(tmp_path / "ark" / "helle-kjaersgaard.xlsx").worksheets[0]
    assert (english.title, danish.title) == ("Voting sheet", "Stemmeark")

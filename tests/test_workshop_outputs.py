"""The room's votes in the results: the PDF's section on where the group disagreed, the
Excel sheet of votes per level, the radar's group median; all under the k rule, and none
ever saying who voted what."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
from openpyxl import load_workbook

from assessment.document.context import open_assessment
from assessment.outputs.export import tables, xlsx_bytes
from assessment.outputs.report import render_pdf, report_data
from assessment.outputs.spread import median_series
from assessment.workshop import room


@pytest.fixture
def opened(example_copy):
    """The hospital example: the dialogue level voted by four (a discussion point), agreed
    and locked; one area by only two; no other item put to the room."""
    found = open_assessment(example_copy("hospital-da.json"))
    doc, scale = found.doc, found.scale
    doc.room.polls = []
    room.open_item(doc, scale, "dialogue")
    anon = room.join(doc, None)
    for voter, levels in (("p1", (1, 4)), ("p2", (3, 4)), ("p4", (2, 5)), (anon, (None, 4))):
        room.cast(doc, scale, voter, "dialogue", *levels, comment="Vi svarer for sent" if voter == "p1" else "")
    room.reveal(doc, "dialogue")
    room.agree(
        doc,
        scale,
        "dialogue",
        2,
        4,
        reasoning="Beskeder besvares, men uden lovet svartid",
        dissent="Rasmus Holm Iversen ville gå til niveau 5",
        lock=True,
    )
    room.open_item(doc, scale, "area:content")
    room.cast(doc, scale, "p1", "area:content", 1, 3)
    room.cast(doc, scale, "p2", "area:content", 3, 3)
    return found


def section(opened):
    return report_data(opened)["workshop"]


def test_the_pdf_data_shows_the_spread_where_k_voted_and_nothing_where_two_did(opened):
    w = section(opened)
    assert [i["name"] for i in w["items"]] == ["Dialogniveau", "Indhold og stil"]
    dialogue, content = w["items"]
    assert dialogue["voted"] == "4 stemte"
    assert dialogue["rows"] == [
        ["I dag", "1", "1", "1", "0", "0", "1", "median 2, fra 1 til 3"],
        ["Ønsket", "0", "0", "0", "3", "1", "0", "median 4, fra 4 til 5"],
    ]
    assert dialogue["discussion"] == "Diskussionspunkt: stemmerne spændte over 2 niveauer."
    assert dialogue["agreed"] == "Aftalt: i dag niveau 2, ønsket niveau 4."
    assert dialogue["reasoning"] == "Beskeder besvares, men uden lovet svartid"
    assert content["rows"] == [] and content["hidden"] == "Færre end 3 valgte et niveau, så fordelingen vises ikke."
    assert content["discussion"] == "", "two votes 1 and 3 may not even be called a discussion point"


def test_no_output_says_who_voted_what(opened):
    data = report_data(opened)
    text = json.dumps(data["workshop"], ensure_ascii=False)
    assert "anon-" not in text and "Vi svarer for sent" not in text, "neither voter ids nor comments go in the PDF"
    assert "Rasmus Holm Iversen" not in text, "a participant who did not consent is hidden in the dissent too"
    sheet = next(tb for tb in tables(opened) if tb.key == "votes")
    cells = json.dumps([list(map(str, row)) for row in sheet.rows], ensure_ascii=False)
    assert not any(p.name in cells for p in opened.doc.participants) and "anon-" not in cells


def test_the_pdf_has_the_section_with_the_spread(opened):
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(opened))).pages)
    assert "Hvor gruppen var uenig" in text and "Diskussionspunkt: stemmerne spændte over 2 niveauer" in text
    assert "median 2, fra 1 til 3" in text and "Færre end 3 valgte et niveau" in text


def test_without_votes_there_is_no_section(example_copy):
    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.room.polls = []
    assert report_data(opened)["workshop"] is None
    assert all(tb.key != "votes" for tb in tables(opened))


def test_the_excel_sheet_counts_votes_per_level_under_the_k_rule(opened):
    book = load_workbook(io.BytesIO(xlsx_bytes(opened)))
    ws = book["Stemmer"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][:6] == ["Punkt", "Spørgsmål", "Runde", "Stemmer i alt", "Niveau 1", "Niveau 2"]
    assert rows[1][:10] == ["Dialogniveau", "I dag", 1, 4, 1, 1, 1, 0, 0, 1]
    assert rows[1][13:15] == ["Ja", 2]
    assert rows[3][:10] == ["Indhold og stil", "I dag", 1, 2, None, None, None, None, None, None]
    assert rows[3][-1] == "Færre end 3 valgte et niveau; tallene vises ikke."


def test_the_radars_group_median_obeys_k(opened):
    medians, label = median_series(opened)
    assert medians is None and label is None, "only the dialogue level (not an area) has k votes"
    doc, scale = opened.doc, opened.scale
    room.cast(doc, scale, "p3", "area:content", 2, 4)
    medians, label = median_series(opened)
    assert medians["content"] == 2 and label == "Gruppens median (nuværende niveau)"
    assert all(v is None for area, v in medians.items() if area != "content")

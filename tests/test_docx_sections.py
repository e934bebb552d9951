"""The Word report's strategy, "since last time" and workshop spread, read back with
python-docx in Danish and Norwegian: each where the PDF has it, from the same prepared data,
in Word's heading styles, in tables whose header repeats, with names hidden as the privacy
module says."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn

from assessment.benchmark.figures import load_benchmark
from assessment.benchmark.versus import versus
from assessment.cli import main
from assessment.data.i18n import t
from assessment.document.context import open_assessment
from assessment.document.followup import create_follow_up
from assessment.document.model import Participant
from assessment.document.store import AssessmentFile
from assessment.outputs.report import report_data
from assessment.outputs.word import render_docx

from .conftest import REPO
from .followups import year_three, year_two
from .test_benchmark import folder_of
from .test_docx import everything, headings, read, report_tables

STRATEGY_EXAMPLES = ["hospital-da.json", "national-body-nb.json"]


def section(document, title: str) -> list:
    """The paragraphs under the main heading ``title``, up to the next main heading."""
    found, inside = [], False
    for p in document.paragraphs:
        if p.style.name == "Heading 1":
            inside = p.text == title
        elif inside:
            found.append(p)
    return found


def table_headed(document, *header: str):
    """The one data table whose header row starts with ``header``."""
    [table] = [
        tb for tb in report_tables(document) if [c.text for c in tb.rows[0].cells[: len(header)]] == list(header)
    ]
    return table


def repeats_header(table) -> bool:
    first = table._tbl.tr_lst[0]
    return first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None


# --------------------------------------------------------------------------- strategy


@pytest.mark.parametrize("name", STRATEGY_EXAMPLES)
def test_the_strategy_appears_where_the_pdf_has_it(example_copy, name):
    opened = open_assessment(example_copy(name))
    lang, st = opened.lang, report_data(opened)["strategy"]
    document = read(render_docx(opened))
    purposes = [p.text for p in section(document, t(lang, "report.section.purposes"))]
    assert t(lang, "field.position") in purposes and st["position"].split("\n")[0] in purposes
    move = [p.text for p in section(document, t(lang, "report.section.move"))]
    assert t(lang, "field.involvement_levels") in move
    assert all(i["name"] in move and i["description"] in move for i in st["involvement"])
    style = [p.text for p in section(document, t(lang, "report.section.style"))]
    assert [t(lang, "field.style_tone"), t(lang, "field.accessibility")] == [
        p.text for p in section(document, t(lang, "report.section.style")) if p.style.name == "Heading 2"
    ]
    assert st["style_and_tone"].split("\n")[0] in style
    assert all(a["name"] in style for a in st["accessibility"]) and st["accessibility"]
    assert any(st["accessibility_notes"] in text for text in style)
    actions = section(document, t(lang, "report.section.actions"))
    assert actions[0].style.name == "Heading 2" and actions[0].text == t(lang, "field.roadmap")
    roadmap = table_headed(document, t(lang, "field.period"), t(lang, "field.roadmap_what"))
    assert repeats_header(roadmap)
    assert [[c.text for c in row.cells] for row in roadmap.rows[1:]] == [
        [r["period"], r["what"]] for r in st["roadmap"]
    ]


def test_a_report_without_a_strategy_leaves_its_parts_out(example_copy):
    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.strategy = type(opened.doc.strategy)()
    document = read(render_docx(opened))
    text = {p.text for p in document.paragraphs}
    for key in ("field.position", "field.involvement_levels", "report.section.style", "field.roadmap"):
        assert t("da", key) not in text, key


def test_the_rating_rule_opens_the_appendix(example_copy):
    opened = open_assessment(example_copy("hospital-da.json"))
    appendix = {cell.text for table in read(render_docx(opened)).tables for row in table.rows for cell in row.cells}
    assert opened.scale.rating_rule("da").split("\n")[0] in "\n".join(appendix)


# --------------------------------------------------------------------------- since last time


@pytest.fixture(scope="module")
def follow_ups(tmp_path_factory):
    """The hospital a year on and two years on, with their Word reports."""
    three = year_three(tmp_path_factory.mktemp("years"))
    two = three.with_name("hospital-2027.json")
    return {
        year: (opened, read(render_docx(opened)))
        for year, opened in ((2027, open_assessment(two)), (2028, open_assessment(three)))
    }


def test_a_follow_up_has_since_last_time_after_the_summary(follow_ups):
    _, document = follow_ups[2027]
    main = headings(document, 1)
    assert main[:3] == [t("da", "report.section.summary"), "Siden sidst", t("da", "report.section.purposes")]
    under = [p.text for p in section(document, "Siden sidst") if p.style.name == "Heading 2"]
    assert under == [
        t("da", key)
        for key in (
            "report.progress.dialogue",
            "report.progress.areas",
            "report.progress.kpis",
            "report.progress.actions",
        )
    ]


def test_levels_then_now_and_desired_per_area_and_for_the_dialogue(follow_ups):
    opened, document = follow_ups[2027]
    p = report_data(opened)["progress"]
    areas = table_headed(document, t("da", "field.area"), t("da", "followup.field.then"))
    assert repeats_header(areas)
    assert [c.text for c in areas.rows[0].cells] == [
        t("da", "field.area"),
        "Sidst",
        "Nu",
        "Ændring",
        "Ønsket sidst",
        "Ønsket nu",
    ]
    rows = [[c.text for c in row.cells] for row in areas.rows[1:]]
    assert rows == [[a["name"], a["then"], a["now"], a["change"], a["desired_then"], a["desired"]] for a in p["areas"]]
    assert ["Formål og mål", "1", "3", "+2", "4", "4"] in rows
    dialogue = table_headed(document, "", t("da", "followup.field.then"))
    assert [c.text for c in dialogue.rows[1].cells] == ["Dialogniveau", "2", "3", "+1", "4", "4"]


def test_kpis_with_their_latest_measurement_status_and_chart(follow_ups):
    opened, document = follow_ups[2027]
    kpis = report_data(opened)["progress"]["kpis"]
    table = table_headed(document, t("da", "field.kpi"), t("da", "field.baseline"))
    assert repeats_header(table) and len(table.rows) == 1 + len(kpis)
    for row, k in zip(table.rows[1:], kpis, strict=True):
        assert row.cells[0].text == k["name"] and row.cells[4].text == k["status"]
        assert row.cells[2].paragraphs[0].text == k["latest"]
    assert {"Nået", "Ikke målt"} <= {row.cells[4].text for row in table.rows[1:]}
    alt = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    charted = [k for k in kpis if k["chart"]]
    assert len(alt) == len(charted) + 2  # and the radar and the gap chart
    for k, text in zip(charted, alt[: len(charted)], strict=True):
        assert text.startswith(f"{k['name']}: Udgangspunkt {k['baseline']}; Seneste måling {k['latest']}")
        assert text.endswith(f"Status {k['status']}.")


def test_the_actions_done_since_last_time(follow_ups):
    opened, document = follow_ups[2027]
    p = report_data(opened)["progress"]
    texts = [x.text for x in section(document, "Siden sidst")]
    assert p["counts"] in texts and p["counts"].startswith("Handlingsplanen nu: 4 udført")
    table = table_headed(document, t("da", "field.action"), t("da", "field.area"), "Dato", "Note til status")
    assert [row.cells[3].text for row in table.rows[1:]] == [a["note"] for a in p["actions"]]
    assert "Godkendt i direktionen 12. juni 2026." in texts + [row.cells[3].text for row in table.rows]


def test_three_assessments_draw_a_timeline_described_in_words(follow_ups):
    _, document = follow_ups[2028]
    assert t("da", "report.progress.timeline") in headings(document, 2)
    [timeline] = [s._inline.docPr for s in document.inline_shapes if s._inline.docPr.get("name") == "timeline"]
    assert timeline.get("descr").startswith("Udviklingen over tid. Dialogniveau: 2 → 3 → 3; Formål og mål: 1 → 3 → 4")
    assert t("da", "report.progress.timeline") not in headings(follow_ups[2027][1], 2)  # two points make no timeline


def test_a_norwegian_follow_up_speaks_norwegian(example_copy, tmp_path):
    path = tmp_path / "oppfolging.json"
    create_follow_up(path, example_copy("national-body-nb.json"), levels="previous")
    document = read(render_docx(open_assessment(path)))
    assert headings(document, 1)[1] == t("nb", "report.section.progress")
    areas = table_headed(document, t("nb", "field.area"), t("nb", "followup.field.then"))
    assert [c.text for c in areas.rows[0].cells][1:3] == [t("nb", "followup.field.then"), t("nb", "followup.field.now")]
    assert len(areas.rows) == 1 + len(open_assessment(path).scale.areas)


def test_a_first_assessment_has_no_section_since_last_time(example_copy):
    document = read(render_docx(open_assessment(example_copy("hospital-da.json"))))
    assert "Siden sidst" not in headings(document, 1) and "Opfølgning" not in headings(document, 1)


def test_a_status_note_names_nobody_who_did_not_consent(tmp_path):
    path = year_two(tmp_path)
    handle = AssessmentFile(path)
    doc = handle.load()
    doc.participants = [Participant(id="p1", name="Jonas Bech", role="Juridisk konsulent", consent_to_be_named=False)]
    doc.actions[0].status_note = "Jonas Bech har godkendt teksten."
    handle.save(doc)
    text = everything(render_docx(open_assessment(path)))
    assert "Jonas Bech" not in text and "Juridisk konsulent har godkendt teksten." in text


# --------------------------------------------------------------------------- the workshop spread


@pytest.mark.parametrize("name", STRATEGY_EXAMPLES)
def test_each_item_put_to_the_room_has_its_spread_and_agreement(example_copy, name):
    opened = open_assessment(example_copy(name))
    lang, ws = opened.lang, report_data(opened)["workshop"]
    document = read(render_docx(opened))
    title = t(lang, "report.workshop.title")
    inside = section(document, title)
    assert inside[0].text == ws["intro"]
    assert [p.text for p in inside if p.style.name == "Heading 2"] == [i["name"] for i in ws["items"]]
    tables = [tb for tb in report_tables(document) if [c.text for c in tb.rows[0].cells] == ["", *ws["levels"]]]
    assert len(tables) == len(ws["items"]) and all(repeats_header(tb) for tb in tables)
    for table, item in zip(tables, ws["items"], strict=True):
        assert [[c.text for c in row.cells] for row in table.rows[1:]] == item["rows"]
    texts = [p.text for p in inside]
    for item in ws["items"]:
        assert item["agreed"] in texts and (item["discussion"] or item["close"]) in texts


def test_a_discussion_point_stands_out(example_copy):
    opened = open_assessment(example_copy("hospital-da.json"))
    inside = section(read(render_docx(opened)), t("da", "report.workshop.title"))
    [point] = [p for p in inside if p.text.startswith("Diskussionspunkt")]
    assert point.style.name == "Report Caveat" and point.text == "Diskussionspunkt: stemmerne spændte over 2 niveauer."


def test_under_k_answers_no_count_is_shown_only_that_it_is_hidden(example_copy):
    opened = open_assessment(example_copy("national-body-nb.json"))
    opened.doc.room.k = 5
    document = read(render_docx(opened))
    levels = report_data(opened)["workshop"]["levels"]
    assert not [tb for tb in document.tables if [c.text for c in tb.rows[0].cells] == ["", *levels]]
    hidden = t("nb", "report.workshop.hidden", k=5)
    assert sum(p.text == hidden for p in document.paragraphs) == len(opened.doc.room.polls)


def test_the_reasoning_and_dissent_under_their_labels_never_who_voted_what_nor_a_hidden_name(example_copy):
    opened = open_assessment(example_copy("hospital-da.json"))
    hidden = next(p for p in opened.doc.participants if not p.consent_to_be_named)
    opened.doc.room.polls[0].reasoning = f"{hidden.name} pegede på, at målene ikke er skrevet ned."
    opened.doc.room.polls[0].dissent = "Kommunikationschefen mente, at niveau 2 var mere retvisende."
    data = render_docx(opened)
    inside = [(p.style.name, p.text) for p in section(read(data), t("da", "report.workshop.title"))]
    reasoning = ("Report Label", t("da", "report.workshop.reasoning"))
    reasoning_text = inside[inside.index(reasoning) + 1][1]
    assert reasoning_text.endswith("pegede på, at målene ikke er skrevet ned.") and hidden.name not in reasoning_text
    dissent = inside.index(("Report Label", t("da", "report.workshop.dissent")))
    assert inside[dissent + 1][1] == "Kommunikationschefen mente, at niveau 2 var mere retvisende."
    text = everything(data)
    assert hidden.name not in text
    assert all(v.voter not in text.split() for poll in opened.doc.room.polls for r in poll.rounds for v in r.votes)


def test_without_votes_there_is_no_workshop_section(example_copy):
    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.room.polls = []
    assert t("da", "report.workshop.title") not in headings(read(render_docx(opened)), 1)


# --------------------------------------------------------------------------- against a benchmark


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """A benchmark of 6 municipalities, 5 hospitals and 2 regions (synthetic), as ``report --benchmark`` reads it."""
    folder = tmp_path_factory.mktemp("bench")
    assert (
        main(
            ["benchmark", str(folder_of(folder, municipality=6, hospital=5, region=2)), "--out", str(folder / "b.json")]
        )
        == 0
    )
    return folder / "b.json", load_benchmark(folder / "b.json")


@pytest.mark.parametrize(
    "name, title",
    [
        ("municipality-da.json", "I mod medianen for 6 kommuner"),
        ("national-body-nb.json", "Dere mot medianen for 13 organisasjoner"),
    ],
)
def test_the_summary_sets_the_organisation_against_its_median_as_the_pdf_does(example_copy, bench, name, title):
    opened = open_assessment(example_copy(name))
    vs = versus(opened, bench[1]).data
    document = read(render_docx(opened, benchmark=bench[1]))
    summary = section(document, t(opened.lang, "report.section.summary"))
    [at] = [i for i, p in enumerate(summary) if p.text == title]
    assert summary[at].style.name == "Heading 2" and vs["title"] == title
    assert [p.text for p in summary[at + 1 : at + 2 + len(vs["lines"])]] == [*vs["lines"], vs["note"]]
    without = read(render_docx(opened))
    assert title not in [p.text for p in without.paragraphs]

    def radar(doc) -> bytes:
        shape = doc.inline_shapes[0]
        return doc.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].image.blob

    assert radar(document) != radar(without)  # the median drawn as the radar's third series


def test_report_docx_takes_the_benchmark_from_the_command_line(tmp_path, bench):
    out = tmp_path / "m.docx"
    assert (
        main(
            [
                "report",
                str(REPO / "examples" / "municipality-da.json"),
                "--docx",
                str(out),
                "--benchmark",
                str(bench[0]),
            ]
        )
        == 0
    )
    assert "I mod medianen for 6 kommuner" in headings(read(out.read_bytes()), 2)

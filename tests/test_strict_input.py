"""Each bug the hostile-input tries found, with its own test: text every output can hold,
numbers written as typed, chart labels as text, a header that stays on its line, a long
role that cannot break an anonymised export. (The one-line refusals are in
test_hostile_input.py; the sweep of every case through every command in test_hostile_sweep.py.)"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pypdf
import pytest
from matplotlib.text import Text

from assessment.cli import main
from assessment.data.i18n import format_number
from assessment.data.printable import MAX_CLUSTER, printable
from assessment.data.scale import load_scale
from assessment.document.context import open_assessment
from assessment.document.model import Organisation, Participant
from assessment.outputs import charts, export
from assessment.outputs.report import render_pdf

from .conftest import REPO, TINY_SCALE

WORD = "Region\x0bSyd\x0cØst\x00\x1b"  # Word's line break, page break, a NUL and an escape, as pasted


def test_control_characters_are_cleaned_where_text_enters_the_model():
    assert Organisation(name=WORD, type="region").name == "Region\nSyd\nØst"
    person = Participant(id="p1", name="Anne", consent_to_be_named=True)
    person.role = "Leder\x0bKommunikation"  # an assignment in the workbook is cleaned the same way
    assert person.role == "Leder\nKommunikation"
    assert printable("tab\tand\nlines\r\nstay") == "tab\tand\nlines\r\nstay"


def test_a_scale_text_is_cleaned_too(tmp_path):
    path = tmp_path / "skala.yaml"
    path.write_text(
        TINY_SCALE.replace("name: {da: Formål, en: Purpose}", 'name: {da: "For\\vmål", en: Purpose}'), encoding="utf-8"
    )
    assert load_scale(path).areas[0].name("da") == "For\nmål"


def test_a_vertical_tab_in_names_gives_an_xlsx_every_part_of_which_is_well_formed_xml(example_copy, tmp_path):
    path = example_copy("hospital-da.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["organisation"]["name"] = doc["participants"][0]["name"] = WORD
    doc["ratings"][0]["notes"] = doc["actions"][0]["owner"] = "Anne\x0bHolm"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = export.write_xlsx(open_assessment(path), tmp_path / "t.xlsx")
    with zipfile.ZipFile(out) as book:
        parts = [name for name in book.namelist() if name.endswith((".xml", ".rels"))]
        for name in parts:
            ElementTree.fromstring(book.read(name))  # raises on a character XML cannot hold
        assert "Region\nSyd\nØst" in book.read("docProps/core.xml").decode("utf-8")


def test_a_tiny_kpi_target_is_written_as_it_is():
    assert [format_number(v, "da") for v in (1e-05, 1.5e-05, 0.005, 2.5, 1 / 3, 1700.0)] == [
        "0,00001",
        "0,000015",
        "0,005",
        "2,5",
        "0,33",
        "1.700",
    ]
    assert format_number(1e-05, "en") == "0.00001"


def test_a_report_shows_a_tiny_target(example_copy):
    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.kpis[0].target = 1e-05
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(render_pdf(opened))).pages)
    assert "0,00001" in text


@pytest.fixture
def dollar_scale(tmp_path: Path) -> Path:
    folder = tmp_path / "vurdering"
    folder.mkdir()
    text = (REPO / "scales" / "some-dialogue.yaml").read_text(encoding="utf-8")
    (folder / "skala.yaml").write_text(
        text.replace('da: "Formål og mål"', 'da: "Budget $\\\\frac$"', 1).replace(
            'da: "Arbejdsprocesser"', 'da: "$5 til $10"', 1
        ),
        encoding="utf-8",
    )
    doc = json.loads((REPO / "examples" / "hospital-da.json").read_text(encoding="utf-8"))
    doc["scale"]["source"] = "skala.yaml"
    (folder / "a.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder / "a.json"


@pytest.mark.parametrize("figure", [charts.radar_figure, charts.gap_figure], ids=["radar", "gap"])
def test_chart_labels_are_plain_text_never_mathematics(dollar_scale, tmp_path, figure):
    opened = open_assessment(dollar_scale)
    assert opened.scale.areas[0].name("da") == "Budget $\\frac$"
    fig = figure(opened)
    shown = [text.get_text() for text in fig.findobj(Text)]
    assert "Budget $\\frac$" in shown and any("$5 til $10" in label for label in shown)
    assert [t.get_text() for t in fig.findobj(Text) if t.get_parse_math()] == []
    charts.save_figure(fig, tmp_path / "chart.png")  # mathtext failed on \frac with no argument


def test_a_long_organisation_name_keeps_the_running_header_on_one_line_and_the_cover_on_one_page(example_copy):
    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.organisation.name = "Region Syddanmark, Sygehus Lillebælt, Afdeling for Kommunikation " * 7
    pages = pypdf.PdfReader(io.BytesIO(render_pdf(opened))).pages
    header, *_ = pages[1].extract_text(extraction_mode="layout").strip().splitlines()
    assert header.startswith("Dialogmodenhed · Region Syddanmark") and header.rstrip().endswith("11. marts 2026")
    assert "…" in header
    assert "Sammenfatning" in pages[1].extract_text(), "the cover ends on its first page"


@pytest.mark.parametrize("text", ["a" + "\u0301" * 50_000, "👍\u200d" * 20_000], ids=["accents", "joined-emoji"])
def test_a_character_built_of_thousands_of_code_points_is_cut_and_the_report_is_written(example_copy, text):
    cut = printable(text)
    assert len(cut) == MAX_CLUSTER and text.startswith(cut)
    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.ratings[0].notes = text  # typst's PDF writer panicked beyond 64 kB, its memory grew with the square
    assert opened.doc.ratings[0].notes == cut
    assert render_pdf(opened).startswith(b"%PDF")


def test_an_anonymised_html_export_with_a_long_role_is_written(example_copy, tmp_path, capsys):
    path = example_copy("hospital-da.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["participants"][3]["role"] = "Sygeplejerske i akutmodtagelsen " * 600
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["export", str(path), "--html", str(tmp_path / "s.html"), "--anonymise"]) == 0
    assert capsys.readouterr().err == ""
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert doc["organisation"]["name"] in html and doc["participants"][3]["name"] not in html


def test_a_crash_inside_typst_is_an_internal_error_not_a_traceback(example_copy, tmp_path, capsys, monkeypatch):
    from assessment.outputs import typst_pdf

    monkeypatch.setenv("DIALOGUE_WORKBOOK_HOME", str(tmp_path / "home"))

    class PanicException(BaseException):  # how pyo3 hands a Rust panic to Python
        pass

    class Crashing:
        def compile(self, **_kwargs):
            raise PanicException("end byte index 65535 is not a char boundary")

    monkeypatch.setattr(typst_pdf, "_compiler", lambda: Crashing())
    path = example_copy("hospital-da.json")
    assert main(["report", str(path), "--pdf", str(path.with_suffix(".pdf"))]) == 3
    assert "typst crashed: end byte index 65535 is not a char boundary" in capsys.readouterr().err


def test_a_long_organisation_name_and_facilitator_fit_the_word_reports_properties(example_copy, tmp_path):
    import docx

    from assessment.outputs.word import write_docx

    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.organisation.name = "Region Syddanmark, Sygehus Lillebælt " * 13
    opened.doc.workshop.facilitator = "Anne-Marie Dalsgaard, Dalsgaard & Brink Kommunikation " * 10
    core = docx.Document(write_docx(opened, tmp_path / "r.docx")).core_properties  # python-docx refused over 255
    assert len(core.title) == 255 and core.title.endswith("…")
    assert len(core.author) == 255 and core.author.startswith("Anne-Marie Dalsgaard")

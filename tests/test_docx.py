"""The Word report, read back with python-docx: Word's own headings, tables whose header row
repeats, the KPIs, names only with consent (metadata included), the language, alt text on
the charts, the consultant's template applied, and bad input refused in one line."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import RGBColor
from lxml import etree

from assessment.cli import main
from assessment.data.i18n import locale, t
from assessment.document import privacy
from assessment.document.context import Opened, create_assessment, open_assessment
from assessment.errors import AssessmentError
from assessment.outputs.report import report_data
from assessment.outputs.word import render_docx, write_docx
from assessment.outputs.word.make_template import TEMPLATE, template_bytes

from .conftest import EXAMPLES, REPO
from .hostile import MARKUP

#: The main headings of an example's report, in the PDF's order (every example has a strategy and votes).
SECTIONS = [
    "report.section.summary",
    "report.section.purposes",
    "report.section.goals",
    "report.section.areas",
    "report.workshop.title",
    "report.section.move",
    "report.section.style",
    "report.section.actions",
    "report.section.participants",
    "report.section.appendix",
]
TAGS = {"da": "da-DK", "nb": "nb-NO", "en": "en-GB"}
HOSPITAL = REPO / "examples" / "hospital-da.json"


def read(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


def everything(data: bytes) -> str:
    """Every text and attribute value in every XML part of the package: "anywhere in the file"."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(package.read(name))
                found.append("".join(root.itertext()))
                found += [value for el in root.iter() for value in el.attrib.values()]
    return "\n".join(found)


def shown(element) -> str:
    """The text a reader sees in a header or footer: fields' results, not their codes."""
    return re.sub(r"\s+", " ", "".join(t.text or "" for t in element.iter(qn("w:t"))))


def headings(document: Document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def report_tables(document: Document) -> list:
    return [table for table in document.tables if table.style is not None and table.style.name == "Report Table"]


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> dict[str, tuple[Opened, bytes]]:
    """Every shipped example as a Word report, from a private copy."""
    folder = tmp_path_factory.mktemp("examples")
    made = {}
    for path in EXAMPLES:
        (folder / path.name).write_bytes(path.read_bytes())
        opened = open_assessment(folder / path.name)
        made[path.stem] = (opened, render_docx(opened))
    return made


# --------------------------------------------------------------------------- structure


def test_every_section_is_a_word_heading_in_the_pdfs_order(examples):
    for name, (opened, data) in examples.items():
        document = read(data)
        assert headings(document, 1) == [t(opened.lang, key) for key in SECTIONS], name
        assert t(opened.lang, "report.goals.kpis") in headings(document, 2)
        assert t(opened.lang, "report.appendix.rubric") in headings(document, 2)
        assert {area.name(opened.lang) for area in opened.scale.areas} <= set(headings(document, 3))


def test_main_sections_start_a_page_and_are_numbered_but_the_appendix(examples):
    document = read(examples["hospital-da"][1])
    first = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    # style follows the move on its page, participants follow the plan, as in the PDF
    assert [p.paragraph_format.page_break_before for p in first] == [True] * 6 + [False, True, False, True]
    numbered_off = [p._p.pPr.numPr is not None and p._p.pPr.numPr.numId.val == 0 for p in first]
    assert numbered_off == [False] * 9 + [True]
    assert document.styles["Heading 1"].element.pPr.numPr is not None  # the style numbers the others


def test_data_tables_repeat_their_header_row(examples):
    for name, (_, data) in examples.items():
        tables = report_tables(read(data))
        assert len(tables) >= 5, name
        for table in tables:
            first = table._tbl.tr_lst[0]
            repeats = first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
            has_header = table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "1"
            assert repeats == has_header, name
        assert sum(table._tbl.tblPr.find(qn("w:tblLook")).get(qn("w:firstRow")) == "1" for table in tables) >= 5


def test_short_rows_never_split_but_a_long_note_may():
    opened = open_assessment(HOSPITAL)
    opened.doc.ratings[0].notes = "Lang note. " * 200
    document = read(render_docx(opened))
    [table] = [tb for tb in report_tables(document) if tb.rows[0].cells[0].text == t("da", "field.area")]
    whole = [tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None for tr in table._tbl.tr_lst[1:]]
    keep = [row["keep"] for row in report_data(opened)["areas"]["rows"] for _ in (1, 2)]  # levels, then notes
    assert whole == keep and keep[:2] == [False, False] and True in keep


def test_the_kpi_table_has_a_row_per_kpi_with_target_baseline_and_goals(examples):
    for name, (opened, data) in examples.items():
        what = t(opened.lang, "report.kpi.what")
        [table] = [tb for tb in report_tables(read(data)) if tb.rows[0].cells[0].text == what]
        assert [c.text for c in table.rows[0].cells] == [
            what,
            t(opened.lang, "field.target"),
            t(opened.lang, "field.period"),
            t(opened.lang, "field.linked_goal"),
        ]
        kpis = report_data(opened)["kpis"]
        assert len(table.rows) == 1 + len(kpis), name
        for row, kpi in zip(table.rows[1:], kpis, strict=False):
            assert row.cells[0].paragraphs[0].text == kpi["name"]
            assert row.cells[1].paragraphs[0].text == kpi["target"]
            assert row.cells[3].text == kpi["goals"]
    hospital = read(examples["hospital-da"][1])
    text = "\n".join(cell.text for table in hospital.tables for row in table.rows for cell in row.cells)
    assert "højst 1.700 opkald pr. måned" in text and "Udgangspunkt: 38 %" in text
    assert "1.1 og 1" in text


def test_the_areas_table_keeps_each_areas_notes_under_its_levels(examples):
    opened, data = examples["hospital-da"]
    [table] = [tb for tb in report_tables(read(data)) if tb.rows[0].cells[0].text == t("da", "field.area")]
    rows = report_data(opened)["areas"]["rows"]
    first, notes = table.rows[1], table.rows[2]
    assert [c.text for c in first.cells] == [rows[0]["name"], rows[0]["current"], rows[0]["desired"], rows[0]["gap"]]
    assert notes.cells[0].text.startswith(rows[0]["notes"][:40]) and len(set(c._tc for c in notes.cells)) == 1
    assert all(p.paragraph_format.keep_with_next for c in first.cells for p in c.paragraphs)


def test_charts_are_print_resolution_pngs_with_alt_text(examples):
    for name, (opened, data) in examples.items():
        document = read(data)
        pictures = document.inline_shapes
        assert len(pictures) == 2, name
        alt = [shape._inline.docPr.get("descr") for shape in pictures]
        assert alt[0].startswith(t(opened.lang, "report.chart.radar_title"))
        assert alt[1].startswith(t(opened.lang, "report.chart.gap_title"))
        for area in opened.scale.areas:
            assert all(area.name(opened.lang) in text for text in alt), (name, area.id)
        for shape in pictures:
            image = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].image
            assert image.content_type == "image/png" and round(image.horz_dpi) == 220


def test_page_numbers_and_a_running_header_naming_the_document(examples):
    section = read(examples["hospital-da"][1]).sections[0]
    assert section.different_first_page_header_footer  # the cover has neither
    assert section.header.paragraphs[0].text == "Dialogmodenhed · Sygehus Vestkysten\t11. marts 2026"
    footer = section.footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert shown(section.footer._element) == "Side 1 af 1"


def test_the_language_is_set_for_spelling_and_hyphenation(examples):
    for name, (opened, data) in examples.items():
        document = read(data)
        tag = TAGS[opened.lang]
        defaults = document.styles.element.find(qn("w:docDefaults"))
        assert defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:val")) == tag, name
        assert {lang.get(qn("w:val")) for lang in document.styles.element.iter(qn("w:lang"))} == {tag}
        assert document.core_properties.language == tag
        assert locale(opened.lang).language_tag == tag
    english = read(render_docx(examples["hospital-da"][0], lang="en"))
    assert english.core_properties.language == "en-GB"
    assert headings(english, 1)[0] == "Summary"


def test_document_properties_name_the_report_and_its_author(examples):
    opened, data = examples["hospital-da"]
    core = read(data).core_properties
    assert core.title == privacy.metadata(opened).title == "Dialogmodenhed: Sygehus Vestkysten"
    assert core.author == opened.doc.workshop.facilitator
    assert core.comments == "" and core.keywords == ""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "python-docx" not in package.read("docProps/core.xml").decode()
        assert b"<Company>" not in package.read("docProps/app.xml")
        assert not any(name.startswith("docProps/thumbnail") for name in package.namelist())


# --------------------------------------------------------------------------- names


def test_only_consenting_participants_are_named_anywhere_in_the_file(examples):
    for name, (opened, data) in examples.items():
        text = everything(data)
        for person in opened.doc.participants:
            assert (person.name in text) == person.consent_to_be_named, (name, person.name)
        assert t(opened.lang, "report.participants.not_named") in text


def test_a_name_in_free_text_is_hidden_too():
    opened = open_assessment(HOSPITAL)
    opened.doc.ratings[0].notes = "Jonas Bech mener, at det kræver en juridisk vurdering."
    text = everything(render_docx(opened))
    assert "Jonas Bech" not in text and "mener, at det kræver en juridisk vurdering" in text


def test_anonymise_names_nobody_not_even_in_the_metadata(examples):
    for name, (opened, _) in examples.items():
        data = render_docx(opened, anonymise=True)
        text = everything(data)
        for person in opened.doc.participants:
            assert person.name not in text, (name, person.name)
            if person.role:
                assert person.role[:30] in text
        assert opened.doc.workshop.facilitator.split(",")[0] not in text, name
        assert read(data).core_properties.author == ""


def test_a_templates_own_metadata_never_reaches_the_report(tmp_path):
    template = docx.Document()
    template.core_properties.author = "Anne-Marie Dalsgaard"
    template.core_properties.last_modified_by = "Anne-Marie Dalsgaard"
    template.core_properties.comments = "Lavet af Anne-Marie Dalsgaard"
    template.add_comment(template.add_paragraph("Tekst").runs, text="Husk logoet", author="Anne-Marie Dalsgaard")
    template.save(tmp_path / "skabelon.docx")
    data = render_docx(open_assessment(HOSPITAL), anonymise=True, template=tmp_path / "skabelon.docx")
    assert "Dalsgaard" not in everything(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert not any("comments" in name for name in package.namelist())


# --------------------------------------------------------------------------- templates


def _custom_template(path: Path) -> Path:
    """A consultant's template made in python-docx: another font and colour, its own header."""
    template = docx.Document()
    normal = template.styles["Normal"]
    normal.font.name, normal.font.size = "Georgia", docx.shared.Pt(12)
    for level in (1, 2):
        heading = template.styles[f"Heading {level}"]
        heading.font.name, heading.font.color.rgb = "Verdana", RGBColor(0x8B, 0x00, 0x3A)
    template.sections[0].header.paragraphs[0].text = "Holm Rådgivning · fortroligt"
    template.add_paragraph("Skabelonens eksempeltekst, som ikke skal med")
    template.save(path)
    return path


def test_a_consultants_template_brings_its_font_colour_and_header(tmp_path):
    template = _custom_template(tmp_path / "holm.docx")
    out = write_docx(open_assessment(HOSPITAL), tmp_path / "rapport.docx", template=template)
    document = docx.Document(out)
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x8B, 0x00, 0x3A)
    assert document.styles["Heading 1"].font.name == "Verdana"
    assert all(p.style.name == "Heading 1" for p in document.paragraphs if p.text == "Sammenfatning")
    assert document.sections[0].header.paragraphs[0].text == "Holm Rådgivning · fortroligt"
    assert "Skabelonens eksempeltekst" not in everything(out.read_bytes())
    assert document.styles["Report Table"].base_style.name == "Normal Table"  # added, from the default
    assert "PAGE" in document.sections[0].footer._element.xml  # its empty footer got the page number


def test_a_dotx_template_makes_a_docx(tmp_path):
    source = _custom_template(tmp_path / "holm.docx")
    dotx = tmp_path / "holm.dotx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(dotx, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            dst.writestr(item, data)
    with pytest.raises(ValueError):
        docx.Document(dotx)  # python-docx alone will not open a template
    data = render_docx(open_assessment(HOSPITAL), template=dotx)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"wordprocessingml.document.main+xml" in package.read("[Content_Types].xml")
    assert read(data).styles["Normal"].font.name == "Georgia"


def test_a_danish_words_translated_style_ids_still_resolve(tmp_path):
    """Danish Word stores Heading 1 as id ``Overskrift1`` (its name stays ``heading 1``)."""
    template = docx.Document()
    xml = template.styles.element
    for style in xml.findall(qn("w:style")):
        for old, new in (("Heading1", "Overskrift1"), ("Title", "Titel")):
            if style.get(qn("w:styleId")) == old:
                style.set(qn("w:styleId"), new)
    template.save(tmp_path / "dansk.docx")
    document = read(render_docx(open_assessment(HOSPITAL), template=tmp_path / "dansk.docx"))
    first = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(first) == len(SECTIONS) and first[0]._p.pPr.pStyle.val == "Overskrift1"
    assert not any(s.get(qn("w:styleId")) == "Heading1" for s in document.styles.element.findall(qn("w:style")))


def test_the_report_goes_at_the_templates_marker_after_its_own_cover(tmp_path):
    template = docx.Document()
    template.add_paragraph("Rapport til {{organisation}}", "Title")
    cover = template.add_paragraph("Udarbejdet af ")
    cover.add_run("{{au").bold = True
    cover.add_run("thor}}")
    template.add_paragraph("{{report}}")
    template.add_paragraph("Kontakt: Holm Rådgivning")
    template.sections[0].footer.paragraphs[0].text = "Holm · {{page}} · {{nothing}}"
    template.save(tmp_path / "forside.docx")
    document = read(render_docx(open_assessment(HOSPITAL), template=tmp_path / "forside.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Rapport til Sygehus Vestkysten"
    assert texts[1] == "Udarbejdet af Anne-Marie Dalsgaard, Dalsgaard & Brink Kommunikation"
    assert texts[2] == "Sammenfatning"  # the report, without the workbook's cover
    assert texts[-1] == "Kontakt: Holm Rådgivning"
    assert "{{report}}" not in texts and "Dialogmodenhed" not in texts
    footer = document.sections[0].footer
    assert shown(footer._element) == "Holm · Side 1 af 1 · {{nothing}}"


def test_the_committed_default_template_is_what_its_script_makes():
    with zipfile.ZipFile(TEMPLATE) as committed, zipfile.ZipFile(io.BytesIO(template_bytes())) as made:
        assert committed.namelist() == made.namelist()
        for name in made.namelist():
            assert committed.read(name) == made.read(name), name


# --------------------------------------------------------------------------- content


def test_markup_and_control_characters_are_shown_as_text(tmp_path):
    opened = open_assessment(HOSPITAL)
    opened.doc.ratings[0].notes = "\n".join(MARKUP.values()) + "\nklokke\x07 og \x1b[31m rød"
    opened.doc.dialogue.rationale = MARKUP["markdown"]
    opened.doc.ratings[1].notes = "x" * 9_990 + "SLUTTEN"
    text = everything(render_docx(opened))
    for kind, value in MARKUP.items():
        for line in value.replace("\r\n", "\n").split("\n"):
            assert line.replace("\t", "") in text, kind
    assert "klokke og [31m rød" in text
    assert "x" * 9_990 + "SLUTTEN" in text


def test_an_empty_assessment_and_a_consultants_own_scale_make_reports(tmp_path):
    empty = read(render_docx(create_assessment(tmp_path / "tom.json", "some-dialogue", "Tom Forening")))
    text = "\n".join(p.text for p in empty.paragraphs)
    assert "Dialogniveauet er ikke vurderet endnu." in text
    assert "Der er endnu ikke lagt handlinger ind i planen." in text
    citizen = create_assessment(
        tmp_path / "borger.json", str(REPO / "scales" / "citizen-participation.yaml"), "Fjordby Kommune", "municipality"
    )
    document = read(render_docx(citizen, lang="en"))
    assert headings(document, 1)[0] == "Summary"
    assert [f"{lv.level}" for lv in citizen.scale.levels] == ["1", "2", "3", "4"]
    assert all(f"Level {lv.level} · {lv.name('en')}" in headings(document, 3) for lv in citizen.scale.levels)


def test_a_logo_goes_on_the_cover(tmp_path):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "Logo")
    fig.savefig(tmp_path / "logo.png")
    document = read(render_docx(open_assessment(HOSPITAL), logo=tmp_path / "logo.png"))
    assert len(document.inline_shapes) == 3
    (tmp_path / "broken.png").write_text("not a picture")
    with pytest.raises(AssessmentError, match="broken.png"):
        render_docx(open_assessment(HOSPITAL), logo=tmp_path / "broken.png")


# --------------------------------------------------------------------------- the command


def error_line(capsys) -> str:
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("error: ")
    return err[0]


def test_report_writes_pdf_and_docx_together(tmp_path, capsys):
    pdf, word = tmp_path / "r.pdf", tmp_path / "r.docx"
    assert main(["report", str(HOSPITAL), "--pdf", str(pdf), "--docx", str(word)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"wrote {pdf}", f"wrote {word}"]
    assert pdf.read_bytes().startswith(b"%PDF") and headings(docx.Document(word), 1)[0] == "Sammenfatning"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx", "r.pdf"]  # no temporary file left


@pytest.mark.parametrize(
    "args, where",
    [
        (["--docx", "{tmp}/r.docx", "--template", "{tmp}/missing.docx"], "missing.docx"),
        (["--docx", "{tmp}/r.docx", "--template", str(REPO / "README.md")], "README.md"),
        (["--docx", "{tmp}/r.docx", "--template", "{tmp}/old.doc"], "old.doc"),
        (["--docx", "{tmp}/r.docx", "--template", "{tmp}/renamed.docx"], "renamed.docx"),
        (["--docx", "{tmp}/r.docx", "--template", "{tmp}/folder.docx"], "folder.docx"),
        (["--docx", "{tmp}/folder.docx"], "folder.docx"),
        (["--docx", "{tmp}/no/r.docx"], "r.docx"),
        (["--docx", "{tmp}/r.pdf"], "r.pdf"),
        (["--docx", "/proc/r.docx"], "/proc/r.docx"),
        (["--pdf", "{tmp}/r.pdf", "--docx", "{tmp}/r.docx", "--template", "{tmp}/old.doc"], "old.doc"),
        (["--pdf", "{tmp}/r.pdf", "--template", str(TEMPLATE)], "report.docx"),
        ([], "nothing to write"),
    ],
)
def test_bad_input_gives_one_line_naming_the_file_and_writes_nothing(tmp_path, capsys, args, where):
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (tmp_path / "renamed.docx").write_text("not a zip")
    (tmp_path / "folder.docx").mkdir()
    before = sorted(tmp_path.iterdir())
    assert main(["report", str(HOSPITAL), *[a.replace("{tmp}", str(tmp_path)) for a in args]]) == 2
    assert where in error_line(capsys)
    assert sorted(tmp_path.iterdir()) == before


def test_an_unwritable_report_keeps_the_old_file(tmp_path, capsys, monkeypatch):
    out = tmp_path / "r.docx"
    out.write_bytes(b"old report")

    from assessment.files import writing

    written = writing.write_atomically

    def refuse(path, *args, **kwargs):  # the report only: its charts are written to a temporary folder first
        if Path(path) == out:
            raise PermissionError(13, "Permission denied")
        return written(path, *args, **kwargs)

    monkeypatch.setattr(writing, "write_atomically", refuse)
    assert main(["report", str(HOSPITAL), "--docx", str(out)]) == 2
    assert error_line(capsys) == f"error: {out}: cannot write: Permission denied"
    assert out.read_bytes() == b"old report"


def test_the_summary_step_offers_the_word_report(tmp_path):
    from assessment.ui.steps.summary import SummaryView

    from .uikit import example_session, one

    view = SummaryView(example_session(tmp_path))
    one(view, "dmw-export-docx").click()
    assert headings(docx.Document(tmp_path / "hospital-da.docx"), 1)[0] == "Sammenfatning"
    assert 'download="hospital-da.docx"' in one(view, "dmw-export-result").value

"""Excel, CSV and HTML exports: in the assessment's language, values as values, user text as text."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assessment.cli import main
from assessment.document.context import Opened, open_assessment
from assessment.document.model import Action
from assessment.errors import AssessmentError
from assessment.files import writing
from assessment.outputs import export
from assessment.outputs.analysis import gap_rows
from assessment.ui import html_export

from .hostile import FORMULAS, MARKUP

SHEETS = {  # the examples were voted on in the room: the last sheet counts the votes
    "da": ["Områder", "KPI'er", "Handlingsplan", "Formål", "Strategi", "Stemmer"],
    "nb": ["Områder", "KPI-er", "Handlingsplan", "Formål", "Strategi", "Stemmer"],
    "en": ["Areas", "KPIs", "Action plan", "Purposes", "Strategy", "Votes"],
}
RATING_HEADERS = {
    "da": ["Område", "Nuværende niveau", "Ønsket niveau", "Afstand", "Ikke relevant", "Noter", "Dokumentation"],
    "nb": ["Område", "Nåværende nivå", "Ønsket nivå", "Avstand", "Ikke relevant", "Notater", "Dokumentasjon"],
    "en": ["Area", "Current level", "Desired level", "Gap", "Not applicable", "Notes", "Evidence"],
}
CSV_FILES = {
    "da": ["omraader.csv", "kpier.csv", "handlingsplan.csv", "formaal.csv", "strategi.csv", "stemmer.csv"],
    "en": ["areas.csv", "kpis.csv", "action-plan.csv", "purposes.csv", "strategy.csv", "votes.csv"],
}


def reopen(opened: Opened) -> Opened:
    opened.file.save(opened.doc)
    return open_assessment(opened.file.path)


@pytest.fixture
def hospital(example_copy) -> Opened:
    return open_assessment(example_copy("hospital-da.json"))


@pytest.fixture
def hostile(hospital) -> Opened:
    """The hospital with markup and formulas in every kind of free text the tables show."""
    doc = hospital.doc
    doc.ratings[0].notes = "\n".join(MARKUP.values())
    doc.ratings[1].evidence = MARKUP["excel-tab"]
    doc.purposes.social_purpose = MARKUP["excel-formula"]
    doc.purposes.challenges = FORMULAS
    doc.actions = [Action(id=f"x{i}", what=text, owner=text, phase="now") for i, text in enumerate(FORMULAS)]
    return reopen(hospital)


def read_xlsx(path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(path)


def rows_of(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize(
    "name, lang", [("hospital-da.json", "da"), ("national-body-nb.json", "nb"), ("hospital-da.json", "en")]
)
def test_the_workbook_has_a_sheet_per_table_named_and_headed_in_the_assessments_language(
    example_copy, tmp_path, name, lang
):
    opened = open_assessment(example_copy(name))
    opened.doc.language = lang
    opened = reopen(opened)
    book = read_xlsx(export.write_xlsx(opened, tmp_path / "out.xlsx"))
    assert book.sheetnames == SHEETS[lang]
    assert rows_of(book[SHEETS[lang][0]])[0] == RATING_HEADERS[lang]
    assert book.properties.title.endswith(opened.doc.organisation.name)


def test_ratings_follow_the_gap_table_with_levels_as_numbers(example_copy, tmp_path):
    opened = open_assessment(example_copy("municipality-da.json"))
    sheet = read_xlsx(export.write_xlsx(opened, tmp_path / "out.xlsx"))["Områder"]
    body = rows_of(sheet)[1:]
    expected = gap_rows(opened)
    assert [row[0] for row in body] == [r.name for r in expected]
    assert [tuple(row[1:4]) for row in body] == [(r.current, r.desired, r.gap) for r in expected]
    assert [row[4] for row in body].count("Ja") == 1, "the area not assessed is marked, not given zeros"
    not_applicable = next(row for row in body if row[4] == "Ja")
    assert not_applicable[1:4] == [None, None, None]
    assert all(
        sheet.cell(row=i, column=2).data_type == "n" for i in range(2, len(body) + 2) if body[i - 2][1] is not None
    )


def test_kpis_are_numbers_and_actions_have_real_dates(hospital, tmp_path):
    book = read_xlsx(export.write_xlsx(hospital, tmp_path / "out.xlsx"))
    kpis = rows_of(book["KPI'er"])
    assert kpis[0] == [
        "KPI",
        "Omfang",
        "Måling",
        "Enhed",
        "Udgangspunkt",
        "Målværdi",
        "Retning",
        "Periode",
        "Knyttet til mål",
    ]
    first = hospital.doc.kpis[0]
    assert kpis[1][:2] == [first.name, "Overordnet"]
    assert (kpis[1][4], kpis[1][5], kpis[1][6]) == (first.baseline, first.target, "Mindst")
    assert kpis[1][8].splitlines()[0].startswith("1.1: Beskeder på Facebook")
    actions = book["Handlingsplan"]
    due = actions["D2"]
    assert due.is_date and due.value.date() == min(a.due for a in hospital.doc.actions if a.phase == "now")
    assert due.number_format == "dd-mm-yyyy"
    assert [c.value for c in actions["E"]][1:4] == ["Nu", "Nu", "Nu"]


def test_purposes_list_chosen_and_own_by_priority_then_social_purpose_and_challenges(hospital, tmp_path):
    rows = rows_of(read_xlsx(export.write_xlsx(hospital, tmp_path / "out.xlsx"))["Formål"])
    purposes = hospital.doc.purposes
    assert rows[0] == ["Type", "Tekst", "Prioritet"]
    kinds = [row[0] for row in rows[1:]]
    assert kinds.count("Generelt formål") == len(purposes.chosen)
    assert ["Eget formål", purposes.own[0].text, "Mellem"] in rows
    assert [row[2] for row in rows[1 : len(purposes.chosen) + 2]] == ["Høj", "Høj", "Mellem", "Mellem", "Mellem", "Lav"]
    assert ["Overordnet formål", purposes.social_purpose, None] in rows
    assert [row[1] for row in rows if row[0] == "Udfordring"] == purposes.challenges


def test_every_sheet_has_a_bold_frozen_header_wrapped_text_and_readable_widths(hospital, tmp_path):
    book = read_xlsx(export.write_xlsx(hospital, tmp_path / "out.xlsx"))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(export.MIN_WIDTH + 2 <= w <= export.MAX_WIDTH + 2 for w in widths), (sheet.title, widths)


def test_text_that_looks_like_a_formula_is_stored_as_text_never_as_a_formula(hostile, tmp_path):
    path = export.write_xlsx(hostile, tmp_path / "out.xlsx")
    book = read_xlsx(path)
    actions = rows_of(book["Handlingsplan"])[1:]
    assert [row[0] for row in actions] == FORMULAS
    assert [row[2] for row in actions] == FORMULAS
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == len(book.sheetnames) and not any(b"<f>" in xml or b"<f " in xml for xml in sheets)
    shown = "\n".join(MARKUP.values()).replace("\r\n", "\n")  # Excel's line break
    assert rows_of(book["Områder"])[1][5] == shown, "markup shown literally"


def test_text_excel_cannot_hold_is_cleaned_and_shortened_with_a_note(hospital, tmp_path):
    hospital.doc.ratings[0].notes = "bell\x07 and NUL-free " + "x" * 40_000
    sheet = read_xlsx(export.write_xlsx(reopen(hospital), tmp_path / "out.xlsx"))["Områder"]
    notes = next(row[5] for row in rows_of(sheet) if str(row[5]).startswith("bell"))
    assert len(notes) == export.EXCEL_MAX_TEXT
    assert notes.startswith("bell and NUL-free xxx")
    assert notes.endswith("(afkortet; hele teksten står i vurderingsfilen)")


def all_text(book: openpyxl.Workbook) -> str:
    return "\n".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)


def test_participants_who_may_not_be_named_appear_by_role_and_anonymise_names_nobody(hospital, tmp_path):
    hidden = next(p for p in hospital.doc.participants if not p.consent_to_be_named)
    named = next(p for p in hospital.doc.participants if p.consent_to_be_named)
    hospital.doc.actions[0].owner = f"{hidden.name} og {named.name}"
    opened = reopen(hospital)
    text = all_text(read_xlsx(export.write_xlsx(opened, tmp_path / "named.xlsx")))
    assert hidden.name not in text and f"{hidden.role} og {named.name}" in text
    text = all_text(read_xlsx(export.write_xlsx(opened, tmp_path / "anon.xlsx", anonymise=True)))
    assert f"{hidden.role} og {named.role}" in text
    assert not [p.name for p in opened.doc.participants if p.name in text]
    csv_text = "".join(
        p.read_text(encoding="utf-8-sig") for p in export.write_csv(opened, tmp_path / "csv", anonymise=True)
    )
    assert not [p.name for p in opened.doc.participants if p.name in csv_text]


def read_csv(path: Path, separator: str) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so Excel on Windows reads æøå"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=separator))


def test_csv_files_are_excel_friendly_per_language(hospital, example_copy, tmp_path):
    paths = export.write_csv(hospital, tmp_path / "da")
    assert [p.name for p in paths] == CSV_FILES["da"]
    kpis = read_csv(paths[1], ";")
    first = hospital.doc.kpis[0]
    assert kpis[0][:3] == ["KPI", "Omfang", "Måling"]
    assert kpis[1][4:6] == [f"{first.baseline:g}", f"{first.target:g}"]
    assert read_csv(paths[2], ";")[1][3] == "2026-05-01", "dates as ISO 8601, which every Excel reads"
    assert read_csv(paths[0], ";")[0] == RATING_HEADERS["da"]
    english = open_assessment(example_copy("municipality-da.json"))
    english.doc.language = "en"
    paths = export.write_csv(reopen(english), tmp_path / "en")
    assert [p.name for p in paths] == CSV_FILES["en"]
    assert read_csv(paths[0], ",")[0] == RATING_HEADERS["en"]


def test_csv_numbers_use_the_languages_decimal_mark(hospital, tmp_path):
    hospital.doc.kpis[0].target = 7.25
    hospital.doc.kpis[0].baseline = 20000
    kpis = read_csv(export.write_csv(reopen(hospital), tmp_path)[1], ";")
    assert kpis[1][4:6] == ["20000", "7,25"]


def test_csv_cells_that_look_like_formulas_are_marked_as_text(hostile, tmp_path):
    actions = read_csv(export.write_csv(hostile, tmp_path)[2], ";")[1:]
    assert [row[0] for row in actions] == ["'" + text for text in FORMULAS]
    purposes = read_csv(export.write_csv(hostile, tmp_path)[3], ";")
    assert ["Overordnet formål", "'" + MARKUP["excel-formula"], ""] in purposes
    notes = read_csv(export.write_csv(hostile, tmp_path)[0], ";")[1:]
    assert "'" + MARKUP["excel-tab"] in [row[6] for row in notes]
    assert "\n".join(MARKUP.values()) in [row[5] for row in notes], "quoted, so ; and line breaks stay in the cell"


def test_the_sheet_title_rule_keeps_what_excel_accepts():
    assert export.sheet_title("Mål/KPI: [2026]?*") == "Mål-KPI- -2026---"
    assert len(export.sheet_title("x" * 40)) == 31
    assert export.sheet_title("'KPI'") == "KPI"
    for titles in SHEETS.values():
        assert all(export.sheet_title(t) == t for t in titles)


def failing_replace(*_args, **_kwargs):
    raise OSError(28, "No space left on device")


def test_a_failed_export_leaves_the_previous_output_whole_and_no_debris(hospital, tmp_path, monkeypatch):
    path = export.write_xlsx(hospital, tmp_path / "out.xlsx")
    folder = tmp_path / "csv"
    export.write_csv(hospital, folder)
    before = {p: p.read_bytes() for p in [path, *folder.iterdir()]}
    hospital.doc.organisation.name = "Changed"
    monkeypatch.setattr(writing.os, "replace", failing_replace)
    with pytest.raises(AssessmentError, match=r"^.*out\.xlsx: cannot write: No space left on device$"):
        export.write_xlsx(hospital, path)
    with pytest.raises(AssessmentError, match="omraader.csv: cannot write: No space left on device"):
        export.write_csv(hospital, folder)
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(tmp_path.rglob("*.tmp")) == []


def test_the_cli_exports_excel_and_csv(example_copy, tmp_path, capsys):
    source = example_copy("municipality-da.json")
    out, folder = tmp_path / "fjordby.xlsx", tmp_path / "tabeller"
    assert main(["export", str(source), "--xlsx", str(out), "--csv", str(folder), "--anonymise"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [f"wrote {out}", *(f"wrote {folder / name}" for name in CSV_FILES["da"])]
    book = read_xlsx(out)
    assert book.sheetnames == SHEETS["da"]
    doc = open_assessment(source).doc
    assert not [p.name for p in doc.participants if p.name in all_text(book)]
    assert doc.workshop.facilitator in {a.owner for a in doc.actions}, "the example names the facilitator as an owner"
    owners = [row[2] for row in rows_of(book["Handlingsplan"])[1:]]
    assert "Facilitator" in owners, "her whole entry, firm included: the firm carries her name"
    assert "Dalsgaard" not in all_text(book)


def invalid_copy(example_copy) -> Path:
    path = example_copy("hospital-da.json")
    path.write_text(path.read_text(encoding="utf-8").replace('"current": 2', '"current": 9', 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "case, code, message",
    [
        ("missing", 2, "{src}: no such file"),
        ("invalid", 1, "{src}: dialogue.current: level 9 is outside the scale 'some-dialogue' (1–5)"),
        ("nothing", 2, "export: nothing to write; give --xlsx OUT, --csv DIR or --html OUT"),
        ("itself", 2, "{src}: is the assessment file itself; choose another output name"),
        ("no-folder", 2, "{out}: folder {out.parent} does not exist"),
        ("csv-on-file", 2, "{out}: cannot create the folder: Not a directory"),
    ],
)
def test_the_cli_refuses_bad_input_with_one_line_and_writes_nothing(
    example_copy, tmp_path, capsys, case, code, message
):
    src = {"missing": tmp_path / "nope.json", "invalid": invalid_copy(example_copy)}.get(case) or example_copy(
        "hospital-da.json"
    )
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    out = {"itself": src, "no-folder": tmp_path / "missing" / "out.xlsx", "csv-on-file": src / "csv"}.get(
        case, tmp_path / "out.xlsx"
    )
    args = {"nothing": [], "csv-on-file": ["--csv", str(out)]}.get(case, ["--xlsx", str(out)])
    assert main(["export", str(src), *args]) == code
    captured = capsys.readouterr()
    assert captured.err == f"error: {message.format(src=src, out=out)}\n" and captured.out == ""
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_the_html_export_is_the_summary_without_code_scripts_or_hidden_names(hospital, tmp_path):
    hospital.doc.actions[0].what = MARKUP["html"]
    opened = reopen(hospital)
    html = html_export.write_html(opened, tmp_path / "summary.html").read_text(encoding="utf-8")
    assert hospital.doc.organisation.name in html
    assert '<html lang="da">' in html and "<title>Dialogmodenhed: Sygehus Vestkysten</title>" in html
    assert "summary.show()" not in html and "from assessment" not in html and 'class="highlight' not in html, "no code"
    assert "<script" not in html.split("</head>")[1], "static: no widget scripts, nothing fetched from the network"
    assert "data:image/png;base64," in html, "the radar chart is in the page"
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html, "user text shown literally"
    hidden = [p.name for p in hospital.doc.participants if not p.consent_to_be_named]
    assert not [name for name in hidden if name in html]


def test_the_anonymised_html_export_names_nobody(hospital, tmp_path, capsys):
    out = tmp_path / "anon.html"
    assert main(["export", str(hospital.file.path), "--html", str(out), "--anonymise"]) == 0
    html = out.read_text(encoding="utf-8")
    assert hospital.doc.organisation.name in html
    assert not [p.name for p in hospital.doc.participants if p.name in html]


def test_the_copy_for_html_keeps_everything_but_names_and_finds_an_own_scale(tmp_path, tiny_scale):
    from assessment.document.context import create_assessment
    from assessment.document.model import Participant

    folder = tmp_path / "sub"
    folder.mkdir()
    opened = create_assessment(folder / "a.json", str(tiny_scale), "Testby", "municipality", "da")
    opened.doc.participants = [Participant(id="p1", name="Ida Ny", role="Chef", consent_to_be_named=False)]
    opened.doc.ratings[0].notes = "Ida Ny mener det. " + MARKUP["latex"]
    copy = html_export.summary_copy(reopen(opened))
    assert copy.participants[0].name == "Deltager uden navn" and copy.participants[0].role == "Chef"
    assert copy.ratings[0].notes == "Chef mener det. " + MARKUP["latex"]
    assert copy.model_dump(exclude={"participants", "ratings", "updated_at"}) == opened.doc.model_dump(
        exclude={"participants", "ratings", "updated_at"}
    )
    home = tmp_path / "home"
    home.mkdir()
    saved = open_assessment(html_export.save_summary_copy(reopen(opened), home))
    assert saved.scale.id == "tiny" and (home / "tiny.yaml").read_bytes() == (folder / "tiny.yaml").read_bytes()


def test_dates_in_excel_are_dates_not_text(hospital, tmp_path):
    hospital.doc.actions[0].due = dt.date(2026, 11, 22)
    sheet = read_xlsx(export.write_xlsx(reopen(hospital), tmp_path / "out.xlsx"))["Handlingsplan"]
    dates = [c.value for c in sheet["D"][1:]]
    assert dt.datetime(2026, 11, 22) in dates and all(isinstance(d, dt.datetime) for d in dates)


def test_a_summary_that_fails_gives_one_line_and_writes_no_html(hospital, tmp_path, monkeypatch):
    import nbformat

    broken = tmp_path / "broken.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('raise ValueError("no summary today")')]), broken
    )
    out = tmp_path / "summary.html"
    monkeypatch.setattr(html_export, "summary_notebook", lambda: broken)
    with pytest.raises(AssessmentError) as caught:
        html_export.write_html(hospital, out)
    assert str(caught.value) == f"{broken}: the summary stopped with ValueError: no summary today"
    monkeypatch.setattr(html_export, "summary_notebook", lambda: tmp_path / "missing.ipynb")
    with pytest.raises(AssessmentError) as caught:
        html_export.write_html(hospital, out)
    assert (
        str(caught.value)
        == f"{tmp_path / 'missing.ipynb'}: cannot read the summary notebook: No such file or directory"
    )
    assert not out.exists()


def test_the_strategy_sheet_holds_position_style_accessibility_involvement_and_roadmap(hospital, tmp_path):
    rows = rows_of(read_xlsx(export.write_xlsx(hospital, tmp_path / "out.xlsx"))["Strategi"])
    st = hospital.doc.strategy
    assert rows[0] == ["Type", "Tekst", "Periode"]
    assert ["Vores position", st.position, None] in rows and ["Stil og tone", st.style_and_tone, None] in rows
    assert ["Tilgængelighed", "Klarsprog", None] in rows and ["Tilgængelighed", st.accessibility_notes, None] in rows
    assert ["Den inddragelse, vi mener", "Inddragelse af pårørende", None] in rows
    assert [row[1:] for row in rows if row[0] == "Køreplan"] == [[step.what, step.period] for step in st.roadmap]

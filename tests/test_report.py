"""The PDF summary, read back as text: every section, the assessment's language, numbers and
dates written its way, user text shown literally, and names only with consent."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest

from assessment.data.i18n import locale, t
from assessment.document.context import Opened, create_assessment, open_assessment
from assessment.document.model import Action, Dialogue, Goal, Kpi, Rating
from assessment.errors import AssessmentError
from assessment.outputs.report import render_pdf, write_pdf

from .conftest import REPO
from .hostile import MARKUP

SECTIONS = ["summary", "purposes", "goals", "areas", "move", "actions", "participants", "appendix"]
SUBHEADINGS = [
    "report.summary.gaps",
    "report.summary.purposes",
    "report.goals.goals",
    "report.goals.kpis",
    "report.areas.table",
    "report.appendix.levels",
    "report.appendix.rubric",
    "report.purposes.social",
    "field.challenges",
]
LONG_NOTE_END = "SLUTNINGENPAADENLANGENOTE"


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text as one line: line breaks and the hyphens the layout adds at them removed."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=\w)-\n(?=\w)", "", text))


def squeezed(text: str) -> str:
    """No whitespace at all, for text that may wrap anywhere."""
    return re.sub(r"\s+", "", re.sub(r"(?<=\w)-\n(?=\w)", "", text))


def reopen(opened: Opened) -> Opened:
    opened.file.save(opened.doc, overwrite=True)
    return open_assessment(opened.file.path)


@pytest.fixture(scope="module")
def examples_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("examples")
    for path in (REPO / "examples").glob("*.json"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture(scope="module")
def hospital_text(examples_dir) -> list[str]:
    return pdf_pages(render_pdf(open_assessment(examples_dir / "hospital-da.json")))


def test_every_section_and_heading_is_there_in_danish(hospital_text):
    text = flat("\n".join(hospital_text))
    for key in SECTIONS:
        assert t("da", f"report.section.{key}") in text, key
    for key in SUBHEADINGS:
        assert t("da", key) in text, key
    assert "Sygehus Vestkysten" in hospital_text[0]


def test_pages_carry_the_running_header_and_a_page_number(hospital_text):
    total = len(hospital_text)
    assert total > 5
    for number, page in enumerate(hospital_text[1:], start=2):
        assert "Dialogmodenhed · Sygehus Vestkysten" in page
        assert f"Side {number} af {total}" in page


def test_danish_letters_survive(hospital_text):
    text = "".join(hospital_text)
    assert all(letter in text for letter in "æøåØ")
    assert "Kjærsgaard" in text and "Mølgaard" in text


def test_numbers_and_dates_are_written_the_danish_way(hospital_text):
    text = flat("\n".join(hospital_text))
    assert "11. marts 2026" in hospital_text[0]
    assert "højst 1.700 opkald pr. måned" in text
    assert "Udgangspunkt: 3.800 personer" in text
    assert "1. maj 2026" in text  # an action's due date


def test_decimals_use_the_languages_separator(examples_dir, tmp_path):
    opened = open_assessment(examples_dir / "hospital-da.json")
    opened.doc.kpis[0].target = 2.5
    assert "mindst 2,5 %" in flat("\n".join(pdf_pages(render_pdf(opened))))
    assert "at least 2.5 %" in flat("\n".join(pdf_pages(render_pdf(opened, lang="en"))))


def test_the_summary_fits_on_one_page_with_levels_gaps_and_purposes(hospital_text):
    page = flat(hospital_text[1])
    assert "Sammenfatning" in page
    assert "Niveau 2" in page and "Reaktiv dialog" in page and "Niveau 4" in page and "Proaktiv dialog" in page
    assert "Bevægelsen går fra niveau 2 til niveau 4." in page
    assert page.count("+3") == 1 and page.count("+2") == 2
    assert "Relationer og service" in page and "Støtte i forløbet" in page


def test_kpis_are_linked_to_goals_by_number(hospital_text):
    text = flat("\n".join(hospital_text))
    assert "Knyttet til mål" in text
    assert "1.1 og 1" in text  # Besvaret til tiden: effect goal 1.1 and objective 1


def test_the_norwegian_example_is_all_norwegian(examples_dir):
    text = flat("\n".join(pdf_pages(render_pdf(open_assessment(examples_dir / "national-body-nb.json")))))
    nb, da, en = (locale(lang).strings for lang in ("nb", "da", "en"))
    for key in SECTIONS:
        assert nb[f"report.section.{key}"] in text
    foreign = {da[k] for k in da if k.startswith("report.section.") and da[k] != nb[k]}
    foreign |= {en[k] for k in en if k.startswith("report.section.") and en[k] != nb[k]}
    assert [word for word in foreign if word in text] == []
    assert "Side 2 av" in text
    assert "Bevegelsen går fra nivå 3 til nivå 4." in text


def test_a_danish_assessment_can_be_reported_in_english(examples_dir):
    text = flat("\n".join(pdf_pages(render_pdf(open_assessment(examples_dir / "hospital-da.json"), lang="en"))))
    for key in SECTIONS:
        assert t("en", f"report.section.{key}") in text
    assert "11 March 2026" in text
    assert "Sammenfatning" not in text


def test_a_language_the_scale_lacks_is_refused(examples_dir):
    with pytest.raises(AssessmentError, match="cannot write in 'sv'"):
        render_pdf(open_assessment(examples_dir / "hospital-da.json"), lang="sv")


@pytest.fixture
def citizen(tmp_path) -> Opened:
    """The consultant's own 4-level da/en scale, rated up to its caveated top level."""
    opened = create_assessment(
        tmp_path / "borger.json", str(REPO / "scales" / "citizen-participation.yaml"), "Fjordby Kommune", "municipality"
    )
    opened.doc.ratings = [Rating(area=r.area, current=1 + i % 3, desired=4) for i, r in enumerate(opened.doc.ratings)]
    opened.doc.ratings[1] = Rating(area=opened.doc.ratings[1].area, not_applicable=True)
    opened.doc.dialogue = Dialogue(current=2, desired=4)
    return reopen(opened)


def test_a_consultants_four_level_scale_works_in_danish_and_english(citizen):
    scale = citizen.scale
    da = flat("\n".join(pdf_pages(render_pdf(citizen))))
    assert all(lv.name("da") in da for lv in scale.levels)
    assert flat(scale.levels[3].caveat("da"))[:60] in da
    assert "Trin op til niveau 3" in da and "Trin op til niveau 4" in da
    assert "Ikke relevant" in da
    en = flat("\n".join(pdf_pages(render_pdf(citizen, lang="en"))))
    assert all(lv.name("en") in en for lv in scale.levels)
    with pytest.raises(AssessmentError, match="written in da, en only"):
        render_pdf(citizen, lang="nb")


def test_the_strategy_appears_where_it_fits_the_flow(examples_dir):
    opened = open_assessment(examples_dir / "hospital-da.json")
    pages = [flat(p) for p in pdf_pages(render_pdf(opened))]
    st, text = opened.doc.strategy, " ".join(pages)

    def page_of(snippet: str) -> int:
        return next(i for i, page in enumerate(pages) if snippet in page)

    purposes, move, actions = (page_of(t("da", f"report.section.{key}")) for key in ("purposes", "move", "actions"))
    assert purposes <= page_of(flat(st.position)[:50]) < page_of(t("da", "report.section.goals"))
    assert move <= page_of("Den inddragelse, vi mener") <= page_of("Organisatorisk inddragelse: et tilbud")
    assert move <= page_of(t("da", "report.section.style")) <= page_of(flat(st.style_and_tone)[:50]) <= actions
    assert "Undertekster på video" in text and "Klarsprog" in text and flat(st.accessibility_notes) in text
    assert actions <= page_of("Køreplan") and "Efterår 2026" in text and flat(st.roadmap[1].what)[:50] in text
    appendix = " ".join(pages[page_of(t("da", "report.section.appendix")) :])
    assert flat(opened.scale.rating_rule("da"))[:60] in appendix


def test_a_report_without_a_strategy_leaves_its_parts_out(examples_dir):
    opened = open_assessment(examples_dir / "hospital-da.json")
    opened.doc.strategy = type(opened.doc.strategy)()
    text = flat("\n".join(pdf_pages(render_pdf(opened))))
    for word in ("Vores position", "Den inddragelse, vi mener", t("da", "report.section.style"), "Køreplan"):
        assert word not in text


def test_an_empty_assessment_still_makes_a_report(tmp_path):
    opened = create_assessment(tmp_path / "tom.json", "some-dialogue", "Tom Forening")
    text = flat("\n".join(pdf_pages(render_pdf(opened))))
    assert "Dialogniveauet er ikke vurderet endnu." in text
    assert "Der er endnu ikke lagt handlinger ind i planen." in text
    assert "Ikke vurderet" in text


# --------------------------------------------------------------------------- names


def test_without_consent_only_the_role_is_shown(hospital_text):
    text = flat("\n".join(hospital_text))
    assert "Helle Kjærsgaard" in text  # consented
    assert "Rasmus Holm Iversen" not in text and "Jonas Bech" not in text
    assert "Overlæge, Onkologisk Ambulatorium" in text
    assert t("da", "report.participants.not_named") in text


def test_anonymise_removes_every_name_facilitator_included(examples_dir):
    for name in ("hospital-da.json", "municipality-da.json", "national-body-nb.json", "patient-organisation-da.json"):
        opened = open_assessment(examples_dir / name)
        text = squeezed("\n".join(pdf_pages(render_pdf(opened, anonymise=True))))
        for person in opened.doc.participants:
            assert squeezed(person.name) not in text, (name, person.name)
            if person.role:
                assert squeezed(person.role)[:30] in text
        facilitator = opened.doc.workshop.facilitator.split(",")[0]
        assert squeezed(facilitator) not in text, name


def test_names_in_free_text_are_hidden_too(examples_dir):
    opened = open_assessment(examples_dir / "hospital-da.json")
    opened.doc.ratings[0].notes = "Jonas Bech mener, at det kræver en juridisk vurdering."
    text = flat("\n".join(pdf_pages(render_pdf(opened))))
    assert "Jonas Bech" not in text
    assert "mener, at det kræver en juridisk vurdering" in text


# --------------------------------------------------------------------------- hostile text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, examples_dir) -> tuple[Opened, list[str]]:
    """The hospital with markup of every format in every kind of free text, a 10,000-character
    note and 100 KPIs."""
    opened = open_assessment(examples_dir / "hospital-da.json")
    doc = opened.doc
    values = list(MARKUP.values())
    doc.organisation.unit = MARKUP["typst"]
    doc.purposes.social_purpose = MARKUP["latex"]
    doc.purposes.challenges = [v.strip() for v in values]
    doc.dialogue.rationale = MARKUP["markdown"]
    words = ("Lang note med æøå og #set og $ og <b> og \\ og 😀 ",) * 10_000
    doc.ratings[0].notes = "".join(words)[: 10_000 - len(LONG_NOTE_END)] + LONG_NOTE_END
    doc.ratings[1].notes = "\n".join(values)
    doc.ratings[2].evidence = MARKUP["html"]
    doc.goals.append(Goal(id="gx", kind="objective", text=MARKUP["typst"].strip()))
    doc.kpis = [
        Kpi(
            id=f"k{i}",
            name=f"KPI nummer {i}",
            scope="overall",
            metric=values[i % len(values)].strip(),
            unit="klik",
            target=i * 1000 + 0.5,
            direction="at_least",
            goals=["gx"],
        )
        for i in range(1, 101)
    ]
    doc.actions = [Action(id=f"a{i}", what=v.strip(), owner=v.strip(), phase="now") for i, v in enumerate(values)]
    return opened, pdf_pages(render_pdf(opened))


def test_markup_of_every_format_is_shown_literally(hostile):
    _, pages = hostile
    text = squeezed("\n".join(pages))
    for kind, value in MARKUP.items():
        assert squeezed(value) in text, kind


def test_markup_does_not_take_effect(hostile):
    _, pages = hostile
    text = "\n".join(pages)
    assert "#set page(fill: red)" in flat(text)
    assert "<script>alert('x')</script>" in flat(text)
    assert r"\textbf{fed} $x^2$" in flat(text)


def test_a_10000_character_note_is_shown_whole(hostile):
    """Read across the page breaks: without each page's header, footer and repeated table header."""
    opened, pages = hostile
    bodies = ["\n".join(page.splitlines()[1:-1]) for page in pages[1:]]
    text = squeezed("\n".join(bodies).replace("Område Nu Ønsket Afstand", ""))
    assert squeezed(opened.doc.ratings[0].notes) in text
    assert LONG_NOTE_END in text


def test_100_kpis_fill_a_table_that_breaks_across_pages_with_its_header(hostile):
    _, pages = hostile
    text = flat("\n".join(pages))
    assert all(f"KPI nummer {i} " in text for i in range(1, 101))
    assert "mindst 100.000,5 klik" in text
    with_header = [p for p in pages if "Hvad måles" in p]
    assert len(with_header) >= 3


def test_nothing_is_left_behind_when_the_pdf_cannot_be_made(examples_dir, tmp_path):
    opened = open_assessment(examples_dir / "hospital-da.json")
    out = tmp_path / "rapport.pdf"
    out.write_bytes(b"old report")
    bad_logo = tmp_path / "logo.png"
    bad_logo.write_text("not a picture")
    with pytest.raises(AssessmentError, match="logo.png"):
        write_pdf(opened, out, logo=bad_logo)
    assert out.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.png", "rapport.pdf"]


def test_a_logo_is_placed_on_the_cover(examples_dir, tmp_path):
    from matplotlib.figure import Figure

    logo = tmp_path / "logo.png"
    fig = Figure(figsize=(2, 1))
    fig.text(0.1, 0.5, "Logo")
    fig.savefig(logo)
    out = write_pdf(open_assessment(examples_dir / "hospital-da.json"), tmp_path / "r.pdf", logo=logo)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages[0].images) == 1
    assert (
        len(
            pypdf.PdfReader(write_pdf(open_assessment(examples_dir / "hospital-da.json"), tmp_path / "s.pdf"))
            .pages[0]
            .images
        )
        == 0
    )


def test_write_pdf_insists_on_a_pdf_name_in_an_existing_folder(examples_dir, tmp_path):
    opened = open_assessment(examples_dir / "hospital-da.json")
    with pytest.raises(AssessmentError, match="ending in .pdf"):
        write_pdf(opened, tmp_path / "rapport.docx")
    with pytest.raises(AssessmentError, match="does not exist"):
        write_pdf(opened, tmp_path / "nope" / "rapport.pdf")

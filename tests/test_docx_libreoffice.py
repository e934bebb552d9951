"""Another word processor opens the Word report: LibreOffice (Debian's package, which
``.ci/run`` installs for the tests) turns every example's report into a PDF without error,
with every section there, and the report in a consultant's template too."""

from __future__ import annotations

import os
import shutil
import subprocess

import docx
import pypdf
import pytest
from docx.shared import RGBColor

from assessment.data.i18n import t
from assessment.document.context import open_assessment
from assessment.outputs.word import write_docx

from .conftest import EXAMPLES
from .followups import year_three
from .test_docx import SECTIONS

FIRST_YEAR_ONLY = ("report.workshop.title", "report.section.style")
CONVERT_TIMEOUT_S = 300


def soffice() -> str:
    found = os.environ.get("SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        pytest.fail(
            "LibreOffice is needed to check the Word report: install Debian's libreoffice-writer "
            "(.ci/run does) or point SOFFICE at soffice"
        )
    return found


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, tuple[str, list[str]]]:
    """Each example's report, and one in a consultant's template, as LibreOffice prints them:
    language and the text of each page, by name."""
    folder = tmp_path_factory.mktemp("docx")
    reports, languages = [], {}
    for path in EXAMPLES:
        opened = open_assessment(path)
        reports.append(write_docx(opened, folder / f"{path.stem}.docx"))
        languages[path.stem] = opened.lang
    template = docx.Document()
    template.styles["Normal"].font.name = "DejaVu Serif"
    template.styles["Heading 1"].font.color.rgb = RGBColor(0x8B, 0x00, 0x3A)
    template.sections[0].header.paragraphs[0].text = "Holm Rådgivning"
    template.save(folder / "holm.docx")
    opened = open_assessment(EXAMPLES[0])
    reports.append(write_docx(opened, folder / "in-template.docx", template=folder / "holm.docx", anonymise=True))
    languages["in-template"] = opened.lang
    reports.append(write_docx(open_assessment(year_three(folder)), folder / "follow-up.docx"))
    languages["follow-up"] = "da"
    profile = tmp_path_factory.mktemp("lo-profile")
    run = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            *map(str, reports),
        ],
        capture_output=True,
        text=True,
        timeout=CONVERT_TIMEOUT_S,
    )
    assert run.returncode == 0, run.stderr
    result = {}
    for name, lang in languages.items():
        pdf = folder / "pdf" / f"{name}.pdf"
        assert pdf.is_file(), (name, run.stdout, run.stderr)
        result[name] = (lang, [page.extract_text() for page in pypdf.PdfReader(pdf).pages])
    return result


def test_every_report_converts_with_every_section(converted):
    for name, (lang, pages) in converted.items():
        assert len(pages) > 8, name
        text = " ".join(" ".join(page.split()) for page in pages)
        # a follow-up carries no strategy over and has no votes yet
        for key in SECTIONS if name != "follow-up" else [k for k in SECTIONS if k not in FIRST_YEAR_ONLY]:
            assert t(lang, key) in text, (name, key)


def test_pages_after_the_cover_carry_the_header_and_page_x_of_y(converted):
    _, pages = converted["hospital-da"]
    for number, page in enumerate(pages[1:], start=2):
        assert "Dialogmodenhed · Sygehus Vestkysten" in page
        assert f"Side {number} af {len(pages)}" in page
    assert "Side 1" not in pages[0]  # the cover: no header, no number


def test_the_templates_header_is_on_the_pages(converted):
    _, pages = converted["in-template"]
    assert all("Holm Rådgivning" in page for page in pages)


def test_a_follow_up_converts_with_since_last_time_its_timeline_and_kpis(converted):
    _, pages = converted["follow-up"]
    [first] = [i for i, page in enumerate(pages) if "Siden sidst" in page and "Sammenlignet med vurderingen" in page]
    since = " ".join(" ".join(page.split()) for page in pages[first : first + 3])
    for words in (
        "Områderne sidst og nu",
        "Udviklingen over tid",
        "Seneste måling",
        "På rette spor",
        "Udført siden sidst",
        "Ingen handlinger er markeret som udført siden sidst.",
    ):
        assert words in since, words

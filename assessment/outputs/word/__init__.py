"""The Word report: the PDF summary's content as a document the consultant edits, in their
own template, before it goes to a director.

It is built from the PDF's prepared data (``report.report_data``: translated, formatted,
names hidden), so the two never disagree; this package only lays that data out in Word's
terms. python-docx writes it: no Word or LibreOffice needed.

=============  ==============================================================
``template``   opening the template, the body rule, placeholders, header and footer
``styles``     finding the styles the report uses, or adding them; the language
``blocks``     headings, user text, tables, pictures, level cards, caveats
``sections``   one function per section of the report
``properties`` title, author and language; nothing else of the template's maker
``ooxml``      the bits of Word XML python-docx has no call for
=============  ==============================================================
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

from docx.image.exceptions import UnrecognizedImageError
from matplotlib.figure import Figure

from ...benchmark.figures import Benchmark
from ...benchmark.versus import versus
from ...data.i18n import locale, t
from ...document.context import Opened
from ...errors import AssessmentError
from ...files.writing import check_output, write_output
from ..charts import gap_figure, radar_figure, save_figure
from ..progress import timeline
from ..progress_report import TIMELINE_CHART, level_text, progress_figures
from ..report import in_language, report_data, report_language
from ..spread import median_series
from .blocks import Chart, Writer
from .properties import set_properties
from .sections import SECTIONS, cover
from .styles import Styles, set_document_language
from .template import Body, fill_placeholders, open_template, running_header_and_footer, text_width

LOGO_FORMATS = {".png", ".jpg", ".jpeg", ".gif"}


def write_docx(
    opened: Opened,
    path: Path | str,
    *,
    lang: str | None = None,
    anonymise: bool = False,
    template: Path | str | None = None,
    logo: Path | str | None = None,
    benchmark: Benchmark | None = None,
) -> Path:
    """Write the Word report to ``path``; on any error the old file (if any) is left as it was."""
    path = check_output(check_docx(path, template, logo), opened.inputs)
    return write_output(
        path,
        render_docx(opened, lang=lang, anonymise=anonymise, template=template, logo=logo, benchmark=benchmark),
        opened.inputs,
    )


def check_docx(path: Path | str, template: Path | str | None = None, logo: Path | str | None = None) -> Path:
    """Refuse, before anything is made or written, a report name that cannot be a Word file,
    a template that cannot be read, and a logo Word cannot show."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise AssessmentError(f"{path}: the Word report is a .docx file; give a file name ending in .docx")
    check_output(path)
    if template is not None:
        if Path(template).resolve() == path.resolve():
            raise AssessmentError(f"{path}: is the template itself; choose another name for the report")
        open_template(Path(template))
    _checked_logo(logo)
    return path


def render_docx(
    opened: Opened,
    *,
    lang: str | None = None,
    anonymise: bool = False,
    template: Path | str | None = None,
    logo: Path | str | None = None,
    benchmark: Benchmark | None = None,
) -> bytes:
    """The Word report as bytes, in ``template`` (a .docx or .dotx; the workbook's when None).
    With ``benchmark``, the radar and the summary set the organisation against its median, as in the PDF."""
    opened = in_language(opened, report_language(opened, lang))
    against = versus(opened, benchmark) if benchmark is not None else None
    logo = _checked_logo(logo)
    document = open_template(None if template is None else Path(template))
    default = document if template is None else open_template(None)
    data = report_data(opened, anonymise=anonymise)
    data["versus"] = against.data if against else None
    tag = locale(data["lang"]).language_tag or data["lang"]
    body = Body(document)
    styles = Styles(document, default)
    set_document_language(document, tag)
    section = document.sections[-1]
    width = text_width(section)
    third = (against.medians, against.label) if against else median_series(opened)  # as the PDF's radar
    writer = Writer(document, styles, width, _charts(opened, data, radar_figure(opened, *third, notes=False)))
    try:
        if body.own_cover:
            cover(writer, {**data, "cover": {**data["cover"], "logo": logo}})
    except UnrecognizedImageError:
        raise AssessmentError(f"{logo}: is not a picture Word can show (PNG, JPEG or GIF)") from None
    for write_section in SECTIONS:
        write_section(writer, data)
    body.finish()
    running_header_and_footer(document, styles)
    c = data["cover"]
    fill_placeholders(
        document,
        {
            "title": c["title"],
            "subtitle": c["subtitle"],
            "organisation": c["organisation"],
            "unit": c["unit"],
            "date": c["date"],
            "author": ", ".join(data["document"]["authors"]),
            "header": data["header"],
        },
        data["labels"]["report.page"],
    )
    set_properties(
        document,
        title=data["document"]["title"],
        author=", ".join(data["document"]["authors"]),
        language=tag,
        when=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _checked_logo(logo: Path | str | None) -> str | None:
    if logo is None:
        return None
    logo = Path(logo)
    if logo.suffix.lower() not in LOGO_FORMATS:
        raise AssessmentError(f"{logo}: a logo in a Word report must be one of {', '.join(sorted(LOGO_FORMATS))}")
    if not logo.is_file():
        raise AssessmentError(f"{logo}: logo file not found")
    return str(logo)


def _charts(opened: Opened, data: dict, radar: Figure) -> dict[str, Chart]:
    """Every chart the report shows, as PNG at print resolution, as ``chart --out x.png`` draws
    them, by the name the report's data gives it, each with its alt text."""
    figures = {
        "radar": (radar, data["areas"]["radar_alt"]),
        "gap": (gap_figure(opened, notes=False), data["areas"]["gap_alt"]),
    }
    if data["progress"] is not None:
        figures.update(
            {name: (figure, _progress_words(opened, data, name)) for name, figure in progress_figures(opened).items()}
        )
    with tempfile.TemporaryDirectory(prefix="assessment-docx-") as tmp:
        return {
            name: Chart(save_figure(figure, Path(tmp) / f"chart-{i}.png").read_bytes(), alt, Path(name).stem)
            for i, (name, (figure, alt)) in enumerate(figures.items())
        }


def _progress_words(opened: Opened, data: dict, name: str) -> str:
    """A follow-up chart in words: the timeline's levels per assessment, or a KPI's figures."""
    lang, labels = opened.lang, data["progress"]["labels"]
    if name == TIMELINE_CHART:
        points = timeline(opened)
        series = [(t(lang, "report.summary.dialogue"), [p.dialogue for p in points])]
        series += [(area.name(lang), [p.current[area.id] for p in points]) for area in opened.scale.areas]
        lines = "; ".join(f"{what}: {' → '.join(level_text(e) for e in levels)}" for what, levels in series)
        return f"{t(lang, 'report.progress.timeline')}. {lines}."
    [k] = [k for k in data["progress"]["kpis"] if k["chart"] == name]
    latest = " ".join(v for v in (k["latest"], k["when"] and f"({k['when']})") if v)
    return (
        f"{k['name']}: {labels['field.baseline']} {k['baseline']}; {labels['report.progress.kpi.latest']} "
        f"{latest}; {labels['field.target']} {k['target']}; {labels['followup.field.status']} {k['status']}."
    )

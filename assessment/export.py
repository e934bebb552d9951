"""Excel, CSV and HTML exports of an assessment, for organisations that work on in a spreadsheet.

Every table is built once (:func:`tables`) in the assessment's language, then written
as an Excel sheet or a CSV file, so the two never disagree. Every output is written to
a hidden temporary file and renamed into place: an error never leaves half a file.
User text is always written as text: a note starting with ``=`` never becomes a formula.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .analysis import actions_by_phase, gap_rows, goal_label, name_scrubber
from .context import Opened
from .errors import AssessmentError
from .filenames import safe_file_stem
from .i18n import locale, t
from .model import Assessment
from .paths import data_dir
from .store import AssessmentFile, write_atomically
from .workspace import ASSESSMENT_ENV, HOME_ENV

Cell = str | int | float | dt.date | None

EXCEL_MAX_TEXT = 32_767  # Excel refuses to open a workbook with a longer cell
EXCEL_MAX_SHEET_TITLE = 31
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula
MIN_WIDTH, MAX_WIDTH = 8, 60
SUMMARY_NOTEBOOK = "06_summary.ipynb"
NOTEBOOK_TIMEOUT_S = 300


@dataclass(frozen=True)
class Table:
    """One exported table, every word in the assessment's language."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def tables(opened: Opened, *, anonymise: bool = False) -> list[Table]:
    """The four tables (ratings, KPIs, actions, purposes). Participants who may not be named
    (everyone when ``anonymise``) appear in free text by their role only."""
    lang = opened.lang
    scrub = name_scrubber(opened, anonymise)

    def table(key: str, header_keys: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> Table:
        clean = tuple(tuple(scrub(v) if isinstance(v, str) else v for v in row) for row in rows)
        return Table(key, t(lang, f"export.sheet.{key}"), tuple(t(lang, k) for k in header_keys), clean)

    return [
        table("ratings", ("field.area", "field.current_level", "field.desired_level", "field.gap",
                          "field.not_applicable", "field.notes", "field.evidence"), _rating_rows(opened)),
        table("kpis", ("field.kpi", "field.scope", "field.metric", "field.unit_of_measure", "field.baseline",
                       "field.target", "export.direction", "field.period", "field.linked_goal"), _kpi_rows(opened)),
        table("actions", ("field.action", "field.area", "field.owner", "field.due", "field.phase"),
              _action_rows(opened)),
        table("purposes", ("export.kind", "export.text", "field.priority"), _purpose_rows(opened)),
    ]


def _rating_rows(opened: Opened) -> list[tuple[Cell, ...]]:
    yes_no = {True: t(opened.lang, "export.yes"), False: t(opened.lang, "export.no")}
    return [(r.name, r.current, r.desired, r.gap, yes_no[r.not_applicable], r.notes, r.evidence)
            for r in gap_rows(opened)]


def _kpi_rows(opened: Opened) -> list[tuple[Cell, ...]]:
    lang, goals = opened.lang, {g.id: g for g in opened.doc.goals}
    return [
        (k.name, t(lang, f"scope.{k.scope}"), k.metric, k.unit, k.baseline, k.target,
         t(lang, f"export.direction.{k.direction}"), k.period,
         "\n".join(f"{goal_label(opened, gid)}: {goals[gid].text}" for gid in k.goals))
        for k in opened.doc.kpis
    ]


def _action_rows(opened: Opened) -> list[tuple[Cell, ...]]:
    area_names = {a.id: a.name(opened.lang) for a in opened.scale.areas}
    return [(a.what, area_names.get(a.area or "", ""), a.owner, a.due, phase)
            for phase, items in actions_by_phase(opened) for a in items]


def _purpose_rows(opened: Opened) -> list[tuple[Cell, ...]]:
    """Chosen and own purposes by priority, then the social purpose and the challenges."""
    lang, cat, purposes = opened.lang, opened.catalogue, opened.doc.purposes
    rank = {pid: i for i, pid in enumerate(cat.ids("priorities"))}
    general, own = t(lang, "export.kind.purpose"), t(lang, "field.own_purpose")
    ranked = [(general, cat.name("purposes", p.id, lang), p.priority) for p in purposes.chosen]
    ranked += [(own, p.text, p.priority) for p in purposes.own]
    ranked.sort(key=lambda row: rank.get(row[2], len(rank)))
    rows: list[tuple[Cell, ...]] = [(kind, text, cat.name("priorities", pid, lang)) for kind, text, pid in ranked]
    if purposes.social_purpose:
        rows.append((t(lang, "field.social_purpose"), purposes.social_purpose, None))
    rows += [(t(lang, "export.kind.challenge"), text, None) for text in purposes.challenges]
    return rows


def sheet_title(text: str) -> str:
    """A title Excel accepts: at most 31 characters, none of ``[]:*?/\\``, no quote at either end."""
    for char in "[]:*?/\\":
        text = text.replace(char, "-")
    return text[:EXCEL_MAX_SHEET_TITLE].strip("'") or "-"


def _excel_text(text: str, lang: str) -> str:
    """Text Excel can hold: line breaks as Excel writes them, control characters removed,
    over-long text shortened with a note."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(text) <= EXCEL_MAX_TEXT:
        return text
    note = t(lang, "export.truncated")
    return text[: EXCEL_MAX_TEXT - len(note)] + note


def _width(values: list[Cell]) -> float:
    longest = max((len(line) for v in values if v is not None for line in _shown(v).splitlines() or [""]), default=0)
    return min(max(longest, MIN_WIDTH), MAX_WIDTH) + 2


def _shown(value: Cell) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def xlsx_bytes(opened: Opened, *, anonymise: bool = False) -> bytes:
    """The workbook: one sheet per table, bold frozen header row, wrapped text, real dates and numbers."""
    lang = opened.lang
    book = Workbook()
    book.remove(book.active)
    book.properties.title = t(lang, "export.title", organisation=opened.doc.organisation.name)
    book.properties.creator = "Dialogue maturity workbook"
    book.properties.language = lang
    date_format, bold, wrap = t(lang, "export.excel_date_format"), Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for table in tables(opened, anonymise=anonymise):
        sheet = book.create_sheet(sheet_title(table.title))
        for r, values in enumerate((table.headers, *table.rows), start=1):
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, str):
                    cell.value = _excel_text(value, lang)
                    cell.data_type = "s"  # stored as text: never evaluated, whatever it starts with
                else:
                    cell.value = value
                    if isinstance(value, dt.date):
                        cell.number_format = date_format
                cell.alignment = wrap
                if r == 1:
                    cell.font = bold
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for c, header in enumerate(table.headers):
            sheet.column_dimensions[get_column_letter(c + 1)].width = _width([header, *(row[c] for row in table.rows)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_dialect(lang: str) -> tuple[str, str]:
    """(separator, decimal mark) as the language's spreadsheets expect: ``;`` wherever the
    decimal mark is a comma (Danish, Norwegian), ``,`` otherwise."""
    decimal = locale(lang).decimal_separator
    return (";" if decimal == "," else ","), decimal


def _csv_value(value: Cell, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        number = str(int(value)) if float(value).is_integer() else repr(float(value))
        return number.replace(".", decimal)
    if value.startswith(FORMULA_START):
        return "'" + value  # a spreadsheet shows it as text instead of running it
    return value


def csv_files(opened: Opened, *, anonymise: bool = False) -> dict[str, bytes]:
    """File name -> UTF-8 CSV with a byte-order mark (so Excel on Windows reads æøå), one per table."""
    separator, decimal = csv_dialect(opened.lang)
    files = {}
    for table in tables(opened, anonymise=anonymise):
        text = io.StringIO()
        writer = csv.writer(text, delimiter=separator, lineterminator="\r\n")
        writer.writerow(table.headers)
        writer.writerows([_csv_value(v, decimal) for v in row] for row in table.rows)
        files[f"{safe_file_stem(table.title, fallback=table.key)}.csv"] = text.getvalue().encode("utf-8-sig")
    return files


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomically(path, data, keep_backup=False)
    except OSError as exc:
        raise AssessmentError(f"{path}: cannot write: {exc.strerror or exc}") from None


def write_xlsx(opened: Opened, path: Path | str, *, anonymise: bool = False) -> Path:
    """Write the Excel workbook to ``path`` atomically."""
    path = Path(path)
    _write(path, xlsx_bytes(opened, anonymise=anonymise))
    return path


def write_csv(opened: Opened, folder: Path | str, *, anonymise: bool = False) -> list[Path]:
    """Write one CSV file per table into ``folder`` (created if missing); each atomically,
    and only once every table has been built."""
    folder = Path(folder)
    files = csv_files(opened, anonymise=anonymise)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AssessmentError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    for name, data in files.items():
        _write(folder / name, data)
    return [folder / name for name in files]


def summary_notebook() -> Path:
    return data_dir() / "notebooks" / SUMMARY_NOTEBOOK


def _scrubbed(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrubbed(v, scrub) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, scrub) for k, v in value.items()}
    return value


def private_copy(opened: Opened, *, anonymise: bool = False) -> Assessment:
    """The document as exports may show it: every participant who may not be named (everyone
    when ``anonymise``) replaced by their role wherever the name occurs; an own scale file
    referred to by its full path, so the copy opens from any folder."""
    data = _scrubbed(opened.doc.model_dump(mode="json"), name_scrubber(opened, anonymise))
    source = opened.doc.scale.source
    if source and not Path(source).is_absolute():
        data["scale"]["source"] = str((opened.file.path.parent / source).resolve())
    return Assessment.model_validate(data)


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CONTROLS = {"ButtonModel", "CheckboxModel", "ToggleButtonModel", "FileUploadModel", "PlayModel"}
LAYOUT_CSS = ("flex", "flex_flow", "width", "min_width", "max_width", "grid_gap", "align_items", "justify_content")


def _widget_html(models: dict[str, Any], ref: str) -> str:
    """One widget as static HTML: what it shows (text, tables, choices, images), without the
    controls that only work with a kernel behind them."""
    model = models.get(ref.removeprefix("IPY_MODEL_"))
    if model is None or model["model_name"] in CONTROLS:
        return ""
    name, state = model["model_name"], model["state"]
    layout = models.get(str(state.get("layout", "")).removeprefix("IPY_MODEL_"), {}).get("state", {})
    if layout.get("display") == "none" or layout.get("visibility") == "hidden":
        return ""
    css = [f"{key.replace('_', '-')}:{layout[key]}" for key in LAYOUT_CSS if layout.get(key)]

    def div(content: str) -> str:
        classes = " ".join(state.get("_dom_classes", []))
        return f'<div class="{escape(classes)}" style="{escape(";".join(css))}">{content}</div>' if content else ""

    if "children" in state:
        css.insert(0, "display:flex;flex-direction:column" if name == "VBoxModel" else "display:flex;gap:8px")
        return div("".join(_widget_html(models, child) for child in state["children"]))
    if name in ("HTMLModel", "HTMLMathModel"):
        content = state.get("value", "")  # the workbook's own HTML, user text in it already escaped
    elif name == "ImageModel":
        data = next((b["data"] for b in model.get("buffers", []) if b.get("path") == ["value"]), "")
        content = f'<img alt="" style="max-width:100%" src="data:image/{escape(state.get("format", "png"))};base64,{data}">' if data else ""
    elif "_options_labels" in state:
        index = state.get("index")
        content = escape(state["_options_labels"][index]) if isinstance(index, int) else ""
    elif isinstance(state.get("value"), str):
        content = escape(state["value"]).replace("\n", "<br>")
    else:
        return ""
    label = escape(state.get("description") or "")
    return div(f"{label} {content}" if label and content else content)


def _widgets_to_html(nb: Any) -> None:
    """Replace every widget view by static HTML and drop the widget state, so the page needs
    no script and no network to show."""
    models = nb.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                output["data"] = {"text/html": _widget_html(models, view["model_id"])}


def html_bytes(opened: Opened, *, anonymise: bool = False) -> bytes:
    """The summary notebook run on a private copy of the assessment in a throw-away workbook
    home (the user's file and settings are never touched), as HTML without code."""
    # imported here: they take seconds, and the other exports and the CLI do not need them
    import nbformat
    from jupyter_client.kernelspec import NoSuchKernel
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from nbconvert import HTMLExporter

    notebook = summary_notebook()
    try:
        nb = nbformat.read(notebook, as_version=4)
    except (OSError, ValueError) as exc:
        raise AssessmentError(f"{notebook}: cannot read the summary notebook: {getattr(exc, 'strerror', None) or exc}") from None
    with tempfile.TemporaryDirectory(prefix="dialogue-html-") as home:
        copy = Path(home) / opened.file.path.name
        AssessmentFile(copy).save(private_copy(opened, anonymise=anonymise))
        client = NotebookClient(nb, timeout=NOTEBOOK_TIMEOUT_S, resources={"metadata": {"path": str(notebook.parent)}})
        try:
            client.execute(env={**os.environ, ASSESSMENT_ENV: str(copy), HOME_ENV: home}, stderr=subprocess.DEVNULL)
        except CellExecutionError as exc:
            raise AssessmentError(f"{notebook}: the summary stopped with {exc.ename}: {exc.evalue}") from None
        except (CellTimeoutError, DeadKernelError, NoSuchKernel, RuntimeError) as exc:
            raise AssessmentError(f"{notebook}: the summary could not run: {exc}") from None
    _widgets_to_html(nb)
    exporter = HTMLExporter(exclude_input=True, exclude_markdown=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, language_code=opened.lang)
    title = t(opened.lang, "export.title", organisation=opened.doc.organisation.name)
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return html.encode("utf-8")


def write_html(opened: Opened, path: Path | str, *, anonymise: bool = False) -> Path:
    """Write the summary as HTML (code hidden) to ``path`` atomically."""
    path = Path(path)
    _write(path, html_bytes(opened, anonymise=anonymise))
    return path

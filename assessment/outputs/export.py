"""Excel and CSV exports of an assessment, for organisations that work on in a spreadsheet
(the HTML summary is the UI's: :mod:`assessment.ui.html_export`).

Every table is built once (:func:`tables`) in the assessment's language, then written
as an Excel sheet or a CSV file, so the two never disagree. Every output is written to
a hidden temporary file and renamed into place: an error never leaves half a file.
User text is always written as text: a note starting with ``=`` never becomes a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..data.i18n import locale, t
from ..document import privacy
from ..document.context import Opened
from ..files.filenames import safe_file_stem
from ..files.writing import check_output, write_output, write_output_set
from .analysis import actions_by_phase, gap_rows, goal_label
from .progress_export import progress_tables
from .spread import spreads

Cell = str | int | float | dt.date | None

EXCEL_MAX_TEXT = 32_767  # Excel refuses to open a workbook with a longer cell
EXCEL_MAX_SHEET_TITLE = 31
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula
MIN_WIDTH, MAX_WIDTH = 8, 60
WORKBOOK = "Dialogue maturity workbook"  # the author of a file that may name no one


@dataclass(frozen=True)
class Table:
    """One exported table, every word in the assessment's language."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def tables(opened: Opened, *, anonymise: bool = False) -> list[Table]:
    """The five tables (ratings, KPIs, actions, purposes, strategy), then the follow-up's
    (:mod:`progress_export`), built from the document as :func:`privacy.shown` shows it:
    participants who may not be named (everyone when ``anonymise``) appear in free text by
    their role only."""
    opened = privacy.shown(opened, anonymise=anonymise)
    lang = opened.lang

    def table(key: str, header_keys: tuple[str, ...], rows: list[tuple[Cell, ...]]) -> Table:
        return Table(key, t(lang, f"export.sheet.{key}"), tuple(t(lang, k) for k in header_keys), tuple(rows))

    return [
        table(
            "ratings",
            (
                "field.area",
                "field.current_level",
                "field.desired_level",
                "field.gap",
                "field.not_applicable",
                "field.notes",
                "field.evidence",
            ),
            _rating_rows(opened),
        ),
        table(
            "kpis",
            (
                "field.kpi",
                "field.scope",
                "field.metric",
                "field.unit_of_measure",
                "field.baseline",
                "field.target",
                "export.direction",
                "field.period",
                "field.linked_goal",
            ),
            _kpi_rows(opened),
        ),
        table(
            "actions", ("field.action", "field.area", "field.owner", "field.due", "field.phase"), _action_rows(opened)
        ),
        table("purposes", ("export.kind", "export.text", "field.priority"), _purpose_rows(opened)),
        table("strategy", ("export.kind", "export.text", "field.period"), _strategy_rows(opened)),
        *_vote_tables(opened),
        *progress_tables(opened, table),
    ]


def _vote_tables(opened: Opened) -> list[Table]:
    """The votes per item and level, when the room voted: counts only where the k rule allows
    (:mod:`assessment.outputs.spread`), never who voted what."""
    found = spreads(opened)
    if not found:
        return []
    lang, k, numbers = opened.lang, opened.doc.room.k, opened.scale.numbers
    yes_no = {True: t(lang, "export.yes"), False: t(lang, "export.no")}
    rows: list[tuple[Cell, ...]] = []
    for sp in found:
        agreed = sp.item.answer(opened.doc)
        for i, (key, d, unknown) in enumerate(
            (
                ("report.summary.now", sp.current, sp.unknown_current),
                ("report.summary.desired", sp.desired, sp.unknown_desired),
            )
        ):
            counts: list[Cell] = [d.counts[n] for n in numbers] if d else [None] * len(numbers)
            rows.append(
                (
                    sp.item.name(lang),
                    t(lang, key),
                    sp.round.number,
                    sp.voted,
                    *counts,
                    unknown if d else None,
                    d.median if d else None,
                    d.low if d else None,
                    d.high if d else None,
                    yes_no[sp.discussion] if d else None,
                    agreed[i],
                    "" if d else t(lang, "export.votes.hidden", k=k),
                )
            )
    headers = (
        t(lang, "export.votes.item"),
        t(lang, "export.votes.question"),
        t(lang, "export.votes.round"),
        t(lang, "export.votes.voted"),
        *(t(lang, "level.label", number=n) for n in numbers),
        *(
            t(lang, f"export.votes.{key}")
            for key in ("unknown", "median", "low", "high", "discussion", "agreed", "note")
        ),
    )
    return [Table("votes", t(lang, "export.sheet.votes"), headers, tuple(rows))]


def _rating_rows(opened: Opened) -> list[tuple[Cell, ...]]:
    yes_no = {True: t(opened.lang, "export.yes"), False: t(opened.lang, "export.no")}
    return [
        (r.name, r.current, r.desired, r.gap, yes_no[r.not_applicable], r.notes, r.evidence) for r in gap_rows(opened)
    ]


def _kpi_rows(opened: Opened) -> list[tuple[Cell, ...]]:
    lang, goals = opened.lang, {g.id: g for g in opened.doc.goals}
    return [
        (
            k.name,
            t(lang, f"scope.{k.scope}"),
            k.metric,
            k.unit,
            k.baseline,
            k.target,
            t(lang, f"export.direction.{k.direction}"),
            k.period,
            "\n".join(f"{goal_label(opened, gid)}: {goals[gid].text}" for gid in k.goals),
        )
        for k in opened.doc.kpis
    ]


def _action_rows(opened: Opened) -> list[tuple[Cell, ...]]:
    area_names = {a.id: a.name(opened.lang) for a in opened.scale.areas}
    return [
        (a.what, area_names.get(a.area or "", ""), a.owner, a.due, phase)
        for phase, items in actions_by_phase(opened)
        for a in items
    ]


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


def _strategy_rows(opened: Opened) -> list[tuple[Cell, ...]]:
    """Position, style and tone, accessibility, the involvement meant, then the roadmap by period."""
    lang, cat, st = opened.lang, opened.catalogue, opened.doc.strategy

    def label(key: str) -> str:
        return t(lang, f"field.{key}")

    rows: list[tuple[Cell, ...]] = []
    if st.position:
        rows.append((label("position"), st.position, None))
    if st.style_and_tone:
        rows.append((label("style_tone"), st.style_and_tone, None))
    rows += [
        (label("accessibility"), cat.name("accessibility", i, lang), None)
        for i in cat.ids("accessibility")
        if i in st.accessibility
    ]
    if st.accessibility_notes:
        rows.append((label("accessibility"), st.accessibility_notes, None))
    rows += [
        (label("involvement_levels"), cat.name("involvement_levels", i, lang), None)
        for i in cat.ids("involvement_levels")
        if i in st.involvement_levels
    ]
    rows += [(label("roadmap"), step.what, step.period) for step in st.roadmap]
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
    meta = privacy.metadata(opened, anonymise=anonymise)
    book.properties.title = meta.title
    book.properties.creator = book.properties.lastModifiedBy = meta.author or WORKBOOK
    book.properties.language = lang
    date_format, bold, wrap = (
        t(lang, "export.excel_date_format"),
        Font(bold=True),
        Alignment(wrap_text=True, vertical="top"),
    )
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


def write_xlsx(opened: Opened, path: Path | str, *, anonymise: bool = False) -> Path:
    """Write the Excel workbook to ``path`` atomically."""
    path = check_output(Path(path), opened.inputs)
    return write_output(path, xlsx_bytes(opened, anonymise=anonymise), opened.inputs)


def write_csv(opened: Opened, folder: Path | str, *, anonymise: bool = False) -> list[Path]:
    """Write one CSV file per table into ``folder`` (created if missing), as one set: the
    folder holds all the new tables or, if anything fails, the old ones."""
    return write_output_set(folder, csv_files(opened, anonymise=anonymise), opened.inputs)

"""Voting sheets for participants who cannot reach the laptop: one Excel file each, with
dropdowns in their language, mailed out and read back.

Reading back is all or nothing: every sheet is checked first and every problem is one line
(``FILE: row N: …``); only when all are right are the votes stored, in one save through the
store, so a bad sheet never leaves half its votes in the assessment.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from ..data.i18n import locales, t
from ..data.scale import Scale
from ..document.context import Opened, open_assessment
from ..document.model import Assessment, Participant
from ..errors import AssessmentError, ValidationFailed
from ..files.filenames import safe_file_stem
from ..files.reading import read_named_file
from ..files.writing import write_atomically
from .items import Item, items
from .room import COMMENT_MAX, Refused, cast, open_item
from .roster import picker_labels

FORMAT = "dialogue-workbook-votes/1"
VOTES, LEVELS, ABOUT = "votes", "levels", "about"  # sheet names; the first is shown under a translated title
FIRST_ROW = 6  # the table's header row; items below it
MAX_SHEET_BYTES = 5 * 1024 * 1024
COLUMNS = ("key", "item", "question", "levels", "current", "desired", "comment")
ROW_LINE_PT = 15
WIDTHS = {"key": 4, "item": 22, "question": 40, "levels": 60, "current": 26, "desired": 26, "comment": 40}


def level_labels(scale: Scale, lang: str) -> list[str]:
    """The dropdown's choices: ``2 · Reaktiv dialog`` … then "don't know"."""
    return [f"{lv.level} · {lv.name(lang)}" for lv in scale.levels] + [t(lang, "workshop.vote.unknown")]


def sheet_items(opened: Opened) -> list[Item]:
    """What a sheet asks about: every item not locked yet."""
    room = opened.doc.room
    return [i for i in items(opened.scale) if (p := room.poll(i.key)) is None or p.state != "locked"]


def sheet_bytes(opened: Opened, participant: Participant, lang: str) -> bytes:
    """One participant's sheet: the items with their levels, dropdowns for the answers (their
    earlier votes filled in), everything but the answers protected against slips."""
    scale, doc = opened.scale, opened.doc
    tx = lambda key, **v: t(lang, f"workshop.{key}", **v)  # noqa: E731
    labels = level_labels(scale, lang)
    book = Workbook()
    sheet = book.active
    sheet.title = tx("sheet.title")[:31]
    sheet["B1"] = tx("sheet.heading", organisation=doc.organisation.name)  # column A holds the hidden ids
    sheet["B1"].font = Font(bold=True, size=14)
    sheet["B2"] = tx("sheet.for", name=picker_labels(doc, lang)[participant.id])
    sheet["B3"] = tx("sheet.help")
    sheet["B3"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=3, start_column=2, end_row=3, end_column=len(COLUMNS))
    sheet.row_dimensions[3].height = 48
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for c, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=FIRST_ROW, column=c, value=tx(f"sheet.{name}"))
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = WIDTHS[name]
    sheet.column_dimensions["A"].hidden = True
    choices = book.create_sheet(LEVELS)
    for r, label in enumerate(labels, start=1):
        choices.cell(row=r, column=1, value=label)
    choices.sheet_state = "hidden"
    dropdown = DataValidation(
        type="list",
        formula1=f"{LEVELS}!$A$1:$A${len(labels)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=tx("sheet.invalid_title"),
        error=tx("sheet.invalid"),
    )
    sheet.add_data_validation(dropdown)
    answer_fill, wrap = PatternFill("solid", fgColor="FFF8E1"), Alignment(wrap_text=True, vertical="top")
    rounds = []
    for r, each in enumerate(sheet_items(opened), start=FIRST_ROW + 1):
        poll = doc.room.poll(each.key)
        vote = next((v for v in poll.round.votes if v.voter == participant.id), None) if poll else None
        shown = lambda n: "" if n is None else labels[n - 1]  # noqa: E731
        values = {
            "key": each.key,
            "item": each.name(lang),
            "question": each.question(lang),
            "levels": "\n".join(f"{lv.level} · {lv.name(lang)}: {each.descriptor(lv, lang)}" for lv in scale.levels),
            "current": shown(vote.current) if vote else "",
            "desired": shown(vote.desired) if vote else "",
            "comment": vote.comment if vote else "",
        }
        if vote and vote.current is None:
            values["current"] = labels[-1]
        if vote and vote.desired is None:
            values["desired"] = labels[-1]
        sheet.row_dimensions[r].height = ROW_LINE_PT * max(_lines(str(values[n]), WIDTHS[n]) for n in COLUMNS)
        for c, name in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=r, column=c, value=values[name] or None)
            cell.alignment = wrap
            if name in {"current", "desired", "comment"}:
                cell.protection, cell.fill = Protection(locked=False), answer_fill
            if name in {"current", "desired"}:
                dropdown.add(cell)
        rounds.append((each.key, poll.round.number if poll else 0))
    sheet.freeze_panes = sheet.cell(row=FIRST_ROW + 1, column=2)
    sheet.protection.sheet = True
    about = book.create_sheet(ABOUT)
    for r, (name, value) in enumerate(
        [
            ("format", FORMAT),
            ("participant", participant.id),
            ("language", lang),
            ("organisation", doc.organisation.name),
            ("scale", opened.scale.id),
            *((f"round:{k}", str(n)) for k, n in rounds),
        ],
        start=1,
    ):
        about.cell(row=r, column=1, value=name).data_type = "s"
        about.cell(row=r, column=2, value=value).data_type = "s"
    about.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lines(text: str, width: int) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (spreadsheets do
    not size rows to wrapped text when they open a file)."""
    return sum(max(1, -(-len(line) // max(width - 2, 1))) for line in text.split("\n"))


def write_sheets(
    opened: Opened, folder: Path | str, *, lang: str | None = None, only: list[str] | None = None
) -> list[Path]:
    """One sheet per participant (or those in ``only``) in ``folder``; each in the language
    the participant chose on a phone before, else ``lang``, else the assessment's."""
    folder = Path(folder)
    people = opened.doc.participants
    unknown = sorted(set(only or []) - {p.id for p in people})
    if unknown:
        raise AssessmentError(f"{opened.file.path}: participants: no participant with id {', '.join(unknown)}")
    available = [code for code in opened.scale.languages if code in locales()]
    if lang is not None and lang not in available:
        raise AssessmentError(
            f"--lang: '{lang}' is not one of the scale's languages with texts ({', '.join(available)})"
        )
    if not people:
        raise AssessmentError(
            f"{opened.file.path}: participants: the assessment lists no participants to send sheets to"
        )
    chosen = {v.id: v.lang for v in opened.doc.room.voters if v.lang in available}
    made = {
        p.id: sheet_bytes(opened, p, chosen.get(p.id) or lang or opened.lang)
        for p in people
        if only is None or p.id in only
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AssessmentError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    written, stems = [], set()
    for p in people:
        if p.id not in made:
            continue
        stem = safe_file_stem(p.name, fallback=p.id)
        stem = f"{stem}-{p.id}" if stem in stems else stem
        stems.add(stem)
        path = folder / f"{stem}.xlsx"
        try:
            write_atomically(path, made[p.id], keep_backup=False)
        except OSError as exc:
            raise AssessmentError(f"{path}: cannot write: {exc.strerror or exc}") from None
        written.append(path)
    return written


@dataclass(frozen=True)
class SheetVote:
    sheet: Path
    row: int
    participant: str
    item: str
    round: int
    current: int | None
    desired: int | None
    comment: str


def _level(value: object, labels: list[str]) -> tuple[bool, int | None]:
    """(understood, level): a dropdown label, or a bare level number typed by hand."""
    text = "" if value is None else str(value).strip()
    if text == labels[-1]:
        return True, None
    if text in labels:
        return True, labels.index(text) + 1
    number = re.match(r"^(\d+)(\.0)?\b", text)
    if number and 1 <= int(number.group(1)) <= len(labels) - 1:
        return True, int(number.group(1))
    return False, None


def read_sheet(path: Path, opened: Opened) -> tuple[list[SheetVote], list[str]]:
    """The votes in one returned sheet and every problem found in it, one line each."""
    try:
        raw = read_named_file(path, MAX_SHEET_BYTES, "a voting sheet")
        book = load_workbook(io.BytesIO(raw), data_only=True)
    except AssessmentError as exc:
        return [], [str(exc)]
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError):
        return [], [f"{path}: not an Excel workbook (.xlsx); send the sheet back as it was made"]
    if ABOUT not in book.sheetnames or len(book.sheetnames) < 1:
        return [], [f"{path}: not a voting sheet made by 'assessment workshop sheet'"]
    about = {
        str(r[0]): str(r[1]) for r in book[ABOUT].iter_rows(values_only=True) if r[0] is not None and r[1] is not None
    }
    doc, scale = opened.doc, opened.scale
    problems = []
    if about.get("format") != FORMAT:
        return [], [f"{path}: not a voting sheet made by 'assessment workshop sheet'"]
    if about.get("scale") != scale.id or about.get("organisation") != doc.organisation.name:
        problems.append(
            f"{path}: made for '{about.get('organisation')}' on scale '{about.get('scale')}', "
            f"not for this assessment ('{doc.organisation.name}', scale '{scale.id}')"
        )
    participant = about.get("participant", "")
    if participant not in {p.id for p in doc.participants}:
        problems.append(f"{path}: participant '{participant}' is not in the assessment's participants")
    lang = about.get("language", "")
    if lang not in locales() or lang not in scale.languages:
        return [], [*problems, f"{path}: language '{lang}' is not one of the scale's languages"]
    if problems:
        return [], problems
    labels = level_labels(scale, lang)
    sheet = book.worksheets[0]
    keys = {i.key for i in items(scale)}
    found = []
    for r, row in enumerate(sheet.iter_rows(min_row=FIRST_ROW + 1, values_only=True), start=FIRST_ROW + 1):
        values = dict(zip(COLUMNS, (*row, *[None] * len(COLUMNS)), strict=False))  # short rows padded
        key = values["key"]
        if key is None and not any(values[c] for c in ("current", "desired", "comment")):
            continue
        where = f"{path}: row {r}"
        if key not in keys:
            problems.append(f"{where}: item '{key}' is not one of this scale's; do not change the first columns")
            continue
        ok_current, current = _level(values["current"], labels)
        ok_desired, desired = _level(values["desired"], labels)
        comment = "" if values["comment"] is None else str(values["comment"])
        filled_current, filled_desired = values["current"] not in (None, ""), values["desired"] not in (None, "")
        if not (filled_current or filled_desired or comment.strip()):
            continue
        if (filled_current and not ok_current) or (filled_desired and not ok_desired):
            wrong = values["current"] if filled_current and not ok_current else values["desired"]
            problems.append(f"{where}: '{wrong}' is not a level of the list (choose from the dropdown)")
        elif not (filled_current and filled_desired):
            problems.append(f"{where}: give both the current and the desired level (or '{labels[-1]}')")
        elif len(comment) > COMMENT_MAX:
            problems.append(f"{where}: the comment is longer than {COMMENT_MAX} characters")
        else:
            found.append(
                SheetVote(
                    path, r, participant, str(key), int(about.get(f"round:{key}", "0") or 0), current, desired, comment
                )
            )
    return found, problems


def _apply(doc: Assessment, scale: Scale, votes: list[SheetVote]) -> list[str]:
    """Store the votes in ``doc``; every vote that is not allowed now is a problem line."""
    problems = []
    for v in votes:
        poll = doc.room.poll(v.item)
        if poll is None:
            open_item(doc, scale, v.item)
            poll = doc.room.poll(v.item)
            assert poll is not None
        elif v.round and v.round != poll.round.number:
            problems.append(
                f"{v.sheet}: row {v.row}: the group has voted again on this item since the sheet was made "
                f"(round {poll.round.number}); send a new sheet"
            )
            continue
        try:
            cast(doc, scale, v.participant, v.item, v.current, v.desired, v.comment, round_number=poll.round.number)
        except Refused as refused:
            why = {"closed": "voting on this item has closed", "deadline": "the survey's deadline has passed"}
            problems.append(
                f"{v.sheet}: row {v.row}: not taken: {why.get(refused.reason, refused.reason.replace('_', ' '))}"
            )
    return problems


def import_sheets(path: Path | str, sheets: list[Path | str]) -> int:
    """Read returned sheets into the assessment at ``path``: all of them, or (with any problem,
    raised as :class:`ValidationFailed`, one line each) none. Returns the number of votes stored."""
    opened = open_assessment(path)
    votes, problems = [], []
    owners: dict[str, Path] = {}
    for sheet in map(Path, sheets):
        found, wrong = read_sheet(sheet, opened)
        problems += wrong
        for v in found[:1]:
            if v.participant in owners:
                problems.append(f"{sheet}: participant '{v.participant}' has a sheet already ({owners[v.participant]})")
            owners.setdefault(v.participant, sheet)
        votes += found
    if not problems:
        trial = opened.doc.model_copy(deep=True)
        problems = _apply(trial, opened.scale, votes)
    if problems:
        raise ValidationFailed(opened.file.path, problems)

    def apply(doc: Assessment) -> Assessment:
        doc = doc.model_copy(deep=True)
        late = _apply(doc, opened.scale, votes)
        if late:
            raise ValidationFailed(opened.file.path, late)
        return Assessment.model_validate(doc.model_dump())

    opened.file.save_reconciled(apply(opened.doc), apply)
    return len(votes)

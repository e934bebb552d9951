"""A year in the life of the hospital example: the follow-ups tests and looks are made of.

Year 2 (March 2027) measures the KPIs, marks actions done, in progress and dropped, and
moves some levels; year 3 (March 2028) moves them again, so the timeline has three points.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assessment.document.followup import create_follow_up
from assessment.document.model import Measurement
from assessment.document.store import AssessmentFile

from .conftest import REPO

YEAR_2 = dt.date(2027, 3, 10)
YEAR_3 = dt.date(2028, 3, 8)

MEASURED = {  # KPI id -> (date, period, value)
    "k1": [
        (dt.date(2026, 9, 30), "september 2026", 52),
        (dt.date(2026, 12, 31), "december 2026", 61),
        (dt.date(2027, 2, 28), "februar 2027", 70),
    ],
    "k2": [(dt.date(2026, 12, 31), "december 2026", 2080), (dt.date(2027, 2, 28), "februar 2027", 2010)],
    "k3": [(dt.date(2027, 3, 31), "1. kvartal 2027", 1)],
    "k5": [(dt.date(2026, 11, 7), "", 4100), (dt.date(2027, 1, 16), "", 3900), (dt.date(2027, 2, 20), "", 4650)],
    "k6": [(dt.date(2026, 11, 7), "", 62), (dt.date(2027, 2, 20), "", 84)],
}
DEADLINES = {"k1": dt.date(2027, 12, 31), "k2": dt.date(2027, 6, 30), "k3": dt.date(2027, 12, 31)}
STATUS = {  # action id -> (status, date, note)
    "a1": ("done", dt.date(2026, 6, 12), "Godkendt i direktionen 12. juni 2026."),
    "a2": ("done", dt.date(2026, 5, 20), "Svartiden står på siden og i autosvaret."),
    "a3": ("done", dt.date(2026, 7, 1), ""),
    "a4": ("in_progress", dt.date(2026, 10, 1), "Udkast til husregler ligger hos den juridiske konsulent."),
    "a5": ("dropped", dt.date(2026, 9, 1), "Ingen midler i 2026; tages op igen ved budgettet for 2028."),
    "a7": ("done", dt.date(2026, 10, 3), "Planen bruges på det ugentlige redaktionsmøde."),
}
LEVELS_2 = {
    "purpose": (3, 4),
    "dialogue": (3, 4),
    "structure": (2, 3),
    "resources": (1, 3),
    "processes": (2, 4),
    "content": (3, 3),
}
LEVELS_3 = {
    "purpose": (4, 4),
    "dialogue": (3, 5),
    "structure": (3, 3),
    "resources": (2, 3),
    "processes": (3, 4),
    "content": (3, 4),
}


def _levels(path: Path, date: dt.date, levels: dict[str, tuple[int, int]], dialogue: tuple[int, int]) -> None:
    handle = AssessmentFile(path)
    doc = handle.load()
    doc.workshop.date = date
    doc.workshop.place = "Sygehus Vestkysten, mødelokale Klitten"
    doc.dialogue.current, doc.dialogue.desired = dialogue
    for r in doc.ratings:
        r.current, r.desired = levels[r.area]
    handle.save(doc)


def year_two(folder: Path, name: str = "hospital-2027.json") -> Path:
    """The hospital's follow-up a year on: measured, acted on, re-assessed."""
    path = folder / name
    create_follow_up(path, REPO / "examples" / "hospital-da.json", levels="previous")
    handle = AssessmentFile(path)
    doc = handle.load()
    for k in doc.kpis:
        k.deadline = DEADLINES.get(k.id)
        k.actuals = [
            Measurement(id=f"m{i}", date=d, period=p, value=v) for i, (d, p, v) in enumerate(MEASURED.get(k.id, []), 1)
        ]
    for a in doc.actions:
        if a.id in STATUS:
            a.status, a.status_date, a.status_note = STATUS[a.id]
    handle.save(doc)
    _levels(path, YEAR_2, LEVELS_2, (3, 4))
    return path


def year_three(folder: Path) -> Path:
    """A follow-up of the follow-up: three assessments, so the report draws a timeline."""
    path = folder / "hospital-2028.json"
    create_follow_up(path, year_two(folder), levels="empty")
    _levels(path, YEAR_3, LEVELS_3, (3, 5))
    return path

"""Starting next year's assessment from last year's: the follow-up of one organisation.

A follow-up carries over what the organisation decided (organisation, purposes, goals,
KPIs with their measurements, actions with their status) and keeps a snapshot of every
earlier assessment, so the comparison needs none of the old files afterwards. The levels
start empty or at the previous ones, as the consultant chooses; on a newer version of
the scale they are carried over only where the scale's mapping says what they became.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..data.scale import Scale, own_scale_file, resolve_scale
from ..data.scale_versions import NotComparable, ScaleHistory
from ..errors import AssessmentError
from ..files.filenames import safe_file_stem
from ..files.writing import check_output
from .context import Opened, is_file, save_new_beside_scale, scale_for
from .model import (
    Action,
    ActionStatus,
    Assessment,
    Dialogue,
    Measurement,
    Rating,
    ScaleRef,
    Snapshot,
    SnapshotLevels,
    SnapshotRating,
)
from .store import load

StartLevels = Literal["empty", "previous"]
CLOSED = ("done", "dropped")


def snapshot(doc: Assessment, file_name: str = "") -> Snapshot:
    """What a later comparison needs of ``doc``: its levels, date, scale and closed actions."""
    return Snapshot(
        id=doc.id,
        file=file_name,
        date=doc.workshop.date,
        scale=ScaleRef(id=doc.scale.id, version=doc.scale.version),
        dialogue=SnapshotLevels(current=doc.dialogue.current, desired=doc.dialogue.desired),
        ratings=[
            SnapshotRating(area=r.area, not_applicable=r.not_applicable, current=r.current, desired=r.desired)
            for r in doc.ratings
        ],
        closed_actions=[a.id for a in doc.actions if a.status in CLOSED],
    )


def chain(doc: Assessment, earlier: list[Snapshot]) -> list[Snapshot]:
    """``doc``'s history with ``earlier`` snapshots added (each id once), oldest first."""
    found = {s.id: s for s in earlier if s.id != doc.id}
    found.update({s.id: s for s in doc.history})
    return sorted(found.values(), key=lambda s: (s.date is None, s.date))


@dataclass(frozen=True)
class FollowUp:
    """The new document, and one line for each thing that could not be carried over as it was."""

    doc: Assessment
    notes: list[str]


def follow_up(
    previous: Assessment, scale: Scale, *, levels: StartLevels = "empty", previous_name: str = ""
) -> FollowUp:
    """Next year's assessment of ``previous``'s organisation, on ``scale`` (its newest version)."""
    if previous.scale.id != scale.id:
        raise AssessmentError(f"scale: the previous assessment uses '{previous.scale.id}', not '{scale.id}'")
    history = ScaleHistory(scale, previous.scale.version)
    if not history.known:
        raise AssessmentError(
            f"scale: the previous assessment uses version {previous.scale.version} of '{scale.id}', which version "
            f"{scale.version} neither is nor describes under previous_versions; its levels cannot be compared"
        )
    notes: list[str] = []
    actions = []
    for action in previous.actions:
        area = history.area(action.area) if action.area else None
        if action.area and area is None:
            notes.append(
                f"actions.{action.id}.area: '{action.area}' has no counterpart in version {scale.version}; "
                "the action is kept without an area"
            )
        actions.append(action.model_copy(update={"area": area}))
    kpis = [k.model_copy(update={"baseline_date": k.baseline_date or previous.workshop.date}) for k in previous.kpis]
    doc = Assessment(
        language=previous.language,
        scale=ScaleRef(id=scale.id, version=scale.version),
        organisation=previous.organisation,
        purposes=previous.purposes,
        goals=previous.goals,
        kpis=kpis,
        actions=actions,
        history=[*previous.history, snapshot(previous, previous_name)],
        **_start_levels(previous, history, levels, notes),
    )
    return FollowUp(doc, notes)


def _start_levels(previous: Assessment, history: ScaleHistory, levels: StartLevels, notes: list[str]) -> dict:
    ids = [a.id for a in history.scale.areas]
    if levels == "empty":
        return {"dialogue": Dialogue(), "ratings": [Rating(area=i) for i in ids]}
    old = {r.area: r for r in previous.ratings}
    current = history.areas({a: (None if r.not_applicable else r.current) for a, r in old.items()})
    desired = history.areas({a: (None if r.not_applicable else r.desired) for a, r in old.items()})
    ratings = []
    for area_id in ids:
        sources = [r for a, r in old.items() if history.area(a) == area_id]
        if sources and all(r.not_applicable for r in sources):
            ratings.append(Rating(area=area_id, not_applicable=True))
            continue
        for what, earlier in (("current", current[area_id]), ("desired", desired[area_id])):
            if earlier.problem is not None and earlier.problem.kind != "new":
                notes.append(
                    f"ratings.{area_id}.{what}: left empty: {describe(earlier.problem, history.scale.version)}"
                )
        ratings.append(Rating(area=area_id, current=current[area_id].level, desired=desired[area_id].level))
    dialogue = Dialogue()
    for what in ("current", "desired"):
        earlier = history.level(getattr(previous.dialogue, what))
        if earlier.problem is not None:
            notes.append(f"dialogue.{what}: left empty: {describe(earlier.problem, history.scale.version)}")
        setattr(dialogue, what, earlier.level)
    return {"dialogue": dialogue, "ratings": ratings}


def describe(problem: NotComparable, version: str) -> str:
    """One plain English line for the command line (the outputs say it in the user's language)."""
    if problem.kind == "merged":
        levels = ", ".join(f"{old} {'not rated' if n is None else n}" for old, n in problem.sources)
        return f"areas merged in version {version} had different levels in version {problem.version} ({levels})"
    if problem.kind == "level":
        return f"level {problem.level} of version {problem.version} has no single counterpart in version {version}"
    if problem.kind == "new":
        return f"the area is new in version {version}"
    return f"version {problem.version} is not described by version {version} of the scale"


def follow_up_stem(previous: Assessment) -> str:
    """``sygehus-vestkysten-2027``: a follow-up's file name, the organisation's and this year."""
    return f"{safe_file_stem(previous.organisation.name)}-{dt.date.today().year}"


def create_follow_up(
    path: Path | str, previous_path: Path | str, *, levels: StartLevels = "empty", scale_id_or_path: str | None = None
) -> tuple[Opened, list[str]]:
    """Write a new assessment file at ``path`` that follows up the one at ``previous_path``.

    The previous file is read without checking it against today's scale: it may have been
    made on an earlier version, which the new scale's mapping translates.
    """
    path, previous_path = check_output(Path(path)), Path(previous_path)
    previous = load(previous_path)
    scale_file = None
    if scale_id_or_path is not None:
        scale = resolve_scale(scale_id_or_path)
        scale_file = Path(scale_id_or_path) if is_file(scale_id_or_path) else None
    elif previous.scale.source:
        scale = scale_for(previous, previous_path.parent)
        scale_file = own_scale_file(previous.scale.source, previous_path.parent)
    else:
        scale = resolve_scale(previous.scale.id)
    made = follow_up(previous, scale, levels=levels, previous_name=previous_path.name)
    return save_new_beside_scale(path, made.doc, scale, scale_file), made.notes


def with_earlier(opened: Opened, paths: Sequence[Path | str]) -> Opened:
    """``opened`` with the assessments in ``paths`` added to its history (in memory only): for
    files that were made separately rather than as follow-ups of one another."""
    earlier = [snapshot(load(path), Path(path).name) for path in paths]
    doc = opened.doc.model_copy(update={"history": chain(opened.doc, earlier)})
    return dataclasses.replace(opened, doc=doc)


def add_measurement(
    doc: Assessment, kpi_id: str, day: dt.date, value: float, period: str = "", note: str = ""
) -> Measurement:
    """Record a KPI's measured value in ``doc`` (in memory; the caller saves)."""
    kpi = next((k for k in doc.kpis if k.id == kpi_id), None)
    if kpi is None:
        raise AssessmentError(f"kpis: no KPI '{kpi_id}' (known: {', '.join(k.id for k in doc.kpis) or 'none'})")
    taken = {m.id for m in kpi.actuals}
    number = next(n for n in range(1, len(taken) + 2) if f"m{n}" not in taken)
    measured = Measurement(id=f"m{number}", date=day, period=period, value=value, note=note)
    kpi.actuals = sorted([*kpi.actuals, measured], key=lambda m: m.date)
    return measured


def set_action_status(
    doc: Assessment, action_id: str, status: ActionStatus, day: dt.date | None = None, note: str | None = None
) -> Action:
    """Give an action of ``doc`` a status, with the day it changed and a note (kept if None)."""
    action = next((a for a in doc.actions if a.id == action_id), None)
    if action is None:
        raise AssessmentError(
            f"actions: no action '{action_id}' (known: {', '.join(a.id for a in doc.actions) or 'none'})"
        )
    action.status = status
    action.status_date = day
    if note is not None:
        action.status_note = note
    return action

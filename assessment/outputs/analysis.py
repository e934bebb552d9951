"""What the result views and the report derive from the answers: gaps, the dialogue move,
priorities and the action plan by phase (who may be named: :mod:`assessment.document.privacy`).

The notebooks, the PDF, the exports and the CLI all read these, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.i18n import format_number, t
from ..data.scale import Level
from ..document.context import Opened
from ..document.model import Action, Kpi
from ..errors import AssessmentError
from .spread import group_medians


@dataclass(frozen=True)
class GapRow:
    area_id: str
    name: str
    current: int | None
    desired: int | None
    not_applicable: bool
    notes: str
    evidence: str

    @property
    def gap(self) -> int | None:
        if self.not_applicable or self.current is None or self.desired is None:
            return None
        return self.desired - self.current


def gap_rows(opened: Opened) -> list[GapRow]:
    """One row per area of the scale, largest gap first; unrated and not applicable last."""
    lang = opened.lang
    rows = []
    for area in opened.scale.areas:
        r = opened.doc.rating(area.id)
        rows.append(
            GapRow(
                area_id=area.id,
                name=area.name(lang),
                current=r.current if r else None,
                desired=r.desired if r else None,
                not_applicable=bool(r and r.not_applicable),
                notes=r.notes if r else "",
                evidence=r.evidence if r else "",
            )
        )
    order = {a.id: i for i, a in enumerate(opened.scale.areas)}
    return sorted(rows, key=lambda row: (row.gap is None, -(row.gap or 0), order[row.area_id]))


def largest_gaps(opened: Opened, count: int = 3) -> list[GapRow]:
    """The areas with the largest positive gaps, at most ``count``."""
    return [row for row in gap_rows(opened) if row.gap is not None and row.gap > 0][:count]


def vote_medians(opened: Opened) -> dict[str, tuple[float | None, float | None]]:
    """The group's median current and desired vote per area (a third series for the radar),
    under the workshop's k rule (:mod:`assessment.outputs.spread`)."""
    return group_medians(opened)


def dialogue_move(opened: Opened) -> list[Level]:
    """The levels the organisation must pass through, from current to desired dialogue level."""
    d = opened.doc.dialogue
    if d.current is None or d.desired is None:
        return []
    return opened.scale.steps(d.current, d.desired)


def caveated_levels(opened: Opened, numbers: list[int | None]) -> list[Level]:
    """The levels among ``numbers`` that carry a caveat the user must see."""
    chosen = {n for n in numbers if n is not None}
    return [lv for lv in opened.scale.levels if lv.caveat is not None and lv.level in chosen]


def chosen_levels(opened: Opened) -> list[int | None]:
    """Every level chosen anywhere in the assessment (dialogue and areas)."""
    d = opened.doc.dialogue
    found: list[int | None] = [d.current, d.desired]
    for r in opened.doc.ratings:
        found += [r.current, r.desired]
    return found


def purposes_by_priority(opened: Opened) -> list[tuple[str, str, str]]:
    """(purpose text, priority id, priority name), highest priority first, own purposes included."""
    lang, cat = opened.lang, opened.catalogue
    rank = {pid: i for i, pid in enumerate(cat.ids("priorities"))}
    rows = [(cat.name("purposes", p.id, lang), p.priority) for p in opened.doc.purposes.chosen]
    rows += [(p.text, p.priority) for p in opened.doc.purposes.own]
    rows.sort(key=lambda row: rank.get(row[1], len(rank)))
    return [(text, pid, cat.name("priorities", pid, lang)) for text, pid in rows]


def target_text(kpi: Kpi, lang: str) -> str:
    """``mindst 200 klik pr. måned`` — the target as a reader says it."""
    value = t(lang, f"direction.{kpi.direction}", value=format_number(kpi.target, lang))
    return f"{value} {kpi.unit}"


def goal_label(opened: Opened, goal_id: str) -> str:
    """A goal's number as the KPI table shows it: objectives 1, 2, 3 …; effect goals 1.1, 1.2 …"""
    goals = opened.doc.goals
    objectives = [g for g in goals if g.kind == "objective"]
    for i, g in enumerate(objectives, start=1):
        if g.id == goal_id:
            return str(i)
        children = [e for e in goals if e.kind == "effect" and e.objective == g.id]
        for j, e in enumerate(children, start=1):
            if e.id == goal_id:
                return f"{i}.{j}"
    loose = [g for g in goals if g.kind == "effect" and g.objective is None]
    for j, g in enumerate(loose, start=len(objectives) + 1):
        if g.id == goal_id:
            return str(j)
    return goal_id


def actions_by_phase(opened: Opened) -> list[tuple[str, list[Action]]]:
    """(phase name, actions by due date) in the catalogue's phase order, empty phases left out."""
    lang = opened.lang
    result = []
    for phase in opened.catalogue.phases:
        items = [a for a in opened.doc.actions if a.phase == phase.id]
        if items:
            items.sort(key=lambda a: (a.due is None, a.due))
            result.append((phase.name(lang), items))
    return result


def previous_levels(opened: Opened, previous: Opened) -> dict[str, float | None]:
    """A previous assessment's current level per area, for the radar's third series; it
    must be on the same scale, or the rings would mean different things."""
    if previous.scale.id != opened.scale.id:
        raise AssessmentError(
            f"{previous.file.path}: scale: uses '{previous.scale.id}', but the assessment uses '{opened.scale.id}'"
        )
    result: dict[str, float | None] = {}
    for area in opened.scale.areas:
        r = previous.doc.rating(area.id)
        result[area.id] = None if r is None or r.not_applicable else r.current
    return result

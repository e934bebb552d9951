"""What changed since the organisation's earlier assessments: levels then and now, the
timeline over three or more, and the actions done since last time.

Reads the snapshots a follow-up keeps (``doc.history``), never the old files, and reads
them through the scale's version mapping, so a newer scale version compares where it
can and says why where it cannot.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..data.scale_versions import Earlier, ScaleHistory
from ..document.context import Opened
from ..document.model import Action, Snapshot

TIMELINE_MIN = 3  # assessments, counting the current one


@dataclass(frozen=True)
class AreaChange:
    area_id: str
    name: str
    then_current: Earlier
    then_desired: Earlier
    now_current: int | None
    now_desired: int | None
    now_not_applicable: bool

    @property
    def change(self) -> int | None:
        """Current level now minus then, where both are known and comparable."""
        then = self.then_current
        if self.now_not_applicable or then.problem or then.level is None or self.now_current is None:
            return None
        return self.now_current - then.level


@dataclass(frozen=True)
class Progress:
    """The current assessment beside the one it follows up."""

    previous: Snapshot
    history: ScaleHistory
    areas: list[AreaChange]
    dialogue_current: Earlier
    dialogue_desired: Earlier
    dropped: list[str]  # names of earlier areas this version of the scale no longer has


def earlier_areas(history: ScaleHistory, snap: Snapshot, which: str) -> dict[str, Earlier]:
    """One earlier snapshot's current or desired level per area of today's scale."""
    return history.areas({r.area: (None if r.not_applicable else getattr(r, which)) for r in snap.ratings})


def progress(opened: Opened) -> Progress | None:
    """Then and now, or None for an assessment that follows up none."""
    if not opened.doc.history:
        return None
    previous = opened.doc.history[-1]
    history = ScaleHistory(opened.scale, previous.scale.version)
    then_current = earlier_areas(history, previous, "current")
    then_desired = earlier_areas(history, previous, "desired")
    areas = []
    for area in opened.scale.areas:
        r = opened.doc.rating(area.id)
        areas.append(
            AreaChange(
                area.id,
                area.name(opened.lang),
                then_current[area.id],
                then_desired[area.id],
                None if r is None else r.current,
                None if r is None else r.desired,
                bool(r and r.not_applicable),
            )
        )
    dropped = [history.old_name(old, opened.lang) for old in history.dropped([r.area for r in previous.ratings])]
    return Progress(
        previous,
        history,
        areas,
        history.level(previous.dialogue.current),
        history.level(previous.dialogue.desired),
        dropped,
    )


@dataclass(frozen=True)
class TimelinePoint:
    """One assessment on the timeline: its date, and its levels in today's scale's terms."""

    date: dt.date | None
    dialogue: Earlier
    current: dict[str, Earlier]
    desired: dict[str, Earlier]


def timeline(opened: Opened) -> list[TimelinePoint]:
    """Every assessment of the organisation, oldest first, once there are at least three."""
    if len(opened.doc.history) + 1 < TIMELINE_MIN:
        return []
    points = []
    for snap in opened.doc.history:
        history = ScaleHistory(opened.scale, snap.scale.version)
        points.append(
            TimelinePoint(
                snap.date,
                history.level(snap.dialogue.current),
                earlier_areas(history, snap, "current"),
                earlier_areas(history, snap, "desired"),
            )
        )
    doc = opened.doc
    now = {r.area: r for r in doc.ratings}

    def level(area_id: str, which: str) -> Earlier:
        r = now.get(area_id)
        return Earlier(None if r is None or r.not_applicable else getattr(r, which))

    ids = [a.id for a in opened.scale.areas]
    points.append(
        TimelinePoint(
            doc.workshop.date,
            Earlier(doc.dialogue.current),
            {i: level(i, "current") for i in ids},
            {i: level(i, "desired") for i in ids},
        )
    )
    return points


def done_since_last_time(opened: Opened) -> list[Action]:
    """Actions done since the previous assessment (all done ones when there is none), by date."""
    previous = opened.doc.history[-1] if opened.doc.history else None
    found = []
    for a in opened.doc.actions:
        if a.status != "done":
            continue
        if previous is not None and (
            a.id in previous.closed_actions
            or (a.status_date is not None and previous.date is not None and a.status_date <= previous.date)
        ):
            continue
        found.append(a)
    return sorted(found, key=lambda a: (a.status_date is None, a.status_date))


def action_counts(opened: Opened) -> Counter[str]:
    """How many actions have each status."""
    return Counter(a.status for a in opened.doc.actions)

"""Opening an assessment rated on an earlier version of its scale.

A scale describes its earlier versions under ``previous_versions`` (renamed, merged or
dropped areas, renumbered levels; :mod:`assessment.data.scale_versions`). An assessment
rated on one of them opens on the new version when the mapping moves every answer it
holds without loss: renamed areas move to their new id (their actions with them), levels
get their new numbers, and the assessment records the version it is now read on. Where an
answer has no single counterpart (an area merged with another rated one, a dropped area,
a split level) nothing is guessed: the file cannot be opened on the new version, and the
message says to start a follow-up, which compares what can be compared. A version the
scale does not describe is left as it is.
"""

from __future__ import annotations

from ..data.scale import Scale
from ..data.scale_versions import ScaleHistory, VersionMapping
from ..errors import AssessmentError
from .model import Assessment, Rating

AREA = "area:"  # a poll's item key for an area (workshop.items)


def upgrade_to(doc: Assessment, scale: Scale) -> Assessment:
    """``doc`` read on ``scale``; the same object, changed in place, when an upgrade applies."""
    if doc.scale.id != scale.id or doc.scale.version == scale.version:
        return doc
    history = ScaleHistory(scale, doc.scale.version)
    mapping = history.mapping
    if mapping is None:
        return doc
    ids = [a.id for a in scale.areas]
    lost: list[str] = []
    new_ids: dict[str, str] = {}
    for rating in doc.ratings:
        rated = rating.current is not None or rating.desired is not None
        target = mapping.area(rating.area, ids)
        if target is None:
            if rated:
                lost.append(rating.area)
            continue
        if target in new_ids.values() and rated:
            lost.append(rating.area)
        new_ids[rating.area] = target
        for level in (rating.current, rating.desired):
            if level is not None and mapping.level(level, scale.numbers) is None:
                lost.append(f"{rating.area} ({level})")
    for action in doc.actions:
        if action.area is not None and mapping.area(action.area, ids) is None:
            lost.append(action.area)
    for level in (doc.dialogue.current, doc.dialogue.desired):
        if level is not None and mapping.level(level, scale.numbers) is None:
            lost.append(f"dialogue ({level})")
    lost += _room_losses(doc, mapping, ids, scale.numbers)
    if lost:
        raise AssessmentError(
            f"scale: rated on version {doc.scale.version} of '{scale.id}', which version {scale.version} changed "
            f"where these answers would go: {', '.join(dict.fromkeys(lost))}; start a follow-up on the new version "
            "(assessment new --from FILE), which compares what can be compared"
        )
    kept: list[Rating] = []
    for rating in doc.ratings:
        if rating.area not in new_ids:
            continue  # an unrated area the new version dropped
        rating.area = new_ids[rating.area]
        rating.current = None if rating.current is None else mapping.level(rating.current, scale.numbers)
        rating.desired = None if rating.desired is None else mapping.level(rating.desired, scale.numbers)
        if rating.area not in {r.area for r in kept}:
            kept.append(rating)
    doc.ratings = kept
    for action in doc.actions:
        if action.area is not None:
            action.area = mapping.area(action.area, ids)
    d = doc.dialogue
    d.current = None if d.current is None else mapping.level(d.current, scale.numbers)
    d.desired = None if d.desired is None else mapping.level(d.desired, scale.numbers)
    for poll in doc.room.polls:  # the workshop room: items named by area, votes by level
        if poll.item.startswith(AREA):
            poll.item = AREA + (mapping.area(poll.item.removeprefix(AREA), ids) or "")
        for vote in (v for r in poll.rounds for v in r.votes):
            vote.current = None if vote.current is None else mapping.level(vote.current, scale.numbers)
            vote.desired = None if vote.desired is None else mapping.level(vote.desired, scale.numbers)
    doc.scale.version = scale.version
    return doc


def _room_losses(doc: Assessment, mapping: VersionMapping, ids: list[str], numbers: list[int]) -> list[str]:
    """The workshop's votes the new version has no single place for: an area dropped or
    merged into another voted one, a level split."""
    lost, targets = [], set()
    for poll in doc.room.polls:
        target = mapping.area(poll.item.removeprefix(AREA), ids) if poll.item.startswith(AREA) else poll.item
        if target is None or target in targets:
            lost.append(f"{poll.item} (votes)")
        targets.add(target)
        for vote in (v for r in poll.rounds for v in r.votes):
            for level in (vote.current, vote.desired):
                if level is not None and mapping.level(level, numbers) is None:
                    lost.append(f"{poll.item} (votes at {level})")
    return lost

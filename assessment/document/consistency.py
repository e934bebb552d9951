"""Checks of an assessment against the scale and catalogue it uses.

The model alone cannot know that a level is out of range or an area id unknown: that
depends on the scale, which is data. Each problem is ``(field.path, message)``.
"""

from __future__ import annotations

from ..data.catalogue import Catalogue
from ..data.scale import Scale
from .model import Assessment

Problem = tuple[str, str]


def problems(doc: Assessment, scale: Scale, catalogue: Catalogue) -> list[Problem]:
    """Everything in ``doc`` that does not fit ``scale`` and ``catalogue``."""
    found: list[Problem] = []
    top = len(scale.levels)

    def level(path: str, value: int | None) -> None:
        if value is not None and not 1 <= value <= top:
            found.append((path, f"level {value} is outside the scale '{scale.id}' (1–{top})"))

    def known(path: str, value: str | None, ids: list[str], what: str) -> None:
        if value is not None and value not in ids:
            found.append((path, f"unknown {what} '{value}' (known: {', '.join(ids)})"))

    if doc.scale.id != scale.id:
        found.append(("scale.id", f"assessment uses scale '{doc.scale.id}', but scale '{scale.id}' was given"))
    if doc.language not in scale.languages:
        found.append(
            ("language", f"'{doc.language}' is not one of the scale's languages ({', '.join(scale.languages)})")
        )
    known("organisation.type", doc.organisation.type, catalogue.ids("organisation_types"), "organisation type")
    for i, ch in enumerate(doc.organisation.channels):
        known(f"organisation.channels.{i}", ch, catalogue.ids("channels"), "channel")
    for i, tg in enumerate(doc.organisation.target_groups):
        known(f"organisation.target_groups.{i}", tg, catalogue.ids("target_groups"), "target group")
    priorities = catalogue.ids("priorities")
    for i, p in enumerate(doc.purposes.chosen):
        known(f"purposes.chosen.{i}.id", p.id, catalogue.ids("purposes"), "purpose")
        known(f"purposes.chosen.{i}.priority", p.priority, priorities, "priority")
    for i, own in enumerate(doc.purposes.own):
        known(f"purposes.own.{i}.priority", own.priority, priorities, "priority")
    for i, k in enumerate(doc.kpis):
        known(f"kpis.{i}.suggestion", k.suggestion, catalogue.ids("kpis"), "KPI suggestion")
    level("dialogue.current", doc.dialogue.current)
    level("dialogue.desired", doc.dialogue.desired)
    area_ids = [a.id for a in scale.areas]
    for i, r in enumerate(doc.ratings):
        known(f"ratings.{i}.area", r.area, area_ids, "area")
        level(f"ratings.{i}.current", r.current)
        level(f"ratings.{i}.desired", r.desired)
    items = ["dialogue", *(f"area:{a}" for a in area_ids)]
    for poll in doc.room.polls:
        known(f"room.polls.{poll.item}.item", poll.item, items, "item")
        for vote_round in poll.rounds:
            for v in vote_round.votes:
                where = f"room.polls.{poll.item}.rounds.{vote_round.number}.votes.{v.voter}"
                level(f"{where}.current", v.current)
                level(f"{where}.desired", v.desired)
    for i, a in enumerate(doc.actions):
        known(f"actions.{i}.area", a.area, area_ids, "area")
        known(f"actions.{i}.phase", a.phase, catalogue.ids("phases"), "phase")
    for field in ("accessibility", "involvement_levels"):
        for i, item in enumerate(getattr(doc.strategy, field)):
            known(f"strategy.{field}.{i}", item, catalogue.ids(field), field.replace("_", " ").removesuffix("s"))
    return found

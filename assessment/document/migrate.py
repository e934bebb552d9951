"""Bringing documents written by older versions of the workbook up to the current schema.

Each step takes the raw JSON of version N and returns version N+1, so a file from any
older release opens. A file from a newer release is refused rather than guessed at.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from .model import SCHEMA_VERSION

Raw = dict[str, Any]


def _v1_to_v2(doc: Raw) -> Raw:
    """Version 1 (the 2026 pilot) kept purposes as a list of ids (no priorities), ratings as
    a mapping by area with 0 meaning not applicable, a single ``goal`` per KPI, and had no
    participant votes or KPI direction (every target was a floor)."""
    out = {k: v for k, v in doc.items() if k not in {"purposes", "ratings", "kpis", "social_purpose", "challenges"}}
    out["schema_version"] = 2
    out["purposes"] = {
        "chosen": [{"id": pid, "priority": "medium"} for pid in doc.get("purposes", [])],
        "own": [],
        "social_purpose": doc.get("social_purpose", ""),
        "challenges": doc.get("challenges", []),
    }
    out["ratings"] = [
        {
            "area": area,
            **{k: v for k, v in rating.items() if k in {"current", "desired", "notes", "evidence"}},
            "not_applicable": rating.get("current") == 0,
            "votes": [],
        }
        for area, rating in doc.get("ratings", {}).items()
    ]
    for r in out["ratings"]:
        if r["not_applicable"]:
            r["current"] = r["desired"] = None
    out["kpis"] = [
        {
            **{k: v for k, v in kpi.items() if k != "goal"},
            "goals": [kpi["goal"]],
            "direction": kpi.get("direction", "at_least"),
        }
        for kpi in doc.get("kpis", [])
    ]
    return out


def _v2_to_v3(doc: Raw) -> Raw:
    """Version 3 adds ``strategy`` (position, style and tone, accessibility, involvement
    levels, roadmap); a version 2 file had none of it, so it starts empty."""
    return {**doc, "schema_version": 3, "strategy": doc.get("strategy", {})}


def derived_id(doc: Raw) -> str:
    """An id for a file written before assessments had one: taken from its content, so every
    reading of the same unsaved file gives the same id (a random one would change each time)."""
    canonical = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _v3_to_v4(doc: Raw) -> Raw:
    """Version 3 had no id, no earlier assessments, no KPI measurements and no action status;
    what is new has defaults, so only the id and the version change."""
    return {**doc, "schema_version": 4, "id": derived_id(doc)}


def _v4_to_v5(doc: Raw) -> Raw:
    """Versions 2 to 4 kept the participants' votes on each area's rating (``ratings[].votes``,
    one per participant, no round, no time). Version 5 keeps every vote in the workshop room,
    per item and round, for the dialogue level too: each area's votes become round 1 of its
    poll, shown (revealed) as they were, since the group had already seen and discussed them."""
    out = {**doc, "schema_version": 5, "ratings": []}
    polls = []
    for rating in doc.get("ratings", []):
        votes = rating.get("votes", [])
        out["ratings"].append({k: v for k, v in rating.items() if k != "votes"})
        if votes:
            polls.append(
                {
                    "item": f"area:{rating['area']}",
                    "state": "revealed",
                    "rounds": [
                        {
                            "number": 1,
                            "votes": [
                                {"voter": v["participant"], "current": v.get("current"), "desired": v.get("desired")}
                                for v in votes
                            ],
                        }
                    ],
                }
            )
    room = doc.get("room", {})  # none in a version 4 file; kept if a newer one was relabelled
    out["room"] = {**room, "polls": [*room.get("polls", []), *polls]}
    return out


def _v5_to_v6(doc: Raw) -> Raw:
    """Version 6 keeps rows begun but not finished (``drafts``) and the levels an area had
    before it was marked not applicable (``ratings[].set_aside``). A version 5 file dropped
    both, so it has none: only the version changes and the list starts empty."""
    return {**doc, "schema_version": 6, "drafts": doc.get("drafts", [])}


STEPS: dict[int, Callable[[Raw], Raw]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6}


class TooNew(Exception):
    pass


def migrate(doc: Raw) -> Raw:
    """``doc`` at the current schema version; raises :class:`TooNew` for a future version."""
    version = doc.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError("schema_version must be a whole number")
    if version > SCHEMA_VERSION:
        raise TooNew(version)
    while version < SCHEMA_VERSION:
        if version not in STEPS:
            raise ValueError(f"schema_version {version} is not one this program can read")
        doc = STEPS[version](doc)
        version = doc["schema_version"]
    return doc

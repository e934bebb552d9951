"""Bringing documents written by older versions of the workbook up to the current schema.

Each step takes the raw JSON of version N and returns version N+1, so a file from any
older release opens. A file from a newer release is refused rather than guessed at.
"""
from __future__ import annotations

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
        {"area": area, **{k: v for k, v in rating.items() if k in {"current", "desired", "notes", "evidence"}},
         "not_applicable": rating.get("current") == 0, "votes": []}
        for area, rating in doc.get("ratings", {}).items()
    ]
    for r in out["ratings"]:
        if r["not_applicable"]:
            r["current"] = r["desired"] = None
    out["kpis"] = [
        {**{k: v for k, v in kpi.items() if k != "goal"}, "goals": [kpi["goal"]],
         "direction": kpi.get("direction", "at_least")}
        for kpi in doc.get("kpis", [])
    ]
    return out


STEPS: dict[int, Callable[[Raw], Raw]] = {1: _v1_to_v2}


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

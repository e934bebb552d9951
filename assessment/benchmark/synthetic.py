"""Synthetic assessments for trying the benchmark and measuring it: no real organisation.

Each file is one of the shipped examples (so it has a real file's size and shape) with a
new id, a made-up organisation, made-up people and levels drawn around a typical level
for its type. Names are built from syllables, so they belong to nobody.
"""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any

from ..data.paths import examples_dir

FIRST = ("Vester", "Øster", "Nørre", "Sønder", "Kilde", "Fjord", "Skov", "Lyng", "Å", "Mose", "Bakke", "Klint", "Hav")
LAST = ("by", "lund", "holm", "vig", "strup", "rød", "bjerg", "dal", "sted", "løse", "høj", "næs")
GIVEN = ("Ane", "Bo", "Cille", "Dorte", "Emil", "Frida", "Gustav", "Hanne", "Ivar", "Jette", "Kaj", "Lise", "Mads")
FAMILY = ("Aagaard", "Brix", "Dahl", "Ebbesen", "Fog", "Grum", "Hjort", "Krag", "Lund", "Munk", "Rask", "Storm")
#: organisation type -> (share of the files, typical current level)
TYPES = {
    "municipality": (0.45, 2),
    "hospital": (0.25, 2),
    "region": (0.08, 3),
    "patient_organisation": (0.12, 2),
    "national_body": (0.05, 3),
    "other": (0.05, 2),
}


def fictional_place(rng: random.Random) -> str:
    return rng.choice(FIRST) + rng.choice(LAST)


def fictional_person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _templates() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(examples_dir().glob("*.json"))]


def _level(rng: random.Random, around: int, top: int) -> int:
    return max(1, min(top, around + rng.choice((-1, 0, 0, 0, 1))))


def synthetic_assessment(rng: random.Random, template: dict[str, Any], org_type: str, top: int = 5) -> dict[str, Any]:
    """``template`` made into a fictional organisation of ``org_type`` with levels drawn for it."""
    doc = json.loads(json.dumps(template))
    place = fictional_place(rng)
    doc["id"] = uuid.UUID(int=rng.getrandbits(128), version=4).hex
    doc["organisation"]["name"] = f"{place} {org_type.replace('_', ' ').title()} {rng.randrange(1000)}"
    doc["organisation"]["type"] = org_type
    doc["workshop"]["facilitator"] = f"{fictional_person(rng)}, {fictional_place(rng)} Kommunikation"
    for p in doc["participants"]:
        p["name"] = fictional_person(rng)
    typical = TYPES.get(org_type, (0, 2))[1]
    current = _level(rng, typical, top)
    doc["dialogue"]["current"], doc["dialogue"]["desired"] = current, min(top, current + rng.choice((0, 1, 1, 2)))
    for r in doc["ratings"]:
        if r["not_applicable"]:
            continue
        r["current"] = _level(rng, typical, top)
        r["desired"] = min(top, r["current"] + rng.choice((0, 1, 1, 2)))
        r["votes"] = []
    return doc


def write_synthetic(folder: Path, count: int, *, seed: int = 1, types: dict[str, int] | None = None) -> list[Path]:
    """Write ``count`` synthetic assessments into ``folder`` (or exactly ``types``' counts by type)."""
    rng = random.Random(seed)
    templates = _templates()
    folder.mkdir(parents=True, exist_ok=True)
    if types is None:
        kinds = rng.choices(list(TYPES), weights=[share for share, _ in TYPES.values()], k=count)
    else:
        kinds = [t for t, n in types.items() for _ in range(n)]
    paths = []
    for i, org_type in enumerate(kinds):
        doc = synthetic_assessment(rng, templates[i % len(templates)], org_type)
        path = folder / f"assessment-{i:05d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths

"""The assessment document: everything a workshop decides, as one versioned model.

The model checks what it can alone (types, required fields, unique ids, internal
references). What depends on the scale and catalogue (level ranges, area ids, purpose
ids) is checked by :func:`assessment.consistency.problems` against the scale in use.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .text import Id, Lang

SCHEMA_VERSION = 2

Name = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]
FreeText = Annotated[str, StringConstraints(max_length=100_000)]
LevelNo = Annotated[int, Field(ge=1, le=10)]
# NaN and infinity would be written as null and the saved file would no longer load.
Number = Annotated[float, Field(allow_inf_nan=False)]


class Part(BaseModel):
    """Base for document parts: unknown keys are errors; assignments are validated too."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class ScaleRef(Part):
    id: Id
    version: Name
    source: str | None = Field(
        default=None, description="Path of a consultant's own scale file, relative to the assessment file."
    )


class Organisation(Part):
    name: Name
    type: Id = Field(description="An organisation type id from the catalogue.")
    unit: FreeText = ""
    channels: list[Id] = Field(default_factory=list, description="Channel ids from the catalogue.")
    own_channels: list[Name] = Field(default_factory=list)
    target_groups: list[Id] = Field(default_factory=list, description="Target group ids from the catalogue.")
    own_target_groups: list[Name] = Field(default_factory=list)


class Workshop(Part):
    date: dt.date | None = None
    place: FreeText = ""
    facilitator: FreeText = ""


class Participant(Part):
    id: Id
    name: Name
    role: FreeText = ""
    consent_to_be_named: bool = Field(description="Only then may outputs show the name; otherwise the role.")


class ChosenPurpose(Part):
    id: Id = Field(description="A purpose id from the catalogue.")
    priority: Id = Field(description="A priority id from the catalogue.")


class OwnPurpose(Part):
    id: Id
    text: Name
    priority: Id


class Purposes(Part):
    chosen: list[ChosenPurpose] = Field(default_factory=list)
    own: list[OwnPurpose] = Field(default_factory=list)
    social_purpose: FreeText = ""
    challenges: list[Name] = Field(default_factory=list)


class Goal(Part):
    id: Id
    kind: Literal["objective", "effect"] = Field(description="Objective (målsætning) or effect goal (effektmål).")
    text: Name
    objective: Id | None = Field(default=None, description="For an effect goal: the objective it serves.")


class Kpi(Part):
    id: Id
    name: Name
    scope: Literal["overall", "post"]
    metric: Name
    unit: Name
    baseline: Number | None = None
    target: Number
    direction: Literal["at_least", "at_most"]
    period: FreeText = ""
    goals: list[Id] = Field(min_length=1, description="Ids of the goals this KPI measures.")
    suggestion: Id | None = Field(default=None, description="The catalogue suggestion it came from, if any.")


class Dialogue(Part):
    current: LevelNo | None = None
    desired: LevelNo | None = None
    rationale: FreeText = ""


class Vote(Part):
    participant: Id
    current: LevelNo | None = None
    desired: LevelNo | None = None


class Rating(Part):
    area: Id
    not_applicable: bool = False
    current: LevelNo | None = None
    desired: LevelNo | None = None
    notes: FreeText = ""
    evidence: FreeText = ""
    votes: list[Vote] = Field(default_factory=list)

    @model_validator(mode="after")
    def _not_applicable_has_no_levels(self) -> Rating:
        if self.not_applicable and (self.current is not None or self.desired is not None):
            raise ValueError("an area marked not applicable cannot also have a current or desired level")
        return self

    @property
    def gap(self) -> int | None:
        if self.not_applicable or self.current is None or self.desired is None:
            return None
        return self.desired - self.current


class Action(Part):
    id: Id
    what: Name
    area: Id | None = Field(default=None, description="The area it moves, if one.")
    owner: FreeText = ""
    due: dt.date | None = None
    phase: Id = Field(description="A phase id from the catalogue.")


class Assessment(Part):
    """One organisation's assessment: the document saved as one JSON file."""

    schema_version: Literal[2] = SCHEMA_VERSION
    language: Lang
    scale: ScaleRef
    organisation: Organisation
    workshop: Workshop = Field(default_factory=Workshop)
    participants: list[Participant] = Field(default_factory=list)
    purposes: Purposes = Field(default_factory=Purposes)
    goals: list[Goal] = Field(default_factory=list)
    kpis: list[Kpi] = Field(default_factory=list)
    dialogue: Dialogue = Field(default_factory=Dialogue)
    ratings: list[Rating] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    updated_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _ids_unique_and_references_known(self) -> Assessment:
        for field, ids in (
            ("participants", [p.id for p in self.participants]),
            ("purposes.own", [p.id for p in self.purposes.own]),
            ("goals", [g.id for g in self.goals]),
            ("kpis", [k.id for k in self.kpis]),
            ("ratings", [r.area for r in self.ratings]),
            ("actions", [a.id for a in self.actions]),
        ):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{field}: duplicate id {', '.join(dupes)}")
        goal_ids = {g.id for g in self.goals}
        objective_ids = {g.id for g in self.goals if g.kind == "objective"}
        for g in self.goals:
            if g.objective is not None and g.objective not in objective_ids:
                raise ValueError(f"goals.{g.id}.objective: '{g.objective}' is not an objective in this assessment")
        for k in self.kpis:
            unknown = [gid for gid in k.goals if gid not in goal_ids]
            if unknown:
                raise ValueError(f"kpis.{k.id}.goals: unknown goal {', '.join(unknown)}")
        people = {p.id for p in self.participants}
        for r in self.ratings:
            for v in r.votes:
                if v.participant not in people:
                    raise ValueError(f"ratings.{r.area}.votes: unknown participant '{v.participant}'")
        return self

    def rating(self, area_id: str) -> Rating | None:
        return next((r for r in self.ratings if r.area == area_id), None)

"""The assessment document: everything a workshop decides, as one versioned model.

The model checks what it can alone (types, required fields, unique ids, internal
references). What depends on the scale and catalogue (level ranges, area ids, purpose
ids) is checked by :func:`assessment.consistency.problems` against the scale in use.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StringConstraints, model_validator

from ..data.printable import Printable
from ..data.text import Id, Lang

SCHEMA_VERSION: Final = 6

Name = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True), Printable]
FreeText = Annotated[str, StringConstraints(max_length=100_000), Printable]
# Strict: JSON's true is not level 1, nor "3" a number; a number is a number.
LevelNo = Annotated[int, Field(ge=1, le=10, strict=True)]
# NaN and infinity would be written as null and the saved file would no longer load; beyond
# a thousand million million no count, share or amount a KPI measures is meant.
MAX_NUMBER = 10**15
Number = Annotated[float, Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER, strict=True)]
#: An assessment's own id: random, never reused, so a follow-up can name the file it follows.
AssessmentId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]


def new_assessment_id() -> str:
    return uuid.uuid4().hex


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
    consent_to_be_named: StrictBool = Field(description="Only then may outputs show the name; otherwise the role.")


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


class Measurement(Part):
    """A KPI's measured value: the follow-up compares it with the baseline and the target."""

    id: Id
    date: dt.date = Field(description="The day measured, or the last day of the period the value covers.")
    period: FreeText = Field(default="", description="The period as the organisation names it, e.g. 'marts 2027'.")
    value: Number
    note: FreeText = ""


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
    baseline_date: dt.date | None = Field(default=None, description="When the baseline was measured.")
    deadline: dt.date | None = Field(default=None, description="When the target should be reached.")
    actuals: list[Measurement] = Field(default_factory=list, description="Measured values, for the follow-up.")


class Dialogue(Part):
    current: LevelNo | None = None
    desired: LevelNo | None = None
    rationale: FreeText = ""


class SnapshotLevels(Part):
    current: LevelNo | None = None
    desired: LevelNo | None = None


class Rating(Part):
    area: Id
    not_applicable: StrictBool = False
    current: LevelNo | None = None
    desired: LevelNo | None = None
    notes: FreeText = ""
    evidence: FreeText = ""
    set_aside: SnapshotLevels | None = Field(
        default=None,
        description="The levels the area had when it was marked not applicable: given back when it is "
        "unmarked, and counted nowhere meanwhile.",
    )

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


#: A value in a draft row: text as typed, a choice, a tick, the ids of several choices.
DraftValue = StrictBool | Number | FreeText | list[FreeText] | None


class Draft(Part):
    """A row begun but not finished (a KPI whose baseline comes later, a goal half written):
    kept so that nothing typed is lost, and counted by no chart, report or export until it
    is complete and becomes an item of its list."""

    id: Id = Field(description="The id the item gets when complete (unique among drafts).")
    table: Id = Field(description="The list it belongs to: kpi, objective, effect, action, participant, challenge …")
    data: dict[Id, DraftValue] = Field(default_factory=dict, description="What was typed or chosen, field by field.")


ActionStatus = Literal["not_started", "in_progress", "done", "dropped"]


class Action(Part):
    id: Id
    what: Name
    area: Id | None = Field(default=None, description="The area it moves, if one.")
    owner: FreeText = ""
    due: dt.date | None = None
    phase: Id = Field(description="A phase id from the catalogue.")
    status: ActionStatus = "not_started"
    status_date: dt.date | None = Field(default=None, description="When the status last changed.")
    status_note: FreeText = ""


class SnapshotRating(SnapshotLevels):
    area: Id
    not_applicable: StrictBool = False


class Snapshot(Part):
    """An earlier assessment of the same organisation, as much of it as a comparison needs: kept
    in the follow-up, so the comparison does not depend on the old file staying where it was."""

    id: AssessmentId
    file: FreeText = Field(default="", description="The earlier file's name when the follow-up was made.")
    date: dt.date | None = Field(default=None, description="Its workshop date.")
    scale: ScaleRef
    dialogue: SnapshotLevels = Field(default_factory=SnapshotLevels)
    ratings: list[SnapshotRating] = Field(default_factory=list)
    closed_actions: list[Id] = Field(default_factory=list, description="Actions done or dropped by then.")


class RoadmapStep(Part):
    id: Id
    period: Name = Field(description="When, in the organisation's own words: '2027', 'first half of 2027' …")
    what: FreeText = ""


class Strategy(Part):
    """What a written strategy holds beyond purposes and goals: the organisation's position,
    style and tone, accessibility, the user involvement it means, and a roadmap by period."""

    position: FreeText = Field(default="", description="What only this organisation can do, or does best.")
    style_and_tone: FreeText = ""
    accessibility: list[Id] = Field(default_factory=list, description="Accessibility practice ids from the catalogue.")
    accessibility_notes: FreeText = ""
    involvement_levels: list[Id] = Field(default_factory=list, description="Involvement level ids from the catalogue.")
    roadmap: list[RoadmapStep] = Field(default_factory=list)


# --- The workshop room: every participant's vote per item, from phones, sheets or the consultant.

#: An item the group votes on: the dialogue level, or one area (``area:<area id>``).
ItemKey = Annotated[str, StringConstraints(pattern=r"^(dialogue|area:[a-z][a-z0-9_-]{0,63})$")]
Comment = Annotated[str, StringConstraints(max_length=1000)]
Secret = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{20,128}$")]
Stamp = dt.datetime | None


class Vote(Part):
    """One voter's answer in one round. A level left empty is the voter's "don't know"."""

    voter: Id = Field(description="A participant's id, or an anonymous voter's pseudonym (see Room.voters).")
    current: LevelNo | None = None
    desired: LevelNo | None = None
    comment: Comment = ""
    cast_at: Stamp = None


class Round(Part):
    """One round of voting on an item; a re-vote starts the next and keeps this one as the trail."""

    number: int = Field(ge=1)
    opened_at: Stamp = None
    revealed_at: Stamp = None
    votes: list[Vote] = Field(default_factory=list)


class Poll(Part):
    """An item put to the room: its rounds, and what the group agreed after seeing the spread.
    The agreed levels themselves are the item's answer (``dialogue`` or the area's rating)."""

    item: ItemKey
    state: Literal["open", "revealed", "locked"] = Field(
        description="open: phones may vote, nobody sees the votes; revealed: the spread is shown, voting closed; "
        "locked: the group agreed and the item is done."
    )
    rounds: list[Round] = Field(min_length=1)
    reasoning: FreeText = ""
    dissent: FreeText = ""
    locked_at: Stamp = None

    @property
    def round(self) -> Round:
        """The latest round: the one phones vote in and the outputs count."""
        return self.rounds[-1]


class Voter(Part):
    """Someone who joined from a phone: a participant, or an anonymous voter whose random
    pseudonym (``anon-…``) identifies no one."""

    id: Id
    anonymous: bool = False
    lang: Lang | None = Field(default=None, description="The language chosen on the phone.")
    joined_at: Stamp = None


class Room(Part):
    """The workshop room: its settings, who joined, and every item put to the vote.

    The room's open/revealed/locked states live here so that the vote server and the
    consultant's kernel (two writers of one file) agree on them."""

    k: int = Field(default=3, ge=1, le=100, description="A spread is shown only when at least k people voted.")
    token: Secret | None = Field(default=None, description="The secret in the join link; never in an output.")
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z2-9]{4}$")] | None = Field(
        default=None, description="The four characters typed at the short address instead of scanning."
    )
    secret: Secret | None = Field(default=None, description="Signs the phones' cookies; never in an output.")
    run: Id | None = Field(default=None, description="The vote server serving the room now; cleared to stop it.")
    survey_until: Stamp = Field(default=None, description="A survey's deadline: no vote is taken after it.")
    voters: list[Voter] = Field(default_factory=list)
    polls: list[Poll] = Field(default_factory=list)

    def poll(self, item: str) -> Poll | None:
        return next((p for p in self.polls if p.item == item), None)

    def check_voters(self, participants: set[str]) -> None:
        """Every vote is a participant's or a registered anonymous voter's, each once per round."""
        for field, ids in (("room.voters", [v.id for v in self.voters]), ("room.polls", [p.item for p in self.polls])):
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{field}: duplicate id {', '.join(dupes)}")
        for v in self.voters:
            if v.anonymous == (v.id in participants):
                what = "is a participant's id" if v.anonymous else "is no participant's id"
                raise ValueError(f"room.voters.{v.id}: {'an anonymous' if v.anonymous else 'a named'} voter {what}")
        known = participants | {v.id for v in self.voters if v.anonymous}
        for p in self.polls:
            numbers = [r.number for r in p.rounds]
            if numbers != list(range(1, len(numbers) + 1)):
                raise ValueError(f"room.polls.{p.item}.rounds: rounds must be numbered 1, 2, 3 … in order")
            for r in p.rounds:
                ids = [v.voter for v in r.votes]
                for voter in ids:
                    if voter not in known:
                        raise ValueError(f"room.polls.{p.item}.rounds.{r.number}.votes: unknown voter '{voter}'")
                if len(set(ids)) != len(ids):
                    raise ValueError(f"room.polls.{p.item}.rounds.{r.number}.votes: a voter votes once per round")


class Assessment(Part):
    """One organisation's assessment: the document saved as one JSON file."""

    schema_version: Literal[6] = SCHEMA_VERSION
    id: AssessmentId = Field(default_factory=new_assessment_id)
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
    strategy: Strategy = Field(default_factory=Strategy)
    history: list[Snapshot] = Field(
        default_factory=list,
        description="Earlier assessments of the organisation, oldest first; the last is the one this follows up.",
    )
    room: Room = Field(default_factory=Room, description="The workshop room: phones' votes per item, its settings.")
    drafts: list[Draft] = Field(default_factory=list, description="Rows begun but not finished, in no output.")
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
            ("strategy.roadmap", [step.id for step in self.strategy.roadmap]),
            ("history", [h.id for h in self.history] + [self.id]),
            ("drafts", [d.id for d in self.drafts]),
            *((f"kpis.{k.id}.actuals", [m.id for m in k.actuals]) for k in self.kpis),
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
        self.room.check_voters({p.id for p in self.participants})
        return self

    def rating(self, area_id: str) -> Rating | None:
        return next((r for r in self.ratings if r.area == area_id), None)

    def in_room(self, participant_id: str) -> bool:
        """Whether the participant joined from a phone or has a vote anywhere (then they cannot
        simply be removed: their votes would belong to no one)."""
        return any(v.id == participant_id for v in self.room.voters) or any(
            v.voter == participant_id for poll in self.room.polls for r in poll.rounds for v in r.votes
        )

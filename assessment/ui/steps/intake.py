"""Step 1b, the intake: who the organisation is, its channels and target groups, and the
workshop (date, place, facilitator, participants with their consent to be named)."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...document.model import Assessment, Participant
from ..state.session import Session
from ..widgets.fields import Choice, Flag, bind, catalogue_options, date, many, put, text
from ..widgets.rows import RowSpec, RowTable, text_list
from ..widgets.style import columns, heading, para
from ..widgets.view import View


def _participant_in_use(doc: Assessment, item: Participant) -> str | None:
    return "ui.error.participant_in_use" if doc.in_room(item.id) else None


def participants_table(session: Session) -> RowTable:
    """Participants with role and consent; only those who consent are ever named in outputs."""
    t = session.t

    def fields(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": text(
                session, "dmw-participant-name", t("field.name"), data.get("name", ""), required="ui.error.name"
            ),
            "role": text(session, "dmw-participant-role", t("field.role"), data.get("role", "")),
            "consent": Flag("dmw-participant-consent", t("field.consent"), data.get("consent", False)),
        }

    def make(data: dict[str, Any]) -> Participant:
        return Participant(id=data["id"], name=data["name"], role=data["role"], consent_to_be_named=data["consent"])

    return RowTable(
        session,
        RowSpec(
            name="participant",
            read=lambda doc: doc.participants,
            write=put("participants"),
            fields=fields,
            make=make,
            dump=lambda p: {**p.model_dump(), "consent": p.consent_to_be_named},
            add_label="ui.intake.add_participant",
            id_prefix="p",
            taken=lambda doc: {p.id for p in doc.participants},
            guard=_participant_in_use,
            flex={"name": "2 1 12em", "role": "3 1 14em", "consent": "0 0 13em"},
        ),
    )


class IntakeView(View):
    """The organisation and the workshop."""

    name = "intake"
    title_key = "section.intake"
    intro_key = "ui.intake.intro"
    sections = frozenset({"organisation", "workshop", "participants"})

    def build(self) -> list[W.Widget]:
        s, t, doc = self.session, self.t, self.session.doc
        org, ws = doc.organisation, doc.workshop
        org_fields = [
            bind(
                s,
                text(s, "dmw-org-name", t("field.organisation"), org.name, required="ui.error.org_name"),
                put("organisation.name"),
            ),
            bind(
                s,
                Choice(
                    "dmw-org-type", t("field.organisation_type"), catalogue_options(s, "organisation_types"), org.type
                ),
                put("organisation.type"),
            ),
            bind(s, text(s, "dmw-org-unit", t("field.unit"), org.unit), put("organisation.unit")),
        ]
        workshop_fields = [
            bind(s, date(s, "dmw-workshop-date", t("field.workshop_date"), ws.date), put("workshop.date")),
            bind(s, text(s, "dmw-workshop-place", t("field.place"), ws.place), put("workshop.place")),
            bind(
                s,
                text(s, "dmw-workshop-facilitator", t("field.facilitator"), ws.facilitator),
                put("workshop.facilitator"),
            ),
        ]
        channels = bind(
            s,
            many(s, "dmw-channels", t("field.channels"), catalogue_options(s, "channels"), org.channels),
            put("organisation.channels"),
        )
        groups = bind(
            s,
            many(
                s,
                "dmw-target-groups",
                t("field.target_groups"),
                catalogue_options(s, "target_groups"),
                org.target_groups,
            ),
            put("organisation.target_groups"),
        )
        own_channels = text_list(
            s,
            "own-channel",
            t("ui.intake.own_channel"),
            lambda d: d.organisation.own_channels,
            put("organisation.own_channels"),
            "ui.intake.add_own_channel",
        )
        own_groups = text_list(
            s,
            "own-target-group",
            t("ui.intake.own_target_group"),
            lambda d: d.organisation.own_target_groups,
            put("organisation.own_target_groups"),
            "ui.intake.add_own_target_group",
        )
        return [
            heading(t("ui.intake.organisation")),
            columns([f.widget(flex="1 1 16em") for f in org_fields]),
            channels.widget(),
            own_channels.box,
            groups.widget(),
            own_groups.box,
            heading(t("ui.intake.workshop")),
            columns([f.widget(flex="1 1 14em") for f in workshop_fields]),
            heading(t("field.participants")),
            para(t("ui.intake.consent_help"), "dmw-help"),
            participants_table(s).box,
        ]

"""Step 2, purpose: why the organisation is on social media (the catalogue's general
purposes with a priority, and its own), the social purpose, and the challenges to solve."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...document.model import ChosenPurpose, OwnPurpose
from ..state.session import Session
from ..widgets.fields import Choice, Flag, bind, catalogue_options, put, text
from ..widgets.rows import RowSpec, RowTable, text_list
from ..widgets.style import heading, para, shared
from ..widgets.view import View, show_view


def own_purposes_table(session: Session) -> RowTable:
    t = session.t
    priorities = catalogue_options(session, "priorities")

    def fields(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "text": text(
                session,
                "dmw-own-purpose-text",
                t("field.own_purpose"),
                data.get("text", ""),
                required="ui.error.required",
                rows=2,
            ),
            "priority": Choice("dmw-own-purpose-priority", t("field.priority"), priorities, data.get("priority")),
        }

    return RowTable(
        session,
        RowSpec(
            name="own-purpose",
            read=lambda doc: doc.purposes.own,
            write=put("purposes.own"),
            fields=fields,
            make=OwnPurpose.model_validate,
            dump=OwnPurpose.model_dump,
            add_label="ui.purpose.add_own",
            id_prefix="own",
            taken=lambda doc: {p.id for p in doc.purposes.own},
            seed={"priority": _middle(priorities)},
            flex={"text": "4 1 20em", "priority": "0 0 10em"},
        ),
    )


def _middle(options: list[tuple[str, str]]) -> str:
    """The default priority of a new choice: the middle one (medium), not a claim of 'high'."""
    return options[len(options) // 2][1]


class PurposeView(View):
    """The eight general purposes as choices with a priority, and the organisation's own."""

    name = "purpose"
    title_key = "section.purpose"
    intro_key = "ui.purpose.intro"
    sections = frozenset({"purposes"})

    def build(self) -> list[W.Widget]:
        s, t, doc = self.session, self.t, self.session.doc
        chosen = {p.id: p.priority for p in doc.purposes.chosen}
        priorities = catalogue_options(s, "priorities")
        self.picks: list[tuple[str, Flag, Choice]] = []
        lines: list[W.Widget] = []
        for item in s.opened.catalogue.purposes:
            flag = Flag(f"dmw-purpose-{item.id}", item.name(s.lang), item.id in chosen)
            priority = Choice(
                f"dmw-purpose-{item.id}-priority",
                t("field.priority"),
                priorities,
                chosen.get(item.id, _middle(priorities)),
            )
            priority.control.disabled = item.id not in chosen
            for f in (flag, priority):
                f.watch(self._save_chosen)
            self.picks.append((item.id, flag, priority))
            about = para(item.description(s.lang), "dmw-help", "dmw-choice-help") if item.description else para("")
            lines.append(
                W.HBox(
                    [
                        W.VBox([flag.widget(), about], layout=shared(W.Layout, flex="3 1 20em")),
                        priority.widget(labelled=False, flex="0 0 10em"),
                    ],
                    # the priority under the purpose on a phone, not squeezing its words into a column
                    layout=shared(
                        W.Layout, width="100%", grid_gap="4px 12px", align_items="flex-start", flex_flow="row wrap"
                    ),
                )
            )
            lines[-1].add_class("dmw-row")
        social = bind(
            s,
            text(
                s,
                "dmw-social-purpose",
                t("field.social_purpose"),
                doc.purposes.social_purpose,
                rows=4,
                placeholder=t("ui.purpose.social_hint"),
            ),
            put("purposes.social_purpose"),
        )
        challenges = text_list(
            s,
            "challenge",
            t("ui.purpose.challenge"),
            lambda d: d.purposes.challenges,
            put("purposes.challenges"),
            "ui.purpose.add_challenge",
            rows=2,  # a challenge is a sentence or two: it wraps
        )
        return [
            heading(t("ui.purpose.general")),
            para(t("ui.purpose.general_help"), "dmw-help"),
            *lines,
            heading(t("ui.purpose.own")),
            own_purposes_table(s).box,
            heading(t("field.social_purpose")),
            social.widget(labelled=False),
            heading(t("field.challenges")),
            challenges.box,
        ]

    def _save_chosen(self) -> None:
        chosen = []
        for purpose_id, flag, priority in self.picks:
            priority.control.disabled = not flag.control.value
            if flag.control.value:
                chosen.append(ChosenPurpose(id=purpose_id, priority=priority.read()[1]))
        self.session.change(lambda doc: put("purposes.chosen")(doc, chosen))


def show() -> None:
    show_view(PurposeView)

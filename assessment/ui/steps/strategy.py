"""The strategy: what a written strategy holds beyond purposes and goals (the organisation's
position, style and tone, accessibility, the user involvement it means, and a roadmap by
period). The reports show each part where it fits their flow, and only once filled in."""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from ...document.model import RoadmapStep
from ..state.session import Session
from ..widgets.fields import Flag, bind, put, text
from ..widgets.rows import RowSpec, RowTable
from ..widgets.style import heading, para, shared
from ..widgets.view import View, show_view


def roadmap_table(session: Session) -> RowTable:
    """The roadmap: a period in the organisation's own words, and what is in place by then."""
    t = session.t

    def fields(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "period": text(
                session, "dmw-roadmap-period", t("field.period"), data.get("period", ""), required="ui.error.required"
            ),
            "what": text(session, "dmw-roadmap-what", t("field.roadmap_what"), data.get("what", ""), rows=2),
        }

    return RowTable(
        session,
        RowSpec(
            name="roadmap",
            read=lambda doc: doc.strategy.roadmap,
            write=put("strategy.roadmap"),
            fields=fields,
            make=RoadmapStep.model_validate,
            dump=RoadmapStep.model_dump,
            add_label="ui.strategy.add_step",
            id_prefix="r",
            taken=lambda doc: {step.id for step in doc.strategy.roadmap},
            flex={"period": "0 0 12em", "what": "4 1 20em"},
        ),
    )


class StrategyView(View):
    """Position, style and tone, accessibility, involvement and the roadmap."""

    name = "strategy"
    title_key = "section.strategy"
    intro_key = "ui.strategy.intro"
    sections = frozenset({"strategy"})

    def build(self) -> list[W.Widget]:
        s, t, st = self.session, self.t, self.session.doc.strategy
        position = bind(
            s,
            text(
                s,
                "dmw-strategy-position",
                t("field.position"),
                st.position,
                rows=3,
                placeholder=t("ui.strategy.position_hint"),
            ),
            put("strategy.position"),
        )
        style = bind(
            s,
            text(
                s,
                "dmw-strategy-style",
                t("field.style_tone"),
                st.style_and_tone,
                rows=3,
                placeholder=t("ui.strategy.style_hint"),
            ),
            put("strategy.style_and_tone"),
        )
        accessibility = self._choices("dmw-strategy-accessibility", "accessibility", st.accessibility)
        notes = bind(
            s,
            text(s, "dmw-strategy-accessibility-notes", t("field.notes"), st.accessibility_notes, rows=2),
            put("strategy.accessibility_notes"),
        )
        involvement = self._choices("dmw-strategy-involvement", "involvement_levels", st.involvement_levels)
        return [
            heading(t("field.position")),
            position.widget(labelled=False),
            heading(t("field.style_tone")),
            style.widget(labelled=False),
            heading(t("field.accessibility")),
            para(t("ui.strategy.accessibility_help"), "dmw-help"),
            accessibility,
            notes.widget(),
            heading(t("field.involvement_levels")),
            para(t("ui.strategy.involvement_help"), "dmw-help"),
            involvement,
            heading(t("field.roadmap")),
            para(t("ui.strategy.roadmap_help"), "dmw-help"),
            roadmap_table(s).box,
        ]

    def _choices(self, css: str, kind: str, chosen: list[str]) -> W.VBox:
        """A checkbox per item of a catalogue list, with what it means under it, as the
        purposes are chosen; the ticked ones are saved at once, in the catalogue's order."""
        s = self.session
        flags: list[tuple[str, Flag]] = []
        lines: list[W.Widget] = []
        for item in getattr(s.opened.catalogue, kind):
            flag = Flag(f"{css}-{item.id}", item.name(s.lang), item.id in chosen)
            flags.append((item.id, flag))
            about = para(item.description(s.lang), "dmw-help", "dmw-choice-help") if item.description else para("")
            lines.append(W.VBox([flag.widget(), about], layout=shared(W.Layout, width="100%")))
            lines[-1].add_class("dmw-row")

        def save() -> None:
            ticked = [item_id for item_id, flag in flags if flag.control.value]
            s.change(lambda doc: put(f"strategy.{kind}")(doc, ticked))

        for _, flag in flags:
            flag.watch(s.guard(f"saving {css}", save))
        box = W.VBox(lines, layout=shared(W.Layout, width="100%"))
        box.add_class(css)
        return box


def show() -> None:
    show_view(StrategyView)

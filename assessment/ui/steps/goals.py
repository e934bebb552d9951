"""Step 3, goals and KPIs: objectives, effect goals serving them, and KPIs each linked to
at least one goal, with the catalogue's suggestions one click away."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as W

from ...document.model import Assessment, Goal, Kpi
from ...outputs.analysis import goal_label
from ..state.session import Sections, Session
from ..widgets.fields import Choice, Many, many, number, put, text
from ..widgets.rows import RowSpec, RowTable
from ..widgets.style import heading, html, para, shared, styled
from ..widgets.view import View, show_view
from .followup import KpiMeasurements

SHORT = 60  # characters of a goal's text in a dropdown


def _of_kind(doc: Assessment, kind: str) -> list[Goal]:
    return [g for g in doc.goals if g.kind == kind]


def _goal_in_use(doc: Assessment, goal: Goal) -> str | None:
    used = any(goal.id in k.goals for k in doc.kpis) or any(g.objective == goal.id for g in doc.goals)
    return "ui.error.goal_in_use" if used else None


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def goals_table(session: Session, kind: str) -> RowTable:
    """Objectives, or effect goals with the objective they serve; both kept in ``doc.goals``."""
    t = session.t

    def fields(data: dict[str, Any]) -> dict[str, Any]:
        found = {
            "text": text(
                session,
                f"dmw-{kind}-text",
                t(f"field.{'objective' if kind == 'objective' else 'effect_goal'}"),
                data.get("text", ""),
                required="ui.error.required",
                rows=2,
            )
        }
        if kind == "effect":
            found["objective"] = Choice(
                "dmw-effect-objective", t("ui.goals.serves"), objective_options(session), data.get("objective")
            )
        return found

    def write(doc: Assessment, items: list[Goal]) -> None:
        objectives = items if kind == "objective" else _of_kind(doc, "objective")
        effects = items if kind == "effect" else _of_kind(doc, "effect")
        doc.goals = [*objectives, *effects]

    return RowTable(
        session,
        RowSpec(
            name=kind,
            read=lambda doc: _of_kind(doc, kind),
            write=write,
            fields=fields,
            make=Goal.model_validate,
            dump=Goal.model_dump,
            seed={"kind": kind},
            add_label=f"ui.goals.add_{kind}",
            id_prefix="g",
            taken=lambda doc: {g.id for g in doc.goals},
            guard=_goal_in_use,
            flex={"text": "3 1 24em", "objective": "1 1 30em"},  # room for a 60-character goal
            number=lambda doc, goal_id: goal_label(session.opened, goal_id),
        ),
    )


def objective_options(session: Session) -> list[tuple[str, str | None]]:
    objectives = [
        (f"{goal_label(session.opened, g.id)}. {_short(g.text)}", g.id) for g in _of_kind(session.doc, "objective")
    ]
    return [(session.t("ui.goals.no_objective"), None), *objectives]


def goal_choices(session: Session) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The goals a KPI can be linked to, by their number and words (``1.1 Flere svar …``), as
    the goal lists above number them; the whole text as a tip."""
    goals = session.doc.goals
    numbered = sorted(((goal_label(session.opened, g.id), g) for g in goals), key=lambda pair: _in_order(pair[0]))
    return [(f"{label} {_short(g.text)}", g.id) for label, g in numbered], {g.id: g.text for g in goals}


def _in_order(label: str) -> tuple[int, ...]:
    """1, 1.1, 1.2, 2 … : each objective followed by its effect goals."""
    parts = label.split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else (1 << 30,)


def kpi_table(session: Session) -> RowTable:
    t = session.t
    scopes = [(t("scope.overall"), "overall"), (t("scope.post"), "post")]
    directions = [(t("ui.kpi.at_least"), "at_least"), (t("ui.kpi.at_most"), "at_most")]

    def fields(data: dict[str, Any]) -> dict[str, Any]:
        options, tips = goal_choices(session)
        return {
            "name": text(session, "dmw-kpi-name", t("field.kpi"), data.get("name", ""), required="ui.error.kpi_name"),
            "scope": Choice("dmw-kpi-scope", t("field.scope"), scopes, data.get("scope", "overall")),
            "metric": text(
                session, "dmw-kpi-metric", t("field.metric"), data.get("metric", ""), required="ui.error.metric", rows=2
            ),
            "unit": text(
                session, "dmw-kpi-unit", t("field.unit_of_measure"), data.get("unit", ""), required="ui.error.unit"
            ),
            "direction": Choice(
                "dmw-kpi-direction", t("ui.kpi.direction"), directions, data.get("direction", "at_least")
            ),
            "baseline": number(session, "dmw-kpi-baseline", t("field.baseline"), data.get("baseline")),
            "target": number(
                session, "dmw-kpi-target", t("field.target"), data.get("target"), required="ui.error.target"
            ),
            "period": text(session, "dmw-kpi-period", t("field.period"), data.get("period", "")),
            "goals": many(
                session,
                "dmw-kpi-goals",
                t("field.linked_goal"),
                options,
                data.get("goals", []),
                required="ui.error.kpi_goals",
                tips=tips,
                width="26em",
            ),
        }

    return RowTable(
        session,
        RowSpec(
            name="kpi",
            read=lambda doc: doc.kpis,
            write=put("kpis"),
            fields=fields,
            make=Kpi.model_validate,
            dump=Kpi.model_dump,
            add_label="ui.kpi.add",
            id_prefix="k",
            taken=lambda doc: {k.id for k in doc.kpis},
            card_title="ui.kpi.card",
            flex={
                "name": "2 1 16em",
                "scope": "1 1 10em",
                "metric": "4 1 24em",
                "unit": "1 1 10em",
                "direction": "1 1 9em",
                "baseline": "1 1 8em",
                "target": "1 1 8em",
                "period": "2 1 12em",
                "goals": "1 1 100%",
            },
        ),
    )


class GoalsView(View):
    """Objectives, effect goals and the KPI table."""

    name = "goals"
    title_key = "section.goals"
    intro_key = "ui.goals.intro"
    sections = frozenset({"goals", "kpis"})

    def build(self) -> list[W.Widget]:
        s, t = self.session, self.t
        self.effects = goals_table(s, "effect")
        self.kpis = kpi_table(s)
        self.measurements = KpiMeasurements(s)
        self.objectives = goals_table(s, "objective")
        return [
            heading(t("ui.goals.objectives")),
            para(t("ui.goals.objectives_help"), "dmw-help"),
            self.objectives.box,
            heading(t("ui.goals.effects")),
            para(t("ui.goals.effects_help"), "dmw-help"),
            self.effects.box,
            heading(t("ui.kpi.title")),
            para(t("ui.kpi.help"), "dmw-help"),
            self._suggestions(),
            self.kpis.box,
            self.measurements.box,
        ]

    def _suggestions(self) -> W.VBox:
        """One button per catalogue KPI, by scope: a click adds it as a row to fill in."""
        s, t = self.session, self.t
        lines: list[W.Widget] = [html(f'<span class="dmw-label">{escape(t("ui.kpi.suggestions"))}</span>')]
        for scope in ("overall", "post"):
            chips: list[W.Widget] = [html(f"<span class='dmw-help'>{escape(t(f'scope.{scope}'))}:</span>")]
            chips[0].layout = shared(W.Layout, width="7em")
            for item in s.opened.catalogue.kpis:
                if item.scope == scope:
                    chip = styled(
                        W.Button,
                        description=item.name(s.lang),
                        tooltip=item.tip(s.lang),
                        layout=shared(W.Layout, width="auto"),
                    )
                    chip.add_class(f"dmw-kpi-suggest-{item.id}")
                    chip.on_click(
                        lambda _b, item=item: self.kpis.add(
                            {
                                "name": item.name(s.lang),
                                "metric": item.metric(s.lang),
                                "unit": item.unit(s.lang),
                                "scope": item.scope,
                                "direction": item.direction,
                                "suggestion": item.id,
                            }
                        )
                    )
                    chips.append(chip)
            lines.append(
                W.Box(
                    chips, layout=shared(W.Layout, display="flex", flex_flow="row wrap", grid_gap="4px", width="100%")
                )
            )
        return W.VBox(lines, layout=shared(W.Layout, width="100%"))

    def refresh(self, sections: Sections) -> None:
        """Goals renamed, added or removed: offer the new ones to effect goals and KPIs."""
        if "kpis" in sections:
            self.measurements.refresh()
        if "goals" not in sections:
            return
        for table in (self.objectives, self.effects):
            table.renumber()
        options, tips = goal_choices(self.session)
        for f in self.kpis.each("goals", Many):
            f.set_options(options, tips)
        for choice in self.effects.each("objective", Choice):
            choice.set_options(objective_options(self.session))


def show() -> None:
    show_view(GoalsView)

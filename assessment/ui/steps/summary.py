"""Step 6, the result: the radar, the gaps largest first, the dialogue move, the action
plan, and the exports (PDF report, Excel) for the organisation to take home."""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as W

from ...document.model import Action
from ...outputs.analysis import chosen_levels, dialogue_move, gap_rows
from ..state.session import Sections, Session
from ..widgets.chart import Radar
from ..widgets.fields import Choice, catalogue_options, date, put, text
from ..widgets.levels import caveat_boxes
from ..widgets.rows import RowSpec, RowTable
from ..widgets.style import heading, html, shared
from ..widgets.view import View, show_view
from .exports import export_panel
from .followup import ActionStatuses


def _level(session: Session, number: int | None) -> str:
    if number is None:
        return session.t("level.none")
    return f"{number} · {session.opened.scale.level(number).name(session.lang)}"


def gap_table(session: Session) -> str:
    """Areas by gap, largest first; not applicable and unrated areas last."""
    t = session.t
    rows = []
    for row in gap_rows(session.opened):
        if row.not_applicable:
            gap = t("field.not_applicable")
        elif row.gap is None:
            gap = t("ui.summary.not_rated")
        else:
            gap = f"{row.gap:+d}" if row.gap else "0"
        rows.append(
            f'<tr class="dmw-gap-{row.area_id}"><td>{escape(row.name)}</td>'
            f"<td>{escape(_level(session, row.current))}</td>"
            f"<td>{escape(_level(session, row.desired))}</td><td><b>{escape(gap)}</b></td></tr>"
        )
    columns = ("field.area", "field.current_level", "field.desired_level", "field.gap")
    head = "".join(f"<th>{escape(t(key))}</th>" for key in columns)
    # focusable and named: on a narrow screen it scrolls sideways, by keyboard too
    return (
        f'<div class="dmw-table" tabindex="0" role="region" aria-label="{escape(t("ui.summary.gaps"))}">'
        f"<table><tr>{head}</tr>{''.join(rows)}</table></div>"
    )


def move_text(session: Session) -> str:
    """From the current to the desired dialogue level, and the levels in between."""
    d, t = session.doc.dialogue, session.t
    line = (
        f"<p><b>{escape(t('field.current_level'))}:</b> {escape(_level(session, d.current))} → "
        f"<b>{escape(t('field.desired_level'))}:</b> {escape(_level(session, d.desired))}</p>"
    )
    steps = [
        escape(t("ui.dialogue.step", number=lv.level, name=lv.name(session.lang)))
        for lv in dialogue_move(session.opened)
    ]
    return line + (f"<ul>{''.join(f'<li>{s}</li>' for s in steps)}</ul>" if steps else "")


def actions_table(session: Session) -> RowTable:
    t = session.t
    areas = [(t("ui.summary.no_area"), None), *((a.name(session.lang), a.id) for a in session.opened.scale.areas)]
    phases = catalogue_options(session, "phases")

    def fields(data: dict[str, Any]) -> dict[str, Any]:
        return {
            "what": text(
                session, "dmw-action-what", t("field.action"), data.get("what", ""), required="ui.error.action", rows=2
            ),
            "area": Choice("dmw-action-area", t("field.area"), areas, data.get("area")),
            # a name and a role, wrapped rather than cut off
            "owner": text(session, "dmw-action-owner", t("field.owner"), data.get("owner", ""), rows=2),
            "due": date(session, "dmw-action-due", t("field.due"), data.get("due")),
            "phase": Choice("dmw-action-phase", t("field.phase"), phases, data.get("phase")),
        }

    return RowTable(
        session,
        RowSpec(
            name="action",
            read=lambda doc: doc.actions,
            write=put("actions"),
            fields=fields,
            make=Action.model_validate,
            dump=Action.model_dump,
            add_label="ui.summary.add_action",
            id_prefix="a",
            taken=lambda doc: {a.id for a in doc.actions},
            seed={"phase": phases[0][1]},
            flex={"what": "4 1 18em", "area": "2 1 10em", "owner": "2 1 10em", "due": "0 1 8em", "phase": "1 1 7em"},
        ),
    )


class SummaryView(View):
    """The result of the workshop, and the plan that follows from it."""

    name = "summary"
    title_key = "section.summary"
    intro_key = "ui.summary.intro"
    sections = frozenset({"actions"})

    def build(self) -> list[W.Widget]:
        t = self.t
        self.radar = Radar(self.session, "dmw-summary-radar", boxed=lambda: chosen_levels(self.session.opened))
        self.gaps = html("", "dmw-gap-table")
        self.move = html("", "dmw-summary-move")
        self.caveats = html("", "dmw-caveats")
        self.statuses = ActionStatuses(self.session)
        self._draw()
        return [
            W.Box(
                [
                    W.VBox([self.radar.box], layout=shared(W.Layout, flex="1 1 24em", min_width="0")),
                    W.VBox(
                        [heading(t("ui.summary.gaps")), self.gaps, heading(t("ui.summary.move")), self.move],
                        # the gap table's four columns whole, else below the chart (150 % zoom)
                        layout=shared(W.Layout, flex="1 1 44em", min_width="0"),
                    ),
                ],
                layout=shared(W.Layout, display="flex", flex_flow="row wrap", grid_gap="16px", width="100%"),
            ),
            self.caveats,
            heading(t("ui.summary.actions")),
            actions_table(self.session).box,
            self.statuses.box,
            *export_panel(self.session),
        ]

    def _draw(self) -> None:
        self.gaps.value = gap_table(self.session)
        self.move.value = move_text(self.session)
        self.caveats.value = caveat_boxes(self.session, chosen_levels(self.session.opened))

    def refresh(self, sections: Sections) -> None:
        if "actions" in sections:
            self.statuses.refresh()
        if sections & {"ratings", "dialogue"}:
            self._draw()
            self.radar.draw()


def show() -> None:
    show_view(SummaryView)

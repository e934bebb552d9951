"""Step 4, the dialogue scale: every level side by side, the current and desired level,
what the move takes level by level, and the caveat of any level that carries one."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as W

from ...document.model import Assessment
from ...outputs.analysis import dialogue_move
from ..state.session import Sections
from ..widgets.fields import Choice, bind, put, text
from ..widgets.levels import LevelCards, caveat_boxes, level_options, what_it_takes
from ..widgets.style import columns, heading, html, para
from ..widgets.view import View, show_view
from ..workshop.controls import launcher
from .followup import last_time


def _level(kind: str) -> Callable[[Assessment], int | None]:
    """Where the dialogue's current or desired level is in the document."""
    return lambda doc: getattr(doc.dialogue, kind)


class DialogueView(View):
    """Where the organisation is on the scale, where it wants to be, and what that takes."""

    name = "dialogue"
    title_key = "section.dialogue"
    intro_key = "ui.dialogue.intro"
    sections = frozenset({"dialogue"})

    def build(self) -> list[W.Widget]:
        s, t, d = self.session, self.t, self.session.doc.dialogue
        self.caveats = html("", "dmw-caveats")
        self.move = html("", "dmw-dialogue-move")
        choices = {
            kind: Choice(f"dmw-dialogue-{kind}", t(f"field.{kind}_level"), level_options(s), getattr(d, kind))
            for kind in ("current", "desired")
        }
        for kind, choice in choices.items():
            bind(s, choice, put(f"dialogue.{kind}"), _level(kind))
        self.choices = list(choices.values())
        self.cards = LevelCards(s, "dmw-dialogue", choices)
        rationale = bind(
            s,
            text(
                s,
                "dmw-dialogue-rationale",
                t("field.rationale"),
                d.rationale,
                rows=4,
                placeholder=t("ui.dialogue.rationale_hint"),
            ),
            put("dialogue.rationale"),
        )
        self._draw()
        return [
            launcher(s, "dialogue"),
            para(s.opened.scale.dialogue_question(s.lang), "dmw-question"),
            *([para(rule(s.lang), "dmw-help", "dmw-rating-rule")] if (rule := s.opened.scale.rating_rule) else []),
            self.cards.box,
            heading(t("ui.dialogue.choose")),
            columns([last_time(s, f.widget(flex="1 1 18em"), kind) for kind, f in choices.items()]),
            self.caveats,
            heading(t("ui.dialogue.move")),
            self.move,
            heading(t("field.rationale")),
            rationale.widget(labelled=False),
        ]

    def _draw(self) -> None:
        d = self.session.doc.dialogue
        for f in self.choices:
            f.sync(self.session.doc)
        self.cards.draw({"current": d.current, "desired": d.desired})
        self.caveats.value = caveat_boxes(self.session, [d.current, d.desired])
        self.move.value = self._move_html()

    def _move_html(self) -> str:
        s, d = self.session, self.session.doc.dialogue
        if d.current is None or d.desired is None:
            return f"<p>{escape(s.t('ui.dialogue.move_unset'))}</p>"
        steps = dialogue_move(s.opened)
        if not steps:
            return f"<p>{escape(s.t('ui.dialogue.move_none'))}</p>"
        return "".join(
            f'<div class="dmw-card dmw-step-{lv.level}">'
            f"<h4>{escape(s.t('ui.dialogue.step', number=lv.level, name=lv.name(s.lang)))}</h4>"
            f"{what_it_takes(s, lv)}</div>"
            for lv in steps
        )

    def refresh(self, sections: Sections) -> None:
        if sections & {"dialogue", "organisation"}:
            self._draw()


def show() -> None:
    show_view(DialogueView)

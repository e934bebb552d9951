"""The scale's levels as the views show them: choices, level cards, what a move takes, and
the caveat box shown wherever a level with a caveat is chosen."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import ipywidgets as W

from ...data.scale import Level
from ...outputs.analysis import caveated_levels
from ..state.session import Session
from .fields import Choice
from .style import shared


def level_options(session: Session) -> list[tuple[str, int | None]]:
    """ "Not chosen" then ``1 · One-way information`` … for a level dropdown."""
    lang = session.lang
    levels = [(f"{lv.level} · {lv.name(lang)}", lv.level) for lv in session.opened.scale.levels]
    return [(session.t("level.none"), None), *levels]


def what_it_takes(session: Session, level: Level) -> str:
    """Platform set-up, content and organisation at ``level``, as paragraphs."""
    lang = session.lang
    return "".join(
        f"<p><b>{escape(session.t(f'ui.level.{part}'))}:</b> {escape(getattr(level, part)(lang))}</p>"
        for part in ("platform", "content", "organisation")
    )


def card_html(session: Session, level: Level) -> str:
    """One level's card text: number and name, summary, what it takes, an example for the
    organisation's type."""
    lang, org_type = session.lang, session.doc.organisation.type
    example = level.examples.get(org_type)
    example_html = (
        f'<p class="dmw-help"><i>{escape(session.t("ui.level.example"))}:</i> {escape(example(lang))}</p>'
        if example
        else ""
    )
    return (
        f"<h4>{escape(session.t('level.label', number=level.level))}<br>{escape(level.name(lang))}</h4>"
        f"<p><i>{escape(level.summary(lang))}</i></p>{what_it_takes(session, level)}{example_html}"
    )


class LevelCards:
    """All levels side by side, and the choice itself: each card has a button for where the
    organisation is and one for where it wants to be (a click or the keyboard), which choose
    in the dropdowns below (kept for those who prefer them) and so save the same way."""

    def __init__(
        self, session: Session, css: str, choices: dict[str, Choice], body: Callable[[Level], str] | None = None
    ) -> None:
        """``body``: a card's text (an area's descriptor); by default the level's own (:func:`card_html`)."""
        self.session, self.choices = session, choices
        self.body = body or (lambda lv: card_html(session, lv))
        self._muted = False
        self.cards: list[tuple[Level, W.VBox, W.HTML, dict[str, W.ToggleButton]]] = []
        for lv in session.opened.scale.levels:
            toggles: dict[str, W.ToggleButton] = {}
            for kind in choices:
                toggle = W.ToggleButton(
                    description=session.t(f"ui.level.choose_{kind}"),
                    tooltip=session.t(f"field.{kind}_level"),
                    layout=shared(W.Layout, width="auto"),
                )
                toggle.add_class(f"{css}-{kind}-{lv.level}")
                toggle.add_class(f"dmw-choose-{kind}")
                toggle.observe(
                    lambda change, kind=kind, level=lv.level: self._clicked(kind, level, change["new"]), names="value"
                )
                toggles[kind] = toggle
            body = W.HTML(self.body(lv), layout=shared(W.Layout, width="auto"))
            card = W.VBox(
                [body, W.HBox(list(toggles.values()), layout=shared(W.Layout, flex_flow="row wrap", grid_gap="4px"))],
                layout=shared(W.Layout, width="auto", justify_content="space-between"),
            )
            card.add_class("dmw-level")
            card.add_class(f"dmw-level-{lv.level}")
            if lv.caveat is not None:
                card.add_class("dmw-level-caveat")
            self.cards.append((lv, card, body, toggles))
        self.box = W.Box(
            [card for _, card, _, _ in self.cards],
            layout=shared(
                W.Layout,
                display="grid",
                grid_template_columns="repeat(auto-fit, minmax(190px, 1fr))",
                grid_gap="10px",
                width="100%",
            ),
        )
        self.box.add_class("dmw-levels")
        self.box.add_class(f"{css}-cards")

    def _clicked(self, kind: str, level: int, on: bool) -> None:
        if not self._muted:
            choice = self.choices[kind]
            choice.control.value = choice.values.index(level if on else None)

    def disable(self, off: bool) -> None:
        """No level can be chosen (the area is not applicable)."""
        for _lv, _card, _body, toggles in self.cards:
            for toggle in toggles.values():
                toggle.disabled = off

    def draw(self, chosen: dict[str, int | None]) -> None:
        """Mark the chosen levels on their cards (without choosing anything); the texts follow
        the organisation's type (its examples)."""
        self._muted = True
        try:
            for lv, card, body, toggles in self.cards:
                body.value = self.body(lv)
                for kind, toggle in toggles.items():
                    on = chosen.get(kind) == lv.level
                    toggle.value = on
                    toggle.button_style = "info" if on else ""
                    (card.add_class if on else card.remove_class)(f"dmw-level-{kind}")
        finally:
            self._muted = False


def caveat_boxes(session: Session, numbers: list[int | None]) -> str:
    """The caveat of every chosen level that has one, clearly set apart; empty if none."""
    lang = session.lang
    return "".join(
        f'<div class="dmw-caveat dmw-caveat-{lv.level}"><b>{escape(session.t("caveat.title"))} · '
        f"{escape(session.t('level.label', number=lv.level))}: {escape(lv.name(lang))}</b>"
        f"<p>{escape(lv.caveat(lang) if lv.caveat is not None else '')}</p></div>"
        for lv in caveated_levels(session.opened, numbers)
    )

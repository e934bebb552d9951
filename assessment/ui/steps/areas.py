"""Step 5, the maturity areas: one area at a time with its question, guidance and level
descriptors; current and desired level or not applicable; notes and evidence. The radar
beside it follows every change."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as W

from ...data.scale import Area, Level
from ...document.model import Assessment, Rating, SnapshotLevels
from ..state.session import Sections, Session
from ..widgets.chart import Radar
from ..widgets.fields import Choice, Flag, bind, text
from ..widgets.levels import LevelCards, caveat_boxes, level_options
from ..widgets.style import button, columns, heading, html, para, shared
from ..widgets.view import View, show_view
from ..workshop.controls import launcher
from .followup import last_time


def rating(doc: Assessment, area_id: str) -> Rating:
    """The area's rating in ``doc``, added if the file had none for it yet."""
    found = doc.rating(area_id)
    if found is None:
        found = Rating(area=area_id)
        doc.ratings.append(found)
    return found


def rate(area_id: str, name: str) -> Callable[[Assessment, Any], None]:
    """Where a field of the area's rating goes."""

    def apply(doc: Assessment, value: Any) -> None:
        setattr(rating(doc, area_id), name, value)

    return apply


def mark_not_applicable(area_id: str) -> Callable[[Assessment, bool], None]:
    """Not applicable sets the levels aside (the model refuses both at once, and nothing may
    count them meanwhile); unticking it gives them back, so a slip of the mouse costs nothing."""

    def apply(doc: Assessment, value: bool) -> None:
        r = rating(doc, area_id)
        if value and not r.not_applicable:
            if r.current is not None or r.desired is not None:
                r.set_aside = SnapshotLevels(current=r.current, desired=r.desired)
            r.current = r.desired = None
            r.not_applicable = True
        elif not value and r.not_applicable:
            r.not_applicable = False
            if r.set_aside is not None:
                r.current, r.desired, r.set_aside = r.set_aside.current, r.set_aside.desired, None

    return apply


def descriptor_card(session: Session, area: Area, level: Level) -> str:
    """A level's card for one area: its number and name, and what it looks like in this area."""
    lang = session.lang
    return (
        f"<h4>{escape(session.t('level.label', number=level.level))}<br>{escape(level.name(lang))}</h4>"
        f"<p>{escape(area.descriptors[level.level](lang))}</p>"
    )


class AreaPanel:
    """One area's heading, question, levels and notes. Its inputs write to this area for as
    long as they live: moving to another area shows another panel, it never re-points these,
    so a level chosen while the page changes lands on the area it was chosen on."""

    def __init__(self, session: Session, area: Area) -> None:
        s, t, self.session, self.area = session, session.t, session, area
        r = s.doc.rating(area.id) or Rating(area=area.id)

        def field(kind: str) -> Callable[[Assessment], Any]:
            return lambda doc: getattr(doc.rating(area.id) or Rating(area=area.id), kind)

        choices = {
            kind: Choice(f"dmw-area-{kind}", t(f"field.{kind}_level"), level_options(s), getattr(r, kind))
            for kind in ("current", "desired")
        }
        for kind, choice in choices.items():
            bind(s, choice, rate(area.id, kind), field(kind))
        self.levels = list(choices.values())
        self.not_applicable = bind(
            s,
            Flag("dmw-area-not-applicable", t("field.not_applicable"), r.not_applicable),
            mark_not_applicable(area.id),
            field("not_applicable"),
        )
        self.notes = [
            bind(
                s,
                text(
                    s,
                    f"dmw-area-{kind}",
                    t(f"field.{kind}"),
                    getattr(r, kind),
                    rows=4,
                    placeholder=t(f"ui.areas.{kind}_hint"),
                ),
                rate(area.id, kind),
                field(kind),
            )
            for kind in ("notes", "evidence")
        ]
        self.cards = LevelCards(s, f"dmw-area-{area.id}", choices, lambda lv: descriptor_card(s, area, lv))
        self.caveats = html("", "dmw-caveats")
        self.draw()
        self.box = W.VBox(
            [
                heading(area.name(s.lang)),
                para(area.question(s.lang), "dmw-question"),
                para(area.guidance(s.lang), "dmw-help"),
                *([para(rule(s.lang), "dmw-help", "dmw-rating-rule")] if (rule := s.opened.scale.rating_rule) else []),
                self.cards.box,
                columns(
                    [
                        last_time(s, f.widget(flex="1 1 14em"), kind, area.id)
                        for f, kind in zip(self.levels, ("current", "desired"), strict=True)
                    ]
                    + [self.not_applicable.widget(flex="0 1 12em")]
                ),
                self.caveats,
                *(f.widget() for f in self.notes),
            ],
            layout=shared(W.Layout, width="100%"),
        )
        self.box.add_class("dmw-area-panel")
        self.box.add_class(f"dmw-area-panel-{area.id}")

    def draw(self) -> None:
        """Show the area's rating as the document has it now (what is being typed stays)."""
        s = self.session
        r = s.doc.rating(self.area.id)
        for f in (*self.levels, self.not_applicable, *self.notes):
            f.sync(s.doc)
        self.cards.draw({"current": r.current, "desired": r.desired} if r else {})
        self.caveats.value = caveat_boxes(s, [r.current, r.desired] if r else [])
        for f in self.levels:
            f.control.disabled = bool(r and r.not_applicable)
        self.cards.disable(bool(r and r.not_applicable))


class AreasView(View):
    """One maturity area at a time, with the radar of all areas beside it."""

    name = "areas"
    title_key = "section.areas"
    intro_key = "ui.areas.intro"
    sections = frozenset({"ratings"})

    def __init__(self, session: Session) -> None:
        self.index = 0
        super().__init__(session)

    def build(self) -> list[W.Widget]:
        t, s = self.t, self.session
        self.radar = Radar(s, "dmw-radar")
        self.progress = html("", "dmw-progress", "dmw-area-progress")
        self.previous = button(t("ui.areas.previous"), "dmw-area-previous")
        self.next = button(t("ui.areas.next"), "dmw-area-next", primary=True)
        self.previous.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        # A panel is made the first time its area is shown, and kept; one is on the page at a
        # time, and switching is a single change the browser applies whole.
        self.panels: dict[int, AreaPanel] = {}
        self.area_box = W.Stack([], layout=shared(W.Layout, width="100%"))
        self.go(self.index)
        nav = W.HBox(
            [self.previous, self.progress, self.next], layout=shared(W.Layout, align_items="center", grid_gap="12px")
        )
        left = W.VBox([nav, self.area_box], layout=shared(W.Layout, flex="3 1 30em", min_width="0"))
        right = W.VBox([self.radar.box], layout=shared(W.Layout, flex="2 1 22em", min_width="0"))
        return [
            launcher(s, "areas", lambda: f"area:{s.opened.scale.areas[self.index].id}"),
            W.Box(
                [left, right],
                layout=shared(W.Layout, display="flex", flex_flow="row wrap", grid_gap="16px", width="100%"),
            ),
        ]

    @property
    def panel(self) -> AreaPanel:
        """The area on screen."""
        return self.panels[self.index]

    def go(self, index: int) -> None:
        """Show area number ``index`` (0-based) of the scale."""
        areas = self.session.opened.scale.areas
        self.index = max(0, min(index, len(areas) - 1))
        if self.index not in self.panels:  # added beside the one shown, then shown
            self.panels[self.index] = AreaPanel(self.session, areas[self.index])
            self.area_box.children = [*self.area_box.children, self.panels[self.index].box]
        self.area_box.selected_index = list(self.area_box.children).index(self.panel.box)
        self.progress.value = escape(self.t("ui.areas.progress", number=self.index + 1, total=len(areas)))
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(areas) - 1

    def refresh(self, sections: Sections) -> None:
        if "ratings" in sections:
            for p in self.panels.values():
                p.draw()
            self.radar.draw()

    def pulled(self, sections: Sections) -> None:
        """Votes agreed in the workshop room, another notebook: new levels and notes shown in
        place, never over what is being typed."""
        self.refresh(sections)


def show() -> None:
    show_view(AreasView)

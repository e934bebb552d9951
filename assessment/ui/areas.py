"""Step 5, the maturity areas: one area at a time with its question, guidance and level
descriptors; current and desired level or not applicable; notes and evidence. The radar
beside it follows every change."""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as W

from ..document.model import Assessment, Rating
from ..data.scale import Area
from .chart import Radar
from .fields import Choice, Flag, bind, text
from .followup import last_time
from .levels import caveat_boxes, level_options
from .session import Sections, Session
from .style import button, columns, heading, html, para
from .view import View, show_view
from .workshop import launcher


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
    """Not applicable clears the levels first: the model refuses both at once."""

    def apply(doc: Assessment, value: bool) -> None:
        r = rating(doc, area_id)
        if value:
            r.current = r.desired = None
        r.not_applicable = value

    return apply


def descriptor_table(session: Session, area: Area, r: Rating | None) -> str:
    """Each level's descriptor for this area, the chosen levels marked."""
    lang, rows = session.lang, []
    for lv in session.opened.scale.levels:
        tags = "".join(
            f'<span class="dmw-tag dmw-tag-{kind}">{escape(session.t(f"field.{kind}_level"))}</span>'
            for kind in ("current", "desired") if r is not None and getattr(r, kind) == lv.level
        )
        rows.append(f"<tr><td><b>{lv.level}</b></td><td>{escape(lv.name(lang))}<br>{tags}</td>"
                    f"<td>{escape(area.descriptors[lv.level](lang))}</td></tr>")
    head = (f"<tr><th></th><th>{escape(session.t('ui.areas.level'))}</th>"
            f"<th>{escape(session.t('ui.areas.descriptor'))}</th></tr>")
    return f'<div class="dmw-table"><table>{head}{"".join(rows)}</table></div>'


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
        t = self.t
        self.radar = Radar(self.session, "dmw-radar")
        self.progress = html("", "dmw-progress", "dmw-area-progress")
        self.progress.layout.width = "auto"
        self.previous = button(t("ui.areas.previous"), "dmw-area-previous")
        self.next = button(t("ui.areas.next"), "dmw-area-next", primary=True)
        self.previous.on_click(lambda _b: self.go(self.index - 1))
        self.next.on_click(lambda _b: self.go(self.index + 1))
        self.area_box = W.VBox(layout=W.Layout(width="100%"))
        self.go(self.index)
        nav = W.HBox([self.previous, self.progress, self.next], layout=W.Layout(align_items="center", grid_gap="12px"))
        left = W.VBox([nav, self.area_box], layout=W.Layout(flex="3 1 30em", min_width="0"))
        right = W.VBox([self.radar.box], layout=W.Layout(flex="2 1 22em", min_width="0"))
        return [launcher(self.session, "areas", lambda: f"area:{self.session.opened.scale.areas[self.index].id}"),
                W.Box([left, right], layout=W.Layout(display="flex", flex_flow="row wrap", grid_gap="16px", width="100%"))]

    def go(self, index: int) -> None:
        """Show area number ``index`` (0-based) of the scale."""
        s, t = self.session, self.t
        areas = s.opened.scale.areas
        self.index = max(0, min(index, len(areas) - 1))
        area = areas[self.index]
        r = s.doc.rating(area.id) or Rating(area=area.id)
        self.progress.value = escape(t("ui.areas.progress", number=self.index + 1, total=len(areas)))
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(areas) - 1
        self.levels = [bind(s, Choice(f"dmw-area-{kind}", t(f"field.{kind}_level"), level_options(s), getattr(r, kind)),
                            rate(area.id, kind)) for kind in ("current", "desired")]
        self.not_applicable = bind(s, Flag("dmw-area-not-applicable", t("field.not_applicable"), r.not_applicable),
                                   mark_not_applicable(area.id))
        notes = [bind(s, text(s, f"dmw-area-{kind}", t(f"field.{kind}"), getattr(r, kind), rows=4,
                              placeholder=t(f"ui.areas.{kind}_hint")), rate(area.id, kind)) for kind in ("notes", "evidence")]
        self.descriptors = html("")
        self.caveats = html("", "dmw-caveats")
        self._draw_area()
        self.area_box.children = [
            heading(area.name(s.lang)), para(area.question(s.lang), "dmw-question"),
            para(area.guidance(s.lang), "dmw-help"),
            *([para(rule(s.lang), "dmw-help", "dmw-rating-rule")] if (rule := s.opened.scale.rating_rule) else []),
            self.descriptors,
            columns([last_time(s, f.widget(flex="1 1 14em"), kind, area.id) for f, kind in zip(self.levels, ("current", "desired"))]
                    + [self.not_applicable.widget(flex="0 1 12em")]),
            self.caveats, *(f.widget() for f in notes),
        ]

    def _draw_area(self) -> None:
        s = self.session
        area = s.opened.scale.areas[self.index]
        r = s.doc.rating(area.id)
        self.descriptors.value = descriptor_table(s, area, r)
        self.caveats.value = caveat_boxes(s, [r.current, r.desired] if r else [])
        na = bool(r and r.not_applicable)
        for f in self.levels:
            f.control.disabled = na
            if na:
                f.select(None)

    def refresh(self, sections: Sections) -> None:
        if "ratings" in sections:
            self._draw_area()
            self.radar.draw()


def show() -> None:
    show_view(AreasView)

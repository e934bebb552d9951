"""The follow-up in the workbook: starting one from the start page, the previous level
("sidst: 2") beside each level choice, KPI measurements in the goals step, and the
actions' status in the result step.

Each piece is added to an existing step with one call; what it shows comes from
:mod:`assessment.outputs.progress` and :mod:`assessment.outputs.kpi_status`, as in the PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import ipywidgets as W

from ...data.i18n import format_number
from ...data.scale_versions import Earlier
from ...document import workspace
from ...document.context import Opened
from ...document.followup import create_follow_up, follow_up_stem
from ...document.model import Action, Assessment, Kpi, Measurement
from ...document.store import load
from ...outputs.analysis import target_text
from ...outputs.kpi_status import kpi_progress
from ...outputs.progress import progress
from ...outputs.progress_report import why
from ..state.session import Session
from ..widgets.fields import Choice, Field, Invalid, bind, date, number, text
from ..widgets.rows import RowSpec, RowTable
from ..widgets.style import button, columns, heading, html, para, shared

SHORT = 70  # characters of an action's text as a row's title


# ---------------------------------------------------------------- start page


def follow_up_section(
    session: Session, chosen: Choice, folder: Field, switch: Callable[[Callable[[], Opened], W.HTML], None]
) -> list[W.Widget]:
    """Start next year's assessment from the file chosen in the start page's list."""
    t = session.t
    levels = Choice(
        "dmw-followup-levels",
        t("ui.followup.levels"),
        [(t("ui.followup.levels_empty"), "empty"), (t("ui.followup.levels_previous"), "previous")],
        "empty",
    )
    start = button(t("ui.followup.button"), "dmw-followup-button", primary=True)
    message = para("", "dmw-message", "dmw-followup-message")

    def make() -> Opened:
        _, (_, previous) = chosen.read()
        _, where = folder.read()
        target = workspace.unique_path(
            Path(where).expanduser() if where else workspace.assessments_dir(), follow_up_stem(load(previous))
        )
        return create_follow_up(target, previous, levels=levels.read()[1])[0]

    def clicked(_b: W.Button) -> None:
        ok, value = chosen.read()
        if ok and value is not None:
            switch(make, message)

    start.on_click(session.guard("starting a follow-up", clicked))
    return [
        heading(t("ui.followup.title")),
        para(t("ui.followup.help"), "dmw-help"),
        columns([levels.widget(flex="0 1 20em")]),
        start,
        message,
    ]


# ---------------------------------------------------------------- "sidst: 2"


def previous_level(opened: Opened, kind: str, area_id: str | None) -> Earlier | None:
    """The level last time, in today's scale's terms; None when this follows up nothing."""
    change = progress(opened)
    if change is None:
        return None
    if area_id is None:
        return change.dialogue_current if kind == "current" else change.dialogue_desired
    row = next(r for r in change.areas if r.area_id == area_id)
    return row.then_current if kind == "current" else row.then_desired


def last_time(session: Session, box: W.VBox, kind: str, area_id: str | None = None) -> W.VBox:
    """``box`` (a level choice) with "sidst: 2" under it, when the assessment follows up one."""
    earlier = previous_level(session.opened, kind, area_id)
    if earlier is None:
        return box
    if earlier.problem is not None:
        shown = f'<span title="{escape(why(earlier.problem, session.opened))}">{escape(session.t("followup.last_not_comparable"))}</span>'
    elif earlier.level is None:
        shown = escape(session.t("followup.last_none"))
    else:
        shown = escape(session.t("followup.last", level=earlier.level))
    where = "dialogue" if area_id is None else "area"
    box.children = (*box.children, html(shown, "dmw-help", "dmw-last", f"dmw-last-{where}-{kind}"))
    return box


# ---------------------------------------------------------------- KPI measurements


def _kpi(doc: Assessment, kpi_id: str) -> Kpi:
    return next(k for k in doc.kpis if k.id == kpi_id)


def _required_date(session: Session, css: str, label: str, value: Any) -> Field:
    field = date(session, css, label, value)
    parse = field.parse

    def required(raw: str) -> dt.date:
        found = parse(raw)
        if found is None:
            raise Invalid(session.t("ui.followup.date_required"))
        return found

    field.parse = required
    return field


def _set_kpi(kpi_id: str, name: str) -> Callable[[Assessment, Any], None]:
    def apply(doc: Assessment, value: Any) -> None:
        setattr(_kpi(doc, kpi_id), name, value)

    return apply


class KpiMeasurements:
    """Per KPI: its deadline and baseline date, the measured values, and where it stands."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.box = W.VBox(layout=shared(W.Layout, width="100%"))
        self._shape: list[tuple[str, str, str]] | None = None
        self.statuses: dict[str, W.HTML] = {}
        self.refresh()

    def refresh(self) -> None:
        """Rebuilt when KPIs come, go or are renamed; otherwise only the statuses change, so
        nobody loses the input they are typing in."""
        doc = self.session.doc
        shape = [(k.id, k.name, k.unit) for k in doc.kpis]
        if shape != self._shape:
            self._shape = shape
            t = self.session.t
            parts: list[W.Widget] = [
                heading(t("ui.followup.measurements")),
                para(t("ui.followup.measurements_help"), "dmw-help"),
            ]
            if not doc.kpis:
                parts.append(para(t("ui.followup.no_kpis"), "dmw-help"))
            self.statuses = {}
            parts += [self._kpi_box(i, k) for i, k in enumerate(doc.kpis)]
            self.box.children = parts
        for k in doc.kpis:
            self.statuses[k.id].value = self._status(k)

    def _status(self, kpi: Kpi) -> str:
        s = self.session
        state = kpi_progress(kpi, s.doc.workshop.date)
        latest = (
            ""
            if state.latest is None
            else " · " + s.t("ui.followup.latest", value=f"{format_number(state.latest.value, s.lang)} {kpi.unit}")
        )
        return (
            f'<span class="dmw-label">{escape(s.t("followup.field.status"))}:</span> '
            f'<b class="dmw-kpi-status-{state.status}">{escape(s.t(f"followup.kpi_status.{state.status}"))}</b>'
            f"{escape(latest)} · {escape(s.t('field.target'))}: {escape(target_text(kpi, s.lang))}"
        )

    def _kpi_box(self, index: int, kpi: Kpi) -> W.VBox:
        s, t = self.session, self.session.t
        self.statuses[kpi.id] = html("", "dmw-help", f"dmw-kpi-status-{index}")
        dates = [
            bind(
                s,
                date(s, f"dmw-kpi-{name}-{index}", t(f"ui.followup.{name}"), getattr(kpi, name)),
                _set_kpi(kpi.id, name),
            )
            for name in ("baseline_date", "deadline")
        ]

        def fields(data: dict[str, Any]) -> dict[str, Field]:
            return {
                "date": _required_date(
                    s, f"dmw-measure-{index}-date", t("followup.field.measured_on"), data.get("date")
                ),
                "value": number(
                    s,
                    f"dmw-measure-{index}-value",
                    t("followup.field.value"),
                    data.get("value"),
                    required="ui.followup.value_required",
                ),
                "period": text(s, f"dmw-measure-{index}-period", t("field.period"), data.get("period", "")),
                "note": text(s, f"dmw-measure-{index}-note", t("field.notes"), data.get("note", "")),
            }

        table = RowTable(
            s,
            RowSpec(
                name=f"measure-{index}",
                read=lambda doc: _kpi(doc, kpi.id).actuals,
                write=lambda doc, items: setattr(_kpi(doc, kpi.id), "actuals", sorted(items, key=lambda m: m.date)),
                fields=fields,
                make=Measurement.model_validate,
                dump=Measurement.model_dump,
                add_label="ui.followup.add_measurement",
                id_prefix="m",
                taken=lambda doc: {m.id for m in _kpi(doc, kpi.id).actuals},
                flex={"date": "0 1 9em", "value": "0 1 8em", "period": "1 1 10em", "note": "3 1 16em"},
            ),
        )
        card = W.VBox(
            [
                html(f"<h4>{escape(kpi.name)}</h4>"),
                self.statuses[kpi.id],
                columns([f.widget(flex="0 1 18em") for f in dates]),  # each label on one line, the inputs level
                table.box,
            ],
            layout=shared(W.Layout, width="100%"),
        )
        card.add_class("dmw-card")
        card.add_class(f"dmw-measurements-{index}")
        return card


# ---------------------------------------------------------------- action status


def _set_action(action_id: str, name: str) -> Callable[[Assessment, Any], None]:
    def apply(doc: Assessment, value: Any) -> None:
        action = next(a for a in doc.actions if a.id == action_id)
        setattr(action, name, value)
        if name == "status" and action.status_date is None:
            action.status_date = dt.date.today()

    return apply


class ActionStatuses:
    """Each action of the plan with its status, the day it changed and a note."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.box = W.VBox(layout=shared(W.Layout, width="100%"))
        self._shape: list[tuple[str, str]] | None = None
        self.dates: dict[str, Field] = {}
        self.refresh()

    def refresh(self) -> None:
        """Rebuilt when actions come, go or are reworded; a status's date follows the document."""
        doc, t = self.session.doc, self.session.t
        shape = [(a.id, a.what) for a in doc.actions]
        if shape != self._shape:
            self._shape = shape
            self.dates = {}
            rows = [self._row(i, a) for i, a in enumerate(doc.actions)]
            self.box.children = [
                heading(t("ui.followup.action_status")),
                para(t("ui.followup.action_status_help"), "dmw-help"),
                *(rows or [para(t("ui.followup.no_actions"), "dmw-help")]),
            ]
        for a in doc.actions:
            self.dates[a.id].sync(doc)  # never over a date being typed

    def _row(self, index: int, action: Action) -> W.VBox:
        s, t = self.session, self.session.t
        statuses = [
            (t(f"followup.action_status.{key}"), key) for key in ("not_started", "in_progress", "done", "dropped")
        ]
        status = bind(
            s,
            Choice(f"dmw-action-status-{index}", t("followup.field.status"), statuses, action.status),
            _set_action(action.id, "status"),
        )
        when = bind(
            s,
            date(s, f"dmw-action-status-date-{index}", t("followup.field.status_date"), action.status_date),
            _set_action(action.id, "status_date"),
            lambda doc: next(a.status_date for a in doc.actions if a.id == action.id),
        )
        note = bind(
            s,
            text(s, f"dmw-action-status-note-{index}", t("followup.field.status_note"), action.status_note),
            _set_action(action.id, "status_note"),
        )
        self.dates[action.id] = when
        what = action.what if len(action.what) <= SHORT else action.what[: SHORT - 1].rstrip() + "…"
        row = W.VBox(
            [
                html(f"<b>{escape(what)}</b>"),
                columns([status.widget(flex="0 1 12em"), when.widget(flex="0 1 10em"), note.widget(flex="3 1 18em")]),
            ],
            layout=shared(W.Layout, width="100%"),
        )
        row.add_class("dmw-row")
        return row

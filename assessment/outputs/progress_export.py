"""The follow-up's tables for Excel and CSV: the same as the report's "since last time".

Each table is built through the export's own ``table`` helper, so sheet names, headers
and name scrubbing follow the export's rules; a table with nothing to show is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..data.i18n import t
from ..document.context import Opened
from .kpi_status import kpi_progress
from .progress import progress, timeline
from .progress_report import reasons

MakeTable = Callable[[str, tuple[str, ...], list[tuple[Any, ...]]], Any]


def progress_tables(opened: Opened, table: MakeTable) -> list[Any]:
    """Since last time, the timeline, the KPI measurements and the actions' status."""
    lang, doc = opened.lang, opened.doc
    found = []
    change = progress(opened)
    if change is not None:
        d = doc.dialogue
        rows: list[tuple[Any, ...]] = [
            (
                t(lang, "report.summary.dialogue"),
                change.dialogue_current.level,
                d.current,
                None
                if change.dialogue_current.level is None or d.current is None
                else d.current - change.dialogue_current.level,
                change.dialogue_desired.level,
                d.desired,
                reasons(opened, change.dialogue_current, change.dialogue_desired),
            )
        ]
        rows += [
            (
                r.name,
                r.then_current.level,
                r.now_current,
                r.change,
                r.then_desired.level,
                r.now_desired,
                reasons(opened, r.then_current, r.then_desired),
            )
            for r in change.areas
        ]
        rows += [
            (
                name,
                None,
                None,
                None,
                None,
                None,
                t(
                    lang,
                    "followup.dropped",
                    name=name,
                    version=change.previous.scale.version,
                    current=opened.scale.version,
                ),
            )
            for name in change.dropped
        ]
        found.append(
            table(
                "progress",
                (
                    "field.area",
                    "followup.field.then",
                    "followup.field.now",
                    "followup.field.change",
                    "followup.field.desired_then",
                    "followup.field.desired_now",
                    "followup.field.why",
                ),
                rows,
            )
        )
    points = timeline(opened)
    if points:
        names = [(t(lang, "report.summary.dialogue"), None)] + [(a.name(lang), a.id) for a in opened.scale.areas]
        rows = []
        for name, area_id in names:
            for p in points:
                now = p.dialogue if area_id is None else p.current[area_id]
                desired = None if area_id is None else p.desired[area_id].level
                rows.append((name, p.date, now.level, desired))
        found.append(
            table(
                "timeline",
                ("field.area", "followup.field.assessment", "field.current_level", "field.desired_level"),
                rows,
            )
        )
    if any(k.actuals for k in doc.kpis):
        rows = []
        for k in doc.kpis:
            state = kpi_progress(k, doc.workshop.date)
            status = t(lang, f"followup.kpi_status.{state.status}")
            measured = sorted(k.actuals, key=lambda m: m.date)
            if not measured:
                rows.append(
                    (
                        k.name,
                        None,
                        "",
                        None,
                        k.unit,
                        k.baseline,
                        k.target,
                        t(lang, f"export.direction.{k.direction}"),
                        status,
                        "",
                    )
                )
            for m in measured:
                rows.append(
                    (
                        k.name,
                        m.date,
                        m.period,
                        m.value,
                        k.unit,
                        k.baseline,
                        k.target,
                        t(lang, f"export.direction.{k.direction}"),
                        status if m is state.latest else "",
                        m.note,
                    )
                )
        found.append(
            table(
                "kpi_actuals",
                (
                    "field.kpi",
                    "followup.field.measured_on",
                    "field.period",
                    "followup.field.value",
                    "field.unit_of_measure",
                    "field.baseline",
                    "field.target",
                    "export.direction",
                    "followup.field.status",
                    "field.notes",
                ),
                rows,
            )
        )
    if change is not None or any(a.status != "not_started" for a in doc.actions):
        areas = {a.id: a.name(lang) for a in opened.scale.areas}
        rows = [
            (
                a.what,
                areas.get(a.area or "", ""),
                t(lang, f"followup.action_status.{a.status}"),
                a.status_date,
                a.status_note,
            )
            for a in doc.actions
        ]
        found.append(
            table(
                "action_status",
                (
                    "field.action",
                    "field.area",
                    "followup.field.status",
                    "followup.field.status_date",
                    "followup.field.status_note",
                ),
                rows,
            )
        )
    return found

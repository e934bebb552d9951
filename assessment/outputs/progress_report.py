"""The report's "since last time" section: levels then and now, the timeline, the KPIs
against their targets and the actions done, as text ready for the template.

Also the rows the Excel and CSV exports show, so the PDF and the spreadsheet say the
same; both pass through the report's and the export's name scrubbing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from ..data.i18n import format_date, format_number, t
from ..data.scale_versions import Earlier, NotComparable, ScaleHistory
from ..document.context import Opened
from ..document.model import Kpi
from .analysis import target_text
from .charts import save_figure
from .kpi_status import kpi_progress
from .progress import action_counts, done_since_last_time, progress, timeline
from .progress_charts import kpi_figure, timeline_figure

DASH = "–"
TIMELINE_CHART = "timeline.svg"
LABELS = (
    "followup.field.then",
    "followup.field.now",
    "followup.field.change",
    "followup.field.desired_then",
    "followup.field.desired_now",
    "followup.field.status",
    "followup.field.status_date",
    "followup.field.status_note",
    "report.progress.kpi.latest",
    "field.kpi",
    "field.baseline",
    "field.target",
    "field.action",
    "field.area",
)


def why(problem: NotComparable, opened: Opened) -> str:
    """The plain sentence saying why an earlier level cannot be compared."""
    lang, current = opened.lang, opened.scale.version
    if problem.kind == "merged":
        history = ScaleHistory(opened.scale, problem.version)
        levels = ", ".join(
            f"{history.old_name(old, lang)} {t(lang, 'followup.not_rated') if n is None else n}"
            for old, n in problem.sources
        )
        return t(lang, "followup.why.merged", current=current, levels=levels)
    if problem.kind == "level":
        return t(lang, "followup.why.level", level=problem.level, version=problem.version, current=current)
    return t(lang, f"followup.why.{problem.kind}", version=problem.version, current=current)


def reasons(opened: Opened, *earlier: Earlier) -> str:
    """Why each of ``earlier`` cannot be compared, each reason once."""
    found: list[str] = []
    for e in earlier:
        if e.problem and why(e.problem, opened) not in found:
            found.append(why(e.problem, opened))
    return " ".join(found)


def level_text(value: Earlier | int | None) -> str:
    if isinstance(value, Earlier):
        value = None if value.problem else value.level
    return DASH if value is None else str(value)


def _change(value: int | None, lang: str) -> str:
    if value is None:
        return DASH
    return ("+" if value > 0 else "") + format_number(value, lang)


def kpi_chart_name(kpi: Kpi) -> str:
    return f"kpi-{kpi.id}.svg"


def _kpis(opened: Opened) -> list[dict[str, Any]]:
    lang, rows = opened.lang, []
    for k in opened.doc.kpis:
        state = kpi_progress(k, opened.doc.workshop.date)
        latest = state.latest
        rows.append(
            {
                "name": k.name,
                "baseline": DASH if k.baseline is None else f"{format_number(k.baseline, lang)} {k.unit}",
                "latest": DASH if latest is None else f"{format_number(latest.value, lang)} {k.unit}",
                "when": "" if latest is None else (latest.period or format_date(latest.date, lang)),
                "target": target_text(k, lang),
                "deadline": format_date(k.deadline, lang) if k.deadline else "",
                "status": t(lang, f"followup.kpi_status.{state.status}"),
                "status_key": state.status,
                "chart": kpi_chart_name(k) if k.actuals else None,
            }
        )
    return rows


def progress_section(opened: Opened) -> dict[str, Any] | None:
    """The section's data, or None when there is nothing to follow up (no earlier assessment,
    no measurement, no action with a status)."""
    doc, lang = opened.doc, opened.lang
    change = progress(opened)
    measured = any(k.actuals for k in doc.kpis)
    statuses = any(a.status != "not_started" for a in doc.actions)
    if change is None and not measured and not statuses:
        return None
    section: dict[str, Any] = {
        "labels": {key: t(lang, key) for key in LABELS},
        "title": t(lang, "report.section.progress" if change else "report.section.followup"),
        "intro": "",
        "notes": [],
        "dialogue": None,
        "areas": [],
        "timeline": None,
        "kpis": _kpis(opened) if doc.kpis else [],
        "actions": [
            {
                "what": a.what,
                "area": opened.scale.area(a.area).name(lang) if a.area else "",
                "date": format_date(a.status_date, lang) if a.status_date else "",
                "note": a.status_note,
            }
            for a in done_since_last_time(opened)
        ],
        "counts": t(
            lang,
            "report.progress.actions.counts",
            **{s: action_counts(opened)[s] for s in ("done", "in_progress", "not_started", "dropped")},
        )
        if doc.actions
        else "",
    }
    if change is not None:
        prev = change.previous
        version = prev.scale.version
        section["intro"] = (
            t(lang, "report.progress.intro", date=format_date(prev.date, lang), version=version)
            if prev.date
            else t(lang, "report.progress.intro_undated", version=version)
        )
        if version != opened.scale.version:
            section["notes"].append(t(lang, "report.progress.version_changed", current=opened.scale.version))
            if change.history.mapping is not None and change.history.mapping.note is not None:
                section["notes"].append(change.history.mapping.note(lang))
        section["notes"] += [
            t(lang, "followup.dropped", name=name, version=version, current=opened.scale.version)
            for name in change.dropped
        ]
        d = doc.dialogue
        section["dialogue"] = {
            "then": level_text(change.dialogue_current),
            "now": level_text(d.current),
            "desired_then": level_text(change.dialogue_desired),
            "desired": level_text(d.desired),
            "change": _change(
                None
                if change.dialogue_current.problem or change.dialogue_current.level is None or d.current is None
                else d.current - change.dialogue_current.level,
                lang,
            ),
            "why": reasons(opened, change.dialogue_current, change.dialogue_desired),
        }
        for row in change.areas:
            section["areas"].append(
                {
                    "name": row.name,
                    "then": level_text(row.then_current),
                    "now": t(lang, "field.not_applicable") if row.now_not_applicable else level_text(row.now_current),
                    "desired_then": level_text(row.then_desired),
                    "desired": DASH if row.now_not_applicable else level_text(row.now_desired),
                    "change": _change(row.change, lang),
                    "why": reasons(opened, row.then_current, row.then_desired),
                }
            )
        if timeline(opened):
            section["timeline"] = TIMELINE_CHART
    return section


def progress_figures(opened: Opened) -> dict[str, Figure]:
    """The charts :func:`progress_section` names, by those names: drawn once here for the
    PDF (SVG) and the Word report (PNG) alike."""
    figures = {}
    points = timeline(opened)
    if points:
        figures[TIMELINE_CHART] = timeline_figure(opened, points)
    for k in opened.doc.kpis:
        if k.actuals:
            figures[kpi_chart_name(k)] = kpi_figure(k, opened.lang, opened.doc.workshop.date)
    return figures


def save_progress_charts(opened: Opened, folder: Path) -> None:
    """Write the charts :func:`progress_section` names into ``folder``."""
    for name, figure in progress_figures(opened).items():
        save_figure(figure, folder / name)

"""The PDF summary the consultant hands the organisation after the workshop.

Typst lays it out (the compiler ships inside the ``typst`` wheel: no TeX, no browser).
Everything the report says is prepared here, already translated and formatted for the
language, and handed to ``templates/report.typ`` as JSON. The template only places the
values, so whatever a user typed is shown literally: nothing is ever pasted into markup.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path
from typing import Any, overload

from ..benchmark.figures import Benchmark
from ..benchmark.versus import versus
from ..data.i18n import format_date, format_number, locale, locales, t
from ..data.scale import Level
from ..document import privacy
from ..document.context import Opened
from ..document.model import Goal
from ..errors import AssessmentError
from ..files.reading import MiB, read_named_file
from ..files.writing import check_output, write_output
from .analysis import (
    actions_by_phase,
    caveated_levels,
    chosen_levels,
    dialogue_move,
    gap_rows,
    goal_label,
    largest_gaps,
    purposes_by_priority,
    target_text,
)
from .charts import chart_notes, gap_figure, radar_figure, save_figure
from .progress_report import progress_section, save_progress_charts
from .spread import median_series, median_text, spreads
from .typst_pdf import compile_pdf, drawable

TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.typ"
LOGO_FORMATS = {".png", ".jpg", ".jpeg", ".gif", ".svg"}
MAX_LOGO_BYTES = 20 * MiB  # a print-quality logo is a few hundred kB
TOP_PURPOSES = 3
FIRST_STEPS = 5
DASH = "–"
KEEP_WHOLE_CHARS = 700  # a table row with less text than this never breaks across pages
KEEP_WHOLE_PARTICIPANTS = 15  # a list of participants this long or shorter stays on one page
#: Words the template needs, from ``common.yaml``; every ``report.*`` key is passed too.
COMMON_LABELS = (
    "field.challenges",
    "field.priority",
    "field.target",
    "field.period",
    "field.linked_goal",
    "field.area",
    "field.gap",
    "field.evidence",
    "field.rationale",
    "field.action",
    "field.owner",
    "field.due",
    "field.name",
    "field.role",
    "caveat.title",
    "field.position",
    "field.style_tone",
    "field.accessibility",
    "field.involvement_levels",
    "field.roadmap",
    "field.roadmap_what",
)


def report_language(opened: Opened, lang: str | None) -> str:
    """The language to write in: the assessment's unless asked; the scale must be written in it."""
    lang = lang or opened.lang
    where = opened.file.path
    if lang not in opened.scale.languages:
        raise AssessmentError(
            f"{where}: cannot write in '{lang}': the scale '{opened.scale.id}' is written in "
            f"{', '.join(opened.scale.languages)} only"
        )
    if lang not in locales():
        raise AssessmentError(
            f"{where}: cannot write in '{lang}': the workbook has texts in {', '.join(sorted(locales()))} only"
        )
    return lang


def in_language(opened: Opened, lang: str) -> Opened:
    """The same assessment read in another of its scale's languages (user text stays as typed)."""
    if lang == opened.lang:
        return opened
    return dataclasses.replace(opened, doc=opened.doc.model_copy(update={"language": lang}))


def write_pdf(
    opened: Opened,
    path: Path | str,
    *,
    lang: str | None = None,
    anonymise: bool = False,
    logo: Path | None = None,
    benchmark: Benchmark | None = None,
) -> Path:
    """Write the PDF summary to ``path``; on any error the old file (if any) is left as it was."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise AssessmentError(f"{path}: the report is a PDF; give a file name ending in .pdf")
    check_output(path, opened.inputs)
    pdf = render_pdf(opened, lang=lang, anonymise=anonymise, logo=logo, benchmark=benchmark)
    return write_output(path, pdf, opened.inputs)


def render_pdf(
    opened: Opened,
    *,
    lang: str | None = None,
    anonymise: bool = False,
    logo: Path | None = None,
    benchmark: Benchmark | None = None,
) -> bytes:
    """The PDF summary as bytes: charts and data written beside a copy of the template, compiled.
    With ``benchmark``, the radar and the summary set the organisation against its median."""
    opened = in_language(opened, report_language(opened, lang))
    against = versus(opened, benchmark) if benchmark is not None else None
    if logo is not None:
        logo = Path(logo)
        if logo.suffix.lower() not in LOGO_FORMATS:
            raise AssessmentError(f"{logo}: a logo must be one of {', '.join(sorted(LOGO_FORMATS))}")
        image = read_named_file(logo, MAX_LOGO_BYTES, "a logo")
    with tempfile.TemporaryDirectory(prefix="assessment-report-") as tmp:
        folder = Path(tmp)
        third = (against.medians, against.label) if against else median_series(opened)  # else the group's median
        save_figure(radar_figure(opened, *third, notes=False), folder / "radar.svg")
        save_figure(gap_figure(opened, notes=False), folder / "gap.svg")
        save_progress_charts(opened, folder)
        data = report_data(opened, anonymise=anonymise)
        data["versus"] = against.data if against else None
        if logo is not None:
            (folder / f"logo{logo.suffix.lower()}").write_bytes(image)
            data["cover"]["logo"] = f"logo{logo.suffix.lower()}"

        def at_fault() -> Path:
            """A logo typst cannot draw, else the template."""
            return logo if logo is not None and not drawable(folder, data["cover"]["logo"]) else TEMPLATE

        return compile_pdf(TEMPLATE, folder, data, blame=at_fault)


def report_data(opened: Opened, *, anonymise: bool = False) -> dict[str, Any]:
    """Everything the template shows, as plain JSON: translated, formatted, and built from
    the document as :func:`privacy.shown` shows it (names hidden where they must be)."""
    meta = privacy.metadata(opened, anonymise=anonymise)
    opened = privacy.shown(opened, anonymise=anonymise)
    lang = opened.lang
    doc = opened.doc
    labels = {key: text for key, text in locale(lang).strings.items() if key.startswith("report.")}
    labels.update({key: t(lang, key) for key in COMMON_LABELS})
    data = {
        "lang": lang,
        "labels": labels,
        "header": f"{t(lang, 'report.title')} · {doc.organisation.name}",
        "document": {"title": meta.title, "authors": [meta.author] if meta.author else []},
        "cover": _cover(opened),
        "summary": _summary(opened),
        "progress": progress_section(opened),
        "purposes": _purposes(opened),
        "goals": _goals(opened),
        "kpis": _kpis(opened),
        "areas": _areas(opened),
        "move": _move(opened),
        "actions": _actions(opened),
        "workshop": _workshop(opened),
        "participants": _participants(opened, anonymise),
        "appendix": _appendix(opened),
        "strategy": _strategy(opened),
        # rows begun but not finished are in no table or chart: say so, never leave them out silently
        "drafts": t(lang, "report.drafts", count=len(doc.drafts)) if doc.drafts else "",
    }
    _mark_keep_whole(data)
    return data


def _mark_keep_whole(data: dict[str, Any]) -> None:
    """What each layout keeps on one page: a table row short enough (``keep``; a long row may
    break) and a short list of participants with its heading (``participants.keep``)."""
    progress = data["progress"] or {"kpis": [], "actions": []}
    tables = [
        data["purposes"]["rows"],
        data["kpis"],
        data["areas"]["rows"],
        data["participants"]["rows"],
        data["strategy"]["roadmap"],
        progress["kpis"],
        progress["actions"],
        *(phase["items"] for phase in data["actions"]),
    ]
    for row in (row for rows in tables for row in rows):
        row["keep"] = sum(len(value) for value in row.values() if isinstance(value, str)) < KEEP_WHOLE_CHARS
    data["participants"]["keep"] = len(data["participants"]["rows"]) <= KEEP_WHOLE_PARTICIPANTS


@overload
def _level(opened: Opened, number: int) -> dict[str, Any]: ...
@overload
def _level(opened: Opened, number: int | None) -> dict[str, Any] | None: ...
def _level(opened: Opened, number: int | None) -> dict[str, Any] | None:
    if number is None:
        return None
    lv = opened.scale.level(number)
    lang = opened.lang
    return {
        "number": number,
        "label": t(lang, "level.label", number=number),
        "name": lv.name(lang),
        "summary": lv.summary(lang),
        "caveat": lv.caveat(lang) if lv.caveat else None,
    }


def _cover(opened: Opened) -> dict[str, Any]:
    lang, doc = opened.lang, opened.doc
    w = doc.workshop
    rows = [
        (t(lang, "report.cover.type"), opened.catalogue.name("organisation_types", doc.organisation.type, lang)),
        (t(lang, "report.cover.workshop"), format_date(w.date, lang) if w.date else ""),
        (t(lang, "field.place"), w.place),
        (t(lang, "field.facilitator"), w.facilitator),
        (t(lang, "report.cover.scale"), f"{opened.scale.name(lang)} ({opened.scale.version})"),
    ]
    return {
        "title": t(lang, "report.title"),
        "subtitle": t(lang, "report.subtitle"),
        "organisation": doc.organisation.name,
        "unit": doc.organisation.unit,
        "date": format_date(w.date, lang) if w.date else "",
        "rows": [{"label": label, "value": value} for label, value in rows if value.strip()],
        "logo": None,
    }


def _gap_text(gap: int | None, lang: str) -> str:
    if gap is None:
        return ""
    return ("+" if gap > 0 else "") + format_number(gap, lang)


def _summary(opened: Opened) -> dict[str, Any]:
    lang, d = opened.lang, opened.doc.dialogue
    if d.current is None or d.desired is None:
        move = t(lang, "report.summary.unset")
    elif d.desired > d.current:
        move = t(lang, "report.summary.move", current=d.current, desired=d.desired)
    else:
        move = t(lang, "report.summary.same" if d.desired == d.current else "report.summary.down")
    gaps = [
        {
            "area": row.name,
            "levels": f"{t(lang, 'level.label', number=row.current)} → {row.desired}",
            "gap": _gap_text(row.gap, lang),
        }
        for row in largest_gaps(opened)
    ]
    purposes = [{"text": text, "priority": priority} for text, _, priority in purposes_by_priority(opened)]
    phases = _actions(opened)
    first = {"phase": phases[0]["phase"], "items": phases[0]["items"][:FIRST_STEPS]} if phases else None
    return {
        "now": _level(opened, d.current),
        "desired": _level(opened, d.desired),
        "move": move,
        "gaps": gaps,
        "purposes": purposes[:TOP_PURPOSES],
        "caveats": _caveats(opened, caveated_levels(opened, chosen_levels(opened))),
        "first_steps": first,
    }


def _caveats(opened: Opened, levels: list[Level]) -> list[dict[str, str]]:
    lang = opened.lang
    return [
        {"title": t(lang, "report.summary.caveat", number=lv.level, name=lv.name(lang)), "text": lv.caveat(lang)}
        for lv in levels
        if lv.caveat is not None
    ]


def _purposes(opened: Opened) -> dict[str, Any]:
    p = opened.doc.purposes
    own = {o.text for o in p.own}
    rows = [
        {"text": text, "priority": priority, "own": text in own} for text, _, priority in purposes_by_priority(opened)
    ]
    return {"social_purpose": p.social_purpose, "rows": rows, "challenges": list(p.challenges)}


def _goals(opened: Opened) -> list[dict[str, Any]]:
    """Objectives with their effect goals under them, numbered as the KPI table cites them."""
    goals = opened.doc.goals

    def item(goal: Goal) -> dict[str, Any]:
        return {
            "label": goal_label(opened, goal.id),
            "objective": goal.kind == "objective",
            "text": goal.text,
            "children": [],
        }

    result = []
    for goal in goals:
        if goal.kind == "objective":
            entry = item(goal)
            entry["children"] = [item(e) for e in goals if e.kind == "effect" and e.objective == goal.id]
            result.append(entry)
    result += [item(g) for g in goals if g.kind == "effect" and g.objective is None]
    return result


def _joined(items: list[str], lang: str) -> str:
    """``1, 2 og 3``: a list as the language says it."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t(lang, 'report.and')} {items[-1]}"


def _kpis(opened: Opened) -> list[dict[str, str]]:
    lang = opened.lang
    rows = []
    for k in opened.doc.kpis:
        baseline = (
            ""
            if k.baseline is None
            else t(lang, "report.kpi.baseline", value=f"{format_number(k.baseline, lang)} {k.unit}")
        )
        rows.append(
            {
                "name": k.name,
                "metric": k.metric,
                "scope": t(lang, f"scope.{k.scope}"),
                "target": target_text(k, lang),
                "baseline": baseline,
                "period": k.period,
                "goals": _joined([goal_label(opened, g) for g in k.goals], lang),
            }
        )
    return rows


def _areas(opened: Opened) -> dict[str, Any]:
    lang = opened.lang
    rows = []
    for row in gap_rows(opened):
        status = ""
        if row.not_applicable:
            status = t(lang, "field.not_applicable")
        elif row.current is None and row.desired is None:
            status = t(lang, "report.not_rated")
        rows.append(
            {
                "name": row.name,
                "status": status,
                "current": DASH if row.current is None else str(row.current),
                "desired": DASH if row.desired is None else str(row.desired),
                "gap": _gap_text(row.gap, lang) or DASH,
                "notes": row.notes,
                "evidence": row.evidence,
            }
        )
    return {
        "radar": "radar.svg",
        "gap": "gap.svg",
        "caption": "\n".join(chart_notes(opened)),
        "radar_alt": _chart_words(lang, "report.chart.radar_title", rows),
        "gap_alt": _chart_words(lang, "report.chart.gap_title", rows),
        "rows": rows,
    }


def _chart_words(lang: str, title_key: str, rows: list[dict[str, str]]) -> str:
    """A chart in words, for a reader who cannot see it (its alt text): the title, then each area."""
    now, desired, gap = t(lang, "report.areas.now"), t(lang, "report.areas.desired"), t(lang, "field.gap")
    areas = [
        f"{r['name']}: {r['status']}"
        if r["status"]
        else f"{r['name']}: {now} {r['current']}, {desired} {r['desired']}, {gap} {r['gap']}"
        for r in rows
    ]
    return f"{t(lang, title_key)}. {'; '.join(areas)}."


def _move(opened: Opened) -> dict[str, Any]:
    lang, d = opened.lang, opened.doc.dialogue
    steps = []
    for lv in dialogue_move(opened):
        steps.append(
            {
                "title": t(lang, "report.move.step", number=lv.level),
                "name": lv.name(lang),
                "summary": lv.summary(lang),
                "aspects": _aspects(lv, lang),
                "caveat": _caveats(opened, [lv]),
            }
        )
    return {
        "now": _level(opened, d.current),
        "desired": _level(opened, d.desired),
        "rationale": d.rationale,
        "steps": steps,
    }


def _aspects(lv: Level, lang: str) -> list[dict[str, str]]:
    """What a level takes on the platforms, in content and in the organisation."""
    return [
        {"label": t(lang, f"report.move.{aspect}"), "text": getattr(lv, aspect)(lang)}
        for aspect in ("platform", "content", "organisation")
    ]


def _actions(opened: Opened) -> list[dict[str, Any]]:
    lang, scale = opened.lang, opened.scale
    return [
        {
            "phase": phase,
            "items": [
                {
                    "what": a.what,
                    "area": scale.area(a.area).name(lang) if a.area else "",
                    "owner": a.owner,
                    "due": format_date(a.due, lang) if a.due else "",
                }
                for a in items
            ],
        }
        for phase, items in actions_by_phase(opened)
    ]


def _participants(opened: Opened, anonymise: bool) -> dict[str, Any]:
    """Names only where :mod:`privacy` left them (consent, not anonymising); otherwise the role stands alone."""
    lang, people = opened.lang, opened.doc.participants
    rows = []
    for p in people:
        named = p.consent_to_be_named
        rows.append(
            {"name": p.name if named else "", "role": p.role or ("" if named else t(lang, "participant.unnamed"))}
        )
    note = ""
    if anonymise and people:
        note = t(lang, "report.participants.anonymised")
    elif any(not p.consent_to_be_named for p in people):
        note = t(lang, "report.participants.not_named")
    return {"rows": rows, "show_names": not anonymise, "note": note}


def _strategy(opened: Opened) -> dict[str, Any]:
    """What a strategy holds beyond purposes and goals; the template shows each part where
    it fits the flow (position with the purposes, involvement with the move, roadmap with
    the plan) and only when it was filled in."""
    lang, cat, st = opened.lang, opened.catalogue, opened.doc.strategy

    def items(kind: str, ids: list[str]) -> list[dict[str, str]]:
        chosen = [cat.item(kind, i) for i in cat.ids(kind) if i in ids]
        return [{"name": i.name(lang), "description": i.description(lang) if i.description else ""} for i in chosen]

    return {
        "position": st.position,
        "style_and_tone": st.style_and_tone,
        "accessibility": items("accessibility", st.accessibility),
        "accessibility_notes": st.accessibility_notes,
        "involvement": items("involvement_levels", st.involvement_levels),
        "roadmap": [{"period": step.period, "what": step.what} for step in st.roadmap],
    }


def _appendix(opened: Opened) -> dict[str, Any]:
    lang, scale = opened.lang, opened.scale
    org_type = opened.doc.organisation.type
    levels = []
    for lv in scale.levels:
        example = lv.examples.get(org_type) or next(iter(lv.examples.values()))
        entry = _level(opened, lv.level)
        entry["aspects"] = _aspects(lv, lang)
        entry["example"] = example(lang)
        levels.append(entry)
    areas = [
        {
            "name": area.name(lang),
            "question": area.question(lang),
            "descriptors": [
                {"number": str(n), "name": scale.level(n).name(lang), "text": area.descriptors[n](lang)}
                for n in scale.numbers
            ],
        }
        for area in scale.areas
    ]
    return {
        "name": scale.name(lang),
        "description": scale.description(lang),
        "levels": levels,
        "areas": areas,
        "rating_rule": scale.rating_rule(lang) if scale.rating_rule else "",
    }


def _workshop(opened: Opened) -> dict[str, Any] | None:
    """Where the group disagreed: each item put to the room, its spread under the k rule
    (never who voted what), whether it was a discussion point, what was agreed and why."""
    found = spreads(opened)
    if not found:
        return None
    lang, k = opened.lang, opened.doc.room.k
    numbers = opened.scale.numbers
    items = []
    for sp in found:
        now, wanted = sp.item.answer(opened.doc)
        rows = []
        for key, d, unknown in (
            ("report.summary.now", sp.current, sp.unknown_current),
            ("report.summary.desired", sp.desired, sp.unknown_desired),
        ):
            if d is not None:
                rows.append([t(lang, key), *(str(d.counts[n]) for n in numbers), str(unknown), median_text(d, lang)])
        span = max((d.span for d in (sp.current, sp.desired) if d is not None), default=0)
        items.append(
            {
                "name": sp.item.name(lang),
                "round": t(lang, "report.workshop.round", number=sp.round.number) if sp.round.number > 1 else "",
                "voted": t(lang, "report.workshop.voted", count=sp.voted),
                "rows": rows,
                "hidden": "" if rows else t(lang, "report.workshop.hidden", k=k),
                "discussion": t(lang, "report.workshop.discussion", span=span) if sp.discussion else "",
                "close": t(lang, "report.workshop.close") if rows and not sp.discussion else "",
                "agreed": (
                    t(lang, "report.workshop.agreed", current=now or DASH, desired=wanted or DASH)
                    if sp.poll.state == "locked" or now is not None or wanted is not None
                    else t(lang, "report.workshop.not_agreed")
                ),
                "reasoning": sp.poll.reasoning,
                "dissent": sp.poll.dissent,
            }
        )
    return {
        "intro": t(lang, "report.workshop.intro", count=len(found), k=k),
        "key": chart_notes(opened)[0],
        "levels": [*map(str, numbers), t(lang, "report.workshop.unknown"), t(lang, "report.workshop.spread")],
        "items": items,
    }

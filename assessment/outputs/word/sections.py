"""The sections of the Word report, one function each, in the order of the PDF
(``templates/report.typ``), all reading the same prepared data (``report.report_data``).

A new section of the report is one more function here and one more entry in ``SECTIONS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Emu, Pt
from docx.table import _Cell

from .blocks import Cell, Chart, Row, Writer
from .ooxml import accent_rule

Data = dict[str, Any]
CHART_WIDTH = 0.74  # of the text width: both charts and their key on one page, as in the PDF
LOGO_HEIGHT = Cm(2)
TEXT, SMALL = "Report Table Text", "Report Small"


def _label(data: Data, key: str) -> str:
    return data["labels"][key]


def _lines(w: Writer, *lines: tuple[str, str, bool]) -> Callable[[_Cell], None]:
    """A cell of several short lines: (text, style, bold); empty lines are left out."""

    def fill(cell: _Cell) -> None:
        for text, style, bold in lines:
            if text:
                w.user_text(text, style, into=cell, bold=bold or None)

    return fill


def cover(w: Writer, data: Data) -> None:
    """Organisation, unit, what the report is, the workshop's facts; the logo when given."""
    c = data["cover"]
    if c.get("logo"):
        w.document.add_picture(c["logo"], height=LOGO_HEIGHT)
        w.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.LEFT
    block = [w.paragraph(c["title"], "Report Label"), w.paragraph(c["organisation"], "Title")]
    block[0].paragraph_format.space_before = Cm(5 if c.get("logo") else 7)
    block[0].runs[0].font.size = Pt(11)
    if c["unit"]:
        block.append(w.paragraph(c["unit"], "Subtitle"))
        block[-1].paragraph_format.space_before = Pt(0)
    block.append(w.paragraph(c["subtitle"], "Subtitle"))
    if c["date"]:
        block.append(w.paragraph(c["date"], "Report Label"))
        block[-1].runs[0].font.size = Pt(11)
    for p in block:
        accent_rule(p._p)
    w.paragraph("").paragraph_format.space_before = Cm(4)
    w.layout(
        (0.25, 0.75),
        [[_lines(w, (r["label"], "Report Label", False)), _lines(w, (r["value"], "Normal", False))] for r in c["rows"]],
    )


def summary(w: Writer, data: Data) -> None:
    """One page: the social purpose, the dialogue level now and desired, the largest gaps,
    the main purposes and the first steps."""
    s, label = data["summary"], lambda key: _label(data, key)
    w.heading(label("report.section.summary"), 1, new_page=True)
    if data["drafts"]:  # unfinished rows are left out, and the reader is told so
        w.paragraph(data["drafts"], SMALL)
    if data["purposes"]["social_purpose"]:
        w.user_text(data["purposes"]["social_purpose"], "Quote")
    w.paragraph(label("report.summary.dialogue"), "Report Label")
    w.level_cards(
        [(label("report.summary.now"), s["now"]), (label("report.summary.desired"), s["desired"])], label("report.none")
    )
    w.paragraph(s["move"], bold=True)
    w.caveats(s["caveats"])
    w.heading(label("report.summary.gaps"), 2)
    if not s["gaps"]:
        w.muted(label("report.summary.no_gaps"))
    else:
        w.layout(
            (0.85, 0.15),
            [
                [_lines(w, (g["area"], TEXT, True), (g["levels"], SMALL, False)), _figure(w, g["gap"])]
                for g in s["gaps"]
            ],
        )
    w.heading(label("report.summary.purposes"), 2)
    if not s["purposes"]:
        w.muted(label("report.none"))
    for p in s["purposes"]:
        text = w.paragraph(p["text"], bold=True).paragraph_format
        text.keep_with_next, text.space_after = True, Pt(0)
        w.paragraph(p["priority"], SMALL).paragraph_format.space_after = Pt(6)
    if data.get("versus"):
        versus(w, data["versus"])
    if s["first_steps"] is not None:
        w.heading(f"{label('report.summary.first_steps')}: {s['first_steps']['phase']}", 2)
        w.layout(
            (0.78, 0.22),
            [
                [_lines(w, (a["what"], TEXT, False), (a["owner"], SMALL, False)), _lines(w, (a["due"], SMALL, False))]
                for a in s["first_steps"]["items"]
            ],
        )


def versus(w: Writer, vs: Data) -> None:
    """The organisation against the median of its kind (``benchmark/versus.py``), as in the PDF."""
    w.heading(vs["title"], 2)
    for line in vs["lines"]:
        w.paragraph(line)
    w.paragraph(vs["note"], SMALL)


def _figure(w: Writer, text: str) -> Callable[[_Cell], None]:
    def fill(cell: _Cell) -> None:
        w.paragraph(text, "Report Figure", into=cell).alignment = WD_ALIGN_PARAGRAPH.RIGHT

    return fill


def purposes(w: Writer, data: Data) -> None:
    """The social purpose, the chosen purposes by priority, the challenges."""
    p = data["purposes"]
    w.heading(_label(data, "report.section.purposes"), 1, new_page=True)
    w.heading(_label(data, "report.purposes.social"), 2)
    if p["social_purpose"]:
        w.user_text(p["social_purpose"], "Quote")
    else:
        w.muted(_label(data, "report.none"))
    position = data["strategy"]["position"]
    if position:
        w.heading(_label(data, "field.position"), 2)
        w.paragraph(_label(data, "report.purposes.position_help"), SMALL)
        w.user_text(position)
    w.heading(_label(data, "report.purposes.chosen"), 2)
    if not p["rows"]:
        w.muted(_label(data, "report.none"))
    else:
        own = f" ({_label(data, 'report.purposes.own')})"
        w.table(
            (0.75, 0.25),
            (_label(data, "report.purposes.purpose"), _label(data, "field.priority")),
            [Row([_purpose(w, r["text"], own if r["own"] else ""), r["priority"]], r["keep"]) for r in p["rows"]],
        )
    w.heading(_label(data, "field.challenges"), 2)
    if not p["challenges"]:
        w.muted(_label(data, "report.none"))
    w.numbered(p["challenges"])


def _purpose(w: Writer, text: str, own: str) -> Callable[[_Cell], None]:
    def fill(cell: _Cell) -> None:
        paragraphs = w.user_text(text, TEXT, into=cell)
        if own:
            w.run(paragraphs[-1], own, italic=True)

    return fill


def goals(w: Writer, data: Data) -> None:
    """Objectives with their effect goals, numbered; the KPIs citing those numbers."""
    w.heading(_label(data, "report.section.goals"), 1, new_page=True)
    w.heading(_label(data, "report.goals.goals"), 2)
    if not data["goals"]:
        w.muted(_label(data, "report.none"))
    else:
        w.paragraph(_label(data, "report.goals.legend"), SMALL)
    for g in data["goals"]:
        w.indented(g["label"], g["text"], 0, bold_text=g["objective"])
        for e in g["children"]:
            w.indented(e["label"], e["text"], 1)
    w.heading(_label(data, "report.goals.kpis"), 2)
    if not data["kpis"]:
        w.muted(_label(data, "report.none"))
        return
    w.paragraph(_label(data, "report.goals.intro"))
    header = [_label(data, key) for key in ("report.kpi.what", "field.target", "field.period", "field.linked_goal")]
    w.table(
        (0.42, 0.25, 0.2, 0.13),
        header,
        [
            Row(
                [
                    _lines(w, (k["name"], TEXT, True), (k["metric"], SMALL, False), (k["scope"], SMALL, False)),
                    _lines(w, (k["target"], TEXT, False), (k["baseline"], SMALL, False)),
                    k["period"],
                    _lines(w, (k["goals"], TEXT, True)),
                ],
                k["keep"],
            )
            for k in data["kpis"]
        ],
        centred=(3,),
    )


def areas(w: Writer, data: Data) -> None:
    """The radar and gap charts, their key, and the areas in numbers with their notes."""
    a = data["areas"]
    w.heading(_label(data, "report.section.areas"), 1, new_page=True)
    w.paragraph(_label(data, "report.areas.charts_intro"))
    width = Emu(int(w.width * CHART_WIDTH))
    w.picture(w.charts["radar"].png, width, a["radar_alt"], "radar")
    w.picture(w.charts["gap"].png, width, a["gap_alt"], "gap").paragraph_format.keep_with_next = True
    for line in a["caption"].split("\n"):
        w.paragraph(line, "caption").paragraph_format.keep_with_next = True
    w.paragraph("", SMALL)
    w.heading(_label(data, "report.areas.table"), 2)
    header = [_label(data, key) for key in ("field.area", "report.areas.now", "report.areas.desired", "field.gap")]
    rows = []
    for r in a["rows"]:
        name = _lines(w, (r["name"], TEXT, True))
        cells = (
            [name, _status(w, r["status"])]
            if r["status"]
            else [name, r["current"], r["desired"], _lines(w, (r["gap"], TEXT, True))]
        )
        notes = None
        if r["notes"] or r["evidence"]:
            notes = _notes(w, r["notes"], r["evidence"], _label(data, "field.evidence"))
        rows.append(Row(cells, r["keep"], merge_from=1 if r["status"] else None, notes=notes))
    w.table((0.55, 0.15, 0.15, 0.15), header, rows, centred=(1, 2, 3))


def _status(w: Writer, status: str) -> Callable[[_Cell], None]:
    def fill(cell: _Cell) -> None:
        w.muted(status, into=cell).alignment = WD_ALIGN_PARAGRAPH.CENTER

    return fill


def _notes(w: Writer, notes: str, evidence: str, evidence_label: str) -> Callable[[_Cell], None]:
    def fill(cell: _Cell) -> None:
        if notes:
            w.user_text(notes, TEXT, into=cell)
        if evidence:
            p = w.paragraph(f"{evidence_label}: ", SMALL, into=cell, bold=True)
            p.paragraph_format.space_before = Pt(4) if notes else None
            w.run(p, evidence)

    return fill


def move(w: Writer, data: Data) -> None:
    """What each step up the dialogue scale takes of platforms, content and organisation."""
    m = data["move"]
    w.heading(_label(data, "report.section.move"), 1, new_page=True)
    now, desired = _label(data, "report.summary.now"), _label(data, "report.summary.desired")
    w.level_cards([(now, m["now"]), (desired, m["desired"])], _label(data, "report.none"))
    if m["rationale"]:
        w.heading(_label(data, "field.rationale"), 2)
        w.user_text(m["rationale"])
    involvement = data["strategy"]["involvement"]
    if involvement:
        w.heading(_label(data, "field.involvement_levels"), 2)
        w.paragraph(_label(data, "report.move.involvement_help"), SMALL)
        _chosen(w, involvement)
    if not m["steps"]:
        w.muted(_label(data, "report.move.none"))
        return
    w.paragraph(_label(data, "report.move.intro"))
    for step in m["steps"]:
        w.heading(f"{step['title']} · {step['name']}", 2)
        _keep_with_next(w.user_text(step["summary"], italic=True))
        _aspects(w, step["aspects"])
        w.caveats(step["caveat"])


def _chosen(w: Writer, items: list[dict[str, str]]) -> None:
    """Chosen catalogue items: each name in bold, what it means in small type under it."""
    for item in items:
        name = w.paragraph(item["name"], bold=True).paragraph_format
        name.keep_with_next, name.space_after = True, Pt(0)
        w.paragraph(item["description"], SMALL).paragraph_format.space_after = Pt(6)


def style(w: Writer, data: Data) -> None:
    """Style, tone and accessibility, following the move on its page; only when described."""
    st = data["strategy"]
    if not (st["style_and_tone"] or st["accessibility"] or st["accessibility_notes"]):
        return
    w.heading(_label(data, "report.section.style"), 1)
    if st["style_and_tone"]:
        w.heading(_label(data, "field.style_tone"), 2)
        w.user_text(st["style_and_tone"])
    if st["accessibility"] or st["accessibility_notes"]:
        w.heading(_label(data, "field.accessibility"), 2)
        _chosen(w, st["accessibility"])
        if st["accessibility_notes"]:
            note = w.paragraph(f"{_label(data, 'report.style.accessibility_note')}: ", SMALL, bold=True)
            w.run(note, st["accessibility_notes"])


def _aspects(w: Writer, aspects: list[dict[str, str]], example: tuple[str, str] | None = None) -> None:
    rows: list[list[Cell]] = [[_lines(w, (a["label"], "Report Label", False)), a["text"]] for a in aspects]
    if example is not None:
        rows.append([_lines(w, (example[0], "Report Label", False)), _italic(w, example[1])])
    w.layout((0.2, 0.8), rows, keep_together=True)


def _keep_with_next(paragraphs: list) -> None:
    for p in paragraphs:
        p.paragraph_format.keep_with_next = True


def _italic(w: Writer, text: str) -> Callable[[_Cell], None]:
    def fill(cell: _Cell) -> None:
        w.user_text(text, TEXT, into=cell, italic=True)

    return fill


def actions(w: Writer, data: Data) -> None:
    """The action plan, one table per phase."""
    w.heading(_label(data, "report.section.actions"), 1, new_page=True)
    roadmap = data["strategy"]["roadmap"]
    if roadmap:
        w.heading(_label(data, "field.roadmap"), 2)
        w.paragraph(_label(data, "report.actions.roadmap_help"), SMALL)
        w.table(
            (0.25, 0.75),
            (_label(data, "field.period"), _label(data, "field.roadmap_what")),
            [Row([_lines(w, (r["period"], TEXT, True)), r["what"]], r["keep"]) for r in roadmap],
        )
    if not data["actions"]:
        w.muted(_label(data, "report.actions.none"))
    header = [_label(data, key) for key in ("field.action", "field.area", "field.owner", "field.due")]
    for phase in data["actions"]:
        w.heading(phase["phase"], 2)
        w.table(
            (0.42, 0.2, 0.22, 0.16),
            header,
            [Row([a["what"], a["area"], a["owner"], a["due"]], a["keep"]) for a in phase["items"]],
        )


def participants(w: Writer, data: Data) -> None:
    """Who took part: names only where the report may show them (``report_data`` decides)."""
    pp = data["participants"]
    w.heading(_label(data, "report.section.participants"), 1)
    if not pp["rows"]:
        w.muted(_label(data, "report.participants.none"))
    elif pp["show_names"]:
        w.table(
            (0.4, 0.6),
            (_label(data, "field.name"), _label(data, "field.role")),
            [Row([r["name"] or "–", r["role"]], r["keep"]) for r in pp["rows"]],
            keep_together=pp["keep"],
        )
    else:
        w.table(
            (1.0,),
            (_label(data, "field.role"),),
            [Row([r["role"]], r["keep"]) for r in pp["rows"]],
            keep_together=pp["keep"],
        )
    if pp["note"]:
        w.paragraph(pp["note"], SMALL).paragraph_format.space_before = Pt(6)


def appendix(w: Writer, data: Data) -> None:
    """The scale: every level with what it means and an example, and the areas' rubric."""
    a = data["appendix"]
    w.heading(_label(data, "report.section.appendix"), 1, new_page=True, numbered=False)
    w.paragraph(a["name"], bold=True)
    w.user_text(a["description"])
    if a["rating_rule"]:
        w.tinted(a["rating_rule"])
    w.heading(_label(data, "report.appendix.levels"), 2)
    for level in a["levels"]:
        w.heading(f"{level['label']} · {level['name']}", 3)
        _keep_with_next(w.user_text(level["summary"], italic=True))
        _aspects(w, level["aspects"], (_label(data, "report.appendix.example"), level["example"]))
        if level["caveat"]:
            w.caveats([{"title": _label(data, "caveat.title"), "text": level["caveat"]}])
    w.heading(_label(data, "report.appendix.rubric"), 2)
    for area in a["areas"]:
        w.heading(area["name"], 3)
        question = w.paragraph(f"{_label(data, 'report.appendix.question')}: ", SMALL, bold=True)
        question.paragraph_format.keep_with_next = True
        w.run(question, area["question"])
        w.table(
            (0.3, 0.7),
            None,
            [Row([_lines(w, (f"{d['number']} {d['name']}", TEXT, True)), d["text"]]) for d in area["descriptors"]],
            keep_together=True,
        )


def progress(w: Writer, data: Data) -> None:
    """Since last time (a follow-up, or measured KPIs, or actions with a status): levels then
    and now, the timeline, the KPIs against baseline and target, the actions done."""
    p = data["progress"]
    if p is None:
        return
    labels = {**p["labels"], **data["labels"]}
    w.heading(p["title"], 1, new_page=True)
    if p["intro"]:
        w.paragraph(p["intro"])
    for note in p["notes"]:
        w.paragraph(note, SMALL)
    if p["dialogue"] is not None:
        w.heading(labels["report.progress.dialogue"], 2)
        _levels_then_and_now(w, labels, "", [{"name": labels["report.summary.dialogue"], **p["dialogue"]}])
    if p["areas"]:
        w.heading(labels["report.progress.areas"], 2)
        _levels_then_and_now(w, labels, labels["field.area"], p["areas"])
    if p["timeline"] is not None:
        w.heading(labels["report.progress.timeline"], 2)
        w.paragraph(labels["report.progress.timeline_intro"]).paragraph_format.keep_with_next = True
        chart = w.charts[p["timeline"]]
        w.picture(chart.png, w.width, chart.alt, "timeline")
    if p["kpis"]:
        w.heading(labels["report.progress.kpis"], 2)
        header = [
            labels[key]
            for key in (
                "field.kpi",
                "field.baseline",
                "report.progress.kpi.latest",
                "field.target",
                "followup.field.status",
            )
        ]
        w.table(
            (0.27, 0.17, 0.19, 0.22, 0.15),
            header,
            [
                Row(
                    [
                        _lines(w, (k["name"], TEXT, True)),
                        k["baseline"],
                        _lines(w, (k["latest"], TEXT, False), (k["when"], SMALL, False)),
                        _lines(w, (k["target"], TEXT, False), (k["deadline"], SMALL, False)),
                        _lines(w, (k["status"], TEXT, True)),
                    ],
                    k["keep"],
                )
                for k in p["kpis"]
            ],
        )
        w.paragraph(labels["report.progress.kpi.rule"], SMALL)
        charts = [w.charts[k["chart"]] for k in p["kpis"] if k["chart"] is not None]
        half = int(w.width * 0.48)
        w.layout(
            (0.5, 0.5), [[_picture(w, chart, half) for chart in charts[i : i + 2]] for i in range(0, len(charts), 2)]
        )
    if not p["counts"]:
        return
    w.heading(labels["report.progress.actions"], 2)
    w.paragraph(p["counts"])
    if not p["actions"]:
        w.muted(labels["report.progress.actions.none"])
        return
    header = [
        labels[key]
        for key in ("field.action", "field.area", "followup.field.status_date", "followup.field.status_note")
    ]
    w.table(
        (0.36, 0.18, 0.16, 0.3),
        header,
        [Row([a["what"], a["area"], a["date"], a["note"]], a["keep"]) for a in p["actions"]],
    )


def _levels_then_and_now(w: Writer, labels: dict[str, str], first: str, rows: list[Data]) -> None:
    """Levels then, now and desired, one row each; why a level cannot be compared below it."""
    keys = (
        "followup.field.then",
        "followup.field.now",
        "followup.field.change",
        "followup.field.desired_then",
        "followup.field.desired_now",
    )
    w.table(
        (0.36, 0.12, 0.12, 0.12, 0.14, 0.14),
        [first, *(labels[key] for key in keys)],
        [
            Row(
                [
                    _lines(w, (r["name"], TEXT, True)),
                    r["then"],
                    r["now"],
                    _lines(w, (r["change"], TEXT, True)),
                    r["desired_then"],
                    r["desired"],
                ],
                notes=_italic(w, r["why"]) if r["why"] else None,
            )
            for r in rows
        ],
        centred=(1, 2, 3, 4, 5),
    )


def _picture(w: Writer, chart: Chart, width: int) -> Callable[[_Cell], None]:
    def fill(cell: _Cell) -> None:
        w.picture(chart.png, Emu(width), chart.alt, chart.name, into=cell)

    return fill


def workshop(w: Writer, data: Data) -> None:
    """Where the group disagreed: each item's spread under the k rule (never who voted what),
    the discussion points, what was agreed and why."""
    ws = data["workshop"]
    if ws is None:
        return
    w.heading(_label(data, "report.workshop.title"), 1, new_page=True)
    w.paragraph(ws["intro"])
    w.paragraph(ws["key"], SMALL)
    levels = len(ws["levels"])
    first, spread = 0.16, 0.26
    widths = (first, *[(1 - first - spread) / (levels - 1)] * (levels - 1), spread)
    for item in ws["items"]:
        title = item["name"] + (f" · {item['round']}" if item["round"] else "")
        w.heading(title, 2).paragraph_format.keep_with_next = True
        w.paragraph(item["voted"], SMALL).paragraph_format.keep_with_next = True
        if item["rows"]:
            w.table(
                widths,
                ["", *ws["levels"]],
                [Row([_lines(w, (r[0], TEXT, True)), *r[1:]]) for r in item["rows"]],
                centred=tuple(range(1, levels)),
                keep_together=True,
            )
        else:
            w.muted(item["hidden"])
        if item["discussion"]:
            w.paragraph(item["discussion"], "Report Caveat", bold=True)
        elif item["close"]:
            w.paragraph(item["close"], SMALL)
        w.paragraph(item["agreed"], bold=True).paragraph_format.space_before = Pt(4)
        for key in ("reasoning", "dissent"):
            if item[key]:
                w.paragraph(_label(data, f"report.workshop.{key}"), "Report Label")
                w.user_text(item[key])


#: The report after its cover, in the PDF's order.
SECTIONS: tuple[Callable[[Writer, Data], None], ...] = (
    summary,
    progress,
    purposes,
    goals,
    areas,
    workshop,
    move,
    style,
    actions,
    participants,
    appendix,
)

"""The result charts: a radar of current versus desired level per area, and a gap chart.

Built on :class:`matplotlib.figure.Figure` directly (never pyplot), so notebooks, the
PDF report and the CLI can draw charts side by side without sharing global state. The
palette is Okabe–Ito and every series also differs in line style and marker, so the
charts read in black and white and for colour-blind readers.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.projections.polar import PolarAxes
from matplotlib.text import Text
from matplotlib.typing import LineStyleType

from ..data.i18n import format_number, t
from ..document.context import Opened
from ..errors import AssessmentError
from ..files.writing import Protected, check_output, write_output
from .analysis import GapRow, gap_rows

#: Okabe–Ito colours: blue, vermillion, bluish green; plus neutral greys.
BLUE, VERMILLION, GREEN = "#0072B2", "#D55E00", "#009E73"
INK, GRID, MUTED = "#222222", "#BBBBBB", "#767676"
FORMATS = {".png", ".svg", ".pdf"}
PRINT_DPI = 220
NOTE_WIDTH = 112  # characters per note line at 8 pt on a 7.6 in wide chart
WIDTH = 7.6
RADAR_DIAMETER = 4.2
LABEL_OFFSET = 1.1  # area labels sit this far out, relative to the outer ring
TITLE_ROOM = 0.55
PROFILE_MIN_AXES = 3.6  # inches for the level axis of the gap chart, however long the labels


@dataclass(frozen=True)
class Series:
    """One line on a chart: its label, a value per area id (None: no point) and its style."""

    label: str
    values: dict[str, float | None]
    color: str
    linestyle: LineStyleType
    marker: str


def _series(opened: Opened, compare: dict[str, float | None] | None, compare_label: str | None) -> list[Series]:
    lang = opened.lang
    rows = {r.area_id: r for r in gap_rows(opened)}
    found = [
        Series(t(lang, "field.current_level"), {a: r.current for a, r in rows.items()}, BLUE, "-", "o"),
        Series(t(lang, "field.desired_level"), {a: r.desired for a, r in rows.items()}, VERMILLION, "--", "s"),
    ]
    if compare is not None:
        values = {a: (None if rows[a].not_applicable else compare.get(a)) for a in rows}
        found.append(Series(compare_label or t(lang, "report.chart.compare"), values, GREEN, ":", "^"))
    return found


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=True)) or text


def _status(row: GapRow, lang: str) -> str | None:
    """What to show instead of points: not applicable, or not rated at all."""
    if row.not_applicable:
        return t(lang, "field.not_applicable")
    if row.current is None and row.desired is None:
        return t(lang, "report.not_rated")
    return None


def chart_notes(opened: Opened, levels_key: bool = True, skip: Collection[int] = ()) -> list[str]:
    """What goes under a chart, one paragraph each: the level key (when axes show only
    numbers) and every caveat but those of the levels in ``skip`` (shown elsewhere on the
    page). The report prints them once as a caption instead."""
    lang = opened.lang
    lines = []
    if levels_key:
        key = " · ".join(f"{lv.level}\N{NO-BREAK SPACE}{lv.name(lang)}" for lv in opened.scale.levels)
        lines.append(f"{t(lang, 'report.chart.levels')} {key}")
    for lv in opened.scale.levels:
        if lv.caveat is not None and lv.level not in skip:
            lines.append(
                t(lang, "report.chart.caveat_note", number=lv.level, name=lv.name(lang), caveat=lv.caveat(lang))
            )
    return lines


def _wrapped_notes(opened: Opened, levels_key: bool) -> str:
    return "\n".join(_wrap(line, NOTE_WIDTH) for line in chart_notes(opened, levels_key))


def _footer(fig: Figure, series: list[Series], notes: str, height: float) -> None:
    """Legend and notes in the bottom ``FOOTER`` inches plus the notes' own lines."""
    handles = [Line2D([], [], color=s.color, linestyle=s.linestyle, marker=s.marker, linewidth=2) for s in series]
    top = _note_height(notes) + 0.5
    fig.legend(
        handles,
        [s.label for s in series],
        loc="upper center",
        bbox_to_anchor=(0.5, top / height),
        ncol=len(series),
        frameon=False,
        fontsize=10,
        handlelength=3,
    )
    if notes:
        fig.text(0.04, (top - 0.45) / height, notes, ha="left", va="top", fontsize=8, color=INK, linespacing=1.35)


def _note_height(notes: str) -> float:
    return 0.16 * (notes.count("\n") + 1) + 0.1 if notes else 0.0


def _text_width(text: str, size: float) -> float:
    """Inches the widest line of ``text`` takes at ``size`` points: measured before drawing,
    so the figure is made wide enough and shows every label even saved without cropping."""
    renderer = RendererAgg(1, 1, 72)
    prop = FontProperties(size=size)
    return max(renderer.get_text_width_height_descent(line, prop, ismath=False)[0] for line in text.split("\n")) / 72


def _new_figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), facecolor="white", dpi=100)
    FigureCanvasAgg(fig)
    return fig


def radar_figure(
    opened: Opened,
    compare: dict[str, float | None] | None = None,
    compare_label: str | None = None,
    *,
    notes: bool = True,
) -> Figure:
    """Current versus desired level on every area; a third series optional (e.g. group median).

    With fewer than three areas a radar is no shape, so the same series are drawn as a
    level profile (one row per area) instead. ``notes=False`` leaves out the caveat note
    for a caller that prints :func:`chart_notes` itself.
    """
    series = _series(opened, compare, compare_label)
    if len(opened.scale.areas) < 3:
        rows = sorted(gap_rows(opened), key=lambda r: [a.id for a in opened.scale.areas].index(r.area_id))
        return _profile(opened, rows, series, t(opened.lang, "report.chart.radar_title"), show_gap=False, notes=notes)
    lang = opened.lang
    levels = opened.scale.levels
    top = len(levels)
    by_area = {r.area_id: r for r in gap_rows(opened)}
    areas = opened.scale.areas
    step = 2 * math.pi / len(areas)
    angles = [i * step for i in range(len(areas))]
    labels = [
        _area_label(area.name(lang), _status(by_area[area.id], lang), angle)
        for area, angle in zip(areas, angles, strict=False)
    ]

    radius = RADAR_DIAMETER / 2
    reach = [radius * LABEL_OFFSET * label.y for label in labels]
    above = max(
        r + label.height * {"bottom": 1, "center": 0.5, "top": 0}[label.va]
        for r, label in zip(reach, labels, strict=False)
    )
    below = max(
        -r + label.height * {"top": 1, "center": 0.5, "bottom": 0}[label.va]
        for r, label in zip(reach, labels, strict=False)
    )
    room_above, room_below = max(0.0, above - radius) + 0.15, max(0.0, below - radius) + 0.15
    side = max(
        abs(radius * LABEL_OFFSET * math.sin(angle))
        + _text_width(label.text, 10) * (0.5 if label.ha == "center" else 1)
        for label, angle in zip(labels, angles, strict=False)
    )
    width = max(WIDTH, 2 * (side + 0.15))
    note = _wrapped_notes(opened, levels_key=True) if notes else ""
    footer = _note_height(note) + 0.55
    height = TITLE_ROOM + room_above + RADAR_DIAMETER + room_below + footer
    fig = _new_figure(width, height)
    ax = cast(
        PolarAxes,
        fig.add_axes(
            (
                (width - RADAR_DIAMETER) / 2 / width,
                (footer + room_below) / height,
                RADAR_DIAMETER / width,
                RADAR_DIAMETER / height,
            ),
            projection="polar",
        ),
    )
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    ax.set_ylim(0, top * 1.03)
    ax.set_yticks([])
    ax.set_xticks(angles)
    ax.set_xticklabels([])
    ax.xaxis.grid(True, color=GRID, linewidth=0.8)
    ax.spines["polar"].set_visible(False)
    ax.set_facecolor("white")

    circle = [i * 2 * math.pi / 240 for i in range(241)]
    for lv in levels:
        dashed = lv.caveat is not None
        ax.plot(
            circle,
            [lv.level] * len(circle),
            color=MUTED if dashed else GRID,
            linestyle=(0, (4, 3)) if dashed else "-",
            linewidth=1.1 if dashed else 0.8,
            zorder=1,
        )
        # Its number on its ring halfway between the first two spokes, where no data point
        # sits (the points are on the spokes); the names are in the key under the chart.
        ax.annotate(
            str(lv.level),
            xy=(step / 2, lv.level),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=10,
            fontweight="bold",
            color=MUTED,
            ha="center",
            va="center",
            zorder=3,
            bbox={"boxstyle": "circle,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        )

    for i, s in enumerate(series):
        values = [s.values.get(a.id) for a in areas]
        radii = [math.nan if v is None else v for v in values + values[:1]]
        ax.plot(angles + angles[:1], radii, color=s.color, linestyle=s.linestyle, linewidth=2, zorder=4)
        points = [(a, v) for a, v in zip(angles, values, strict=False) if v is not None]
        if points:
            ax.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                linestyle="none",
                marker=s.marker,
                markersize=7,
                color=s.color,
                markeredgecolor="white",
                zorder=5,
                clip_on=False,
            )
        if i == 0 and all(v is not None for v in values):
            ax.fill(angles, values, color=s.color, alpha=0.10, zorder=2)

    for label, angle in zip(labels, angles, strict=False):
        ax.text(
            angle,
            top * 1.03 * LABEL_OFFSET,
            label.text,
            ha=label.ha,
            va=label.va,
            fontsize=10,
            clip_on=False,
            color=MUTED if label.muted else INK,
            style="italic" if label.muted else "normal",
            linespacing=1.2,
        )

    fig.suptitle(t(lang, "report.chart.radar_title"), fontsize=14, color=INK, y=1 - 0.2 / height)
    _footer(fig, series, note, height)
    return _plain_text(fig)


@dataclass(frozen=True)
class _AreaLabel:
    text: str
    ha: str
    va: str
    y: float
    muted: bool

    @property
    def height(self) -> float:
        """Inches, at 10 pt with 1.2 line spacing."""
        return 0.17 * (self.text.count("\n") + 1)


def _area_label(name: str, status: str | None, angle: float) -> _AreaLabel:
    """An area's name outside the radar, aligned away from the circle so it never covers it."""
    x, y = math.sin(angle), math.cos(angle)
    ha = "left" if x > 0.15 else "right" if x < -0.15 else "center"
    va = "bottom" if y > 0.15 else "top" if y < -0.15 else "center"
    text = _wrap(name, 28 if ha == "center" else 20) + (f"\n({status.lower()})" if status else "")
    return _AreaLabel(text, ha, va, y, status is not None)


def gap_figure(opened: Opened, *, notes: bool = True) -> Figure:
    """One row per area, largest gap first: a dumbbell from current to desired level."""
    series = _series(opened, None, None)
    title = t(opened.lang, "report.chart.gap_title")
    return _profile(opened, gap_rows(opened), series, title, show_gap=True, notes=notes)


def _profile(
    opened: Opened, rows: list[GapRow], series: list[Series], title: str, show_gap: bool, notes: bool
) -> Figure:
    """Rows of areas on a level axis; the radar's fallback and the gap chart's body."""
    lang = opened.lang
    levels = opened.scale.levels
    labels = [_wrap(r.name, 28) for r in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    body = max(1.0, 0.24 * lines + 0.2 * len(rows))
    note = _wrapped_notes(opened, levels_key=True) if notes else ""
    footer = _note_height(note) + 0.55
    height = body + 0.7 + 0.35 + footer
    left = max(_text_width(label, 10) for label in labels) + 0.3
    right = 0.9  # the gap column
    width = max(WIDTH, left + PROFILE_MIN_AXES + right)
    fig = _new_figure(width, height)
    ax = fig.add_axes((left / width, (footer + 0.35) / height, (width - left - right) / width, body / height))
    ax.set_xlim(0.5, len(levels) + 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xticks([lv.level for lv in levels])
    ax.set_xticklabels([str(lv.level) for lv in levels], fontsize=10)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels, fontsize=10, linespacing=1.2)
    ax.tick_params(length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)
    for lv in levels:
        dashed = lv.caveat is not None
        ax.axvline(
            lv.level,
            color=MUTED if dashed else GRID,
            linewidth=1.0 if dashed else 0.7,
            linestyle=(0, (4, 3)) if dashed else "-",
            zorder=0,
        )
    center = (len(levels) + 1) / 2

    for y, (row, tick) in enumerate(zip(rows, ax.get_yticklabels(), strict=False)):
        status = _status(row, lang)
        if status:
            tick.set_color(MUTED)
            ax.text(
                center,
                y,
                status,
                ha="center",
                va="center",
                fontsize=10,
                color=MUTED,
                style="italic",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 2},
                zorder=3,
            )
            continue
        if row.current is not None and row.desired is not None and len(series) == 2:
            ax.annotate(
                "",
                xy=(row.desired, y),
                xytext=(row.current, y),
                zorder=2,
                arrowprops={"arrowstyle": "-", "color": "#999999", "linewidth": 3},
            )
        offsets = [0.0] * len(series) if len(series) == 2 else [(i - 1) * 0.18 for i in range(len(series))]
        for s, dy in zip(series, offsets, strict=False):
            value = s.values.get(row.area_id)
            if value is not None:
                ax.plot(
                    [value],
                    [y + dy],
                    linestyle="none",
                    marker=s.marker,
                    markersize=9,
                    color=s.color,
                    markeredgecolor="white",
                    zorder=4,
                )
        if show_gap and row.gap is not None:
            gap = ("+" if row.gap > 0 else "") + format_number(row.gap, lang)
            _beside(ax, y, gap, fontsize=11, color=INK, fontweight="bold", va="center")
    if show_gap:
        _beside(ax, -0.5, t(lang, "field.gap"), fontsize=9, color=MUTED, va="bottom")
    fig.suptitle(title, fontsize=14, color=INK, y=1 - 0.2 / height)
    _footer(fig, series, note, height)
    return _plain_text(fig)


def _plain_text(fig: Figure) -> Figure:
    """Every text drawn as typed: ``$5 til $10`` or ``Budget $\\frac$`` in an area's name is
    text, not mathematics (which would draw it wrongly, or fail)."""
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)
    return fig


def _beside(ax: Axes, y: float, text: str, **style: Any) -> None:
    """Text just right of the axes at row ``y``: the gap column, whatever the axis' scale."""
    ax.annotate(
        text,
        xy=(1, y),
        xycoords=ax.get_yaxis_transform(),
        xytext=(12, 0),
        textcoords="offset points",
        ha="left",
        annotation_clip=False,
        **style,
    )


def check_chart_path(path: Path, protect: Protected | None = None) -> Path:
    """Refuse a chart file name before any drawing: a known suffix, a file that may be written."""
    if path.suffix.lower() not in FORMATS:
        raise AssessmentError(f"{path}: unknown chart format '{path.suffix}': use .png, .svg or .pdf")
    return check_output(path, protect)


def save_figure(fig: Figure, path: Path | str, protect: Protected | None = None) -> Path:
    """Write a chart as PNG (print resolution), SVG or PDF, chosen by the file's suffix;
    never over a file in ``protect``. Written atomically, so a failed save never leaves half a chart.
    """
    path = check_chart_path(Path(path), protect)
    suffix = path.suffix.lower()
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format=suffix[1:],
        dpi=PRINT_DPI,
        bbox_inches="tight",
        pad_inches=0.15,
        facecolor="white",
        metadata=_metadata(suffix),
    )
    return write_output(path, buffer.getvalue(), protect)


def _metadata(suffix: str) -> dict[str, str | None]:
    """No creation date in SVG and PDF, so the same assessment gives the same file."""
    if suffix == ".svg":
        return {"Date": None}
    if suffix == ".pdf":
        return {"CreationDate": None}
    return {}

"""The follow-up's charts: a small chart per KPI over time, and a timeline per area.

Built on matplotlib ``Figure`` (never pyplot), with the palette, line styles and markers
of :mod:`charts`, so they read in black and white and for colour-blind readers.
"""

from __future__ import annotations

import datetime as dt
import math

from matplotlib.dates import AutoDateLocator, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..data.i18n import format_number, locale, t
from ..document.context import Opened
from ..document.model import Kpi
from .analysis import target_text
from .charts import BLUE, GRID, INK, MUTED, VERMILLION, _new_figure, _wrap
from .kpi_status import expected_value
from .progress import TimelinePoint

KPI_SIZE = (3.7, 2.5)
PANEL = (2.45, 1.45)
COLUMNS = 3


def short_date(day: dt.date, lang: str) -> str:
    """``mar. 2027``: month and year, as an axis has room for."""
    month = locale(lang).months[day.month - 1]
    return f"{month[:3]}{'.' if len(month) > 3 else ''} {day.year}"


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GRID)
    ax.tick_params(colors=INK, labelsize=7, length=2)
    ax.grid(axis="y", color=GRID, linewidth=0.5)


def kpi_figure(kpi: Kpi, lang: str, workshop_date: dt.date | None) -> Figure:
    """The KPI's measurements over time against its baseline, its target and, with a
    deadline, the straight line to it that "on track" is measured against."""
    fig = _new_figure(*KPI_SIZE)
    ax = fig.add_axes((0.17, 0.3, 0.78, 0.52))
    _style(ax)
    start = kpi.baseline_date or workshop_date
    points = sorted(kpi.actuals, key=lambda m: m.date)
    days = [m.date for m in points]
    handles, labels = [], []
    if kpi.baseline is not None and start is not None:
        ax.plot(
            [date2num(start)],
            [kpi.baseline],
            marker="o",
            markersize=6,
            markerfacecolor="white",
            markeredgecolor=MUTED,
            linestyle="none",
            zorder=4,
        )
        handles.append(Line2D([], [], marker="o", markerfacecolor="white", markeredgecolor=MUTED, linestyle="none"))
        labels.append(t(lang, "field.baseline"))
        days.append(start)
    if (
        kpi.deadline is not None
        and start is not None
        and kpi.baseline is not None
        and kpi.target is not None
        and expected_value(kpi, start, kpi.deadline) is not None
    ):
        ax.plot(
            [date2num(start), date2num(kpi.deadline)],
            [kpi.baseline, kpi.target],
            color=MUTED,
            linestyle=":",
            linewidth=1.2,
            zorder=2,
        )
        handles.append(Line2D([], [], color=MUTED, linestyle=":", linewidth=1.2))
        labels.append(t(lang, "report.progress.kpi.line"))
        days.append(kpi.deadline)
    ax.axhline(kpi.target, color=VERMILLION, linestyle="--", linewidth=1.2, zorder=1)
    handles.append(Line2D([], [], color=VERMILLION, linestyle="--", linewidth=1.2))
    labels.append(f"{t(lang, 'field.target')}: {target_text(kpi, lang)}")
    if points:
        ax.plot(
            [date2num(m.date) for m in points],
            [m.value for m in points],
            color=BLUE,
            marker="s",
            markersize=5,
            linewidth=1.8,
            markeredgecolor="white",
            zorder=5,
        )
        handles.append(Line2D([], [], color=BLUE, marker="s", linewidth=1.8))
        labels.append(t(lang, "report.progress.kpi.measured"))
    if days:
        low, high = date2num(min(days)), date2num(max(days))
        pad = max(15.0, (high - low) * 0.06)
        ax.set_xlim(low - pad, high + pad)
        ax.xaxis.set_major_locator(AutoDateLocator(minticks=2, maxticks=4))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: short_date(num2date(x).date(), lang)))
    else:
        ax.set_xticks([])
    values = [kpi.target, *(m.value for m in points), *([kpi.baseline] if kpi.baseline is not None else [])]
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or abs(high) * 0.1 or 1.0
    ax.set_ylim(low - pad, high + pad)  # room for the markers at the edges
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(round(v, 2), lang)))
    ax.set_ylabel(_wrap(kpi.unit, 18), fontsize=7, color=INK)
    fig.text(0.03, 0.97, _wrap(kpi.name, 52), fontsize=8.5, fontweight="bold", color=INK, va="top")
    fig.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=2,
        frameon=False,
        fontsize=6.5,
        handlelength=2.2,
        columnspacing=1.0,
    )
    return fig


def timeline_figure(opened: Opened, points: list[TimelinePoint]) -> Figure:
    """One small panel for the dialogue level and each area: current (solid) and desired
    (dashed) level at every assessment, oldest left; no point where it cannot be compared."""
    lang = opened.lang
    panels: list[tuple[str, list[int | None], list[int | None]]] = [
        (t(lang, "report.summary.dialogue"), [p.dialogue.level if not p.dialogue.problem else None for p in points], [])
    ]
    for area in opened.scale.areas:
        panels.append(
            (
                area.name(lang),
                [None if p.current[area.id].problem else p.current[area.id].level for p in points],
                [None if p.desired[area.id].problem else p.desired[area.id].level for p in points],
            )
        )
    rows = math.ceil(len(panels) / COLUMNS)
    legend = 0.35
    width, height = PANEL[0] * COLUMNS, PANEL[1] * rows + legend
    fig = _new_figure(width, height)
    top = len(opened.scale.levels)
    ticks = [short_date(p.date, lang) if p.date else "?" for p in points]
    xs = list(range(len(points)))
    for i, (title, current, desired) in enumerate(panels):
        row, col = divmod(i, COLUMNS)
        left = (col * PANEL[0] + 0.38) / width
        bottom = (height - (row + 1) * PANEL[1] + 0.28) / height
        ax = fig.add_axes((left, bottom, (PANEL[0] - 0.55) / width, (PANEL[1] - 0.62) / height))
        _style(ax)
        ax.set_ylim(0.6, top + 0.4)
        ax.set_yticks(opened.scale.numbers)
        ax.set_xlim(-0.3, len(points) - 0.7)
        ax.set_xticks(xs)
        ax.set_xticklabels(ticks, fontsize=6.5)
        for values, color, style, marker in ((desired, VERMILLION, "--", "s"), (current, BLUE, "-", "o")):
            if values:
                ys = [math.nan if v is None else v for v in values]
                ax.plot(
                    xs,
                    ys,
                    color=color,
                    linestyle=style,
                    marker=marker,
                    markersize=4.5,
                    linewidth=1.6,
                    markeredgecolor="white",
                    zorder=3,
                )
        ax.set_title(_wrap(title, 30), fontsize=8, color=INK, loc="left", pad=4)
    handles = [
        Line2D([], [], color=BLUE, marker="o", linewidth=1.6),
        Line2D([], [], color=VERMILLION, linestyle="--", marker="s", linewidth=1.6),
    ]
    fig.legend(
        handles,
        [t(lang, "field.current_level"), t(lang, "field.desired_level")],
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=2,
        frameon=False,
        fontsize=8,
    )
    return fig

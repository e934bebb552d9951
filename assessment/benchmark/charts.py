"""The benchmark's heatmap: for one group, the share of organisations at each level, per
item, current beside desired. A matplotlib ``Figure`` without pyplot, as in ``outputs.charts``.
"""

from __future__ import annotations

from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Rectangle

from ..data.i18n import format_number, t
from ..data.scale import Scale
from ..outputs.charts import GRID, INK, MUTED, _new_figure, _text_width, _wrap
from .figures import Benchmark, Group
from .wording import item_name, n_text

#: white to the Okabe–Ito blue: one hue, so the order of shares reads without colour vision
SHARES = LinearSegmentedColormap.from_list("shares", ["#FFFFFF", "#0072B2"])
CELL_W, CELL_H = 0.42, 0.34
SUPPRESSED = "#E6E6E6"


def heatmap_figure(bench: Benchmark, group: Group, scale: Scale, lang: str) -> MplFigure:
    """Two grids side by side (current, desired): rows are the dialogue level and the areas,
    columns the levels, each cell the share of the group's organisations; N at the right."""
    labels = [_wrap(item_name(row.item, scale, lang), 26) for row in group.rows]
    levels = scale.numbers
    left = max(_text_width(label, 8.5) for label in labels) + 0.2
    grid_w = CELL_W * len(levels)
    gap = 0.75  # room for each panel's N column
    rows_h = CELL_H * len(group.rows) + 0.04 * sum(label.count("\n") for label in labels)
    width, height = left + 2 * (grid_w + gap), rows_h + 0.75
    fig = _new_figure(width, height)
    bottom = 0.1 / height
    for panel, (measure, title) in enumerate(
        (("current", "benchmark.heatmap.current"), ("desired", "benchmark.heatmap.desired"))
    ):
        x0 = (left + panel * (grid_w + gap)) / width
        ax = fig.add_axes((x0, bottom, grid_w / width, rows_h / height))
        ax.set_xlim(0.5, len(levels) + 0.5)
        ax.set_ylim(len(group.rows) - 0.5, -0.5)
        ax.set_xticks(levels)
        ax.set_xticklabels([str(n) for n in levels], fontsize=8)
        ax.xaxis.tick_top()
        ax.set_yticks(range(len(group.rows)))
        ax.set_yticklabels(labels if panel == 0 else [], fontsize=8.5, linespacing=1.1)
        ax.tick_params(length=0, colors=INK)
        for side in ax.spines.values():
            side.set_color(GRID)
        ax.set_title(t(lang, title), fontsize=9, color=INK, pad=16)
        for y, row in enumerate(group.rows):
            figure = getattr(row, measure)
            if figure.suppressed or not figure.shares:
                ax.fill_between([0.5, len(levels) + 0.5], y - 0.5, y + 0.5, color=SUPPRESSED, linewidth=0)
                if figure.suppressed:
                    ax.text(
                        (len(levels) + 1) / 2,
                        y,
                        n_text(figure, bench, lang),
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color=MUTED,
                        style="italic",
                    )
                continue
            for x, share in zip(levels, figure.shares, strict=True):
                ax.add_patch(_cell(x, y, share))
                ax.text(
                    x,
                    y,
                    f"{format_number(round(share * 100), lang)} %",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if share > 0.55 else INK,
                )
        for y, row in enumerate(group.rows):
            figure = getattr(row, measure)
            if not figure.suppressed:
                ax.annotate(
                    f"N = {figure.n}",
                    xy=(1, y),
                    xycoords=ax.get_yaxis_transform(),
                    xytext=(6, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center",
                    fontsize=7,
                    color=MUTED,
                    annotation_clip=False,
                )
    return fig


def _cell(x: int, y: int, share: float) -> Rectangle:
    return Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=SHARES(share), edgecolor="white", linewidth=1.2)

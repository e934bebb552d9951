"""The package's charts inside a page: drawn to PNG in an <img> with its text alternative, redrawn on change.

An image rather than an inline plot: it renders the same in JupyterLab and Voilà,
can be replaced in place when a level changes, and tests can read its bytes.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from html import escape

import ipywidgets as W
from matplotlib.figure import Figure

from ...outputs.analysis import caveated_levels
from ...outputs.charts import chart_notes, radar_figure
from ..state.session import Session
from .style import para, shared

DPI = 120  # sharp on a projector and at 150 % zoom


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes; the figure is cleared afterwards, as nothing else uses it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    fig.clear()
    return buffer.getvalue()


class Radar:
    """Current versus desired level per area, in the assessment's language; the note on the
    dashed (caveated) ring is page text under the image, readable at any width."""

    def __init__(self, session: Session, css: str, *, boxed: Callable[[], list[int | None]] = list) -> None:
        """``boxed``: the levels whose caveat the page shows in a box of its own, so the note
        under the chart leaves them out and no caveat is read twice."""
        self.session = session
        self.boxed = boxed
        # an <img> in an HTML widget rather than an Image widget: it can carry its text alternative
        self.image = W.HTML(layout=shared(W.Layout, width="100%", max_width="720px"))
        self.image.add_class(css)
        self.notes = para("", "dmw-help", f"{css}-notes")
        self.box = W.VBox([self.image, self.notes], layout=shared(W.Layout, min_width="0", overflow="visible"))
        self.draw()

    def draw(self) -> None:
        opened = self.session.opened
        data = base64.b64encode(png(radar_figure(opened, notes=False))).decode("ascii")
        alt = escape(self.session.t("report.chart.radar_title"))
        self.image.value = f'<img src="data:image/png;base64,{data}" alt="{alt}" style="width: 100%; height: auto">'
        boxed = {lv.level for lv in caveated_levels(opened, self.boxed())}
        notes = chart_notes(opened, skip=boxed)  # the key to the numbered rings, and caveats
        self.notes.value = para("\n".join(notes)).value

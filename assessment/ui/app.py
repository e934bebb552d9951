"""The whole workbook on one page, for organisations assessing themselves (``make app``:
Voilà, no code visible). The same views and the same autosave as the notebooks."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import ipywidgets as W

from ..serve.voila_page import wait_for_page
from .state.session import ALL, Sections, Session
from .steps.areas import AreasView
from .steps.dialogue import DialogueView
from .steps.goals import GoalsView
from .steps.purpose import PurposeView
from .steps.start import StartPage, example_note, first_visit
from .steps.strategy import StrategyView
from .steps.summary import SummaryView
from .widgets.fields import fields_in
from .widgets.style import button, html, shared
from .widgets.style import show as reveal
from .widgets.view import View, deferred, show_view

#: The steps in the notebooks' order; the first tab holds the start page and the intake.
STEPS: tuple[tuple[Callable[[Session], View | StartPage], ...], ...] = (
    (StartPage,),
    (PurposeView,),
    (GoalsView, StrategyView),
    (DialogueView,),
    (AreasView,),
    (SummaryView,),
)


class App:
    """One tab per step, each ending in a button to the next."""

    tabs: W.Tab

    def __init__(self, session: Session, *, first_visit: bool = False) -> None:
        self.session = session
        first, *later = STEPS
        with deferred():  # built when their tab is first opened
            waiting = [[make(session) for make in step] for step in later]
        self.views = [[make(session) for make in first], *waiting]
        start = self.views[0][0]
        assert isinstance(start, StartPage)
        if first_visit:
            start.start.choose_way("new")
        start.marking = False  # the app marks an example above every tab instead
        start.mark()
        self.next_buttons = [button("", f"dmw-next-step-{i}", primary=True) for i in range(len(STEPS) - 1)]
        for i, b in enumerate(self.next_buttons):
            b.on_click(lambda _b, i=i: setattr(self.tabs, "selected_index", i + 1))
        pages = [W.VBox([*(v.box for v in views), *self.next_buttons[i : i + 1]]) for i, views in enumerate(self.views)]
        self.tabs = W.Tab(children=pages, layout=shared(W.Layout, width="100%"))
        self.tabs.add_class("dmw-tabs")
        self.tabs.observe(self._moved, "selected_index")
        self.example = html("", "dmw-example-banner")
        self.box = W.VBox([self.example, self.tabs], layout=shared(W.Layout, width="100%"))
        session.subscribe(self._changed)
        self._titles()

    def _moved(self, change: dict) -> None:
        """Moving on from a step says what its fields still need (unfinished rows stay as
        drafts: nothing is lost), and draws the step opened."""
        if change["old"] is not None:
            for v in self.views[change["old"]]:
                for field in fields_in(v.intake.box if isinstance(v, StartPage) else v.box):
                    field.reveal()
        self._show(change["new"])

    def _show(self, index: int | None) -> None:
        """Only the open tab's views are drawn; the others wait until they are opened."""
        for i, views in enumerate(self.views):
            for v in views:
                if isinstance(v, View):
                    v.reveal(i == index)

    def _titles(self) -> None:
        self.example.value = example_note(self.session)
        reveal(self.example, bool(self.example.value))
        titles = [f"{i + 1} · {self.session.t(views[0].title_key)}" for i, views in enumerate(self.views)]
        self.tabs.titles = tuple(titles)
        for i, b in enumerate(self.next_buttons):
            b.description = self.session.t("ui.app.next", step=titles[i + 1])

    def _changed(self, sections: Sections, external: bool) -> None:
        if ALL in sections or "language" in sections:
            self._titles()


def show() -> None:
    """Display the app for the workspace's current assessment (as it is when the page asks:
    a kernel Voilà heated in advance waits for that moment)."""
    wait_for_page()
    first = first_visit()
    show_view(partial(App, first_visit=first), fallback=True)

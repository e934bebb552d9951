"""Step 1, start: open an assessment or create a new one, and choose the session's language.

The choice is remembered in the workbook home (:mod:`assessment.document.workspace`), so the
notebooks that follow open the same file without anyone editing code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path

import ipywidgets as W

from ...data.i18n import locale, locales
from ...data.scale import Scale, load_scale_cached, resolve_scale, scales_by_id
from ...document import workspace
from ...document.context import Opened, create_assessment, open_assessment
from ...errors import AssessmentError
from ...files.filenames import safe_file_stem
from ..state.session import Session
from ..widgets.fields import Choice, Field, bind, catalogue_options, put, text
from ..widgets.style import button, columns, heading, html, para, shared
from ..widgets.style import show as reveal
from ..widgets.view import View, show_view
from .followup import follow_up_section
from .intake import IntakeView


def language_options(languages: list[str]) -> list[tuple[str, str]]:
    """The scale's languages the workbook can speak, by their own names (Dansk, Norsk bokmål …)."""
    return [(locale(lang).name, lang) for lang in languages if lang in locales()]


#: The ways into the workbook, in the order the start page offers them.
WAYS = ("new", "open", "example")
#: The ways that use the folder field, and after how many of their panel's parts it stands.
FOLDER_AFTER = {"new": 3, "open": 1}


def is_example_copy(path: Path) -> bool:
    """Whether ``path`` is a working copy of a shipped example (``hospital-da.json``,
    ``hospital-da-2.json`` … in the home's assessments folder), so the page can say so."""
    path = Path(path)
    if path.parent.resolve() != workspace.assessments_dir().resolve():
        return False
    return any(re.fullmatch(rf"{re.escape(example.stem)}(-\d+)?", path.stem) for example in workspace.examples())


def example_note(session: Session) -> str:
    """The marker shown while the session works on an example's copy; empty otherwise."""
    if not is_example_copy(session.path):
        return ""
    return (
        f'<p><span class="dmw-badge">{escape(session.t("ui.start.example_badge"))}</span> '
        f"{escape(session.t('ui.start.example_note', file=session.path.name))}</p>"
    )


class StartView(View):
    """Three ways in (a new assessment, one of the team's own files, a copy of an example),
    then the file in use and its language. Only the chosen way's fields show, so no field
    appears twice on the page; the intake of the file in use (``follows``) hides meanwhile."""

    name = "start"
    title_key = "ui.start.title"
    intro_key = "ui.start.intro"
    sections = frozenset({"language"})
    way: str | None = None  # the way in being chosen; None: working on the file in use
    follows: tuple[W.Widget, ...] = ()  # what belongs to the file in use (the intake)

    def build(self) -> list[W.Widget]:
        s, t = self.session, self.t
        self.way_buttons = {way: button(t(f"ui.start.way_{way}"), f"dmw-way-{way}", primary=True) for way in WAYS}
        for way, b in self.way_buttons.items():
            b.tooltip = t(f"ui.start.way_{way}_help")
            b.on_click(lambda _b, way=way: self.choose_way(None if self.way == way else way))
        # the folder of the file in use, so the list starts with it chosen (also under $ASSESSMENT);
        # shown in the panels for opening and for a new file, where new files are made
        self.folder = text(s, "dmw-open-folder", t("ui.open.folder"), str(s.path.parent))
        self.folder.watch(self._list_files)
        # in a row of its own: a flex basis in the panel's column would set its height
        self.folder_box = columns([self.folder.widget(flex="0 1 40em")])
        self.panels = {"new": self._new_panel(), "open": self._open_panel(), "example": self._example_panel()}
        self.current = W.VBox(self._current_parts(), layout=shared(W.Layout, width="100%"))
        self.current.add_class("dmw-start-current")
        ways = columns([*self.way_buttons.values()])
        ways.add_class("dmw-ways")
        self._show_way()
        return [ways, *self.panels.values(), self.current]

    def _current_parts(self) -> list[W.Widget]:
        s, t = self.session, self.t
        language = bind(
            s,
            Choice("dmw-language", t("ui.start.language"), language_options(s.opened.scale.languages), s.lang),
            put("language"),
        )
        language.watch(lambda: workspace.remember(s.path, s.lang))
        where = t("ui.start.current_file", file=s.path.name, folder=str(s.path.parent))
        parts: list[W.Widget] = [para(where, "dmw-current-file"), columns([language.widget(flex="0 1 20em")])]
        if workspace.env_override() is not None:
            parts.append(para(t("ui.start.env_override", variable=workspace.ASSESSMENT_ENV), "dmw-help"))
        return parts

    def choose_way(self, way: str | None) -> None:
        """Show the fields of one way in (or none: back to the file in use)."""
        self.way = way
        self._show_way()

    def _show_way(self) -> None:
        for way, panel in self.panels.items():
            reveal(panel, way == self.way)
            b = self.way_buttons[way]
            (b.add_class if way == self.way else b.remove_class)("dmw-way-chosen")
        if self.way in FOLDER_AFTER:  # one folder field, in the panel that uses it now
            for panel in self.panels.values():
                panel.children = [w for w in panel.children if w is not self.folder_box]
            panel, after = self.panels[self.way], FOLDER_AFTER[self.way]
            panel.children = [*panel.children[:after], self.folder_box, *panel.children[after:]]
        for widget in (self.current, *self.follows):
            reveal(widget, self.way is None)

    def _panel(self, way: str, *parts: W.Widget) -> W.VBox:
        box = W.VBox(
            [heading(self.t(f"ui.start.way_{way}")), *parts], layout=shared(W.Layout, width="100%", flex="0 0 auto")
        )
        box.add_class("dmw-card")
        box.add_class(f"dmw-start-{way}")
        return box

    def _open_panel(self) -> W.VBox:
        t = self.t
        self.file = Choice("dmw-open-file", t("ui.open.file"), [], None)
        self._list_files()
        self.file.select(("file", self.session.path))
        open_button = button(t("ui.open.button"), "dmw-open-button", primary=True)
        open_button.on_click(lambda _b: self.open_chosen())
        self.open_message = para("", "dmw-message", "dmw-open-message")
        return self._panel(
            "open",
            self.folder_box,
            columns([self.file.widget(flex="0 1 40em")]),
            open_button,
            self.open_message,
            *follow_up_section(self.session, self.file, self.folder, self._switch),
        )

    def _example_panel(self) -> W.VBox:
        t = self.t
        self.example = Choice(
            "dmw-example-file", t("ui.start.example"), [(p.stem, p) for p in workspace.examples()], None
        )
        try_button = button(t("ui.start.example_button"), "dmw-example-button", primary=True)
        try_button.on_click(lambda _b: self.open_example())
        self.example_message = para("", "dmw-message", "dmw-example-message")
        return self._panel(
            "example",
            para(t("ui.start.example_help"), "dmw-help"),
            columns([self.example.widget(flex="0 1 24em")]),
            try_button,
            self.example_message,
        )

    def _list_files(self) -> None:
        ok, folder = self.folder.read()
        where = Path(folder).expanduser() if ok and folder else workspace.assessments_dir()
        self.file.set_options([(p.name, ("file", p)) for p in workspace.assessments_in(where)])

    def open_chosen(self) -> None:
        """Open the chosen file of the team's own."""
        ok, chosen = self.file.read()
        if ok and chosen is not None:
            self._switch(lambda: open_assessment(chosen[1]), self.open_message)

    def open_example(self) -> None:
        """A fresh copy of the chosen example, so the shipped one stays as it is."""
        ok, path = self.example.read()
        if ok and path is not None:
            self._switch(lambda: open_assessment(workspace.copy_example(path.name, fresh=True)), self.example_message)

    def _switch(self, make: Callable[[], Opened], message: W.HTML) -> None:
        try:
            opened = make()
        except AssessmentError as exc:
            message.value = f"<p>{self.t('ui.open.cannot')}<br><code>{escape(str(exc))}</code></p>"
            return
        workspace.remember(opened.file.path, opened.lang)
        self.way = None
        self.session.replace(opened)

    def _new_panel(self) -> W.VBox:
        s, t = self.session, self.t
        self.new_org = text(s, "dmw-new-org", t("field.organisation"), "", required="ui.error.org_name")
        self.new_type = Choice(
            "dmw-new-type", t("field.organisation_type"), catalogue_options(s, "organisation_types"), "other"
        )
        scales = [(_scale_name(load_scale_cached(p), s.lang), scale_id) for scale_id, p in scales_by_id().items()]
        self.new_scale = Choice("dmw-new-scale", t("ui.new.scale"), scales, s.opened.scale.id)
        self.new_scale_file = text(
            s, "dmw-new-scale-file", t("ui.new.scale_file"), "", placeholder=t("ui.new.scale_file_hint")
        )
        # the language the team works in now, while the chosen scale offers it
        self.new_lang = Choice(
            "dmw-new-language", t("ui.start.language"), language_options(s.opened.scale.languages), s.lang
        )
        for f in (self.new_scale, self.new_scale_file):
            f.watch(self._offer_languages)
        self._offer_languages()
        create = button(t("ui.new.button"), "dmw-new-button", primary=True)
        create.on_click(lambda _b: self.create())
        self.new_message = para("", "dmw-message", "dmw-new-message")
        cells: list[Field] = [self.new_org, self.new_type, self.new_scale, self.new_scale_file, self.new_lang]
        return self._panel(
            "new",
            para(t("ui.new.help"), "dmw-help"),
            columns([f.widget(flex="1 1 14em") for f in cells]),
            create,
            self.new_message,
        )

    def _scale_choice(self) -> str:
        """A consultant's scale file when one is given, else the chosen built-in scale."""
        _, path = self.new_scale_file.read()
        _, scale_id = self.new_scale.read()
        return path or scale_id

    def _offer_languages(self) -> None:
        try:
            languages = resolve_scale(self._scale_choice()).languages
        except AssessmentError as exc:
            self.new_scale_file.tell(self.t("ui.new.scale_failed", detail=str(exc)))
            return
        self.new_lang.set_options(language_options(languages))

    def create(self) -> None:
        """A new assessment file in the folder shown, named after the organisation."""
        ok, org = self.new_org.read()
        if not ok:
            return
        _, org_type = self.new_type.read()
        _, lang = self.new_lang.read()
        _, folder = self.folder.read()
        target = Path(folder or workspace.assessments_dir()).expanduser()
        self._switch(
            lambda: create_assessment(
                workspace.unique_path(target, safe_file_stem(org)), self._scale_choice(), org, org_type, lang
            ),
            self.new_message,
        )


class StartPage:
    """The first step: the ways in, then the intake of the file in use (hidden while a way in
    is being chosen, so the page never shows two "Organisation" fields)."""

    title_key = StartView.title_key
    marking = True  # the app marks an example above every step instead

    def __init__(self, session: Session, *, first_visit: bool = False) -> None:
        self.start = StartView(session)
        self.intake = IntakeView(session)
        self.start.follows = (self.intake.box,)
        self.start.choose_way("new" if first_visit else None)
        self.note = html("", "dmw-example-note")
        self.mark()
        session.subscribe(lambda sections, external: self.mark())
        self.box = W.VBox([self.note, self.start.box, self.intake.box], layout=shared(W.Layout, width="100%"))

    def mark(self) -> None:
        self.note.value = example_note(self.start.session)
        reveal(self.note, self.marking and bool(self.note.value))


def _scale_name(scale: Scale, lang: str) -> str:
    name = scale.name
    return name(lang) if lang in name.languages() else name(scale.languages[0])


def first_visit() -> bool:
    """Nothing chosen yet in this workbook home: the page opens on a new assessment rather
    than leaving a newcomer inside the example that fills the other steps meanwhile."""
    return workspace.env_override() is None and not workspace.read_state()


def show() -> None:
    """The start page: choose the assessment and language, then the intake."""
    first = first_visit()
    show_view(partial(StartPage, first_visit=first), fallback=True)

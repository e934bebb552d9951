"""Step 1, start: open an assessment or create a new one, and choose the session's language.

The choice is remembered in the workbook home (:mod:`assessment.document.workspace`), so the
notebooks that follow open the same file without anyone editing code.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

import ipywidgets as W

from ..document import workspace
from ..document.context import Opened, create_assessment, open_assessment
from ..errors import AssessmentError
from ..files.filenames import safe_file_stem
from ..data.i18n import locale, locales
from ..data.scale import Scale, load_scale_cached, resolve_scale, scales_by_id
from .fields import Choice, Field, bind, catalogue_options, put, text
from .followup import follow_up_section
from .intake import IntakeView
from .style import button, columns, heading, para
from .view import View, show_view


def language_options(languages: list[str]) -> list[tuple[str, str]]:
    """The scale's languages the workbook can speak, by their own names (Dansk, Norsk bokmål …)."""
    return [(locale(lang).name, lang) for lang in languages if lang in locales()]


class StartView(View):
    """Which assessment, in which language."""

    name = "start"
    title_key = "ui.start.title"
    intro_key = "ui.start.intro"
    sections = frozenset({"language"})

    def build(self) -> list[W.Widget]:
        s, t = self.session, self.t
        language = bind(s, Choice("dmw-language", t("ui.start.language"), language_options(s.opened.scale.languages),
                                  s.lang), put("language"))
        language.watch(lambda: workspace.remember(s.path, s.lang))
        where = t("ui.start.current_file", file=s.path.name, folder=str(s.path.parent))
        parts: list[W.Widget] = [para(where, "dmw-current-file"), columns([language.widget(flex="0 1 20em")])]
        if workspace.env_override() is not None:
            parts.append(para(t("ui.start.env_override", variable=workspace.ASSESSMENT_ENV), "dmw-help"))
        # the folder of the file in use, so the list starts with it chosen (also under $ASSESSMENT)
        self.folder = text(s, "dmw-open-folder", t("ui.open.folder"), str(s.path.parent))
        self.folder.watch(self._list_files)
        self.file = Choice("dmw-open-file", t("ui.open.file"), [], None)
        self._list_files()
        self.file.select(("file", s.path))
        open_button = button(t("ui.open.button"), "dmw-open-button", primary=True)
        open_button.on_click(lambda _b: self.open_chosen())
        self.open_message = para("", "dmw-message", "dmw-open-message")
        where_to_look = columns([self.folder.widget(flex="2 1 20em"), self.file.widget(flex="2 1 20em")])
        return [*parts, heading(t("ui.open.title")), where_to_look,
                open_button, self.open_message, *follow_up_section(s, self.file, self.folder, self._switch),
                *self._new_section()]

    def _file_options(self, folder: Path) -> list[tuple[str, tuple[str, Path]]]:
        own = [(p.name, ("file", p)) for p in workspace.assessments_in(folder)]
        shipped = [(self.t("ui.open.example", file=p.name), ("example", p)) for p in workspace.examples()]
        return own + shipped

    def _list_files(self) -> None:
        ok, folder = self.folder.read()
        self.file.set_options(self._file_options(Path(folder).expanduser() if ok and folder else workspace.assessments_dir()))

    def open_chosen(self) -> None:
        """Open the chosen file; an example is copied first, so it stays as shipped."""
        ok, chosen = self.file.read()
        if not ok or chosen is None:
            return
        kind, path = chosen
        self._switch(lambda: open_assessment(workspace.copy_example(path.name, fresh=True) if kind == "example" else path),
                     self.open_message)

    def _switch(self, make: Callable[[], Opened], message: W.HTML) -> None:
        try:
            opened = make()
        except AssessmentError as exc:
            message.value = f"<p>{self.t('ui.open.cannot')}<br><code>{escape(str(exc))}</code></p>"
            return
        workspace.remember(opened.file.path, opened.lang)
        self.session.replace(opened)

    def _new_section(self) -> list[W.Widget]:
        s, t = self.session, self.t
        self.new_org = text(s, "dmw-new-org", t("field.organisation"), "", required="ui.error.org_name")
        self.new_type = Choice("dmw-new-type", t("field.organisation_type"),
                               catalogue_options(s, "organisation_types"), "other")
        scales = [(_scale_name(load_scale_cached(p), s.lang), scale_id) for scale_id, p in scales_by_id().items()]
        self.new_scale = Choice("dmw-new-scale", t("ui.new.scale"), scales, s.opened.scale.id)
        self.new_scale_file = text(s, "dmw-new-scale-file", t("ui.new.scale_file"), "", placeholder=t("ui.new.scale_file_hint"))
        # the language the team works in now, while the chosen scale offers it
        self.new_lang = Choice("dmw-new-language", t("ui.start.language"), language_options(s.opened.scale.languages), s.lang)
        for f in (self.new_scale, self.new_scale_file):
            f.watch(self._offer_languages)
        self._offer_languages()
        create = button(t("ui.new.button"), "dmw-new-button", primary=True)
        create.on_click(lambda _b: self.create())
        self.new_message = para("", "dmw-message", "dmw-new-message")
        cells: list[Field] = [self.new_org, self.new_type, self.new_scale, self.new_scale_file, self.new_lang]
        return [heading(t("ui.new.title")), para(t("ui.new.help"), "dmw-help"),
                columns([f.widget(flex="1 1 16em") for f in cells]), create, self.new_message]

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
        """A new assessment file in the folder shown above, named after the organisation."""
        ok, org = self.new_org.read()
        if not ok:
            return
        _, org_type = self.new_type.read()
        _, lang = self.new_lang.read()
        _, folder = self.folder.read()
        target = Path(folder or workspace.assessments_dir()).expanduser()
        self._switch(lambda: create_assessment(workspace.unique_path(target, safe_file_stem(org)), self._scale_choice(),
                                               org, org_type, lang), self.new_message)


def _scale_name(scale: Scale, lang: str) -> str:
    name = scale.name
    return name(lang) if lang in name.languages() else name(scale.languages[0])


def show() -> None:
    """The start page: choose the assessment and language, then the intake."""
    show_view(StartView, IntakeView, fallback=True)

"""The assessment's language drives every label: no English leaks into a Danish or a
Norwegian session, and switching language changes everything."""

from __future__ import annotations

import re
import string

import pytest

from assessment.data.i18n import locales
from assessment.data.text import texts_in
from assessment.ui.app import App

from .uikit import choose, custom_session, every_step, example_session, find, message, one, visible_texts

MIN_LENGTH = 5  # shorter fragments ("KPI", "Start") are the same word in every language


def _fragments(text: str) -> list[str]:
    """The fixed parts of a text around its {placeholders}."""
    return [part.strip() for part, *_ in string.Formatter().parse(text) if part and len(part.strip()) >= MIN_LENGTH]


def english_only(session, lang: str) -> set[str]:
    """Every English text of the workbook, the scale and the catalogue that differs from ``lang``."""
    loc = locales()
    found = {frag for key, en in loc["en"].strings.items() if en != loc[lang].strings[key] for frag in _fragments(en)}
    for source in (session.opened.scale, session.opened.catalogue):
        for _, text in texts_in(source):
            if "en" in text.root and text.root["en"] != text.root.get(lang):
                found.update(_fragments(text.root["en"]))
    return found


def _plain(markup: str) -> str:
    return re.sub(r"<[^>]+>", " ", markup)


@pytest.mark.parametrize("example, lang", [("hospital-da.json", "da"), ("national-body-nb.json", "nb")])
def test_no_english_in_a_danish_or_norwegian_session(tmp_path, example, lang):
    s = example_session(tmp_path, example)
    assert s.lang == lang
    shown = [_plain(text) for text in visible_texts(every_step(App(s)))]
    everything = "\n".join(shown)
    leaks = sorted(en for en in english_only(s, lang) if re.search(rf"(?<!\w){re.escape(en)}(?!\w)", everything))
    assert not leaks
    assert not [text for text in shown if text.strip() in {"True", "False", "None"}]


def test_switching_to_english_changes_labels_levels_and_chart(tmp_path):
    s = example_session(tmp_path)
    app = every_step(App(s))
    before = one(app.box, "dmw-radar").value
    choose(one(app.box, "dmw-language"), "English")
    shown = " ".join(visible_texts(every_step(app)))
    assert "One-way information" in shown and "Envejsinformation" not in shown
    assert one(app.box, "dmw-org-name").value == "Sygehus Vestkysten", "answers stay as written"
    assert one(app.box, "dmw-radar").value != before, "the chart is drawn again in English"


def test_a_scale_offers_only_its_own_languages(tmp_path):
    s = custom_session(tmp_path)
    app = App(s)
    assert [label for label, _ in one(app.box, "dmw-language").options] == ["Dansk", "English"]
    assert len(app.tabs.children) == 6


def test_the_app_draws_a_step_when_its_tab_is_opened_and_a_language_switch_waits_for_it(tmp_path):
    """Opening the app and switching its language cost the open step, not all of them."""
    s = example_session(tmp_path)
    app = App(s)
    areas_tab = app.tabs.children[4]
    assert find(areas_tab, "dmw-area-next") == [], "not drawn before it is opened"
    app.tabs.selected_index = 4
    assert one(areas_tab, "dmw-area-next").description == "Næste →"
    app.tabs.selected_index = 0
    choose(one(app.box, "dmw-language"), "English")
    assert one(areas_tab, "dmw-area-next").description == "Næste →", "out of sight: not drawn again yet"
    app.tabs.selected_index = 4
    assert one(areas_tab, "dmw-area-next").description == "Next →"


def test_moving_on_from_a_step_says_what_its_unfinished_rows_still_need(tmp_path):
    app = every_step(App(example_session(tmp_path)))
    app.tabs.selected_index = 2
    goals = app.tabs.children[2]
    n = len(app.session.doc.kpis)
    one(goals, "dmw-kpi-suggest-link_clicks").click()
    assert message(goals, f"dmw-kpi-target-{n}") == "", "a fresh row is no mistake"
    app.tabs.selected_index = 3
    assert message(goals, f"dmw-kpi-target-{n}") == "Skriv målværdien som et tal."
    assert [d.table for d in app.session.doc.drafts] == ["kpi"], "and it is kept as a draft"

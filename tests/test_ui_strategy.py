"""The strategy: position, style and tone, accessibility with notes, the involvement meant,
and a roadmap whose rows are saved only once they name a period."""

from __future__ import annotations

from html import escape

from assessment.ui.app import App
from assessment.ui.steps.strategy import StrategyView

from .uikit import custom_session, every_step, example_session, find, leave, message, on_disk, one, visible_texts


def test_the_example_is_shown_as_saved(tmp_path):
    s = example_session(tmp_path)
    view = StrategyView(s)
    st = s.doc.strategy
    assert one(view, "dmw-strategy-position").value == st.position
    assert one(view, "dmw-strategy-style").value == st.style_and_tone
    assert one(view, "dmw-strategy-accessibility-notes").value == st.accessibility_notes
    assert all(one(view, f"dmw-strategy-accessibility-{i}").value for i in st.accessibility)
    unticked = set(s.opened.catalogue.ids("accessibility")) - set(st.accessibility)
    assert unticked and not any(one(view, f"dmw-strategy-accessibility-{i}").value for i in unticked)
    assert all(one(view, f"dmw-strategy-involvement-{i}").value for i in st.involvement_levels)
    assert one(view, "dmw-roadmap-period-0").value == st.roadmap[0].period == "Forår 2026"


def test_texts_are_saved_at_once(tmp_path):
    s = example_session(tmp_path)
    view = StrategyView(s)
    one(view, "dmw-strategy-position").value = "Kun vi kender vejen gennem sygehuset."
    one(view, "dmw-strategy-style").value = "Klart, venligt og med navn under svaret."
    one(view, "dmw-strategy-accessibility-notes").value = "Podcasten får en skrevet udgave."
    st = on_disk(s).strategy
    assert (st.position, st.style_and_tone, st.accessibility_notes) == (
        "Kun vi kender vejen gennem sygehuset.",
        "Klart, venligt og med navn under svaret.",
        "Podcasten får en skrevet udgave.",
    )


def test_ticking_accessibility_and_involvement_keeps_the_catalogues_order(tmp_path):
    s = custom_session(tmp_path)
    view = StrategyView(s)
    catalogue = s.opened.catalogue
    last, first = catalogue.ids("accessibility")[-1], catalogue.ids("accessibility")[0]
    one(view, f"dmw-strategy-accessibility-{last}").value = True
    one(view, f"dmw-strategy-accessibility-{first}").value = True
    assert on_disk(s).strategy.accessibility == [first, last]
    one(view, f"dmw-strategy-accessibility-{first}").value = False
    assert on_disk(s).strategy.accessibility == [last]
    individual = catalogue.ids("involvement_levels")[0]
    one(view, f"dmw-strategy-involvement-{individual}").value = True
    assert on_disk(s).strategy.involvement_levels == [individual]


def test_each_choice_says_what_it_means(tmp_path):
    s = example_session(tmp_path)
    view = StrategyView(s)
    texts = " ".join(visible_texts(view))
    for kind in ("accessibility", "involvement_levels"):
        for item in getattr(s.opened.catalogue, kind):
            assert escape(item.name("da")) in texts and escape(item.description("da")) in texts


def test_a_roadmap_row_needs_a_period(tmp_path):
    s = custom_session(tmp_path)
    view = StrategyView(s)
    one(view, "dmw-roadmap-add").click()
    one(view, "dmw-roadmap-what-0").value = "Svartiden er lovet på siden."
    assert message(view, "dmw-roadmap-period-0") == "", "no message on a field not yet visited"
    leave(one(view, "dmw-roadmap-period-0"))
    assert message(view, "dmw-roadmap-period-0") == "Skal udfyldes."
    assert on_disk(s).strategy.roadmap == []
    assert [d.data.get("what") for d in on_disk(s).drafts] == ["Svartiden er lovet på siden."], "kept as a draft"
    one(view, "dmw-roadmap-period-0").value = "Forår 2027"
    [step] = on_disk(s).strategy.roadmap
    assert (step.id, step.period, step.what) == ("r1", "Forår 2027", "Svartiden er lovet på siden.")
    one(view, "dmw-roadmap-remove-0").click()
    assert on_disk(s).strategy.roadmap == []


def test_it_speaks_norwegian(tmp_path):
    s = example_session(tmp_path, "national-body-nb.json")
    texts = visible_texts(StrategyView(s))
    assert "Strategi" in " ".join(texts) and "Vår posisjon" in " ".join(texts) and "Veikart" in " ".join(texts)
    assert "Legg til periode" in texts


def test_the_app_shows_the_strategy_with_the_goals(tmp_path):
    app = every_step(App(example_session(tmp_path)))
    goals_tab = app.tabs.children[2]
    assert len(find(goals_tab, "dmw-view-strategy")) == 1 and len(find(goals_tab, "dmw-view-goals")) == 1

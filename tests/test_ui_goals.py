"""Goals and KPIs: objectives, effect goals, and a KPI table that stores nothing invalid."""

from __future__ import annotations

from assessment.ui.steps.goals import GoalsView

from .uikit import choose, custom_session, example_session, leave, message, on_disk, one


def test_objectives_and_effect_goals_linked_to_them(tmp_path):
    s = custom_session(tmp_path)
    view = GoalsView(s)
    one(view, "dmw-objective-add").click()
    one(view, "dmw-objective-text-0").value = "Borgerne bliver hørt"
    one(view, "dmw-effect-add").click()
    assert [label for label, _ in one(view, "dmw-effect-objective-0").options][1] == "1. Borgerne bliver hørt"
    choose(one(view, "dmw-effect-objective-0"), "1. Borgerne bliver hørt")
    one(view, "dmw-effect-text-0").value = "Flere svar på høringer"
    objective, effect = on_disk(s).goals
    assert (objective.kind, effect.kind, effect.objective) == ("objective", "effect", objective.id)
    one(view, "dmw-objective-remove-0").click()
    assert message(view, "dmw-objective-0") == "Målet bruges af en KPI eller et effektmål. Fjern koblingen der først."
    assert len(on_disk(s).goals) == 2


def test_a_kpi_from_a_suggestion_is_saved_once_it_has_a_number_and_a_goal(tmp_path):
    s = example_session(tmp_path)
    view = GoalsView(s)
    n = len(s.doc.kpis)
    one(view, "dmw-kpi-suggest-link_clicks").click()
    assert one(view, f"dmw-kpi-name-{n}").value == "Linkklik"
    assert one(view, f"dmw-kpi-unit-{n}").value == "klik pr. måned"
    assert message(view, f"dmw-kpi-target-{n}") == "" and message(view, f"dmw-kpi-goals-{n}") == "", "no mistake yet"
    leave(one(view, f"dmw-kpi-target-{n}"))
    assert message(view, f"dmw-kpi-target-{n}") == "Skriv målværdien som et tal."
    one(view, f"dmw-kpi-target-{n}").value = "mange"
    assert message(view, f"dmw-kpi-target-{n}") == "Det er ikke et tal. Skriv fx 200 eller 2,5."
    one(view, f"dmw-kpi-target-{n}").value = "1.500"
    one(view, f"dmw-kpi-baseline-{n}").value = "12,5"
    assert len(on_disk(s).kpis) == n, "not saved before it is linked to a goal"
    one(view, f"dmw-kpi-goals-{n}-g1").value = True
    kpi = on_disk(s).kpis[-1]
    assert (kpi.target, kpi.baseline, kpi.goals, kpi.suggestion) == (1500, 12.5, ["g1"], "link_clicks")
    assert message(view, f"dmw-kpi-target-{n}") == ""


def test_a_kpi_without_a_unit_keeps_the_saved_unit(tmp_path):
    s = example_session(tmp_path)
    view = GoalsView(s)
    unit = s.doc.kpis[0].unit
    one(view, "dmw-kpi-unit-0").value = ""
    assert message(view, "dmw-kpi-unit-0") == "Skriv en enhed, fx »klik pr. måned« eller »%«."
    assert on_disk(s).kpis[0].unit == unit
    one(view, "dmw-kpi-unit-0").value = "procent"
    assert on_disk(s).kpis[0].unit == "procent"


def test_kpi_fields_and_removal(tmp_path):
    s = example_session(tmp_path)
    view = GoalsView(s)
    choose(one(view, "dmw-kpi-scope-0"), "Pr. opslag")
    choose(one(view, "dmw-kpi-direction-0"), "Højst (øvre grænse)")
    one(view, "dmw-kpi-period-0").value = "2027"
    kpi = on_disk(s).kpis[0]
    assert (kpi.scope, kpi.direction, kpi.period) == ("post", "at_most", "2027")
    ids = [k.id for k in s.doc.kpis]
    one(view, "dmw-kpi-remove-0").click()
    assert [k.id for k in on_disk(s).kpis] == ids[1:]


def test_a_new_goal_can_be_linked_at_once(tmp_path):
    s = example_session(tmp_path)
    view = GoalsView(s)
    one(view, "dmw-objective-add").click()
    i = sum(g.kind == "objective" for g in s.doc.goals)
    one(view, f"dmw-objective-text-{i}").value = "Et nyt mål"
    new_id = on_disk(s).goals[i].id
    one(view, f"dmw-kpi-goals-0-{new_id}").value = True
    assert new_id in on_disk(s).kpis[0].goals


def test_goals_are_numbered_where_they_are_written_and_kpis_link_to_them_by_their_words(tmp_path):
    s = example_session(tmp_path)
    view = GoalsView(s)
    objective = next(g for g in s.doc.goals if g.kind == "objective")
    effect = next(g for g in s.doc.goals if g.kind == "effect" and g.objective == objective.id)
    assert ">1<" in one(one(view, "dmw-objective-row-0"), "dmw-row-number").value
    assert ">1.1<" in one(one(view, "dmw-effect-row-0"), "dmw-row-number").value
    link = one(view, f"dmw-kpi-goals-0-{effect.id}")
    assert link.description.startswith(f"1.1 {effect.text[:20]}") and link.description != "1.1"
    assert one(view, f"dmw-kpi-goals-0-{objective.id}").description.startswith(f"1 {objective.text[:20]}")
    one(view, "dmw-objective-down-0").click()  # the first objective becomes the second
    assert ">2<" in one(one(view, "dmw-objective-row-1"), "dmw-row-number").value
    assert ">2.1<" in one(one(view, "dmw-effect-row-0"), "dmw-row-number").value
    assert one(view, f"dmw-kpi-goals-0-{effect.id}").description.startswith("2.1 ")
    links = [w.description.split()[0] for w in one(view, "dmw-kpi-goals-0").children]
    assert links == sorted(links, key=lambda n: [int(p) for p in n.split(".")]), "each objective, then its effect goals"

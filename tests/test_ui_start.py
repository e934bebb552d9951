"""The start page: open a file or an example, create a new assessment, switch language."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ipywidgets as W

from assessment.document import workspace
from assessment.ui.app import App
from assessment.ui.steps.start import StartPage, StartView

from .conftest import REPO
from .uikit import CUSTOM_SCALE, choose, every_step, example_session, home, message, on_disk, one  # noqa: F401


def shown(widget: W.Widget) -> Iterator[W.Widget]:
    """The widgets a user sees: those not hidden themselves or inside something hidden."""
    if widget.layout.display == "none":
        return
    yield widget
    for child in getattr(widget, "children", ()) or ():
        yield from shown(child)


def shown_labels(root: W.Widget) -> list[str]:
    """The field labels a user sees."""
    return [
        m
        for w in shown(root)
        if isinstance(w, W.HTML)
        for m in re.findall(r'<span class="dmw-label">(.*?)</span>', w.value)
    ]


def test_trying_an_example_works_on_a_fresh_copy_marked_as_an_example(home, tmp_path):
    s = example_session(tmp_path)
    page = StartPage(s)
    assert page.note.value == "", "the team's own file is not marked"
    shipped = (REPO / "examples" / "municipality-da.json").read_bytes()
    page.start.choose_way("example")
    choose(one(page, "dmw-example-file"), "municipality-da")
    one(page, "dmw-example-button").click()
    assert s.path == home / "assessments" / "municipality-da.json"
    assert s.doc.organisation.name == "Fjordby Kommune"
    assert workspace.current_path() == s.path.resolve()
    assert (REPO / "examples" / "municipality-da.json").read_bytes() == shipped
    assert "municipality-da.json" in one(page, "dmw-current-file").value, "the page shows the new file"
    assert "Eksempel" in page.note.value and "kopi af et eksempel" in page.note.value
    choose(one(page, "dmw-example-file"), "municipality-da")
    one(page, "dmw-example-button").click()
    assert s.path.name == "municipality-da-2.json", "each try is a fresh copy"


def test_a_first_visit_opens_on_a_new_assessment_with_one_set_of_fields(home, tmp_path):
    s = example_session(tmp_path)
    page = StartPage(s, first_visit=True)
    labels = shown_labels(page.box)
    assert labels.count("Organisation") == 1 and labels.count("Organisationstype") == 1 and labels.count("Sprog") == 1
    assert one(page, "dmw-new-org") in list(shown(page.box)), "the new assessment's fields are the ones shown"
    page.start.choose_way(None)
    labels = shown_labels(page.box)
    assert labels.count("Organisation") == 1 and labels.count("Sprog") == 1, "then the file in use's own"


def test_each_way_in_shows_only_its_own_fields(home, tmp_path):
    s = example_session(tmp_path)
    page = StartPage(s)
    for way, field in (("new", "dmw-new-org"), ("open", "dmw-open-file"), ("example", "dmw-example-file")):
        page.start.choose_way(way)
        visible = [w for w in shown(page.box)]
        assert one(page, field) in visible
        assert one(page, "dmw-org-name") not in visible and one(page, "dmw-language") not in visible
    one(page, "dmw-way-example").click()  # the chosen way's button closes it again
    assert page.start.way is None and one(page, "dmw-org-name") in list(shown(page.box))


def test_the_folder_lists_its_assessments_and_no_examples(home, tmp_path):
    s = example_session(tmp_path)
    view = StartView(s)
    one(view, "dmw-open-folder").value = str(tmp_path)
    labels = [label for label, _ in one(view, "dmw-open-file").options]
    assert labels == ["hospital-da.json"]


def test_a_file_that_cannot_be_opened_is_explained(home, tmp_path):
    s = example_session(tmp_path)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    view = StartView(s)
    one(view, "dmw-open-folder").value = str(tmp_path)
    choose(one(view, "dmw-open-file"), "broken.json")
    one(view, "dmw-open-button").click()
    assert "Filen kan ikke åbnes:" in one(view, "dmw-open-message").value
    assert s.path.name == "hospital-da.json"


def test_a_new_assessment_on_the_consultants_scale(home, tmp_path):
    s = example_session(tmp_path)
    view = StartView(s)
    one(view, "dmw-open-folder").value = str(tmp_path)
    one(view, "dmw-new-button").click()
    assert message(view, "dmw-new-org") == "Skriv organisationens navn."
    one(view, "dmw-new-org").value = "Fjordby Sundhed"
    choose(one(view, "dmw-new-type"), "Kommune")
    one(view, "dmw-new-scale-file").value = str(CUSTOM_SCALE)
    assert [label for label, _ in one(view, "dmw-new-language").options] == ["Dansk", "English"]
    choose(one(view, "dmw-new-language"), "English")
    one(view, "dmw-new-button").click()
    assert s.path == tmp_path / "fjordby-sundhed.json"
    doc = on_disk(s)
    assert (doc.organisation.name, doc.organisation.type, doc.language) == ("Fjordby Sundhed", "municipality", "en")
    assert s.opened.scale.id == "citizen-participation" and len(doc.ratings) == 4
    assert workspace.current_path() == s.path.resolve()


def test_a_scale_file_that_is_not_a_scale_is_explained(home, tmp_path):
    s = example_session(tmp_path)
    view = StartView(s)
    (tmp_path / "bad.yaml").write_text("id: nope\n", encoding="utf-8")
    one(view, "dmw-new-scale-file").value = str(tmp_path / "bad.yaml")
    assert message(view, "dmw-new-scale-file").startswith("Skalafilen kan ikke bruges:")


def test_switching_language_changes_every_step_and_is_saved(home, tmp_path):
    s = example_session(tmp_path)
    app = every_step(App(s))
    choose(one(app.box, "dmw-language"), "English")
    assert on_disk(s).language == "en"
    assert app.tabs.titles[1] == "2 · Purpose"
    every_step(app)
    assert one(app.box, "dmw-participant-add").description == "Add participant"
    assert one(app.box, "dmw-area-next").description == "Next →"
    assert workspace.remembered_language() == "en"
    choose(one(app.box, "dmw-language"), "Norsk bokmål")
    assert one(every_step(app).box, "dmw-area-progress").value == "1 av 6"


def test_the_list_starts_in_the_folder_of_the_file_in_use_with_it_chosen(home, tmp_path):
    s = example_session(tmp_path)
    (tmp_path / "another.json").write_bytes((REPO / "examples" / "municipality-da.json").read_bytes())
    view = StartView(s)
    assert one(view, "dmw-open-folder").value == str(s.path.parent)
    files = one(view, "dmw-open-file")
    assert [label for label, i in files.options if i == files.value] == [s.path.name]

"""A first visit to the app: the page opens on a new assessment with one set of fields, the
example in the other steps is marked as a copy, and trying an example says so too."""

from __future__ import annotations

from playwright.sync_api import expect

from assessment.data.i18n import t


def test_a_newcomer_starts_a_new_assessment_and_knows_when_a_copy_of_an_example_is_open(app, workbook):
    server = app()
    wb = workbook("start")
    wb.open(server.url)
    expect(wb("dmw-start-new")).to_be_visible()
    expect(wb("dmw-org-name")).to_be_hidden()  # the file in use's intake waits: one "Organisation" field
    expect(wb("dmw-example-banner")).to_contain_text(t("da", "ui.start.example_badge"))
    labels = wb.page.locator(".dmw-label:visible").all_inner_texts()
    assert labels.count(t("da", "field.organisation")) == 1 and labels.count(t("da", "ui.start.language")) == 1
    wb.shot("first-visit")

    wb.press("dmw-way-example")
    expect(wb("dmw-start-new")).to_be_hidden()
    wb.choose("dmw-example-file", "municipality-da")
    wb.press("dmw-example-button")
    expect(wb("dmw-current-file")).to_contain_text("municipality-da.json")
    expect(wb("dmw-example-banner")).to_contain_text("municipality-da.json")
    wb.shot("example")

    wb.press("dmw-way-new")
    wb.write("dmw-new-org", "Fjordby Kommune")
    wb.press("dmw-new-button")
    expect(wb("dmw-org-name").locator("input")).to_have_value("Fjordby Kommune")
    expect(wb("dmw-example-banner")).to_be_hidden()
    wb.shot("own-assessment")
    assert wb.errors == []

"""What is typed is kept, where it was typed, in the app in a real browser: a level chosen
while the next area is coming lands on the area it was chosen on; text left in a field
without leaving it is saved all the same; a half-filled KPI comes back after a reload."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from assessment.data.i18n import t
from assessment.data.scale import resolve_scale
from assessment.document import workspace
from assessment.document.store import load

from .servers import wait_until

SCALE = resolve_scale("some-dialogue")
SETTLED = 60  # seconds for the kernel to work through what the page sent

#: Click "Næste →" (or "← Forrige"), choose level ``first`` in the area dropdown the page
#: shows at once, and ``second`` in the one it shows 30 ms later (whichever area the page
#: has got to by then). Returns the areas those two dropdowns belong to.
_MOVE_THEN_CHOOSE = """
async ([button, first, second]) => {
  const choose = (level) => {
    const panel = document.querySelector(".dmw-area-panel");
    const select = panel.querySelector(".dmw-area-current select");
    select.value = Array.from(select.options).find(o => o.value.startsWith(level + " ·")).value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    return Array.from(panel.classList).find(c => c.startsWith("dmw-area-panel-")).slice("dmw-area-panel-".length);
  };
  document.querySelector("." + button).click();
  const at_once = choose(first);
  await new Promise(done => setTimeout(done, 30));
  return [at_once, choose(second)];
}
"""


def working_copy(home: Path) -> Path:
    return home / "assessments" / workspace.DEFAULT_EXAMPLE  # the example the app opens first


def test_a_level_chosen_just_after_next_is_stored_on_the_area_it_was_chosen_on(app, home, workbook):
    server = app()
    wb = workbook("trust-areas")
    wb.open(server.url)
    wb.go_to("areas")
    areas = [a.id for a in SCALE.areas]
    levels = {r.area: r.current for r in load(working_copy(home)).ratings}
    chosen: dict[str, int] = {}
    # forth through every area and back: each move, a level is chosen within 30 ms of the click
    moves = [("dmw-area-next", i, i + 1) for i in range(len(areas) - 1)]
    moves += [("dmw-area-previous", i, i - 1) for i in range(len(areas) - 1, 0, -1)]
    for button, leaving, coming in moves:
        # levels neither area has yet, so the file shows which one each went to
        first, second = [n for n in range(1, 6) if n not in {levels[areas[leaving]], levels[areas[coming]]}][:2]
        at_once, later = wb.page.evaluate(_MOVE_THEN_CHOOSE, [button, first, second])
        assert at_once == areas[leaving] and later in {areas[leaving], areas[coming]}
        chosen[at_once] = levels[at_once] = first
        chosen[later] = levels[later] = second
        expect(wb("dmw-area-progress")).to_have_text(t("da", "ui.areas.progress", number=coming + 1, total=len(areas)))
    wb.shot("levels-chosen-while-moving")
    assert set(chosen) == set(areas), f"a level was chosen on every area: {chosen}"
    wait_until(
        lambda: {r.area: r.current for r in load(working_copy(home)).ratings} == levels,
        SETTLED,
        f"levels {chosen} on the areas they were chosen on",
    )


def test_text_left_in_a_field_without_leaving_it_survives_a_reload(app, home, workbook):
    server = app()
    wb = workbook("trust-typing")
    wb.open(server.url)
    wb.go_to("purpose")
    box = wb("dmw-social-purpose").locator("textarea")
    box.click()
    box.press("Control+a")
    sentence = "Vi er her for at svare, ikke kun for at sende."
    box.type(sentence)
    wb.page.wait_for_timeout(2000)  # the user pauses; the cursor stays in the field
    expect(box).to_be_focused()
    wb.shot("typed-not-left")
    wb.page.reload()
    expect(wb.page.locator(".dmw-page")).to_be_visible(timeout=180_000)
    wb.go_to("purpose")
    expect(wb("dmw-social-purpose").locator("textarea")).to_have_value(sentence)
    assert load(working_copy(home)).purposes.social_purpose == sentence


def test_a_new_row_takes_the_cursor_waits_with_its_messages_and_rows_move_and_come_back(app, home, workbook):
    server = app()
    wb = workbook("trust-rows")
    wb.open(server.url)
    wb.go_to("purpose")
    n = len(load(working_copy(home)).purposes.challenges)
    wb.press("dmw-challenge-add")
    expect(wb(f"dmw-challenge-text-{n}").locator("textarea")).to_be_focused()
    expect(wb.message(f"dmw-challenge-text-{n}")).to_have_text("")
    wb.shot("fresh-row-no-message")
    wb(f"dmw-challenge-text-{n}").locator("textarea").press("Tab")
    expect(wb.message(f"dmw-challenge-text-{n}")).to_have_text(t("da", "ui.error.required"))
    wb.shot("left-row-message")
    challenges = load(working_copy(home)).purposes.challenges
    wb.press("dmw-challenge-up-1")
    wait_until(
        lambda: load(working_copy(home)).purposes.challenges[:2] == [challenges[1], challenges[0]],
        SETTLED,
        "the second challenge moved up",
    )
    expect(wb("dmw-challenge-text-0").locator("textarea")).to_have_value(challenges[1])
    wb.press("dmw-challenge-remove-0")
    wait_until(lambda: challenges[1] not in load(working_copy(home)).purposes.challenges, SETTLED, "removed")
    wb.press("dmw-challenge-undo")
    wait_until(
        lambda: load(working_copy(home)).purposes.challenges[:2] == [challenges[1], challenges[0]],
        SETTLED,
        "the removal undone, the row back where it was",
    )
    expect(wb("dmw-challenge-text-0").locator("textarea")).to_have_value(challenges[1])
    wb.shot("moved-removed-undone")


def test_a_half_filled_kpi_survives_a_reload_as_a_draft(app, home, workbook):
    server = app()
    wb = workbook("trust-draft")
    wb.open(server.url)
    wb.go_to("goals")
    n = len(load(working_copy(home)).kpis)
    wb.add_row("dmw-kpi-add", needs=f"dmw-kpi-name-{n}")
    wb.write(f"dmw-kpi-name-{n}", "Svar inden for et døgn")
    wb.write(f"dmw-kpi-baseline-{n}", "40")  # no target, no goal yet: "we find them later"
    unfinished = wb("dmw-view-goals").locator(".dmw-draft .dmw-draft-note")
    expect(unfinished).to_have_text(t("da", "ui.rows.unfinished"))
    wb.shot("kpi-unfinished")
    wait_until(
        lambda: [d.data.get("name") for d in load(working_copy(home)).drafts] == ["Svar inden for et døgn"],
        SETTLED,
        "the half-filled KPI kept as a draft",
    )
    wb.page.reload()
    expect(wb.page.locator(".dmw-page")).to_be_visible(timeout=180_000)
    wb.go_to("goals")
    expect(wb(f"dmw-kpi-name-{n}").locator("input")).to_have_value("Svar inden for et døgn")
    expect(wb(f"dmw-kpi-baseline-{n}").locator("input")).to_have_value("40")
    expect(unfinished).to_have_text(t("da", "ui.rows.unfinished"))
    assert len(load(working_copy(home)).kpis) == n, "no chart or report counts it yet"
    wb.shot("kpi-unfinished-after-reload")


def test_level_cards_are_the_choice_by_click_or_keyboard_and_every_step_opens_at_its_top(app, home, workbook):
    server = app()
    wb = workbook("trust-cards")
    wb.open(server.url)
    wb.go_to("goals")
    next_step = wb("dmw-next-step-2")  # "Videre til 4 · Dialogskalaen", at the bottom of a long step
    next_step.scroll_into_view_if_needed()
    expect(wb("dmw-view-goals").locator("h2")).not_to_be_in_viewport()
    next_step.click()
    expect(wb("dmw-view-dialogue")).to_be_visible()
    expect(wb("dmw-view-dialogue").locator("h2")).to_be_in_viewport()  # the new step from its top
    assert (load(working_copy(home)).dialogue.current, load(working_copy(home)).dialogue.desired) == (2, 4)
    wb("dmw-dialogue-current-3").click()
    desired = wb("dmw-dialogue-desired-5")
    desired.focus()
    desired.press("Space")
    expect(wb("dmw-dialogue-desired").locator("select")).to_have_value(re.compile(r"^5 · "))
    expect(wb("dmw-dialogue-current").locator("select")).to_have_value(re.compile(r"^3 · "))
    cards = wb("dmw-dialogue-cards")
    expect(cards.locator(".dmw-level-5")).to_have_class(re.compile(r"\bdmw-level-desired\b"))
    expect(cards.locator(".dmw-level-4")).not_to_have_class(re.compile(r"\bdmw-level-desired\b"))
    wait_until(
        lambda: (load(working_copy(home)).dialogue.current, load(working_copy(home)).dialogue.desired) == (3, 5),
        SETTLED,
        "the levels chosen on the cards",
    )
    wb.shot("level-cards-chosen")

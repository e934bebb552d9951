"""The workshop room in real browsers: the consultant's app (Voilà) on the projector and
five phone-sized pages (360 px) voting on it, through the vote server the app starts.

Two items are voted, revealed, agreed and locked: the dialogue level by five phones (a
discussion point) and an area by only two, where the k rule hides the spread. Forged
tokens, another participant's id and a level outside the scale are refused on the phone.
The PDF shows the spread. Killing the vote server loses no stored vote. Screenshots of
the wall (1366×768 and 1920×1080) and of the phones go to ``screenshots/e2e/workshop/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader

from assessment.document.store import AssessmentFile, load
from assessment.server.config import read_beacon

from ..conftest import REPO
from .conftest import SCREENSHOTS
from .servers import alive, wait_until
from .workbook import Workbook

PHONE = {"width": 360, "height": 740}
WALL = {"width": 1366, "height": 768}
SEATS = ("p1", "p2", "p3", "p4", "anonymous")  # p4 did not consent to be named
#: The smallest font on the wall, in px: body text must read from the back of the room.
_SMALLEST_TEXT_JS = """
(wall) => Math.min(...Array.from(wall.querySelectorAll('*')).filter(el => el.offsetParent !== null &&
  Array.from(el.childNodes).some(n => n.nodeType === 3 && n.nodeValue.trim())).map(el =>
  parseFloat(getComputedStyle(el).fontSize)))
"""


@pytest.fixture
def room_file(home: Path) -> Path:
    """The hospital example with nothing put to the room yet, chosen in the workbook home."""
    home.mkdir(parents=True, exist_ok=True)
    target = home / "assessments" / "vestkysten.json"
    target.parent.mkdir()
    shutil.copy(REPO / "examples" / "hospital-da.json", target)
    handle = AssessmentFile(target)
    doc = handle.load()
    doc.room.polls = []
    doc.dialogue.current = doc.dialogue.desired = None
    handle.save(doc)
    (home / "state.json").write_text(json.dumps({"current": str(target), "language": "da"}), encoding="utf-8")
    return target


class Phone:
    """A participant's phone: its own browser context, 360 px wide."""

    opened: ClassVar[list[Phone]] = []

    def __init__(self, browser: Browser, name: str) -> None:
        Phone.opened.append(self)
        self.context = browser.new_context(viewport=PHONE, locale="da-DK")
        self.page: Page = self.context.new_page()
        self.shots = Workbook(self.page, SCREENSHOTS / "workshop" / "phones")
        self.name = name

    def join(self, url: str, seat: str) -> None:
        self.page.goto(url)
        self.page.locator(f"input[name=seat][value={seat}]").check()
        self.page.get_by_role("button", name="Deltag").click()
        expect(self.page.get_by_role("heading", name="Din vurdering")).to_be_visible()

    def radio(self, kind: str, item: str, value: str) -> Locator:
        return self.page.locator(f"input[name='{kind}.{item}'][value='{value}']")

    def vote(self, item: str, current: str, desired: str, comment: str = "") -> None:
        self.radio("current", item, current).check()
        self.radio("desired", item, desired).check()
        if comment:
            self.page.locator(f"textarea[name='comment.{item}']").fill(comment)
        self.page.get_by_role("button", name="Gem min stemme").click()
        expect(self.page.get_by_role("status").filter(has_text="Gemt kl.")).to_be_visible()

    def fits(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{self.name}: the page is {width} px wide at 360 px"


@pytest.fixture
def phones_photographed(request: pytest.FixtureRequest):
    """When the test fails, each phone's page as it was (the pages are not the workbook's)."""
    Phone.opened = []
    yield
    outcome = getattr(request.node, "outcome_call", None)
    for phone in Phone.opened:
        if outcome is not None and outcome.failed and not phone.page.is_closed():
            folder = SCREENSHOTS / "failed" / f"{request.node.name}-phones"
            shot = Workbook(phone.page, folder).shot(f"{phone.name}-at-failure", whole=False)
            shot.with_suffix(".html").write_text(phone.page.content(), encoding="utf-8")
        phone.context.close()


def votes_on_disk(path: Path, item: str) -> dict[str, tuple[int | None, int | None]]:
    poll = load(path).room.poll(item)
    return {v.voter: (v.current, v.desired) for v in poll.round.votes} if poll else {}


def test_a_room_of_phones_votes_and_the_group_agrees(app, workbook, browser, room_file, tmp_path, phones_photographed):
    server = app()
    consultant = workbook("workshop")
    consultant.open(server.url)
    consultant.go_to("dialogue")
    page = consultant.page
    page.set_viewport_size(WALL)
    step = page.locator(".dmw-view-dialogue")
    step.locator(".dmw-workshop-start").click()
    wall = step.locator(".dmw-wall")
    expect(wall).to_be_visible()
    expect(step.locator(".dmw-wall-join-panel svg")).to_be_visible()
    code = load(room_file).room.code
    expect(step.locator(".dmw-wall-join-panel")).to_contain_text(code)
    join_url = step.locator(".dmw-wall-link").get_attribute("href")
    token = load(room_file).room.token
    assert join_url.endswith(f"/w/{token}/")
    consultant.shot("wall-start", whole=False)
    assert page.evaluate(_SMALLEST_TEXT_JS, wall.element_handle()) >= 18, "wall text under 18 px"

    phones = [Phone(browser, f"phone-{seat}") for seat in SEATS]
    for phone, seat in zip(phones, SEATS, strict=True):
        phone.join(join_url, seat)
    phones[0].shots.shot("waiting")
    expect(phones[0].page.get_by_text("Der er ikke åbnet et spørgsmål")).to_be_visible()

    # The consultant opens the dialogue level; the waiting phones' pages show it by themselves.
    step.locator(".dmw-wall-open").click()
    for phone in phones:
        expect(phone.radio("current", "dialogue", "1")).to_be_attached(timeout=20_000)
    expect(step.locator(".dmw-wall-count")).to_have_text("0 af 5 har stemt")
    phones[3].shots.shot("vote-form")
    phones[3].shots.shot("vote-form-screen", whole=False)
    phones[3].fits()

    # What the server must refuse, each with a message on the phone and nothing stored.
    rogue = phones[4].page
    rogue.goto(join_url.replace(token, "x" * len(token)) + "vote")
    expect(rogue.get_by_text("Linket gælder ikke for denne workshop")).to_be_visible()
    rogue.goto(join_url + "vote")
    rogue.evaluate("document.querySelector('input[name=voter]').value = 'p1'")
    phones[4].radio("current", "dialogue", "2").check()
    phones[4].radio("desired", "dialogue", "4").check()
    rogue.get_by_role("button", name="Gem min stemme").click()
    expect(rogue.get_by_role("alert")).to_contain_text("hører til en anden deltager")
    rogue.goto(join_url + "vote")
    rogue.evaluate("document.querySelector(\"input[name='current.dialogue'][value='5']\").value = '9'")
    phones[4].radio("current", "dialogue", "9").check()
    phones[4].radio("desired", "dialogue", "4").check()
    rogue.locator("textarea[name='comment.dialogue']").fill("skal ikke gå tabt")
    rogue.get_by_role("button", name="Gem min stemme").click()
    expect(rogue.get_by_role("alert")).to_contain_text("Vælg et af niveauerne")
    expect(rogue.locator("textarea[name='comment.dialogue']")).to_have_value("skal ikke gå tabt")
    phones[4].shots.shot("refused")
    assert votes_on_disk(room_file, "dialogue") == {}

    answers = (
        ("1", "4", "Vi svarer, når der er tid"),
        ("3", "4", ""),
        ("2", "5", ""),
        ("2", "4", ""),
        ("unknown", "4", ""),
    )
    for phone, (now, wanted, comment) in zip(phones, answers, strict=True):
        phone.vote("dialogue", now, wanted, comment)
    phones[0].shots.shot("voted")
    phones[0].fits()
    stored = votes_on_disk(room_file, "dialogue")
    assert len(stored) == 5 and {stored[s] for s in ("p1", "p2", "p3", "p4")} == {(1, 4), (3, 4), (2, 5), (2, 4)}

    # Within two seconds the wall counts them, without showing them.
    expect(step.locator(".dmw-wall-count")).to_have_text("5 af 5 har stemt", timeout=5_000)
    expect(step.locator(".dmw-spread")).to_have_count(0)
    step.locator(".dmw-wall-reveal").click()
    expect(step.locator(".dmw-discussion")).to_contain_text("spænder over 2 niveauer")
    expect(step.locator(".dmw-comments")).to_contain_text("Vi svarer, når der er tid")
    consultant.shot("wall-revealed", whole=False)
    page.set_viewport_size({"width": 1920, "height": 1080})
    consultant.shot("wall-revealed-1920", whole=False)
    assert page.evaluate(_SMALLEST_TEXT_JS, wall.element_handle()) >= 18
    page.set_viewport_size(WALL)
    step.locator(".dmw-wall-agree-current select").select_option(label="2 · Reaktiv dialog")
    step.locator(".dmw-wall-agree-desired select").select_option(label="4 · Proaktiv dialog")
    step.locator(".dmw-wall-reasoning textarea").fill("Vi svarer, men uden lovede svartider")
    step.locator(".dmw-wall-dissent textarea").fill("Én ville helt op på niveau 5")
    step.locator(".dmw-wall-lock").click()
    expect(step.locator(".dmw-wall-status")).to_contain_text("Låst: i dag niveau 2, ønsket niveau 4.")
    consultant.shot("wall-locked", whole=False)
    doc = load(room_file)
    assert (doc.dialogue.current, doc.dialogue.desired, doc.room.poll("dialogue").state) == (2, 4, "locked")

    # The second item, an area, gets only two votes: the k rule hides its spread.
    step.locator(".dmw-wall-item-6").click()
    expect(step.locator(".dmw-wall-status")).to_contain_text("ikke åbnet for afstemning endnu")
    step.locator(".dmw-wall-open").click()
    for phone, (now, wanted) in zip(phones[:2], (("1", "3"), ("3", "3")), strict=True):
        expect(phone.radio("current", "area:content", "1")).to_be_attached(timeout=20_000)
        phone.vote("area:content", now, wanted)
    expect(step.locator(".dmw-wall-count")).to_have_text("2 af 5 har stemt", timeout=5_000)
    step.locator(".dmw-wall-reveal").click()
    expect(step.locator(".dmw-wall-status")).to_contain_text("vises først, når mindst 3 har valgt et niveau (nu 2)")
    expect(step.locator(".dmw-spread table")).to_have_count(0)
    step.locator(".dmw-wall-agree-current select").select_option(label="2 · Reaktiv dialog")
    step.locator(".dmw-wall-agree-desired select").select_option(label="3 · Dialog med faste svartider")
    step.locator(".dmw-wall-lock").click()
    expect(step.locator(".dmw-wall-status")).to_contain_text("Låst: i dag niveau 2, ønsket niveau 3.")
    consultant.shot("wall-k-rule", whole=False)
    assert load(room_file).room.poll("area:content").state == "locked"

    # The PDF shows where the group disagreed, and not the spread of two votes.
    pdf = tmp_path / "rapport.pdf"
    subprocess.run(
        [sys.executable, "-m", "assessment", "report", str(room_file), "--pdf", str(pdf)],
        check=True,
        cwd=REPO,
        capture_output=True,
    )
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert "Hvor gruppen var uenig" in text and "Diskussionspunkt: stemmerne spændte over 2 niveauer" in text
    assert "Færre end 3 valgte et niveau, så fordelingen vises ikke" in text
    assert "Vi svarer, men uden lovede svartider" in text

    # A killed vote server loses no stored vote, and the wall says it stopped.
    before = {item: votes_on_disk(room_file, item) for item in ("dialogue", "area:content")}
    note = read_beacon(room_file)
    os.kill(int(note["pid"]), signal.SIGKILL)
    wait_until(lambda: not alive(int(note["pid"])), 20, "the vote server gone")
    after = {item: votes_on_disk(room_file, item) for item in ("dialogue", "area:content")}
    assert after == before and len(after["dialogue"]) == 5 and len(after["area:content"]) == 2
    expect(step.locator(".dmw-wall-join-panel")).to_contain_text("Afstemningsserveren er stoppet", timeout=10_000)

"""A municipality assesses itself in the app (Voilà), in a real browser, from a new file to
the PDF: in Danish, and the same journey in Norwegian with no Danish or English label.

Each step is photographed to ``screenshots/e2e/<journey>/``. At the end the assessment
file holds exactly what was typed, and the PDF holds it too, without the name of the
participant who did not consent to be named.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessment.data.catalogue import default_catalogue
from assessment.data.i18n import format_number, locale, t
from assessment.data.scale import resolve_scale
from assessment.document import workspace
from assessment.document.model import SCHEMA_VERSION, Room, Strategy
from assessment.document.store import load

from .languages import foreign_texts
from .workbook import INVALID, LOAD, Workbook

SCALE = resolve_scale("some-dialogue")
CATALOGUE = default_catalogue()


@dataclass(frozen=True)
class Entries:
    """What the municipality's team types and chooses, in its own language."""

    lang: str
    org: str
    unit: str
    date: str  # as typed
    place: str
    facilitator: str
    named: tuple[str, str]  # (name, role) of the participant who consents to be named
    unnamed: tuple[str, str]  # … and of the one who does not
    objective: str
    invalid_target: str
    target: str  # the suggested KPI's target, typed the local way
    kpi: tuple[str, str, str, str]  # own KPI: name, metric, unit, target
    rationale: str
    note: str  # about the first area; names the participant who did not consent
    action: tuple[str, str, str]  # what, owner, due (typed)
    purposes: dict[str, str] = field(
        default_factory=lambda: {"openness": "high", "education": "medium", "crisis": "low"}
    )
    channels: tuple[str, ...] = ("facebook", "website")
    suggestion: str = "link_clicks"
    dialogue: tuple[int, int] = (2, 5)  # 5 carries the caveat
    ratings: tuple[tuple[int, int], ...] = ((2, 4), (1, 3), (3, 3), (2, 3), (1, 2), (3, 5))
    action_area: str = "dialogue"
    phase: str = "now"


DANISH = Entries(
    lang="da",
    org="Fjordby Kommune",
    unit="Sundhed og Omsorg",
    date="12.03.2027",
    place="Rådhuset, mødelokale 3",
    facilitator="Mette Lund",
    named=("Jonas Friis", "Kommunikationschef"),
    unnamed=("Ditte Krag", "Borgerpanel"),
    objective="Borgerne får svar, hvor de spørger",
    invalid_target="mange",
    target="1.500",
    kpi=("Svar inden for et døgn", "Andel af spørgsmål besvaret inden for 24 timer", "procent", "90"),
    rationale="Vi svarer i dag, men uden faste svartider.",
    note="Ditte Krag foreslog et fast borgerpanel.",
    action=("Indfør faste svartider", "Jonas Friis", "1.6.2027"),
)
NORWEGIAN = Entries(
    lang="nb",
    org="Fjordvik kommune",
    unit="Helse og omsorg",
    date="12.03.2027",
    place="Rådhuset, møterom 3",
    facilitator="Kari Nordmann",
    named=("Ola Berg", "Kommunikasjonssjef"),
    unnamed=("Sigrid Haugland", "Brukerpanel"),
    objective="Innbyggerne får svar der de spør",
    invalid_target="mange",
    target="1 500",
    kpi=("Svar innen et døgn", "Andel spørsmål besvart innen 24 timer", "prosent", "90"),
    rationale="Vi svarer i dag, men uten faste svartider.",
    note="Sigrid Haugland foreslo et fast brukerpanel.",
    action=("Innfør faste svartider", "Ola Berg", "1.6.2027"),
)


def label(kind: str, item_id: str, lang: str) -> str:
    """A catalogue item's name as the dropdowns and checkboxes show it."""
    return next(item for item in getattr(CATALOGUE, kind) if item.id == item_id).name(lang)


def level_label(number: int, lang: str) -> str:
    return f"{number} · {SCALE.level(number).name(lang)}"


def start_new_assessment(wb: Workbook, e: Entries) -> None:
    wb.shot("start")
    wb.press("dmw-way-new")
    wb.write("dmw-new-org", e.org)
    wb.choose("dmw-new-type", label("organisation_types", "municipality", e.lang))
    expect(wb("dmw-new-language").locator("select")).to_have_value(locale(e.lang).name)  # the team's language
    wb.press("dmw-new-button")
    expect(wb("dmw-header")).to_contain_text(e.org)  # the header is drawn last, after every step
    expect(wb("dmw-org-name").locator("input")).to_have_value(e.org)
    wb.shot("new-assessment")


def fill_intake(wb: Workbook, e: Entries) -> None:
    wb.write("dmw-org-unit", e.unit)
    for channel in e.channels:
        wb.tick(f"dmw-channels-{channel}")
    wb.write("dmw-workshop-date", e.date)
    wb.write("dmw-workshop-place", e.place)
    wb.write("dmw-workshop-facilitator", e.facilitator)
    for i, ((name, role), consent) in enumerate(((e.named, True), (e.unnamed, False))):
        wb.add_row("dmw-participant-add", needs=f"dmw-participant-name-{i}")
        wb.write(f"dmw-participant-name-{i}", name)
        wb.write(f"dmw-participant-role-{i}", role)
        wb.tick(f"dmw-participant-consent-{i}", consent)
    expect(wb("dmw-header")).to_contain_text(e.unit)
    wb.shot("intake")


def choose_purposes(wb: Workbook, e: Entries) -> None:
    wb.go_to("purpose")
    for purpose, priority in e.purposes.items():
        wb.tick(f"dmw-purpose-{purpose}")
        wb.choose(f"dmw-purpose-{purpose}-priority", label("priorities", priority, e.lang))
    wb.shot("purpose")


def set_goals_and_kpis(wb: Workbook, e: Entries) -> None:
    wb.go_to("goals")
    wb.add_row("dmw-objective-add", needs="dmw-objective-text-0")
    wb.write("dmw-objective-text-0", e.objective)
    wb.add_row(f"dmw-kpi-suggest-{e.suggestion}", needs="dmw-kpi-goals-0")
    wb.write("dmw-kpi-target-0", e.invalid_target)
    expect(wb.message("dmw-kpi-target-0")).to_have_text(t(e.lang, "ui.error.number"))
    expect(wb("dmw-kpi-target-0")).to_have_class(INVALID)
    wb.shot("kpi-invalid-target")
    wb.write("dmw-kpi-target-0", e.target)
    expect(wb.message("dmw-kpi-target-0")).to_have_text("")
    wb.tick("dmw-kpi-goals-0-g1")
    name, metric, unit, target = e.kpi
    wb.add_row("dmw-kpi-add", needs="dmw-kpi-goals-1")
    wb.write("dmw-kpi-name-1", name)
    wb.write("dmw-kpi-metric-1", metric)
    wb.write("dmw-kpi-unit-1", unit)
    wb.write("dmw-kpi-target-1", target)
    wb.tick("dmw-kpi-goals-1-g1")
    expect(wb.message("dmw-kpi-goals-1")).to_have_text("")
    wb.shot("goals")


def choose_dialogue_levels(wb: Workbook, e: Entries) -> None:
    wb.go_to("dialogue")
    for kind in ("current", "desired"):  # a new assessment: nothing chosen yet (not the last file's levels)
        expect(wb(f"dmw-dialogue-{kind}").locator("select")).to_have_value(t(e.lang, "level.none"))
    current, desired = e.dialogue
    wb.choose("dmw-dialogue-current", level_label(current, e.lang))
    wb.choose("dmw-dialogue-desired", level_label(desired, e.lang))
    caveat = wb("dmw-view-dialogue").locator(f".dmw-caveat-{desired}")
    expect(caveat).to_be_visible()
    expect(caveat).to_contain_text(f"{t(e.lang, 'caveat.title')} · {t(e.lang, 'level.label', number=desired)}")
    wb.write("dmw-dialogue-rationale", e.rationale)
    caveat.scroll_into_view_if_needed()
    wb.shot("dialogue-caveat")


def rate_every_area(wb: Workbook, e: Entries) -> None:
    wb.go_to("areas")
    for i, (area, (current, desired)) in enumerate(zip(SCALE.areas, e.ratings, strict=True)):
        if i:
            wb.press("dmw-area-next")
        # the area's own heading: the levels below belong to this area now, not the last one
        expect(wb("dmw-view-areas").locator("h3")).to_have_text(area.name(e.lang))
        expect(wb("dmw-area-progress")).to_have_text(
            t(e.lang, "ui.areas.progress", number=i + 1, total=len(SCALE.areas))
        )
        expect(wb("dmw-area-current").locator("select")).to_have_value(t(e.lang, "level.none"))
        wb.choose("dmw-area-current", level_label(current, e.lang))
        wb.choose("dmw-area-desired", level_label(desired, e.lang))
        if i == 0:
            wb.write("dmw-area-notes", e.note)
    expect(wb("dmw-view-areas").locator(".dmw-level-desired")).to_be_visible()  # the chosen card marked
    wb.shot("areas")


def plan_and_export(wb: Workbook, e: Entries) -> None:
    wb.go_to("summary")
    what, owner, due = e.action
    wb.add_row("dmw-action-add", needs="dmw-action-what-0")
    wb.write("dmw-action-what-0", what)
    wb.choose("dmw-action-area-0", next(a.name(e.lang) for a in SCALE.areas if a.id == e.action_area))
    wb.write("dmw-action-owner-0", owner)
    wb.write("dmw-action-due-0", due)
    wb.choose("dmw-action-phase-0", label("phases", e.phase, e.lang))
    expect(wb.message("dmw-action-0")).to_have_text("")
    wb.shot("summary")
    wb.press("dmw-export-pdf")
    expect(wb("dmw-export-result")).to_contain_text(t(e.lang, "ui.export.written"), timeout=LOAD)
    current = Path(workspace.read_state()["current"])
    expect(wb("dmw-export-result").locator("a[download]")).to_have_text(
        t(e.lang, "ui.export.download", file=current.with_suffix(".pdf").name)
    )
    wb.press("dmw-export-xlsx")  # the PDF's link stays beside the Excel file's
    expect(wb("dmw-export-result").locator("a[download]")).to_have_text(
        [t(e.lang, "ui.export.download", file=current.with_suffix(suffix).name) for suffix in (".pdf", ".xlsx")],
        timeout=LOAD,
    )
    assert str(current.parent) not in wb("dmw-export-result").inner_text()
    wb.shot("exported")


def typed_date(text: str) -> str:
    day, month, year = map(int, text.split("."))
    return dt.date(year, month, day).isoformat()


def typed_number(text: str) -> float:
    return float(re.sub(r"[\s.]", "", text).replace(",", "."))


def expected_document(e: Entries) -> dict:
    """The whole assessment file, as the journey's entries must have made it."""
    suggested = next(k for k in CATALOGUE.kpis if k.id == e.suggestion)
    name, metric, unit, target = e.kpi
    kpi = {
        "scope": "overall",
        "direction": "at_least",
        "baseline": None,
        "period": "",
        "goals": ["g1"],
        "baseline_date": None,
        "deadline": None,
        "actuals": [],
    }
    what, owner, due = e.action
    return {
        "schema_version": SCHEMA_VERSION,
        "language": e.lang,
        "scale": {"id": SCALE.id, "version": SCALE.version, "source": None},
        "organisation": {
            "name": e.org,
            "type": "municipality",
            "unit": e.unit,
            "channels": list(e.channels),
            "own_channels": [],
            "target_groups": [],
            "own_target_groups": [],
        },
        "workshop": {"date": typed_date(e.date), "place": e.place, "facilitator": e.facilitator},
        "participants": [
            {"id": "p1", "name": e.named[0], "role": e.named[1], "consent_to_be_named": True},
            {"id": "p2", "name": e.unnamed[0], "role": e.unnamed[1], "consent_to_be_named": False},
        ],
        "purposes": {
            "chosen": [{"id": p, "priority": prio} for p, prio in e.purposes.items()],
            "own": [],
            "social_purpose": "",
            "challenges": [],
        },
        "goals": [{"id": "g1", "kind": "objective", "text": e.objective, "objective": None}],
        "kpis": [
            {
                **kpi,
                "id": "k1",
                "name": suggested.name(e.lang),
                "metric": suggested.metric(e.lang),
                "unit": suggested.unit(e.lang),
                "target": typed_number(e.target),
                "suggestion": e.suggestion,
            },
            {
                **kpi,
                "id": "k2",
                "name": name,
                "metric": metric,
                "unit": unit,
                "target": typed_number(target),
                "suggestion": None,
            },
        ],
        "dialogue": {"current": e.dialogue[0], "desired": e.dialogue[1], "rationale": e.rationale},
        "ratings": [
            {
                "area": area.id,
                "not_applicable": False,
                "current": current,
                "desired": desired,
                "notes": e.note if i == 0 else "",
                "evidence": "",
                "set_aside": None,
            }
            for i, (area, (current, desired)) in enumerate(zip(SCALE.areas, e.ratings, strict=True))
        ],
        "actions": [
            {
                "id": "a1",
                "what": what,
                "area": e.action_area,
                "owner": owner,
                "due": typed_date(due),
                "phase": e.phase,
                "status": "not_started",
                "status_date": None,
                "status_note": "",
            }
        ],
        "strategy": Strategy().model_dump(mode="json"),
        "history": [],
        "room": Room().model_dump(mode="json"),  # no workshop held
        "drafts": [],  # every row was finished
    }


def pdf_text(path: Path) -> str:
    """The PDF's text on one line: hyphenated words joined, every run of spaces one space."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(re.sub(r"(\w)-\n(\w)", r"\1\2", text).split())


def one_line(text: str) -> str:
    return " ".join(text.split())


def prepare_home(home: Path, e: Entries, monkeypatch: pytest.MonkeyPatch) -> None:
    """The team's own language from the first page on: the last file they had open is the
    shipped example in their language."""
    example = next(p for p in workspace.examples() if p.stem.endswith(f"-{e.lang}"))
    monkeypatch.setenv(workspace.HOME_ENV, str(home))
    workspace.remember(workspace.copy_example(example.name, fresh=False), e.lang)


@pytest.mark.parametrize("e", [DANISH, NORWEGIAN], ids=["da", "nb"])
def test_a_municipality_assesses_itself_from_a_new_file_to_the_pdf(e, app, home, workbook, monkeypatch):
    prepare_home(home, e, monkeypatch)
    server = app()
    wb = workbook(f"journey-{e.lang}", locale={"da": "da-DK", "nb": "nb-NO"}[e.lang])
    wb.open(server.url)
    leaks_before = foreign_texts(wb.texts(), e.lang, SCALE, CATALOGUE)

    start_new_assessment(wb, e)
    fill_intake(wb, e)
    choose_purposes(wb, e)
    set_goals_and_kpis(wb, e)
    choose_dialogue_levels(wb, e)
    rate_every_area(wb, e)
    plan_and_export(wb, e)

    path = Path(workspace.read_state()["current"])
    assert path.parent == home / "assessments" and path.name.startswith(e.org.split()[0].lower())
    assert load(path).model_dump(mode="json", exclude={"updated_at", "id"}) == expected_document(e)

    text = pdf_text(path.with_suffix(".pdf"))
    suggested = label("kpis", e.suggestion, e.lang)
    shown = [
        e.org,
        e.unit,
        e.place,
        e.facilitator,
        *e.named,
        e.unnamed[1],
        e.objective,
        suggested,
        e.kpi[0],
        format_number(typed_number(e.target), e.lang),
        e.action[0],
        e.rationale,
        e.note.replace(e.unnamed[0], e.unnamed[1]),
        *(label("purposes", p, e.lang) for p in e.purposes),
    ]
    assert [entry for entry in shown if one_line(entry) not in text] == []
    assert e.unnamed[0].split()[0] not in text and e.unnamed[0].split()[-1] not in text

    assert leaks_before == [] and foreign_texts(wb.texts(), e.lang, SCALE, CATALOGUE) == []
    assert wb.errors == []

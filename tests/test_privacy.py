"""Names appear only with consent, and hiding them never rewrites other text.

A catalogue: each table row is one way a name is written, with what the outputs must show.
The people are the same throughout (``PEOPLE``): some consented, some did not; ``Per`` and
``May`` are names that are also words; two share the surname Nygaard, one of them consented.
The last sections run every output of the four shipped examples and look for every name.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import typing
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pypdf
import pytest
from pydantic import BaseModel

from assessment.cli import main
from assessment.document import privacy
from assessment.document.context import Opened, open_assessment
from assessment.document.model import Assessment, Draft, Participant
from assessment.errors import AssessmentError
from assessment.outputs import export
from assessment.outputs.report import render_pdf, report_data
from assessment.ui import html_export
from assessment.workshop import room

from .conftest import EXAMPLES, REPO

PEOPLE = [  # (id, name, role, consented)
    ("p1", "Jonas Bech", "Jurist", False),
    ("p2", "Åse Nørgaard", "Sygeplejerske", False),
    ("p3", "Per", "Pedel", False),
    ("p4", "Per Nygaard", "Overlæge", True),
    ("p5", "Lene Nygaard", "Sekretær", False),
    ("p6", "May", "Praktikant", False),
    ("p7", "Agnes Hess", "Kommunikationschef", False),
    ("p8", "Rasmus Holm Iversen", "Fysioterapeut", False),
    ("p9", "Helle Kjærsgaard", "Direktør", True),
    ("p10", "Ole Skov", "Portør", False),
]
FACILITATOR = "Anne Holm, Holm Rådgivning"
NFD = "A\u030ase"  # Åse as macOS types it: A and a combining ring


def people() -> list[Participant]:
    return [Participant(id=i, name=n, role=r, consent_to_be_named=c) for i, n, r, c in PEOPLE]


def document(**changes) -> Assessment:
    data = {
        "language": "da",
        "scale": {"id": "some-dialogue", "version": "1"},
        "organisation": {"name": "Sygehus Vest", "type": "hospital"},
        "workshop": {"facilitator": FACILITATOR},
        "participants": [p.model_dump() for p in people()],
    }
    return Assessment.model_validate({**data, **changes})


def names(anonymise: bool = False) -> privacy.Names:
    return privacy.Names(document(), "da", anonymise)


def doubts(found: privacy.Names, text: str) -> list[tuple[str, str]]:
    return [(text[m.start : m.end], m.reason) for m in found.mentions(text) if m.doubtful]


@pytest.fixture
def hospital(example_copy) -> Opened:
    """The hospital example with the catalogue's people and facilitator."""
    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.room.polls = []  # the example's votes are by its own participants: one of these votes instead
    opened.doc.participants = people()
    opened.doc.workshop.facilitator = FACILITATOR
    room.open_item(opened.doc, opened.scale, "dialogue")
    room.cast(opened.doc, opened.scale, opened.doc.participants[0].id, "dialogue", 2, 3, "En kommentar")
    room.reveal(opened.doc, "dialogue")
    room.agree(opened.doc, opened.scale, "dialogue", 2, 3, reasoning="En begrundelse", dissent="Et andet syn")
    return opened


# --------------------------------------------------------------------------- who is named


def test_a_participant_is_named_only_with_consent_and_never_when_anonymising():
    doc = document()
    shown = privacy.Names(doc, "da")
    assert [shown.shown_name(p) for p in doc.participants] == [
        "Jurist",
        "Sygeplejerske",
        "Pedel",
        "Per Nygaard",
        "Sekretær",
        "Praktikant",
        "Kommunikationschef",
        "Fysioterapeut",
        "Helle Kjærsgaard",
        "Portør",
    ]
    anonymous = privacy.Names(doc, "da", anonymise=True)
    assert [anonymous.shown_name(p) for p in doc.participants] == [role for _, _, role, _ in PEOPLE]


def test_without_a_role_a_participant_is_a_participant_without_a_name():
    doc = document(participants=[{"id": "p1", "name": "Jonas Bech", "consent_to_be_named": False}])
    assert privacy.Names(doc, "da").shown_name(doc.participants[0]) == "Deltager uden navn"
    assert privacy.Names(doc, "nb").shown_name(doc.participants[0]) == "Deltaker uten navn"


def test_a_role_that_names_someone_is_hidden_too():
    doc = document(
        participants=[
            {"id": "p1", "name": "Jonas Bech", "role": "Jurist", "consent_to_be_named": False},
            {"id": "p2", "name": "Ida Friis", "role": "Assistent for Jonas Bech", "consent_to_be_named": False},
        ]
    )
    shown = privacy.Names(doc, "da")
    assert shown.shown_name(doc.participants[1]) == "Assistent for Deltager uden navn"
    assert shown.hide("Ida Friis ringer") == "Assistent for Deltager uden navn ringer"


def test_the_facilitator_is_named_unless_anonymising():
    assert names().facilitator() == FACILITATOR
    assert names(anonymise=True).facilitator() == ""


def test_the_facilitator_entry_is_kept_whole_unless_it_holds_a_hidden_name():
    assert doubts(names(), FACILITATOR) == [], "Holm in her firm is hers, not Rasmus Holm Iversen's"
    doc = document(workshop={"facilitator": "Anne Holm, sammen med Jonas Bechs team"})
    assert privacy.Names(doc, "da").facilitator() == "Anne Holm, sammen med Jurists team"


# --------------------------------------------------------------------------- the catalogue: hidden

HIDDEN = [  # (case, free text as typed, what outputs show)
    ("full name", "Jonas Bech mener det", "Jurist mener det"),
    ("Danish genitive", "Jonas Bechs forslag", "Jurists forslag"),
    ("Norwegian genitive", "Jonas Bechs forslag og Bech sitt notat", "Jurists forslag og Jurist sitt notat"),
    ("English possessive", "Jonas Bech's proposal", "Jurist's proposal"),
    ("English possessive, curly apostrophe", "Bech’s proposal", "Jurist’s proposal"),
    ("acute accent for an apostrophe", "Bech´s idé", "Jurist´s idé"),
    ("genitive of a name ending in s", "Agnes Hess' forslag", "Kommunikationschefs forslag"),
    ("English possessive of a name ending in s", "Hess's idea", "Kommunikationschef's idea"),
    ("surname genitive", "Bechs notat", "Jurists notat"),
    ("capitals", "JONAS BECH SAGDE NEJ", "Jurist SAGDE NEJ"),
    ("lower case", "spørg jonas bech", "spørg Jurist"),
    ("no-break space", "Jonas\u00a0Bech", "Jurist"),
    ("narrow no-break space", "Jonas\u202fBech", "Jurist"),
    ("line break", "spurgte Jonas\nBech om det", "spurgte Jurist om det"),
    ("Windows line break and indent", "Jonas\r\n    Bech", "Jurist"),
    ("tab", "Jonas\tBech", "Jurist"),
    ("soft hyphen inside", "Jo\u00adnas Bech", "Jurist"),
    ("decomposed Unicode (macOS)", f"{NFD} Nørgaard har ansvaret", "Sygeplejerske har ansvaret"),
    ("decomposed capitals", f"{NFD.upper()} NØRGAARD", "Sygeplejerske"),
    ("three names", "Rasmus Holm Iversen", "Fysioterapeut"),
    ("first and last of three", "Rasmus Iversen", "Fysioterapeut"),
    ("double surname", "Holm Iversen", "Fysioterapeut"),
    ("surname alone", "Iversen følger op", "Fysioterapeut følger op"),
    ("full name with a surname that is a word", "Ole Skov ringer", "Portør ringer"),
    ("in brackets and quotes", "(Jonas Bech) og »Bech«", "(Jurist) og »Jurist«"),
    ("end of a sentence", "Det sagde Bech.", "Det sagde Jurist."),
    ("two people", "Jonas Bech og Lene Nygaard", "Jurist og Sekretær"),
    ("consenting names untouched", "Per Nygaard og Helle Kjærsgaard", "Per Nygaard og Helle Kjærsgaard"),
    ("consenting genitive untouched", "Per Nygaards plan", "Per Nygaards plan"),
    ("consenting beside a hidden Per", "Per Nygaard og Jonas Bech", "Per Nygaard og Jurist"),
    (
        "words that contain a name",
        "Bechmann, Perspektiv, Hessen, Maybe, Nygaardsvej",
        "Bechmann, Perspektiv, Hessen, Maybe, Nygaardsvej",
    ),
    ("a word that is a name", "Svar per post", "Svar per post"),
    ("a date with a name", "Mødet 12 May 2026", "Mødet 12 May 2026"),
]


@pytest.mark.parametrize("text, shown", [row[1:] for row in HIDDEN], ids=[row[0] for row in HIDDEN])
def test_unambiguous_mentions_are_hidden_and_nothing_else_changes(text, shown):
    assert names().hide(text) == shown


def test_a_name_typed_decomposed_in_the_participant_list_is_found_composed():
    doc = document(
        participants=[{"id": "p1", "name": f"{NFD} Nørgaard", "role": "Sygeplejerske", "consent_to_be_named": False}]
    )
    assert privacy.Names(doc, "da").hide("Åse Nørgaard og ÅSE NØRGAARDS") == "Sygeplejerske og Sygeplejerskes"


def test_a_text_without_names_is_returned_as_it_was():
    text = "Per\u00a0post, Mødet 12 May 2026 \u2028 og 💬"
    assert names().hide(text) is text


# --------------------------------------------------------------------------- the catalogue: doubtful

DOUBTFUL = [  # (case, free text as typed, [(mention, reason)]): left as typed, listed for review
    ("first name alone", "Spørg Jonas", [("Jonas", "first_name")]),
    ("decomposed first name alone", f"{NFD} siger ja", [(NFD, "first_name")]),
    ("first name genitive", "Agnes' idé", [("Agnes", "first_name")]),
    ("a first name that is a word", "Svar per post", [("per", "common_word")]),
    ("the issue's Per", "Per post", [("Per", "common_word")]),
    ("the issue's May", "12 May 2026", [("May", "common_word")]),
    ("surname shared with someone who consented", "Nygaard siger", [("Nygaard", "shared")]),
    ("a middle name that is a word", "Holm er enig", [("Holm", "common_word")]),
    ("a surname that is a word", "En tur i skov", [("skov", "common_word")]),
    ("consenting name beside a doubtful one", "Per Nygaard og Per", [("Per", "common_word")]),
    ("e-mail address", "jonas.bech@sygehus.dk", [("jonas", "first_name"), ("bech", "joined")]),
    ("joined by a hyphen", "Bech-sagen", [("Bech", "joined")]),
    ("a surname alone in lower case reads as a word", "Svar til bech", [("bech", "common_word")]),
]


@pytest.mark.parametrize("text, found", [row[1:] for row in DOUBTFUL], ids=[row[0] for row in DOUBTFUL])
def test_mentions_that_cannot_be_decided_are_left_as_typed_and_listed(text, found):
    assert names().hide(text) == text
    assert doubts(names(), text) == found


def test_nothing_is_listed_where_everyone_may_be_named():
    doc = document(participants=[{**p.model_dump(), "consent_to_be_named": True} for p in people()])
    assert privacy.Names(doc, "da").mentions("Per post, May, Jonas Bech, Nygaard") == []


# --------------------------------------------------------------------------- the catalogue: anonymising

ANONYMISED = [  # (case, free text, what outputs show): no one named, the facilitator included
    ("a consenting participant", "Per Nygaard og Helle Kjærsgaards plan", "Overlæge og Direktørs plan"),
    ("the facilitator's whole entry", "Anne Holm, Holm Rådgivning", "Facilitator"),
    ("the facilitator", "Anne Holm følger op", "Facilitator følger op"),
    ("the facilitator's firm named after her", "Holm Rådgivning sender", "Facilitator sender"),
    ("a surname two hidden people share", "Nygaard ringer", "Deltager uden navn ringer"),
    ("a first name alone stays for review", "Spørg Per", "Spørg Per"),
]


@pytest.mark.parametrize("text, shown", [row[1:] for row in ANONYMISED], ids=[row[0] for row in ANONYMISED])
def test_anonymising_hides_everyone(text, shown):
    assert names(anonymise=True).hide(text) == shown


@pytest.mark.parametrize(
    "entry, text, shown",
    [
        ("Anne Holm (Holm Rådgivning)", "Anne Holm (Holm Rådgivning) og Holm Rådgivning", "Facilitator og Facilitator"),
        ("Anne Holm – Region Syddanmark", "Anne Holm – Region Syddanmark", "Facilitator"),
        ("Anne Holm, Region Syddanmark", "Region Syddanmark betaler", "Region Syddanmark betaler"),
        (
            "Søren Kjærgaard, Kjærgaard Rådgivning",
            "Kjærgaard Rådgivning og Kjærgaards notat",
            "Facilitator og Facilitators notat",
        ),
    ],
)
def test_the_facilitator_entry_is_hidden_but_an_employer_without_her_name_is_not(entry, text, shown):
    doc = document(workshop={"facilitator": entry})
    assert privacy.Names(doc, "da", anonymise=True).hide(text) == shown


# --------------------------------------------------------------------------- only free text is touched

NOT_FREE_TEXT = {
    "language",
    "scale.id",
    "scale.version",
    "scale.source",
    "organisation.type",
    "organisation.channels.*",
    "organisation.target_groups.*",
    "participants.*.id",
    "participants.*.name",
    "purposes.chosen.*.id",
    "purposes.chosen.*.priority",
    "purposes.own.*.id",
    "purposes.own.*.priority",
    "goals.*.id",
    "goals.*.kind",
    "goals.*.objective",
    "kpis.*.id",
    "kpis.*.scope",
    "kpis.*.direction",
    "kpis.*.goals.*",
    "kpis.*.suggestion",
    "ratings.*.area",
    "actions.*.id",
    "actions.*.area",
    "actions.*.phase",
    "strategy.accessibility.*",
    "strategy.involvement_levels.*",
    "strategy.roadmap.*.id",
    "id",
    "actions.*.status",
    "kpis.*.actuals.*.id",
    "history.*.id",
    "history.*.file",
    "history.*.scale.id",
    "history.*.scale.version",
    "history.*.scale.source",
    "history.*.ratings.*.area",
    "history.*.closed_actions.*",
    "room.token",
    "room.code",
    "room.secret",
    "room.run",
    "room.voters.*.id",
    "room.voters.*.lang",
    "room.polls.*.item",
    "room.polls.*.state",
    "room.polls.*.rounds.*.votes.*.voter",
    "drafts.*.id",
    "drafts.*.table",  # what a draft holds reaches no output (see the test below)
}


def text_fields(model: type[BaseModel], prefix: str = "") -> set[str]:
    """Every field of the document model that holds text, as a dotted path."""
    found = set()
    for name, field in model.model_fields.items():
        kind, path = field.annotation, f"{prefix}{name}"
        while True:
            args = [a for a in typing.get_args(kind) if a is not type(None)]
            if typing.get_origin(kind) is list:
                kind, path = args[0], f"{path}.*"
            elif (
                typing.get_origin(kind) in (typing.Union, typing.Annotated)
                or str(typing.get_origin(kind)) == "<class 'types.UnionType'>"
            ):
                kind = args[0]
            else:
                break
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found |= text_fields(kind, f"{path}.")
        elif kind is str or (
            typing.get_origin(kind) is typing.Literal and all(isinstance(a, str) for a in typing.get_args(kind))
        ):
            found.add(path)
    return found


def test_every_text_field_of_the_document_is_either_free_text_or_not():
    """A new text field must be put in FREE_TEXT (users write it) or here (they choose it)."""
    free = {spec.path for spec in privacy.FREE_TEXT}
    assert not free & NOT_FREE_TEXT
    assert text_fields(Assessment) == free | NOT_FREE_TEXT


#: An item for a list the examples leave empty, so a text can be put into it.
SEEDS = {"actuals": {"id": "m1", "date": "2026-10-01", "value": 1}, "roadmap": {"id": "r1", "period": "2027"}}


def put(doc: Assessment, path: str, text: str) -> Assessment:
    """``doc`` with ``text`` at ``path`` (in the last item where it is a list)."""
    data = doc.model_dump(mode="json")
    *parents, last = path.split(".")
    target, name = data, ""
    for part in parents:
        if part == "*" and not target:
            target.append(dict(SEEDS[name]))
        target, name = (target[-1], name) if part == "*" else (target[part], part)
    if last == "*":
        target[-1:] = [text]
    else:
        target[last] = text
    return Assessment.model_validate(data)


@pytest.mark.parametrize("spec", privacy.FREE_TEXT, ids=[spec.path for spec in privacy.FREE_TEXT])
def test_a_name_is_hidden_in_every_free_text_field(hospital, spec):
    prefix = "Anne Holm, " if spec.path == "workshop.facilitator" else ""
    hospital.doc = put(hospital.doc, spec.path, f"{prefix}Drøftet med Jonas Bech og Per Nygaard")
    shown = json.dumps(privacy.shown(hospital).doc.model_dump(mode="json"), ensure_ascii=False)
    assert "Bech" not in shown and f"{prefix}Drøftet med Jurist og Per Nygaard" in shown
    assert "Bech" not in json.dumps(report_data(hospital), ensure_ascii=False)


def test_the_shown_copy_renames_hidden_participants_and_leaves_the_original_alone(hospital):
    before = hospital.doc.model_dump()
    shown = privacy.shown(hospital, anonymise=True).doc
    assert [p.name for p in shown.participants] == ["Deltager uden navn"] * len(PEOPLE)
    assert not any(p.consent_to_be_named for p in shown.participants)
    assert shown.workshop.facilitator == ""
    assert hospital.doc.model_dump() == before


def everyone_consenting(opened: Opened) -> Opened:
    doc = opened.doc.model_copy(deep=True)
    doc.participants = [p.model_copy(update={"consent_to_be_named": True}) for p in doc.participants]
    return Opened(opened.file, doc, opened.scale, opened.catalogue)


@pytest.mark.parametrize("lang", ["da", "nb", "en"])
def test_hiding_names_never_rewrites_labels_dates_scale_or_catalogue_texts(example_copy, lang):
    """The issue's Per and May, and people whose surnames are the report's own words: a report
    and tables whose free text names none of them are the same word for word whether they
    consented or not (the participants list aside)."""
    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.language = lang
    opened.doc.room.polls = []
    opened.doc.workshop.date = opened.doc.workshop.date.replace(month=5, day=12)
    typed = json.dumps(opened.doc.model_dump(mode="json"), ensure_ascii=False).casefold()
    words = sorted(
        {
            w
            for text in report_data(opened)["labels"].values()
            for w in re.findall(r"\b[A-ZÆØÅ]\w{3,}\b", text)
            if w.casefold() not in typed and privacy.fold(w) not in privacy.common_words()
        }
    )
    assert len(words) > 10
    opened.doc.participants = [
        Participant(id=f"x{i}", name=name, role=f"Rolle {i}", consent_to_be_named=False)
        for i, name in enumerate(["Per", "May", "Per Post", *(f"Eva {w}" for w in words)])
    ]
    hidden, named = report_data(opened), report_data(everyone_consenting(opened))
    hidden.pop("participants"), named.pop("participants")
    assert hidden == named
    assert export.tables(opened) == export.tables(everyone_consenting(opened))
    if lang == "en":
        assert hidden["cover"]["date"] == "12 May 2026"
        assert {k["scope"] for k in hidden["kpis"]} >= {"Per post"}


def test_the_report_names_a_consenting_per_nygaard_beside_a_hidden_per(hospital):
    hospital.doc.ratings[0].notes = "Per Nygaard og Jonas Bech"
    data = report_data(hospital)
    assert {"name": "Per Nygaard", "role": "Overlæge"} in [
        {k: r[k] for k in ("name", "role")} for r in data["participants"]["rows"]
    ]
    assert {"name": "", "role": "Pedel"} in [{k: r[k] for k in ("name", "role")} for r in data["participants"]["rows"]]
    notes = [row["notes"] for row in data["areas"]["rows"]]
    assert "Per Nygaard og Jurist" in notes
    anonymous = report_data(hospital, anonymise=True)
    assert not any(row["name"] for row in anonymous["participants"]["rows"])
    assert "Overlæge og Jurist" in [row["notes"] for row in anonymous["areas"]["rows"]]


def test_a_long_role_standing_for_a_name_does_not_break_any_output(hospital, tmp_path):
    """Anonymising used to validate the copy again; a role longer than a name may be failed it."""
    long_role = "Projektleder for " + "digital inddragelse og " * 30
    hospital.doc.participants[0].role = long_role
    assert render_pdf(hospital, anonymise=True).startswith(b"%PDF")
    assert export.xlsx_bytes(hospital, anonymise=True)
    assert html_export.summary_copy(hospital, anonymise=True).participants[0].role == long_role


def test_a_title_that_outgrows_its_field_once_a_name_is_hidden_stops_the_html_with_one_line(hospital):
    hospital.doc.participants[0].role = "Juridisk konsulent for persondata og tavshedspligt"
    hospital.doc.goals[0].text = "x" * 480 + " Jonas Bech"
    with pytest.raises(AssessmentError) as caught:
        html_export.summary_copy(hospital)
    assert str(caught.value) == (
        f"{hospital.file.path}: goals.0.text: too long once names are hidden "
        "(String should have at most 500 characters); shorten it for the HTML summary"
    )
    assert render_pdf(hospital).startswith(b"%PDF"), "the PDF does not need the copy to be valid"


# --------------------------------------------------------------------------- the review before export


def test_the_review_lists_each_doubtful_mention_with_where_it_stands(hospital):
    hospital.doc.ratings[2].notes = "Per og Nygaard var enige.\nSpørg Jonas om resten."
    hospital.doc.actions[1].owner = "Holm"
    found = privacy.review(hospital)
    area = hospital.scale.area(hospital.doc.ratings[2].area).name("da")
    assert [(d.path, d.mention, d.reason) for d in found] == [
        ("ratings.2.notes", "Per", "common_word"),
        ("ratings.2.notes", "Nygaard", "shared"),
        ("ratings.2.notes", "Jonas", "first_name"),
        ("actions.1.owner", "Holm", "common_word"),
    ]
    assert found[0].where("da") == f"Modenhedsområder › Noter › {area}"
    assert found[2].context == "…og Nygaard var enige. Spørg Jonas om resten."
    assert (found[0].before, found[0].after) == ("", " og Nygaard var enige. Spørg…")
    assert (
        found[0].message("da") == "»Per« kan være Per, som ikke må nævnes ved navn (navnet er også et almindeligt ord)"
    )
    assert found[1].message("en") == (
        "“Nygaard” may be Lene Nygaard, who may not be named (someone who may be named has the same name)"
    )
    where, action = found[3].where("nb").split(" › ", 2), hospital.doc.actions[1].what
    assert where[:2] == ["Resultat", "Ansvarlig"] and len(where[2]) <= 40
    assert where[2].endswith("…") and action.startswith(where[2][:-1]), "an action by its first words"


def test_anonymising_puts_every_first_name_alone_in_the_review(hospital):
    hospital.doc.ratings[0].notes = "Helle tager den"
    assert privacy.review(hospital) == []
    assert [(d.mention, d.reason) for d in privacy.review(hospital, anonymise=True)] == [("Helle", "first_name")]


def test_the_cli_warns_of_each_doubtful_mention_and_still_writes(hospital, tmp_path, capsys):
    hospital.doc.ratings[0].notes = "Per post"
    hospital.file.save(hospital.doc, overwrite=True)
    path = hospital.file.path
    assert main(["report", str(path), "--pdf", str(tmp_path / "r.pdf")]) == 0
    err = capsys.readouterr().err
    assert err == (
        f"warning: {path}: ratings.0.notes: “Per” may be Per, who may not be named "
        "(the name is also an ordinary word): Per post\n"
    )
    assert main(["export", str(path), "--xlsx", str(tmp_path / "r.xlsx"), "--anonymise"]) == 0
    assert capsys.readouterr().err.count("warning: ") == 1
    assert (tmp_path / "r.pdf").exists() and (tmp_path / "r.xlsx").exists()


def test_the_ui_lists_doubtful_names_beside_the_exports_and_follows_edits(tmp_path):
    from assessment.ui.steps.summary import SummaryView

    from .uikit import example_session, one

    session = example_session(tmp_path)
    view = SummaryView(session)
    panel = one(view, "dmw-review-panel")
    assert panel.value == "", "nothing to check: no panel"
    session.change(lambda doc: setattr(doc.ratings[0], "notes", "Spørg Jonas om det"))
    assert "Navne at tjekke før eksport (1)" in panel.value and "<b>Jonas</b>" in panel.value
    assert "Modenhedsområder › Noter" in panel.value and "et fornavn alene bliver ikke skjult" in panel.value
    session.change(lambda doc: setattr(doc.ratings[0], "notes", "Spørg juristen om det"))
    assert panel.value == ""
    session.change(lambda doc: setattr(doc.ratings[0], "notes", "Helle tager den"))
    assert panel.value == ""
    one(view, "dmw-export-anonymise").value = True
    assert "<b>Helle</b>" in panel.value


# --------------------------------------------------------------------------- metadata


def pdf_metadata(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    xmp = reader.xmp_metadata
    return " ".join(str(v) for v in (reader.metadata or {}).values()) + (xmp.stream.get_data().decode() if xmp else "")


def test_the_pdf_says_who_wrote_it_unless_anonymised(hospital):
    hospital.doc.organisation.name = "Lægehuset Jonas Bech"
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(hospital)))
    assert reader.metadata.title == "Dialogmodenhed: Lægehuset Jurist"
    assert reader.metadata.author == FACILITATOR
    anonymous = pdf_metadata(render_pdf(hospital, anonymise=True))
    assert "Lægehuset Jurist" in anonymous
    assert "Holm" not in anonymous and "Bech" not in anonymous and "Anne" not in anonymous


def xlsx_properties(data: bytes) -> tuple[dict[str, str], str]:
    """The xlsx core properties by name (however the writer spells the XML), and the raw XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        core = book.read("docProps/core.xml").decode()
    return {el.tag.rsplit("}", 1)[-1]: el.text or "" for el in ElementTree.fromstring(core)}, core


def test_the_xlsx_properties_name_no_one_when_anonymised(hospital):
    hospital.doc.organisation.name = "Lægehuset Jonas Bech"
    named, _ = xlsx_properties(export.xlsx_bytes(hospital))
    assert (named["creator"], named["title"]) == (FACILITATOR, "Dialogmodenhed: Lægehuset Jurist")
    anonymous, core = xlsx_properties(export.xlsx_bytes(hospital, anonymise=True))
    assert anonymous["creator"] == anonymous["lastModifiedBy"] == "Dialogue maturity workbook"
    assert "Holm" not in core and "Bech" not in core


def test_the_metadata_a_docx_writer_asks_for(hospital):
    assert privacy.metadata(hospital) == privacy.Metadata("Dialogmodenhed: Sygehus Vestkysten", FACILITATOR)
    assert privacy.metadata(hospital, anonymise=True) == privacy.Metadata("Dialogmodenhed: Sygehus Vestkysten", "")


def test_the_html_title_names_no_one_when_anonymised(hospital, tmp_path):
    hospital.doc.organisation.name = "Lægehuset Jonas Bech"
    hospital.doc.organisation.unit = "Per Nygaards team"
    hospital.file.save(hospital.doc, overwrite=True)
    html = html_export.html_bytes(open_assessment(hospital.file.path), anonymise=True).decode()
    assert "<title>Dialogmodenhed: Lægehuset Jurist</title>" in html
    assert "Overlæges team" in html
    assert not re.search(r"Bech|Nygaard|Anne Holm", html)


# --------------------------------------------------------------------------- thousands of spellings

SEPARATORS = [" ", "\u00a0", "\u202f", "\n", "\r\n  ", "\t"]
CASES = [str, str.upper, str.lower]
POSSESSIVES = ["", "s", "'s", "’s", "'", "´s"]
FRAMES = ["Aftalt med {} i går", "(ansvar: {}).", "»{}«"]


def spellings(person: str) -> list[tuple[str, bool]]:
    """(text, whether it holds the full name): the full name and the surname, in every
    spacing, case, Unicode form and possessive."""
    words = person.split()
    forms = {(sep.join(words), True) for sep in SEPARATORS} | ({(words[-1], False)} if len(words) > 1 else set())
    return [
        (frame.format(unicodedata.normalize(nf, case(form) + possessive)), full)
        for form, full in sorted(forms)
        for case in CASES
        for nf in ("NFC", "NFD")
        for possessive in POSSESSIVES
        for frame in FRAMES
    ]


def normal(text: str) -> str:
    """Text as a reader compares names: composed, any case, any space, no soft hyphens."""
    return " ".join(unicodedata.normalize("NFC", text.replace("\u00ad", "")).casefold().split())


def leaked(shown: str, person: str) -> bool:
    """Does ``shown`` still hold the surname of ``person`` (alone, in the full name, or with a possessive)?"""
    surname = re.escape(normal(person).split()[-1])
    return re.search(rf"(?<!\w){surname}(s|['’´]s?)?(?!\w)", normal(shown)) is not None


def hidden_people(doc: Assessment, anonymise: bool) -> list[str]:
    people = [p.name for p in doc.participants if anonymise or not p.consent_to_be_named]
    return people + ([privacy.FACILITATOR_SPLIT.split(doc.workshop.facilitator)[0]] if anonymise else [])


def test_no_spelling_of_a_hidden_name_gets_through():
    """Every name that may not appear, in each example, written every way: a full name is
    always hidden; a surname alone is hidden or, where it is also a word, listed for review."""
    cases, leaks = 0, []
    for example in EXAMPLES:
        doc = open_assessment(example).doc
        for anonymise in (False, True):
            found = privacy.Names(doc, doc.language, anonymise)
            for person in hidden_people(doc, anonymise):
                surname = normal(person).split()[-1]
                for text, full in spellings(person):
                    cases += 1
                    listed = {normal(text[m.start : m.end]) for m in found.mentions(text) if m.doubtful}
                    if leaked(found.hide(text), person) and (full or surname not in listed):
                        leaks.append((example.name, anonymise, text))
    assert leaks == []
    assert cases > 20_000


def test_a_hidden_name_is_hidden_in_every_field_of_every_example(tmp_path):
    cases, leaks = 0, []
    for example in EXAMPLES:
        opened = open_assessment(example)
        for anonymise in (False, True):
            for person in hidden_people(opened.doc, anonymise):
                text = f"Aftalt med {unicodedata.normalize('NFD', person.upper()).replace(' ', chr(0xA0))}s team"
                doc = opened.doc
                for spec in privacy.FREE_TEXT:
                    facilitator = f"{opened.doc.workshop.facilitator}, {text}"  # still the same facilitator
                    doc = put(doc, spec.path, facilitator if spec.path == "workshop.facilitator" else text)
                shown = privacy.shown(Opened(opened.file, doc, opened.scale, opened.catalogue), anonymise=anonymise)
                for spec in privacy.FREE_TEXT:
                    cases += 1
                    value = shown.doc
                    for part in spec.path.split("."):
                        value = value[-1] if part == "*" else getattr(value, part)
                    if leaked(value, person):
                        leaks.append((example.name, anonymise, spec.path, value))
    assert leaks == []
    assert cases > 700


# --------------------------------------------------------------------------- every output of the examples


def name_words(person: str) -> list[str]:
    """The parts of a name worth looking for: three letters or more."""
    return [w for w in re.split(r"[\s,]+", person) if sum(c.isalpha() for c in w) >= 3]


def outputs(source: Path, folder: Path, anonymise: bool) -> dict[str, str]:
    """Every output of ``source`` as text: the PDF read back and its metadata, every part of
    the xlsx, every CSV file and the HTML."""
    flag = ["--anonymise"] if anonymise else []
    assert main(["report", str(source), "--pdf", str(folder / "r.pdf"), *flag]) == 0
    assert (
        main(
            [
                "export",
                str(source),
                "--xlsx",
                str(folder / "r.xlsx"),
                "--csv",
                str(folder / "csv"),
                "--html",
                str(folder / "r.html"),
                *flag,
            ]
        )
        == 0
    )
    pdf = (folder / "r.pdf").read_bytes()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(folder / "r.pdf"), "-"], capture_output=True, check=True, text=True
    ).stdout
    found = {"pdf text": re.sub(r"(?<=\w)-\n(?=\w)", "", text), "pdf metadata": pdf_metadata(pdf)}
    with zipfile.ZipFile(folder / "r.xlsx") as book:
        found |= {f"xlsx {part}": book.read(part).decode("utf-8") for part in book.namelist()}
    found |= {f"csv {p.name}": p.read_text(encoding="utf-8-sig") for p in sorted((folder / "csv").iterdir())}
    found["html"] = (folder / "r.html").read_text(encoding="utf-8")
    return found


def leaks(found: dict[str, str], people: list[str]) -> list[tuple[str, str]]:
    """(output, name) for every part of a name found, also across a line break or squeezed."""
    hits = []
    for where, text in found.items():
        text = unicodedata.normalize("NFC", text)
        squeezed = re.sub(r"\s+", "", text)
        for person in people:
            if re.sub(r"\s+", "", person) in squeezed:
                hits.append((where, person))
            hits += [
                (where, w)
                for w in name_words(person)
                if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)
            ]
    return hits


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_anonymised_outputs_of_every_example_name_no_one_anywhere(example, tmp_path, capsys):
    source = tmp_path / example.name
    shutil.copy(example, source)
    doc = open_assessment(source).doc
    everyone = [p.name for p in doc.participants] + [doc.workshop.facilitator.split(",")[0]]
    found = outputs(source, tmp_path, anonymise=True)
    assert len(found) > 10 and capsys.readouterr().err == ""
    assert leaks(found, everyone) == []


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_outputs_of_every_example_name_only_those_who_consented(example, tmp_path, capsys):
    source = tmp_path / example.name
    shutil.copy(example, source)
    doc = open_assessment(source).doc
    found = outputs(source, tmp_path, anonymise=False)
    assert capsys.readouterr().err == ""
    assert leaks(found, [p.name for p in doc.participants if not p.consent_to_be_named]) == []
    named = [p.name for p in doc.participants if p.consent_to_be_named]
    assert {person for _, person in leaks({"pdf": found["pdf text"]}, named)} >= set(named), "the test sees names"


def test_a_name_typed_in_an_unfinished_row_reaches_no_output(example_copy, tmp_path, capsys):
    """Drafts keep what was typed as typed; no output shows them, so no name in one leaks."""
    source = example_copy("hospital-da.json")
    opened = open_assessment(source)
    hidden = next(p.name for p in opened.doc.participants if not p.consent_to_be_named)
    opened.doc.drafts.append(Draft(id="k9", table="kpi", data={"name": f"Zebrafisketal fra {hidden}", "unit": hidden}))
    opened.file.save(opened.doc)
    found = outputs(source, tmp_path, anonymise=False)
    assert capsys.readouterr().err == ""
    assert leaks(found, [hidden]) == []
    assert not [where for where, text in found.items() if "Zebrafisketal" in text]


def test_the_csv_keeps_a_hidden_name_out_of_every_file(hospital, tmp_path):
    hospital.doc.purposes.social_purpose = "Lene Nygaards idé"
    hospital.doc.actions[0].owner = "JONAS\u00a0BECH"
    files = export.csv_files(hospital)
    text = "".join(data.decode("utf-8-sig") for data in files.values())
    assert "Sekretærs idé" in text and "Jurist" in text
    assert not re.search(r"(?i)\b(bech|lene)\b", text)
    rows = list(csv.reader(io.StringIO(files["handlingsplan.csv"].decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2] == "Jurist"


def test_the_examples_are_all_checked():
    assert len(EXAMPLES) == 4 and all(p.parent == REPO / "examples" for p in EXAMPLES)

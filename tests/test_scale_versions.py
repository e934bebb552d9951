"""A follow-up on a newer version of the scale: renamed, merged and dropped areas, renumbered
levels; compared where the scale's mapping says what an answer became, said plainly where not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from assessment.data.scale import load_scale
from assessment.document.context import create_assessment, open_assessment
from assessment.document.followup import create_follow_up
from assessment.document.store import AssessmentFile
from assessment.errors import AssessmentError
from assessment.outputs.export import tables
from assessment.outputs.progress_report import progress_section

from .conftest import REPO


def text(words: str) -> dict[str, str]:
    return {"da": words, "en": words}


def scale(version: str, areas: list[str], levels: int, previous: list[dict] | None = None) -> dict:
    return {
        "format": "dialogue-maturity-scale/1",
        "id": "fjord",
        "version": version,
        "languages": ["da", "en"],
        "name": text("Fjordskalaen"),
        "description": text("Til test"),
        "dialogue_question": text("Hvor er I?"),
        "levels": [
            {
                "level": n,
                "name": text(f"Trin {n}"),
                "summary": text("s"),
                "platform": text("p"),
                "content": text("c"),
                "organisation": text("o"),
                "examples": {"municipality": text("e")},
            }
            for n in range(1, levels + 1)
        ],
        "areas": [
            {
                "id": a,
                "name": text(a.capitalize()),
                "question": text("?"),
                "guidance": text("g"),
                "descriptors": {n: text(f"{a} {n}") for n in range(1, levels + 1)},
            }
            for a in areas
        ],
        **({"previous_versions": previous} if previous else {}),
    }


OLD = scale("1.0", ["purpose", "content", "reach", "staff", "budget"], 4)
#: 2.0 renames content to publishing, merges staff and budget into people, drops reach, adds
#: listening, and splits level 3 in two (old 3 has no single counterpart; old 4 is now 5).
NEW = scale(
    "2.0",
    ["purpose", "publishing", "people", "listening"],
    5,
    [
        {
            "version": "1.0",
            "areas": {"content": "publishing", "staff": "people", "budget": "people", "reach": None},
            "levels": {3: None, 4: 5},
            "names": {"reach": text("Rækkevidde"), "staff": text("Medarbejdere"), "budget": text("Budget")},
            "note": text("Version 2.0 samler medarbejdere og budget og deler niveau 3 i to."),
        }
    ],
)


def write(folder: Path, name: str, data: dict) -> Path:
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")  # JSON is YAML too
    return path


@pytest.fixture
def last_year(tmp_path: Path):
    """An assessment on version 1.0 and the path of version 2.0 of its scale."""
    old_scale, new_scale = write(tmp_path, "fjord-1.0.yaml", OLD), write(tmp_path, "fjord-2.0.yaml", NEW)

    def make(levels: dict[str, tuple[int, int]], dialogue: tuple[int, int]) -> tuple[Path, Path]:
        path = tmp_path / "2026.json"
        opened = create_assessment(path, str(old_scale), "Fjordby Kommune", "municipality", "da")
        doc = opened.doc
        doc.dialogue.current, doc.dialogue.desired = dialogue
        for r in doc.ratings:
            r.current, r.desired = levels[r.area]
        opened.file.save(doc)
        return path, new_scale

    return make


def test_renamed_merged_and_renumbered_levels_carry_over_where_they_mean_the_same(last_year, tmp_path):
    old, new_scale = last_year(
        {"purpose": (4, 4), "content": (2, 4), "reach": (1, 2), "staff": (2, 3), "budget": (2, 3)}, dialogue=(2, 4)
    )
    opened, notes = create_follow_up(tmp_path / "2027.json", old, levels="previous", scale_id_or_path=str(new_scale))
    levels = {r.area: (r.current, r.desired) for r in opened.doc.ratings}
    assert levels == {"purpose": (5, 5), "publishing": (2, 5), "people": (2, None), "listening": (None, None)}
    assert (opened.doc.dialogue.current, opened.doc.dialogue.desired) == (2, 5)
    assert notes == [
        "ratings.people.desired: left empty: level 3 of version 1.0 has no single counterpart in version 2.0"
    ]
    assert opened.doc.scale.version == "2.0" and opened.doc.history[-1].scale.version == "1.0"


def test_what_cannot_be_compared_is_said_plainly_never_guessed(last_year, tmp_path):
    old, new_scale = last_year(
        {"purpose": (2, 4), "content": (3, 4), "reach": (1, 2), "staff": (1, 2), "budget": (2, 2)}, dialogue=(3, 4)
    )
    opened, _ = create_follow_up(tmp_path / "2027.json", old, levels="empty", scale_id_or_path=str(new_scale))
    section = progress_section(opened)
    rows = {r["name"]: r for r in section["areas"]}
    assert (rows["Purpose"]["then"], rows["Purpose"]["desired_then"], rows["Purpose"]["why"]) == ("2", "5", "")
    assert rows["Publishing"]["then"] == "–"
    assert rows["Publishing"]["why"] == "Niveau 3 i version 1.0 svarer ikke til ét bestemt niveau i version 2.0."
    assert rows["People"]["then"] == "–" and rows["People"]["desired_then"] == "2"
    assert rows["People"]["why"] == (
        "Området samler i version 2.0 flere områder, som sidst stod forskelligt "
        "(Medarbejdere 1, Budget 2), så der er intet enkelt niveau at sammenligne med."
    )
    assert rows["Listening"]["why"] == "Området er nyt i version 2.0; der er intet niveau fra sidst."
    assert section["dialogue"]["then"] == "–" and "Niveau 3 i version 1.0" in section["dialogue"]["why"]
    assert section["notes"] == [
        "Skalaen er siden opdateret til version 2.0. Niveauerne er sammenlignet efter skalaens egen beskrivelse af "
        "ændringerne; hvor det ikke kan lade sig gøre, står der hvorfor.",
        "Version 2.0 samler medarbejdere og budget og deler niveau 3 i to.",
        "Området »Rækkevidde« fra version 1.0 findes ikke i version 2.0 og indgår ikke i sammenligningen.",
    ]
    sheet = next(tb for tb in tables(opened) if tb.key == "progress")
    people = next(row for row in sheet.rows if row[0] == "People")
    assert people[1] is None and people[-1] == rows["People"]["why"]
    assert sheet.rows[-1][0] == "Rækkevidde" and "findes ikke i version 2.0" in sheet.rows[-1][-1]


def test_a_version_the_new_scale_does_not_describe_is_refused_rather_than_compared(last_year, tmp_path):
    old, _ = last_year({a: (1, 2) for a in ("purpose", "content", "reach", "staff", "budget")}, dialogue=(1, 2))
    silent = write(tmp_path, "fjord-silent.yaml", scale("2.0", ["purpose", "publishing"], 5))
    with pytest.raises(
        AssessmentError, match=r"uses version 1.0 of 'fjord', which version 2.0 neither is nor describes"
    ):
        create_follow_up(tmp_path / "2027.json", old, scale_id_or_path=str(silent))
    assert not (tmp_path / "2027.json").exists()


def test_an_action_on_a_dropped_area_is_kept_without_an_area(last_year, tmp_path):
    from assessment.document.model import Action

    old, new_scale = last_year({a: (1, 2) for a in ("purpose", "content", "reach", "staff", "budget")}, dialogue=(1, 2))
    handle = AssessmentFile(old)
    doc = handle.load()
    doc.actions = [
        Action(id="a1", what="Mål rækkevidden", area="reach", phase="now"),
        Action(id="a2", what="Ny plan", area="content", phase="now"),
    ]
    handle.save(doc)
    opened, notes = create_follow_up(tmp_path / "2027.json", old, scale_id_or_path=str(new_scale))
    assert [(a.id, a.area) for a in opened.doc.actions] == [("a1", None), ("a2", "publishing")]
    assert notes == ["actions.a1.area: 'reach' has no counterpart in version 2.0; the action is kept without an area"]


@pytest.mark.parametrize(
    "mapping, message",
    [
        ({"version": "2.0"}, "previous_versions.0.version: '2.0' is this scale's own version"),
        (
            {"version": "1.0", "areas": {"content": "pubishing"}},
            "previous_versions.0.areas.content: 'pubishing' is not an area of this scale (purpose, publishing)",
        ),
        ({"version": "1.0", "levels": {4: 7}}, "previous_versions.0.levels.4: level 7 is not a level of this scale"),
        (
            {"version": "1.0", "names": {"reach": {"da": "Rækkevidde"}}},
            "previous_versions.0.names.reach: missing translation for en",
        ),
    ],
)
def test_a_broken_mapping_is_found_with_its_line(tmp_path, mapping, message):
    path = write(tmp_path, "bad.yaml", scale("2.0", ["purpose", "publishing"], 5, [mapping]))
    with pytest.raises(AssessmentError) as err:
        load_scale(path)
    assert any(p.startswith(f"{path}:1: {message}") for p in err.value.problems), err.value.problems


def test_one_version_is_mapped_once(tmp_path):
    path = write(tmp_path, "twice.yaml", scale("2.0", ["purpose"], 5, [{"version": "1.0"}, {"version": "1.0"}]))
    with pytest.raises(AssessmentError, match="previous_versions.1.version: version '1.0' is listed twice"):
        load_scale(path)


def test_a_benchmark_reads_files_on_an_earlier_version_through_the_mapping(last_year, tmp_path):
    from assessment.benchmark.collect import collect
    from assessment.data.scale import load_scale

    old, new_scale = last_year(
        {"purpose": (4, 4), "content": (2, 4), "reach": (1, 2), "staff": (1, 3), "budget": (2, 3)}, dialogue=(3, 4)
    )
    collected = collect([old], load_scale(new_scale))
    levels = {item: (c, d) for item, c, d in collected.table[["item", "current", "desired"]].itertuples(index=False)}
    assert {k: tuple(None if v is pd.NA else int(v) for v in pair) for k, pair in levels.items()} == {
        "dialogue_level": (None, 5),
        "purpose": (5, 5),
        "publishing": (2, 5),
        "people": (None, None),
        "listening": (None, None),
    }


# --------------------------------------------------------------------------- opening on the new version


def test_an_assessment_on_scale_1_0_opens_on_1_1_with_its_ratings_and_records_the_new_version(tmp_path):
    data = json.loads((REPO / "examples" / "hospital-da.json").read_text(encoding="utf-8"))
    data["scale"]["version"] = "1.0"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    opened = open_assessment(path)
    assert opened.scale.version == "1.1" and opened.doc.scale.version == "1.1"
    assert [(r.area, r.current, r.desired) for r in opened.doc.ratings] == [
        (r["area"], r["current"], r["desired"]) for r in data["ratings"]
    ]


def own_scale(tmp_path: Path, mapping: str) -> None:
    """citizen-participation 1.1 with 'listening' renamed 'monitoring' and ``mapping`` for 1.0."""
    text = (REPO / "scales" / "citizen-participation.yaml").read_text(encoding="utf-8")
    text = text.replace("id: listening", "id: monitoring").replace(
        'previous_versions:\n  - version: "1.0"\n', f'previous_versions:\n  - version: "1.0"\n{mapping}'
    )
    (tmp_path / "own.yaml").write_text(text, encoding="utf-8")


def old_file(tmp_path: Path, **extra: object) -> Path:
    doc = {
        "schema_version": 3,
        "language": "da",
        "scale": {"id": "citizen-participation", "version": "1.0", "source": "own.yaml"},
        "organisation": {"name": "Fjordby", "type": "municipality"},
        "ratings": [{"area": "listening", "current": 1, "desired": 3}],
        "actions": [{"id": "a1", "what": "Lyt", "area": "listening", "phase": "now"}],
        **extra,
    }
    (tmp_path / "a.json").write_text(json.dumps(doc), encoding="utf-8")
    return tmp_path / "a.json"


def test_a_renamed_area_moves_its_rating_and_actions_to_the_new_id(tmp_path):
    own_scale(tmp_path, "    areas: {listening: monitoring}\n")
    opened = open_assessment(old_file(tmp_path))
    assert [(r.area, r.current, r.desired) for r in opened.doc.ratings] == [("monitoring", 1, 3)]
    assert opened.doc.actions[0].area == "monitoring" and opened.doc.scale.version == "1.1"


def test_renumbered_levels_are_moved_to_their_new_numbers_on_opening(tmp_path):
    own_scale(tmp_path, "    areas: {listening: monitoring}\n    levels: {1: 2, 3: 4}\n")
    opened = open_assessment(old_file(tmp_path))
    assert [(r.area, r.current, r.desired) for r in opened.doc.ratings] == [("monitoring", 2, 4)]


def test_an_answer_with_no_single_counterpart_is_not_guessed_but_sent_to_a_follow_up(tmp_path):
    own_scale(tmp_path, "    areas: {listening: null}\n")
    with pytest.raises(
        AssessmentError,
        match=r"a\.json: scale: rated on version 1\.0 of 'citizen-participation'.*"
        r"listening.*assessment new --from",
    ):
        open_assessment(old_file(tmp_path))


def test_a_version_the_scale_does_not_describe_is_kept_as_the_file_says(tmp_path):
    shutil.copy(REPO / "scales" / "citizen-participation.yaml", tmp_path / "own.yaml")
    path = old_file(tmp_path, ratings=[], actions=[])
    data = json.loads(path.read_text(encoding="utf-8"))
    data["scale"]["version"] = "0.7"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert open_assessment(path).doc.scale.version == "0.7"

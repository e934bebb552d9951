"""A catalogue of bad input: each is refused with one exact, clear line and damages nothing on disk.

The figures for the closing note are the parameter counts: ASSESSMENT_CASES (broken
assessment files), SCALE_CASES (broken scale files), ORG_NAMES (names used for file
names) and MARKUP (free text carrying the markup of every output format).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assessment.cli import main
from assessment.data.scale import load_scale
from assessment.document.context import open_assessment
from assessment.document.model import SCHEMA_VERSION, Assessment
from assessment.document.store import AssessmentFile, load
from assessment.errors import AssessmentError, ConflictError
from assessment.files.filenames import safe_file_stem

from .conftest import REPO, TINY_SCALE
from .hostile import MARKUP

EXAMPLE = json.loads((REPO / "examples" / "hospital-da.json").read_text(encoding="utf-8"))
MiB = 1024 * 1024


def changed(change: Callable[[dict[str, Any]], object]) -> bytes:
    """The hospital example as JSON bytes, after ``change`` edited it in place."""
    doc = copy.deepcopy(EXAMPLE)
    change(doc)
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def setting(*where: str | int, to: Any) -> bytes:
    def change(doc: dict[str, Any]) -> None:
        node = doc
        for key in where[:-1]:
            node = node[key]
        node[where[-1]] = to

    return changed(change)


AREAS = "purpose, dialogue, structure, resources, processes, content"
OUTSIDE = (
    "an own scale is named by a path inside the assessment's folder (no absolute path, no '..'); "
    "copy the scale file into that folder and give its name as scale.source"
)

# (id, the file's bytes, exit code of `assessment validate`, the one line it prints)
ASSESSMENT_CASES = [
    (
        "malformed-json",
        b'{"schema_version": 2, "language": "da",',
        2,
        "{p}:1: not valid JSON: Expecting property name enclosed in double quotes (column 40)",
    ),
    (
        "trailing-comma",
        setting("language", to="da").replace(b'"language": "da"', b'"language": "da",,'),
        2,
        "{p}:4: not valid JSON: Expecting property name enclosed in double quotes (column 20)",
    ),
    ("json-array", b"[1, 2, 3]", 2, "{p}:1: (document): expected a JSON object holding an assessment"),
    ("not-an-assessment", b'{"name": "Sygehus"}', 2, "{p}: schema_version: missing; this is not an assessment file"),
    (
        "newer-schema",
        setting("schema_version", to=SCHEMA_VERSION + 1),
        2,
        f"{{p}}: schema_version: {SCHEMA_VERSION + 1} is newer than this workbook understands ({SCHEMA_VERSION}); "
        "update the workbook to open it",
    ),
    (
        "schema-as-text",
        setting("schema_version", to="2"),
        2,
        "{p}: schema_version: cannot upgrade this file: schema_version must be a whole number",
    ),
    (
        "schema-zero",
        setting("schema_version", to=0),
        2,
        "{p}: schema_version: cannot upgrade this file: schema_version 0 is not one this program can read",
    ),
    (
        "v2-content-labelled-v1",
        setting("schema_version", to=1),
        2,
        "{p}: schema_version: cannot upgrade this file: its content is not what version 1 files hold",
    ),
    (
        "level-above-scale",
        setting("ratings", 0, "current", to=6),
        1,
        "{p}: ratings.0.current: level 6 is outside the scale 'some-dialogue' (1–5)",
    ),
    (
        "level-above-any-scale",
        setting("ratings", 0, "desired", to=11),
        1,
        "{p}: ratings.0.desired: Input should be less than or equal to 10",
    ),
    (
        "level-zero",
        setting("dialogue", "current", to=0),
        1,
        "{p}: dialogue.current: Input should be greater than or equal to 1",
    ),
    (
        "level-as-text",
        setting("dialogue", "desired", to="fire"),
        1,
        "{p}: dialogue.desired: Input should be a valid integer",
    ),
    (
        "not-applicable-with-levels",
        setting("ratings", 0, "not_applicable", to=True),
        1,
        "{p}: ratings.0: an area marked not applicable cannot also have a current or desired level",
    ),
    (
        "unknown-area",
        setting("ratings", 0, "area", to="budget"),
        1,
        f"{{p}}: ratings.0.area: unknown area 'budget' (known: {AREAS})",
    ),
    (
        "unknown-action-area",
        setting("actions", 0, "area", to="budget"),
        1,
        f"{{p}}: actions.0.area: unknown area 'budget' (known: {AREAS})",
    ),
    (
        "unknown-purpose",
        setting("purposes", "chosen", 0, "id", to="fame"),
        1,
        "{p}: purposes.chosen.0.id: unknown purpose 'fame' (known: branding, openness, marketing, education, "
        "patient_pathway, involvement, crisis, relations)",
    ),
    (
        "language-not-in-scale",
        setting("language", to="sv"),
        1,
        "{p}: language: 'sv' is not one of the scale's languages (da, nb, en)",
    ),
    (
        "duplicate-participant",
        setting("participants", 1, "id", to="p1"),
        1,
        "{p}: (document): participants: duplicate id p1",
    ),
    ("kpi-unknown-goal", setting("kpis", 0, "goals", to=["g9"]), 1, "{p}: (document): kpis.k1.goals: unknown goal g9"),
    (
        "kpi-target-text",
        setting("kpis", 0, "target", to="mange"),
        1,
        "{p}: kpis.0.target: Input should be a valid number",
    ),
    (
        "kpi-target-nan",
        setting("kpis", 0, "target", to=float("nan")),
        1,
        "{p}: kpis.0.target: Input should be a finite number",
    ),
    (
        "kpi-target-infinite",
        setting("kpis", 0, "baseline", to=1e400),
        1,
        "{p}: kpis.0.baseline: Input should be a finite number",
    ),
    (
        "impossible-date",
        setting("workshop", "date", to="2026-02-30"),
        1,
        "{p}: workshop.date: Input should be a valid date or datetime, day value is outside expected range",
    ),
    (
        "unknown-field",
        setting("organisation", "colour", to="red"),
        1,
        "{p}: organisation.colour: unknown key (check the spelling, or remove it)",
    ),
    (
        "note-too-long",
        setting("ratings", 0, "notes", to="x" * 100_001),
        1,
        "{p}: ratings.0.notes: String should have at most 100000 characters",
    ),
    (
        "own-scale-missing",
        setting("scale", "source", to="vores-skala.yaml"),
        2,
        "{p}: scale: {folder}/vores-skala.yaml: no such file",
    ),
    (
        "own-scale-nul-byte",
        setting("scale", "source", to="skala\x00.yaml"),
        2,
        "{p}: scale: '{folder}/skala\\x00.yaml': cannot read a scale or catalogue: not a possible file name",
    ),
    (
        "unpaired-surrogate",
        setting("organisation", "unit", to="x").replace(b'"unit": "x"', b'"unit": "\\ud800"'),
        2,
        "{p}: not valid text: unpaired surrogate \\ud800 in a string; an assessment file is UTF-8 JSON",
    ),
    (
        "nested-too-deeply",
        b'{"schema_version": 2, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        2,
        "{p}: not valid JSON for an assessment: nested too deeply",
    ),
    (
        "latin-1",
        setting("language", to="da").replace("æ".encode(), b"\xe6"),
        2,
        "{p}: not UTF-8 text (byte {latin1}); an assessment file is UTF-8 JSON",
    ),
    (
        "utf-16",
        json.dumps(EXAMPLE).encode("utf-16"),
        2,
        "{p}: not UTF-8 text (byte 0); an assessment file is UTF-8 JSON",
    ),
    (
        "png-image",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        2,
        "{p}: not UTF-8 text (byte 0); an assessment file is UTF-8 JSON",
    ),
    ("empty", b"", 2, "{p}: file is empty; it holds no assessment (a backup may be in a.json.bak)"),
    ("only-whitespace", b" \n\t\r\n", 2, "{p}: file is empty; it holds no assessment (a backup may be in a.json.bak)"),
    (
        "50-MB",
        b'{"schema_version": 2, "notes": "' + b"x" * (50 * MiB) + b'"}',
        2,
        "{p}: file is 50 MB; an assessment file is at most 20 MB, so this is not one",
    ),
    (
        "own-scale-is-a-device",
        setting("scale", "source", to="/dev/zero"),
        2,
        f"{{p}}: scale: source '/dev/zero': {OUTSIDE}",
    ),
    # strict input: what Python's JSON reader and pydantic's lax mode would have taken silently, or crashed on
    (
        "key-given-twice",
        setting("language", to="da").replace(
            b'"consent_to_be_named": false', b'"consent_to_be_named": false, "consent_to_be_named": true', 1
        ),
        2,
        "{p}: participants.3.consent_to_be_named: given twice in one object; keep the one that is meant",
    ),
    (
        "integer-of-5000-digits",
        setting("language", to="da").replace(b'"target": 90', b'"target": ' + b"9" * 5000, 1),
        2,
        "{p}: kpis.0.target: a number of 5,000 digits; no field holds a number this long",
    ),
    (
        "level-as-true",
        setting("dialogue", "current", to=True),
        1,
        "{p}: dialogue.current: Input should be a valid integer",
    ),
    (
        "level-as-number-text",
        setting("ratings", 0, "current", to="2"),
        1,
        "{p}: ratings.0.current: Input should be a valid integer",
    ),
    (
        "vote-as-false",
        setting("room", "polls", 0, "rounds", 0, "votes", 0, "current", to=False),
        1,
        "{p}: room.polls.0.rounds.0.votes.0.current: Input should be a valid integer",
    ),
    (
        "consent-as-1",
        setting("participants", 0, "consent_to_be_named", to=1),
        1,
        "{p}: participants.0.consent_to_be_named: Input should be a valid boolean",
    ),
    (
        "consent-as-text",
        setting("participants", 3, "consent_to_be_named", to="true"),
        1,
        "{p}: participants.3.consent_to_be_named: Input should be a valid boolean",
    ),
    (
        "not-applicable-as-text",
        setting("ratings", 0, "not_applicable", to="no"),
        1,
        "{p}: ratings.0.not_applicable: Input should be a valid boolean",
    ),
    (
        "kpi-target-as-true",
        setting("kpis", 0, "target", to=True),
        1,
        "{p}: kpis.0.target: Input should be a valid number",
    ),
    (
        "kpi-target-beyond-bounds",
        setting("kpis", 0, "target", to=1e16),
        1,
        "{p}: kpis.0.target: Input should be less than or equal to 1000000000000000",
    ),
    (
        "kpi-baseline-beyond-bounds",
        setting("kpis", 0, "baseline", to=-(10**18)),
        1,
        "{p}: kpis.0.baseline: Input should be greater than or equal to -1000000000000000",
    ),
    # scale.source: a path inside the assessment's folder, or a scale id; nothing else is opened
    (
        "own-scale-absolute",
        setting("scale", "source", to="/etc/passwd.yaml"),
        2,
        f"{{p}}: scale: source '/etc/passwd.yaml': {OUTSIDE}",
    ),
    (
        "own-scale-up-and-out",
        setting("scale", "source", to="../skala.yaml"),
        2,
        f"{{p}}: scale: source '../skala.yaml': {OUTSIDE}",
    ),
    (
        "own-scale-up-windows-style",
        setting("scale", "source", to="skalaer\\..\\..\\skala.yaml"),
        2,
        f"{{p}}: scale: source 'skalaer\\..\\..\\skala.yaml': {OUTSIDE}",
    ),
    (
        "own-scale-windows-drive",
        setting("scale", "source", to="C:skala.yaml"),
        2,
        f"{{p}}: scale: source 'C:skala.yaml': {OUTSIDE}",
    ),
    (
        "own-scale-network-share",
        setting("scale", "source", to="\\\\server\\delt\\skala.yaml"),
        2,
        f"{{p}}: scale: source '\\\\server\\delt\\skala.yaml': {OUTSIDE}",
    ),
    (
        "own-scale-not-yaml",
        setting("scale", "source", to="noter.txt"),
        2,
        "{p}: scale: source 'noter.txt': an own scale is a .yaml file",
    ),
    (
        "own-scale-unknown-id",
        setting("scale", "source", to="vores-skala"),
        2,
        "{p}: scale: unknown scale 'vores-skala': give a file path or one of: citizen-participation, some-dialogue",
    ),
    (
        "own-scale-name-too-long",
        setting("scale", "source", to="s" * 5000 + ".yaml"),
        2,
        f"{{p}}: scale: {{folder}}/{'s' * 5000}.yaml: cannot read a scale or catalogue: File name too long",
    ),
]


@pytest.mark.parametrize("raw, code, message", [c[1:] for c in ASSESSMENT_CASES], ids=[c[0] for c in ASSESSMENT_CASES])
def test_a_bad_assessment_file_is_refused_with_one_clear_line_and_left_as_it_was(tmp_path, capsys, raw, code, message):
    path = tmp_path / "a.json"
    path.write_bytes(raw)
    latin1 = raw.find(b"\xe6")
    assert main(["validate", str(path)]) == code
    captured = capsys.readouterr()
    assert captured.err == f"error: {message.format(p=path, folder=tmp_path, latin1=latin1)}\n"
    assert captured.out == ""
    with pytest.raises(AssessmentError):
        open_assessment(path)
    with pytest.raises(ConflictError, match="a file with this name exists already"):
        AssessmentFile(path).save(Assessment.model_validate(EXAMPLE))
    assert path.read_bytes() == raw
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["a.json"]


def a_file(name: str, text: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_text(text, encoding="utf-8")


def a_link_out(folder: Path) -> None:
    outside = folder.parent / "udenfor.yaml"
    outside.write_bytes((REPO / "scales" / "some-dialogue.yaml").read_bytes())
    (folder / "skala.yaml").symlink_to(outside)


def a_scale_in(sub: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / sub).mkdir()
        (folder / sub / "skala.yaml").write_bytes((REPO / "scales" / "some-dialogue.yaml").read_bytes())

    return make


SECRET = "hemmelig-kode-1234"
# (id, what the assessment's folder holds, its scale.source, exit code of `assessment validate`, the line)
SOURCE_CASES = [
    (
        "not-a-scale-is-never-quoted",
        a_file("noter.yaml", f"kodeord: {SECRET}\nformat: x\n"),
        "noter.yaml",
        2,
        "{p}: scale: {folder}/noter.yaml: not a scale file (it has no 'format: dialogue-maturity-scale/1' line)",
    ),
    (
        "not-a-scale-with-a-key-twice",
        a_file("noter.yaml", f"kodeord: a\nkodeord: {SECRET}\n"),
        "noter.yaml",
        2,
        "{p}: scale: {folder}/noter.yaml: not a scale file (it has no 'format: dialogue-maturity-scale/1' line)",
    ),
    (
        "a-link-leading-out",
        a_link_out,
        "skala.yaml",
        2,
        "{p}: scale: source 'skala.yaml': leads out of the assessment's folder (a link); an own scale must lie in it",
    ),
    (
        "a-folder",
        lambda folder: (folder / "skala.yaml").mkdir(),
        "skala.yaml",
        2,
        "{p}: scale: {folder}/skala.yaml: is a folder, not a scale or catalogue",
    ),
    (
        "a-pipe",
        lambda folder: os.mkfifo(folder / "skala.yaml"),
        "skala.yaml",
        2,
        "{p}: scale: {folder}/skala.yaml: is a device or pipe, not a file; a scale or catalogue is a file",
    ),
    ("a-scale-in-a-subfolder-is-fine", a_scale_in("skalaer"), "skalaer/skala.yaml", 0, None),
]


@pytest.mark.skipif(os.name != "posix", reason="links and pipes as POSIX has them")
@pytest.mark.parametrize("make, source, code, message", [c[1:] for c in SOURCE_CASES], ids=[c[0] for c in SOURCE_CASES])
def test_an_own_scale_is_read_only_from_inside_the_assessments_folder(tmp_path, capsys, make, source, code, message):
    folder = tmp_path / "vurdering"
    folder.mkdir()
    make(folder)
    path = folder / "a.json"
    path.write_bytes(setting("scale", "source", to=source))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.is_fifo()}
    assert main(["validate", str(path)]) == code
    captured = capsys.readouterr()
    assert captured.err == ("" if message is None else f"error: {message.format(p=path, folder=folder)}\n")
    assert SECRET not in captured.err + captured.out
    assert {p: p.read_bytes() for p in before} == before


LONG = "y" * 300  # longer than a file name may be (255 bytes on most file systems)
# (id, the command with {src} (a copy of the hospital example) and {tmp}, the one line it prints)
OUTPUT_CASES = [
    (
        "report-name-too-long",
        ["report", "{src}", "--pdf", "{tmp}/{long}.pdf"],
        "{tmp}/{long}.pdf: cannot write: File name too long",
    ),
    (
        "chart-name-too-long",
        ["chart", "{src}", "--out", "{tmp}/{long}.svg"],
        "{tmp}/{long}.svg: cannot write: File name too long",
    ),
    (
        "xlsx-name-too-long",
        ["export", "{src}", "--xlsx", "{tmp}/{long}.xlsx"],
        "{tmp}/{long}.xlsx: cannot write: File name too long",
    ),
    (
        "csv-folder-name-too-long",
        ["export", "{src}", "--csv", "{tmp}/{long}"],
        "{tmp}/{long}: cannot create the folder: File name too long",
    ),
    (
        "schema-name-too-long",
        ["schema", "--out", "{tmp}/{long}.json"],
        "{tmp}/{long}.json: cannot write: File name too long",
    ),
    (
        "new-name-too-long",
        ["new", "--scale", "some-dialogue", "--org", "X", "--out", "{tmp}/{long}.json"],
        "{tmp}/{long}.json: cannot write: File name too long",
    ),
    (
        "new-scale-name-too-long",
        ["new", "--scale", "{tmp}/{long}.yaml", "--org", "X", "--out", "{tmp}/n.json"],
        "{tmp}/{long}.yaml: cannot read a scale or catalogue: File name too long",
    ),
    (
        "new-scale-id-too-long",
        ["new", "--scale", "{long}", "--org", "X", "--out", "{tmp}/n.json"],
        "unknown scale '{long}': give a file path or one of: citizen-participation, some-dialogue",
    ),
    (
        "logo-name-too-long",
        ["report", "{src}", "--pdf", "{tmp}/r.pdf", "--logo", "{tmp}/{long}.png"],
        "{tmp}/{long}.png: cannot read a logo: File name too long",
    ),
    (
        "compare-name-too-long",
        ["chart", "{src}", "--out", "{tmp}/c.svg", "--compare", "{tmp}/{long}.json"],
        "{tmp}/{long}.json: cannot read an assessment file: File name too long",
    ),
    (
        "validate-name-too-long",
        ["validate", "{tmp}/{long}.json"],
        "{tmp}/{long}.json: cannot read an assessment file: File name too long",
    ),
    (
        "schema-into-a-missing-folder",
        ["schema", "--out", "{tmp}/mangler/s.json"],
        "{tmp}/mangler/s.json: folder {tmp}/mangler does not exist",
    ),
    (
        "report-into-a-missing-folder",
        ["report", "{src}", "--pdf", "{tmp}/mangler/r.pdf"],
        "{tmp}/mangler/r.pdf: folder {tmp}/mangler does not exist",
    ),
    (
        "chart-into-a-missing-folder",
        ["chart", "{src}", "--out", "{tmp}/mangler/c.png"],
        "{tmp}/mangler/c.png: folder {tmp}/mangler does not exist",
    ),
    (
        "new-into-a-missing-folder",
        ["new", "--scale", "some-dialogue", "--org", "X", "--out", "{tmp}/mangler/n.json"],
        "{tmp}/mangler/n.json: folder {tmp}/mangler does not exist",
    ),
    (
        "xlsx-onto-a-device",
        ["export", "{src}", "--xlsx", "/dev/zero"],
        "/dev/zero: is a device or pipe, not a file; choose another output name",
    ),
    ("csv-into-a-file", ["export", "{src}", "--csv", "{src}"], "{src}: cannot create the folder: File exists"),
    (
        "benchmark-over-an-assessment-read",
        ["benchmark", "{src}", "--out", "{src}"],
        "{src}: is one of the assessments read; choose another output name",
    ),
    (
        "benchmark-name-too-long",
        ["benchmark", "{src}", "--out", "{tmp}/{long}.json"],
        "{tmp}/{long}.json: cannot write: File name too long",
    ),
    (
        "broken-svg-logo",
        ["report", "{src}", "--pdf", "{tmp}/r.pdf", "--logo", "{tmp}/logo.svg"],
        "{tmp}/logo.svg: failed to parse SVG (the root node was opened but never closed)",
    ),
    (
        "text-as-svg-logo",
        ["report", "{src}", "--pdf", "{tmp}/r.pdf", "--logo", "{tmp}/tekst.svg"],
        "{tmp}/tekst.svg: failed to parse SVG (unknown token at 1:1)",
    ),
]


@pytest.mark.parametrize("args, message", [c[1:] for c in OUTPUT_CASES], ids=[c[0] for c in OUTPUT_CASES])
def test_a_bad_file_name_on_the_command_line_is_one_line_and_writes_nothing(
    example_copy, tmp_path, capsys, args, message
):
    src = example_copy("hospital-da.json")
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"', encoding="utf-8"
    )
    (tmp_path / "tekst.svg").write_text("Vores logo kommer senere", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*")}
    values = {"src": src, "tmp": tmp_path, "long": LONG}
    assert main([a.format(**values) for a in args]) == 2
    assert capsys.readouterr().err == f"error: {message.format(**values)}\n"
    assert {p: p.read_bytes() for p in tmp_path.rglob("*")} == before


def test_a_missing_file_and_a_folder_are_named_as_such(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.json")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope.json'}: no such file\n"
    assert main(["validate", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path}: is a folder, not an assessment file\n"
    assert list(tmp_path.iterdir()) == []


def test_a_5_GB_file_is_refused_before_it_is_read(tmp_path, capsys):
    path = tmp_path / "a.json"
    with path.open("wb") as fh:
        fh.truncate(5 * 1024 * MiB)  # sparse: takes no room on disk, but 5 GB to read
    assert main(["validate", str(path)]) == 2
    assert (
        capsys.readouterr().err
        == f"error: {path}: file is 5120 MB; an assessment file is at most 20 MB, so this is not one\n"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_in_place_of_a_file_gives_a_message_not_a_hang(tmp_path, capsys):
    path = tmp_path / "a.json"
    os.mkfifo(path)
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == f"error: {path}: is a device or pipe, not a file; an assessment file is a file\n"


def test_a_byte_order_mark_as_notepad_writes_it_is_accepted(tmp_path):
    path = tmp_path / "a.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(EXAMPLE, ensure_ascii=False).encode("utf-8"))
    assert open_assessment(path).doc == Assessment.model_validate(EXAMPLE)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    return [i + 1 for i, line in enumerate(text.splitlines()) if needle in line][nth - 1]


def billion_laughs() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


# (id, the scale file's text, exit code of `assessment validate-scale`, its lines as (needle, nth, text))
SCALE_CASES = [
    (
        "unknown-key",
        TINY_SCALE.replace("    summary: {da: Svarer", "    colour: red\n    summary: {da: Svarer"),
        1,
        [("colour", 1, "levels.1.colour: unknown key (check the spelling, or remove it)")],
    ),
    (
        "duplicate-area-id",
        TINY_SCALE.replace("  - id: content", "  - id: purpose"),
        1,
        [("- id: purpose", 2, "areas.1.id: duplicate area id 'purpose'")],
    ),
    (
        "missing-translation",
        TINY_SCALE.replace("summary: {da: Brugerne er med, en: Users take part}", "summary: {da: Brugerne er med}"),
        1,
        [("Brugerne er med", 1, "levels.2.summary: missing translation for en")],
    ),
    (
        "undeclared-language",
        TINY_SCALE.replace("name: {da: Indhold, en: Content}", "name: {da: Indhold, en: Content, sv: Innehåll}"),
        1,
        [("Innehåll", 1, "areas.1.name: language sv is not declared in 'languages'")],
    ),
    (
        "empty-translation",
        TINY_SCALE.replace("name: {da: Svare, en: Answer}", "name: {da: Svare, en: ''}"),
        1,
        [("Svare", 1, "levels.1.name.en: String should have at least 1 character")],
    ),
    (
        "levels-out-of-order",
        TINY_SCALE.replace("  - level: 2", "  - level: 3", 1).replace(
            "  - level: 3\n    name: {da: Inddrage", "  - level: 2\n    name: {da: Inddrage"
        ),
        1,
        [
            ("- level: 3", 1, "levels.1.level: levels must be numbered 1, 2, 3 … in order; expected 2, found 3"),
            ("- level: 2", 1, "levels.2.level: levels must be numbered 1, 2, 3 … in order; expected 3, found 2"),
        ],
    ),
    (
        "level-beyond-ten",
        TINY_SCALE.replace("  - level: 3", "  - level: 11"),
        1,
        [("- level: 11", 1, "levels.2.level: Input should be less than or equal to 10")],
    ),
    (
        "missing-descriptor",
        TINY_SCALE.replace("      3: {da: Skabt med brugerne, en: Made with users}\n", ""),
        1,
        [("descriptors", 2, "areas.1.descriptors: no descriptor for level 3")],
    ),
    (
        "descriptor-for-no-level",
        TINY_SCALE.replace(
            "      3: {da: Skabt med brugerne, en: Made with users}\n",
            "      3: {da: Skabt med brugerne, en: Made with users}\n      4: {da: Mere, en: More}\n",
        ),
        1,
        [("descriptors", 2, "areas.1.descriptors: descriptor for level 4, which the scale does not have")],
    ),
    (
        "wrong-format",
        TINY_SCALE.replace("format: dialogue-maturity-scale/1", "format: dialogue-maturity-scale/2"),
        1,
        [("format:", 1, "format: must be 'dialogue-maturity-scale/1', not 'dialogue-maturity-scale/2'")],
    ),
    (
        "language-twice",
        TINY_SCALE.replace("languages: [da, en]", "languages: [da, en, da]"),
        1,
        [("languages", 1, "languages: a language is listed twice")],
    ),
    (
        "bad-area-id",
        TINY_SCALE.replace("  - id: content", "  - id: Indhold og stil"),
        1,
        [("Indhold og stil", 1, "areas.1.id: String should match pattern '^[a-z][a-z0-9_-]{0,63}$'")],
    ),
    (
        "python-object-tag",
        TINY_SCALE.replace('version: "0.1"', 'version: !!python/object/apply:os.system ["echo hacked"]'),
        1,
        [("version", 1, "version: Input should be a valid string")],
    ),
    (
        "duplicate-yaml-key",
        TINY_SCALE.replace('version: "0.1"', 'version: "0.1"\nversion: "0.2"'),
        2,
        [("version", 2, 'duplicate key: found duplicate key "version" with value "0.2" (original value: "0.1")')],
    ),
    (
        "yaml-syntax-error",
        TINY_SCALE.replace("name: {da: Lille skala, en: Tiny scale}", "name: {da: Lille skala, en: Tiny scale"),
        2,
        [("description:", 1, "YAML syntax: expected ',' or '}', but got ':'")],
    ),
    (
        "tab-indentation",
        TINY_SCALE.replace("  - id: content", "\t- id: content"),
        2,
        [("\t- id: content", 1, "YAML syntax: found character '\\t' that cannot start any token")],
    ),
    ("empty-file", "", 2, [("", 1, "(document): expected a mapping of keys to values")]),
    ("a-list-not-a-scale", "- a\n- b\n", 2, [("- a", 1, "(document): expected a mapping of keys to values")]),
    (
        "billion-laughs",
        billion_laughs(),
        2,
        [
            (
                "a5:",
                1,
                "more than 200,000 values once its aliases (*name) are expanded; no scale or catalogue is this large",
            )
        ],
    ),
    (
        "a-long-text-aliased-5000-times",
        TINY_SCALE.replace(
            'version: "0.1"', f'version: "0.1"\nnote: &note {"x" * 900_000}\nnotes: [{", ".join(["*note"] * 5000)}]'
        ),
        2,
        [
            (
                "notes:",
                1,
                "more than 20 MB of text once its aliases (*name) are expanded; no scale or catalogue is this large",
            )
        ],
    ),
    (
        "nested-too-deeply",
        "levels: " + "[" * 500 + "]" * 500 + "\n",
        2,
        [(None, 0, "nested too deeply to be a scale or catalogue")],
    ),
    (
        "unknown-key-merged-in",
        TINY_SCALE.replace("  - level: 2\n", "  - <<: {colour: red}\n    level: 2\n"),
        1,
        [("<<:", 1, "levels.1.colour: unknown key (check the spelling, or remove it)")],
    ),
    (
        "level-as-true",
        TINY_SCALE.replace("  - level: 1\n", "  - level: true\n"),
        1,
        [("level: true", 1, "levels.0.level: Input should be a valid integer")],
    ),
]


@pytest.mark.parametrize("text, code, lines", [c[1:] for c in SCALE_CASES], ids=[c[0] for c in SCALE_CASES])
def test_a_bad_scale_file_is_refused_with_every_problem_on_its_line(tmp_path, capsys, text, code, lines):
    path = tmp_path / "skala.yaml"
    path.write_text(text, encoding="utf-8")
    raw = path.read_bytes()
    assert main(["validate-scale", str(path)]) == code
    expected = "".join(
        f"error: {path}:{line_of(text, needle, nth) if text else 1}: {what}\n"
        if needle is not None
        else f"error: {path}: {what}\n"
        for needle, nth, what in lines
    )
    assert capsys.readouterr().err == expected
    assert path.read_bytes() == raw


def test_a_scale_file_that_is_not_utf8_is_refused(tmp_path, capsys):
    path = tmp_path / "skala.yaml"
    path.write_bytes(TINY_SCALE.replace("Pas på", "Pas p\xe5").encode("latin-1"))
    assert main(["validate-scale", str(path)]) == 2
    byte = path.read_bytes().index(b"\xe5")
    assert capsys.readouterr().err == f"error: {path}: not UTF-8 text (byte {byte}); save the file as UTF-8\n"


# (organisation name as typed, the file name the workbook derives from it)
ORG_NAMES = [
    ("Region ../Syd/ Øst", "region-syd-oest"),
    ("../../etc/passwd", "etc-passwd"),
    ("..\\..\\Windows\\System32\\drivers", "windows-system32-drivers"),
    ("/", "assessment"),
    ("..", "assessment"),
    ("~/.ssh/authorized_keys", "ssh-authorized-keys"),
    (".skjult", "skjult"),
    ("CON", "con-assessment"),
    ("Ærø Kommune", "aeroe-kommune"),
    ("Tromsø kommune – Helse & omsorg", "tromsoe-kommune-helse-omsorg"),
    ("Sjældne Liv: paraply*organisation? <ja>|nej", "sjaeldne-liv-paraply-organisation-ja-nej"),
    ("Hôpital Saint-Éloi", "hopital-saint-eloi"),
    ("Sundhed 🫐 og trivsel", "sundhed-og-trivsel"),
    ("x" * 300, "x" * 60),
]


@pytest.mark.parametrize("name, stem", ORG_NAMES, ids=[f"name-{i}" for i in range(len(ORG_NAMES))])
def test_a_file_named_after_an_organisation_stays_in_the_chosen_folder_and_reads_as_the_name(
    tmp_path, capsys, name, stem
):
    assert safe_file_stem(name) == stem
    folder = tmp_path / "vurderinger"
    folder.mkdir()
    assert main(["new", "--scale", "some-dialogue", "--org", name, "--type", "region", "--out", str(folder)]) == 0
    created = folder / f"{stem}.json"
    assert capsys.readouterr().out == f"created {created} for '{name}' on scale 'some-dialogue'\n"
    assert load(created).organisation.name == name
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if not p.name.startswith(".")) == [
        "vurderinger",
        f"vurderinger/{stem}.json",
    ]


def test_a_derived_file_name_never_replaces_an_existing_file(tmp_path, capsys):
    taken = tmp_path / "region-syd.json"
    taken.write_text("keep me", encoding="utf-8")
    assert main(["new", "--scale", "some-dialogue", "--org", "Region Syd", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: {taken}: a file with this name exists already; choose another name\n"
    assert taken.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("kind", list(MARKUP))
def test_free_text_with_markup_is_stored_and_reloaded_unchanged(example_copy, kind):
    text = MARKUP[kind]
    opened = open_assessment(example_copy("hospital-da.json"))
    doc = opened.doc
    doc.organisation.unit = doc.workshop.place = doc.workshop.facilitator = text
    doc.participants[0].role = doc.purposes.social_purpose = doc.dialogue.rationale = text
    doc.ratings[0].notes = doc.ratings[0].evidence = doc.actions[0].owner = doc.kpis[0].period = text
    short = text.strip()  # names and titles are kept without surrounding spaces
    doc.organisation.name = doc.purposes.own[0].text = doc.goals[0].text = short
    doc.kpis[0].name = doc.kpis[0].metric = doc.kpis[0].unit = doc.actions[0].what = short
    doc.purposes.challenges = [short, text]
    opened.file.save(doc)
    again = open_assessment(opened.file.path).doc
    assert again == doc
    assert again.ratings[0].notes == text and again.actions[0].what == short
    stored = json.loads(opened.file.path.read_text(encoding="utf-8"))
    assert stored["workshop"]["place"] == text and stored["organisation"]["name"] == short


def test_the_model_keeps_a_note_as_long_as_it_allows(example_copy):
    opened = open_assessment(example_copy("hospital-da.json"))
    opened.doc.ratings[0].notes = "æ" * 100_000
    opened.file.save(opened.doc)
    assert load(opened.file.path).ratings[0].notes == "æ" * 100_000


def test_an_assessment_naming_a_broken_own_scale_names_both_files(tmp_path, tiny_scale, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        TINY_SCALE.replace("summary: {da: Envejs, en: One-way}", "summary: {da: Envejs}"), encoding="utf-8"
    )
    assert main(["new", "--scale", str(tiny_scale), "--org", "Testby", "--out", str(tmp_path / "a.json")]) == 0
    capsys.readouterr()
    path = tmp_path / "a.json"
    path.write_text(path.read_text(encoding="utf-8").replace("tiny.yaml", "broken.yaml"), encoding="utf-8")
    raw = path.read_bytes()
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"error: {path}: scale: {tmp_path}/broken.yaml:{line_of(TINY_SCALE, 'One-way')}: levels.0.summary: missing translation for en\n"
    )
    assert path.read_bytes() == raw
    with pytest.raises(AssessmentError):
        load_scale(broken)

"""Every hostile case of the catalogue through every command: never a traceback.

Each case (a broken or hostile assessment, a broken scale, a hostile organisation name)
is run through validate, report (as it is, in English anonymised, and as Word), export,
chart (radar and gap), benchmark and new. Whatever the input, the command ends with exit code 0, 1
or 2, never 3 (an internal error), and everything it writes to the terminal's error
stream is one ``error: …`` line per problem: no trace, no panic of a library.

The figures for the closing note: the parameter counts of the tests below (cases times
commands); a traceback makes a test fail, so the count of tracebacks is 0 when they pass.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assessment.cli import main

from .conftest import REPO, TINY_SCALE
from .hostile import MARKUP
from .test_hostile_input import ASSESSMENT_CASES, EXAMPLE, ORG_NAMES, SCALE_CASES, SECRET, SOURCE_CASES

#: (name, the command's arguments for an assessment file ``src`` and an output folder ``out``)
COMMANDS: list[tuple[str, Callable[[Path, Path], list[str]]]] = [
    ("validate", lambda src, out: ["validate", str(src)]),
    ("report", lambda src, out: ["report", str(src), "--pdf", str(out / "r.pdf")]),
    (
        "report-en-anonymised",
        lambda src, out: ["report", str(src), "--pdf", str(out / "r-en.pdf"), "--lang", "en", "--anonymise"],
    ),
    ("report-word", lambda src, out: ["report", str(src), "--docx", str(out / "r.docx")]),
    (
        "export",
        lambda src, out: ["export", str(src), "--xlsx", str(out / "t.xlsx"), "--csv", str(out / "csv"), "--anonymise"],
    ),
    ("chart-radar", lambda src, out: ["chart", str(src), "--out", str(out / "radar.svg")]),
    ("chart-gap", lambda src, out: ["chart", str(src), "--out", str(out / "gap.png"), "--kind", "gap"]),
    ("benchmark", lambda src, out: ["benchmark", str(src), "--out", str(out / "b.json")]),
]


def edited(change: Callable[[dict[str, Any]], None]) -> bytes:
    doc = copy.deepcopy(EXAMPLE)
    change(doc)
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def everywhere(text: str) -> Callable[[dict[str, Any]], None]:
    """``text`` in every free-text field and, stripped, in names and titles."""

    def change(doc: dict[str, Any]) -> None:
        doc["organisation"]["unit"] = doc["workshop"]["place"] = doc["purposes"]["social_purpose"] = text
        doc["dialogue"]["rationale"] = doc["participants"][3]["role"] = doc["kpis"][0]["period"] = text
        for rating in doc["ratings"]:
            rating["notes"] = rating["evidence"] = text
        name = text.strip()[:500] or "x"
        doc["organisation"]["name"] = doc["goals"][0]["text"] = doc["kpis"][0]["name"] = doc["actions"][0]["what"] = (
            name
        )
        doc["purposes"]["challenges"].append(name)

    return change


def long_role(doc: dict[str, Any]) -> None:
    doc["participants"][3]["role"] = "Sygeplejerske i akutmodtagelsen " * 600
    doc["actions"][0]["owner"] = f"{doc['participants'][3]['name']} og {doc['participants'][3]['name']}"


def numbers(doc: dict[str, Any]) -> None:
    doc["kpis"][0]["target"], doc["kpis"][0]["baseline"] = 1e-05, 1.5e-05
    doc["kpis"][1]["target"], doc["kpis"][1]["baseline"] = 10**15, -(10**15)


def dates(doc: dict[str, Any]) -> None:
    doc["workshop"]["date"], doc["actions"][0]["due"] = "0001-01-01", "9999-12-31"


#: Valid assessments whose content is hostile to some output.
CONTENT_CASES = [
    ("markup-of-every-format", edited(everywhere("\n".join(MARKUP.values())))),  # one by one: test_report, test_export
    ("word-control-characters", edited(everywhere("Linje et\x0bLinje to\x0cSide to\x00\x1b[31m"))),
    ("dollars-as-typed", edited(everywhere("$5 til $10 og Budget $\\frac$"))),
    ("a-letter-under-5000-accents", edited(everywhere("a" + "\u0301" * 5000))),
    ("1000-emoji-joined-as-one", edited(everywhere("👍\u200d" * 1000))),
    (
        "a-long-organisation-name",
        edited(lambda doc: doc["organisation"].update(name="Region Syddanmark, Sygehus " * 18)),
    ),
    ("a-long-role-not-named", edited(long_role)),
    ("tiny-and-huge-numbers", edited(numbers)),
    ("first-and-last-dates", edited(dates)),
]

#: The catalogue's assessment files, each on its own or in a folder prepared for it.
FILE_CASES: list[tuple[str, bytes, Callable[[Path], None] | None]] = [
    *((f"bad-{case[0]}", case[1], None) for case in ASSESSMENT_CASES),
    *((f"content-{name}", raw, None) for name, raw in CONTENT_CASES),
    *(
        (
            f"source-{case[0]}",
            json.dumps({**EXAMPLE, "scale": {**EXAMPLE["scale"], "source": case[2]}}).encode(),
            case[1],
        )
        for case in SOURCE_CASES
    ),
]


def only_error_lines(stderr: str) -> bool:
    """Nothing but ``error: …`` lines, each a problem (and the privacy review's ``warning: …``
    lines, each a mention to check, and the benchmark's ``skipped: …`` lines, each a file it
    could not use); no trace of any language."""
    return all(
        line.startswith(("error: ", "warning: ", "skipped: ")) for line in stderr.splitlines()
    ) and not re.search(r"Traceback|panicked at|internal error", stderr)


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


@pytest.mark.skipif(os.name != "posix", reason="some cases make links and pipes")
@pytest.mark.parametrize("raw, prepare", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
@pytest.mark.parametrize("command", [c[1] for c in COMMANDS], ids=[c[0] for c in COMMANDS])
def test_no_command_ever_gives_a_traceback(tmp_path, capfd, raw, prepare, command):
    folder, out = tmp_path / "vurdering", tmp_path / "ud"
    folder.mkdir()
    out.mkdir()
    if prepare is not None:
        prepare(folder)
    src = folder / "a.json"
    src.write_bytes(raw)
    code = main(command(src, out))
    captured = capfd.readouterr()
    assert code in (0, 1, 2), captured.err
    assert only_error_lines(captured.err) and (code == 0) == (errors(captured.err) == []), captured.err
    assert src.read_bytes() == raw, "no command changes the assessment it reads"
    assert SECRET not in captured.err + captured.out, "no command quotes a file that is not a scale"


NEW_ORG_NAMES = (
    [name for name, _ in ORG_NAMES] + list(MARKUP.values()) + ["A\x0bB\x00C", "$\\frac$", "a" + "\u0301" * 5000]
)


@pytest.mark.parametrize("name", NEW_ORG_NAMES, ids=[f"org-{i}" for i in range(len(NEW_ORG_NAMES))])
def test_new_takes_any_organisation_name_without_a_traceback(tmp_path, capfd, name):
    code = main(["new", "--scale", "some-dialogue", f"--org={name}", "--out", str(tmp_path)])
    captured = capfd.readouterr()
    assert code in (0, 2) and only_error_lines(captured.err), captured.err
    if code == 0:
        assert main(["validate", str(next(tmp_path.glob("*.json")))]) == 0


@pytest.mark.parametrize(
    "text", [c[1] for c in SCALE_CASES] + [TINY_SCALE], ids=[c[0] for c in SCALE_CASES] + ["valid"]
)
def test_new_on_any_scale_file_gives_no_traceback(tmp_path, capfd, text):
    scale = tmp_path / "skala.yaml"
    scale.write_text(text, encoding="utf-8")
    code = main(["new", "--scale", str(scale), "--org", "Testby", "--out", str(tmp_path / "a.json")])
    captured = capfd.readouterr()
    assert code in (0, 1, 2) and only_error_lines(captured.err) and (code == 0) == (errors(captured.err) == []), (
        captured.err
    )
    assert (tmp_path / "a.json").exists() == (code == 0)


def test_an_area_named_with_dollars_is_drawn_and_reported(tmp_path, capfd):
    folder = tmp_path / "vurdering"
    folder.mkdir()
    text = (REPO / "scales" / "some-dialogue.yaml").read_text(encoding="utf-8")
    text = text.replace('da: "Formål og mål"', 'da: "Budget $\\\\frac$"', 1).replace(
        'en: "Purpose and goals"', 'en: "$5 til $10"', 1
    )
    (folder / "skala.yaml").write_text(text, encoding="utf-8")
    src = folder / "a.json"
    src.write_bytes(json.dumps({**EXAMPLE, "scale": {**EXAMPLE["scale"], "source": "skala.yaml"}}).encode())
    for _, command in COMMANDS:
        assert main(command(src, tmp_path)) == 0
    assert errors(capfd.readouterr().err) == []

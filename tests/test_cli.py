"""The command line: the same operations as the notebooks, with one-line errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from assessment.cli import main
from assessment.document.store import load

from .conftest import EXAMPLES, REPO


def test_validate_scale_accepts_a_valid_scale(tiny_scale, capsys):
    assert main(["validate-scale", str(tiny_scale)]) == 0
    assert "valid scale 'tiny' 0.1: 3 levels, 2 areas, languages da, en" in capsys.readouterr().out


def test_validate_scale_lists_every_problem_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    text = (REPO / "scales" / "citizen-participation.yaml").read_text(encoding="utf-8")
    path.write_text(
        text.replace("id: listening", "id: answering").replace("format: dialogue-maturity-scale/1", "format: x"),
        encoding="utf-8",
    )
    assert main(["validate-scale", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert all(line.startswith(f"error: {path}:") for line in err)


def test_new_creates_an_assessment_that_validates(tmp_path, capsys):
    out = tmp_path / "fjordby.json"
    assert (
        main(
            ["new", "--scale", "some-dialogue", "--org", "Fjordby Kommune", "--type", "municipality", "--out", str(out)]
        )
        == 0
    )
    doc = load(out)
    assert doc.organisation.name == "Fjordby Kommune" and doc.language == "da"
    assert [r.area for r in doc.ratings] == ["purpose", "dialogue", "structure", "resources", "processes", "content"]
    assert main(["validate", str(out)]) == 0


def test_new_on_a_consultants_own_scale_file_remembers_where_it_is(tmp_path, tiny_scale):
    (tmp_path / "skalaer").mkdir()
    inside = tiny_scale.rename(tmp_path / "skalaer" / "tiny.yaml")
    out = tmp_path / "a.json"
    assert main(["new", "--scale", str(inside), "--org", "Testby", "--out", str(out), "--lang", "en"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["scale"]["source"] == "skalaer/tiny.yaml"
    assert main(["validate", str(out)]) == 0


def test_an_own_scale_outside_the_assessments_folder_is_copied_beside_it(tmp_path, tiny_scale):
    folder = tmp_path / "sub"
    folder.mkdir()
    (folder / "tiny.yaml").write_text("another file of that name", encoding="utf-8")
    for name in ("a.json", "b.json"):
        assert main(["new", "--scale", str(tiny_scale), "--org", "Testby", "--out", str(folder / name)]) == 0
        assert json.loads((folder / name).read_text(encoding="utf-8"))["scale"]["source"] == "tiny-2.yaml"
        assert main(["validate", str(folder / name)]) == 0
    assert (folder / "tiny-2.yaml").read_bytes() == tiny_scale.read_bytes(), "copied once, then used as it is"
    assert (folder / "tiny.yaml").read_text(encoding="utf-8") == "another file of that name"


def test_a_built_in_scale_named_by_its_file_is_remembered_by_id(tmp_path):
    out = tmp_path / "a.json"
    assert (
        main(
            [
                "new",
                "--scale",
                str(REPO / "scales" / "citizen-participation.yaml"),
                "--org",
                "Testby",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert json.loads(out.read_text(encoding="utf-8"))["scale"]["source"] is None


def test_new_refuses_to_overwrite_an_existing_file(tmp_path, capsys):
    out = tmp_path / "a.json"
    out.write_text("keep me", encoding="utf-8")
    assert main(["new", "--scale", "some-dialogue", "--org", "X", "--out", str(out)]) == 2
    assert "a file with this name exists already" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"


def test_an_unknown_scale_is_named_with_the_choices(tmp_path, capsys):
    assert main(["new", "--scale", "nope", "--org", "X", "--out", str(tmp_path / "a.json")]) == 2
    assert (
        "unknown scale 'nope': give a file path or one of: citizen-participation, some-dialogue"
        in capsys.readouterr().err
    )


def test_validate_reports_a_level_outside_the_scale(tmp_path, capsys):
    data = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    data["dialogue"]["desired"] = 7
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert (
        f"error: {path}: dialogue.desired: level 7 is outside the scale 'some-dialogue' (1–5)"
        in capsys.readouterr().err
    )


def test_the_installed_command_runs_as_a_module_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "assessment", "validate", str(tmp_path / "missing.json")], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path / 'missing.json'}: no such file\n"

"""The rules every written file follows (assessment/files/writing.py): a link stays a link, a
shared file stays shared, new files get the user's usual mode, no output replaces a pipe,
a device or the assessment itself, and a set of CSV tables appears whole or not at all."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.cli import main
from assessment.document.context import open_assessment
from assessment.document.store import AssessmentFile, load
from assessment.errors import AssessmentError
from assessment.files import writing
from assessment.outputs import export

posix_only = pytest.mark.skipif(os.name != "posix", reason="modes, groups, links and pipes as POSIX has them")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def rename_org(path: Path, name: str) -> None:
    handle = AssessmentFile(path)
    doc = handle.load()
    doc.organisation.name = name
    handle.save(doc)


@posix_only
def test_saving_through_a_symlink_writes_the_file_it_points_to_and_keeps_the_link(example_copy, tmp_path):
    real = example_copy("hospital-da.json")
    shared = tmp_path / "delt"
    shared.mkdir()
    link = shared / "vurdering.json"
    link.symlink_to(real)
    rename_org(link, "Gemt gennem linket")
    assert link.is_symlink() and link.resolve() == real
    assert load(real).organisation.name == "Gemt gennem linket"
    assert (tmp_path / "hospital-da.json.bak").is_file(), "the backup is kept beside the real file"
    assert sorted(p.name for p in shared.iterdir()) == ["vurdering.json"]


@posix_only
def test_an_output_through_a_symlink_writes_the_file_it_points_to(example_copy, tmp_path):
    opened = open_assessment(example_copy("hospital-da.json"))
    real = tmp_path / "rigtig.xlsx"
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    export.write_xlsx(opened, link)
    assert link.is_symlink() and real.read_bytes().startswith(b"PK")


@posix_only
def test_a_save_keeps_the_files_mode_and_group(example_copy):
    path = example_copy("hospital-da.json")
    others = [g for g in os.getgroups() if g != path.stat().st_gid]
    group = others[0] if others else (4242 if os.geteuid() == 0 else path.stat().st_gid)
    os.chown(path, -1, group)
    path.chmod(0o664)
    rename_org(path, "Fælles mappe")
    assert mode(path) == 0o664 and path.stat().st_gid == group
    backup = path.with_name(path.name + ".bak")
    assert mode(backup) == 0o664 and backup.stat().st_gid == group
    path.chmod(0o640)
    rename_org(path, "Kun gruppen må læse")
    assert mode(path) == 0o640


@posix_only
@pytest.mark.parametrize("umask, expected", [(0o002, 0o664), (0o022, 0o644), (0o077, 0o600)])
def test_new_files_get_the_users_usual_mode_not_0600(example_copy, tmp_path, capsys, umask, expected):
    source = example_copy("hospital-da.json")
    old = os.umask(umask)
    try:
        new = tmp_path / "ny.json"
        assert main(["new", "--scale", "some-dialogue", "--org", "Ny", "--out", str(new)]) == 0
        assert main(["chart", str(source), "--out", str(tmp_path / "radar.svg")]) == 0
        assert main(["export", str(source), "--xlsx", str(tmp_path / "t.xlsx"), "--csv", str(tmp_path / "csv")]) == 0
        assert main(["schema", "--out", str(tmp_path / "skema.json")]) == 0
    finally:
        os.umask(old)
    written = [new, tmp_path / "radar.svg", tmp_path / "t.xlsx", tmp_path / "skema.json", *(tmp_path / "csv").iterdir()]
    assert {p.name: mode(p) for p in written} == {p.name: expected for p in written}


@posix_only
@pytest.mark.parametrize(
    "command",
    [
        ["report", "{src}", "--pdf", "{out}.pdf"],
        ["chart", "{src}", "--out", "{out}.svg"],
        ["export", "{src}", "--xlsx", "{out}.xlsx"],
        ["export", "{src}", "--html", "{out}.html"],
        ["schema", "--out", "{out}.json"],
    ],
    ids=["report", "chart", "xlsx", "html", "schema"],
)
def test_an_output_that_is_a_pipe_is_refused_at_once_and_left_a_pipe(example_copy, tmp_path, command):
    src = example_copy("hospital-da.json")
    out = tmp_path / "pipe"
    suffix = Path(command[-1]).suffix
    os.mkfifo(out.with_suffix(suffix))
    args = [a.format(src=src, out=out) for a in command]
    result = subprocess.run(
        [sys.executable, "-m", "assessment", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "DIALOGUE_WORKBOOK_HOME": str(tmp_path / "home")},
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == f"error: {out.with_suffix(suffix)}: is a device or pipe, not a file; choose another output name\n"
    )
    assert stat.S_ISFIFO(os.stat(out.with_suffix(suffix)).st_mode)


@posix_only
def test_a_device_and_a_folder_are_not_outputs(example_copy, tmp_path, capsys):
    src = example_copy("hospital-da.json")
    assert main(["export", str(src), "--xlsx", "/dev/null"]) == 2
    assert capsys.readouterr().err == "error: /dev/null: is a device or pipe, not a file; choose another output name\n"
    folder = tmp_path / "mappe.pdf"
    folder.mkdir()
    assert main(["report", str(src), "--pdf", str(folder)]) == 2
    assert capsys.readouterr().err == f"error: {folder}: is a folder; give a file name\n"


def assessment_named(example_copy, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    example_copy("hospital-da.json").rename(path)
    return path


@pytest.mark.parametrize(
    "name, args",
    [
        ("vurdering.pdf", ["report", "{src}", "--pdf", "{src}"]),
        ("vurdering.png", ["chart", "{src}", "--out", "{src}"]),
        ("vurdering.xlsx", ["export", "{src}", "--xlsx", "{src}"]),
        ("vurdering.html", ["export", "{src}", "--html", "{src}"]),
        ("omraader.csv", ["export", "{src}", "--csv", "{folder}"]),
        ("vurdering.json", ["export", "{src}", "--xlsx", "{src}.bak"]),
    ],
    ids=["report", "chart", "xlsx", "html", "csv-set", "backup"],
)
def test_no_output_ever_replaces_the_assessment_it_was_made_from(example_copy, tmp_path, capsys, name, args):
    src = assessment_named(example_copy, tmp_path, name)
    rename_org(src, "Må ikke overskrives")  # so there is a backup too
    before = {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert main([a.format(src=src, folder=tmp_path) for a in args]) == 2
    target = src.with_name(src.name + ".bak") if args[-1].endswith(".bak") else src
    what = "the assessment's backup" if target != src else "the assessment file itself"
    assert capsys.readouterr().err == f"error: {target}: is {what}; choose another output name\n"
    assert {p: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_no_output_replaces_the_assessments_own_scale(tmp_path, tiny_scale, capsys):
    src = tmp_path / "a.json"
    assert main(["new", "--scale", str(tiny_scale), "--org", "Testby", "--out", str(src)]) == 0
    capsys.readouterr()
    before = tiny_scale.read_bytes()
    assert main(["export", str(src), "--xlsx", str(tiny_scale)]) == 2
    assert (
        capsys.readouterr().err == f"error: {tiny_scale}: is the assessment's own scale; choose another output name\n"
    )
    assert tiny_scale.read_bytes() == before


@posix_only
def test_an_output_through_a_link_to_the_assessment_is_refused(example_copy, tmp_path, capsys):
    src = example_copy("hospital-da.json")
    link = tmp_path / "tabel.xlsx"
    link.symlink_to(src)
    before = src.read_bytes()
    assert main(["export", str(src), "--xlsx", str(link)]) == 2
    assert capsys.readouterr().err == f"error: {link}: is the assessment file itself; choose another output name\n"
    assert src.read_bytes() == before and link.is_symlink()


def fail_on_call(number: int, real, code: int = errno.ENOSPC):
    """``real`` as it is, except that call ``number`` fails as a full disk would."""
    calls = {"n": 0}

    def call(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == number:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return call


@pytest.mark.parametrize(
    "where, number",
    [("fsync", 3), ("replace", 1), ("replace", 3), ("replace", 4)],
    ids=["disk-full-writing-table-3", "rename-1", "rename-3", "rename-4"],
)
def test_a_csv_set_appears_whole_or_not_at_all(example_copy, tmp_path, monkeypatch, where, number):
    opened = open_assessment(example_copy("hospital-da.json"))
    folder = tmp_path / "tabeller"
    old = export.write_csv(opened, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    opened.doc.organisation.name = "Ny version"
    for rating in opened.doc.ratings:
        rating.notes = "Ny note"
    monkeypatch.setattr(writing.os, where, fail_on_call(number, getattr(os, where)))
    with pytest.raises(AssessmentError) as caught:
        export.write_csv(opened, folder)
    assert str(caught.value).endswith("cannot write: No space left on device; the folder is as it was")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before, "the old set, whole, and nothing else"
    monkeypatch.undo()
    export.write_csv(opened, folder)
    assert {p.name for p in folder.iterdir()} == {p.name for p in old}
    assert all("Ny note" in p.read_text(encoding="utf-8-sig") for p in old[:1])


def test_schema_into_a_missing_folder_is_one_line(tmp_path, capsys):
    out = tmp_path / "mangler" / "scale.schema.json"
    assert main(["schema", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: {out}: folder {out.parent} does not exist\n"
    assert list(tmp_path.iterdir()) == []


def test_schema_is_written_atomically(tmp_path, capsys, monkeypatch):
    out = tmp_path / "scale.schema.json"
    out.write_text("old", encoding="utf-8")
    monkeypatch.setattr(writing.os, "replace", fail_on_call(1, os.replace))
    assert main(["schema", "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"error: {out}: cannot write: No space left on device\n"
    assert [p.name for p in tmp_path.iterdir()] == [out.name] and out.read_text(encoding="utf-8") == "old"

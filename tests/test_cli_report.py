"""``assessment report`` and ``assessment chart``: outputs written whole, or one error line and nothing."""

from __future__ import annotations

import subprocess
import sys

import pypdf
import pytest

from assessment.cli import main

from .conftest import REPO

HOSPITAL = REPO / "examples" / "hospital-da.json"


def error_line(capsys) -> str:
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("error: ")
    return err[0]


def test_report_writes_the_pdf(tmp_path, capsys):
    out = tmp_path / "rapport.pdf"
    assert main(["report", str(HOSPITAL), "--pdf", str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {out}"
    assert "Sammenfatning" in pypdf.PdfReader(out).pages[1].extract_text()


def test_report_in_another_language_and_anonymised(tmp_path):
    out = tmp_path / "report.pdf"
    assert main(["report", str(HOSPITAL), "--pdf", str(out), "--lang", "en", "--anonymise"]) == 0
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Summary" in text and "Helle Kjærsgaard" not in text and "Anne-Marie Dalsgaard" not in text


@pytest.mark.parametrize(
    "args, where",
    [
        (["report", "missing.json", "--pdf", "{tmp}/r.pdf"], "missing.json"),
        (["report", str(HOSPITAL), "--pdf", "{tmp}/r.docx"], "r.docx"),
        (["report", str(HOSPITAL), "--pdf", "{tmp}/no/r.pdf"], "r.pdf"),
        (["report", str(HOSPITAL), "--pdf", "{tmp}/r.pdf", "--lang", "sv"], "hospital-da.json"),
        (["report", str(HOSPITAL), "--pdf", "{tmp}/r.pdf", "--logo", "{tmp}/none.png"], "none.png"),
        (["report", str(HOSPITAL), "--pdf", "{tmp}/r.pdf", "--logo", str(REPO / "README.md")], "README.md"),
        (["chart", str(HOSPITAL), "--out", "{tmp}/c.gif"], "c.gif"),
        (["chart", "missing.json", "--out", "{tmp}/c.png"], "missing.json"),
        (["chart", str(HOSPITAL), "--out", "{tmp}/no/c.png"], "c.png"),
    ],
)
def test_bad_input_gives_one_line_naming_where_and_writes_nothing(tmp_path, capsys, args, where):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(args) == 2
    assert where in error_line(capsys)
    assert list(tmp_path.rglob("*")) == []


def test_a_broken_logo_is_named_and_the_old_report_is_kept(tmp_path, capsys):
    out, logo = tmp_path / "r.pdf", tmp_path / "logo.png"
    out.write_bytes(b"previous")
    logo.write_text("not a png")
    assert main(["report", str(HOSPITAL), "--pdf", str(out), "--logo", str(logo)]) == 2
    assert str(logo) in error_line(capsys)
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.png", "r.pdf"]


@pytest.mark.parametrize("kind", ["radar", "gap"])
@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_chart_writes_each_kind_in_each_format(tmp_path, capsys, kind, suffix, magic):
    out = tmp_path / f"chart{suffix}"
    assert main(["chart", str(HOSPITAL), "--out", str(out), "--kind", kind]) == 0
    assert out.read_bytes().startswith(magic)
    assert capsys.readouterr().out.strip() == f"wrote {out}"


def test_errors_never_show_a_traceback(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "assessment", "report", str(tmp_path / "x.json"), "--pdf", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [f"error: {tmp_path / 'x.json'}: no such file"]


def test_report_and_chart_are_listed_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "report" in out and "chart" in out


def test_the_radar_can_carry_the_group_median_as_a_third_series(tmp_path, capsys):
    out = tmp_path / "median.png"
    assert main(["chart", str(HOSPITAL), "--out", str(out), "--median"]) == 0
    assert out.stat().st_size > 10_000


def test_the_radar_can_compare_with_a_previous_assessment_on_the_same_scale(tmp_path, capsys):
    out = tmp_path / "compare.svg"
    hospital = str(HOSPITAL)
    assert (
        main(["chart", hospital, "--out", str(out), "--compare", str((REPO / "examples") / "municipality-da.json")])
        == 0
    )
    assert "Tidligere vurdering (nuværende niveau)" in out.read_text(encoding="utf-8")


def test_a_previous_assessment_on_another_scale_is_refused(tmp_path, capsys):
    other = tmp_path / "other.json"
    assert main(["new", "--scale", "citizen-participation", "--org", "Fjordby", "--out", str(other)]) == 0
    out = tmp_path / "x.png"
    assert main(["chart", str(HOSPITAL), "--out", str(out), "--compare", str(other)]) == 2
    assert "scale: uses 'citizen-participation', but the assessment uses 'some-dialogue'" in capsys.readouterr().err
    assert not out.exists()

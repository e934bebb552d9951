"""A benchmark across organisations: figures by type that never show a group under k, nor
let one be worked out by subtraction, never name anyone, and survive a folder of broken files."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from assessment.benchmark.collect import collect
from assessment.benchmark.disclosure import ALL, OTHER, group_of_types, suppressed, valid_k
from assessment.benchmark.figures import benchmark, load_benchmark
from assessment.benchmark.synthetic import write_synthetic
from assessment.benchmark.versus import versus
from assessment.cli import main
from assessment.document.context import open_assessment
from assessment.document.model import SCHEMA_VERSION
from assessment.errors import AssessmentError

from .conftest import REPO
from .followups import year_two


@pytest.mark.parametrize(
    "municipalities, shown",
    [
        (4, {"hospital": "other_types", "municipality": "other_types", "region": "region"}),
        (5, {"hospital": "hospital", "municipality": "municipality", "region": "region"}),
        (6, {"hospital": "hospital", "municipality": "municipality", "region": "region"}),
    ],
)
def test_a_type_under_k_is_pooled_and_its_complement_with_it(municipalities, shown):
    # 4 municipalities alone would be 'total - hospitals - regions': the smallest shown type joins them
    assert group_of_types({"municipality": municipalities, "hospital": 6, "region": 7}, k=5) == shown


def test_a_lone_small_type_takes_the_smallest_other_type_into_the_pool():
    assert group_of_types({"municipality": 6, "hospital": 8, "region": 1}, k=5) == {
        "municipality": OTHER,
        "region": OTHER,
        "hospital": "hospital",
    }
    assert group_of_types({"municipality": 6, "hospital": 8, "region": 2, "other": 3}, k=5) == {
        "municipality": "municipality",
        "hospital": "hospital",
        "region": OTHER,
        "other": OTHER,
    }


def test_fewer_than_k_in_all_shows_nothing():
    assert group_of_types({"municipality": 3, "hospital": 1}, k=5) == {"municipality": None, "hospital": None}


@pytest.mark.parametrize(
    "sizes, total, hidden",
    [
        ({"municipality": 6, "hospital": 6}, 12, set()),
        ({"municipality": 6, "hospital": 4}, 10, {"municipality", "hospital"}),  # 10 - 6 would give the 4 away
        ({"municipality": 6, "hospital": 4, "region": 5}, 15, {"hospital", "region"}),  # the smallest shown one goes
        ({"municipality": 3, "hospital": 1}, 4, {"municipality", "hospital", ALL}),
        ({"municipality": 0, "hospital": 7}, 7, set()),
    ],
)
def test_a_figure_on_fewer_than_k_is_suppressed_with_its_complement(sizes, total, hidden):
    assert suppressed(sizes, total, k=5) == hidden


@pytest.mark.parametrize("k", [0, -1, 2, None, True, 2.5, "", "fem", "0"])
def test_a_missing_or_invalid_k_is_an_error_never_zero(k):
    with pytest.raises(AssessmentError, match=r"^k: "):
        valid_k(k)
    with pytest.raises(AssessmentError, match=r"^k: "):
        group_of_types({"municipality": 1}, k=k)


def test_k_is_a_whole_number_of_at_least_three():
    assert valid_k(3) == 3 and valid_k("5") == 5 and valid_k(" 7 ") == 7


def folder_of(tmp_path: Path, **types: int) -> Path:
    folder = tmp_path / "assessments"
    write_synthetic(folder, 0, seed=sum(types.values()), types=types)
    return folder


@pytest.mark.parametrize("municipalities", [4, 5, 6])
def test_the_excel_shows_a_type_only_from_k_organisations(tmp_path, municipalities, capsys):
    folder = folder_of(tmp_path, municipality=municipalities, hospital=6, region=7)
    out = tmp_path / "bench.xlsx"
    assert main(["benchmark", str(folder), "--out", str(out)]) == 0
    total = municipalities + 13
    assert capsys.readouterr().out.startswith(f"used {total} organisations from {total} files (0 skipped")
    groups = list(load_workbook(out)["Grupper"].iter_rows(values_only=True))[1:]
    names = {row[0]: row[1] for row in groups}
    if municipalities < 5:
        assert names == {"Alle organisationer": total, "Region": 7, "Øvrige typer": municipalities + 6}
    else:
        assert names == {"Alle organisationer": total, "Region": 7, "Sygehus": 6, "Kommune": municipalities}
    levels = list(load_workbook(out)["Niveauer"].iter_rows(values_only=True))
    assert levels[0][:7] == (
        "Gruppe",
        "Dialogniveau eller område",
        "Mål",
        "Antal (N)",
        "Median",
        "1. kvartil",
        "3. kvartil",
    )
    assert all(row[3] >= 5 for row in levels[1:] if isinstance(row[3], int))


def test_an_answer_missing_in_a_group_suppresses_that_figure_and_its_complement(tmp_path):
    folder = folder_of(tmp_path, municipality=6, hospital=6)
    for path in sorted(folder.glob("*.json"))[-2:]:  # two hospitals find the area not applicable
        doc = json.loads(path.read_text(encoding="utf-8"))
        rating = next(r for r in doc["ratings"] if r["area"] == "content")
        rating.update(not_applicable=True, current=None, desired=None)
        path.write_text(json.dumps(doc), encoding="utf-8")
    bench = benchmark(collect([folder]), k=5)
    content = {g.id: next(r for r in g.rows if r.item == "content") for g in bench.groups}
    assert content["hospital"].current.suppressed and content["municipality"].current.suppressed
    assert content[ALL].current.n == 10 and content[ALL].current.median is not None
    purpose = {g.id: next(r for r in g.rows if r.item == "purpose") for g in bench.groups}
    assert (purpose["hospital"].current.n, purpose["municipality"].current.n) == (6, 6)


def test_fewer_than_k_in_all_still_writes_an_output_that_says_so(tmp_path, capsys):
    folder = folder_of(tmp_path, municipality=2, hospital=2)
    assert (
        main(["benchmark", str(folder), "--out", str(tmp_path / "b.pdf"), "--export-table", str(tmp_path / "t.csv")])
        == 0
    )
    text = pdf_text(tmp_path / "b.pdf")
    assert "færre end 5 organisationer i alt, så intet kan vises" in " ".join(text.split())
    assert (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()[1:] == []


@pytest.mark.parametrize("k", ["0", "2", "fem", ""])
def test_the_command_refuses_a_bad_k_before_writing_anything(tmp_path, capsys, k):
    folder = folder_of(tmp_path, municipality=6)
    assert main(["benchmark", str(folder), "--out", str(tmp_path / "b.xlsx"), "--k", k]) == 2
    assert capsys.readouterr().err.startswith("error: k: ")
    assert not (tmp_path / "b.xlsx").exists()


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def names_in(folder: Path) -> set[str]:
    """Every organisation, participant and facilitator name in the files: whole, the
    organisation's first word (its place) and the facilitator before the comma."""
    found = set()
    for path in folder.rglob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        org, facilitator = doc["organisation"]["name"], doc["workshop"]["facilitator"]
        found |= {org, org.split()[0], facilitator, facilitator.split(",")[0]}
        found.update(p["name"] for p in doc["participants"])
    return found


def test_no_name_reaches_any_output(tmp_path):
    folder = folder_of(tmp_path, municipality=7, hospital=5, region=2, patient_organisation=1)
    shutil.copy(REPO / "examples" / "municipality-da.json", folder / "fjordby.json")
    out = {s: tmp_path / f"bench{s}" for s in (".pdf", ".xlsx", ".json")}
    for suffix, path in out.items():
        table = ["--export-table", str(tmp_path / ("t.parquet" if suffix == ".pdf" else "t.csv"))]
        assert main(["benchmark", str(folder), "--out", str(path), *table]) == 0
    names = names_in(folder)
    assert len(names) > 50 and "Fjordby Kommune" in names and "Fjordby" in names
    texts = {
        "pdf text": pdf_text(out[".pdf"]),
        "pdf metadata": json.dumps({str(k): str(v) for k, v in (PdfReader(out[".pdf"]).metadata or {}).items()}),
        "json": out[".json"].read_text(encoding="utf-8"),
        "csv": (tmp_path / "t.csv").read_text(encoding="utf-8"),
        "parquet": pd.read_parquet(tmp_path / "t.parquet").to_csv(),
        "parquet bytes": (tmp_path / "t.parquet").read_bytes().decode("utf-8", "replace"),
    }
    book = load_workbook(out[".xlsx"])
    texts["xlsx cells"] = "\n".join(str(c) for s in book for row in s.iter_rows(values_only=True) for c in row)
    texts["xlsx properties"] = f"{book.properties.title} {book.properties.creator} {book.properties.subject}"
    leaks = {where: sorted(n for n in names if n in text) for where, text in texts.items()}
    assert leaks == {where: [] for where in texts}
    assert "Sygehus" in texts["pdf text"] and "Øvrige typer" in texts["xlsx cells"]


def test_the_table_has_one_row_per_organisation_and_item_and_no_group_under_k(tmp_path):
    folder = folder_of(tmp_path, municipality=7, hospital=5, region=2)
    assert (
        main(
            ["benchmark", str(folder), "--out", str(tmp_path / "b.json"), "--export-table", str(tmp_path / "t.parquet")]
        )
        == 0
    )
    table = pd.read_parquet(tmp_path / "t.parquet")
    assert list(table.columns) == [
        "organisation",
        "group",
        "group_name",
        "kind",
        "area",
        "area_name",
        "current",
        "desired",
        "scale",
        "scale_version",
    ]
    assert len(table) == 14 * 7 and table.groupby("organisation").size().eq(7).all()
    assert table.groupby("group")["organisation"].nunique().to_dict() == {"municipality": 7, "other_types": 7}
    assert set(table["kind"]) == {"dialogue_level", "area"}


def test_a_folder_with_broken_files_lists_each_once_skips_it_and_still_writes(tmp_path, capsys):
    folder = folder_of(tmp_path, municipality=5, hospital=1)
    (folder / "notes.json").write_text("Husk at ringe til Kirsten", encoding="utf-8")
    newer = json.loads((folder / "assessment-00000.json").read_text(encoding="utf-8"))
    (folder / "from-the-future.json").write_text(json.dumps({**newer, "schema_version": 99}), encoding="utf-8")
    (folder / "package.json").write_text('{"name": "dialogue", "version": "1.0.0"}', encoding="utf-8")
    (folder / "a-folder.json").mkdir()
    (folder / "empty.json").write_bytes(b"")
    (folder / "client-b").mkdir()
    shutil.copy(REPO / "examples" / "hospital-da.json", folder / "client-b" / "vestkysten.json")  # read: below
    (folder / ".hidden.json").write_text("{", encoding="utf-8")  # left alone: hidden
    assert main(["benchmark", str(folder), "--out", str(tmp_path / "b.xlsx")]) == 0
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert lines == [
        f"skipped: {folder / 'a-folder.json'}: is a folder, not an assessment file",
        f"skipped: {folder / 'empty.json'}: file is empty; it holds no assessment (a backup may be in empty.json.bak)",
        f"skipped: {folder / 'from-the-future.json'}: schema_version: 99 is newer than this workbook understands ({SCHEMA_VERSION}); "
        "update the workbook to open it",
        f"skipped: {folder / 'notes.json'}:1: not valid JSON: Expecting value (column 1)",
        f"skipped: {folder / 'package.json'}: schema_version: missing; this is not an assessment file",
    ]
    assert out.startswith("used 7 organisations from 12 files (5 skipped, 0 replaced by a later follow-up)")
    assert (tmp_path / "b.xlsx").exists()


def test_an_organisation_counts_once_with_its_newest_assessment(tmp_path, capsys):
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(REPO / "examples" / "hospital-da.json", folder / "2026.json")
    year_two(folder, "2027.json")
    shutil.copy(folder / "2027.json", folder / "2027-copy.json")
    collected = collect([folder], skip=print)
    assert (collected.organisations, collected.replaced, collected.skipped) == (1, 1, 1)
    assert "the same assessment as a file read before it (a copy)" in capsys.readouterr().out
    dialogue = collected.table[collected.table["item"] == "dialogue_level"]
    assert dialogue[["current", "desired"]].values.tolist() == [[3, 4]]  # 2027's, not 2026's (2 -> 4)


def test_an_assessment_against_the_median_of_its_kind(tmp_path):
    folder = folder_of(tmp_path, municipality=6, hospital=5, region=2)
    bench_path = tmp_path / "b.json"
    assert main(["benchmark", str(folder), "--out", str(bench_path)]) == 0
    bench = load_benchmark(bench_path)
    municipality = open_assessment(REPO / "examples" / "municipality-da.json")
    vs = versus(municipality, bench)
    assert vs.label == "Medianen for 6 kommuner (nuværende niveau)"
    assert vs.data["title"] == "I mod medianen for 6 kommuner"
    group = bench.group("municipality")
    assert vs.medians["purpose"] == next(r for r in group.rows if r.item == "purpose").current.median
    hospital = open_assessment(REPO / "examples" / "hospital-da.json")  # pooled with the two regions
    assert versus(hospital, bench).data["title"] == "I mod medianen for 7 organisationer af øvrige typer"
    national = open_assessment(REPO / "examples" / "national-body-nb.json")  # a type the benchmark has none of
    assert versus(national, bench).data["title"] == "Dere mot medianen for 13 organisasjoner"
    pdf = tmp_path / "m.pdf"
    assert (
        main(
            [
                "report",
                str(REPO / "examples" / "municipality-da.json"),
                "--pdf",
                str(pdf),
                "--benchmark",
                str(bench_path),
            ]
        )
        == 0
    )
    text = " ".join(pdf_text(pdf).split())
    assert "I mod medianen for 6 kommuner Dialogniveau: I står på niveau 2, medianen er" in text


def test_a_benchmark_file_is_checked_before_it_is_used(tmp_path, capsys):
    bad = tmp_path / "b.json"
    bad.write_text(json.dumps({"format": "dialogue-maturity-benchmark/1", "k": 0}), encoding="utf-8")
    example = str(REPO / "examples" / "municipality-da.json")
    assert main(["report", example, "--pdf", str(tmp_path / "m.pdf"), "--benchmark", str(bad)]) == 2
    assert capsys.readouterr().err.startswith(f"error: {bad}: k: 0 is too small")
    assert not (tmp_path / "m.pdf").exists()


@pytest.mark.parametrize("by", ["type", "none"])
def test_when_no_type_can_stand_alone_the_table_shows_every_organisation_as_all(tmp_path, by):
    folder = folder_of(tmp_path, municipality=4, hospital=6)  # 4 cannot stand alone, and 6 would give it away
    assert (
        main(
            [
                "benchmark",
                str(folder),
                "--out",
                str(tmp_path / "b.json"),
                "--by",
                by,
                "--export-table",
                str(tmp_path / "t.csv"),
            ]
        )
        == 0
    )
    assert [g.id for g in load_benchmark(tmp_path / "b.json").groups] == [ALL]
    table = pd.read_csv(tmp_path / "t.csv")
    assert set(table["group"]) == {"all"} and table["organisation"].nunique() == 10

"""Rows begun but not finished are kept in the file (schema 6), merge item by item like every
list, and a file from version 5 opens with none."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assessment.document.merge import merge
from assessment.document.model import SCHEMA_VERSION, Assessment, Draft
from assessment.document.store import load
from assessment.errors import ConflictError

EXAMPLES = Path(__file__).parent.parent / "examples"


def example() -> Assessment:
    return load(EXAMPLES / "hospital-da.json")


def test_a_version_5_file_opens_with_no_drafts_and_nothing_else_changed(tmp_path):
    raw = json.loads((EXAMPLES / "hospital-da.json").read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION == 6
    v5 = {k: v for k, v in raw.items() if k != "drafts"} | {"schema_version": 5}
    path = tmp_path / "v5.json"
    path.write_text(json.dumps(v5), encoding="utf-8")
    doc = load(path)
    assert doc.schema_version == 6 and doc.drafts == []
    assert all(r.set_aside is None for r in doc.ratings)
    assert doc.model_dump(exclude={"schema_version"}) == load(EXAMPLES / "hospital-da.json").model_dump(
        exclude={"schema_version"}
    )


def test_every_example_is_at_the_current_schema(tmp_path):
    for path in EXAMPLES.glob("*.json"):
        assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == SCHEMA_VERSION, path.name


def test_a_draft_keeps_what_was_typed_and_draft_ids_are_unique():
    doc = example()
    half = Draft(id="k9", table="kpi", data={"name": "Svartid", "target": "", "goals": [], "baseline": "mange"})
    again = Assessment.model_validate({**doc.model_dump(), "drafts": [half.model_dump()]})
    assert again.drafts[0].data == {"name": "Svartid", "target": "", "goals": [], "baseline": "mange"}
    with pytest.raises(ValueError, match="drafts: duplicate id k9"):
        Assessment.model_validate({**doc.model_dump(), "drafts": [half.model_dump(), half.model_dump()]})


def test_two_writers_drafts_merge_row_by_row_and_field_by_field():
    base = example()
    base.drafts = [Draft(id="k9", table="kpi", data={"name": "Svartid", "unit": ""})]
    mine, theirs = base.model_copy(deep=True), base.model_copy(deep=True)
    mine.drafts[0].data = {**mine.drafts[0].data, "unit": "timer"}
    mine.drafts.append(Draft(id="challenge-1", table="challenge", data={"text": "Vagtplan"}))
    theirs.drafts[0].data = {**theirs.drafts[0].data, "name": "Svartid i døgnet"}
    theirs.drafts.append(Draft(id="g9", table="objective", data={"text": "Flere svar"}))
    merged = merge(base, mine, theirs)
    assert {d.id: d.data for d in merged.drafts} == {
        "k9": {"name": "Svartid i døgnet", "unit": "timer"},
        "g9": {"text": "Flere svar"},
        "challenge-1": {"text": "Vagtplan"},
    }
    clash = base.model_copy(deep=True)
    clash.drafts[0].data = {**clash.drafts[0].data, "name": "Noget andet"}
    with pytest.raises(ConflictError, match="drafts.k9.data.name"):
        merge(base, clash, theirs)


def test_an_area_set_aside_as_not_applicable_keeps_its_levels_in_the_file(tmp_path):
    path = tmp_path / "a.json"
    shutil.copy(EXAMPLES / "hospital-da.json", path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["ratings"][0] |= {
        "not_applicable": True,
        "current": None,
        "desired": None,
        "set_aside": {"current": 2, "desired": 4},
    }
    path.write_text(json.dumps(raw), encoding="utf-8")
    r = load(path).ratings[0]
    assert (r.not_applicable, r.current, r.gap, r.set_aside.current, r.set_aside.desired) == (True, None, None, 2, 4)


def test_the_report_leaves_drafts_out_and_says_so(tmp_path):
    from assessment.document.context import open_assessment
    from assessment.outputs.report import render_pdf

    from .test_report import flat, pdf_pages

    path = tmp_path / "a.json"
    shutil.copy(EXAMPLES / "hospital-da.json", path)
    opened = open_assessment(path)
    assert "påbegyndte rækker" not in flat("\n".join(pdf_pages(render_pdf(opened))))
    opened.doc.drafts = [
        Draft(id="k9", table="kpi", data={"name": "Ufærdig svartidsmåling", "target": ""}),
        Draft(id="g9", table="objective", data={"text": "Et halvt mål"}),
    ]
    text = flat("\n".join(pdf_pages(render_pdf(opened))))
    assert "2 påbegyndte rækker (fx en KPI uden målværdi endnu) er ikke færdige" in text
    assert "Ufærdig svartidsmåling" not in text and "Et halvt mål" not in text


def test_the_word_report_leaves_drafts_out_and_says_so(tmp_path):
    import io

    import docx

    from assessment.document.context import open_assessment
    from assessment.outputs.word import render_docx

    path = tmp_path / "a.json"
    shutil.copy(EXAMPLES / "hospital-da.json", path)
    opened = open_assessment(path)
    opened.doc.drafts = [Draft(id="k9", table="kpi", data={"name": "Ufærdig svartidsmåling", "target": ""})]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(render_docx(opened))).paragraphs)
    assert "1 påbegyndte rækker (fx en KPI uden målværdi endnu) er ikke færdige" in text
    assert "Ufærdig svartidsmåling" not in text

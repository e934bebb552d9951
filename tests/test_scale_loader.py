"""A scale file is loaded only when every rule holds; each broken rule is reported on its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assessment.data.scale import builtin_scales, load_scale, scale_json_schema
from assessment.errors import AssessmentError

from .conftest import REPO, TINY_SCALE


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scale.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(AssessmentError) as caught:
        load_scale(write(tmp_path, text))
    return caught.value.problems


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return lines[nth - 1]


def test_a_consultants_own_scale_loads_with_its_own_levels_areas_and_languages(tiny_scale):
    scale = load_scale(tiny_scale)
    assert scale.numbers == [1, 2, 3]
    assert [a.id for a in scale.areas] == ["purpose", "content"]
    assert scale.languages == ["da", "en"]
    assert scale.level(3).caveat("da") == "Pas på personfølsomme oplysninger"
    assert [lv.level for lv in scale.steps(1, 3)] == [2, 3]


def test_an_unknown_key_is_reported_with_its_line_and_path(tmp_path):
    text = TINY_SCALE.replace("    summary: {da: Svarer", "    colour: red\n    summary: {da: Svarer")
    [problem] = problems_of(tmp_path, text)
    assert (
        problem
        == f"{tmp_path / 'scale.yaml'}:{line_of(text, 'colour')}: levels.1.colour: unknown key (check the spelling, or remove it)"
    )


def test_a_missing_translation_names_the_language_and_line(tmp_path):
    text = TINY_SCALE.replace("summary: {da: Brugerne er med, en: Users take part}", "summary: {da: Brugerne er med}")
    [problem] = problems_of(tmp_path, text)
    assert problem.endswith(f":{line_of(text, 'Brugerne er med')}: levels.2.summary: missing translation for en")


def test_a_translation_in_an_undeclared_language_is_an_error(tmp_path):
    text = TINY_SCALE.replace("name: {da: Indhold, en: Content}", "name: {da: Indhold, en: Content, sv: Innehåll}")
    [problem] = problems_of(tmp_path, text)
    assert "areas.1.name: language sv is not declared in 'languages'" in problem


def test_duplicate_area_ids_are_an_error(tmp_path):
    text = TINY_SCALE.replace("  - id: content", "  - id: purpose")
    [problem] = problems_of(tmp_path, text)
    assert problem.endswith(f":{line_of(text, '- id: purpose', 2)}: areas.1.id: duplicate area id 'purpose'")


def test_a_key_written_twice_is_reported_at_the_second_one(tmp_path):
    text = TINY_SCALE.replace('version: "0.1"', 'version: "0.1"\nversion: "0.2"')
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith(f"{tmp_path / 'scale.yaml'}:{line_of(text, 'version', 2)}: duplicate key")


def test_levels_out_of_order_are_an_error(tmp_path):
    text = TINY_SCALE.replace("  - level: 2", "  - level: 3", 1).replace(
        "  - level: 3\n    name: {da: Inddrage", "  - level: 2\n    name: {da: Inddrage"
    )
    found = problems_of(tmp_path, text)
    assert any("levels.1.level: levels must be numbered 1, 2, 3 … in order; expected 2, found 3" in p for p in found)


def test_an_area_without_a_descriptor_for_a_level_is_an_error(tmp_path):
    text = TINY_SCALE.replace("      3: {da: Skabt med brugerne, en: Made with users}\n", "")
    [problem] = problems_of(tmp_path, text)
    assert problem.endswith(f":{line_of(text, 'descriptors', 2)}: areas.1.descriptors: no descriptor for level 3")


def test_fewer_than_three_levels_is_an_error(tmp_path):
    start = TINY_SCALE.index("  - level: 3")
    end = TINY_SCALE.index("areas:")
    text = TINY_SCALE[:start] + TINY_SCALE[end:]
    found = problems_of(tmp_path, text)
    assert any("levels: List should have at least 3 items" in p for p in found)


def test_a_yaml_syntax_error_points_at_its_line(tmp_path):
    text = TINY_SCALE.replace("name: {da: Lille skala, en: Tiny scale}", "name: {da: Lille skala, en: Tiny scale")
    [problem] = problems_of(tmp_path, text)
    assert problem.startswith(f"{tmp_path / 'scale.yaml'}:") and "YAML syntax" in problem


def test_every_problem_is_reported_at_once(tmp_path):
    text = TINY_SCALE.replace("format: dialogue-maturity-scale/1", "format: other/9").replace(
        "summary: {da: Envejs, en: One-way}", "summary: {da: Envejs}"
    )
    found = problems_of(tmp_path, text)
    assert len(found) == 2
    assert any("format: must be 'dialogue-maturity-scale/1'" in p for p in found)


def test_a_file_that_is_not_utf8_is_refused_clearly(tmp_path):
    path = tmp_path / "scale.yaml"
    path.write_bytes(TINY_SCALE.replace("Pas på", "Pas p\xe5").encode("latin-1"))
    with pytest.raises(AssessmentError, match="not UTF-8 text"):
        load_scale(path)


def test_the_shipped_scales_load():
    scales = builtin_scales()
    assert {"some-dialogue", "citizen-participation"} <= set(scales)
    main = load_scale(scales["some-dialogue"])
    assert main.numbers == [1, 2, 3, 4, 5]
    assert main.languages == ["da", "nb", "en"]
    assert main.level(5).caveat is not None
    assert [lv.level for lv in main.levels if lv.caveat] == [5]
    custom = load_scale(scales["citizen-participation"])
    assert len(custom.levels) == 4 and custom.languages == ["da", "en"]


def test_the_json_schema_in_the_repository_is_current():
    committed = json.loads((REPO / "scales" / "schema" / "scale.schema.json").read_text(encoding="utf-8"))
    assert committed == scale_json_schema(), "run: assessment schema --out scales/schema/scale.schema.json"

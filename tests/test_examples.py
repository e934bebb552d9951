"""The shipped examples are complete, realistic and valid: they are the built-in example,
the test data and the documentation."""

from __future__ import annotations

import json

import pytest

from assessment.document.context import open_assessment

from .conftest import EXAMPLES


def test_there_are_four_examples():
    assert sorted(p.name for p in EXAMPLES) == [
        "hospital-da.json",
        "municipality-da.json",
        "national-body-nb.json",
        "patient-organisation-da.json",
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_an_example_opens_against_its_scale(path):
    opened = open_assessment(path)
    doc = opened.doc
    assert doc.participants and doc.goals and doc.kpis and doc.actions and doc.purposes.chosen
    assert doc.dialogue.current and doc.dialogue.desired and doc.dialogue.rationale
    assert {r.area for r in doc.ratings} == {a.id for a in opened.scale.areas}
    assert all(r.notes and r.evidence for r in doc.ratings)
    assert any(not p.consent_to_be_named for p in doc.participants)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_text_field_of_an_example_is_filled(path):
    def empty_leaves(value, where=""):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from empty_leaves(v, f"{where}.{k}")
        elif isinstance(value, list):
            if not value:
                yield where
            for i, v in enumerate(value):
                yield from empty_leaves(v, f"{where}.{i}")
        elif value == "":
            yield where

    data = json.loads(path.read_text(encoding="utf-8"))
    assert [w for w in empty_leaves(data) if not w.endswith(".votes")] == []  # n/a areas have no votes


def test_the_norwegian_example_has_a_kpi_table_with_ceilings_and_post_kpis():
    doc = open_assessment(next(p for p in EXAMPLES if p.stem == "national-body-nb")).doc
    assert doc.language == "nb"
    assert any(k.direction == "at_most" for k in doc.kpis)
    assert any(k.scope == "post" for k in doc.kpis)

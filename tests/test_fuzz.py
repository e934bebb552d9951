"""Random documents fed to the loader: it loads them or raises the package's own error,
never anything else; and whatever loads saves and reloads unchanged.

The figure for the closing note: FUZZ_EXAMPLES per property, three properties.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from assessment.document.context import open_assessment
from assessment.document.model import Assessment
from assessment.document.store import AssessmentFile, load, parse_document
from assessment.errors import AssessmentError

from .conftest import EXAMPLES, REPO
from .hostile import MARKUP

FUZZ_EXAMPLES = 300
FIXTURE = Path(__file__).parent / "fixtures" / "pilot-v1.json"
SEEDS = [json.loads(p.read_text(encoding="utf-8")) for p in [*EXAMPLES, FIXTURE]]
# and one that names its scale by path, so the path handling is fuzzed too
SEEDS.append({**SEEDS[0], "scale": {**SEEDS[0]["scale"], "source": str(REPO / "scales" / "some-dialogue.yaml")}})
NEAR_IDS = [
    "budget",
    "fame",
    "p1",
    "p9",
    "g1",
    "g9",
    "k1",
    "high",
    "urgent",
    "now",
    "someday",
    "purpose",
    "hospital",
    "castle",
    "nb",
    "sv",
    "some-dialogue",
    "tiny",
    "objective",
    "effect",
    "overall",
    "post",
    "at_most",
]
KEYS = sorted({k for seed in SEEDS for k in seed} | {"id", "area", "current", "desired", "goals", "source", "priority"})

fuzz = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

texts = st.text(max_size=20) | st.sampled_from(
    ["", " ", "\ud800", "x" * 501, "2026-02-30", "nan", *MARKUP.values(), *KEYS]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([0, 1, 5, 6, 10, 11, -1])
    | st.floats()
    | texts
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4), max_leaves=20
)


def locations(node: Any, where: tuple = ()) -> list[tuple]:
    """Every place in a JSON tree, the root included."""
    found = [where]
    if isinstance(node, dict):
        for key, value in node.items():
            found += locations(value, (*where, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += locations(value, (*where, i))
    return found


def retyped(value: Any) -> Any:
    """The same content as the wrong JSON type."""
    if isinstance(value, bool) or value is None:
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    return list(value.values())


def nudged(value: Any, draw: st.DrawFn) -> Any:
    """A plausible wrong value: a level or number a little off or not finite, an unknown id,
    text too long, empty, with markup or an unpaired surrogate."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return draw(st.integers(-6, 6).map(lambda step: value + step) | st.sampled_from([float("nan"), float("inf")]))
    if isinstance(value, str):
        return draw(st.sampled_from(NEAR_IDS) | st.sampled_from(["", " ", "\ud800", "x" * 501, *MARKUP.values()]))
    return value


@st.composite
def mutated_documents(draw: st.DrawFn) -> Any:
    """A valid (or version 1) document with one to three fields dropped, replaced, retyped, copied or nudged."""
    doc = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(locations(doc)))
        if not where:
            continue
        *parent_path, key = where
        parent = doc
        for part in parent_path:
            parent = parent[part]
        how = draw(st.sampled_from(["drop", "replace", "retype", "copy", "nudge"]))
        if how == "nudge":
            parent[key] = nudged(parent[key], draw)
        elif how == "drop":
            del parent[key]
        elif how == "replace":
            parent[key] = draw(json_values)
        elif how == "retype":
            parent[key] = retyped(parent[key])
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        else:
            parent[draw(st.sampled_from(KEYS))] = copy.deepcopy(parent[key])
    return doc


def encoded(doc: Any, cut: int | None = None) -> bytes:
    raw = json.dumps(doc).encode("utf-8")  # ASCII escapes, so even lone surrogates reach the loader
    return raw if cut is None else raw[: cut % (len(raw) + 1)]


def same_after_save(doc: Assessment, folder: Path) -> None:
    """Saving and reloading gives back the same document (save only sets ``updated_at``)."""
    path = folder / "saved.json"
    path.unlink(missing_ok=True)
    before = doc.model_copy(deep=True)
    AssessmentFile(path).save(doc)
    again = load(path)
    assert again.model_copy(update={"updated_at": None}) == before.model_copy(update={"updated_at": None})


def load_or_refuse(raw: bytes, folder: Path) -> None:
    """The property: the loader and the checked opening either succeed or raise AssessmentError."""
    path = folder / "fuzzed.json"
    try:
        doc = parse_document(path, raw)
    except AssessmentError as exc:
        assert "\n" not in str(exc)
        doc = None
    path.write_bytes(raw)
    try:
        opened = open_assessment(path)
    except AssessmentError:
        opened = None
    assert opened is None or doc is not None, "what opens must parse"
    event("opened" if opened else "loaded, but does not fit its scale" if doc else "refused")
    if doc is not None:
        same_after_save(doc, folder)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@fuzz
@given(value=json_values)
def test_random_json_values_load_or_are_refused_with_the_packages_error(folder, value):
    load_or_refuse(encoded(value), folder)


@fuzz
@given(doc=mutated_documents())
def test_mutated_valid_documents_load_or_are_refused_and_what_loads_saves_unchanged(folder, doc):
    load_or_refuse(encoded(doc), folder)


@fuzz
@given(
    raw=st.binary(max_size=200)
    | st.builds(encoded, st.sampled_from(SEEDS), st.integers(min_value=0))
    | st.builds(lambda doc, junk: encoded(doc)[:50] + junk, st.sampled_from(SEEDS), st.binary())
)
def test_random_and_truncated_bytes_are_refused_with_the_packages_error(folder, raw):
    load_or_refuse(raw, folder)


@pytest.mark.parametrize(
    "raw, message",
    [
        (
            encoded({**SEEDS[0], "kpis": [{**SEEDS[0]["kpis"][0], "target": float("nan")}]}),
            "kpis.0.target: Input should be a finite number",
        ),
        (
            b'{"schema_version": 2, "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
            "not valid JSON for an assessment: nested too deeply",
        ),
        (
            encoded({**SEEDS[0], "scale": {**SEEDS[0]["scale"], "source": "\ud800.yaml"}}),
            "unpaired surrogate \\ud800 in a string",
        ),
    ],
    ids=["nan-target-was-saved-as-null", "deep-nesting-raised-RecursionError", "lone-surrogate-failed-on-save"],
)
def test_regressions_the_fuzzing_found(tmp_path, raw, message):
    with pytest.raises(AssessmentError, match=re.escape(message)):
        parse_document(tmp_path / "a.json", raw)

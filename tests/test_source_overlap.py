"""The shipped texts are our own: facts from the source documents may carry over, their
sentences may not. No run of seven words (case, punctuation and spacing ignored) is shared
between a text the workbook ships (scales, catalogues, locales, examples) and a source
document in ``../shared/seeds/``. Only values are compared, so a comment citing the
method's own title is fine."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from ruamel.yaml import YAML

from .conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"
SHINGLE = 7
SHIPPED = ("scales/*.yaml", "catalogues/*.yaml", "locales/*/*.yaml", "examples/*.json")


def words(text: str) -> list[str]:
    """Lower-case words without punctuation: »Hvad er det?« and "hvad er det" read the same."""
    return re.findall(r"\w+", text.casefold())


def shingles(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def shipped_texts() -> Iterator[tuple[str, str]]:
    yaml = YAML(typ="safe")
    for pattern in SHIPPED:
        for path in sorted(REPO.glob(pattern)):
            raw = path.read_text(encoding="utf-8")
            data = json.loads(raw) if path.suffix == ".json" else yaml.load(raw)
            for text in strings(data):
                yield str(path.relative_to(REPO)), text


@pytest.fixture(scope="module")
def source_shingles() -> set[tuple[str, ...]]:
    if not SEEDS.is_dir():
        pytest.fail(f"the source documents are missing: {SEEDS} must exist beside the repository (../shared/seeds)")
    files = sorted(p for p in SEEDS.iterdir() if p.is_file())
    if not files:
        pytest.fail(f"the source documents are missing: {SEEDS} is empty")
    found: set[tuple[str, ...]] = set()
    for path in files:
        found |= shingles(path.read_text(encoding="utf-8", errors="replace"))
    return found


def test_the_comparison_ignores_case_punctuation_and_spacing():
    assert shingles("Hvad  er det,\nSOM vi »gerne« vil opnå?") == shingles("hvad er det som vi gerne vil opnå")
    assert len(shingles("one two three four five six")) == 0


def test_no_shipped_text_shares_seven_words_in_a_row_with_a_source_document(source_shingles):
    shared = [
        f"{where}: “{' '.join(sorted(hit)[0])}” in “{text[:80]}…”"
        for where, text in shipped_texts()
        if (hit := shingles(text) & source_shingles)
    ]
    assert shared == []

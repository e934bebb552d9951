"""Valid data files are cached so the workbook starts fast; the cache never hides a change."""

from __future__ import annotations

import pytest

from assessment.data import datacache
from assessment.data.scale import load_scale
from assessment.errors import AssessmentError


def test_a_valid_scale_loads_the_same_from_the_cache(tiny_scale):
    first = load_scale(tiny_scale)
    assert list(datacache.cache_dir().glob("scale-*.json"))
    assert load_scale(tiny_scale) == first


def test_a_changed_file_is_validated_again(tiny_scale):
    load_scale(tiny_scale)
    tiny_scale.write_text(tiny_scale.read_text(encoding="utf-8").replace("en: Tiny scale}", "}"), encoding="utf-8")
    with pytest.raises(AssessmentError, match="name: missing translation for en"):
        load_scale(tiny_scale)


def test_a_damaged_cache_entry_is_ignored(tiny_scale):
    first = load_scale(tiny_scale)
    for entry in datacache.cache_dir().glob("scale-*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert load_scale(tiny_scale) == first


def test_an_unwritable_cache_does_not_stop_loading(tiny_scale, monkeypatch, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DIALOGUE_WORKBOOK_CACHE", str(blocker / "cache"))
    assert load_scale(tiny_scale).id == "tiny"

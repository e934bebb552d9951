"""One organisation against a benchmark: the median of the organisations of its kind, as the
radar's third series and a few lines in the report's summary.

The group is the organisation's type where the benchmark shows it, else the pooled
"other types" it was merged into, else all organisations. Only figures the benchmark
shows are used, so the k rule holds here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..data.i18n import format_number, t
from ..document.context import Opened
from ..errors import AssessmentError
from .collect import DIALOGUE
from .disclosure import ALL, OTHER
from .figures import Benchmark, Group
from .wording import group_words


@dataclass(frozen=True)
class Versus:
    group: Group
    label: str  # the radar series' label
    medians: dict[str, float | None]  # current median per area id; None where not shown
    data: dict[str, Any]  # the report summary's block


def _group(bench: Benchmark, org_type: str) -> Group:
    for gid in (org_type, OTHER, ALL):
        group = bench.group(gid)
        if group is not None and (gid != OTHER or org_type in group.types):
            return group
    raise AssessmentError(f"benchmark: shows no figures (fewer than {bench.k} organisations in all)")


def versus(opened: Opened, bench: Benchmark) -> Versus:
    """``opened`` against ``bench``, in ``opened``'s language; the benchmark must be on the same
    scale version (medians of renumbered levels cannot be translated without guessing)."""
    scale = opened.scale
    if (bench.scale, bench.scale_version) != (scale.id, scale.version):
        raise AssessmentError(
            f"benchmark: made on '{bench.scale}' version {bench.scale_version}, but the assessment uses "
            f"'{scale.id}' version {scale.version}; make the benchmark again on that version"
        )
    lang, doc = opened.lang, opened.doc
    group = _group(bench, doc.organisation.type)
    medians: dict[str, float | None] = {}
    for row in group.rows:
        medians[row.item] = None if row.current.suppressed else row.current.median
    above = same = below = 0
    for area in scale.areas:
        r, median = doc.rating(area.id), medians.get(area.id)
        if r is None or r.not_applicable or r.current is None or median is None:
            continue
        above += r.current > median
        same += r.current == median
        below += r.current < median
    words = group_words(group, opened.catalogue, lang)
    lines = []
    dialogue_median = medians.get(DIALOGUE)
    if doc.dialogue.current is not None and dialogue_median is not None:
        lines.append(
            t(
                lang,
                "report.benchmark.dialogue",
                yours=doc.dialogue.current,
                median=format_number(round(dialogue_median, 2), lang),
            )
        )
    lines.append(t(lang, "report.benchmark.areas", above=above, same=same, below=below))
    data = {
        "title": t(lang, "report.benchmark.title", n=group.organisations, group=words),
        "lines": lines,
        "note": t(
            lang, "report.benchmark.note", organisations=bench.organisations, version=bench.scale_version, k=bench.k
        ),
    }
    label = t(lang, "report.chart.benchmark", n=group.organisations, group=words)
    return Versus(group, label, {a.id: medians.get(a.id) for a in scale.areas}, data)

"""The benchmark's figures: per group, for the dialogue level and every area, how many
organisations stand at each level now and want to, with medians and quartiles, and how
many organisations each figure rests on. Computed column-wise with pandas from the flat
table, with the k rule applied before anything leaves this module.

The result (:class:`Benchmark`) holds ids and numbers only, never a name; it is what the
Excel and PDF outputs show and what ``assessment report --benchmark`` reads back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Final, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..data.scale import Scale
from ..errors import AssessmentError
from ..files.reading import read_named_file
from .collect import DIALOGUE, Collected
from .disclosure import ALL, MIN_K, OTHER, group_of_types, suppressed, valid_k

FORMAT: Final = "dialogue-maturity-benchmark/1"
MEASURES = ("current", "desired")
MAX_BYTES = 20 * 1024 * 1024


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(_Model):
    """One measure of one item in one group; all None when suppressed by the k rule."""

    n: int | None = Field(description="Organisations the figure rests on; None when suppressed.")
    hidden: Literal["fewer_than_k", "complement"] | None = Field(
        default=None,
        description="Why a suppressed figure is not shown: it rests on fewer than k organisations, "
        "or it would let such a figure be worked out by subtraction.",
    )
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    shares: list[float] | None = Field(default=None, description="Share of the n organisations at each level 1, 2 …")

    @property
    def suppressed(self) -> bool:
        return self.n is None


class Row(_Model):
    item: str = Field(description=f"'{DIALOGUE}' or an area id")
    current: Figure
    desired: Figure


class Group(_Model):
    id: str = Field(description=f"'{ALL}', '{OTHER}' (types pooled by the k rule) or an organisation type id")
    organisations: int
    types: list[str] = Field(default_factory=list, description="For the pooled group: the types in it.")
    rows: list[Row]


class Benchmark(_Model):
    format: Literal["dialogue-maturity-benchmark/1"] = FORMAT
    scale: str
    scale_version: str
    k: Annotated[int, Field(ge=MIN_K)]
    by: Literal["type", "none"]
    organisations: int = Field(description="Organisations used (their newest assessment each).")
    files: int
    skipped: int
    replaced: int
    groups: list[Group] = Field(description=f"'{ALL}' first when shown, then the groups by size.")

    @field_validator("k", mode="before")
    @classmethod
    def _k_is_checked(cls, value: object) -> int:
        return valid_k(value)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)


def _figure(values: pd.Series, levels: list[int]) -> Figure:
    clean = values.dropna().astype(int)
    n = int(clean.size)
    if n == 0:
        return Figure(n=0)
    q1, median, q3 = (float(x) for x in np.quantile(clean.to_numpy(), [0.25, 0.5, 0.75]))
    counts = clean.value_counts()
    return Figure(n=n, median=median, q1=q1, q3=q3, shares=[float(counts.get(lv, 0)) / n for lv in levels])


def _hidden(n: int, k: int) -> Figure:
    return Figure(n=None, hidden="fewer_than_k" if n < k else "complement")


def benchmark(collected: Collected, *, k: object, by: Literal["type", "none"] = "type") -> Benchmark:
    """The figures of ``collected``, grouped ``by`` organisation type (or not), under the k rule."""
    k = valid_k(k)
    scale: Scale = collected.scale
    table = collected.table
    per_org = table.drop_duplicates("org")[["org", "type"]]
    counts = {str(t): int(n) for t, n in per_org["type"].value_counts().items() if n > 0}
    total = sum(counts.values())
    if by == "type":
        to_group = group_of_types(counts, k)
    else:
        to_group = {t: (None if total < k else ALL) for t in counts}
    table = table.assign(group=table["type"].astype(str).map(to_group))
    shown = [g for g in dict.fromkeys(to_group.values()) if g not in (None, ALL)]
    if shown == [OTHER]:  # every type pooled: the pool is all organisations, shown once as such
        to_group, shown = {t: ALL for t in to_group}, []
    sizes = {g: sum(n for t, n in counts.items() if to_group[t] == g) for g in shown}
    shown.sort(key=lambda g: (g == OTHER, -sizes[g], g))
    levels = scale.numbers
    items = [DIALOGUE] + [a.id for a in scale.areas]
    figures: dict[tuple[str, str, str], Figure] = {}
    if total >= k:
        for measure in MEASURES:
            by_item = {item: part for item, part in table.groupby("item", observed=False)[[measure, "group"]]}
            for item in items:
                part = by_item[item]
                answered = part[measure].notna()
                cell_sizes = {g: int((answered & (part["group"] == g)).sum()) for g in shown}
                hidden = suppressed(cell_sizes, int(answered.sum()), k)
                figures[(ALL, item, measure)] = (
                    _hidden(int(answered.sum()), k) if ALL in hidden else _figure(part[measure], levels)
                )
                for g in shown:
                    figures[(g, item, measure)] = (
                        _hidden(cell_sizes[g], k)
                        if g in hidden
                        else _figure(part.loc[part["group"] == g, measure], levels)
                    )
    groups = []
    if total >= k:
        for gid in [ALL] + (shown if by == "type" else []):
            groups.append(
                Group(
                    id=gid,
                    organisations=total if gid == ALL else sizes[gid],
                    types=sorted(t for t, g in to_group.items() if g == OTHER) if gid == OTHER else [],
                    rows=[
                        Row(item=i, current=figures[(gid, i, "current")], desired=figures[(gid, i, "desired")])
                        for i in items
                    ],
                )
            )
    return Benchmark(
        scale=scale.id,
        scale_version=scale.version,
        k=k,
        by=by,
        organisations=total,
        files=collected.files,
        skipped=collected.skipped,
        replaced=collected.replaced,
        groups=groups,
    )


def load_benchmark(path: Path | str) -> Benchmark:
    """A benchmark written with ``--out FILE.json``; one-line errors for anything else."""
    path = Path(path)
    raw = read_named_file(path, MAX_BYTES, "a benchmark file")
    try:
        return Benchmark.model_validate_json(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(document)"
        raise AssessmentError(
            f"{path}: {where}: {err['msg']}; give a benchmark written by 'assessment benchmark … --out FILE.json'"
        ) from None
    except AssessmentError as exc:
        raise AssessmentError(f"{path}: {exc}") from None

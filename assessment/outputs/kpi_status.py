"""Where a KPI stands: reached, on track, behind, or not yet known. The one place this is decided.

The rule, for the latest measured value, read in the KPI's direction ("at least" is a
floor to rise to, "at most" a ceiling to come down under):

1. **reached** when the value meets the target;
2. otherwise **behind** when the deadline has passed;
3. otherwise, with a baseline, its date and a deadline: **on track** when the value is
   at least as far along as a straight line from the baseline (at its date) to the target
   (at the deadline) says it should be by the day it was measured, else **behind**;
4. otherwise **on track** when the value has moved the right way from the baseline (or,
   without one, from the first measurement), else **behind**;
5. **not measured** without any measurement, **too early** with one measurement and no
   baseline to compare it with.

The baseline's date is the KPI's ``baseline_date``, else the workshop the KPI was set in
(a follow-up fills it with the previous workshop's date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..document.model import Kpi, Measurement

Status = Literal["reached", "on_track", "behind", "not_measured", "too_early"]
STATUSES: tuple[Status, ...] = ("reached", "on_track", "behind", "too_early", "not_measured")


@dataclass(frozen=True)
class KpiProgress:
    status: Status
    latest: Measurement | None
    expected: float | None  # where the straight line says the value should be by the latest measurement


def _meets(kpi: Kpi, value: float, mark: float) -> bool:
    return value >= mark if kpi.direction == "at_least" else value <= mark


def expected_value(kpi: Kpi, start: dt.date | None, day: dt.date) -> float | None:
    """The straight line from the baseline at ``start`` to the target at the deadline, on ``day``."""
    if kpi.baseline is None or start is None or kpi.deadline is None or kpi.deadline <= start:
        return None
    share = min(1.0, max(0.0, (day - start).days / (kpi.deadline - start).days))
    return kpi.baseline + (kpi.target - kpi.baseline) * share


def kpi_progress(kpi: Kpi, workshop_date: dt.date | None) -> KpiProgress:
    """``kpi``'s status by its latest measurement; ``workshop_date`` is when it was set."""
    if not kpi.actuals:
        return KpiProgress("not_measured", None, None)
    ordered = sorted(kpi.actuals, key=lambda m: m.date)
    latest = ordered[-1]
    start = kpi.baseline_date or workshop_date
    expected = expected_value(kpi, start, latest.date)
    if _meets(kpi, latest.value, kpi.target):
        return KpiProgress("reached", latest, expected)
    if kpi.deadline is not None and latest.date >= kpi.deadline:
        return KpiProgress("behind", latest, expected)
    if expected is not None:
        return KpiProgress("on_track" if _meets(kpi, latest.value, expected) else "behind", latest, expected)
    reference = kpi.baseline if kpi.baseline is not None else (ordered[0].value if len(ordered) > 1 else None)
    if reference is None:
        return KpiProgress("too_early", latest, None)
    moved = latest.value > reference if kpi.direction == "at_least" else latest.value < reference
    return KpiProgress("on_track" if moved else "behind", latest, None)

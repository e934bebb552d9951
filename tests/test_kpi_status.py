"""Where a KPI stands, read in its direction: a floor to rise to or a ceiling to get under."""

from __future__ import annotations

import datetime as dt

import pytest

from assessment.document.model import Kpi, Measurement
from assessment.outputs.kpi_status import kpi_progress

SET = dt.date(2026, 3, 1)  # the workshop that set the KPIs
DEADLINE = dt.date(2027, 3, 1)
HALF_WAY = dt.date(2026, 8, 30)  # 182 of 365 days: the straight line is just under half way


def kpi(
    direction: str,
    baseline: float | None,
    target: float,
    *values: tuple[dt.date, float],
    deadline: dt.date | None = DEADLINE,
    baseline_date: dt.date | None = None,
) -> Kpi:
    return Kpi(
        id="k1",
        name="KPI",
        scope="overall",
        metric="m",
        unit="u",
        baseline=baseline,
        target=target,
        direction=direction,
        goals=["g1"],
        deadline=deadline,
        baseline_date=baseline_date,
        actuals=[Measurement(id=f"m{i}", date=d, value=v) for i, (d, v) in enumerate(values)],
    )


def status(k: Kpi) -> str:
    return kpi_progress(k, SET).status


@pytest.mark.parametrize(
    "value, expected",
    [(200, "reached"), (250, "reached"), (160, "on_track"), (150, "on_track"), (148, "behind"), (90, "behind")],
)
def test_at_least_rising_from_100_to_200(value, expected):
    # half-way along the line from 100 to 200 is 149.9 on HALF_WAY
    assert status(kpi("at_least", 100, 200, (HALF_WAY, value))) == expected


@pytest.mark.parametrize(
    "value, expected",
    [(1700, "reached"), (1500, "reached"), (1900, "on_track"), (1925, "on_track"), (1930, "behind"), (2200, "behind")],
)
def test_at_most_coming_down_from_2150_to_1700(value, expected):
    # half-way along the line from 2150 to 1700 is 1925.6 on HALF_WAY: lower is better
    assert status(kpi("at_most", 2150, 1700, (HALF_WAY, value))) == expected


def test_only_the_latest_measurement_counts():
    assert status(kpi("at_least", 100, 200, (HALF_WAY, 210), (dt.date(2026, 10, 1), 120))) == "behind"
    assert status(kpi("at_most", 2150, 1700, (dt.date(2026, 10, 1), 1650), (HALF_WAY, 2100))) == "reached"


def test_a_deadline_passed_without_the_target_is_behind_even_if_close():
    assert status(kpi("at_least", 100, 200, (dt.date(2027, 3, 2), 199))) == "behind"
    assert status(kpi("at_most", 2150, 1700, (dt.date(2027, 4, 1), 1701))) == "behind"


def test_the_line_starts_at_the_baseline_date_when_there_is_one():
    late_start = dt.date(2026, 8, 1)  # one month before HALF_WAY: the line has barely begun
    assert status(kpi("at_least", 100, 200, (HALF_WAY, 115), baseline_date=late_start)) == "on_track"
    assert status(kpi("at_least", 100, 200, (HALF_WAY, 115))) == "behind"


@pytest.mark.parametrize(
    "direction, values, expected",
    [
        ("at_least", (110,), "on_track"),
        ("at_least", (100,), "behind"),
        ("at_least", (90,), "behind"),
        ("at_most", (90,), "on_track"),
        ("at_most", (100,), "behind"),
        ("at_most", (110,), "behind"),
    ],
)
def test_without_a_deadline_it_is_on_track_when_it_moved_the_right_way(direction, values, expected):
    target = 200 if direction == "at_least" else 50
    k = kpi(direction, 100, target, *((HALF_WAY, v) for v in values), deadline=None)
    assert status(k) == expected


def test_without_a_baseline_the_first_measurement_is_the_reference():
    assert status(kpi("at_most", None, 50, (SET, 80), (HALF_WAY, 70), deadline=None)) == "on_track"
    assert status(kpi("at_most", None, 50, (SET, 80), (HALF_WAY, 85))) == "behind"
    assert status(kpi("at_most", None, 50, (HALF_WAY, 80))) == "too_early"


def test_unmeasured_is_not_measured():
    assert status(kpi("at_least", 100, 200)) == "not_measured"

"""The one function that says whether a target is on track, at its edges."""
import datetime
from decimal import Decimal

import pytest

from initiatives.models import Target, TargetStatus, target_status
from initiatives.tests.factories import IndicatorFactory, MeasurementFactory, TargetFactory

START, END = datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)
HALFWAY = datetime.date(2024, 7, 2)


def status(latest, latest_on=HALFWAY, *, baseline="100", target="200", higher_is_better=True):
    return target_status(
        baseline=Decimal(baseline), baseline_on=START, target=Decimal(target), target_on=END,
        latest=None if latest is None else Decimal(latest), latest_on=latest_on, higher_is_better=higher_is_better,
    )


@pytest.mark.parametrize("latest,expected", [
    ("150", TargetStatus.ON_TRACK),  # half the way in half the time
    ("130", TargetStatus.AT_RISK),  # behind, within the tolerance
    ("110", TargetStatus.OFF_TRACK),  # far behind
    ("90", TargetStatus.OFF_TRACK),  # moving the wrong way
])
def test_higher_is_better(latest, expected):
    assert status(latest) == expected


@pytest.mark.parametrize("latest,expected", [
    ("15", TargetStatus.ON_TRACK),  # vacancy from 20 % to 10 %: half-way down at half time
    ("17", TargetStatus.AT_RISK),
    ("19.5", TargetStatus.OFF_TRACK),
    ("22", TargetStatus.OFF_TRACK),  # rising vacancy is the wrong way
    ("8", TargetStatus.ON_TRACK),  # beyond the target
])
def test_lower_is_better(latest, expected):
    assert status(latest, baseline="20", target="10", higher_is_better=False) == expected


def test_a_target_already_met_is_on_track_even_after_the_deadline():
    assert status("205", latest_on=END + datetime.timedelta(days=30)) == TargetStatus.ON_TRACK
    assert status("200", latest_on=START) == TargetStatus.ON_TRACK


def test_a_missed_deadline_is_off_track():
    assert status("199", latest_on=END + datetime.timedelta(days=1)) == TargetStatus.OFF_TRACK


def test_no_measurement_or_only_one_before_the_baseline_is_no_data():
    assert status(None, latest_on=None) == TargetStatus.NO_DATA
    assert status("150", latest_on=START - datetime.timedelta(days=1)) == TargetStatus.NO_DATA


def test_at_the_baseline_date_no_movement_is_still_on_track():
    assert status("100", latest_on=START) == TargetStatus.ON_TRACK


@pytest.mark.django_db
def test_a_target_reads_the_latest_measurement_of_its_indicator():
    indicator = IndicatorFactory(higher_is_better=False)
    target = TargetFactory(indicator=indicator, baseline=Decimal(20), target_value=Decimal(10))
    assert Target.objects.with_latest().get(pk=target.pk).status == TargetStatus.NO_DATA
    MeasurementFactory(indicator=indicator, measured_on=target.target_on, value=Decimal("9.5"))
    target = Target.objects.with_latest().get(pk=target.pk)
    assert target.latest_value == Decimal("9.5") and target.status == TargetStatus.ON_TRACK

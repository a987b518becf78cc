"""Progress, overdue milestones, budget totals, shares and trends, computed by the database."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from committees.models import Meeting
from initiatives.models import FundingLine, Indicator, Initiative
from initiatives.tests.factories import (
    FundingLineFactory,
    IndicatorFactory,
    InitiativeFactory,
    MeasurementFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def figures(initiative):
    return Initiative.objects.with_figures().get(pk=initiative.pk)


def test_no_milestones_means_no_progress_and_nothing_overdue():
    initiative = figures(InitiativeFactory())
    assert (initiative.progress, initiative.milestone_count, initiative.overdue_milestone_count) == (0, 0, 0)


def test_a_completed_initiative_without_milestones_is_fully_done():
    assert figures(InitiativeFactory(status=Initiative.Status.COMPLETED)).progress == 100


def test_all_milestones_done_is_100_percent_and_none_overdue():
    initiative = InitiativeFactory()
    MilestoneFactory.create_batch(3, initiative=initiative, due_on=TODAY - 10 * DAY, done_on=TODAY - 11 * DAY)
    initiative = figures(initiative)
    assert (initiative.progress, initiative.milestones_done, initiative.overdue_milestone_count) == (100, 3, 0)


def test_progress_is_the_rounded_share_of_milestones_done():
    initiative = InitiativeFactory()
    MilestoneFactory.create_batch(2, initiative=initiative, done_on=TODAY)
    MilestoneFactory(initiative=initiative)
    assert figures(initiative).progress == 67


def test_a_progress_set_by_hand_wins_over_milestones():
    initiative = InitiativeFactory(progress_override=15)
    MilestoneFactory(initiative=initiative, done_on=TODAY)
    assert figures(initiative).progress == 15


def test_overdue_means_due_date_passed_and_not_done():
    initiative = InitiativeFactory()
    late = MilestoneFactory(initiative=initiative, due_on=TODAY - DAY)
    MilestoneFactory(initiative=initiative, due_on=TODAY - DAY, done_on=TODAY)  # done late: not overdue
    MilestoneFactory(initiative=initiative, due_on=TODAY)  # due today: not yet overdue
    assert figures(initiative).overdue_milestone_count == 1
    assert late.is_overdue() and not late.is_overdue(on=TODAY - DAY)


def test_budget_totals_add_every_source_without_multiplying_by_milestones():
    initiative = InitiativeFactory()
    FundingLineFactory(initiative=initiative, source=FundingLine.Source.EU, planned=Decimal("850000.00"), spent=Decimal("0.10"))
    FundingLineFactory(initiative=initiative, source=FundingLine.Source.MUNICIPAL, planned=Decimal("150000.00"), spent=Decimal("0.20"))
    MilestoneFactory.create_batch(3, initiative=initiative)
    initiative = figures(initiative)
    assert initiative.planned_total == Decimal("1000000.00")
    assert initiative.spent_total == Decimal("0.30")  # exact: decimals, never floats


def test_an_initiative_without_funding_has_zero_totals():
    initiative = figures(InitiativeFactory())
    assert initiative.planned_total == 0 and initiative.spent_total == 0


def test_co_financing_shares_are_computed_per_initiative():
    initiative = InitiativeFactory()
    FundingLineFactory(initiative=initiative, source="eu", planned=Decimal("75"))
    FundingLineFactory(initiative=initiative, source="municipal", planned=Decimal("25"))
    FundingLineFactory(source="eu", planned=Decimal("10"))  # another initiative's line does not count
    shares = dict(FundingLine.objects.filter(initiative=initiative).with_shares().values_list("source", "planned_share"))
    assert shares == {"eu": Decimal(75), "municipal": Decimal(25)}


def test_nothing_planned_gives_no_share_rather_than_a_division_error():
    line = FundingLineFactory(planned=Decimal(0))
    assert FundingLine.objects.with_shares().get(pk=line.pk).planned_share is None


def test_one_line_per_funding_source():
    line = FundingLineFactory()
    with pytest.raises(IntegrityError):
        FundingLineFactory(initiative=line.initiative, source=line.source)


def test_negative_money_is_rejected():
    with pytest.raises(ValidationError):
        FundingLine(initiative=InitiativeFactory(), source="eu", planned=Decimal("-1")).full_clean()


def test_end_before_start_is_rejected_by_the_database():
    with pytest.raises(IntegrityError):
        InitiativeFactory(start_on=TODAY, end_on=TODAY - DAY)


def test_a_slug_that_is_a_page_address_is_rejected():
    initiative = InitiativeFactory.build(slug="indicators", theme=InitiativeFactory().theme)
    with pytest.raises(ValidationError, match="used by a page"):
        initiative.full_clean(exclude=["lead_committee"])


def test_public_visible_to_and_in_progress():
    shown = InitiativeFactory(is_public=True, status="in_progress")
    hidden = InitiativeFactory(is_public=False, status="planned")
    assert list(Initiative.objects.public()) == [shown]
    assert list(Initiative.objects.in_progress()) == [shown]
    assert set(Initiative.objects.visible_to(None)) == {shown}
    assert hidden not in Initiative.objects.visible_to(None)


def test_indicator_trend_compares_the_latest_month_with_the_same_month_a_year_earlier_and_respects_direction():
    vacancy = IndicatorFactory(higher_is_better=False, reporting_period="month", roll_up="last")
    for measured_on, value in [("2023-06-01", "20"), ("2024-01-01", "18"), ("2024-06-01", "16")]:
        MeasurementFactory(indicator=vacancy, measured_on=measured_on, value=Decimal(value))
    vacancy = Indicator.objects.with_trend().get(pk=vacancy.pk)
    assert vacancy.latest_value == Decimal(16)
    assert vacancy.earlier_on == datetime.date(2023, 6, 1)  # like for like: June against June
    assert vacancy.change == Decimal(-4)
    assert vacancy.trend == "improving"  # lower is better


def test_without_the_same_period_a_year_earlier_there_is_no_trend():
    vacancy = IndicatorFactory(higher_is_better=False, reporting_period="month", roll_up="last")
    for measured_on, value in [("2023-01-01", "20"), ("2024-06-01", "16")]:
        MeasurementFactory(indicator=vacancy, measured_on=measured_on, value=Decimal(value))
    vacancy = Indicator.objects.with_trend().get(pk=vacancy.pk)
    assert vacancy.latest_value == Decimal(16)
    assert (vacancy.earlier_value, vacancy.change, vacancy.trend) == (None, None, "steady")


def test_an_indicator_without_measurements_is_steady_with_no_latest_value():
    indicator = Indicator.objects.with_trend().get(pk=IndicatorFactory().pk)
    assert indicator.latest_value is None and indicator.trend == "steady" and indicator.change is None


@pytest.mark.parametrize("language, initiative, meeting, budget", [
    ("sl", "načrtovan", "načrtovana", "načrtovano"), ("pl", "zaplanowana", "zaplanowane", "zaplanowano"),
])
def test_planned_is_translated_for_each_thing_it_describes(language, initiative, meeting, budget):
    """One English word, three nouns of different gender: each use has its own message context."""
    with translation.override(language):
        assert str(Initiative.Status.PLANNED.label) == initiative
        assert str(Meeting.Status.PLANNED.label) == meeting
        assert str(FundingLine._meta.get_field("planned").verbose_name) == budget

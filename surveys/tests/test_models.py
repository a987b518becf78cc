"""The survey's own rules: when it is open (stated once, in surveys.models.open_conditions)."""
import datetime

import pytest
from django.utils import timezone

from surveys.models import Survey
from surveys.tests.factories import SurveyFactory

OPENS = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))
CLOSES = timezone.make_aware(datetime.datetime(2026, 3, 22, 9, 0))
INSTANT = datetime.timedelta(microseconds=1)


def statuses(survey, now):
    """What the instance says and what the queries find, at `now`."""
    return (
        survey.status_at(now),
        Survey.objects.open_now(now).filter(pk=survey.pk).exists(),
        Survey.objects.closed(now).filter(pk=survey.pk).exists(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("now", "expected"), [
    (OPENS - INSTANT, (Survey.Status.SCHEDULED, False, False)),
    (OPENS, (Survey.Status.OPEN, True, False)),
    (CLOSES - INSTANT, (Survey.Status.OPEN, True, False)),
    (CLOSES, (Survey.Status.CLOSED, False, True)),
])
def test_a_published_survey_is_open_from_its_opening_instant_until_just_before_it_closes(now, expected):
    survey = SurveyFactory(opens_at=OPENS, closes_at=CLOSES)
    assert statuses(survey, now) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("now", [OPENS - INSTANT, OPENS, CLOSES])
def test_a_draft_is_never_open_whatever_its_dates(now):
    draft = SurveyFactory(opens_at=OPENS, closes_at=CLOSES, is_published=False)
    assert statuses(draft, now) == (Survey.Status.DRAFT, False, False)


@pytest.mark.django_db
def test_a_draft_without_dates_is_a_draft():
    draft = SurveyFactory(opens_at=None, closes_at=None, is_published=False)
    assert statuses(draft, OPENS) == (Survey.Status.DRAFT, False, False)


@pytest.mark.django_db
def test_the_public_list_holds_open_surveys_and_closed_ones_with_public_results():
    SurveyFactory(slug="scheduled", opens_at=CLOSES, closes_at=CLOSES + datetime.timedelta(days=1))
    SurveyFactory(slug="open", opens_at=OPENS, closes_at=CLOSES)
    SurveyFactory(slug="closed-public", opens_at=OPENS - datetime.timedelta(days=9), closes_at=OPENS, results_public=True)
    SurveyFactory(slug="closed-private", opens_at=OPENS - datetime.timedelta(days=9), closes_at=OPENS)
    SurveyFactory(slug="draft", opens_at=OPENS, closes_at=CLOSES, is_published=False, results_public=True)
    listed = Survey.objects.listed_publicly(OPENS + INSTANT).values_list("slug", flat=True)
    assert list(listed) == ["open", "closed-public"]


@pytest.mark.django_db
@pytest.mark.parametrize(("is_published", "results_public", "expected"), [(True, True, True), (True, False, False), (False, True, False)])
def test_results_are_public_once_published_and_released(is_published, results_public, expected):
    survey = SurveyFactory(is_published=is_published, results_public=results_public)
    assert survey.results_are_public is expected
    assert Survey.objects.with_public_results().filter(pk=survey.pk).exists() is expected

"""Invitation codes have an end: `manage.py delete_expired_data` (run daily) deletes them
PORTAL_INVITATION_RETENTION_DAYS after their survey closes; responses and results stay."""
import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags

from core.roles import MANAGERS
from surveys import services
from surveys.models import Invitation, Response, Survey
from surveys.results import survey_results
from surveys.tests.factories import SurveyFactory
from surveys.tests.test_results_running import page_figures
from surveys.tests.test_services import full_answers

pytestmark = pytest.mark.django_db


def invitation_survey(survey, questions, made, used):
    """`survey` made invitation-only, with `made` codes of which `used` answered it."""
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.INVITATION)
    survey.refresh_from_db()
    codes = services.invitations_generate(survey=survey, count=made)
    for code in codes[:used]:
        token_hash = services.invitation_find(survey=survey, code=code)
        services.response_submit(survey=survey, answers=full_answers(questions), invitation_hash=token_hash)
    return survey


def close(survey, days_ago):
    closes_at = timezone.now() - datetime.timedelta(days=days_ago)
    Survey.objects.filter(pk=survey.pk).update(opens_at=closes_at - datetime.timedelta(days=20), closes_at=closes_at)
    survey.refresh_from_db()


def test_codes_are_deleted_a_set_time_after_their_survey_closed_and_the_results_stay(survey, questions, settings):
    settings.PORTAL_INVITATION_RETENTION_DAYS = 30
    invitation_survey(survey, questions, made=10, used=3)
    close(survey, days_ago=31)
    recent, still_open = SurveyFactory(), SurveyFactory()
    close(recent, days_ago=29)
    for other in (recent, still_open):
        services.invitations_generate(survey=other, count=4)
    figures_before = page_figures(survey_results(survey, with_texts=True))

    call_command("delete_expired_data", verbosity=0)

    assert not Invitation.objects.filter(survey=survey).exists()
    assert Invitation.objects.filter(survey__in=[recent, still_open]).count() == 8
    assert Response.objects.filter(survey=survey).count() == 3
    assert page_figures(survey_results(survey, with_texts=True)) == figures_before
    survey.refresh_from_db()
    assert survey.invitations_deleted_on == timezone.localdate()
    assert survey.invitation_counts() == (10, 3)


def test_running_it_again_on_a_later_day_changes_nothing(survey, questions, settings):
    settings.PORTAL_INVITATION_RETENTION_DAYS = 30
    invitation_survey(survey, questions, made=5, used=2)
    close(survey, days_ago=30)
    assert services.invitations_expire() == 5
    deleted_on = Survey.objects.get(pk=survey.pk).invitations_deleted_on
    assert services.invitations_expire(now=timezone.now() + datetime.timedelta(days=3)) == 0
    survey.refresh_from_db()
    assert (survey.invitations_deleted_on, survey.invitation_counts()) == (deleted_on, (5, 2))


def test_the_retention_is_a_setting_counted_from_the_closing_time(survey, questions, settings):
    settings.PORTAL_INVITATION_RETENTION_DAYS = 7
    invitation_survey(survey, questions, made=2, used=0)
    close(survey, days_ago=6)
    assert services.invitations_expire() == 0
    assert services.invitations_expire(now=survey.closes_at + datetime.timedelta(days=7)) == 2


def test_staff_see_when_the_codes_go_and_after_they_went_what_there_was(client, make_user, survey, questions, settings):
    settings.PORTAL_INVITATION_RETENTION_DAYS = 30
    client.force_login(make_user("manager", role=MANAGERS, committees=[survey.committee]))
    invitation_survey(survey, questions, made=6, used=2)
    close(survey, days_ago=1)
    invitations_page = reverse("surveys:invitations", kwargs={"slug": survey.slug})
    builder = reverse("surveys:builder", kwargs={"slug": survey.slug})
    due = date_format(timezone.localdate(survey.closes_at + datetime.timedelta(days=30)), "DATE_FORMAT")
    html = strip_tags(client.get(invitations_page).content.decode())
    assert "6 codes made, 2 used." in html and f"The codes will be deleted on {due}" in html

    close(survey, days_ago=31)
    services.invitations_expire()

    today = date_format(timezone.localdate(), "DATE_FORMAT")
    html = strip_tags(client.get(invitations_page).content.decode())
    assert "6 codes made, 2 used." in html and f"The codes were deleted on {today}" in html
    assert "will be deleted" not in html
    assert f"6 codes, 2 used; codes deleted on {today}" in strip_tags(client.get(builder).content.decode())

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from committees.tests.factories import CommitteeFactory
from initiatives.tests.factories import InitiativeFactory
from core.roles import MAYORS
from surveys import demo, services
from surveys.models import Answer, Invitation, Question, Response, Survey
from surveys.tests.conftest import choice
from surveys.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def test_the_public_list_shows_open_surveys_and_closed_ones_with_published_results(client, django_assert_max_num_queries):
    now = timezone.now()
    past = {"opens_at": now - datetime.timedelta(days=30), "closes_at": now - datetime.timedelta(days=1)}
    SurveyFactory(title="Open survey")
    SurveyFactory(title="Closed with results", results_public=True, **past)
    SurveyFactory(title="Closed without results", **past)
    SurveyFactory(title="Draft survey", is_published=False)
    SurveyFactory(title="Future survey", opens_at=now + datetime.timedelta(days=3), closes_at=now + datetime.timedelta(days=9))
    for number in range(10):
        SurveyFactory(title=f"Another open survey {number}")
    with django_assert_max_num_queries(3):
        html = client.get(reverse("surveys:list")).content.decode()
    assert "Open survey" in html and "Closed with results" in html and "Another open survey 9" in html
    assert "Closed without results" not in html and "Draft survey" not in html and "Future survey" not in html


def render_residents_said(initiative, user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load survey_tags %}{% residents_said initiative %}")
    return template.render(Context({"initiative": initiative, "request": request}))


def test_an_initiative_shows_what_residents_said_in_published_results(survey, questions, make_user, settings):
    settings.PORTAL_MIN_GROUP_SIZE = 3  # a town that publishes groups of three (see test_small_groups)
    initiative = InitiativeFactory()
    survey.informs.add(initiative)
    age = questions["How old are you?"]
    for text in ["Under 30", "Under 30", "30 or over"]:
        services.response_submit(survey=survey, answers={age: choice(age, text)})
    assert "No survey results about this initiative" in render_residents_said(initiative, AnonymousUser())
    staff_view = render_residents_said(initiative, make_user("mayor", role=MAYORS))
    assert "Vision of the centre" in staff_view and "3 residents answered" in staff_view and "66.7%" in staff_view
    Survey.objects.filter(pk=survey.pk).update(results_public=True)
    assert "66.7%" in render_residents_said(initiative, AnonymousUser())


def test_what_residents_said_shows_the_question_flagged_as_headline(survey, questions, make_user):
    initiative = InitiativeFactory()
    survey.informs.add(initiative)
    age, reasons = questions["How old are you?"], questions["Why do you come?"]
    Question.objects.filter(pk=reasons.pk).update(is_headline=True)
    for age_text, reason_texts in [("Under 30", ["Cafés"]), ("30 or over", ["Cafés", "Events"]), ("30 or over", ["Shopping"])]:
        services.response_submit(
            survey=survey, answers={age: choice(age, age_text), reasons: [choice(reasons, text) for text in reason_texts]}
        )
    html = render_residents_said(initiative, make_user("mayor", role=MAYORS))
    assert '<caption><span lang="en" dir="auto">Why do you come?</span></caption>' in html and "How old are you?" not in html
    assert "66.7%" in html  # Cafés: 2 of the 3 who answered


def test_the_demo_loads_sensible_surveys_and_a_second_run_changes_nothing():
    CommitteeFactory(slug=demo.MARKETING)
    demo.load({})
    flagged = Question.objects.filter(is_headline=True).order_by("survey__slug")
    assert [(q.survey.slug, q.text) for q in flagged] == [
        ("vision-of-the-centre", "What is missing in the centre?"),
        ("vision-of-the-centre-2024", "What is missing in the centre?"),
    ]
    counts = (Survey.objects.count(), Question.objects.count(), Response.objects.count(), Answer.objects.count(), Invitation.objects.count())
    demo.load({})
    assert (Survey.objects.count(), Question.objects.count(), Response.objects.count(), Answer.objects.count(), Invitation.objects.count()) == counts
    current = Survey.objects.get(slug="vision-of-the-centre")
    assert current.is_open and current.previous_wave.status == Survey.Status.CLOSED
    assert current.responses.count() == 400 and 12 <= current.questions.count() <= 15
    assert current.sections.count() == 2 and current.questions.filter(show_if_question__isnull=False).count() == 1
    assert set(current.questions.values_list("kind", flat=True)) == set(Question.Kind.values)
    business = Survey.objects.get(slug="doing-business-in-the-centre")
    assert business.access == Survey.Access.INVITATION
    services.invitation_find(survey=business, code="BIZ00-00060")  # a printed demo code that is still unused

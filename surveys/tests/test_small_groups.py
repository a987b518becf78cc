"""The public never sees figures of a small group of residents (fewer than PORTAL_MIN_GROUP_SIZE,
5 by default): not of the whole survey, not of a filter, not of a follow-up question shown to a
few; written answers are never shown filtered. Staff see such groups with a warning."""
import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from initiatives.tests.factories import InitiativeFactory
from core.roles import MANAGERS, MAYORS
from surveys import services
from surveys.models import Survey
from surveys.tests.conftest import choice
from surveys.tests.test_public_pages import render_residents_said

pytestmark = pytest.mark.django_db

SECRET = "only-this-resident-wrote-this"


def answer(questions, age, satisfaction=3, note=""):
    q = questions
    answers = {
        q["How old are you?"]: choice(q["How old are you?"], age),
        q["Why do you come?"]: [choice(q["Why do you come?"], "Cafés")],
        q["How satisfied are you?"]: Decimal(satisfaction),
    }
    if note:
        answers[q["Anything else?"]] = note
    if age == "Under 30":
        answers[q["What would young people like?"]] = "A skate park"
    services.response_submit(survey=q["How old are you?"].survey, answers=answers)


@pytest.fixture
def published(survey):
    Survey.objects.filter(pk=survey.pk).update(results_public=True, publish_free_text=True)
    return Survey.objects.get(pk=survey.pk)


def populate(questions, under_30, over_30, note_by_under_30=""):
    for _ in range(under_30):
        answer(questions, "Under 30", satisfaction=5, note=note_by_under_30)
    for _ in range(over_30):
        answer(questions, "30 or over", satisfaction=2)


def results_page(client, survey, **params):
    return client.get(reverse("surveys:results", kwargs={"slug": survey.slug}), params).content.decode()


def under_30(questions):
    return f"c{choice(questions['How old are you?'], 'Under 30').pk}"


def charts(html):
    return json.loads(re.search(r'id="survey-charts"[^>]*>(.*?)</script>', html, re.S).group(1))


@pytest.mark.parametrize("group, shown", [(1, False), (4, False), (5, True)])
def test_a_filtered_group_is_shown_to_the_public_only_from_the_minimum_size(client, published, questions, group, shown):
    populate(questions, under_30=group, over_30=10, note_by_under_30=SECRET)
    html = results_page(client, published, filter=under_30(questions))
    assert (f"Showing the {group} of {group + 10} residents" in html) is shown
    assert ("<table" in html) is shown
    assert bool(charts(html)) is shown
    assert ("Fewer than 5 residents answered “How old are you?: Under 30”" in html) is not shown
    assert ("results are shown only for groups of at least 5 residents" in html) is not shown
    assert SECRET not in html  # written answers are never shown filtered


def test_the_whole_survey_with_three_responses_shows_the_public_no_figures(client, published, questions):
    populate(questions, under_30=1, over_30=2, note_by_under_30=SECRET)
    html = results_page(client, published)
    assert "Fewer than 5 residents have answered so far." in html
    assert "results are shown only for groups of at least 5 residents" in html
    assert "3 residents answered" not in html and "<table" not in html and charts(html) == []
    assert SECRET not in html and "A skate park" not in html


def test_the_whole_survey_at_the_minimum_is_shown(client, published, questions):
    populate(questions, under_30=2, over_30=3, note_by_under_30=SECRET)
    html = results_page(client, published)
    assert "5 residents answered" in html and "<table" in html and SECRET in html


def test_free_text_is_never_shown_filtered_to_the_public(client, published, questions):
    populate(questions, under_30=6, over_30=6, note_by_under_30=SECRET)
    assert SECRET in results_page(client, published)
    html = results_page(client, published, filter=under_30(questions))
    assert "Showing the 6 of 12 residents" in html
    assert SECRET not in html and "A skate park" not in html
    assert "Written answers are not shown for a filtered group." in html


def test_staff_see_a_small_group_with_a_warning(client, make_user, published, questions):
    populate(questions, under_30=1, over_30=10, note_by_under_30=SECRET)
    client.force_login(make_user("manager", role=MANAGERS))
    html = results_page(client, published, filter=under_30(questions))
    assert "Showing the 1 of 11 residents" in html
    assert "Only 1 resident is in this group. The public sees no figures of groups smaller than 5" in html
    assert SECRET in html and "<table" in html


def test_a_follow_up_question_shown_to_few_residents_is_withheld_from_the_public(client, published, questions):
    populate(questions, under_30=2, over_30=10)
    html = results_page(client, published)
    assert "Fewer than 5 residents were shown this question, so its answers are not published." in html
    assert "A skate park" not in html
    assert "12 residents answered" in html and "<table" in html  # the rest of the survey is shown


def test_the_minimum_is_a_setting(client, settings, published, questions):
    settings.PORTAL_MIN_GROUP_SIZE = 2
    populate(questions, under_30=2, over_30=2)
    html = results_page(client, published, filter=under_30(questions))
    assert "Showing the 2 of 4 residents" in html and "<table" in html


def test_no_comparison_with_a_previous_wave_whose_results_are_not_public(client, published, questions):
    populate(questions, under_30=5, over_30=5)
    wave = services.survey_copy_as_wave(survey=published)
    Survey.objects.filter(pk=wave.pk).update(
        is_published=True, results_public=True, opens_at=published.opens_at, closes_at=published.closes_at
    )
    populate({question.text: question for question in wave.questions.for_form()}, under_30=3, over_30=3)
    assert "Change since the previous wave" in results_page(client, wave)
    published.refresh_from_db()
    published.results_public = False
    published.save()  # as the survey editor saves it: the cached public page is replaced at once
    assert "Change since the previous wave" not in results_page(client, Survey.objects.get(pk=wave.pk))


def test_what_residents_said_shows_no_figures_of_a_small_survey_to_the_public(published, questions, make_user):
    initiative = InitiativeFactory()
    published.informs.add(initiative)
    populate(questions, under_30=3, over_30=0)
    public = render_residents_said(initiative, AnonymousUser())
    assert "Fewer than 5 residents have answered so far" in public
    assert "%" not in public and "3 residents answered" not in public
    staff = render_residents_said(initiative, make_user("mayor", role=MAYORS))
    assert "100.0%" in staff and "the public does not see these figures" in staff
    populate(questions, under_30=0, over_30=2)
    assert "60.0%" in render_residents_said(initiative, AnonymousUser())


def test_the_mayors_summary_warns_of_a_survey_too_small_to_publish(client, make_user, published, questions):
    from django.utils import timezone

    populate(questions, under_30=2, over_30=1)
    Survey.objects.filter(pk=published.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(make_user("mayor", role=MAYORS))
    html = client.get(reverse("portal:summary")).content.decode()
    assert published.title in html
    assert "fewer than 5 residents: the public does not see these figures" in html


def test_a_filter_is_refused_where_comparing_groups_would_reveal_a_small_one(client, published, questions):
    """Six answered 5 and six answered 2 on the scale, one answered 4: everybody minus the 5s and the
    2s would be that one resident, so no answer of the scale filters the public results."""
    populate(questions, under_30=6, over_30=6)
    answer(questions, "30 or over", satisfaction=4)
    satisfied = questions["How satisfied are you?"]
    html = results_page(client, published, filter=f"n{satisfied.pk}:5")
    assert "The results cannot be filtered by “How satisfied are you?: 5 – very”" in html
    assert "<table" not in html and charts(html) == []
    assert "Showing the 6 of 13 residents" in results_page(client, published, filter=under_30(questions))


def test_staff_are_told_when_the_whole_survey_is_too_small_for_the_public(client, make_user, published, questions):
    populate(questions, under_30=1, over_30=2, note_by_under_30=SECRET)
    client.force_login(make_user("mayor", role=MAYORS))
    html = results_page(client, published)
    assert "Only 3 residents have answered so far. The public sees no figures until there are 5 answers." in html
    assert SECRET in html and "<table" in html

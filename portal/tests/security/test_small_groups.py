"""Published survey results never show the public a group smaller than PORTAL_MIN_GROUP_SIZE, for
any filter a visitor can put in the address: every role, every filter of the world's published
survey (five responses; its options were chosen by one and by three residents)."""
import json
import re

import pytest
from django.urls import reverse

from portal.tests.security.conftest import ROLES, escaped
from surveys.results import filter_options

pytestmark = pytest.mark.django_db
STAFF = {"manager_a", "manager_b", "secretary_a", "secretary_b", "mayor", "superuser"}


def chart_data(html):
    return json.loads(re.search(r'id="survey-charts"[^>]*>(.*?)</script>', html, re.S).group(1))


def test_no_filter_shows_the_public_a_small_group_and_staff_are_warned(clients, world):
    survey = world.surveys.results
    url = reverse("surveys:results", kwargs={"slug": survey.slug})
    filters = [value for _group, options in filter_options(survey.questions.for_form()) for value, _label in options]
    assert filters
    wrong = []
    for role in ROLES:
        for value in filters:
            html = clients[role].get(url, {"filter": value}).content.decode()
            if role in STAFF:
                shown = "<table" in html and "The public sees no figures of groups smaller than 5" in html
            else:
                shown = "<table" not in html and chart_data(html) == [] and "results are shown only for groups of at least 5" in html
            written_answer_leaked = role not in STAFF and escaped("answer-other") in html
            if not shown or written_answer_leaked:
                wrong.append(f"{role} filter={value}")
    assert wrong == []


def test_the_published_survey_itself_is_large_enough_and_shown_to_everybody(clients, world):
    url = reverse("surveys:results", kwargs={"slug": world.surveys.results.slug})
    html = clients["anonymous"].get(url).content.decode()
    assert "5 residents answered" in html and "<table" in html and escaped("answer-text") in html

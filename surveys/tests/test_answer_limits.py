"""What a visitor can make the portal keep or store while answering: bounded session data, one
response per browser under concurrency, and a rate limit that is fair to a shared connection."""
import re
import secrets

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from surveys.tests.test_answering import first_page, page_url, second_page

pytestmark = pytest.mark.django_db

FOUR_MEGABYTES = 4 * 1024 * 1024


def incompressible(length):
    """Random letters: the session store compresses, so a repeated letter would hide the size."""
    return secrets.token_urlsafe(length)[:length]


def checked_values(page, question):
    inputs = re.findall(rf'<input[^>]*name="{question.field_name}"[^>]*>', page)
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in inputs if " checked" in tag]


def stored_session_size(client):
    return len(Session.objects.get(session_key=client.session.session_key).session_data)


def test_going_back_with_a_huge_post_keeps_a_small_session_and_what_was_validly_typed(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    huge = second_page(
        questions,
        action="back",
        **{
            questions["Anything else?"].field_name: incompressible(FOUR_MEGABYTES),  # longer than the field takes
            questions["What would young people like?"].field_name: " " * 100_000 + "A skate park" + " " * 100_000,
            questions["How much do you spend?"].field_name: "0" * 100_000 + "25",
        },
    )
    assert client.post(page_url(survey, 2), huge).url == page_url(survey, 1)
    assert stored_session_size(client) < 64 * 1024
    again = client.get(page_url(survey, 2)).content.decode()
    assert 'value="A skate park"' in again and 'value="25"' in again  # what was validly typed is kept
    assert checked_values(again, questions["How satisfied are you?"]) == ["4"]

"""Every form (through base.html and the shared templates/bootstrap5 overrides): required fields say
so in words, a refused form's errors are announced in one summary at the top of the page, linked to
their fields, with "Error:" before the page title; grouped choices sit in a fieldset with a legend;
"saved" messages are a status."""
import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from initiatives.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused_survey_form(client, make_user):
    InitiativeFactory(title="Pop-up shops in vacant premises")
    client.force_login(make_user("admin", superuser=True))

    def post(language="en"):
        response = client.post(reverse("surveys:create"), {"title": ""}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        return response.content.decode()

    return post


def _tag(html, name):
    return re.search(rf'<(?:input|textarea|select)[^>]*\bname="{name}"[^>]*>', html).group(0)


def test_a_refused_form_announces_its_errors_in_a_summary_linked_to_the_fields(refused_survey_form):
    html = refused_survey_form()
    summary = re.search(r'<div class="alert alert-danger form-error-summary" role="alert" id="error-summary"'
                        r' tabindex="-1" autofocus data-error-summary>(.*?)</div>', html, re.S)
    assert summary, "no focusable error summary with role=alert"
    assert html.count("form-error-summary") == 1
    assert "Please correct the" in summary.group(1)
    assert 'href="#id_title"' in summary.group(1)
    assert "This field is required." in summary.group(1)


def test_each_error_is_linked_to_its_field(refused_survey_form):
    html = refused_survey_form()
    title = _tag(html, "title")
    assert 'aria-invalid="true"' in title
    described_by = re.search(r'aria-describedby="([^"]+)"', title).group(1).split()
    assert "id_title_error" in described_by
    error = re.search(r'id="id_title_error"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert "This field is required." in error


def test_required_fields_say_so_in_words(refused_survey_form):
    html = refused_survey_form()
    label = re.search(r'<label[^>]*for="id_title"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "(required)" in re.sub(r"<[^>]+>", "", label)
    optional = re.search(r'<label[^>]*for="id_introduction"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "required" not in optional


def test_grouped_choices_sit_in_a_fieldset_with_a_legend(refused_survey_form):
    html = refused_survey_form()
    fieldset = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>(.*?)</legend>(.*?)</fieldset>", html, re.S)
    assert fieldset, "no fieldset with a legend"
    assert "initiatives it informs" in fieldset.group(1).lower()
    assert 'name="informs"' in fieldset.group(2)
    assert "Pop-up shops in vacant premises" in fieldset.group(2)


def test_the_summary_speaks_the_readers_language(refused_survey_form):
    html = refused_survey_form("sl")
    assert "Popravite" in html
    assert "(obvezno)" in html
    assert re.search(r"<title>Napaka: ", html)


def test_the_title_of_a_refused_form_begins_with_error(refused_survey_form, client):
    assert re.search(r"<title>Error: New survey · ", refused_survey_form())
    assert "<title>New survey · " in client.get(reverse("surveys:create")).content.decode()


def test_the_summary_comes_first_on_a_page_of_several_forms(client, make_user):
    """The initiative form and its milestones: one summary, before the first form, listing the errors
    of both with links into the milestone rows."""
    initiative = InitiativeFactory(title="Pop-up shops in vacant premises")
    client.force_login(make_user("admin", superuser=True))
    url = reverse("initiatives:update", args=[initiative.slug])
    page = client.get(url)
    data = _initial_post_data(page.content.decode())
    data.update({"title": "", "milestones-0-title": "A step without a date", "milestones-0-due_on": "not a date"})
    html = client.post(url, data).content.decode()
    assert html.count("form-error-summary") == 1
    summary = html[html.index("form-error-summary"):]
    assert html.index("form-error-summary") < html.index("<form method=\"post\" novalidate>")
    assert 'href="#id_title"' in summary.split("</div>")[0]
    assert 'href="#id_milestones-0-due_on"' in summary.split("</div>")[0]
    assert "<title>Error: " in html


def _initial_post_data(html):
    """The values a browser would send back from the page as it was shown."""
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="checkbox"' not in tag and 'type="submit"' not in tag:
            data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = selected.group(1) if selected else ""
    return data


def test_saved_messages_are_a_status_and_failures_an_alert():
    request = RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.success(request, "Saved.")
    messages.error(request, "Could not be saved.")
    html = render_to_string("includes/messages.html", {"messages": request._messages})
    assert '<div class="alert alert-success" role="status">Saved.</div>' in html
    assert '<div class="alert alert-danger" role="alert">Could not be saved.</div>' in html

"""Every crispy form (through the shared templates/bootstrap5 overrides): required fields say so
in words, errors are announced in a summary and linked to their fields, grouped choices sit in a
fieldset with a legend."""
import re

import pytest
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
    summary = re.search(r'<div class="alert alert-danger form-error-summary" role="alert">(.*?)</div>', html, re.S)
    assert summary, "no error summary with role=alert"
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

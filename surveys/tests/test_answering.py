import datetime
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from surveys import answering, services
from surveys.models import Answer, Invitation, Response, Survey
from surveys.tests.conftest import choice

pytestmark = pytest.mark.django_db


def page_url(survey, page):
    return reverse("surveys:answer", kwargs={"slug": survey.slug, "page": page})


def first_page(questions, age="Under 30", reasons=("Shopping", "Events")):
    q_age, q_why = questions["How old are you?"], questions["Why do you come?"]
    return {
        q_age.field_name: str(choice(q_age, age).pk),
        q_why.field_name: [str(choice(q_why, text).pk) for text in reasons],
        "action": "next",
    }


def second_page(questions, **overrides):
    data = {
        questions["What would young people like?"].field_name: "A skate park by the river",
        questions["How satisfied are you?"].field_name: "4",
        questions["How much do you spend?"].field_name: "25",
        questions["Anything else?"].field_name: "More benches, please.",
        "action": "next",
    }
    data.update(overrides)
    return data


def test_a_resident_answers_two_pages_and_all_answers_are_stored_at_the_end(client, survey, questions):
    page = client.get(page_url(survey, 1))
    assert "Page 1 of 2" in page.content.decode() and "(required)" in page.content.decode()
    assert client.post(page_url(survey, 1), first_page(questions)).url == page_url(survey, 2)
    assert Response.objects.count() == 0  # nothing is written before the final submit
    second = client.get(page_url(survey, 2)).content.decode()
    assert "What would young people like?" in second and "Submit my answers" in second
    response = client.post(page_url(survey, 2), second_page(questions))
    assert response.url == reverse("surveys:thanks", kwargs={"slug": survey.slug})
    stored = Response.objects.get()
    reasons = Answer.objects.filter(response=stored, question=questions["Why do you come?"])
    assert sorted(reasons.values_list("choice__text", flat=True)) == ["Events", "Shopping"]
    assert Answer.objects.get(response=stored, question=questions["How much do you spend?"]).number == 25
    assert Answer.objects.get(response=stored, question=questions["What would young people like?"]).text == "A skate park by the river"
    assert "Thank you" in client.get(response.url).content.decode()


def test_a_response_stores_no_address_and_no_user():
    names = {field.name for field in Response._meta.get_fields()}
    assert names == {"id", "survey", "submitted_at", "language", "answers"}


def test_the_conditional_question_is_not_shown_to_those_it_does_not_concern(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions, age="30 or over"))
    assert "What would young people like?" not in client.get(page_url(survey, 2)).content.decode()
    client.post(page_url(survey, 2), second_page(questions))
    assert not Answer.objects.filter(question=questions["What would young people like?"]).exists()


def test_back_keeps_the_answers_of_both_pages(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    back = client.post(page_url(survey, 2), second_page(questions, action="back"))
    assert back.url == page_url(survey, 1)
    first = client.get(page_url(survey, 1)).content.decode()
    events = choice(questions["Why do you come?"], "Events").pk
    assert f'value="{events}"' in first and "checked" in first
    assert "More benches, please." in client.get(page_url(survey, 2)).content.decode()


def test_selection_limits_show_errors_next_to_the_field_and_keep_what_was_chosen(client, survey, questions):
    response = client.post(page_url(survey, 1), first_page(questions, reasons=("Shopping", "Cafés", "Events")))
    html = response.content.decode()
    assert response.status_code == 200 and "Choose at most 2 options." in html
    under_30 = choice(questions["How old are you?"], "Under 30").pk
    assert f'value="{under_30}" class="form-check-input" id="id_{questions["How old are you?"].field_name}_0" required checked' in html
    missing = client.post(page_url(survey, 1), {"action": "next"}).content.decode()
    assert "This field is required." in missing


@pytest.mark.parametrize("language, message", [
    ("en", "Choose at most 2 options."), ("sl", "Izberite največ 2 možnosti."), ("pl", "Wybierz najwyżej 2 opcje."),
])
def test_the_selection_limit_agrees_with_its_number(client, survey, questions, language, message):
    with translation.override(language):  # the request switches the language: switch it back after
        response = client.post(page_url(survey, 1), first_page(questions, reasons=("Shopping", "Cafés", "Events")),
                               HTTP_ACCEPT_LANGUAGE=language)
    assert message in response.content.decode()


def test_a_number_out_of_range_is_refused_and_the_typed_text_is_kept(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    response = client.post(page_url(survey, 2), second_page(questions, **{questions["How much do you spend?"].field_name: "500"}))
    html = response.content.decode()
    assert "less than or equal to 100" in html
    assert 'value="500"' in html and "More benches, please." in html and 'aria-invalid="true"' in html
    assert Response.objects.count() == 0


def test_skipping_pages_by_address_is_caught_at_the_final_submit(client, survey, questions):
    response = client.post(page_url(survey, 2), second_page(questions))
    assert response.url == page_url(survey, 1)
    assert Response.objects.count() == 0


@pytest.mark.parametrize(
    "change, message",
    [
        ({"closes_at_days": -1, "opens_at_days": -5}, "takes no more answers"),
        ({"opens_at_days": 2, "closes_at_days": 5}, "not open yet"),
    ],
)
def test_closed_and_not_yet_open_surveys_refuse_answers_with_a_message(client, survey, questions, change, message):
    client.post(page_url(survey, 1), first_page(questions))
    now = timezone.now()
    survey.opens_at = now + datetime.timedelta(days=change["opens_at_days"])
    survey.closes_at = now + datetime.timedelta(days=change["closes_at_days"])
    survey.save()  # as the survey's edit form saves it: the questionnaire the answer pages keep is renewed
    response = client.post(page_url(survey, 2), second_page(questions))
    assert message in response.content.decode()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_a_survey_that_closes_during_the_submit_stores_nothing(survey, questions):
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(services.SurveyNotOpen):
        services.response_submit(survey=survey, answers={questions["How much do you spend?"]: 3})
    assert Response.objects.count() == 0


def test_a_survey_that_closes_between_the_page_check_and_the_storing_says_so_and_stores_nothing(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    after_closing = survey.closes_at + datetime.timedelta(seconds=1)
    with mock.patch.object(services, "timezone", mock.Mock(now=lambda: after_closing)):  # the service's clock only
        response = client.post(page_url(survey, 2), second_page(questions))
    assert "this survey closed while you were answering" in response.content.decode()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_a_draft_survey_does_not_exist_for_the_public(client, survey):
    Survey.objects.filter(pk=survey.pk).update(is_published=False)
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.post(page_url(survey, 1), {"action": "next"}).status_code == 404
    assert Response.objects.count() == 0


def test_a_survey_withdrawn_while_a_resident_answers_is_gone_at_once(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))  # the answer pages keep the survey...
    survey.is_published = False
    survey.save()  # ...until any edit: the content version moves on
    assert client.post(page_url(survey, 2), second_page(questions)).status_code == 404
    assert Response.objects.count() == 0


def test_a_survey_closed_by_a_change_that_moves_no_version_still_stores_nothing(client, survey, questions):
    """SQL typed in a shell (here a queryset update) sends no signal: the answer pages still show
    the survey they keep, but the submit's statement reads the survey's row and writes nothing."""
    client.post(page_url(survey, 1), first_page(questions))
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(page_url(survey, 2), second_page(questions))
    assert "this survey closed while you were answering" in response.content.decode()
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() + datetime.timedelta(days=1), is_published=False)
    client.post(page_url(survey, 1), first_page(questions))
    assert "this survey closed while you were answering" in client.post(page_url(survey, 2), second_page(questions)).content.decode()
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_unknown_survey_addresses_are_not_kept(client, survey):
    client.get(page_url(survey, 1))
    with mock.patch.object(answering.cache, "set") as kept:
        for number in range(20):
            assert client.get(f"/surveys/no-such-survey-{number}/answer/1/").status_code == 404
    kept.assert_not_called()


def test_one_response_per_browser(client, survey, questions):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    client.post(page_url(survey, 1), first_page(questions))
    client.post(page_url(survey, 2), second_page(questions))
    assert "already answered this survey" in client.get(page_url(survey, 1)).content.decode()
    client.cookies[f"survey_answered_{survey.pk}"] = "forged"
    assert "already answered" not in client.get(page_url(survey, 1)).content.decode()


def test_an_invitation_code_moves_into_the_session_and_answers_once(client, survey, questions):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.INVITATION)
    (code,) = services.invitations_generate(survey=survey, count=1)
    assert client.get(page_url(survey, 1)).url == reverse("surveys:invitation", kwargs={"slug": survey.slug})
    entered = client.get(reverse("surveys:invitation", kwargs={"slug": survey.slug}), {"code": services.format_code(code).lower()})
    assert entered.url == page_url(survey, 1)  # the code is no longer in the address
    client.post(page_url(survey, 1), first_page(questions))
    client.post(page_url(survey, 2), second_page(questions))
    assert Response.objects.count() == 1 and Invitation.objects.get().is_used
    again = client.post(reverse("surveys:invitation", kwargs={"slug": survey.slug}), {"code": code})
    assert "already been used" in again.content.decode()
    unknown = client.post(reverse("surveys:invitation", kwargs={"slug": survey.slug}), {"code": "NOPE1-NOPE1"})
    assert "We do not know this code" in unknown.content.decode()


def test_too_many_submissions_from_one_client_get_a_clear_page(client, survey, questions, settings):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 1
    for _attempt in range(2):
        client.post(page_url(survey, 1), first_page(questions))
        response = client.post(page_url(survey, 2), second_page(questions))
    assert response.status_code == 429
    assert "try again in a minute" in response.content.decode()
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # no test transaction around the requests: they run as in production
def test_a_form_page_and_the_final_submit_take_a_fixed_number_of_queries(client, survey, questions, django_assert_num_queries):
    client.get(page_url(survey, 1))  # loads the survey and its questionnaire: kept for the requests that follow
    with django_assert_num_queries(1):  # the content version
        assert "How old are you?" in Client().get(page_url(survey, 1)).content.decode()
    client.post(page_url(survey, 1), first_page(questions))
    with django_assert_num_queries(2):  # the session too
        client.get(page_url(survey, 2))
    # The content version, the session; BEGIN, the survey still open, the response, its answers
    # (one INSERT), COMMIT; the session saved (BEGIN, UPDATE, COMMIT).
    with django_assert_num_queries(10):
        assert client.post(page_url(survey, 2), second_page(questions)).url.endswith("/thanks/")
    assert Answer.objects.filter(response=Response.objects.get()).count() == 7

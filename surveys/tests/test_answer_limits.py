"""What a visitor can make the portal keep or store while answering: bounded session data, one
response per browser under concurrency, and a rate limit that is fair to a shared connection."""
import re
import secrets
import threading
from http.cookies import SimpleCookie

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.db.models import F
from django.test import Client
from django.urls import reverse

from surveys import services
from surveys.models import Answer, BrowserClaim, Question, Response, Survey
from surveys.results import survey_results
from surveys.tests.conftest import choice
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


class KeyRecordingCache(LocMemCache):
    """A process-local cache that remembers every key written to it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.written = set()

    def set(self, key, *args, **kwargs):
        self.written.add(key)
        return super().set(key, *args, **kwargs)

    def add(self, key, *args, **kwargs):
        self.written.add(key)
        return super().add(key, *args, **kwargs)


def submit_the_survey(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    return client.post(page_url(survey, 2), second_page(questions))


def test_a_flood_of_cached_pages_and_figures_does_not_reset_the_submission_limit(client, survey, questions, settings):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 2
    assert [submit_the_survey(client, survey, questions).status_code for _ in range(2)] == [302, 302]
    for alias in ("default", "pages"):
        for number in range(3000):  # far past what each holds
            caches[alias].set(f"flood:{number}", number)
    assert submit_the_survey(client, survey, questions).status_code == 429
    assert Response.objects.count() == 2


def test_results_searched_or_filtered_for_anything_add_no_cache_entries(client, survey, questions, settings):
    recording = {"BACKEND": f"{__name__}.KeyRecordingCache"}
    settings.CACHES = {
        **settings.CACHES, "default": {**recording, "LOCATION": "figures"}, "pages": {**recording, "LOCATION": "pages"}
    }
    settings.PORTAL_MIN_GROUP_SIZE = 1  # one resident answers here: show the public their figures
    Survey.objects.filter(pk=survey.pk).update(results_public=True, publish_free_text=True)
    submit_the_survey(client, survey, questions)
    filtered = "Showing the 1 of 1 residents"  # written answers are never shown filtered to the public
    results = reverse("surveys:results", kwargs={"slug": survey.slug})
    young = choice(questions["How old are you?"], "Under 30").pk
    visitor = Client()
    assert "More benches" in visitor.get(results).content.decode()
    assert filtered in visitor.get(results, {"filter": f"c{young}"}).content.decode()
    kept = {alias: set(caches[alias].written) for alias in ("default", "pages")}
    for _request in range(20):
        searched = visitor.get(results, {"q": secrets.token_hex(8)})
        assert searched.status_code == 200 and "More benches" not in searched.content.decode()
    for _search in range(400):  # what the page asks for each search, without rendering it 400 times
        searched = survey_results(survey, with_texts=True, search=secrets.token_hex(8))
        assert searched.respondents == 1 and not any(result.texts for result in searched.questions)
    for zeros in range(1, 20):  # the same filter, written another way
        assert filtered in visitor.get(results, {"filter": f"c{'0' * zeros}{young}"}).content.decode()
    for made_up in [secrets.token_hex(8) for _ in range(10)] + ["c999999", "n1:99"]:
        assert visitor.get(results, {"filter": made_up}).status_code == 200
    assert visitor.get(f"{results}?filter=c{young}&filter=c{young}").status_code == 200
    assert visitor.get(f"{results}?filter=c{young}&q=&{secrets.token_hex(4)}=").status_code == 200
    assert "More benches" in visitor.get(results, {"q": "benches"}).content.decode()
    assert {alias: caches[alias].written for alias in ("default", "pages")} == kept


def at_once(count, request):
    """request() from `count` threads started together (each on its own database connection, as
    app servers are); their outcomes."""
    start, outcomes = threading.Barrier(count), []

    def run():
        try:
            start.wait(timeout=30)
            outcomes.append(request())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.mark.django_db(transaction=True)  # no test transaction: each request commits, as in production
def test_twenty_final_submits_at_once_from_one_browser_store_one_response(client, survey, questions, settings):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 1000  # the limit is not what is tested here
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    client.post(page_url(survey, 1), first_page(questions))

    def final_submit():
        same_browser = Client()
        same_browser.cookies = SimpleCookie(client.cookies.output(header=""))
        response = same_browser.post(page_url(survey, 2), second_page(questions))
        if response.status_code == 302:
            return "thanked" if response.url.endswith("/thanks/") else response.url
        return "already answered" if "already answered this survey" in response.content.decode() else response.status_code

    outcomes = at_once(20, final_submit)
    assert Response.objects.count() == 1
    assert outcomes.count("thanked") == 1
    # The others were told so, or (reading the session after the first had emptied it) sent back to the start.
    assert set(outcomes) <= {"thanked", "already answered", page_url(survey, 1)}


@pytest.mark.django_db(transaction=True)
def test_a_double_click_on_a_one_page_survey_stores_one_response(client, survey, questions, settings):
    """The first post of a one-page survey is also its last: the browser's claim must already be in
    its session from the form it was shown."""
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 1000
    first, second = survey.sections.order_by("order")
    Question.objects.filter(section=second).update(section=first, order=F("order") + 10)
    second.delete()
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    assert client.get(page_url(survey, 1)).status_code == 200

    def final_submit():
        same_browser = Client()
        same_browser.cookies = SimpleCookie(client.cookies.output(header=""))
        return same_browser.post(page_url(survey, 1), {**first_page(questions), **second_page(questions)}).status_code

    outcomes = at_once(20, final_submit)
    assert Response.objects.count() == 1
    assert outcomes.count(302) >= 1 and set(outcomes) <= {200, 302}
    # A click that reads the session only after the response was stored (a second tab) is told so.
    late = final_submit()
    assert late == 200 and Response.objects.count() == 1


def test_a_browser_claims_a_one_per_browser_survey_once_and_the_claim_tells_nothing_more(survey, questions):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    survey.refresh_from_db()
    answers = {questions["How old are you?"]: choice(questions["How old are you?"], "Under 30"), questions["How satisfied are you?"]: 4}
    services.response_submit(survey=survey, answers=answers, browser_secret="kitchen-tablet")
    with pytest.raises(services.AlreadyAnswered):
        services.response_submit(survey=survey, answers=answers, browser_secret="kitchen-tablet")
    services.response_submit(survey=survey, answers=answers, browser_secret="library-kiosk")
    assert Response.objects.count() == 2 and Answer.objects.count() == 4
    # No time, no serial number, no response: only which survey, and a hash of survey and secret.
    assert {field.name for field in BrowserClaim._meta.get_fields()} == {"key", "survey"}
    assert not any("kitchen-tablet" in claim.key for claim in BrowserClaim.objects.all())


def test_twelve_residents_on_one_kiosk_all_answer_within_a_minute(survey, questions):
    kiosk = [Client(REMOTE_ADDR="198.51.100.20") for _ in range(12)]  # a browser each, one address
    assert [submit_the_survey(browser, survey, questions).status_code for browser in kiosk] == [302] * 12
    assert Response.objects.count() == 12


def test_one_browser_past_its_limit_is_refused_while_its_neighbours_answer(survey, questions, settings):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 3
    eager, neighbour = Client(REMOTE_ADDR="198.51.100.20"), Client(REMOTE_ADDR="198.51.100.20")
    assert [submit_the_survey(eager, survey, questions).status_code for _ in range(4)] == [302, 302, 302, 429]
    assert submit_the_survey(neighbour, survey, questions).status_code == 302
    assert Response.objects.count() == 4


def test_many_browsers_from_one_address_are_refused_past_its_ceiling(survey, questions, settings):
    settings.SURVEY_SUBMISSIONS_PER_ADDRESS_PER_MINUTE = 5
    crowd = [Client(REMOTE_ADDR="198.51.100.20") for _ in range(6)]
    assert [submit_the_survey(browser, survey, questions).status_code for browser in crowd] == [302] * 5 + [429]
    elsewhere = Client(REMOTE_ADDR="203.0.113.5")
    assert submit_the_survey(elsewhere, survey, questions).status_code == 302
    assert Response.objects.count() == 6


def try_again_form(page):
    """(address, data) of the page's "try again" form: what pressing its button posts."""
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page, flags=re.S)
    assert form, "no try-again form"
    button = re.search(r'<button type="submit" name="([^"]+)" value="([^"]+)"[^>]*>\s*Try again', form.group(2))
    return form.group(1), {button.group(1): button.group(2)}


def test_a_refused_resident_keeps_every_answer_and_sends_them_with_try_again(client, survey, questions, settings):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 1
    submit_the_survey(client, survey, questions)
    refused = submit_the_survey(client, survey, questions)
    assert refused.status_code == 429 and "try again in a minute" in refused.content.decode()
    address, data = try_again_form(refused.content.decode())
    assert client.post(address, data).status_code == 429  # still within the minute: refused again, still kept
    caches["ratelimit"].clear()  # the minute has passed
    assert client.post(address, data).url == reverse("surveys:thanks", kwargs={"slug": survey.slug})
    first, second = Response.objects.order_by("pk")
    assert sorted(first.answers.values_list("question_id", "choice_id", "number", "text")) == sorted(
        second.answers.values_list("question_id", "choice_id", "number", "text")
    )
    assert second.answers.count() == 7


def test_after_answering_nothing_in_the_browser_session_leads_to_its_claim(client, survey, questions):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    assert submit_the_survey(client, survey, questions).url.endswith("/thanks/")
    claim = BrowserClaim.objects.get()
    session = Session.objects.get(session_key=client.session.session_key).get_decoded()
    values = [value for value in session.values() if isinstance(value, str)]
    assert values and not any(BrowserClaim.key_for(survey, value) == claim.key for value in values)
    assert "already answered this survey" in client.get(page_url(survey, 1)).content.decode()


@pytest.mark.django_db(transaction=True)  # no test transaction around the requests: they run as in production
def test_a_one_per_browser_final_submit_adds_only_the_claim_to_its_queries(client, survey, questions, django_assert_num_queries):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    client.get(page_url(survey, 1))  # loads the survey and its questionnaire: kept for the requests that follow
    client.post(page_url(survey, 1), first_page(questions))
    # The content version, the session; BEGIN, the survey still open, the claim, the response, its
    # answers, COMMIT; the session saved (BEGIN, UPDATE, COMMIT). The content version does not move:
    # a submission empties no cached page.
    with django_assert_num_queries(11):
        assert client.post(page_url(survey, 2), second_page(questions)).url.endswith("/thanks/")
    assert BrowserClaim.objects.count() == 1 and Answer.objects.count() == 7

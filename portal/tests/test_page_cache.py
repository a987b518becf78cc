"""Public pages served rendered to anonymous visitors: never stale, nothing of one visitor shown to another."""
import datetime
import re
from decimal import Decimal

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from committees.tests.factories import CommitteeFactory
from initiatives.models import Initiative
from initiatives.services import measurements_record
from initiatives.tests.factories import IndicatorFactory, InitiativeFactory
from core.content import content_version
from core.roles import MANAGERS
from portal.tests.conftest import make_survey
from surveys.services import response_submit

pytestmark = pytest.mark.django_db

NONCE_IN_PAGE = re.compile(r'<script[^>]* nonce="([^"]+)"')
CSRF_IN_PAGE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def initiative(db):
    return InitiativeFactory(title="Pop-up shops", is_public=True, lead_committee=CommitteeFactory())


def public_pages(initiative):
    return [
        reverse("portal:home"),
        reverse("initiatives:list"),
        initiative.get_absolute_url(),
        reverse("initiatives:indicator-list"),
        reverse("committees:list"),
        initiative.lead_committee.get_absolute_url(),
        reverse("committees:recommendation-list"),
        reverse("surveys:list"),
    ]


def test_the_second_visit_of_a_public_page_is_served_with_one_query(client, initiative, django_assert_num_queries):
    for url in public_pages(initiative):
        first = client.get(url)
        assert first.status_code == 200 and first["X-Page-Cache"] == "miss", url
        # The content version; an initiative page also asks for the responses of its surveys.
        with django_assert_num_queries(2 if url == initiative.get_absolute_url() else 1):
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert without_per_response_parts(second) == without_per_response_parts(first), url


def without_per_response_parts(response):
    text = NONCE_IN_PAGE.sub("<script nonce=…", response.content.decode())
    return CSRF_IN_PAGE.sub("csrf=…", text)


def test_every_response_gets_its_own_nonce_matching_its_header(client, initiative):
    nonces = []
    for _ in range(3):
        response = client.get(reverse("portal:home"))
        page_nonces = set(NONCE_IN_PAGE.findall(response.content.decode()))
        assert len(page_nonces) == 1
        nonce = page_nonces.pop()
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_the_language_form_of_a_cached_page_carries_a_working_csrf_token(initiative):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(reverse("portal:home"))
    cached = Client(enforce_csrf_checks=True)  # another visitor, served from the cache
    response = cached.get(reverse("portal:home"))
    assert response["X-Page-Cache"] == "hit"
    token = CSRF_IN_PAGE.search(response.content.decode()).group(1)
    changed = cached.post(reverse("set_language"), {"language": "sl", "next": "/", "csrfmiddlewaretoken": token})
    assert changed.status_code == 302
    assert "Domov" in cached.get(reverse("portal:home")).content.decode()  # "Home" in Slovenian


def test_an_edit_shows_on_the_next_visit(client, initiative):
    client.get(initiative.get_absolute_url())
    client.get(reverse("initiatives:list"))
    initiative.title = "Pop-up shops on Main Street"
    initiative.save()
    for url in (initiative.get_absolute_url(), reverse("initiatives:list"), reverse("portal:home")):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss"
        assert "Pop-up shops on Main Street" in response.content.decode()


def test_an_unpublished_initiative_disappears_at_once(client, initiative):
    assert client.get(initiative.get_absolute_url()).status_code == 200
    initiative.is_public = False
    initiative.save()
    assert client.get(initiative.get_absolute_url()).status_code == 404
    assert "Pop-up shops" not in client.get(reverse("initiatives:list")).content.decode()


def test_writes_that_send_no_signals_move_the_version_on(initiative):
    indicator = IndicatorFactory()
    before = content_version()
    measurements_record(indicator=indicator, rows=[(datetime.date(2026, 1, 1), Decimal("12.5"))])
    assert content_version() > before


def test_a_survey_response_does_not_empty_the_page_cache(initiative):
    survey = make_survey(initiative.lead_committee, "Parking habits", opens=-1, closes=5)
    question = survey.questions.get()
    before = content_version()
    response_submit(survey=survey, answers={question: question.choices.first()}, language="en")
    assert content_version() == before


def test_each_language_has_its_own_page(client, initiative):
    client.get(reverse("portal:home"))
    client.cookies["django_language"] = "sl"
    slovenian = client.get(reverse("portal:home"))
    assert slovenian["X-Page-Cache"] == "miss"
    assert 'lang="sl"' in slovenian.content.decode()


def test_filters_are_different_pages_and_searches_are_not_kept(client, initiative):
    InitiativeFactory(title="Night market", is_public=True, status=Initiative.Status.PLANNED)
    client.get(reverse("initiatives:list"))
    filtered = client.get(reverse("initiatives:list"), {"status": "planned", "q": ""})
    assert filtered["X-Page-Cache"] == "miss"
    assert "Pop-up shops" not in filtered.content.decode() and "Night market" in filtered.content.decode()
    assert client.get(reverse("initiatives:list"), {"status": "planned", "q": ""})["X-Page-Cache"] == "hit"
    searched = client.get(reverse("initiatives:list"), {"q": "Night"})
    assert "X-Page-Cache" not in searched  # free text: rendered, never stored
    assert "Pop-up shops" not in searched.content.decode()


def test_made_up_parameters_are_rendered_but_not_kept(client, initiative):
    for number in range(3):
        response = client.get(reverse("portal:home"), {"junk": number})
        assert response.status_code == 200 and "X-Page-Cache" not in response


def test_pages_are_kept_apart_from_the_default_cache(client, initiative):
    """Pages live in the "pages" cache: emptying the default cache (figures, questionnaires) keeps
    them, emptying the pages cache renders them anew."""
    from django.core.cache import cache, caches

    client.get(reverse("portal:home"))
    cache.clear()
    assert client.get(reverse("portal:home"))["X-Page-Cache"] == "hit"
    caches["pages"].clear()
    assert client.get(reverse("portal:home"))["X-Page-Cache"] == "miss"


def test_a_page_with_a_nul_is_not_kept(rf):
    from core.page_cache import _template_of

    page = HttpResponse("<p>\x00csrf\x00</p>")
    assert _template_of(rf.get("/"), page) is None


def test_an_initiative_page_shows_a_new_response_of_a_survey_that_informs_it(client, initiative):
    survey = make_survey(initiative.lead_committee, "Parking habits", opens=-1, closes=5, results_public=True,
                         responses=["Parking"])
    survey.informs.add(initiative)
    question = survey.questions.get()
    question.is_headline = True
    question.save()
    client.get(initiative.get_absolute_url())
    assert client.get(initiative.get_absolute_url())["X-Page-Cache"] == "hit"
    response_submit(survey=survey, answers={question: question.choices.get(text="Events")}, language="en")
    fresh = client.get(initiative.get_absolute_url())
    assert fresh["X-Page-Cache"] == "miss"


def test_signed_in_users_never_get_the_cached_page(client, initiative, make_user):
    client.get(reverse("portal:home"))
    manager = Client()
    manager.force_login(make_user("manager", role=MANAGERS))
    response = manager.get(reverse("portal:home"))
    assert "X-Page-Cache" not in response
    assert reverse("portal:summary") in response.content.decode()  # the staff-only header link
    anonymous = client.get(reverse("portal:home"))
    assert reverse("portal:summary") not in anonymous.content.decode()


def test_a_waiting_message_is_shown_not_swallowed(client, initiative):
    client.get(reverse("portal:home"))  # cached
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(messages.SUCCESS, "Thank you for your answers.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[CookieStorage.cookie_name] = carrier.cookies[CookieStorage.cookie_name].value
    response = client.get(reverse("portal:home"))
    assert "X-Page-Cache" not in response
    assert "Thank you for your answers." in response.content.decode()


def test_only_successful_pages_are_kept(client, initiative):
    missing = reverse("initiatives:detail", args=["no-such-initiative"])
    assert client.get(missing).status_code == 404
    assert client.get(missing).status_code == 404
    assert "X-Page-Cache" not in client.get(missing)


def test_the_page_cache_can_be_turned_off(client, initiative, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(reverse("portal:home"))
    assert "X-Page-Cache" not in client.get(reverse("portal:home"))


def test_a_results_page_is_cached_until_the_next_response(client, initiative, settings, django_assert_num_queries):
    settings.PORTAL_MIN_GROUP_SIZE = 1  # show the public the figures of these few responses
    survey = make_survey(initiative.lead_committee, "Parking habits", opens=-1, closes=5, results_public=True,
                         responses=["Parking", "Events"])
    url = reverse("surveys:results", args=[survey.slug])
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(2):  # the content version, the survey's responses so far
        assert client.get(url)["X-Page-Cache"] == "hit"
    question = survey.questions.get()
    response_submit(survey=survey, answers={question: question.choices.get(text="Parking")}, language="en")
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "3 residents answered." in fresh.content.decode()


def test_servers_of_another_release_never_serve_each_others_pages(client, initiative, settings, monkeypatch):
    """A rolling deploy: old and new servers share the cache, each with its own release."""
    from core import page_cache

    path = initiative.get_absolute_url()
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    monkeypatch.setattr(page_cache, "release", lambda: "next-release")
    assert client.get(path)["X-Page-Cache"] == "miss"  # rendered by the new code, not the old page
    assert client.get(path)["X-Page-Cache"] == "hit"


def test_the_release_is_the_deploys_or_a_digest_of_what_pages_are_made_of(settings, tmp_path):
    from core.release import release

    release.cache_clear()
    try:
        settings.PORTAL_RELEASE = "2026.11.22-a1b2c3"
        assert release() == "2026.11.22-a1b2c3"
        release.cache_clear()
        settings.PORTAL_RELEASE = ""
        (tmp_path / "portal" / "templates").mkdir(parents=True)
        (tmp_path / "node_modules").mkdir()
        (tmp_path / "portal" / "templates" / "page.html").write_text("<p>old</p>")
        (tmp_path / "node_modules" / "library.py").write_text("x = 1")
        settings.BASE_DIR, settings.STATIC_ROOT = tmp_path, tmp_path / "staticfiles"
        first = release()
        release.cache_clear()
        (tmp_path / "node_modules" / "library.py").write_text("x = 2")  # not part of a page
        assert release() == first
        release.cache_clear()
        (tmp_path / "portal" / "templates" / "page.html").write_text("<p>new</p>")
        assert release() != first
    finally:
        release.cache_clear()

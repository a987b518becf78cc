"""Hypothesis drives every form of the portal — public and staff, POST forms with their formsets
and uploads, GET filters and search — with arbitrary text, numbers, dates, unicode and oversized
input. Whatever it sends, no response is a server error."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from portal.tests.security.pages import DONE, PAGES
from portal.tests.security.test_csrf_and_safe_methods import permitted_role

pytestmark = pytest.mark.django_db
FUZZ = hypothesis_settings(
    max_examples=20, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(str)
values = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=250, max_size=2000),  # oversized, any script
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    dates,
    st.sampled_from(["", " ", "0", "-1", "on", "\x00", "2025-02-30", "31.12.2025", "999999999999", "1e309",
                     "NaN", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --"]),
    st.lists(st.text(max_size=10), max_size=3),  # a field sent more than once
)
uploads = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.text(min_size=1, max_size=80).filter(lambda n: "\x00" not in n and n.strip()),
    st.binary(max_size=3000) | st.text(max_size=2000).map(str.encode),
)


def fuzzed(valid):
    """A strategy of POST bodies shaped like a valid one: each field kept, changed, or left out."""
    fields = {}
    for key, value in valid.items():
        if isinstance(value, SimpleUploadedFile):
            fields[key] = st.one_of(uploads, st.just(""))
        else:
            fields[key] = st.one_of(st.just(value), values, st.none())
    extra = st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=40), max_size=3)
    return st.tuples(st.fixed_dictionaries(fields), extra).map(
        lambda pair: {**{k: v for k, v in pair[0].items() if v is not None}, **pair[1]}
    )


def status_rolled_back(send):
    """The status of one request whose changes are undone, so each example starts from the same town."""
    with transaction.atomic():
        status = send().status_code
        transaction.set_rollback(True)
    return status


FORMS = [page for page in PAGES if page.data and {200, DONE} & set(page.post.values()) and page.name != "logout"]


@pytest.mark.parametrize("page", FORMS, ids=[page.id for page in FORMS])
def test_no_form_answers_arbitrary_input_with_a_server_error(role_clients, world, page):
    client, url = role_clients[permitted_role(page)], page.url(world)

    @FUZZ
    @given(body=fuzzed(page.data(world)))
    def post(body):
        assert status_rolled_back(lambda: client.post(url, body)) < 500

    post()


GET_FORMS = [
    ("portal:search", {}, "anonymous", ["q"]),
    ("portal:summary", {}, "mayor", ["period", "committee", "start", "end", "from", "to"]),
    ("portal:summary-csv", {}, "mayor", ["period", "committee", "start", "end"]),
    ("initiatives:list", {}, "anonymous", ["q", "theme", "status", "area", "committee", "sort", "page"]),
    ("initiatives:export", {"kind": "initiatives"}, "anonymous", ["q", "theme", "status", "area", "sort"]),
    ("committees:recommendation-list", {}, "anonymous", ["committee", "addressed_to", "status", "page"]),
    ("surveys:results", {"slug": "published-results"}, "anonymous", ["filter", "q"]),
    ("surveys:invitation", {"slug": "invitation-only"}, "anonymous", ["code"]),
    ("surveys:question-create", {"slug": "open"}, "manager_a", ["section"]),
]


@pytest.mark.parametrize("name, kwargs, role, fields", GET_FORMS, ids=[name for name, *_rest in GET_FORMS])
def test_no_filter_or_search_answers_arbitrary_input_with_a_server_error(role_clients, world, name, kwargs, role, fields):
    client, url = role_clients[role], reverse(name, kwargs=kwargs)

    @FUZZ
    @given(query=st.fixed_dictionaries({}, optional={field: values for field in fields}))
    def get(query):
        assert status_rolled_back(lambda: client.get(url, query)) < 500

    get()


def test_sign_in_takes_any_credentials_without_a_server_error(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 10**6  # the lock is tested elsewhere; here every attempt reaches the form

    @FUZZ
    @given(username=values, password=values)
    def sign_in(username, password):
        response = client.post(reverse("login"), {"username": username, "password": password})
        assert response.status_code in (200, 302, 403, 429)

    sign_in()


def test_a_username_with_a_nul_character_is_refused_like_a_wrong_password(world, client):
    response = client.post(reverse("login"), {"username": "plain\x00", "password": "a-long-test-password"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not response.wsgi_request.user.is_authenticated


def test_a_username_longer_than_axes_stores_is_counted_as_a_failure(world, client):
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "x" * 400, "password": "wrong"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "x" * 255


def test_a_section_that_is_not_a_number_is_not_found(role_clients, world):
    url = reverse("surveys:question-create", kwargs={"slug": world.surveys.open.slug})
    assert role_clients["manager_a"].get(url, {"section": ":"}).status_code == 404
    assert role_clients["manager_a"].get(url, {"section": str(world.surveys.section.pk)}).status_code == 200


def test_a_results_search_with_a_nul_character_finds_as_without_it(clients, world):
    url = reverse("surveys:results", kwargs={"slug": world.surveys.results.slug})
    response = clients["anonymous"].get(url, {"q": "answer\x00-text"})
    assert response.status_code == 200
    assert response.context["search"] == "answer-text"


# Through a real server (gunicorn, production settings), with the CSRF cookie and token a browser has:
# the body in any charset, a Content-Length that lies, a body larger than the portal takes.
CHARSETS = ["latin-1", "iso-8859-2", "windows-1250", "koi8-r", "shift_jis", "utf-16", "utf-16-le", "utf-32",
            "utf-8", "UTF8", "x-no-such-charset", "", "utf-8; charset=latin-1"]
FORM_POSTS = ["/i18n/setlang/", "/accounts/login/"]


def form_head(path, cookie, content_type, length):
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n").encode()


def status_of(status_line):
    """The status code of an answer's status line (0 when the server closed without answering)."""
    parts = status_line.split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def encoded(text, charset):
    try:
        return text.encode(charset.split(";")[0] or "utf-8", errors="replace")
    except LookupError:
        return text.encode("utf-8")


@pytest.mark.parametrize("charset", CHARSETS)
@pytest.mark.parametrize("path", FORM_POSTS)
def test_a_form_in_any_charset_with_a_valid_token_is_never_a_server_error(served_portal, path, charset):
    cookie, token = served_portal.csrf()
    text = f"csrfmiddlewaretoken={token}&language=sl&username=čšž-نام&password=ł"
    multipart = (f'--b\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
                 f'--b\r\nContent-Disposition: form-data; name="language"\r\n\r\nčšž\r\n--b--\r\n')
    for content_type, body in [
        (f"application/x-www-form-urlencoded; charset={charset}", encoded(text, charset)),
        (f"multipart/form-data; boundary=b; charset={charset}", encoded(multipart, charset)),
    ]:
        with served_portal.no_server_error():
            status = status_of(served_portal.raw(form_head(path, cookie, content_type, len(body)), body))
        assert 200 <= status < 500, (content_type, status)


@pytest.mark.parametrize("declared", [0, 10, -1, "a lot", 10_000, 10**12])
@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=b"])
def test_a_content_length_that_lies_is_never_a_server_error(served_portal, declared, content_type):
    """Shorter than the body, longer (the server waits for bytes that never come: the client closes
    its side), not a number, and far above what the portal takes."""
    cookie, token = served_portal.csrf()
    body = (f"csrfmiddlewaretoken={token}&language=sl" if content_type.startswith("application")
            else f'--b\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n--b--\r\n').encode()
    with served_portal.no_server_error():
        status = status_of(served_portal.raw(form_head("/i18n/setlang/", cookie, content_type, declared), body))
    assert 200 <= status < 500


@pytest.mark.parametrize("path", FORM_POSTS + ["/initiatives/", "/surveys/no-such-survey/answer/1/"])
def test_a_body_larger_than_the_portal_takes_is_refused_without_a_server_error(served_portal, path):
    cookie, token = served_portal.csrf()
    opening = f"csrfmiddlewaretoken={token}&language=".encode()
    size = 64 * 1024 * 1024
    with served_portal.no_server_error():
        status, _page, taken = served_portal.streamed(
            form_head(path, cookie, "application/x-www-form-urlencoded", len(opening) + size),
            [opening, *(b"x" * (1024 * 1024) for _ in range(size // (1024 * 1024)))],
        )
    assert 400 <= status_of(status) < 500 and taken < size

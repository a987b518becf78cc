"""Which pages the benchmark measures, and their query counts (needs django.setup())."""
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse


def _first(model_path, **filters):
    from django.apps import apps

    try:
        model = apps.get_model(model_path)
    except LookupError:
        return None
    return model.objects.filter(**filters).first()


def bench_pages():
    """(name, path, needs sign-in) for the baselines and every portal page that exists."""
    pages = [("baseline: constant page", "/bench/constant/", False), ("baseline: one query", "/bench/one-query/", False),
        ("baseline: one query, portal layout", "/bench/one-query-in-layout/", False),
    ]
    candidates = [
        ("home", "portal:home", {}, False),
        ("committee list", "committees:list", {}, False),
        ("initiative list", "initiatives:list", {}, False),
        ("survey list", "surveys:list", {}, False),
        ("summary", "portal:summary", {}, True),
    ]
    initiative = _first("initiatives.Initiative", is_public=True)
    if initiative:
        candidates.append(("initiative detail", None, initiative.get_absolute_url(), False))
    committee = _first("committees.Committee", is_public=True)
    if committee:
        candidates.append(("committee detail", None, committee.get_absolute_url(), False))
    for name, url_name, extra, needs_login in candidates:
        if url_name is None:
            pages.append((name, extra, needs_login))
            continue
        try:
            pages.append((name, reverse(url_name, kwargs=extra or None), needs_login))
        except NoReverseMatch:
            print(f"  (skipped {name}: no URL named {url_name} yet)")
    return pages


def signed_in_cookie(username):
    """A session cookie for a demo user, stored in the database the servers share."""
    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def query_counts(pages):
    client = Client(HTTP_HOST="127.0.0.1")
    signed_in = Client(HTTP_HOST="127.0.0.1")
    client.raise_request_exception = signed_in.raise_request_exception = False
    signed_in.force_login(get_user_model().objects.get(username="mayor"))
    counts = {}
    for name, path, needs_login in pages:
        with CaptureQueriesContext(connection) as queries:
            response = (signed_in if needs_login else client).get(path)
        counts[name] = len(queries) if response.status_code == 200 else f"HTTP {response.status_code}"
    return counts

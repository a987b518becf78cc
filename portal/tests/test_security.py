"""Sign-in, session and error-page security that every page relies on."""
import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from core.roles import MANAGERS

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-test-password"
pytestmark = pytest.mark.django_db


def sign_in(client, username, password=PASSWORD, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client, username, settings, address="192.0.2.10"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, "wrong-password", address)


def test_wrong_passwords_lock_the_username_from_that_address_only(client, make_user, settings):
    make_user("maja", role=MANAGERS)
    fail_until_locked(client, "maja", settings)
    locked = sign_in(client, "maja")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    from_elsewhere = sign_in(Client(), "maja", address="198.51.100.7")
    assert from_elsewhere.status_code == 302


def test_the_lock_expires_after_the_cool_off_time(client, make_user, settings):
    make_user("maja", role=MANAGERS)
    fail_until_locked(client, "maja", settings)
    assert sign_in(client, "maja").status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - settings.AXES_COOLOFF_TIME * 2)
    assert sign_in(client, "maja").status_code == 302


def test_signing_in_gives_a_new_session_key(client, make_user):
    make_user("maja", role=MANAGERS)
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, "maja")
    assert client.session.session_key != before


def test_the_old_session_cookie_is_dead_after_sign_out(client, make_user, settings):
    make_user("maja", role=MANAGERS)
    sign_in(client, "maja")
    stolen_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("logout"))
    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = stolen_cookie
    assert thief.get(reverse("portal:my-work")).status_code == 302


def test_a_deactivated_user_is_signed_out_at_once(client, make_user):
    user = make_user("maja", role=MANAGERS)
    sign_in(client, "maja")
    assert client.get(reverse("portal:my-work")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("portal:my-work")).status_code == 302


def test_sign_in_rejects_a_post_without_csrf_token(make_user):
    make_user("maja", role=MANAGERS)
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, "maja").status_code == 403


def test_a_server_error_shows_the_portal_page_without_a_traceback(client, settings):
    settings.ROOT_URLCONF = "portal.tests.urls_failing"
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong" in content
    assert "Traceback" not in content and "RuntimeError" not in content


def test_security_headers_are_sent(client):
    response = client.get(reverse("portal:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def production_settings(*names):
    """Values of settings as production reads them from the environment alone."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CACHE_URL"))}
    env.update(
        DJANGO_DEBUG="False",
        DJANGO_SECRET_KEY="a-production-secret-key-that-is-long-and-random-0123456789-abcdefghij",
        DJANGO_ALLOWED_HOSTS="centre.example.org",
    )
    code = "from django.conf import settings; print(repr({n: getattr(settings, n) for n in %r}))" % (names,)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])  # noqa: S307 - our own repr of plain values


def test_production_cookies_are_host_prefixed_secure_http_only_and_same_site():
    values = production_settings(
        "SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE",
        "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "DEBUG",
    )
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["DEBUG"] is False

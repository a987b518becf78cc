"""Behind a reverse proxy, lockout and rate limits count each visitor, not the proxy."""
import logging

import pytest
from django.core.checks import run_checks
from django.test import Client, RequestFactory
from django.urls import reverse

from core.client_ip import client_ip, warn_of_missing_forwarded_for
from core.roles import MANAGERS
from surveys.ratelimit import submission_allowed

PROXY = "10.0.0.1"


def request_from(forwarded=None, remote=PROXY):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_the_connection_address_counts_and_the_header_is_ignored(settings):
    settings.PORTAL_TRUSTED_PROXIES = 0
    assert client_ip(request_from("203.0.113.9", remote="198.51.100.7")) == "198.51.100.7"


def test_behind_one_proxy_the_address_it_appended_counts(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    assert client_ip(request_from("198.51.100.7")) == "198.51.100.7"


def test_a_client_cannot_choose_its_address_by_writing_the_header_itself(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    assert client_ip(request_from("203.0.113.9, 198.51.100.7")) == "198.51.100.7"


def test_a_request_that_bypassed_the_proxies_counts_by_its_connection(settings):
    settings.PORTAL_TRUSTED_PROXIES = 2
    assert client_ip(request_from("198.51.100.7", remote="192.0.2.5")) == "192.0.2.5"


def test_survey_submission_ceilings_are_kept_per_visitor_address_behind_the_proxy(settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    settings.SURVEY_SUBMISSIONS_PER_ADDRESS_PER_MINUTE = 2
    first, second = request_from("198.51.100.7"), request_from("198.51.100.8")
    assert [submission_allowed(first, browser=f"browser-{n}") for n in range(3)] == [True, True, False]
    assert submission_allowed(second, browser="browser-9")


@pytest.mark.django_db
def test_wrong_passwords_behind_the_proxy_lock_only_that_visitor(settings, make_user):
    settings.PORTAL_TRUSTED_PROXIES = 1
    make_user("mayor", role=MANAGERS)
    attacker, mayor = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attacker.post(reverse("login"), {"username": "mayor", "password": "wrong"},
                      REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    locked = attacker.post(reverse("login"), {"username": "mayor", "password": "a-long-test-password"},
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert locked.status_code == 429
    signed_in = mayor.post(reverse("login"), {"username": "mayor", "password": "a-long-test-password"},
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert signed_in.status_code == 302


@pytest.fixture
def fresh_process():
    """As in a process that has not warned yet."""
    warn_of_missing_forwarded_for.cache_clear()
    yield
    warn_of_missing_forwarded_for.cache_clear()


def proxy_warnings(caplog):
    return [record for record in caplog.records
            if record.name == "core.client_ip" and record.levelno == logging.WARNING]


@pytest.mark.django_db
def test_sign_ins_that_did_not_come_through_the_trusted_proxy_are_logged_once_per_process(
    settings, make_user, caplog, fresh_process
):
    settings.PORTAL_TRUSTED_PROXIES = 1
    make_user("mayor", role=MANAGERS)
    for _ in range(3):
        Client().post(reverse("login"), {"username": "mayor", "password": "wrong"}, REMOTE_ADDR=PROXY)
    (warning,) = proxy_warnings(caplog)
    message = warning.getMessage()
    assert "PORTAL_TRUSTED_PROXIES is 1" in message and "X-Forwarded-For" in message
    assert "shares one sign-in lockout and one survey rate limit" in message


def test_no_warning_when_the_proxy_sent_the_header_or_no_proxy_is_trusted(settings, caplog, fresh_process):
    settings.PORTAL_TRUSTED_PROXIES = 1
    assert client_ip(request_from("198.51.100.7")) == "198.51.100.7"
    settings.PORTAL_TRUSTED_PROXIES = 0
    assert client_ip(request_from(None)) == PROXY
    assert proxy_warnings(caplog) == []


def test_the_system_check_refuses_a_negative_number_of_proxies(settings):
    def proxy_errors():
        return [message for message in run_checks() if message.id == "portal.E001"]

    settings.PORTAL_TRUSTED_PROXIES = -1
    (error,) = proxy_errors()
    assert "PORTAL_TRUSTED_PROXIES is -1" in error.msg
    settings.PORTAL_TRUSTED_PROXIES = 2
    assert proxy_errors() == []

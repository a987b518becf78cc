"""Personal data with an end: `manage.py delete_expired_data`, run daily, deletes the sign-in log's
entries older than PORTAL_SIGN_IN_LOG_DAYS (the invitation codes it also deletes are tested in
surveys/tests/test_retention.py)."""
import datetime

import pytest
from axes.models import AccessLog
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def signed_in(username, password="a-long-test-password"):
    """Sign in through the real sign-in page, in a browser of its own; the log entry it made."""
    response = Client().post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302
    return AccessLog.objects.filter(username=username).latest("attempt_time")


def test_a_sign_in_is_logged_and_deleted_once_older_than_the_setting(make_user, settings):
    settings.PORTAL_SIGN_IN_LOG_DAYS = 30
    make_user("old-visit"), make_user("new-visit")
    old, new = signed_in("old-visit"), signed_in("new-visit")
    AccessLog.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=31))
    AccessLog.objects.filter(pk=new.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=29))

    call_command("delete_expired_data", verbosity=0)

    assert list(AccessLog.objects.values_list("username", flat=True)) == ["new-visit"]


def test_the_days_kept_are_a_setting_and_the_privacy_page_states_them(client, make_user, settings):
    settings.PORTAL_SIGN_IN_LOG_DAYS = 7
    settings.PORTAL_INVITATION_RETENTION_DAYS = 45
    make_user("week-old")
    entry = signed_in("week-old")
    AccessLog.objects.filter(pk=entry.pk).update(attempt_time=timezone.now() - datetime.timedelta(days=8))

    call_command("delete_expired_data", verbosity=0)

    assert not AccessLog.objects.exists()
    page = client.get(reverse("portal:privacy")).content.decode()
    assert "kept for 7 days" in page
    assert "45 days after the survey closes" in page


def test_expired_sessions_go_and_live_ones_stay(client):
    """Every visit to a one-per-browser survey's page starts a session (its claim): the daily run
    deletes those whose time is up, with the answers they kept, and no other."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    stale, live = SessionStore(), SessionStore()
    for store in (stale, live):
        store["surveys:answers:1"] = {"q1": "yes"}
        store.create()
    Session.objects.filter(session_key=stale.session_key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    call_command("delete_expired_data", verbosity=0)

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]

"""The portal's session store (core/sessions.py): Django's table and format, one statement per
read and per update. Signing in and out with it is tested in portal/tests/test_security.py."""
import datetime

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.sessions import SessionStore

pytestmark = pytest.mark.django_db(transaction=True)  # autocommit, as requests run: no savepoints in the counts


def test_sessions_written_by_either_store_are_read_by_the_other():
    """Sessions made before the portal used its own store stay valid, and the other way round."""
    django_made = DjangoSessionStore()
    django_made["surveys:answers:1"] = {"q1": "4"}
    django_made.save()
    assert SessionStore(django_made.session_key)["surveys:answers:1"] == {"q1": "4"}
    ours = SessionStore()
    ours["language"] = "sl"
    ours.save()  # a new session: Django's own insert
    ours["language"] = "pl"
    ours.save()  # an update: the portal's statement
    assert DjangoSessionStore(ours.session_key)["language"] == "pl"


def test_a_read_and_an_update_are_one_statement_each():
    store = SessionStore()
    store["answers"] = {"q1": "2"}
    store.create()
    store.save()
    returning = SessionStore(store.session_key)
    with CaptureQueriesContext(connection) as sent:
        assert returning["answers"] == {"q1": "2"}
        returning["answers"] = {"q1": "3", "q2": ["7", "8"]}
        returning.save()
    statements = [query["sql"].split()[0] for query in sent.captured_queries]
    assert statements == ["SELECT", "UPDATE"]  # no BEGIN ... COMMIT around the update
    assert SessionStore(store.session_key)["answers"] == {"q1": "3", "q2": ["7", "8"]}
    assert Session.objects.get(session_key=store.session_key).expire_date > timezone.now() + datetime.timedelta(days=1)


def test_an_expired_or_unknown_session_reads_as_empty_and_gets_a_new_key():
    store = SessionStore()
    store["answers"] = {"q1": "2"}
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert dict(expired.items()) == {}
    expired["answers"] = {"q1": "5"}
    expired.save()
    assert expired.session_key != store.session_key  # never revived under the old key
    assert dict(SessionStore("no-such-session-key-at-all").items()) == {}


def test_an_update_of_a_session_deleted_meanwhile_is_refused_as_django_refuses_it():
    """Signed out in another tab while this request ran: UpdateError, which Django's session
    middleware turns into SessionInterrupted (a 400 asking to sign in again)."""
    store = SessionStore()
    store["answers"] = {"q1": "2"}
    store.save()
    store.load()
    Session.objects.filter(session_key=store.session_key).delete()
    store["answers"] = {"q1": "3"}
    with pytest.raises(UpdateError):
        store.save()
    assert not Session.objects.exists()  # not written back

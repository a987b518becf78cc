"""The content version under concurrent editors: it never makes one editor wait for another."""
import threading

import pytest
from django.db import connection, transaction

from committees.tests.factories import CommitteeFactory
from core.content import content_changed, content_version

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_change_moves_the_version_on_at_once_and_again_at_commit():
    before = content_version()
    with transaction.atomic():
        CommitteeFactory(name="Market Square Committee")
        during = content_version()
        assert during > before  # the transaction's own reads see its change under a new number
    assert content_version() > during  # and a reader who cached the old data under `during` is past


def test_a_rolled_back_change_leaves_nothing_to_do():
    before = content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        CommitteeFactory(name="Market Square Committee")
        raise RuntimeError
    after_rollback = content_version()
    with transaction.atomic():
        CommitteeFactory(name="Riverside Committee")
    assert content_version() > after_rollback >= before


def test_one_editors_open_transaction_does_not_hold_up_another_editor():
    """A locked version row made editors wait for each other, and two services that lock their
    rows in another order (initiative row then child, child then initiative) deadlocked."""
    results = {}
    holding = threading.Event()
    release = threading.Event()

    def first_editor():
        try:
            with transaction.atomic():
                content_changed()
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    def second_editor():
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                content_changed()
            results["second"] = "saved"
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            results["second"] = repr(error)
        finally:
            connection.close()

    first = threading.Thread(target=first_editor)
    first.start()
    assert holding.wait(10)
    second = threading.Thread(target=second_editor)
    second.start()
    second.join(15)
    release.set()
    first.join(15)
    assert results["second"] == "saved"

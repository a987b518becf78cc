"""The demo town counts its dates from the day it was first loaded, so `make run` on a later day
(which loads the demo again) changes nothing."""
import datetime
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from surveys.models import Survey

pytestmark = pytest.mark.django_db


def every_row():
    """Every stored row of every model (historical records included), by model."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def load_demo(on=None):
    """Run the demo command, with the clock at `on` if given."""
    if on is None:
        call_command("demo_data", verbosity=0)
        return
    with mock.patch.object(timezone, "now", return_value=on):
        call_command("demo_data", verbosity=0)


@pytest.fixture
def demo_loaded(settings):
    settings.DEBUG = True
    load_demo()
    return every_row()


@pytest.mark.parametrize("days_later", [1, 45, 400])
def test_loading_the_demo_again_on_a_later_day_changes_no_row(demo_loaded, days_later):
    load_demo(on=timezone.now() + datetime.timedelta(days=days_later))
    after = every_row()
    assert {label: len(rows) for label, rows in after.items()} == {
        label: len(rows) for label, rows in demo_loaded.items()
    }
    assert "initiatives.HistoricalInitiative" in after and "initiatives.Measurement" in after
    changed = [label for label, rows in after.items() if rows != demo_loaded[label]]
    assert changed == []


def test_demo_dates_count_from_the_first_load(demo_loaded):
    first_load = get_user_model().objects.get(username="admin").date_joined
    load_demo(on=first_load + datetime.timedelta(days=30))
    current = Survey.objects.get(slug="vision-of-the-centre")
    assert (current.opens_at, current.closes_at) == (
        first_load - datetime.timedelta(days=14), first_load + datetime.timedelta(days=21)
    )


def test_the_national_committee_has_a_manager_of_its_own_who_keeps_its_initiatives(demo_loaded, client):
    from initiatives.models import Initiative
    from initiatives.rules import can_edit_initiative

    national_manager = get_user_model().objects.get(username="national-manager")
    training = Initiative.objects.get(slug="town-centre-managers-training")
    assert training.responsible_manager == national_manager and can_edit_initiative(national_manager, training)
    marketing_manager = get_user_model().objects.get(username="manager")
    assert not can_edit_initiative(marketing_manager, training)
    client.force_login(national_manager)
    assert client.get(reverse("initiatives:update", args=[training.slug])).status_code == 200

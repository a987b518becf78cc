"""Budgets, targets and measurements typed as each language writes numbers (issue 13)."""
from decimal import Decimal

import pytest
from django.urls import reverse

from initiatives.models import FundingLine, Measurement, Target
from initiatives.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def post_budget(client, initiative, language, planned, spent="0"):
    return client.post(reverse("initiatives:funding", args=[initiative.slug]), {
        "funding-TOTAL_FORMS": "1", "funding-INITIAL_FORMS": "0", "version": initiative.version,
        "funding-0-source": "eu", "funding-0-planned": planned, "funding-0-spent": spent, "funding-0-note": "",
    }, HTTP_ACCEPT_LANGUAGE=language)


def test_a_budget_typed_with_slovenian_separators_is_stored_exactly(manager_client, world):
    post_budget(manager_client, world.public, "sl", "1.000,50", spent="312,25")
    line = FundingLine.objects.get(initiative=world.public)
    assert (line.planned, line.spent) == (Decimal("1000.50"), Decimal("312.25"))


def test_a_budget_typed_with_polish_spaces_is_stored_exactly(manager_client, world):
    post_budget(manager_client, world.public, "pl", "1\u00a0250\u00a0000,50")
    assert FundingLine.objects.get(initiative=world.public).planned == Decimal("1250000.50")


def test_an_ambiguous_budget_shows_its_readings_keeps_what_was_typed_and_saves_nothing(manager_client, world):
    page = post_budget(manager_client, world.public, "sl", "1.500").content.decode()
    assert 'value="1.500"' in page
    assert "1,5" in page and "1500" in page
    assert not FundingLine.objects.exists()


def test_cents_beyond_the_second_decimal_place_are_refused_not_rounded(manager_client, world):
    page = post_budget(manager_client, world.public, "sl", "10,555").content.decode()
    assert 'value="10,555"' in page
    assert not FundingLine.objects.exists()


def test_a_stored_budget_is_shown_in_the_edit_form_as_the_language_writes_it(manager_client, world):
    post_budget(manager_client, world.public, "en", "1000.50")
    page = manager_client.get(reverse("initiatives:funding", args=[world.public.slug]), HTTP_ACCEPT_LANGUAGE="sl").content.decode()
    assert 'value="1000,5"' in page and 'type="number"' not in page


def test_a_measurement_typed_in_persian_digits_is_stored_exactly(manager_client, world):
    manager_client.post(world.indicator.get_absolute_url(), {
        "measured_on": "2025-03-01", "period": "month", "value": "۳٬۱۲۰٫۵", "source": "counter",
    }, HTTP_ACCEPT_LANGUAGE="fa")
    assert Measurement.objects.get().value == Decimal("3120.5")


def test_a_target_typed_with_a_decimal_comma_is_stored_exactly(manager_client, world):
    indicator = IndicatorFactory(name="Vacancy rate")
    manager_client.post(reverse("initiatives:targets", args=[world.public.slug]), {
        "targets-TOTAL_FORMS": "1", "targets-INITIAL_FORMS": "0", "version": world.public.version,
        "targets-0-indicator": indicator.pk, "targets-0-baseline": "12,5", "targets-0-baseline_on": "2025-01-01",
        "targets-0-target_value": "8,25", "targets-0-target_on": "2027-01-01",
    }, HTTP_ACCEPT_LANGUAGE="sl")
    target = Target.objects.get(initiative=world.public)
    assert (target.baseline, target.target_value) == (Decimal("12.5"), Decimal("8.25"))


def test_progress_set_by_hand_above_100_is_refused_with_the_limit_in_persian_digits(manager_client, world):
    page = manager_client.get(reverse("initiatives:update", args=[world.public.slug]), HTTP_ACCEPT_LANGUAGE="fa")
    assert 'inputmode="numeric"' in page.content.decode()
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields if not isinstance(form[name].value(), list)}
    data.update({"partners": [p.pk for p in world.public.partners.all()], "progress_override": "۱۲۰"})
    response = manager_client.post(reverse("initiatives:update", args=[world.public.slug]), data, HTTP_ACCEPT_LANGUAGE="fa")
    assert "۱۰۰" in response.context["form"].errors["progress_override"][0]

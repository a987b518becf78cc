"""The staff pages of the businesses, as each role uses them."""
import datetime

import pytest
from django.urls import reverse

from core.tests.edits import version_of
from premises import services
from premises.models import Business, Occupancy
from premises.tests.factories import UnitFactory

D = datetime.date


@pytest.fixture
def shop(town):
    """A business of the keeping committee trading in the town's unit since last year."""
    by = town.users.superuser
    business = services.business_create(by=by, committee=town.keeping, name="Kavárna Lipa", category="cafe_restaurant")
    town.business = business
    town.occupancy = services.occupancy_start(business=business, unit=town.unit, since=D(2024, 3, 1), by=by)
    town.next_unit = UnitFactory(committee=town.keeping, street="Main Street", number="6")
    return town


def _signed_in(client, user):
    client.force_login(user)
    return client


def _urls(shop):
    business, occupancy = shop.business.pk, shop.occupancy.pk
    return {
        "read": [reverse("businesses:manage"), shop.business.get_absolute_url()],
        "keep": [reverse("businesses:update", args=[business]), reverse("businesses:occupancy-create", args=[business]),
                 reverse("businesses:occupancy-end", args=[business, occupancy]),
                 reverse("businesses:occupancy-update", args=[business, occupancy])],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role, reads, keeps", [
    ("manager", 200, 200), ("secretary", 200, 200), ("superuser", 200, 200),
    ("other_manager", 200, 403), ("mayor", 200, 403), ("plain", 403, 403),
])
def test_staff_readers_read_the_businesses_and_only_the_keepers_of_its_committee_change_one(client, shop, role, reads, keeps):
    _signed_in(client, getattr(shop.users, role))
    urls = _urls(shop)
    assert [client.get(url).status_code for url in urls["read"]] == [reads] * 2
    assert [client.get(url).status_code for url in urls["keep"]] == [keeps] * 4


@pytest.mark.django_db
def test_the_public_is_sent_to_sign_in_from_every_staff_page(client, shop):
    urls = _urls(shop)
    for url in [*urls["read"], *urls["keep"], reverse("businesses:create")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


@pytest.mark.django_db
def test_a_keeper_adds_a_business_and_records_where_it_trades(client, shop):
    _signed_in(client, shop.users.secretary)
    response = client.post(reverse("businesses:create"), {
        "committee": shop.keeping.pk, "name": "Čevljar Novak", "category": "personal_services", "website": "https://novak.example"})
    business = Business.objects.get(name="Čevljar Novak")
    assert response["Location"] == business.get_absolute_url() and business.history.get().history_user == shop.users.secretary
    response = client.post(reverse("businesses:occupancy-create", args=[business.pk]),
                           {"unit": shop.next_unit.pk, "since": "2026-01-05", "until": ""})
    assert response.status_code == 302
    assert list(business.occupancies.values_list("unit_id", "since", "until")) == [(shop.next_unit.pk, D(2026, 1, 5), None)]
    page = client.get(shop.next_unit.get_absolute_url()).content.decode()
    assert f'<a href="{business.get_absolute_url()}" dir="auto">Čevljar Novak</a>' in page  # the unit names its occupiers


@pytest.mark.django_db
def test_a_website_that_is_not_a_web_address_is_refused_with_what_was_typed_kept(client, shop):
    _signed_in(client, shop.users.manager)
    response = client.post(reverse("businesses:create"), {
        "committee": shop.keeping.pk, "name": "Ftp Shop", "category": "other", "website": "ftp://files.example"})
    assert response.status_code == 200 and "starts with https:// or http://" in response.content.decode()
    assert response.context["form"]["name"].value() == "Ftp Shop" and not Business.objects.filter(name="Ftp Shop").exists()


@pytest.mark.django_db
def test_a_unit_that_is_taken_on_those_days_is_refused_with_a_clear_message(client, shop):
    _signed_in(client, shop.users.manager)
    other = services.business_create(by=shop.users.manager, committee=shop.keeping, name="Pekarna", category="food_shop")
    response = client.post(reverse("businesses:occupancy-create", args=[other.pk]),
                           {"unit": shop.unit.pk, "since": "2025-06-01", "until": "2025-05-01"})
    assert "An occupancy cannot end before it starts." in response.content.decode()
    response = client.post(reverse("businesses:occupancy-create", args=[other.pk]), {"unit": shop.unit.pk, "since": "2025-06-01"})
    page = response.content.decode()
    assert response.status_code == 200 and "Kavárna Lipa occupies this unit since" in page
    assert response.context["form"]["since"].value() == "2025-06-01" and not other.occupancies.exists()


@pytest.mark.django_db
def test_a_unit_of_another_register_is_not_offered(client, shop):
    _signed_in(client, shop.users.manager)
    response = client.post(reverse("businesses:occupancy-create", args=[shop.business.pk]),
                           {"unit": shop.other_unit.pk, "since": "2026-01-05"})
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert shop.business.occupancies.count() == 1


@pytest.mark.django_db
def test_a_keeper_moves_a_business_by_ending_one_occupancy_and_starting_the_next(client, shop):
    _signed_in(client, shop.users.manager)
    end_url = reverse("businesses:occupancy-end", args=[shop.business.pk, shop.occupancy.pk])
    response = client.post(end_url, {"until": "", **version_of(shop.occupancy)})
    assert response.status_code == 200 and response.context["form"].errors["until"]  # a last day is needed
    assert client.post(end_url, {"until": "2026-02-28", **version_of(shop.occupancy)}).status_code == 302
    client.post(reverse("businesses:occupancy-create", args=[shop.business.pk]), {"unit": shop.next_unit.pk, "since": "2026-03-01"})
    assert list(shop.business.occupancies.order_by("since").values_list("unit_id", "since", "until")) == [
        (shop.unit.pk, D(2024, 3, 1), D(2026, 2, 28)), (shop.next_unit.pk, D(2026, 3, 1), None)]


@pytest.mark.django_db
def test_a_correction_saved_by_someone_else_meanwhile_shows_the_form_again_with_what_was_typed(client, shop):
    _signed_in(client, shop.users.manager)
    opened = version_of(shop.occupancy)
    services.occupancy_update(occupancy=shop.occupancy, by=shop.users.secretary, expected_version=shop.occupancy.version,
                              since=D(2024, 2, 1))
    response = client.post(reverse("businesses:occupancy-update", args=[shop.business.pk, shop.occupancy.pk]),
                           {"unit": shop.unit.pk, "since": "2024-04-01", "until": "", **opened})
    assert response.status_code == 200 and response.context["conflict"]["fields"]
    assert response.context["form"]["since"].value() == "2024-04-01"
    assert Occupancy.objects.get(pk=shop.occupancy.pk).since == D(2024, 2, 1)


@pytest.mark.django_db
def test_a_business_edited_by_someone_else_meanwhile_is_not_overwritten(client, shop):
    _signed_in(client, shop.users.manager)
    opened = version_of(shop.business)
    services.business_update(business=shop.business, by=shop.users.secretary, expected_version=1, name="Kavárna Lipa II")
    response = client.post(reverse("businesses:update", args=[shop.business.pk]),
                           {"committee": shop.keeping.pk, "name": "Lipa", "category": "bar", "website": "", **opened})
    assert response.status_code == 200 and "conflict" in response.context
    assert Business.objects.get(pk=shop.business.pk).name == "Kavárna Lipa II"


@pytest.mark.django_db
def test_an_occupancy_is_reached_only_under_its_own_business(client, shop):
    _signed_in(client, shop.users.manager)
    other = services.business_create(by=shop.users.manager, committee=shop.keeping, name="Pekarna", category="food_shop")
    assert client.get(reverse("businesses:occupancy-update", args=[other.pk, shop.occupancy.pk])).status_code == 404


@pytest.mark.django_db
def test_the_staff_list_and_a_business_page_ask_few_queries(client, shop, django_assert_max_num_queries):
    by = shop.users.superuser
    for number in range(100):
        unit = UnitFactory(committee=shop.keeping, street="Mill Lane", number=str(number + 10))
        business = services.business_create(by=by, committee=shop.keeping, name=f"Shop {number}", category="fashion")
        services.occupancy_start(business=business, unit=unit, since=D(2023, 1, 1), until=D(2023, 12, 31), by=by)
        services.occupancy_start(business=business, unit=unit, since=D(2024, 1, 1), by=by) if number % 2 else None
        services.occupancy_start(business=shop.business, unit=unit, since=D(2022, 1, 1), until=D(2022, 12, 31), by=by)
    _signed_in(client, shop.users.mayor)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("businesses:manage"))
    assert len(response.context["businesses"]) == 101 and "Mill Lane 11" in response.content.decode()
    with django_assert_max_num_queries(10):
        response = client.get(shop.business.get_absolute_url())
    assert response.content.decode().count("Mill Lane") == 100 and "Edit the business" not in response.content.decode()
    response = client.get(reverse("businesses:manage"), {"q": "kavarna"})
    assert [business.name for business in response.context["businesses"]] == ["Kavárna Lipa"]

"""The staff register's pages, as each role uses them."""
import datetime

import pytest
from django.urls import reverse

from premises import services
from premises.models import Unit, UnitStatus

D = datetime.date


def _client(client, user):
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role, expected", [
    ("manager", 200), ("secretary", 200), ("other_manager", 200), ("mayor", 200), ("superuser", 200), ("plain", 403),
])
def test_every_staff_reader_reads_the_register_and_a_unit(client, town, role, expected):
    _client(client, getattr(town.users, role))
    assert client.get(reverse("premises:register")).status_code == expected
    assert client.get(town.unit.get_absolute_url()).status_code == expected


@pytest.mark.django_db
def test_the_public_is_sent_to_sign_in(client, town):
    for url in (reverse("premises:register"), town.unit.get_absolute_url(), reverse("premises:unit-create")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role, expected", [
    ("manager", 200), ("secretary", 200), ("superuser", 200), ("other_manager", 403), ("mayor", 403), ("plain", 403),
])
def test_only_the_keepers_of_the_units_committee_edit_it(client, town, role, expected):
    _client(client, getattr(town.users, role))
    for name in ("premises:unit-update", "premises:status-create"):
        assert client.get(reverse(name, args=[town.unit.pk])).status_code == expected
    status = town.unit.statuses.first()
    assert client.get(reverse("premises:status-update", args=[town.unit.pk, status.pk])).status_code == expected


@pytest.mark.django_db
def test_the_register_lists_units_by_street_with_todays_status_and_the_vacancy(client, town, django_assert_max_num_queries):
    for number in range(10, 40):
        unit = services.unit_create(by=town.users.superuser, committee=town.keeping, street="Mill Lane", number=str(number),
                                    status="occupied", status_since=D(2023, 1, 1))
        services.status_record(unit=unit, status="under_offer", since=D(2024, 1, 1), by=town.users.superuser)
    _client(client, town.users.mayor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("premises:register"))
    page = response.content.decode()
    assert page.index("Main Street 4") < page.index("Mill Lane 10") < page.index("Mill Lane 11") < page.index("River Road 1")
    assert "vacant and marketed" in page and "under offer" in page
    vacancy = response.context["vacancy"]
    assert (vacancy.units, vacancy.empty, vacancy.available) == (32, 31, 1)
    assert "Add a unit" not in page  # a mayor reads


@pytest.mark.django_db
def test_the_register_filters_by_status_use_floor_and_street(client, town):
    _client(client, town.users.manager)
    url = reverse("premises:register")
    assert [unit.pk for unit in client.get(url, {"status": "vacant_marketed"}).context["units"]] == [town.unit.pk]
    assert [unit.pk for unit in client.get(url, {"use_class": "services"}).context["units"]] == [town.other_unit.pk]
    assert list(client.get(url, {"floor": "upper"}).context["units"]) == []
    assert [unit.pk for unit in client.get(url, {"street": "River Road"}).context["units"]] == [town.other_unit.pk]
    response = client.get(url, {"status": "demolished"})
    assert response.context["filter_form"].errors and len(response.context["units"]) == 2


@pytest.mark.django_db
def test_a_unit_page_shows_its_status_history_and_asks_few_queries(client, town, django_assert_max_num_queries):
    for day in range(1, 20):
        services.status_record(unit=town.unit, status="under_offer" if day % 2 else "vacant_no_board",
                               since=D(2020, 1, day), by=town.users.superuser)
    _client(client, town.users.secretary)
    with django_assert_max_num_queries(12):
        response = client.get(town.unit.get_absolute_url())
    page = response.content.decode()
    assert page.count("Correct the status of") == 21
    assert "Record a new status" in page


@pytest.mark.django_db
def test_a_manager_adds_a_unit_with_its_status_typed_as_her_language_writes_numbers(client, town):
    _client(client, town.users.manager)
    client.post(reverse("set_language"), {"language": "sl"})
    response = client.post(reverse("premises:unit-create"), {
        "committee": town.keeping.pk, "street": "Trg svobode", "number": "3", "unit_name": "", "floor": "ground",
        "floor_area": "1.250,5", "use_class": "comparison_retail", "longitude": "15,1124", "latitude": "46,3592",
        "publish_address": "on", "notes": "", "status": "vacant_no_board", "status_since": "2024-05-02",
    })
    unit = Unit.objects.get(street="Trg svobode")
    assert response.status_code == 302 and response["Location"] == unit.get_absolute_url()
    assert (str(unit.floor_area), str(unit.longitude), str(unit.latitude)) == ("1250.5", "15.1124000", "46.3592000")
    assert list(unit.statuses.values_list("status", "since")) == [("vacant_no_board", D(2024, 5, 2))]


@pytest.mark.django_db
def test_a_refused_unit_keeps_what_was_typed_and_stores_nothing(client, town):
    _client(client, town.users.secretary)
    response = client.post(reverse("premises:unit-create"), {
        "committee": town.keeping.pk, "street": "Main Street", "number": "4", "floor": "ground",
        "floor_area": "twelve", "use_class": "offices", "notes": "Corner shop", "status": "occupied",
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"floor_area", "status_since", "__all__"}  # and the address is taken on that floor
    page = response.content.decode()
    assert 'value="twelve"' in page and "Corner shop" in page
    assert Unit.objects.count() == 2


@pytest.mark.django_db
def test_a_keeper_of_one_committee_cannot_add_a_unit_to_another(client, town):
    _client(client, town.users.manager)
    response = client.post(reverse("premises:unit-create"), {
        "committee": town.other.pk, "street": "River Road", "number": "2", "floor": "ground", "use_class": "offices",
    })
    assert response.status_code == 200 and "committee" in response.context["form"].errors
    assert not Unit.objects.filter(number="2").exists()


@pytest.mark.django_db
def test_a_status_is_recorded_and_a_second_one_on_the_same_day_is_refused_with_the_form_kept(client, town):
    _client(client, town.users.secretary)
    url = reverse("premises:status-create", args=[town.unit.pk])
    response = client.post(url, {"status": "under_offer", "since": "2024-06-03", "note": "Agent says a café"})
    assert response.status_code == 302
    response = client.post(url, {"status": "occupied", "since": "2024-06-03", "note": "Typed again"})
    assert response.status_code == 200 and "correct that one instead" in response.content.decode()
    assert "Typed again" in response.content.decode()
    assert list(town.unit.statuses.filter(since=D(2024, 6, 3)).values_list("status", flat=True)) == ["under_offer"]


@pytest.mark.django_db
def test_a_corrected_status_keeps_its_history_and_a_stale_form_is_told(client, town):
    _client(client, town.users.manager)
    status = town.unit.statuses.get(status="vacant_marketed")
    url = reverse("premises:status-update", args=[town.unit.pk, status.pk])
    response = client.post(url, {"status": "vacant_no_board", "since": status.since.isoformat(), "note": "", "version": 1})
    assert response.status_code == 302
    assert UnitStatus.objects.get(pk=status.pk).status == "vacant_no_board"
    assert list(status.history.order_by("history_date").values_list("status", flat=True)) == ["vacant_marketed", "vacant_no_board"]
    response = client.post(url, {"status": "occupied", "since": status.since.isoformat(), "note": "", "version": 1})
    assert response.status_code == 200 and response.context["conflict"]
    assert UnitStatus.objects.get(pk=status.pk).status == "vacant_no_board"
    assert "(corrected)" in client.get(town.unit.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_unit_is_edited(client, town):
    _client(client, town.users.manager)
    response = client.post(reverse("premises:unit-update", args=[town.unit.pk]), {
        "committee": town.keeping.pk, "street": "Main Street", "number": "4", "unit_name": "A", "floor": "ground",
        "floor_area": "90", "use_class": "food_and_drink", "notes": "New shopfront", "version": 1,
    })
    assert response.status_code == 302
    unit = Unit.objects.get(pk=town.unit.pk)
    assert (unit.unit_name, unit.floor_area, unit.publish_address, unit.version) == ("A", 90, False, 2)
    assert unit.history.first().history_user == town.users.manager

"""Initiatives and the premises register: the units an initiative works on (named through its service,
kept in its history), their statuses since it began on its page, the initiatives on a unit's page,
and an initiative's place on the plan (typed, or taken from a unit)."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.edits import EditConflict
from initiatives import services
from initiatives.history import initiative_changes
from initiatives.models import Initiative
from premises import services as premises_services
from premises.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def shops(world):
    """Three units of the lead committee's register and one of another committee's: the first empty
    when the public initiative began and let since, the second occupied throughout, the third's owner
    not agreeing to publish its address."""
    by, began = world.users["superuser"], world.public.start_on
    def unit(number, committee=world.committee, **fields):
        return premises_services.unit_create(by=by, committee=committee, street="Market Street", number=number,
                                             status="vacant_marketed", status_since=began - datetime.timedelta(days=200), **fields)
    first = unit("1", longitude=Decimal("15.1101"), latitude=Decimal("46.3591"))
    premises_services.status_record(unit=first, status="under_offer", since=began + datetime.timedelta(days=20), by=by)
    premises_services.status_record(unit=first, status="occupied", since=began + datetime.timedelta(days=50), by=by)
    second = unit("2")
    premises_services.status_record(unit=second, status="occupied", since=began - datetime.timedelta(days=10), by=by)
    hidden = unit("3", publish_address=False)
    elsewhere = unit("9", committee=world.other_committee)
    return [first, second, hidden, elsewhere]


def named(world, units, **place):
    initiative = Initiative.objects.get(pk=world.public.pk)
    return services.initiative_place(initiative=initiative, by=world.users["lead_manager"],
                                     expected_version=initiative.version, units=units, **place)


def test_the_place_page_has_its_address():
    assert reverse("initiatives:place", args=["pop-up-shops"]) == "/initiatives/pop-up-shops/place/"


def test_naming_units_keeps_them_and_the_history_says_who_named_which(world, shops):
    saved = named(world, shops[:2], longitude=Decimal("15.11"), latitude=Decimal("46.36"))
    assert set(saved.units.all()) == set(shops[:2])
    assert (saved.longitude, saved.latitude) == (Decimal("15.11"), Decimal("46.36"))
    named(world, shops[1:2])
    entries = initiative_changes(saved)
    assert any(entry["units_removed"] == ["Market Street 1"] for entry in entries)
    assert any(sorted(entry["units_added"]) == ["Market Street 1", "Market Street 2"] for entry in entries)
    assert Unit.objects.get(pk=shops[1].pk).initiatives.get() == world.public


def test_naming_units_from_a_stale_page_is_refused_and_changes_nothing(world, shops):
    initiative = Initiative.objects.get(pk=world.public.pk)
    named(world, shops[:1])
    with pytest.raises(EditConflict):
        services.initiative_place(initiative=initiative, by=world.users["lead_manager"],
                                  expected_version=initiative.version, units=shops[1:2])
    assert list(Initiative.objects.get(pk=initiative.pk).units.all()) == shops[:1]


def test_a_place_with_only_a_longitude_is_refused(world, shops):
    with pytest.raises(ValidationError):
        named(world, [], longitude=Decimal("15.11"))
    assert Initiative.objects.get(pk=world.public.pk).longitude is None


def test_the_initiative_page_shows_each_units_status_when_it_began_and_every_change_since(client, world, shops):
    named(world, shops[:3])
    page = client.get(world.public.get_absolute_url()).content.decode()
    first_row = page.split(f'id="unit-{shops[0].pk}"')[1].split("</tr>")[0]
    assert "vacant and marketed" in first_row and "under offer" in first_row and "occupied" in first_row
    second_row = page.split(f'id="unit-{shops[1].pk}"')[1].split("</tr>")[0]
    assert "no change" in second_row and "vacant" not in second_row  # occupied before it began
    # A resident sees neither the unpublished address nor a link into the staff register.
    assert "Market Street 3" not in page and "It also works on 1 unit whose owner" in page
    assert reverse("premises:unit-detail", args=[shops[0].pk]) not in page
    assert f'href="#unit-{shops[0].pk}" aria-label="Market Street 1, ground floor: occupied"' in page


def test_staff_see_every_unit_with_a_link_to_the_register(client, world, shops):
    named(world, shops[:3])
    client.force_login(world.users["mayor"])
    page = client.get(world.public.get_absolute_url()).content.decode()
    assert "Market Street 3" in page and "It also works on" not in page
    assert reverse("premises:unit-detail", args=[shops[2].pk]) in page


def test_the_initiative_page_reads_its_units_in_a_bounded_number_of_queries(client, world, shops, django_assert_max_num_queries):
    by = world.users["superuser"]
    many = [premises_services.unit_create(by=by, committee=world.committee, street="Long Row", number=str(number),
                                          status="vacant_marketed", status_since=world.public.start_on,
                                          longitude=Decimal("15.11") + Decimal(number) / 10000, latitude=Decimal("46.36"))
            for number in range(1, 31)]
    for unit in many:
        premises_services.status_record(unit=unit, status="occupied", since=world.public.start_on + datetime.timedelta(days=5), by=by)
    named(world, many, longitude=Decimal("15.112"), latitude=Decimal("46.361"))
    client.get(world.public.get_absolute_url())  # warm what is read once per process (themes' names)
    with django_assert_max_num_queries(16):
        page = client.get(world.public.get_absolute_url())
    assert page.content.decode().count('class="plan-extra plan-extra-initiative"') == 1
    assert page.content.decode().count("Long Row") >= 30


def test_the_unit_page_in_the_register_lists_the_initiatives_working_on_it(client, world, shops):
    named(world, shops[:1])
    client.force_login(world.users["mayor"])
    page = client.get(reverse("premises:unit-detail", args=[shops[0].pk])).content.decode()
    section = page.split('id="initiatives-heading"')[1].split("</section>")[0]
    assert f'href="{world.public.get_absolute_url()}"' in section and "Pop-up shops" in section
    other = client.get(reverse("premises:unit-detail", args=[shops[1].pk])).content.decode()
    assert "No initiative names this unit." in other


def test_a_manager_names_units_of_her_register_and_places_the_initiative_at_one_of_them(client, world, shops):
    client.force_login(world.users["lead_manager"])
    url = reverse("initiatives:place", args=[world.public.slug])
    page = client.get(url).content.decode()
    assert "Market Street 9" not in page  # another committee's register
    assert "<legend class=\"h6\">Market Street</legend>" in page
    response = client.post(url, {"version": world.public.version, "units": [shops[0].pk, shops[1].pk],
                                 "longitude": "", "latitude": "", "at_unit": shops[0].pk})
    assert response.status_code == 302 and response["Location"] == world.public.get_absolute_url()
    saved = Initiative.objects.get(pk=world.public.pk)
    assert set(saved.units.all()) == set(shops[:2])
    assert (saved.longitude, saved.latitude) == (shops[0].longitude, shops[0].latitude)


def test_coordinates_typed_with_a_decimal_comma_or_persian_digits_are_read(client, world, shops):
    client.force_login(world.users["lead_manager"])
    url = reverse("initiatives:place", args=[world.public.slug])
    response = client.post(url, {"version": world.public.version, "longitude": "15,1107", "latitude": "46,3592"},
                           HTTP_ACCEPT_LANGUAGE="sl")
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Initiative.objects.get(pk=world.public.pk)
    assert (saved.longitude, saved.latitude) == (Decimal("15.1107"), Decimal("46.3592"))
    client.post(url, {"version": saved.version, "longitude": "۱۵٫۱۱", "latitude": "۴۶٫۳۶"}, HTTP_ACCEPT_LANGUAGE="fa")
    saved = Initiative.objects.get(pk=world.public.pk)
    assert (saved.longitude, saved.latitude) == (Decimal("15.11"), Decimal("46.36"))


def test_a_unit_chosen_and_different_coordinates_typed_are_refused_with_what_was_typed_kept(client, world, shops):
    client.force_login(world.users["lead_manager"])
    response = client.post(reverse("initiatives:place", args=[world.public.slug]), {
        "version": world.public.version, "units": [shops[1].pk], "longitude": "15.2", "latitude": "46.4", "at_unit": shops[0].pk,
    })
    page = response.content.decode()
    assert response.status_code == 200 and "not both" in page
    assert 'value="15.2"' in page and f'value="{shops[1].pk}" class="form-check-input" aria-describedby="units-help" id="id_units_1" checked' in page
    saved = Initiative.objects.get(pk=world.public.pk)
    assert saved.longitude is None and not saved.units.exists()


def test_units_named_from_another_register_stay_when_a_keeper_saves(client, world, shops):
    named(world, [shops[3]])  # named by someone who keeps the other register
    client.force_login(world.users["lead_manager"])
    stored = Initiative.objects.get(pk=world.public.pk)
    response = client.post(reverse("initiatives:place", args=[world.public.slug]),
                           {"version": stored.version, "units": [shops[3].pk, shops[0].pk], "longitude": "", "latitude": ""})
    assert response.status_code == 302
    assert set(Initiative.objects.get(pk=world.public.pk).units.all()) == {shops[0], shops[3]}

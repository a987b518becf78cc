"""The public premises pages (/premises/ and /premises/available/) and the units' photos, as residents,
entrepreneurs and the register's keepers use them."""
import datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from committees.models import Committee
from committees.tests.factories import CommitteeFactory
from premises import services
from premises.models import Unit

D = datetime.date
FIGURES, AVAILABLE = reverse("premises:public"), reverse("premises:available")


def _photo(name="front.png", image_format="PNG"):
    output = BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(output, format=image_format)
    return SimpleUploadedFile(name, output.getvalue(), content_type="image/png")


def _unit(town, number, status, *, street="Main Street", since_days=60, committee=None, **fields):
    return services.unit_create(
        by=town.users.superuser, committee=committee or town.keeping, street=street, number=number,
        status=status, status_since=town.today - datetime.timedelta(days=since_days), **fields,
    )


@pytest.fixture
def to_let(town):
    """Units of every kind beside the town's: to let (one with its address kept private), under offer,
    occupied, and a unit of a committee that is not public."""
    town.keeping.enquiry_email, town.keeping.enquiry_phone = "premises@town.example", "+386 3 896 16 00"
    town.keeping.save()
    secret = CommitteeFactory(name="Closed Committee", slug="closed", is_public=False)
    return {
        "bakery": _unit(town, "7", "vacant_no_board", use_class="convenience_retail", floor_area=Decimal("42.5"),
                        asking_rent=Decimal("900"), longitude=Decimal("15.1"), latitude=Decimal("46.3")),
        "private": _unit(town, "PRIVNUM-731", "vacant_marketed", street="Quiet Lane", unit_name="PRIVUNIT-88",
                         notes="PRIVNOTE-55 the owner is Mrs Example", publish_address=False, floor_area=Decimal("120"),
                         use_class="offices", longitude=Decimal("15.2"), latitude=Decimal("46.4"),
                         photo_description="PRIVPHOTO-12"),
        "offer": _unit(town, "11", "under_offer", use_class="services"),
        "occupied": _unit(town, "13", "occupied", notes="PUBNOTE-90 landlord phone 555"),
        "closed": _unit(town, "99", "vacant_marketed", street="Secret Row", committee=secret),
    }


@pytest.fixture
def uncached(settings):
    """Pages rendered on every request, for the tests that read what a view gave its template."""
    settings.PAGE_CACHE_SECONDS = 0


def _text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_figures_page_shows_vacancy_by_street_over_time_the_mix_and_the_plan(client, town, to_let, uncached):
    text = _text(client.get(FIGURES))
    # Ground-floor units in commercial use of public committees: town.unit (vacant), bakery, private, offer,
    # occupied and River Road 1 (occupied): 4 of 6 empty, 3 available. The closed committee's unit is not counted.
    figures = client.get(FIGURES).context["vacancy"]
    assert (figures.units, figures.empty, figures.available) == (6, 4, 3)
    assert "Secret Row" not in text
    assert "Quiet Lane" in text and "River Road" in text  # by street
    assert "Vacancy month by month" in text and "Mix of uses" in text
    assert 'aria-label="Main Street 7, ground floor: vacant, no agent board"' in text  # on the plan, linked
    assert f'href="{AVAILABLE}#unit-{to_let["bakery"].pk}"' in text
    assert "1 unit is counted in the figures but not shown on the plan" in text


@pytest.mark.django_db
def test_the_plan_note_counts_only_the_unpublished_units_the_figures_count(client, town, to_let, uncached):
    _unit(town, "PRIV-2", "vacant_marketed", street="Quiet Lane", floor="upper", publish_address=False)
    _unit(town, "PRIV-3", "not_in_use", street="Quiet Lane", publish_address=False)
    assert client.get(FIGURES).context["unpublished_count"] == 1  # the upper floor and the unit not in use count in no figure


@pytest.mark.django_db
def test_the_mix_now_on_the_figures_page_is_the_share_of_each_use(client, town, to_let, uncached):
    # Today: food and drink (town.unit), services (offer, River Road 1), convenience retail (bakery), offices
    # (private), other (occupied): 6 units.
    shares = {str(label): shares[-1] for label, shares in client.get(FIGURES).context["mix_rows"]}
    assert shares["services"] == Decimal("33.3")
    assert shares["food and drink"] == Decimal("16.7")
    assert shares["leisure and culture"] == Decimal("0.0")


@pytest.mark.django_db
def test_the_available_page_lists_units_to_let_with_the_committees_contact(client, town, to_let, uncached):
    text = _text(client.get(AVAILABLE))
    assert [unit.pk for unit in client.get(AVAILABLE).context["units"]] == [
        town.unit.pk, to_let["bakery"].pk, to_let["private"].pk]
    assert "Main Street 7" in text and "42.5 m²" in text and "900.00 EUR per month" in text
    assert "mailto:premises@town.example" in text and 'href="tel:+38638961600"' in text
    assert "Main Street 11" not in text and "Main Street 13" not in text and "Secret Row" not in text


@pytest.mark.django_db
def test_a_committee_without_an_enquiry_contact_is_reached_through_its_page(client, town, to_let):
    town.keeping.enquiry_email = town.keeping.enquiry_phone = ""
    town.keeping.save()
    assert town.keeping.get_absolute_url() in _text(client.get(AVAILABLE))


@pytest.mark.django_db
def test_unpublished_addresses_notes_and_private_details_appear_on_no_public_page(client, town, to_let, make_user):
    to_let["private"].photo = "premises/units/private.png"
    Unit.objects.filter(pk=to_let["private"].pk).update(photo="premises/units/private.png")
    pages = [FIGURES, AVAILABLE, AVAILABLE + "?street=Quiet+Lane", reverse("portal:home")]
    for user in (None, town.users.manager):
        if user:
            client.force_login(user)
        for url in pages:
            text = _text(client.get(url))
            for marker in ("PRIVNUM-731", "PRIVUNIT-88", "PRIVNOTE-55", "PUBNOTE-90", "PRIVPHOTO-12", "Mrs Example"):
                assert marker not in text, (url, marker)
    assert "A unit on Quiet Lane" in _text(client.get(AVAILABLE))


@pytest.mark.django_db
def test_the_filters_narrow_the_list_without_javascript_and_read_a_decimal_comma(client, town, to_let, uncached):
    def shown(**query):
        return [unit.pk for unit in client.get(AVAILABLE, query).context["units"]]

    assert shown(use_class="offices") == [to_let["private"].pk]
    assert shown(street="Main Street") == [town.unit.pk, to_let["bakery"].pk]
    assert shown(min_area="85") == [town.unit.pk, to_let["private"].pk]
    client.post(reverse("set_language"), {"language": "sl"})
    assert shown(min_area="42,6") == [town.unit.pk, to_let["private"].pk]


@pytest.mark.django_db
def test_a_minimum_area_that_is_not_a_number_is_explained_kept_and_not_cached(client, town, to_let):
    response = client.get(AVAILABLE, {"min_area": "lots"})
    text = _text(response)
    assert 'value="lots"' in text and "Please type a number" in text
    assert len(response.context["units"]) == 3  # nothing narrowed by a value the form refuses
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_status_recorded_in_the_register_shows_on_the_public_pages_at_once(client, town, to_let):
    assert "Main Street 7" in _text(client.get(AVAILABLE))
    assert client.get(AVAILABLE)["X-Page-Cache"] == "hit"
    before = client.get(FIGURES).context["vacancy"].empty
    services.status_record(unit=to_let["bakery"], status="occupied", since=town.today, by=town.users.manager)
    assert "Main Street 7" not in _text(client.get(AVAILABLE))
    assert client.get(FIGURES).context["vacancy"].empty == before - 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "manager", "secretary", "other_manager", "mayor", "plain", "superuser"])
def test_everyone_reads_the_public_pages(client, town, role):
    if role:
        client.force_login(getattr(town.users, role))
    for url in (FIGURES, AVAILABLE):
        assert client.get(url).status_code == 200
    assert f'href="{FIGURES}"' in _text(client.get(reverse("portal:home")))


@pytest.mark.django_db
def test_the_public_pages_take_a_bounded_number_of_queries_however_many_units(client, town, uncached, django_assert_max_num_queries):
    for number in range(60):
        _unit(town, str(100 + number), "vacant_marketed" if number % 2 else "occupied", street=f"Street {number % 6}",
              longitude=Decimal("15.1") + Decimal(number) / 1000, latitude=Decimal("46.3"), since_days=400 + number)
    with django_assert_max_num_queries(16):
        client.get(FIGURES)
    with django_assert_max_num_queries(10):
        assert len(client.get(AVAILABLE).context["units"]) == 31


# ---- Photos ---------------------------------------------------------------------------------------

def _edit(client, town, unit, **extra):
    unit.refresh_from_db()
    data = {
        "committee": town.keeping.pk, "street": unit.street, "number": unit.number, "unit_name": unit.unit_name,
        "floor": unit.floor, "use_class": unit.use_class, "floor_area": "", "asking_rent": "", "longitude": "",
        "latitude": "", "publish_address": "on", "notes": "", "photo_description": unit.photo_description,
        "version": unit.version, **extra,
    }
    return client.post(reverse("premises:unit-update", args=[unit.pk]), data)


@pytest.mark.django_db
def test_a_keeper_adds_a_photo_which_the_public_sees_while_the_unit_is_to_let(client, town, to_let):
    client.force_login(town.users.manager)
    assert _edit(client, town, town.unit, photo=_photo(), photo_description="Shop front with two windows").status_code == 302
    unit = Unit.objects.get(pk=town.unit.pk)
    assert unit.photo.name.startswith("premises/units/") and unit.photo_description == "Shop front with two windows"
    client.logout()
    text = _text(client.get(AVAILABLE))
    url = reverse("premises:unit-photo", args=[unit.pk])
    assert f'src="{url}" alt="Shop front with two windows"' in text
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "max-age" in response["Cache-Control"] and "sandbox" in response["Content-Security-Policy"]
    services.status_record(unit=unit, status="occupied", since=town.today, by=town.users.manager)
    assert client.get(url).status_code == 404  # no longer on a public page
    client.force_login(town.users.mayor)
    assert client.get(url).status_code == 200  # staff readers still see it in the register


@pytest.mark.django_db
def test_the_photo_of_a_unit_whose_address_is_private_is_never_served_to_the_public(client, town, to_let):
    client.force_login(town.users.manager)
    response = _edit(client, town, to_let["private"], photo=_photo(), photo_description="A front", publish_address="")
    assert response.status_code == 302
    client.logout()
    assert client.get(reverse("premises:unit-photo", args=[to_let["private"].pk])).status_code == 404
    assert "<img" not in _text(client.get(AVAILABLE))


@pytest.mark.django_db
def test_a_photo_needs_a_description_and_must_be_an_image(client, town, to_let):
    client.force_login(town.users.manager)
    response = _edit(client, town, town.unit, photo=_photo(), photo_description="")
    assert response.status_code == 200 and "Describe the photo for people who cannot see it." in response.content.decode()
    fake = SimpleUploadedFile("front.png", b"not an image at all", content_type="image/png")
    response = _edit(client, town, town.unit, photo=fake, photo_description="Front")
    assert response.status_code == 200 and response.context["form"].errors["photo"]
    assert not Unit.objects.get(pk=town.unit.pk).photo


@pytest.mark.django_db
def test_a_photo_is_removed_with_its_description_and_its_file(client, town, to_let, settings, django_capture_on_commit_callbacks):
    client.force_login(town.users.manager)
    _edit(client, town, town.unit, photo=_photo(), photo_description="Front")
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / Unit.objects.get(pk=town.unit.pk).photo.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert _edit(client, town, town.unit, **{"photo-clear": "on"}).status_code == 302
    unit = Unit.objects.get(pk=town.unit.pk)
    assert (unit.photo.name, unit.photo_description) == ("", "")
    assert not stored.exists()


@pytest.mark.django_db
def test_a_committee_is_created_with_its_public_enquiry_contact_which_the_list_of_units_to_let_shows(client, town):
    client.force_login(town.users.superuser)
    response = client.post(reverse("committees:create"), {
        "name": "Market Square Committee", "slug": "", "mandate": "", "is_public": "on",
        "enquiry_email": "market@town.example", "enquiry_phone": "03 555 01 20",
    })
    assert response.status_code == 302
    committee = Committee.objects.get(slug="market-square-committee")
    assert (committee.enquiry_email, committee.enquiry_phone) == ("market@town.example", "03 555 01 20")
    _unit(town, "3", "vacant_marketed", street="Market Square", committee=committee)
    client.logout()
    assert "mailto:market@town.example" in _text(client.get(AVAILABLE))


@pytest.mark.django_db
def test_the_plan_tells_the_units_uses_when_asked_with_the_key_and_table_to_match(client, town, to_let, uncached):
    by_status = client.get(FIGURES).content.decode()
    assert "Show their use instead" in by_status
    text = client.get(FIGURES, {"plan": "use"}).content.decode()
    unit = to_let["bakery"]
    name = f"{unit.street} {unit.number}, ground floor: {unit.get_use_class_display()}"
    assert f'aria-label="{name}"' in text  # the marker names the use, not the status
    assert 'id="plan-use-' in text and "Show their status instead" in text
    table = text.split('class="table table-sm small plan-table"', 1)[1].split("</table>", 1)[0]
    assert "Use class" in table and unit.get_use_class_display() in table and "vacant" not in table


@pytest.mark.django_db
def test_the_plan_by_use_is_cached_apart_from_the_plan_by_status(client, town, to_let):
    client.get(FIGURES)
    served = client.get(FIGURES, {"plan": "use"})
    assert 'id="plan-use-' in served.content.decode()
    assert client.get(FIGURES, {"plan": "use"})["X-Page-Cache"] == "hit"
    assert 'id="plan-use-' not in client.get(FIGURES).content.decode()

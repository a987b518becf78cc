"""The base plan as staff use it: uploaded by the keepers of a committee's register, drawn on the
register's list with the units placed on it, and on the unit form to place a unit by a click."""
import json
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from premises import services
from premises.models import BasePlan
from premises.tests.test_plan import D96_TM, VELENJE_TITOV_TRG, metres_apart, transverse_mercator

URL = "/premises/register/plan/"


def geojson_file(document, name="plan.geojson"):
    return SimpleUploadedFile(name, json.dumps(document).encode(), content_type="application/geo+json")


def velenje_plan():
    east, north = transverse_mercator(*VELENJE_TITOV_TRG, **D96_TM)
    return {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3794"}},
            "features": [{"type": "Feature", "properties": {"name": "Titov trg"},
                          "geometry": {"type": "LineString", "coordinates": [[east, north], [east + 120, north + 40]]}}]}


@pytest.mark.django_db
def test_the_url_is_the_base_plan_page():
    assert reverse("premises:base-plan") == URL


@pytest.mark.django_db
def test_a_keeper_uploads_a_plan_in_the_slovenian_grid_and_the_register_draws_it(client, town):
    client.force_login(town.users.secretary)
    response = client.post(URL, {"committee": town.keeping.pk, "credit": "Mestna občina Velenje, GIS", "grid": "",
                                 "file": geojson_file(velenje_plan())})
    assert response.status_code == 302 and response["Location"] == reverse("premises:register")
    stored = BasePlan.objects.get(committee=town.keeping)
    assert stored.credit == "Mestna občina Velenje, GIS" and stored.uploaded_by == town.users.secretary
    (first, _second), = json.loads(stored.geojson)["features"][0]["geometry"]["coordinates"]
    assert metres_apart(first, VELENJE_TITOV_TRG) < 1

    services.unit_update(unit=town.unit, by=town.users.superuser, expected_version=town.unit.version,
                         longitude=Decimal("15.1125"), latitude=Decimal("46.3593"))
    client.force_login(town.users.mayor)
    page = client.get(reverse("premises:register")).content.decode()
    assert "Mestna občina Velenje, GIS" in page and "Titov trg" in page
    assert f'<a href="{town.unit.get_absolute_url()}" aria-label="Main Street 4, ground floor: vacant and marketed">' in page
    assert "1 unit is not on the plan" in page  # the other committee's unit has no place yet
    assert URL not in page  # a mayor reads; only keepers are offered the upload


@pytest.mark.django_db
@pytest.mark.parametrize("content, expected", [
    (b"{not json", "not GeoJSON"),
    (json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}}]}).encode(),
     "no streets (lines) or areas (polygons)"),
])
def test_a_bad_file_is_refused_with_why_and_keeps_what_was_typed(client, town, content, expected):
    client.force_login(town.users.manager)
    response = client.post(URL, {"committee": town.keeping.pk, "credit": "Our own survey, 2026", "grid": "",
                                 "file": SimpleUploadedFile("plan.geojson", content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert expected in page and 'value="Our own survey, 2026"' in page
    assert not BasePlan.objects.exists()


@pytest.mark.django_db
def test_a_file_of_another_kind_and_another_committees_register_are_refused(client, town):
    client.force_login(town.users.other_manager)
    response = client.post(URL, {"committee": town.keeping.pk, "credit": "x", "file": geojson_file(velenje_plan())})
    assert response.status_code == 200 and response.context["form"].errors["committee"]
    response = client.post(URL, {"committee": town.other.pk, "credit": "x", "file": geojson_file(velenje_plan(), "plan.kml")})
    assert response.context["form"].errors["file"] and not BasePlan.objects.exists()


@pytest.mark.django_db
def test_a_new_upload_replaces_the_plan_and_its_history_keeps_the_old_one(client, town):
    client.force_login(town.users.manager)
    for credit in ("First survey", "Second survey"):
        client.post(URL, {"committee": town.keeping.pk, "credit": credit, "file": geojson_file(velenje_plan())})
    stored = BasePlan.objects.get(committee=town.keeping)
    assert stored.credit == "Second survey"
    assert [row.credit for row in stored.history.order_by("history_date")] == ["First survey", "Second survey"]


@pytest.mark.django_db
def test_the_register_with_a_plan_and_many_placed_units_asks_few_queries(client, town, django_assert_max_num_queries):
    client.force_login(town.users.manager)
    client.post(URL, {"committee": town.keeping.pk, "credit": "GIS", "file": geojson_file(velenje_plan())})
    for number in range(10, 70):
        services.unit_create(by=town.users.superuser, committee=town.keeping, street="Mill Lane", number=str(number),
                             longitude=Decimal("15.1120") + Decimal(number) / 100000, latitude=Decimal("46.3590"),
                             status="occupied", status_since=town.today)
    with django_assert_max_num_queries(13):
        page = client.get(reverse("premises:register")).content.decode()
    assert page.count('aria-label="Mill Lane') == 60


@pytest.mark.django_db
def test_the_unit_form_offers_the_plan_to_place_the_unit_and_typed_coordinates_are_kept(client, town):
    client.force_login(town.users.manager)
    edit = reverse("premises:unit-update", args=[town.unit.pk])
    assert "data-place" not in client.get(edit).content.decode()  # no plan yet: the coordinates are typed
    client.post(URL, {"committee": town.keeping.pk, "credit": "GIS", "file": geojson_file(velenje_plan())})
    page = client.get(edit).content.decode()
    assert "js/premises-plan.js" in page and 'id="id_longitude"' in page
    assert re.search(r'data-place data-west="15\.\d+" data-north="46\.\d+" data-scale-x="\d+\.\d+"', page)
    assert "data-place" in client.get(reverse("premises:unit-create")).content.decode()

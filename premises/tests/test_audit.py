"""The street audit: a keeper walks a street and sets each unit's status as found on the audit's date,
each unit saved at once (with the page's script, or as a plain form without it)."""
import datetime
import json
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from premises import changes, services
from premises.audit import audit_status_set
from premises.models import StreetAudit, UnitStatus

pytestmark = pytest.mark.django_db
SCRIPTED = {"HTTP_X_REQUESTED_WITH": "fetch"}


def street_page(town, street="Main Street", on=None, committee=None):
    query = {"committee": (committee or town.keeping).pk, "street": street, "on": (on or town.today).isoformat()}
    return reverse("premises:audit-street") + "?" + urlencode(query)


def answer(town, unit, status, on=None):
    return {"committee": unit.committee_id, "street": unit.street, "on": (on or town.today).isoformat(), "unit": unit.pk, "status": status}


def test_the_street_shows_its_units_in_number_order_with_todays_status_pressed(client, town):
    by = town.users.manager
    for number, unit_name in (("10", ""), ("9", "B"), ("9", "A"), ("12a", "")):
        services.unit_create(by=by, committee=town.keeping, street="Main Street", number=number, unit_name=unit_name,
                             floor="ground", use_class="services")
    client.force_login(by)
    html = client.get(street_page(town)).content.decode()
    order = [html.index(f'<span dir="auto">Main Street {label}</span>') for label in ("4", "9, A", "9, B", "10", "12a")]
    assert order == sorted(order)
    assert 'value="vacant_marketed" class="btn btn-sm btn-primary" aria-pressed="true"' in html  # unit 4 today
    assert html.count('aria-pressed="true"') == 1


def test_without_script_a_status_is_saved_and_the_page_comes_back_to_the_same_unit(client, town):
    client.force_login(town.users.secretary)
    response = client.post(reverse("premises:audit-street"), answer(town, town.unit, "under_offer"))
    assert response.status_code == 302
    assert response["Location"] == street_page(town) + f"#unit-{town.unit.pk}"
    row = town.unit.statuses.latest_first().first()
    assert (row.status, row.since, row.recorded_by, row.audit.walked_by) == ("under_offer", town.today, town.users.secretary, town.users.secretary)
    page = client.get(response["Location"]).content.decode()
    assert "Saved: Main Street 4 – under offer." in page
    assert 'value="under_offer" class="btn btn-sm btn-primary" aria-pressed="true"' in page


def test_with_script_the_answer_is_json_saying_saved(client, town):
    client.force_login(town.users.manager)
    response = client.post(reverse("premises:audit-street"), answer(town, town.unit, "occupied"), **SCRIPTED)
    assert response.status_code == 200
    body = json.loads(response.content)
    assert (body["message"], body["status"], body["written"]) == ("Saved: Main Street 4 – occupied.", "occupied", True)
    assert town.unit.statuses.latest_first().first().status == "occupied"


def test_the_same_status_as_before_writes_nothing_but_the_street_counts_as_audited(client, town):
    client.force_login(town.users.manager)
    before = list(UnitStatus.history.values_list("pk", flat=True))
    response = client.post(reverse("premises:audit-street"), answer(town, town.unit, "vacant_marketed"), **SCRIPTED)
    assert json.loads(response.content)["written"] is False
    assert list(UnitStatus.history.values_list("pk", flat=True)) == before
    assert StreetAudit.objects.get().on == town.today


def test_a_second_choice_on_the_same_day_corrects_that_days_status(town):
    by = town.users.manager
    first, _ = audit_status_set(unit=town.unit, status="occupied", on=town.today, by=by)
    second, written = audit_status_set(unit=town.unit, status="refurbishment", on=town.today, by=by)
    assert written and second.pk == first.pk
    assert list(town.unit.statuses.filter(since=town.today).values_list("status", flat=True)) == ["refurbishment"]
    assert list(first.history.order_by("history_id").values_list("status", flat=True)) == ["occupied", "refurbishment"]


def test_an_audit_of_an_earlier_day_is_recorded_on_that_day(client, town):
    earlier = town.today - datetime.timedelta(days=3)
    client.force_login(town.users.manager)
    client.post(reverse("premises:audit-street"), answer(town, town.unit, "under_offer", on=earlier))
    assert town.unit.statuses.get(since=earlier).status == "under_offer"
    page = client.get(street_page(town, on=earlier)).content.decode()
    assert f">{date_format(earlier)}</time>:" in page.split("Status on ", 1)[1] and "Status now" not in page  # the day audited


def test_an_audit_date_in_the_future_is_refused_with_a_clear_message(client, town):
    tomorrow = town.today + datetime.timedelta(days=1)
    client.force_login(town.users.manager)
    page = client.get(street_page(town, on=tomorrow)).content.decode()
    assert "its date cannot be in the future" in page
    response = client.post(reverse("premises:audit-street"), answer(town, town.unit, "occupied", on=tomorrow), **SCRIPTED)
    assert response.status_code == 400
    assert "cannot be in the future" in json.loads(response.content)["message"]
    assert not town.unit.statuses.filter(since=tomorrow).exists()


def test_an_unknown_status_is_refused_and_nothing_is_written(client, town):
    client.force_login(town.users.manager)
    count = UnitStatus.objects.count()
    response = client.post(reverse("premises:audit-street"), answer(town, town.unit, "haunted"))
    assert response.status_code == 302
    assert "Not saved" in client.get(response["Location"]).content.decode()
    assert UnitStatus.objects.count() == count


def test_the_street_list_says_when_each_street_was_last_audited_and_by_whom(client, town):
    town.users.secretary.first_name, town.users.secretary.last_name = "Mojca", "Novak"
    town.users.secretary.save()
    audit_status_set(unit=town.unit, status="occupied", on=town.today - datetime.timedelta(days=40), by=town.users.manager)
    audit_status_set(unit=town.unit, status="occupied", on=town.today - datetime.timedelta(days=2), by=town.users.secretary)
    client.force_login(town.users.manager)
    html = client.get(reverse("premises:audit")).content.decode()
    assert "by Mojca Novak" in html
    assert "River Road" not in html  # another committee's street


def test_a_keeper_of_another_committee_cannot_set_this_committees_units(client, town):
    client.force_login(town.users.other_manager)
    response = client.post(reverse("premises:audit-street"), answer(town, town.unit, "occupied"), **SCRIPTED)
    assert response.status_code == 403
    assert not StreetAudit.objects.exists()


@pytest.mark.parametrize("role, status", [("mayor", 403), ("plain", 403), ("manager", 200), ("other_manager", 200)])
def test_the_audit_is_for_keepers_only(client, town, role, status):
    client.force_login(getattr(town.users, role))
    assert client.get(reverse("premises:audit")).status_code == status


def test_a_street_of_forty_units_is_drawn_in_a_bounded_number_of_queries(client, town, django_assert_max_num_queries):
    by = town.users.manager
    for number in range(40):
        unit = services.unit_create(by=by, committee=town.keeping, street="Long Street", number=str(number + 1), floor="ground",
                                    use_class="services", status="occupied", status_since=town.today - datetime.timedelta(days=90))
        services.status_record(unit=unit, status="vacant_marketed", since=town.today - datetime.timedelta(days=10), by=by)
    client.force_login(by)
    with django_assert_max_num_queries(12):
        html = client.get(street_page(town, street="Long Street")).content.decode()
    assert html.count('class="audit-unit') == 40
    with django_assert_max_num_queries(10):
        client.get(reverse("premises:audit"))


@pytest.mark.django_db(transaction=True)
def test_a_status_set_in_the_audit_tells_the_figures_computed_from_the_register(town):
    heard = []

    def listener(*, by=None):
        heard.append(by)

    changes.on_register_change(listener)
    try:
        audit_status_set(unit=town.unit, status="occupied", on=town.today, by=town.users.manager)
        audit_status_set(unit=town.unit, status="refurbishment", on=town.today, by=town.users.manager)
    finally:
        changes._callbacks.remove(listener)
    assert heard == [town.users.manager, town.users.manager]  # a new status, then that day's corrected


def test_a_mistaken_choice_taken_back_the_same_day_leaves_the_unit_as_it_was(client, town):
    before = town.unit.statuses.latest_first().first()  # vacant (marketed) since 30 days ago
    client.force_login(town.users.manager)
    client.post(reverse("premises:audit-street"), answer(town, town.unit, "occupied"), **SCRIPTED)
    response = client.post(reverse("premises:audit-street"), answer(town, town.unit, "vacant_marketed"), **SCRIPTED)
    assert json.loads(response.content)["status"] == "vacant_marketed"
    assert list(town.unit.statuses.latest_first().values_list("status", "since")) == [
        ("vacant_marketed", before.since), ("occupied", before.since - datetime.timedelta(days=370)),
    ]
    page = client.get(street_page(town)).content.decode()
    assert 'value="vacant_marketed" class="btn btn-sm btn-primary" aria-pressed="true"' in page

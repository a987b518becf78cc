"""The businesses as the public reads them: openings and closures per month counted by hand, the
directory at /businesses/, and the rules the occupancy services keep."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from committees.tests.factories import CommitteeFactory
from premises import services
from premises.businesses import openings_and_closures, safe_website, spells
from premises.tests.factories import UnitFactory

D = datetime.date
TODAY = D(2026, 6, 15)


def test_touching_and_overlapping_occupancies_make_one_spell_and_a_gap_makes_two():
    assert spells([(D(2026, 3, 1), None), (D(2025, 3, 1), D(2026, 2, 28))]) == [(D(2025, 3, 1), None)]
    assert spells([(D(2026, 1, 1), D(2026, 5, 31)), (D(2026, 5, 31), D(2026, 8, 1))]) == [(D(2026, 1, 1), D(2026, 8, 1))]
    assert spells([(D(2026, 2, 1), D(2026, 4, 30)), (D(2026, 5, 10), None)]) == [
        (D(2026, 2, 1), D(2026, 4, 30)), (D(2026, 5, 10), None)]
    assert spells([(D(2026, 1, 1), D(2026, 9, 1)), (D(2026, 2, 1), D(2026, 3, 1))]) == [(D(2026, 1, 1), D(2026, 9, 1))]


@pytest.fixture
def centre(make_user):
    """Businesses of a public committee opening, closing, moving and corrected over the first half of
    2026 (counted on 15 June 2026), and one of a non-public committee."""
    admin = make_user("admin", superuser=True)
    public = CommitteeFactory(name="Town Centre Committee", slug="town-centre")
    private = CommitteeFactory(name="Task Force", slug="task-force", is_public=False)
    units = [UnitFactory(committee=public, street="Main Street", number=str(number)) for number in range(1, 12)]

    def business(name, *occupancies, committee=public):
        created = services.business_create(by=admin, committee=committee, name=name, category="other")
        return [services.occupancy_start(business=created, unit=unit, since=since, until=until, by=admin)
                for unit, since, until in occupancies]

    business("Bakery", (units[0], D(2026, 1, 10), None))  # opens in January
    business("Books", (units[1], D(2025, 3, 1), D(2026, 2, 28)), (units[2], D(2026, 3, 1), None))  # moves: neither
    business("Café", (units[3], D(2025, 5, 1), D(2026, 3, 15)))  # closes in March
    business("Deli", (units[4], D(2026, 2, 1), D(2026, 4, 30)), (units[5], D(2026, 5, 10), None))  # opens, closes, opens
    [eatery] = business("Eatery", (units[6], D(2026, 2, 20), None))
    services.occupancy_update(occupancy=eatery, by=admin, expected_version=eatery.version, since=D(2026, 4, 5))  # corrected: April
    business("Florist", (units[7], D(2025, 1, 1), D(2026, 6, 30)))  # its last day is still to come
    business("Gallery", (units[8], D(2025, 1, 1), D(2026, 5, 31)), (units[9], D(2026, 5, 31), None))  # moves the same day
    business("Ironmonger", (units[10], D(2025, 6, 1), D(2026, 6, 14)))  # its last day was yesterday: closed in June
    business("Jeweller", (units[1], D(2026, 6, 20), None))  # opens after today: not yet
    private_unit = UnitFactory(committee=private, street="Hidden Lane", number="1")
    business("Kiosk", (private_unit, D(2026, 3, 1), None), committee=private)  # a non-public committee's
    return admin


@pytest.mark.django_db
def test_openings_and_closures_per_month_equal_a_hand_count(centre, django_assert_num_queries):
    with django_assert_num_queries(1):
        months = openings_and_closures(6, today=TODAY)
    assert [(month.start, month.openings, month.closures, month.change) for month in months] == [
        (D(2026, 1, 1), 1, 0, 1),   # Bakery
        (D(2026, 2, 1), 1, 0, 1),   # Deli (the Eatery's first date was corrected to April)
        (D(2026, 3, 1), 0, 1, -1),  # Café closes; Books moved; the Kiosk's committee is not public
        (D(2026, 4, 1), 1, 1, 0),   # Eatery opens; Deli closes
        (D(2026, 5, 1), 1, 0, 1),   # Deli opens again elsewhere; Gallery moved
        (D(2026, 6, 1), 0, 1, -1),  # Ironmonger's last day was yesterday; Florist and Jeweller are still to come
    ]


def test_months_run_across_a_new_year():
    months = openings_and_closures(3, today=D(2026, 2, 3), occupancies=[(1, D(2025, 12, 31), D(2026, 1, 1))])
    assert [(month.start, month.openings, month.closures) for month in months] == [
        (D(2025, 12, 1), 1, 0), (D(2026, 1, 1), 0, 1), (D(2026, 2, 1), 0, 0)]


def test_only_web_addresses_become_links():
    assert safe_website("https://lipa.example/menu") == "https://lipa.example/menu"
    assert safe_website("HTTP://lipa.example") == "HTTP://lipa.example"
    for unsafe in ("javascript:alert(1)", "data:text/html,hi", "ftp://lipa.example", "//lipa.example", "", None):
        assert safe_website(unsafe) == ""


# The services' rules -----------------------------------------------------------------------------

@pytest.fixture
def shop(make_user):
    admin = make_user("admin", superuser=True)
    committee = CommitteeFactory()
    unit = UnitFactory(committee=committee, street="Mill Lane", number="3")
    business = services.business_create(by=admin, committee=committee, name="Mlin", category="food_shop")
    return admin, committee, unit, business


@pytest.mark.django_db
def test_a_unit_is_refused_a_second_occupier_on_the_same_days(shop):
    admin, committee, unit, business = shop
    services.occupancy_start(business=business, unit=unit, since=D(2025, 1, 1), until=D(2025, 12, 31), by=admin)
    other = services.business_create(by=admin, committee=committee, name="Pekarna", category="food_shop")
    with pytest.raises(ValidationError) as refused:
        services.occupancy_start(business=other, unit=unit, since=D(2025, 12, 31), by=admin)
    assert "Mlin occupies this unit from" in refused.value.messages[0]
    following = services.occupancy_start(business=other, unit=unit, since=D(2026, 1, 1), by=admin)
    with pytest.raises(ValidationError):
        services.occupancy_start(business=business, unit=unit, since=D(2024, 1, 1), by=admin)  # runs on into both
    assert unit.occupancies.count() == 2 and following.pk


@pytest.mark.django_db
def test_an_end_before_the_start_and_a_unit_of_another_register_are_refused(shop):
    admin, _committee, unit, business = shop
    with pytest.raises(ValidationError) as refused:
        services.occupancy_start(business=business, unit=unit, since=D(2025, 5, 1), until=D(2025, 4, 30), by=admin)
    assert refused.value.messages == ["An occupancy cannot end before it starts."]
    with pytest.raises(ValidationError) as refused:
        services.occupancy_start(business=business, unit=UnitFactory(), since=D(2025, 5, 1), by=admin)
    assert refused.value.messages == ["Choose a unit of the register that keeps this business."]
    assert not business.occupancies.exists()


@pytest.mark.django_db
def test_a_correction_that_would_overlap_is_refused_and_changes_nothing(shop):
    admin, committee, unit, business = shop
    first = services.occupancy_start(business=business, unit=unit, since=D(2025, 1, 1), until=D(2025, 6, 30), by=admin)
    other = services.business_create(by=admin, committee=committee, name="Pekarna", category="food_shop")
    second = services.occupancy_start(business=other, unit=unit, since=D(2025, 7, 1), by=admin)
    with pytest.raises(ValidationError):
        services.occupancy_update(occupancy=first, by=admin, expected_version=first.version, until=D(2025, 7, 1))
    first.refresh_from_db()
    assert first.until == D(2025, 6, 30) and first.version == 1
    ended = services.occupancy_update(occupancy=second, by=admin, expected_version=second.version, until=D(2025, 9, 30))
    assert ended.until == D(2025, 9, 30) and ended.history.count() == 2


@pytest.mark.django_db
def test_neither_a_business_nor_a_unit_it_trades_in_moves_to_another_committee_alone(shop, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    admin, committee, unit, business = shop
    hidden = CommitteeFactory(name="Hidden", slug="hidden", is_public=False)
    hidden_unit = UnitFactory(committee=hidden, street="Secret Row", number="3")
    hidden_business = services.business_create(by=admin, committee=hidden, name="Hidden Bar", category="bar")
    services.occupancy_start(business=hidden_business, unit=hidden_unit, since=D(2025, 1, 1), by=admin)
    services.occupancy_start(business=business, unit=unit, since=D(2025, 1, 1), by=admin)
    with pytest.raises(ValidationError) as refused:  # a public committee's business, in the hidden register's unit
        services.business_update(business=hidden_business, by=admin, expected_version=hidden_business.version, committee=committee)
    assert "occupancies of units another committee keeps" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:  # the public committee's business, in a hidden register's unit
        services.unit_update(unit=unit, by=admin, expected_version=unit.version, committee=hidden)
    assert "Businesses kept by another committee have occupancies of this unit" in refused.value.messages[0]
    hidden_business.refresh_from_db(), unit.refresh_from_db()
    assert (hidden_business.committee, unit.committee) == (hidden, committee)
    assert "Secret Row" not in client.get(reverse("businesses:directory")).content.decode()
    moved = services.business_update(business=business, by=admin, expected_version=business.version,
                                     name="Mlin pri potoku")  # any other change is kept
    assert moved.name == "Mlin pri potoku"


# The public directory ----------------------------------------------------------------------------

@pytest.fixture
def directory(town):
    """On top of the register's `town`: businesses trading today, one that closed, one of a
    non-public committee, one in a unit whose address is not published."""
    by, today = town.users.superuser, town.today
    past = today - datetime.timedelta(days=200)

    def trading(name, category, unit, website="", since=past, until=None, committee=town.keeping):
        business = services.business_create(by=by, committee=committee, name=name, category=category, website=website)
        services.occupancy_start(business=business, unit=unit, since=since, until=until, by=by)
        return business

    unit = lambda **fields: UnitFactory(committee=fields.pop("committee", town.keeping), **fields)  # noqa: E731
    trading("Kavárna Lipa", "cafe_restaurant", town.unit, website="https://lipa.example")
    trading("Čevljar Novak", "personal_services", unit(street="Mill Lane", number="2"), website="ftp://novak.example/price-list")
    trading("Secret Tailor", "fashion", unit(street="Quiet Court", number="9", publish_address=False))
    trading("Closed Books", "books_leisure", unit(street="Mill Lane", number="5"), until=today - datetime.timedelta(days=1))
    hidden = CommitteeFactory(name="Hidden", slug="hidden", is_public=False)
    trading("Hidden Bar", "bar", unit(street="Mill Lane", number="7", committee=hidden), committee=hidden)
    return town


@pytest.mark.django_db
def test_the_directory_lists_the_businesses_trading_today_of_public_committees(client, directory):
    response = client.get(reverse("businesses:directory"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Kavárna Lipa" in page and "Čevljar Novak" in page and "Secret Tailor" in page
    assert "Closed Books" not in page and "Hidden Bar" not in page
    assert page.index("Café or restaurant") < page.index("Kavárna Lipa") < page.index("Personal services") < page.index("Čevljar Novak")
    assert "Main Street 4" in page and "Mill Lane 2" in page
    assert "Quiet Court" not in page and "address not published" in page  # the owner has not agreed


@pytest.mark.django_db
def test_only_a_web_address_becomes_a_link_and_it_asks_for_no_opener_nor_follow(client, directory):
    page = client.get(reverse("businesses:directory")).content.decode()
    assert '<a href="https://lipa.example" rel="noopener nofollow"' in page
    assert 'href="ftp://' not in page  # stored (an import could), never a link


@pytest.mark.django_db
@pytest.mark.parametrize("typed, found", [
    ("kavarna", ["Kavárna Lipa"]), ("KAVÁRNA lipa", ["Kavárna Lipa"]), ("cevljar", ["Čevljar Novak"]),
    ("lipa novak", []), ("closed", []),
])
def test_the_directory_finds_a_business_by_its_name_ignoring_accents(client, directory, typed, found):
    response = client.get(reverse("businesses:directory"), {"q": typed})
    assert [entry.business.name for _heading, entries in response.context["groups"] for entry in entries] == found
    assert response.context["filter_form"]["q"].value() == typed  # what was typed stays in the box


@pytest.mark.django_db
def test_the_directory_groups_by_street_and_never_names_an_unpublished_street(client, directory):
    response = client.get(reverse("businesses:directory"), {"group": "street"})
    groups = [(heading, [entry.business.name for entry in entries]) for heading, entries in response.context["groups"]]
    assert groups == [("Main Street", ["Kavárna Lipa"]), ("Mill Lane", ["Čevljar Novak"]), ("", ["Secret Tailor"])]
    assert [value for value, _label in response.context["filter_form"].fields["street"].choices] == ["", "Main Street", "Mill Lane"]
    assert "Quiet Court" not in response.content.decode()


@pytest.mark.django_db
def test_the_directory_filters_by_category_and_street_and_says_when_a_choice_is_not_offered(client, directory):
    url = reverse("businesses:directory")

    def names(query):
        response = client.get(url, query)
        return response, [entry.business.name for _heading, entries in response.context["groups"] for entry in entries]

    assert names({"category": "fashion"})[1] == ["Secret Tailor"]
    assert names({"street": "Mill Lane"})[1] == ["Čevljar Novak"]
    response, shown = names({"street": "Quiet Court"})
    assert response.context["filter_form"].errors and response["Cache-Control"] == "no-store"
    assert len(shown) == 3  # nothing narrowed by a street the form does not offer


@pytest.mark.django_db
def test_the_directory_asks_few_queries_with_a_hundred_businesses(client, town, django_assert_max_num_queries):
    by = town.users.superuser
    for number in range(100):
        unit = UnitFactory(committee=town.keeping, street=f"Street {number % 6}", number=str(number + 10))
        business = services.business_create(by=by, committee=town.keeping, name=f"Shop {number}", category="fashion",
                                            website=f"https://shop{number}.example")
        services.occupancy_start(business=business, unit=unit, since=D(2024, 1, 1) + datetime.timedelta(days=number * 5), by=by)
    for group in ("category", "street"):
        with django_assert_max_num_queries(8):
            response = client.get(reverse("businesses:directory"), {"group": group})
        assert response.context["count"] == 100

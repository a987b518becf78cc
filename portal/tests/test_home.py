"""The public front page: what is happening now, only public data, friendly when empty, bounded queries."""
import pytest
from django.urls import reverse

from portal.tests.conftest import make_programme

pytestmark = pytest.mark.django_db


def test_front_page_shows_what_is_happening_in_the_centre(client, town):
    content = client.get(reverse("portal:home")).content.decode()
    assert "Pop-up shops" in content and "Featured" in content  # featured initiative
    assert "Night market" in content  # recently updated
    assert "Vision of the centre" in content and "Take part" in content
    assert reverse("surveys:detail", args=["vision-of-the-centre"]) in content
    assert "Summer market planning" in content  # upcoming public meeting
    assert "Vacancy rate" in content and "better than a year before" in content
    assert "Appoint a town-centre manager" in content  # latest recommendation


def test_residents_never_see_non_public_data_on_the_front_page(client, town):
    content = client.get(reverse("portal:home")).content.decode()
    for hidden in (
        "Secret parking deal",  # non-public initiative
        "Closed garage talks",  # meeting of a non-public committee
        "Secret garage recommendation",  # recommendation of a non-public committee
        "Draft idea for kiosks",  # draft recommendation
        "Unfinished draft",  # unpublished survey
        "Parking habits",  # closed survey: no call to take part
    ):
        assert hidden not in content


def test_an_empty_front_page_is_friendly(client, db):
    content = client.get(reverse("portal:home")).content.decode()
    assert "No survey is open right now." in content
    assert "The first initiatives are being prepared" in content
    assert "No meetings are scheduled at the moment." in content
    assert "The town-centre indicators will be published" in content
    assert "have not published any recommendation yet" in content


def test_front_page_queries_do_not_grow_with_the_town(client, town, django_assert_max_num_queries):
    make_programme(town.marketing, 20)
    with django_assert_max_num_queries(7):  # 6 + the content version of the page cache
        response = client.get(reverse("portal:home"))
    assert "Extra initiative" in response.content.decode()

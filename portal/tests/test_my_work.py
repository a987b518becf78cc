"""The staff start page: my committees, my initiatives with overdue items, my surveys, drafts."""
import pytest
from django.urls import reverse

from portal.tests.conftest import make_programme

pytestmark = pytest.mark.django_db


def test_a_manager_sees_committees_initiatives_with_overdue_items_surveys_and_drafts(client, town):
    client.force_login(town.users["manager"])
    content = client.get(reverse("portal:my-work")).content.decode()
    assert "City Marketing Committee" in content and "chair" in content
    assert "Pop-up shops" in content and "Open the third shop" in content
    assert "Night market" in content  # an idea of the manager's committee
    assert "Square benches" not in content  # completed: no work left
    assert "Secret parking deal" not in content  # another committee's
    assert "Vision of the centre" in content and "Market stalls" in content
    assert "Survey, not published yet:" in content and "Unfinished draft" in content
    assert "Draft recommendation:" in content and "Draft idea for kiosks" in content


def test_signing_in_lands_on_my_work_and_a_mayor_finds_the_summary_there(client, town):
    response = client.post(
        reverse("login"), {"username": "mayor", "password": "a-long-test-password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:my-work")
    assert reverse("portal:summary") in response.content.decode()
    assert "You are not a current member of any committee." in response.content.decode()


def test_a_user_without_a_role_sees_no_summary_link_and_empty_states(client, town):
    client.force_login(town.users["member"])
    content = client.get(reverse("portal:my-work")).content.decode()
    assert 'href="/summary/"' not in content
    assert "Nothing is waiting in drafts." in content


def test_my_work_queries_do_not_grow_with_the_work(client, town, django_assert_max_num_queries):
    make_programme(town.marketing, 15)
    client.force_login(town.users["manager"])
    with django_assert_max_num_queries(10):
        content = client.get(reverse("portal:my-work")).content.decode()
    assert "Extra initiative 14" in content

"""The owners', landlords' and letting agents' contacts of the premises register are seen only by the
keepers of the unit's committee: a marker in a contact's name, firm, e-mail and phone never reaches
anyone else, on any URL of the permission table (public pages, exports, the mayor's summary and
its downloads, staff pages), in the searches, or in a unit's page and history shown to non-keepers."""
import pytest
from django.urls import reverse

from portal.tests.security.pages import PAGES
from premises.contacts import contact_add

pytestmark = pytest.mark.django_db

MARKER = "contactmarker"
NOT_KEEPERS_OF_A = ("anonymous", "plain", "mayor", "manager_b", "secretary_b")


@pytest.fixture
def marked_contact(world):
    unit = world.premises.unit_a
    return contact_add(unit=unit, by=None, role="letting_agent", full_name=f"Jana {MARKER.title()}",
                       organisation=f"{MARKER.title()} Lettings", email=f"{MARKER}@private.example.org",
                       phone=f"+386 1 {MARKER}")


def body_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace").lower()


def urls_to_read(world):
    urls = [page.url(world) for page in PAGES]
    # Searches for the contact's other words (a search page repeats what was searched for, so not the marker).
    urls += [reverse("portal:search") + f"?q={word}" for word in ("Jana", "Lettings", "private.example.org", "386")]
    urls += [world.premises.unit_a.get_absolute_url() + "?q=Jana"]
    return urls


@pytest.mark.parametrize("role", NOT_KEEPERS_OF_A)
def test_no_page_or_export_shows_a_contact_to_anyone_but_its_keepers(world, role_clients, marked_contact, role):
    client = role_clients[role]
    leaked = []
    for url in urls_to_read(world):
        response = client.get(url)
        if response.status_code == 200 and MARKER in body_of(response):
            leaked.append(url)
    assert leaked == []


def test_the_keepers_of_the_units_committee_do_see_the_contact(world, role_clients, marked_contact):
    for role in ("manager_a", "secretary_a", "superuser"):
        html = body_of(role_clients[role].get(world.premises.unit_a.get_absolute_url()))
        assert f"{MARKER}@private.example.org" in html and f"+386 1 {MARKER}" in html and f"{MARKER} lettings" in html

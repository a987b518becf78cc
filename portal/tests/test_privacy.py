"""The public privacy page: what is stored about residents and what the public can see, in each
of the portal's languages, with the figures the portal really uses."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HEADINGS = {
    "en": ("Privacy: what we keep and what we show", "never the minute or the second"),
    "sl": ("Zasebnost: kaj hranimo in kaj objavimo", "nikoli na minuto ali sekundo"),
    "pl": ("Prywatność: co przechowujemy i co pokazujemy", "nigdy co do minuty czy sekundy"),
    "fa": ("حریم خصوصی: چه چیزی نگه می‌داریم و چه چیزی نشان می‌دهیم", "هرگز دقیقه یا ثانیهٔ آن را"),
}


@pytest.mark.parametrize("language", HEADINGS)
def test_the_privacy_page_speaks_every_language_of_the_portal(client, language):
    html = client.get(reverse("portal:privacy"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    heading, hour_rule = HEADINGS[language]
    assert f"<h1>{heading}</h1>" in html and hour_rule in html
    assert f'lang="{language}"' in html


def test_the_privacy_page_states_the_minimum_group_the_lockout_and_the_contact(client, settings):
    settings.PORTAL_MIN_GROUP_SIZE = 7
    settings.PORTAL_PRIVACY_CONTACT = "privacy@riverbend.example.org"
    html = client.get(reverse("portal:privacy")).content.decode()
    assert "Never the figures of a group of fewer than 7 residents." in html
    assert f"After {settings.AXES_FAILURE_LIMIT} failed attempts" in html
    assert "Write to privacy@riverbend.example.org." in html
    assert "IP address" in html and "invitation code" in html


def test_without_a_contact_the_privacy_page_sends_people_to_the_town_centre_manager(client, settings):
    settings.PORTAL_PRIVACY_CONTACT = ""
    html = client.get(reverse("portal:privacy")).content.decode()
    assert "Ask the town-centre manager at the municipality" in html

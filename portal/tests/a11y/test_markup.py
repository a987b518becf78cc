"""The markup every page shares: wide tables scroll in a box the keyboard reaches and that has a
name, <time datetime> carries no microseconds, the 500 page speaks the reader's language and
direction, each page has a meta description, and the accessibility statement is linked from every
page's footer in each language."""
import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

STATEMENT = {
    "en": ("Accessibility statement", "WCAG"),
    "sl": ("Izjava o dostopnosti", "WCAG"),
    "pl": ("Deklaracja dostępności", "WCAG"),
    "fa": ("بیانیهٔ دسترس‌پذیری", "WCAG"),
}


def render(source, **context):
    return Template("{% load accessibility %}" + source).render(Context(context))


def test_a_scroll_box_is_reached_by_the_keyboard_and_named_by_the_tables_caption():
    html = render("{% scroll_box %}<table><caption>Budget &amp; <b>spending</b></caption></table>{% end_scroll_box %}")
    assert html.startswith('<div class="table-responsive" tabindex="0" role="group" aria-label="Budget &amp; spending">')
    assert html.endswith("</table></div>")


def test_a_scroll_box_is_named_by_the_heading_the_table_points_to_or_by_what_the_template_says():
    described = render('{% scroll_box %}<table class="table" aria-describedby="budget-heading"></table>{% end_scroll_box %}')
    assert 'aria-labelledby="budget-heading"' in described
    labelled = render('{% scroll_box labelledby="my-heading" %}<table></table>{% end_scroll_box %}')
    assert 'role="group" aria-labelledby="my-heading"' in labelled
    with translation.override("sl"):
        named = render('{% scroll_box label=_("Recommendations") %}<table></table>{% end_scroll_box %}')
    assert 'aria-label="Priporočila"' in named


def test_a_scroll_box_without_a_name_is_refused():
    with pytest.raises(TemplateSyntaxError):
        render("{% scroll_box %}<table></table>{% end_scroll_box %}")


def test_the_history_of_an_initiative_gives_its_moments_without_microseconds(client, make_user):
    from initiatives.tests.factories import InitiativeFactory

    initiative = InitiativeFactory(title="Pop-up shops in vacant premises")
    client.force_login(make_user("admin", superuser=True))
    html = client.get(reverse("initiatives:history", args=[initiative.slug])).content.decode()
    moments = re.findall(r'<time datetime="([^"]+)"', html)
    assert moments
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", moment) for moment in moments), moments


@pytest.mark.parametrize("language,direction", [("en", "ltr"), ("fa", "rtl"), ("pl", "ltr")])
def test_the_500_page_speaks_the_readers_language_and_direction(client, settings, language, direction):
    settings.ROOT_URLCONF = "portal.tests.urls_failing"
    settings.DEBUG = False
    client.raise_request_exception = False
    html = client.get("/broken/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert '<meta name="description" content="' in html


@pytest.mark.parametrize("language", STATEMENT)
def test_the_accessibility_statement_is_linked_from_the_footer_in_every_language(client, language):
    home = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    footer = home[home.index("<footer"):]
    heading, standard = STATEMENT[language]
    assert f'<a href="{reverse("portal:accessibility")}">{heading}</a>' in footer
    page = client.get(reverse("portal:accessibility"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"<h1>{heading}</h1>" in page and standard in page and "301 549" in page and "2016/2102" in page
    assert '<time datetime="2026-12-06">' in page


def test_the_statement_gives_the_contact_for_reporting_a_barrier(client, settings):
    settings.PORTAL_ACCESSIBILITY_CONTACT = "access@riverbend.example.org"
    assert "Write to access@riverbend.example.org." in client.get(reverse("portal:accessibility")).content.decode()


def test_without_a_contact_the_statement_sends_people_to_the_town_centre_manager(client, settings):
    settings.PORTAL_ACCESSIBILITY_CONTACT = ""
    assert "Ask the town-centre manager" in client.get(reverse("portal:accessibility")).content.decode()


def test_each_page_has_a_meta_description_of_its_own_or_the_portals(client):
    descriptions = {}
    for name in ("portal:home", "portal:privacy", "portal:accessibility", "initiatives:list", "surveys:list"):
        html = client.get(reverse(name)).content.decode()
        descriptions[name] = re.search(r'<meta name="description" content="([^"]+)">', html).group(1)
    assert "town-centre revitalisation programme" in descriptions["portal:home"]
    assert len(set(descriptions.values())) == len(descriptions)


def test_the_statement_s_date_is_in_the_persian_calendar_and_digits_on_the_persian_page(client):
    html = client.get(reverse("portal:accessibility"), HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    translation.activate("en")
    written = re.search(r'<time datetime="\d{4}-\d\d-\d\d">([^<]+)</time>', html).group(1)
    assert not re.search(r"[0-9]", written) and "۱۴۰" in written, written
